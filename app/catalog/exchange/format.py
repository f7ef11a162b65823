"""The catalog's spreadsheet format: one table per file (CSV) or sheet (XLSX), with the column
names of the open-data CSVs and one column per language for translated text."""

from __future__ import annotations

from app.core.table_format import Format
from app.core.tabular import FALSE, LIST_SEPARATOR, TRUE, FileSpec, Tables

__all__ = ["FALSE", "FILES", "LIST_SEPARATOR", "RECORDINGS", "TRUE", "Tables"]

# The folder beside the CSV files (or the workbook) that holds the recordings' audio files.
RECORDINGS = "recordings"

# Written by the export; a file without it leaves what is stored retired or offered as it is.
RETIRED_ON = ("retired_on",)
# How rows are matched with stored ones; a service's rows by position, as everywhere else.
SLUG = ("slug",)
POSITION = ("service", "position")

FILES = {
    spec.name: spec
    for spec in (
        FileSpec(
            "dependencies.csv", ("slug", "acronym", "parent"), ("name",), (), RETIRED_ON, SLUG
        ),
        FileSpec("topics.csv", ("slug",), ("name",), (), RETIRED_ON, SLUG),
        FileSpec(
            "offices.csv",
            ("dependency", "address", "phone", "email", "latitude", "longitude"),
            ("name", "hours"),
            ("accessibility",),
            RETIRED_ON,
            ("dependency", "name_es"),
        ),
        FileSpec(
            "services.csv",
            (
                "slug",
                "code",
                "kind",
                "modality",
                "online_url",
                "response_days",
                "silence",
                "cost_amount",
                "dependency",
                "topic",
                "languages",
                "keywords",
                "updated_on",
                "request_type",
                "applicant_type",
                "prevention_days",
                "prevention_answer_days",
                "appointment_required",
                "contact_name",
                "contact_phone",
                "contact_email",
            ),
            ("name", "description", "applicants", "legal_basis"),
            (
                "cases",
                "cost_basis",
                "result",
                "validity",
                "payment",
                "criteria",
                "appointment",
                "contact_position",
                "easy_reading",
            ),
            (*RETIRED_ON, "replaced_by"),  # the service a retired one's page sends people to
            SLUG,
        ),
        FileSpec("service_steps.csv", ("service", "position"), ("text",), key=POSITION),
        FileSpec(
            "service_requirements.csv",
            ("service", "position", "original", "copies", "produced_by"),
            ("name",),
            ("notes", "issuer"),
            key=POSITION,
        ),
        FileSpec(
            "service_inspections.csv",
            ("service", "position"),
            ("subject", "purpose"),
            key=POSITION,
        ),
        FileSpec(
            "service_forms.csv",
            ("service", "position", "url", "published_on"),
            ("name",),
            key=POSITION,
        ),
        FileSpec("service_offices.csv", ("service", "dependency", "office")),
        # A transcript is in the language of its recording: one column, not one per language.
        FileSpec(
            "service_recordings.csv",
            (
                "service",
                "part",
                "language",
                "content_type",
                "seconds",
                "file",
                "sha256",
                "transcript",
            ),
        ),
    )
}


CATALOG = Format("catalog", FILES)
read_folder = CATALOG.read_folder
read_source = CATALOG.read_source
read_workbook = CATALOG.read_workbook
write_workbook = CATALOG.write_workbook
