"""What keeps a charter version from being saved or published: an indicator's definition that
contradicts itself (``indicator_problems``) and a version not ready to publish
(``publication_problems``), in words for the person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.charters.models import (
    APPROVED_STATUSES,
    CharterVersion,
    Comparator,
    Indicator,
    IndicatorKind,
    Unit,
)
from app.core import clock
from app.core.lazy_text import lazy_gettext as _l

INDICATOR_TEXTS = ("name", "numerator", "denominator")
# The definition of an indicator as the workspace edits it (texts apart).
INDICATOR_FIELDS = (
    "kind",
    "threshold",
    "threshold_unit",
    "target",
    "comparator",
    "unit",
    "periodicity",
    "source",
    "baseline",
)


# What a published charter says besides its purpose (the import requires them too), with the
# labels of the version form's fields.
PUBLISHED_TEXTS = {
    "rights": _l("Derechos de las personas usuarias"),
    "obligations": _l("Obligaciones de las personas usuarias"),
    "participation_channels": _l("Mecanismos de participación ciudadana"),
    "compensation_measures": _l("Medidas de compensación si no se cumple un compromiso"),
    "responsible_unit": _l("Unidad responsable"),
}
RANGES = {
    Unit.PERCENT: (Decimal(0), Decimal(100), _l("Un porcentaje va de 0 a 100.")),
    Unit.SCORE: (Decimal(1), Decimal(5), _l("Una calificación va de 1 a 5.")),
}
NOT_NEGATIVE = _l("Escriba un número de 0 en adelante.")


def out_of_range(value: Decimal | None, unit: Unit | None):
    """Why a value cannot be in ``unit`` (a percentage above 100, a score outside 1–5, a
    negative number of anything else), or ``None``."""
    if value is None or unit is None:
        return None
    low, high, message = RANGES.get(unit, (Decimal(0), None, NOT_NEGATIVE))
    if value < low or (high is not None and value > high):
        return message
    return None


def _trivial(target: Decimal, comparator: Comparator | None, unit: Unit | None) -> bool:
    """A target every result meets: at least the lowest value of its unit, or at most the
    highest ("at least 0 %", "at most 100 %")."""
    low, high, _message = RANGES.get(unit, (Decimal(0), None, None))
    return (comparator is Comparator.AT_LEAST and target == low) or (
        comparator is Comparator.AT_MOST and high is not None and target == high
    )


def indicator_problems(values: dict) -> dict:
    """What contradicts itself in an indicator's definition, by attribute: a target (or
    baseline, threshold) outside what its unit allows (a percentage above 100, a score outside
    1–5), a share within a threshold not in percent, a formula without its denominator. A share
    may have no number for a threshold: "delivered without errors" is a condition, not a
    figure."""
    problems: dict = {}
    if not (values.get("name") or {}).get("es"):
        problems["name"] = _l("Escriba el nombre del indicador.")
    if not (values.get("numerator") or {}).get("es"):
        problems["numerator"] = _l("Escriba qué se cuenta (numerador).")
    kind = values.get("kind")
    if kind in (IndicatorKind.SHARE_WITHIN, IndicatorKind.MEAN) and not (
        values.get("denominator") or {}
    ).get("es"):
        problems["denominator"] = _l("Escriba sobre qué se calcula (denominador).")
    for name in ("target", "baseline"):
        message = out_of_range(values.get(name), values.get("unit"))
        if message:
            problems[name] = message
    if values.get("target") is None:
        problems["target"] = _l("Escriba la meta.")
    elif _trivial(values.get("target"), values.get("comparator"), values.get("unit")):
        problems["target"] = _l("Con esa meta se cumple cualquier resultado: no compromete a nada.")
    threshold, threshold_unit = values.get("threshold"), values.get("threshold_unit")
    if threshold is not None and threshold_unit is None:
        problems["threshold_unit"] = _l("Elija la unidad del umbral.")
    elif threshold is None and threshold_unit is not None:
        problems["threshold"] = _l("Escriba el umbral o quite su unidad.")
    elif out_of_range(threshold, threshold_unit):
        problems["threshold"] = out_of_range(threshold, threshold_unit)
    if kind is IndicatorKind.SHARE_WITHIN:
        if values.get("unit") is not Unit.PERCENT:
            problems["unit"] = _l("Un porcentaje dentro del umbral se mide en porcentaje.")
    if kind is not IndicatorKind.SHARE_WITHIN and values.get("unit") is Unit.PERCENT:
        if kind in (IndicatorKind.COUNT, IndicatorKind.DELIVERABLE):
            problems["unit"] = _l("Un conteo o un entregable no se mide en porcentaje.")
    return problems


def _indicator_values(indicator: Indicator) -> dict:
    return {name: getattr(indicator, name) for name in (*INDICATOR_TEXTS, *INDICATOR_FIELDS)}


def _previous_approved(version: CharterVersion) -> list[CharterVersion]:
    return [
        other
        for other in version.charter.versions
        if other.status in APPROVED_STATUSES and other.id != version.id
    ]


def publication_problems(version: CharterVersion, starts_on: date | None = None) -> list[str]:
    """Why ``version`` cannot be published (from ``starts_on``, when given), in words for the
    person, one per problem; empty when it can."""
    problems = []
    if not version.purpose.get("es"):
        problems.append(_l("Escriba el propósito de la carta."))
    for attribute, label in PUBLISHED_TEXTS.items():
        if not (getattr(version, attribute) or {}).get("es"):
            problems.append(_l("Escriba «%(field)s»: una carta publicada lo dice.", field=label))
    if not version.commitments:
        problems.append(_l("La carta necesita al menos un compromiso con un indicador."))
    for commitment in version.commitments:
        if not commitment.indicators:
            problems.append(
                _l("El compromiso %(number)d no tiene indicadores.", number=commitment.position)
            )
        for indicator in commitment.indicators:
            for message in indicator_problems(_indicator_values(indicator)).values():
                problems.append(
                    _l(
                        "Compromiso %(number)d, indicador «%(name)s»: %(problem)s",
                        number=commitment.position,
                        name=indicator.name.get("es", ""),
                        problem=message,
                    )
                )
    starts = starts_on or version.valid_from
    if version.valid_until is not None and version.valid_until < starts:
        problems.append(_l("La vigencia termina antes de empezar: revise las fechas."))
    if starts_on is not None and starts_on < clock.local_today():
        problems.append(_l("La fecha de publicación no puede ser anterior a hoy."))
    for other in _previous_approved(version):
        if other.valid_from >= starts:
            problems.append(
                _l(
                    "Debe empezar después de la versión %(number)d, que empieza el %(date)s.",
                    number=other.number,
                    date=other.valid_from.isoformat(),
                )
            )
    return problems
