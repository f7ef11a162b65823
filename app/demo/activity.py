"""The demo's citizens: feedback items and survey responses for every charter's services, from
which the automatic indicators are computed (nothing of them is simulated).

Items of past quarters are answered, most within the charter's 10 working days; items of the
last weeks are still open, some of them already overdue, so the inbox and the dashboard have
work to show. Everything is drawn from a seeded random generator except the dates of the open
items, which follow the day the demo is loaded.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from sqlalchemy import insert

from app.charters.models import Charter
from app.core.calendar import WorkingCalendar
from app.core.clock import local_today
from app.core.types import Period
from app.extensions import db
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
from app.feedback.services.submission import hash_access_code, received_at

TYPES = (
    [FeedbackType.COMPLAINT] * 9
    + [FeedbackType.SUGGESTION] * 5
    + [FeedbackType.CLAIM] * 3
    + [FeedbackType.COMPLIMENT] * 3
)
CHANNELS = [Channel.WEB] * 6 + [Channel.PHONE, Channel.IN_PERSON, Channel.MAILBOX, Channel.EMAIL]
TEXTS = {
    FeedbackType.COMPLAINT: "La atención tardó más de lo prometido y nadie explicó el motivo.",
    FeedbackType.SUGGESTION: "Sería útil poder consultar los requisitos en lengua náhuatl.",
    FeedbackType.CLAIM: "No se cumplió el tiempo de espera que promete la carta compromiso.",
    FeedbackType.COMPLIMENT: "La persona que me atendió fue muy amable y resolvió mi trámite.",
}
ANSWER = "Gracias por escribirnos. Revisamos su caso con el área responsable y le informamos."
# At most this many items and survey responses per charter and quarter, whatever its volume.
MAX_ITEMS, MAX_SURVEYS = 24, 40
OPEN_DAYS = 25  # items received in the last working days before loading are still open
ON_TIME_RATE = 0.94  # chance that an answered item was answered within 10 working days


def add_activity(charters: list[tuple[Charter, int]], since: date, rng: random.Random) -> None:
    """Insert feedback (with its events) and survey responses for every quarter from ``since``
    up to today, for each charter and the people it attends in a quarter; the caller
    commits."""
    calendar = WorkingCalendar.load()
    today = local_today()
    # Nobody needs the access codes of demo items: one unguessable code for all of them.
    code_hash = hash_access_code(secrets.token_urlsafe(24))
    items, surveys = [], []
    for charter, volume in charters:
        for period in Period.span(since, today, "T"):
            days = [
                d
                for d in _days(period.start, min(period.end - timedelta(days=1), today))
                if calendar.is_working_day(d)
            ]
            if not days:
                continue
            for _ in range(min(MAX_ITEMS, max(3, round(volume * 0.02)))):
                items.append(_item(charter, rng.choice(days), rng, calendar, today))
            for _ in range(min(MAX_SURVEYS, max(5, round(volume * 0.05)))):
                surveys.append(_survey(charter, rng.choice(days), rng))
    items.sort(key=lambda item: item["received_at"])
    counters: dict[int, int] = {}
    for index, item in enumerate(items):
        for event in item["events"]:
            event["item"] = index
        year = item["received_on"].year
        counters[year] = counters.get(year, 0) + 1
        item.update(folio=f"SQR-{year}-{counters[year]:06d}", access_code_hash=code_hash,
                    submission_key=secrets.token_hex(16))  # fmt: skip
    events = [event for item in items for event in item.pop("events")]
    ids = db.session.scalars(insert(Feedback).returning(Feedback.id, sort_by_parameter_order=True),
                             items).all()  # fmt: skip
    for event in events:
        event["feedback_id"] = ids[event.pop("item")]
    db.session.execute(insert(FeedbackEvent), events)
    db.session.execute(insert(SurveyResponse), surveys)
    db.session.add_all(FolioCounter(year=year, last=last) for year, last in counters.items())


def _services(charter: Charter) -> list:
    """A charter's services in a fixed order (by code), whatever order they were loaded in, so
    that the same seed draws the same services."""
    return sorted(charter.services, key=lambda service: service.code)


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _item(charter, received_on: date, rng, calendar: WorkingCalendar, today: date) -> dict:
    service = rng.choice(_services(charter))
    kind = rng.choice(TYPES)
    moment = received_at(received_on)
    due_on = calendar.add_working_days(received_on, 10)
    item = dict(
        type=kind,
        channel=rng.choice(CHANNELS),
        service_id=service.id,
        dependency_id=service.dependency_id,
        text=TEXTS[kind],
        language="nah" if rng.random() < 0.05 else "es",
        consent=True,
        received_at=moment,
        received_on=received_on,
        due_days=10,
        due_on=due_on,
        institutional_impact=False,
        status=FeedbackStatus.RECEIVED,
    )
    events = [
        dict(
            item=None,
            at=moment,
            on=received_on,
            actor="citizen",
            kind=EventKind.CREATED,
            to_status=FeedbackStatus.RECEIVED,
            public=True,
        )  # fmt: skip
    ]
    open_since = today - timedelta(days=OPEN_DAYS * 7 // 5)
    if received_on < open_since or rng.random() < 0.3:
        days = rng.randint(2, 10) if rng.random() < ON_TIME_RATE else rng.randint(11, 18)
        answered_on = calendar.add_working_days(received_on, days)
        if answered_on <= today:
            answered = received_at(answered_on)
            status = rng.choice([FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED_RESOLVED])
            rating = rng.choice([None, None, 4, 5, 5, 5])
            item.update(status=status, answered_at=answered, response_days=days,
                        public_response=ANSWER, citizen_rating=rating,
                        rated_answer_at=answered if rating else None)  # fmt: skip
            events.append(
                dict(
                    item=None,
                    at=answered,
                    on=answered_on,
                    actor="staff",
                    kind=EventKind.ANSWERED,
                    note=ANSWER,
                    from_status=FeedbackStatus.RECEIVED,
                    to_status=FeedbackStatus.ANSWERED,
                    public=True,
                )  # fmt: skip
            )
    item["events"] = events
    return item


def _survey(charter, day: date, rng) -> dict:
    score = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 30, 65])[0]
    return dict(
        service_id=rng.choice(_services(charter)).id,
        score=score,
        waiting=rng.choices(list(WaitingBracket), weights=[40, 45, 10, 5])[0],
        attention=rng.choices(list(WaitingBracket), weights=[30, 55, 10, 5])[0],
        comment=None,
        channel=Channel.WEB,
        language="es",
        created_at=received_at(day),
    )
