"""Generated feedback over the years, with the events and answers that lead to its status, and
satisfaction surveys."""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from app.core.calendar import WorkingCalendar
from app.dev.bulk import CHUNK, Ids, Writer
from app.dev.regions import Catalog
from app.feedback.models import (
    Channel,
    EventKind,
    Feedback,
    FeedbackEvent,
    FeedbackStatus,
    FeedbackType,
    FolioCounter,
    SurveyResponse,
    WaitingBracket,
)
from app.feedback.services.submission import hash_access_code

S = FeedbackStatus

OPENINGS = [
    "Acudí a la oficina para el trámite de {service}",
    "Hice en línea el trámite de {service}",
    "Llamé por teléfono para preguntar por {service}",
    "El lunes por la mañana fui a realizar {service}",
    "Mi madre, adulta mayor, fue a solicitar {service}",
    "Regresé por tercera vez para {service}",
]
DETAILS = {
    FeedbackType.COMPLAINT: [
        "y esperé más de una hora aunque había pocas personas en la fila.",
        "y en ventanilla no me dieron información clara sobre los requisitos.",
        "pero el sistema de pagos no funcionaba y nadie supo decirme cuándo volvería.",
        "y la persona que me atendió fue grosera cuando pedí que me explicara el cobro.",
        "y me pidieron un documento que no aparece en la lista de requisitos.",
    ],
    FeedbackType.SUGGESTION: [
        "Sería útil poder sacar cita en línea y elegir el horario.",
        "Propongo que los requisitos se publiquen también en náhuatl.",
        "Convendría abrir una ventanilla preferente para personas con discapacidad.",
        "Estaría bien recibir un aviso por correo cuando el documento esté listo.",
    ],
    FeedbackType.CLAIM: [
        "y no se cumplió el tiempo máximo de espera que promete la carta compromiso.",
        "y la resolución tardó mucho más que los días hábiles comprometidos.",
        "y no me ofrecieron la medida de compensación que señala la carta.",
    ],
    FeedbackType.COMPLIMENT: [
        "y quiero felicitar a la persona que me atendió por su paciencia y amabilidad.",
        "y todo fue rápido y claro; gracias por el buen servicio.",
        "y me explicaron cada paso con mucha claridad. Excelente atención.",
    ],
}
ANSWERS = [
    "Gracias por escribirnos. Revisamos su caso con el área responsable y tomamos medidas para "
    "que no se repita.",
    "Lamentamos lo ocurrido. Reforzamos la capacitación del personal de ventanilla y ajustamos "
    "los horarios de atención.",
    "Agradecemos su sugerencia: la turnamos al comité de calidad para su análisis.",
    "Le ofrecemos una disculpa y le informamos que su trámite quedó concluido.",
]
TYPES = [FeedbackType.COMPLAINT, FeedbackType.SUGGESTION, FeedbackType.CLAIM,
         FeedbackType.COMPLIMENT]  # fmt: skip
TYPE_WEIGHTS = [50, 20, 15, 15]
CHANNELS = [Channel.WEB, Channel.PHONE, Channel.IN_PERSON, Channel.MAILBOX, Channel.EMAIL]
CHANNEL_WEIGHTS = [60, 15, 15, 5, 5]


class Days:
    """Working-day arithmetic over the generated span, cached (the calendar is the app's)."""

    def __init__(self, first: date, last: date) -> None:
        calendar = WorkingCalendar.load()
        span = (last - first).days + 120
        self.working = [
            day
            for day in (first + timedelta(days=n) for n in range(span))
            if calendar.is_working_day(day)
        ]

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per run, dates are few
    def add(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (as ``add_working_days`` counts)."""
        return self.working[bisect_right(self.working, start) + days - 1]


def write_feedback(
    writer: Writer,
    ids: Ids,
    rng,
    today: date,
    catalog: Catalog,
    days: Days,
    *,
    count: int,
    years: int,
    access_code: str,
) -> None:
    """Feedback over ``years``, with its events, answers and ratings, in chunks; every item
    can be followed with ``access_code``."""
    access_hash = hash_access_code(access_code)
    folios: dict[int, int] = {}
    services = catalog.service_ids
    items, events = [], []
    for _n in range(count):
        # More feedback in recent years; popular services get most of it.
        received_on = today - timedelta(days=int((1 - rng.random() ** 0.8) * 365 * years))
        received_at = datetime.combine(received_on, time(15)) + timedelta(
            seconds=rng.randrange(9 * 3600)
        )
        service_id = (
            services[int(len(services) * rng.random() ** 2)] if rng.random() < 0.9 else None
        )
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        folios[received_on.year] = number = folios.get(received_on.year, 0) + 1
        item = _item(ids, rng, catalog, kind, service_id, received_on, received_at, days, today)
        item.update(folio=f"SQR-{received_on.year}-{number:06d}", access_code_hash=access_hash)
        items.append(item)
        events.extend(_events(ids, item, catalog, rng, days))
        if len(items) == CHUNK:
            _write_feedback(writer, items, events)
    _write_feedback(writer, items, events)
    writer.write(
        FolioCounter.__table__,
        [dict(year=year, last=last) for year, last in sorted(folios.items())],
    )


def _write_feedback(writer: Writer, items: list[dict], events: list[dict]) -> None:
    writer.write(Feedback.__table__, items)
    writer.write(FeedbackEvent.__table__, events)
    writer.echo(f"feedback: {writer.report.counts.get('feedback', 0)}")
    items.clear()
    events.clear()


def _item(ids, rng, catalog, kind, service_id, received_on, received_at, days, today) -> dict:
    age = (today - received_on).days
    roll = rng.random()
    if age > 20:
        status = (
            S.DISMISSED if roll < 0.04 else S.IN_REVIEW if roll < 0.08
            else rng.choices([S.CLOSED_RESOLVED, S.CLOSED_UNRESOLVED, S.ANSWERED], [6, 1, 3])[0]
        )  # fmt: skip
    else:
        status = rng.choices([S.RECEIVED, S.IN_REVIEW, S.WAITING, S.ANSWERED], [40, 30, 5, 25])[0]
    answered = status in (S.ANSWERED, S.CLOSED_RESOLVED, S.CLOSED_UNRESOLVED)
    response_days = min(25, int(rng.expovariate(1 / 6)) + 1) if answered else None
    answered_on = min(today, days.add(received_on, response_days)) if answered else None
    service_name = catalog.service_names.get(service_id, "un trámite")
    commitments = catalog.service_commitments.get(service_id, [])
    email = rng.random() < 0.4
    return dict(
        id=ids("feedback"),
        submission_key=uuid.UUID(int=rng.getrandbits(128)).hex,
        type=kind,
        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
        service_id=service_id,
        commitment_id=rng.choice(commitments)
        if kind is FeedbackType.CLAIM and commitments
        else None,
        dependency_id=catalog.service_dependency.get(service_id),
        text=f"{rng.choice(OPENINGS).format(service=service_name.lower())} "
        f"{rng.choice(DETAILS[kind])}",
        incident_date=received_on - timedelta(days=rng.randrange(4)),
        incident_place=None,
        contact_name="Persona usuaria" if email else None,
        contact_email=f"persona{rng.randrange(10**6)}@correo.example" if email else None,
        contact_phone=None,
        language=rng.choices(["es", "nah", "en"], [92, 5, 3])[0],
        consent=True,
        status=status,
        received_at=received_at,
        received_on=received_on,
        due_days=10,
        due_on=None if status is S.WAITING else days.add(received_on, 10),
        answered_at=datetime.combine(answered_on, time(17)) if answered else None,
        response_days=response_days,
        public_response=rng.choice(ANSWERS) if answered else None,
        citizen_rating=(rating := rng.randint(1, 5) if answered and rng.random() < 0.3 else None),
        rated_answer_at=datetime.combine(answered_on, time(17)) if rating else None,
        # Dismissed the working day after it arrived (see ``_events``).
        dismissed_on=days.add(received_on, 1) if status is S.DISMISSED else None,
        assignee_id=None,
        institutional_impact=rng.random() < 0.01,
    )


def _events(ids, item: dict, catalog: Catalog, rng, days: Days) -> Iterator[dict]:
    """The history that leads to the item's status, as the workflow would have written it."""
    staff = catalog.dependency_staff.get(item["dependency_id"])
    moment, on = item["received_at"], item["received_on"]

    def event(kind, from_status=None, to_status=None, note=None, by=None, public=True):
        return dict(
            id=ids("feedback_events"), feedback_id=item["id"], at=moment, on=on,
            actor="staff" if by else "citizen", user_id=by, kind=kind,
            from_status=from_status, to_status=to_status, note=note, public=public,
        )  # fmt: skip

    yield event(EventKind.CREATED, to_status=S.RECEIVED)
    status = item["status"]
    if status is S.RECEIVED:
        return
    on = days.add(on, 1)
    moment = datetime.combine(on, time(16))
    if status is S.DISMISSED:
        yield event(EventKind.STATUS_CHANGED, S.RECEIVED, S.DISMISSED, "Duplicado.", staff)
        return
    yield event(EventKind.STATUS_CHANGED, S.RECEIVED, S.IN_REVIEW, None, staff)
    if status is S.WAITING:
        yield event(
            EventKind.INFORMATION_REQUESTED, S.IN_REVIEW, S.WAITING, "¿En qué oficina?", staff
        )
        return
    if item["answered_at"] is None:
        return
    moment, on = item["answered_at"], item["answered_at"].date()
    yield event(EventKind.ANSWERED, S.IN_REVIEW, S.ANSWERED, item["public_response"], staff)
    if item["citizen_rating"] is not None:
        yield event(EventKind.RATED, note=str(item["citizen_rating"]))
    if status in (S.CLOSED_RESOLVED, S.CLOSED_UNRESOLVED):
        yield event(EventKind.STATUS_CHANGED, S.ANSWERED, status, None, staff)


def write_surveys(
    writer: Writer, ids: Ids, rng, today: date, catalog: Catalog, *, count: int, years: int
) -> None:
    brackets = [None, *WaitingBracket]
    rows = []
    for _n in range(count):
        day = today - timedelta(days=int((1 - rng.random() ** 0.8) * 365 * years))
        rows.append(
            dict(
                id=ids("survey_responses"),
                service_id=catalog.service_ids[int(len(catalog.service_ids) * rng.random() ** 2)],
                score=rng.choices([5, 4, 3, 2, 1], [45, 30, 12, 7, 6])[0],
                waiting=rng.choice(brackets),
                attention=rng.choice(brackets),
                comment="Buena atención." if rng.random() < 0.1 else None,
                channel=rng.choice([Channel.WEB, Channel.IN_PERSON]),
                language=rng.choices(["es", "nah", "en"], [92, 5, 3])[0],
                created_at=datetime.combine(day, time(16)),
            )
        )
        if len(rows) == CHUNK:
            writer.write(SurveyResponse.__table__, rows)
            rows.clear()
    writer.write(SurveyResponse.__table__, rows)
