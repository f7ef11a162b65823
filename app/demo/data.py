"""The demo institution: a municipality modelled on Metepec, Estado de México.

Everything here is invented for demonstration (offices, phone numbers, e-mail addresses,
article numbers, amounts and results), though it follows the shape of a real municipal catalog
and of the Metepec practice in ``seeds/001``.

The catalog (dependencies, topics, offices, services) and the charters (their versions,
commitments and indicators) are data in the import formats, in ``catalog/`` and ``charters/``
next to this file (``flask catalog import`` and ``flask charters import`` read them;
docs/catalog-format.md, docs/charter-format.md). What stays here is what simulates activity:
how many people each charter attends, which quarters are measured and reported, how often
targets are met, and the institution's identity.
"""

from __future__ import annotations

from datetime import date

from app.charters.models import Source, StandardIndicator
from app.core.types import Period

# --- Simulated activity -------------------------------------------------------------------------

# People (or requests) each charter's services attend in a typical quarter, from which the demo
# simulates its measurements, feedback and surveys; in the order they are simulated.
VOLUMES = {
    "asesorias-y-orientacion-juridica": 210,
    "terapia-psicologica": 150,
    "clase-taller-de-autoempleo": 260,
    "impuesto-predial": 9000,
    "constancias-catastrales": 1100,
    "levantamiento-topografico-catastral": 90,
    "licencia-de-construccion": 240,
    "alineamiento-y-numero-oficial": 310,
    "actas-del-registro-civil": 4200,
    "matrimonio-civil": 170,
    "constancias-de-vecindad-e-identidad": 900,
    "rehabilitacion-fisica": 1500,
    "alumbrado-publico": 800,
    "contratos-de-agua": 700,
    "fugas-y-desazolve": 1300,
    "licencia-de-funcionamiento": 600,
    "dictamen-de-proteccion-civil": 260,
    "poda-y-derribo-de-arboles": 150,
}
# The share of that volume an indicator counts in a quarter (surveys answered, waits timed,
# complaints received…): for the standard indicators by kind; a charter's own indicator counts
# the whole volume unless listed here by charter and commitment position.
STANDARD_SAMPLES = {
    StandardIndicator.SATISFACTION: 0.3,
    StandardIndicator.WAITING_TIME: 0.25,
    StandardIndicator.ATTENTION_TIME: 0.25,
    StandardIndicator.REQUEST_RESPONSE: 1.0,
    StandardIndicator.FEEDBACK_RESPONSE: 0.03,
}
SAMPLES = {
    ("asesorias-y-orientacion-juridica", 6): 0.9,
    ("terapia-psicologica", 6): 0.35,
    ("clase-taller-de-autoempleo", 6): 0.8,
    ("licencia-de-construccion", 6): 0.3,
    ("actas-del-registro-civil", 6): 0.5,
    ("rehabilitacion-fisica", 6): 0.05,
    ("alumbrado-publico", 6): 0.6,
    ("contratos-de-agua", 6): 0.4,
    ("fugas-y-desazolve", 6): 0.7,
}
# Visits a mystery shopper makes in a quarter, whatever the volume.
VISITS = {Source.MYSTERY_SHOPPER: 6}
# The first day of the published versions: feedback and surveys are simulated from then on.
ACTIVITY_SINCE = date(2025, 1, 1)

# Quarters measured for published versions and for the archived versions they replaced.
PUBLISHED_PERIODS = [
    Period(2025, "T", 4),
    Period(2026, "T", 1),
    Period(2026, "T", 2),
    Period(2026, "T", 3),
]
ARCHIVED_PERIODS = [
    Period(2024, "T", 1),
    Period(2024, "T", 2),
    Period(2024, "T", 3),
    Period(2024, "T", 4),
]
# Quarters whose reports the demo publishes, after an improvement action for each unmet result.
REPORTED_PERIODS = [Period(2026, "T", 2), Period(2026, "T", 3)]
IMPROVEMENT = dict(
    cause="Análisis del comité de calidad: la demanda del trimestre superó la plantilla de "
    "personal disponible en las horas de mayor afluencia.",
    action="Reforzar la atención con una persona más en ventanilla en las horas pico y revisar "
    "el resultado en el siguiente trimestre.",
    responsible="Comité de calidad de la dependencia",
)
# Chance that an indicator meets its target in each of those quarters: services improve.
MET_RATE = [0.66, 0.73, 0.79, 0.84]
# Chance that a quarter has no data at all (a survey or a visit that did not happen).
NO_DATA_RATE = 0.03
SEED = 2026

# The demo institution's identity and contacts (``flask seed-demo`` saves them as staff would at
# /admin/institucion). Addresses and numbers are invented; the domain is reserved for examples.
INSTITUTION = {
    "name": {
        "es": "Municipio de Metepec (demostración)",
        "en": "Municipality of Metepec (demonstration)",
    },
    "short_name": {"es": "Metepec"},
    "address": "Palacio Municipal, Metepec, Estado de México (dirección de demostración)",
    "email": "contacto@metepec.example.org",
    "phone": "722 000 0000",
    "privacy_controller": "Unidad de Transparencia del Municipio de Metepec (demostración)",
    "privacy_email": "transparencia@metepec.example.org",
    "privacy_phone": "722 000 0001",
    "accessibility_email": "accesibilidad@metepec.example.org",
    "accessibility_phone": "722 000 0002",
    "channels": [
        {"label": "Facebook", "url": "https://facebook.example.org/metepec"},
        {"label": "WhatsApp", "url": "https://wa.example.org/527220000000"},
    ],
    "escalation": {
        "es": "El Órgano Interno de Control del Municipio de Metepec (demostración): "
        "contraloria@metepec.example.org o 722 000 0003.",
        "en": "The Internal Control Body of the Municipality of Metepec (demonstration): "
        "contraloria@metepec.example.org or 722 000 0003.",
    },
    "logo_alt": {
        "es": "Logotipo de demostración del Municipio de Metepec",
        "en": "Demonstration logo of the Municipality of Metepec",
    },
}
INSTITUTION_LOGO = "logo.svg"  # next to this file
