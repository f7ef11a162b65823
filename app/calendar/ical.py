"""The institution's days and periods as iCalendar (RFC 5545): one all-day VEVENT per period
(DTEND is the day after the last, as the standard says), SUMMARY its Spanish reason. Reading a
file gives the periods to declare; every problem is reported, and nothing is declared unless
the whole file is right."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from app.core.calendar import NonWorkingPeriod, WorkingCalendar
from app.core.clock import utcnow
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
    """The periods in an iCalendar text: each all-day VEVENT (national holidays excepted) as
    (first day, last day, reason); raises ``RuleError`` listing every problem."""
    try:
        calendar = Calendar.from_ical(text)
    except ValueError:
        raise RuleError({"archivo": _not_ical()}) from None
    events = list(calendar.walk("VEVENT"))
    if len(events) > MAX_EVENTS:
        raise RuleError({"archivo": _("El archivo tiene demasiados eventos.")})
    periods, problems = [], []
    for number, event in enumerate(events, start=1):
        if NATIONAL in _categories(event):
            continue
        summary = str(event.get("summary", "")).strip()
        start = event.decoded("dtstart", None)
        end = event.decoded("dtend", None)
        where = _("Evento %(number)d", number=number)
        if summary:
            where = f"{where} ({summary})"
        if not isinstance(start, date) or isinstance(start, datetime):
            problems.append(_("%(where)s: no es un evento de día completo.", where=where))
            continue
        if isinstance(end, datetime) or (end is not None and not isinstance(end, date)):
            problems.append(_("%(where)s: no es un evento de día completo.", where=where))
            continue
        last = (end - timedelta(days=1)) if end is not None else start
        if last < start:
            problems.append(_("%(where)s: termina antes de empezar.", where=where))
            continue
        if not summary:
            problems.append(_("%(where)s: no tiene título (SUMMARY) que diga el motivo.",
                              where=where))  # fmt: skip
            continue
        periods.append((start, last, {SOURCE_LANGUAGE: summary[:200]}))
    if problems:
        raise RuleError({"archivo": " ".join(problems)})
    if not periods:
        raise RuleError({"archivo": _("El archivo no tiene días inhábiles de día completo.")})
    return sorted(periods, key=lambda p: p[0])


def _not_ical() -> str:
    return _("El archivo no es un calendario iCalendar (.ics).")


def _categories(event) -> set[str]:
    found = event.get("categories")
    if found is None:
        return set()
    values = found if isinstance(found, list) else [found]
    return {str(c).upper() for value in values for c in getattr(value, "cats", [value])}
