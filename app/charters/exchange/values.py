"""The checks of the values of one row of the charters' files (``importing`` checks the rows,
then whole versions): a measure within its unit's range, an indicator's definition and target,
dates in order, a period. Each problem is reported on the row's ``Check``."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from app.charters.models import Comparator, Periodicity, Unit
from app.core.tabular import Check
from app.core.types import Period

LARGEST = Decimal("9999999999.99")  # Numeric(12, 2)
# What a value of a unit can be; other units: from 0 up.
RANGES = {Unit.PERCENT: (Decimal(0), Decimal(100)), Unit.SCORE: (Decimal(1), Decimal(5))}


def measured_periodicities() -> list[Periodicity]:
    """The periodicities charter results are measured at (semesters are for work programs)."""
    measured = []
    for periodicity in Periodicity:
        try:
            periodicity.period_kind  # noqa: B018 - raises for a periodicity never measured
        except ValueError:
            continue
        measured.append(periodicity)
    return measured


def check_measure(check: Check, column: str, unit: Unit | None, required=False) -> Decimal | None:
    """A value in ``unit`` (a target, a threshold, a baseline): a number within its range."""
    value = check.decimal(column, 2, Decimal(0), LARGEST, required=required)
    _in_range(check, column, unit, value)
    return value


def _in_range(check: Check, column: str, unit: Unit | None, value: Decimal | None) -> bool:
    low, high = RANGES.get(unit, (None, None))
    if value is not None and low is not None and not low <= value <= high:
        check.problem(
            column,
            _(
                "%(value)s no es un valor de %(low)s a %(high)s (unidad %(unit)s)",
                value=repr(check.get(column)),
                unit=unit.value,
                low=low,
                high=high,
            ),
        )
        return False
    return True


def check_definition(check: Check, unit: Unit | None) -> dict:
    """What an indicator and its revisions define: formula, threshold, target, comparator."""
    threshold_unit = check.enum("threshold_unit", Unit, required=False)
    values = dict(
        numerator=check.text("numerator", limit=2000),
        denominator=check.text("denominator", required=False, limit=2000),
        threshold=check_measure(check, "threshold", threshold_unit),
        threshold_unit=threshold_unit,
        target=check.decimal("target", 2, Decimal(0), LARGEST, required=True),
        comparator=check.enum("comparator", Comparator),
    )
    if bool(check.get("threshold")) != bool(check.get("threshold_unit")):
        check.problem("threshold_unit", _("un umbral necesita su unidad, y una unidad su umbral"))
    check_target(check, values, unit)
    return values


def check_target(check: Check, values: dict, unit: Unit | None) -> None:
    """A target within its unit's range that some result could miss ("at least 0 %" or "at
    most 100 %" promise nothing)."""
    target, comparator = values["target"], values["comparator"]
    if not _in_range(check, "target", unit, target) or target is None or unit is None:
        return
    low, high = RANGES.get(unit, (Decimal(0), None))
    trivial = (comparator is Comparator.AT_LEAST and target == low) or (
        comparator is Comparator.AT_MOST and target == high
    )
    if trivial:
        reason = _(
            "una meta de %(comparator)s %(target)s (unidad %(unit)s) se cumple con cualquier "
            "resultado",
            comparator=comparator.label,
            target=check.get("target"),
            unit=unit.value,
        )
        check.problem("target", reason)


def version_name(number, slug: str) -> str:
    """How problems name a version of a charter."""
    return _("versión %(number)s de %(charter)s", number=number, charter=repr(slug))


def check_order(check: Check, values: dict, first: str, last: str) -> None:
    if values[first] and values[last] and values[last] < values[first]:
        check.problem(
            last,
            _("%(value)s es anterior a %(column)s", value=values[last].isoformat(), column=first),
        )


def check_period(check: Check, column: str) -> Period | None:
    value = check.get(column)
    try:
        return Period.parse(value)
    except ValueError:
        check.problem(
            column, _("%(value)s no es un periodo como 2026-T1, 2026-M04 o 2026", value=repr(value))
        )
        return None
