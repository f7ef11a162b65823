"""Results as open data: the measurements of the indicators and the published reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.api.registry import Field, Filter, Resource, choice_filter, parse_integer
from app.api.services.shared import (
    ID_SCHEMA,
    PERIOD_SCHEMA,
    PLACEMENT_FIELDS,
    charter_filter,
    enum_values,
    in_force_numbers,
    in_public_versions,
    parse_period,
    placement,
)
from app.charters.models import CharterVersion, Commitment, Comparator, Indicator, Source, Unit
from app.indicators.models import Measurement, MeasurementStatus, Report

# --- Measurements ------------------------------------------------------------------------------


def measurement_rows(measurements: Iterable[Measurement]) -> Iterator[dict]:
    """Results of indicators per period (aggregates only), as plain dicts."""
    measurements = list(measurements)
    numbers = in_force_numbers(m.indicator.commitment.version for m in measurements)
    for measurement in measurements:
        indicator = measurement.indicator
        definition = indicator.in_force(measurement.period)
        yield {
            "id": measurement.id,
            "indicator_id": measurement.indicator_id,
            "commitment_id": indicator.commitment_id,
            **placement(indicator.commitment.version, numbers),
            "period": measurement.period,
            "numerator": measurement.numerator,
            "denominator": measurement.denominator,
            "value": measurement.value,
            "mean": measurement.mean,
            "pending": measurement.pending,
            "status": measurement.status.value,
            "source": measurement.source.value,
            "target": definition.target,
            "comparator": definition.comparator.value,
            "unit": indicator.unit.value,
            "recorded_at": measurement.recorded_at,
            "note": measurement.note,
        }


MEASUREMENTS = Resource(
    name="measurements",
    schema_name="Measurement",
    title="Measurement",
    description="Results of the indicators of public charter versions, one per indicator "
    "and period: aggregate figures only, judged against the target in force in that period.",
    fields=(
        Field("id", "integer", "Identifier."),
        Field("indicator_id", "integer", "Identifier of the indicator."),
        Field("commitment_id", "integer", "Identifier of the commitment."),
        *PLACEMENT_FIELDS,
        Field("period", "period", "Period measured."),
        Field("numerator", "decimal", "Numerator (cases within, or a sum).", nullable=True),
        Field("denominator", "decimal", "Denominator (cases counted).", nullable=True),
        Field("value", "decimal", "Value, in the indicator's unit.", nullable=True),
        Field(
            "mean",
            "decimal",
            "Mean beside a share (e.g. mean working days to answer).",
            nullable=True,
        ),
        Field(
            "pending",
            "integer",
            "Cases not decided yet (the value may still change).",
            nullable=True,
        ),
        Field(
            "status",
            "string",
            "Whether the target was met; provisional while the period is open or cases "
            "are pending.",
            enum=enum_values(MeasurementStatus),
        ),
        Field("source", "string", "Where the data came from.", enum=enum_values(Source)),
        Field("target", "decimal", "Target in force in the period."),
        Field(
            "comparator",
            "string",
            "Comparator in force in the period.",
            enum=enum_values(Comparator),
        ),
        Field("unit", "string", "Unit of the value and the target.", enum=enum_values(Unit)),
        Field("recorded_at", "datetime", "When the result was computed or entered (UTC)."),
        Field("note", "translated", "Public note on the result.", nullable=True),
    ),
    statement=lambda: in_public_versions(
        select(Measurement).join(Measurement.indicator).join(Indicator.commitment)
    ),
    options=lambda: (
        contains_eager(Measurement.indicator)
        .contains_eager(Indicator.commitment)
        .contains_eager(Commitment.version)
        .contains_eager(CharterVersion.charter),
        contains_eager(Measurement.indicator).selectinload(Indicator.revisions),
    ),
    serialize=measurement_rows,
    id_column=Measurement.id,
    filters=(
        Filter(
            "indicator",
            "Identifier of the indicator.",
            ID_SCHEMA,
            lambda s, v: s.where(Measurement.indicator_id == v),
            parse_integer,
        ),
        charter_filter(),
        Filter(
            "period",
            "Period code: a year (2026), a quarter (2026-T3) or a month (2026-M07).",
            PERIOD_SCHEMA,
            lambda s, v: s.where(Measurement.period == v),
            parse_period,
        ),
        choice_filter(
            "status",
            "Whether the target was met.",
            enum_values(MeasurementStatus),
            lambda s, v: s.where(Measurement.status == MeasurementStatus(v)),
        ),
    ),
)


# --- Reports -----------------------------------------------------------------------------------


def report_rows(reports: Iterable[Report]) -> Iterator[dict]:
    """Published quarterly reports, every revision, as plain dicts (the content is the
    snapshot frozen at publication, improvement actions included)."""
    for report in reports:
        yield {
            "id": report.id,
            "charter_id": report.charter_id,
            "charter": report.charter.slug,
            "period": report.period,
            "revision": report.revision,
            "note": report.note,
            "published_at": report.published_at,
            "content": report.content,
        }


REPORTS = Resource(
    name="reports",
    schema_name="Report",
    title="Report",
    description="Published quarterly reports of the charters: immutable snapshots. A "
    "correction is a new revision with a note; earlier revisions stay published.",
    fields=(
        Field("id", "integer", "Identifier."),
        Field("charter_id", "integer", "Identifier of the charter."),
        Field("charter", "string", "Slug of the charter."),
        Field("period", "period", "Quarter reported."),
        Field("revision", "integer", "Revision number, from 1."),
        Field("note", "string", "What a correction changed.", nullable=True),
        Field("published_at", "datetime", "When this revision was published (UTC)."),
        Field(
            "content",
            "object",
            "The report as published: results, improvement actions and texts "
            "(a JSON text in CSV files).",
        ),
    ),
    statement=lambda: select(Report).join(Report.charter),
    options=lambda: (contains_eager(Report.charter),),
    serialize=report_rows,
    id_column=Report.id,
    filters=(
        charter_filter(),
        Filter(
            "period",
            "Quarter code, e.g. 2026-T3.",
            PERIOD_SCHEMA,
            lambda s, v: s.where(Report.period == v),
            parse_period,
        ),
    ),
)

RESOURCES = (MEASUREMENTS, REPORTS)
