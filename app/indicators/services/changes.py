"""What made automatic results stale since the last recomputation: every feedback item and
survey response written through a session leaves a row in ``indicator_changes`` with its place
(service, commitment) and month, before and after the change, so that ``recompute(changed=True)``
recomputes only the periods they touch."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.core.clock import local_date
from app.feedback.models import Feedback, SurveyResponse
from app.indicators.models import IndicatorChange

# The fields the automatic indicators read (see ``tallies``); a change elsewhere (the text, the
# assignee, a rating) changes no result.
FEEDBACK_FIELDS = (
    "type", "status", "received_on", "response_days", "due_on", "due_days", "dismissed_on",
    "service_id", "commitment_id", "service", "commitment",
)  # fmt: skip
SURVEY_FIELDS = ("service_id", "service", "created_at", "score", "waiting", "attention")
PLACE = {Feedback: ("received_on", FEEDBACK_FIELDS), SurveyResponse: ("created_at", SURVEY_FIELDS)}


def _first_of_month(moment) -> date | None:
    if moment is None:
        return None
    day = moment if type(moment) is date else local_date(moment)
    return day.replace(day=1)


def _values(state, name: str) -> list:
    """The values an attribute had before the flush and has now (one when unchanged)."""
    history = state.attrs[name].history
    values = [*history.deleted, *history.unchanged, *history.added]
    if name in ("service", "commitment"):
        return [None if value is None else value.id for value in values]
    return values


def _places(item) -> set[tuple]:
    """(service, commitment, month) of the item before and after the flush: a move touches both."""
    state = inspect(item)
    when, _fields = PLACE[type(item)]
    services = {*_values(state, "service_id"), *_values(state, "service")}
    commitments = (
        {*_values(state, "commitment_id"), *_values(state, "commitment")}
        if type(item) is Feedback
        else {None}
    )
    months = {_first_of_month(value) for value in _values(state, when)}
    return {
        (service, commitment, month)
        for service in services or {None}
        for commitment in commitments or {None}
        for month in months
        if month is not None and (service is not None or commitment is not None)
    }


def _changed(item) -> bool:
    state = inspect(item)
    return any(state.attrs[name].history.has_changes() for name in PLACE[type(item)][1])


def _record_changes(session, _context) -> None:
    """Remember the places and months of the feedback and surveys this flush wrote."""
    places: set[tuple] = set()
    for item in (*session.new, *session.deleted):
        if type(item) in PLACE:
            places |= _places(item)
    for item in session.dirty:
        if type(item) in PLACE and _changed(item):
            places |= _places(item)
    if places:
        session.connection().execute(
            IndicatorChange.__table__.insert(),
            [
                {"service_id": service, "commitment_id": commitment, "month": month}
                for service, commitment, month in sorted(places, key=str)
            ],
        )


def register_listeners() -> None:
    """Record the changes written through any session, from now on in this process (the
    application factory calls it; calling it again changes nothing)."""
    if not event.contains(Session, "after_flush", _record_changes):
        event.listen(Session, "after_flush", _record_changes)
