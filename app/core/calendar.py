"""The working-day calendar: which days count towards a legal time limit (días hábiles).

A day is a working day unless it is a weekend, a national holiday of Mexico (from the
``holidays`` package) or a day the institution declares non-working. The institution declares
periods (``NonWorkingPeriod``: a single day, or a vacation from its first to its last day, with a
reason); each is stored expanded, one ``NonWorkingDay`` row per day, so that the calendar loads
every declared day in one query on one small table.
Periods follow Mexican administrative practice: the day of receipt does not count, so a period
of ``n`` working days that starts on ``start`` ends on the ``n``-th working day after ``start``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.i18n import SOURCE_LANGUAGE
from app.core.types import Translated
from app.extensions import db

Pause = tuple[date, date | None]
ONE_DAY = timedelta(days=1)


class NonWorkingPeriod(db.Model):
    """Days the institution declares non-working, from ``first_day`` to ``last_day`` (both
    inclusive: one day when they are equal), and why ("Vacaciones de invierno")."""

    __tablename__ = "non_working_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_day: Mapped[date] = mapped_column(index=True)
    last_day: Mapped[date]
    reason: Mapped[dict] = mapped_column(Translated)

    days: Mapped[list[NonWorkingDay]] = relationship(
        back_populates="period", order_by="NonWorkingDay.day", cascade="all, delete-orphan"
    )

    @classmethod
    def declare(cls, first_day: date, last_day: date, reason: dict) -> NonWorkingPeriod:
        """A new period with its days (not added to the session)."""
        period = cls(first_day=first_day, last_day=last_day, reason=reason)
        period.expand()
        return period

    def expand(self) -> None:
        """Make the period's day rows match its dates and reason (after a change)."""
        wanted = set(self.dates())
        self.days = [day for day in self.days if day.day in wanted]
        kept = {day.day for day in self.days}
        for day in self.days:
            day.description = dict(self.reason)
        self.days.extend(
            NonWorkingDay(day=d, description=dict(self.reason)) for d in sorted(wanted - kept)
        )

    @property
    def length(self) -> int:
        """How many calendar days the period has."""
        return (self.last_day - self.first_day).days + 1

    def dates(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.length)]


class NonWorkingDay(db.Model):
    """One day of a declared period (Holy Thursday, Dec 12, each day of a vacation…), with the
    period's reason: what the calendar reads."""

    __tablename__ = "non_working_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    description: Mapped[dict] = mapped_column(Translated)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("non_working_periods.id", ondelete="CASCADE"), index=True
    )

    period: Mapped[NonWorkingPeriod] = relationship(back_populates="days")


def _days_after(start: date, end: date) -> Iterator[date]:
    """The days in ``(start, end]``: periods never count their first day."""
    day = start + ONE_DAY
    while day <= end:
        yield day
        day += ONE_DAY


def _weekdays_until(day: date) -> int:
    """How many days from Monday 1 January of year 1 to ``day`` (both included) are Monday to
    Friday: whole weeks of five, and the days of the last week up to Friday."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _paused(day: date, pauses: Sequence[Pause]) -> bool:
    """Whether a pause ``(a, b)`` suspends ``day``, i.e. ``a < day <= b`` (``b`` None: open)."""
    return any(a < day and (b is None or day <= b) for a, b in pauses)


# Read on most staff pages: built once (see ``app.core.loading``).
_DECLARED_DAYS = select(NonWorkingDay.day, NonWorkingDay.description)


class WorkingCalendar:
    """Counts working days; holidays are computed once per year, and never from the database.

    ``declared`` lists the institution's non-working days, with their names when it is a mapping
    (a declared day without a name is explained by its national holiday name, if any, or not).
    """

    def __init__(self, declared: Mapping[date, str] | Iterable[date] = ()) -> None:
        if isinstance(declared, Mapping):
            self._declared = dict(declared)
        else:
            self._declared = dict.fromkeys(declared, "")
        self._national: dict[int, Mapping[date, str]] = {}
        self._closed: dict[int, list[date]] = {}

    @staticmethod
    @cache
    def national_holidays(year: int) -> Mapping[date, str]:
        """The national holidays of Mexico in ``year`` the calendar knows, names in Spanish.
        Worked out once per process (they are fixed by law, and a year takes a millisecond,
        which every page with due dates paid per year shown)."""
        import holidays  # every country's calendar: loaded when working days are first counted

        return MappingProxyType(
            dict(holidays.country_holidays("MX", years=year, language=SOURCE_LANGUAGE))
        )

    @classmethod
    def load(cls) -> WorkingCalendar:
        """The calendar with the declared days stored in the database (one query)."""
        rows = db.session.execute(_DECLARED_DAYS)
        return cls({day: text.get(SOURCE_LANGUAGE, "") for day, text in rows})

    def holiday_name(self, day: date) -> str | None:
        """Why ``day`` is a holiday or declared day (None if it is neither); names in Spanish."""
        if day.year not in self._national:
            self._national[day.year] = self.national_holidays(day.year)
        national = self._national[day.year].get(day)
        if day in self._declared:
            return self._declared[day] or national or ""
        return national

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``: 0 when ``end <= start``.

        The inverse of ``add_working_days``: ``working_days_between(s, add_working_days(s, n))``
        is ``n``.
        """
        if end <= start:
            return 0
        # Weekdays by arithmetic, less the holidays and declared days on weekdays, found by
        # bisection in each year's sorted list (an inbox page counts this for every row).
        off = 0
        for year in range(start.year, end.year + 1):
            closed = self._closed_weekdays(year)
            off += bisect_right(closed, end) - bisect_right(closed, start)
        return _weekdays_until(end) - _weekdays_until(start) - off

    def _closed_weekdays(self, year: int) -> list[date]:
        """The holidays and declared days of ``year`` that fall on a weekday, sorted."""
        found = self._closed.get(year)
        if found is None:
            if year not in self._national:
                self._national[year] = self.national_holidays(year)
            days = {day for day in self._declared if day.year == year} | set(self._national[year])
            found = self._closed[year] = sorted(day for day in days if day.weekday() < 5)
        return found

    def add_working_days(self, start: date, days: int) -> date:
        """The last day of a period of ``days`` working days received on ``start``.

        The day of receipt does not count, even when it is a working day: the result is the
        ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0).
        """
        return self.due_date(start, days, ())

    def due_date(self, start: date, days: int, pauses: Sequence[Pause]) -> date | None:
        """The end of the period when the clock stops during ``pauses`` (prevenciones).

        A pause ``(a, b)`` suspends the working days in ``(a, b]``: the day the institution asks
        the citizen still counts, the day the citizen answers does not. Each working day after
        ``start`` that no pause suspends counts once, however pauses overlap; the result is the
        ``days``-th counted day. While a pause is open (``b`` None) the clock is stopped and
        there is no due date: None.
        """
        if any(end is None for _, end in pauses):
            return None
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            if self.is_working_day(day) and not _paused(day, pauses):
                counted += 1
        return day

    def elapsed_working_days(self, start: date, end: date, pauses: Sequence[Pause]) -> int:
        """Working days in ``(start, end]`` that no pause suspends: a response time.

        Pauses are read as in ``due_date``; an open pause suspends every day after its start.
        Answering on the due date takes exactly the period:
        ``elapsed_working_days(s, due_date(s, n, p), p)`` is ``n``.
        """
        return sum(
            1
            for day in _days_after(start, end)
            if self.is_working_day(day) and not _paused(day, pauses)
        )

    def non_working_days_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """The holidays and declared days in ``(start, end]`` that fall on a weekday, by date.

        These are what a citizen needs explained ("no cuenta el 16 de noviembre: Día de la
        Revolución"); weekends, and holidays on a weekend, change nothing and are left out.
        """
        return [
            (day, name)
            for day in _days_after(start, end)
            if day.weekday() < 5 and (name := self.holiday_name(day)) is not None
        ]
