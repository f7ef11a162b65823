"""The charters as the tables of their format: importing them gives the same charters, and
exporting again gives the same bytes (rows in the order of their keys).

Every version is exported, drafts included: the files are the institution's own content, not
the open data (which publishes only public versions)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.charters.exchange.format import CHARTERS, FILES, OPTIONAL_VERSION_TEXTS, VERSION_TEXTS
from app.charters.models import Charter, CharterVersion, Commitment, Indicator
from app.core.i18n import SOURCE_LANGUAGE
from app.core.tabular import LANGUAGE_CODES, LIST_SEPARATOR, format_number, plain, translated
from app.extensions import db


def _value(member) -> str:
    return "" if member is None else member.value


def _day(value) -> str:
    return "" if value is None else value.isoformat()


def charter_row(charter) -> dict:
    return {
        "slug": charter.slug,
        "dependency": charter.dependency.slug,
        "services": LIST_SEPARATOR.join(sorted(s.slug for s in charter.services)),
        **translated("title", charter.title),
    }


def version_row(slug: str, version) -> dict:
    row = {
        "charter": slug,
        "number": str(version.number),
        "status": _value(version.status),
        "valid_from": _day(version.valid_from),
        "valid_until": _day(version.valid_until),
        "published_on": _day(version.published_on),
        "certifier": plain(version.certifier),
        "certified_on": _day(version.certified_on),
        "certification_expires": _day(version.certification_expires),
    }
    for name in VERSION_TEXTS + OPTIONAL_VERSION_TEXTS:
        row |= translated(name, getattr(version, name))
    return row


def commitment_rows(slug: str, version) -> list[dict]:
    key = {"charter": slug, "version": str(version.number)}
    return [
        {**key, "position": str(c.position), **translated("text", c.text)}
        for c in version.commitments
    ]


def _definition(definition) -> dict:
    """The columns an indicator and its revisions share."""
    return {
        "threshold": format_number(definition.threshold),
        "threshold_unit": _value(definition.threshold_unit),
        "target": format_number(definition.target),
        "comparator": _value(definition.comparator),
        **translated("numerator", definition.numerator),
        **translated("denominator", definition.denominator),
    }


def _place(slug: str, version, commitment) -> dict:
    """The columns that say which commitment of which version a row belongs to."""
    return {"charter": slug, "version": str(version.number), "commitment": str(commitment.position)}


def indicator_rows(slug: str, version) -> list[dict]:
    return [
        {
            **_place(slug, version, commitment),
            "position": str(indicator.position),
            "standard": _value(indicator.standard),
            "kind": _value(indicator.kind),
            "unit": _value(indicator.unit),
            "periodicity": _value(indicator.periodicity),
            "source": _value(indicator.source),
            "baseline": format_number(indicator.baseline),
            **translated("name", indicator.name),
            **_definition(indicator),
        }
        for commitment in version.commitments
        for indicator in commitment.indicators
    ]


def revision_rows(slug: str, version) -> list[dict]:
    return [
        {
            **_place(slug, version, commitment),
            "indicator": str(indicator.position),
            "starts": str(revision.starts),
            **_definition(revision),
            **translated("note", revision.note),
        }
        for commitment in version.commitments
        for indicator in commitment.indicators
        for revision in indicator.revisions
    ]


def snapshot(slug: str, version) -> tuple:
    """Everything the files say about a version, as the export writes it."""
    return (
        version_row(slug, version),
        commitment_rows(slug, version),
        indicator_rows(slug, version),
        revision_rows(slug, version),
    )


def source_snapshot(slug: str, version) -> tuple:
    """``snapshot`` without the translations: what a published version never changes (its
    Spanish text and its structure), whereas its translations are still written."""
    endings = tuple(f"_{code}" for code in LANGUAGE_CODES if code != SOURCE_LANGUAGE)

    def source(row: dict) -> dict:
        return {name: value for name, value in row.items() if not name.endswith(endings)}

    row, *children = snapshot(slug, version)
    return (source(row), *([source(r) for r in rows] for rows in children))


def stored_charters() -> list[Charter]:
    """Every charter with everything the format holds, by slug."""
    return list(
        db.session.scalars(
            select(Charter)
            .options(
                selectinload(Charter.dependency),
                selectinload(Charter.services),
                selectinload(Charter.versions)
                .selectinload(CharterVersion.commitments)
                .selectinload(Commitment.indicators)
                .selectinload(Indicator.revisions),
            )
            .order_by(Charter.slug)
        )
    )


def export_tables(names=FILES) -> dict[str, tuple[list[str], list[dict]]]:
    """The tables of the format (every one, or those ``names``): ``{file name: (header,
    rows)}``."""
    charters = stored_charters()
    versions = [(c.slug, v) for c in charters for v in c.versions]
    rows = {
        "charters.csv": [charter_row(c) for c in charters],
        "charter_versions.csv": [version_row(s, v) for s, v in versions],
        "commitments.csv": [r for s, v in versions for r in commitment_rows(s, v)],
        "indicators.csv": [r for s, v in versions for r in indicator_rows(s, v)],
        "indicator_revisions.csv": [r for s, v in versions for r in revision_rows(s, v)],
    }
    return {name: (FILES[name].header, rows[name]) for name in FILES if name in names}


def export_folder(directory: Path) -> list[Path]:
    """Write the charters' CSV files into ``directory`` (created if needed); their paths."""
    return CHARTERS.export_folder(export_tables(), directory)


def export_workbook(path: Path) -> Path:
    """Write the charters as an XLSX workbook, one sheet per table."""
    return CHARTERS.export_workbook(export_tables(), path)
