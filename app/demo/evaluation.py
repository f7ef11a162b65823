"""The demo's yearly evaluation: the quality unit's conclusions about one charter's 2025,
published through the same service staff use at ``/admin/cartas/<slug>/evaluacion/<year>``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.charters.models import Charter, StandardIndicator, charter_services
from app.core.clock import local_date
from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackEvent, FeedbackType
from app.indicators.models import Conclusion
from app.indicators.services.evaluations import (
    CommitmentConclusion,
    assemble_evaluation,
    publish_evaluation,
)

YEAR = 2025
KEEP = "Los resultados del año y las reclamaciones recibidas no piden cambios: se mantiene."
RAISE = (
    "El compromiso cumplió su meta en todos los resultados medidos del año: se propone una "
    "meta más exigente en la siguiente versión de la carta."
)
REMEDY = "Disculpa por escrito y atención preferente en su siguiente visita."
OVERALL = (
    "La carta cumplió la mayoría de sus compromisos en 2025. Las acciones de mejora de los "
    "trimestres no cumplidos siguen en curso; la siguiente versión revisará las metas que se "
    "cumplieron con holgura todo el año."
)


def seed_demo_evaluation(charter: Charter) -> None:
    """Publish the charter's evaluation of 2025 as the quality unit would at the start of 2026:
    a commitment met all year gets a more demanding target, the others are kept."""
    _review_claims(charter)
    content = assemble_evaluation(charter, YEAR)
    conclusions = {}
    for entry in content["commitments"]:
        met_all_year = entry["results"] and entry["met"] == entry["results"]
        conclusions[entry["commitment_id"]] = (
            CommitmentConclusion(Conclusion.CHANGE_TARGET, RAISE)
            if met_all_year
            else CommitmentConclusion(Conclusion.KEEP, KEEP)
        )
    publish_evaluation(charter, YEAR, conclusions, OVERALL, None, today=date(YEAR + 1, 1, 30))


def _review_claims(charter: Charter) -> None:
    """What staff did with the demo's claims of the year about the charter's services (they
    all say the waiting time was not kept): each is tied to the waiting-time commitment, and
    every other one is a confirmed breach remedied the day it was answered. The caller's
    publication commits."""
    version = charter.versions[-1]
    waiting = next(
        (
            commitment
            for commitment in version.commitments
            if any(i.standard is StandardIndicator.WAITING_TIME for i in commitment.indicators)
        ),
        version.commitments[0],
    )
    claims = db.session.scalars(
        select(Feedback)
        .join(charter_services, charter_services.c.service_id == Feedback.service_id)
        .where(charter_services.c.charter_id == charter.id, Feedback.type == FeedbackType.CLAIM)
        .where(
            Feedback.received_on >= date(YEAR, 1, 1), Feedback.received_on < date(YEAR + 1, 1, 1)
        )
        .where(Feedback.answered_at.is_not(None))
        .order_by(Feedback.received_on, Feedback.id)
    ).all()
    for number, claim in enumerate(claims):
        claim.commitment = waiting
        moment = claim.answered_at
        events = [(EventKind.COMMITMENT_LINKED, waiting.text["es"], False)]
        if number % 2 == 0:
            claim.breach_confirmed, claim.remedy = True, REMEDY
            claim.remedied_on = local_date(moment)
            events.append((EventKind.REMEDIED, REMEDY, True))
        else:
            claim.breach_confirmed = False
        for kind, note, public in events:
            claim.events.append(FeedbackEvent(at=moment, on=local_date(moment), actor="staff",
                                              kind=kind, note=note, public=public))  # fmt: skip
