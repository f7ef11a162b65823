"""The institution's days and periods as iCalendar (RFC 5545): one all-day VEVENT per period
(DTEND is the day after the last, as the standard says), SUMMARY its Spanish reason. Reading a
file gives the periods to declare; every problem is reported, and nothing is declared unless
the whole file is right."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import recurring_ical_events
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from app.calendar.services import YEARS
from app.core.calendar import NonWorkingPeriod, WorkingCalendar
from app.core.clock import local_today, utcnow
from app.core.i18n import SOURCE_LANGUAGE
from app.core.rules import RuleError
from app.extensions import db

PRODID = "-//Carta compromiso//Calendario de dias inhabiles//ES"
NATIONAL = "NACIONAL"
MAX_FILE_BYTES = 1_000_000
MAX_EVENTS = 1000


def export_year(year: int, national: bool = False) -> bytes:
    """The periods that touch ``year`` (and the national holidays when asked, marked with the
    category NACIONAL, which an import skips)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Días inhábiles {year}")
    stamp = utcnow().replace(microsecond=0)
    periods = db.session.scalars(
        select(NonWorkingPeriod)
        .where(NonWorkingPeriod.first_day <= date(year, 12, 31))
        .where(NonWorkingPeriod.last_day >= date(year, 1, 1))
        .order_by(NonWorkingPeriod.first_day)
    )
    for period in periods:
        event = _event(period.first_day, period.last_day, period.reason[SOURCE_LANGUAGE], stamp)
        event.add("uid", f"periodo-{period.id}-{period.first_day.isoformat()}@calendario")
        calendar.add_component(event)
    if national:
        for day, name in WorkingCalendar.national_holidays(year).items():
            event = _event(day, day, name, stamp)
            event.add("uid", f"nacional-{day.isoformat()}@calendario")
            event.add("categories", [NATIONAL])
            calendar.add_component(event)
    return calendar.to_ical()


def _event(first: date, last: date, summary: str, stamp: datetime) -> Event:
    event = Event()
    event.add("summary", summary)
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))
    event.add("dtstamp", stamp)
    event.add("transp", "TRANSPARENT")
    return event


def read_upload(storage) -> str | None:
    """The text of an uploaded file (None when none was chosen); refuses what is not text."""
    if storage is None or not getattr(storage, "filename", ""):
        return None
    data = storage.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise RuleError({"archivo": _("El archivo es demasiado grande (máximo 1 MB).")})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError({"archivo": _not_ical()}) from None


def parse(text: str) -> list[tuple[date, date, dict]]:
    """The periods in an iCalendar text: each all-day VEVENT (national holidays and cancelled
    events excepted) as (first day, last day, reason), with its repetitions (RRULE, RDATE,
    less EXDATE) up to the end of next year; raises ``RuleError`` listing every problem."""
    try:
        calendar = Calendar.from_ical(text)
    except ValueError:
        raise RuleError({"archivo": _not_ical()}) from None
    events = list(calendar.walk("VEVENT"))
    if len(events) > MAX_EVENTS:
        raise RuleError({"archivo": _("El archivo tiene demasiados eventos.")})
    problems = [
        problem
        for number, event in enumerate(events, start=1)
        if _declares(event) and (problem := _problem(event, number))
    ]
    if problems:
        raise RuleError({"archivo": " ".join(problems)})
    declared = [event for event in events if _declares(event)]
    if not declared:
        raise RuleError({"archivo": _("El archivo no tiene días inhábiles de día completo.")})
    periods = []
    for event in _occurrences(calendar, declared):
        if not _declares(event):
            continue
        first, end = event.decoded("dtstart"), event.decoded("dtend")
        periods.append((first, end - timedelta(days=1), {SOURCE_LANGUAGE: _summary(event)[:200]}))
        if len(periods) > MAX_EVENTS:
            raise RuleError({"archivo": _("El archivo tiene demasiados eventos.")})
    if not periods:  # every day excluded (EXDATE), or repetitions that end before they start
        raise RuleError({"archivo": _("El archivo no tiene días inhábiles de día completo.")})
    return sorted(periods, key=lambda p: p[0])


def _declares(event) -> bool:
    """Whether the event is one the institution declares: not a national holiday (the
    calendar has those already) nor a cancelled event."""
    cancelled = str(event.get("status", "")).upper() == "CANCELLED"
    return not cancelled and NATIONAL not in _categories(event)


def _summary(event) -> str:
    return str(event.get("summary", "")).strip()


def _problem(event, number: int) -> str | None:
    """Why an event cannot be declared (None: it can)."""
    where = _("Evento %(number)d", number=number)
    if summary := _summary(event):
        where = f"{where} ({summary})"
    start = event.decoded("dtstart", None)
    end = event.decoded("dtend", None)
    duration = event.decoded("duration", None)
    all_day = (
        isinstance(start, date)
        and not isinstance(start, datetime)
        and (end is None or (isinstance(end, date) and not isinstance(end, datetime)))
        and (duration is None or (isinstance(duration, timedelta) and not duration.seconds))
    )
    if not all_day:
        return _("%(where)s: no es un evento de día completo.", where=where)
    # The end is exclusive: a one-day event on 31 December ends on 1 January.
    last = end - timedelta(days=1) if end is not None and end > start else start
    if not all(day.year in YEARS for day in (start, last)):
        return _(
            "%(where)s: su fecha debe ser de %(first)d a %(last)d.",
            where=where, first=YEARS[0], last=YEARS[-1],
        )  # fmt: skip
    if (end is not None and end <= start) or (duration is not None and duration.days < 1):
        return _("%(where)s: termina antes de empezar.", where=where)
    if not summary:
        return _("%(where)s: no tiene título (SUMMARY) que diga el motivo.", where=where)
    return None


def _occurrences(calendar: Calendar, declared: list) -> list:
    """Every day or period the events declare, their repetitions expanded: from the first
    event's start to the end of next year (or the last event's end, if later), so that a rule
    without an end (every 12 December) gives the days deadlines can reach."""
    first = min(event.decoded("dtstart") for event in declared)
    horizon = date(local_today().year + 2, 1, 1)
    for event in declared:
        last = event.decoded("dtend", None) or event.decoded("dtstart") + timedelta(days=1)
        horizon = max(horizon, last)
    try:
        return list(recurring_ical_events.of(calendar).between(first, horizon))
    except (ValueError, TypeError, OverflowError, recurring_ical_events.InvalidCalendar):
        raise RuleError(
            {"archivo": _("El archivo tiene una regla de repetición que no se entiende.")}
        ) from None


def _not_ical() -> str:
    return _("El archivo no es un calendario iCalendar (.ics).")


def _categories(event) -> set[str]:
    found = event.get("categories")
    if found is None:
        return set()
    values = found if isinstance(found, list) else [found]
    return {str(c).upper() for value in values for c in getattr(value, "cats", [value])}
