"""Declaring, changing and removing the institution's non-working days and periods, and what a
change re-derives in the same transaction: the due dates of open feedback items (an event in
each item's history and an e-mail to the citizen), the response times of answered items, the
indicator results of the quarters it touches, and the published reports whose figures change
(listed for the quality unit to publish a correction; a published report is never rewritten)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.charters.models import CharterVersion, Commitment, Indicator
from app.core.calendar import NonWorkingDay, NonWorkingPeriod, WorkingCalendar
from app.core.clock import local_date, utc_at, utcnow
from app.core.i18n import SOURCE_LANGUAGE
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackStatus
from app.feedback.services.workflow import OPEN, deadline, notify, record_event, response_time
from app.indicators.models import Measurement, Report
from app.indicators.services.engine import recompute
from app.staff.models import User
from app.staff.services import audit

# The longest period declared at once: longer is almost surely a typing mistake.
MAX_PERIOD_DAYS = 60
# The years the calendar's pages show, and so the years a day may be declared in: a day the
# pages could not show could be neither found nor removed (a typo such as 1985 or 2500).
YEARS = range(1990, 2101)


@dataclass
class Entry:
    """A day or period shown on the year's calendar: a national holiday or the institution's."""

    first_day: date
    last_day: date
    reason: dict
    period: NonWorkingPeriod | None = None  # None: a national holiday

    @property
    def national(self) -> bool:
        return self.period is None


@dataclass
class Outcome:
    """What a change re-derived: items whose due date moved, answered items whose response
    time changed, indicator results recomputed and the published reports to correct."""

    moved: list[Feedback] = field(default_factory=list)
    remeasured: list[Feedback] = field(default_factory=list)
    quarters: list[Period] = field(default_factory=list)
    recomputed: int = 0
    reports: list[Report] = field(default_factory=list)


def year_entries(year: int) -> list[Entry]:
    """The national holidays and the institution's days and periods that touch ``year``."""
    entries = [
        Entry(day, day, {SOURCE_LANGUAGE: name})
        for day, name in WorkingCalendar.national_holidays(year).items()
    ]
    periods = db.session.scalars(
        select(NonWorkingPeriod)
        .where(NonWorkingPeriod.first_day <= date(year, 12, 31))
        .where(NonWorkingPeriod.last_day >= date(year, 1, 1))
    )
    entries.extend(Entry(p.first_day, p.last_day, p.reason, p) for p in periods)
    return sorted(entries, key=lambda e: (e.first_day, e.period is not None))


def check(first: date, last: date, reason: dict, period: NonWorkingPeriod | None = None) -> None:
    """Refuse a period that ends before it starts, is too long, has no Spanish reason or
    overlaps another declared one (``period`` itself excepted when it is being changed)."""
    for name, day in (("desde", first), ("hasta", last)):
        if day.year not in YEARS:
            raise RuleError(
                {
                    name: _l(
                        "El año debe ser de %(first)d a %(last)d.", first=YEARS[0], last=YEARS[-1]
                    )
                }
            )
    if last < first:
        raise RuleError({"hasta": _l("El último día debe ser igual o posterior al primero.")})
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise RuleError(
            {
                "hasta": _l(
                    "Un periodo puede tener como máximo %(days)d días; declare varios periodos.",
                    days=MAX_PERIOD_DAYS,
                )
            }
        )
    if not (reason.get(SOURCE_LANGUAGE) or "").strip():
        raise RuleError({f"motivo_{SOURCE_LANGUAGE}": _l("Escriba el motivo en español.")})
    taken = db.session.execute(
        select(NonWorkingDay.day, NonWorkingDay.description)
        .where(NonWorkingDay.day.between(first, last))
        .where(NonWorkingDay.period_id != (period.id if period and period.id else -1))
        .order_by(NonWorkingDay.day)
        .limit(1)
    ).first()
    if taken:
        raise RuleError(
            {
                "desde": _l(
                    "El %(date)s ya está declarado como día inhábil (%(reason)s).",
                    date=taken.day.isoformat(),
                    reason=taken.description.get(SOURCE_LANGUAGE, ""),
                )
            }
        )


def declare(
    first: date, last: date, reason: dict, by: User, *, ip: str | None = None, now=None
) -> tuple[NonWorkingPeriod, Outcome]:
    """Declare a non-working day (``first == last``) or period; commit and re-derive."""
    reason = _clean(reason)
    check(first, last, reason)
    period = NonWorkingPeriod.declare(first, last, reason)
    db.session.add(period)
    db.session.flush()
    outcome = rederive(dict.fromkeys(period.dates(), reason), by, now)
    _audit("added", period, by, ip, outcome)
    db.session.commit()
    return period, outcome


def change(
    period: NonWorkingPeriod,
    first: date,
    last: date,
    reason: dict,
    by: User,
    *,
    ip: str | None = None,
    now=None,
) -> Outcome:
    """Change a period's days or reason; commit and re-derive what the days changed."""
    reason = _clean(reason)
    check(first, last, reason, period)
    before = dict.fromkeys(period.dates(), period.reason)
    previous = {"first_day": period.first_day.isoformat(), "last_day": period.last_day.isoformat(),
                "reason": period.reason}  # fmt: skip
    period.first_day, period.last_day, period.reason = first, last, reason
    period.expand()
    db.session.flush()
    after = dict.fromkeys(period.dates(), reason)
    changed = {day: before.get(day) or after[day] for day in before.keys() ^ after.keys()}
    outcome = rederive(changed, by, now)
    _audit("changed", period, by, ip, outcome, before=previous)
    db.session.commit()
    return outcome


def remove(period: NonWorkingPeriod, by: User, *, ip: str | None = None, now=None) -> Outcome:
    """Remove a declared day or period; commit and re-derive."""
    days = dict.fromkeys(period.dates(), dict(period.reason))
    db.session.delete(period)
    db.session.flush()
    outcome = rederive(days, by, now)
    _audit("removed", period, by, ip, outcome)
    db.session.commit()
    return outcome


def not_declared(periods: list[tuple[date, date, dict]]) -> list[tuple[date, date, dict]]:
    """The periods of an import the calendar does not have yet: one already declared with the
    same days and reason (the calendar's own export, imported again) changes nothing, so it is
    left out rather than refused as a clash with itself."""
    stored = {
        (p.first_day, p.last_day, p.reason.get(SOURCE_LANGUAGE, "").strip())
        for p in db.session.scalars(select(NonWorkingPeriod))
    }
    return [
        (first, last, reason)
        for first, last, reason in periods
        if (first, last, reason.get(SOURCE_LANGUAGE, "").strip()) not in stored
    ]


def check_many(periods: list[tuple[date, date, dict]]) -> None:
    """Check every period of an import, against the calendar and each other; one ``RuleError``
    (on the field ``archivo``) lists every problem."""
    problems, seen = [], {}
    for first, last, reason in periods:
        where = f"{first.isoformat()}–{last.isoformat()} ({reason.get(SOURCE_LANGUAGE, '')})"
        try:
            check(first, last, _clean(reason))
        except RuleError as error:
            problems.extend(f"{where}: {message}" for message in error.problems.values())
            continue
        for day in NonWorkingPeriod.declare(first, last, reason).dates():
            if day in seen:
                problems.append(
                    str(
                        _l(
                            "%(where)s: el %(date)s también está en %(other)s.",
                            where=where,
                            date=day.isoformat(),
                            other=seen[day],
                        )
                    )  # fmt: skip
                )
                break
            seen[day] = where
    if problems:
        raise RuleError({"archivo": " ".join(str(p) for p in problems)})


def declare_many(
    periods: Iterable[tuple[date, date, dict]], by: User, *, ip: str | None = None, now=None
) -> tuple[list[NonWorkingPeriod], Outcome]:
    """Declare several periods at once (an import): all or none; one re-derivation."""
    periods = not_declared(list(periods))
    check_many(periods)
    added: list[NonWorkingPeriod] = []
    for first, last, reason in periods:
        reason = _clean(reason)
        period = NonWorkingPeriod.declare(first, last, reason)
        db.session.add(period)
        added.append(period)
    db.session.flush()
    days = {day: period.reason for period in added for day in period.dates()}
    outcome = rederive(days, by, now)
    for period in added:
        _audit("added", period, by, ip, outcome, imported=True)
    db.session.commit()
    return added, outcome


def rederive(changed: dict[date, dict], by: User | None, now=None) -> Outcome:
    """Re-derive, in the current transaction, what the days in ``changed`` (just declared or
    no longer declared, already flushed; each with its reason) alter: due dates, response
    times, results, reports."""
    if not changed:
        return Outcome()
    now = now or utcnow()
    calendar = WorkingCalendar.load()
    first, last = min(changed), max(changed)
    outcome = Outcome()
    touched: set[date] = set(changed)
    # Open items received before a changed day, whose period runs to it or beyond, and items
    # waiting for the citizen with their clock stopped: the new calendar may move the due date
    # before or after the request for information, which stops the clock or no longer does.
    for item in db.session.scalars(
        select(Feedback)
        .where(Feedback.status.in_(OPEN))
        .where(Feedback.received_on < last)
        .where(
            (Feedback.due_on >= first)
            | (Feedback.due_on.is_(None) & (Feedback.status == FeedbackStatus.WAITING))
        )
        .order_by(Feedback.id)
    ):
        before, after = item.due_on, deadline(item, calendar)
        if after == before:
            continue
        item.due_on = after
        until = max(day for day in (before, after) if day is not None)
        why = _why(changed, item.received_on, until, item.language)
        record_event(item, EventKind.DUE_DATE_MOVED, now, by, due_before=before,
                     due_after=after, note=why, public=True)  # fmt: skip
        if item.contact_email and item.consent:
            notify(item, "due_date_moved")
        outcome.moved.append(item)
        touched.add(item.received_on)
    # Dismissed items, late or not by their due date: it moves with the calendar as an open
    # item's does (no e-mail: the item is closed; the event tells staff and the citizen).
    for item in db.session.scalars(
        select(Feedback)
        .where(Feedback.status == FeedbackStatus.DISMISSED)
        .where(Feedback.received_on < last)
        .where(Feedback.due_on >= first)
        .order_by(Feedback.id)
    ):
        before, after = item.due_on, deadline(item, calendar)
        if after != before:
            item.due_on = after
            why = _why(changed, item.received_on, max(before, after), item.language)
            record_event(item, EventKind.DUE_DATE_MOVED, now, by, due_before=before,
                         due_after=after, note=why, public=True)  # fmt: skip
            outcome.moved.append(item)
            touched.add(item.received_on)
    # Answered items whose response time ran over a changed day.
    for item in db.session.scalars(
        select(Feedback)
        .where(Feedback.answered_at.is_not(None))
        .where(Feedback.response_days.is_not(None))
        .where(Feedback.received_on < last)
        .where(Feedback.answered_at >= utc_at(first))
        .order_by(Feedback.id)
    ):
        days = response_time(item, local_date(item.answered_at), calendar)
        if days != item.response_days:
            item.response_days = days
            outcome.remeasured.append(item)
            touched.add(item.received_on)
    outcome.quarters = sorted({Period.quarter_of(day) for day in touched})
    before = _figures(outcome.quarters)
    for quarter in outcome.quarters:
        outcome.recomputed += recompute(quarter, commit=False)
    after = _figures(outcome.quarters)
    changed_charters = {
        (charter_id, quarter)
        for (charter_id, quarter, key), figures in after.items() | before.items()
        if before.get((charter_id, quarter, key)) != after.get((charter_id, quarter, key))
    }
    outcome.reports = _published_reports(changed_charters)
    return outcome


def _figures(quarters: list[Period]) -> dict[tuple, tuple]:
    """The stored results of the months and quarters in ``quarters``, per charter."""
    if not quarters:
        return {}
    codes = {str(q): q for q in quarters}
    for quarter in quarters:
        first_month = 3 * quarter.index - 2
        for month in range(first_month, first_month + 3):
            codes[str(Period(quarter.year, "M", month))] = quarter
    rows = db.session.execute(
        select(
            CharterVersion.charter_id,
            Measurement.period,
            Measurement.indicator_id,
            Measurement.numerator,
            Measurement.denominator,
            Measurement.value,
            Measurement.status,
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .join(Commitment, Commitment.id == Indicator.commitment_id)
        .join(CharterVersion, CharterVersion.id == Commitment.version_id)
        .where(Measurement.period.in_([Period.parse(code) for code in codes]))
    )
    return {
        (charter_id, codes[str(period)], (str(period), indicator_id)): tuple(figures)
        for charter_id, period, indicator_id, *figures in rows
    }


def _published_reports(charter_quarters: set[tuple[int, Period]]) -> list[Report]:
    """The latest published revision of each charter's report for those quarters."""
    reports = []
    for charter_id, quarter in sorted(charter_quarters, key=lambda cq: (str(cq[1]), cq[0])):
        latest = db.session.scalar(
            select(Report)
            .where(Report.charter_id == charter_id, Report.period == quarter)
            .order_by(Report.revision.desc())
            .limit(1)
        )
        if latest is not None:
            reports.append(latest)
    return reports


def _clean(reason: dict) -> dict:
    return {lang: text.strip() for lang, text in reason.items() if text and text.strip()}


def _why(changed: dict[date, dict], received_on: date, until: date, language: str) -> str:
    """The reasons of the changed days that fall in an item's period, in its language."""
    reasons = []
    for day in sorted(changed):
        if received_on < day <= until:
            reason = changed[day].get(language) or changed[day].get(SOURCE_LANGUAGE, "")
            if reason not in reasons:
                reasons.append(reason)
    return "; ".join(reasons)


def _audit(action: str, period, by, ip, outcome: Outcome, **detail) -> None:
    single = period.first_day == period.last_day
    audit(
        f"calendar.{'day' if single else 'period'}_{action}",
        by,
        target=period,
        detail={
            "first_day": period.first_day.isoformat(),
            "last_day": period.last_day.isoformat(),
            "reason": period.reason,
            "due_dates_moved": [item.folio for item in outcome.moved],
            "response_times_changed": [item.folio for item in outcome.remeasured],
            "quarters_recomputed": [str(q) for q in outcome.quarters],
            "reports_to_correct": [report.id for report in outcome.reports],
            **detail,
        },
        ip=ip,
    )
