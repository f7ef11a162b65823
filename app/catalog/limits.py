"""How long each text of the catalog may be, and how many copies a requirement may ask for:
the same in the workspace's forms and in imported files. A value an import took that the form
then refused could not be edited in the product without rewriting it first."""

DEPENDENCY_NAME = 300
TOPIC_NAME = 200
OFFICE_NAME = 300
OFFICE_HOURS = 500
OFFICE_ADDRESS = 500
OFFICE_ACCESSIBILITY = 1000
STEP_TEXT = 1000
INSPECTION_TEXT = 500
REQUIREMENT_NAME = 500
REQUIREMENT_NOTES = 1000
REQUIREMENT_ISSUER = 300
REQUIREMENT_COPIES = 20
FORMAT_NAME = 300
CONTACT_NAME = 200

# A service's translated texts, by the attribute each one fills.
SERVICE_TEXTS = {
    "name": 300,
    "description": 4000,
    "easy_reading": 1000,
    "applicants": 2000,
    "cases": 2000,
    "cost_basis": 2000,
    "result": 2000,
    "validity": 1000,
    "legal_basis": 4000,
    "payment": 2000,
    "criteria": 4000,
    "appointment": 1000,
    "contact_position": 300,
}
