"""The indicators every new charter starts with (seed 001, the standard set), each as a
commitment of its own; the drafter adapts or removes them (see ``drafting.create_charter``)."""

from __future__ import annotations

from decimal import Decimal

from app.charters.models import (
    Comparator,
    IndicatorKind,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)


def _proposal(standard, name, numerator, denominator, threshold, threshold_unit, target, source):
    return {
        "standard": standard,
        "name": name,
        "kind": IndicatorKind.SHARE_WITHIN,
        "numerator": numerator,
        "denominator": denominator,
        "threshold": Decimal(threshold),
        "threshold_unit": threshold_unit,
        "target": Decimal(target),
        "comparator": Comparator.AT_LEAST,
        "unit": Unit.PERCENT,
        "periodicity": Periodicity.QUARTERLY,
        "source": source,
    }


# The five indicators every charter starts with (seed 001), each as a commitment of its own:
# (commitment text, indicator definition). The drafter adapts or removes them.
STANDARD_PROPOSALS = (
    (
        "Le atenderemos con amabilidad y profesionalismo: al menos 9 de cada 10 personas "
        "usuarias calificarán nuestro servicio con 4 o 5.",
        _proposal(
            StandardIndicator.SATISFACTION,
            "Porcentaje de personas usuarias satisfechas",
            "Número de encuestas con calificación de 4 o 5",
            "Número de encuestas respondidas en el periodo",
            4,
            Unit.SCORE,
            90,
            Source.SURVEY,
        ),
    ),
    (
        "Le atenderemos en un máximo de 15 minutos desde su llegada.",
        _proposal(
            StandardIndicator.WAITING_TIME,
            "Porcentaje de personas que esperaron 15 minutos o menos",
            "Número de personas atendidas con una espera de 15 minutos o menos",
            "Número de personas cuya espera se midió en el periodo",
            15,
            Unit.MINUTES,
            85,
            Source.MANUAL,
        ),
    ),
    (
        "Una vez que le atendamos, su trámite tomará como máximo 30 minutos.",
        _proposal(
            StandardIndicator.ATTENTION_TIME,
            "Porcentaje de atenciones concluidas en 30 minutos o menos",
            "Número de atenciones concluidas en 30 minutos o menos",
            "Número de atenciones cuya duración se midió en el periodo",
            30,
            Unit.MINUTES,
            85,
            Source.MANUAL,
        ),
    ),
    (
        "Resolveremos su solicitud en un máximo de 10 días hábiles.",
        _proposal(
            StandardIndicator.REQUEST_RESPONSE,
            "Porcentaje de solicitudes resueltas en 10 días hábiles o menos",
            "Número de solicitudes resueltas en 10 días hábiles o menos",
            "Número de solicitudes resueltas en el periodo",
            10,
            Unit.WORKING_DAYS,
            90,
            Source.MANUAL,
        ),
    ),
    (
        "Responderemos sus sugerencias, quejas y reclamaciones en un máximo de 10 días hábiles.",
        _proposal(
            StandardIndicator.FEEDBACK_RESPONSE,
            "Porcentaje de sugerencias, quejas y reclamaciones respondidas en 10 días hábiles "
            "o menos",
            "Número de mensajes respondidos en 10 días hábiles o menos",
            "Número de mensajes respondidos en el periodo",
            10,
            Unit.WORKING_DAYS,
            90,
            Source.FEEDBACK,
        ),
    ),
)
