"""The charters' spreadsheet format: one table per file (CSV) or sheet (XLSX), with the column
names of the open-data CSVs and one column per language for translated text."""

from __future__ import annotations

from app.core.table_format import Format
from app.core.tabular import FileSpec

# A version's texts: required once it is published (a draft may leave them empty) ...
VERSION_TEXTS = (
    "purpose",
    "rights",
    "obligations",
    "participation_channels",
    "compensation_measures",
    "responsible_unit",
)
# ... and those a version may do without (stored as nothing when empty).
OPTIONAL_VERSION_TEXTS: tuple[str, ...] = ("complaint_procedure",)
# Where a row of each table belongs: the keys of its parents.
VERSION_KEY = ("charter", "version")
INDICATOR_KEY = (*VERSION_KEY, "commitment")

FILES = {
    spec.name: spec
    for spec in (
        FileSpec("charters.csv", ("slug", "dependency", "services"), ("title",), key=("slug",)),
        FileSpec(
            "charter_versions.csv",
            (
                "charter",
                "number",
                "status",
                "valid_from",
                "valid_until",
                "published_on",
                "certifier",
                "certified_on",
                "certification_expires",
            ),
            (),
            VERSION_TEXTS + OPTIONAL_VERSION_TEXTS,
            key=("charter", "number"),
        ),
        FileSpec(
            "commitments.csv", (*VERSION_KEY, "position"), ("text",), key=(*VERSION_KEY, "position")
        ),
        FileSpec(
            "indicators.csv",
            (
                *INDICATOR_KEY,
                "position",
                "standard",
                "kind",
                "threshold",
                "threshold_unit",
                "target",
                "comparator",
                "unit",
                "periodicity",
                "source",
                "baseline",
            ),
            ("name", "numerator"),
            ("denominator",),
            key=(*INDICATOR_KEY, "position"),
        ),
        FileSpec(
            "indicator_revisions.csv",
            (
                *INDICATOR_KEY,
                "indicator",
                "starts",
                "threshold",
                "threshold_unit",
                "target",
                "comparator",
            ),
            ("numerator", "note"),
            ("denominator",),
            key=(*INDICATOR_KEY, "indicator", "starts"),
        ),
    )
}

CHARTERS = Format("charters", FILES)
read_folder = CHARTERS.read_folder
read_source = CHARTERS.read_source
