"""The one clock of the application: naive UTC for stored moments, the institution's local date
for deadlines and periods. Nothing else reads the system clock, so a test can reason about time
and a change of ``TIMEZONE`` reaches every rule."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """Naive UTC, as every datetime column of the application."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone() -> ZoneInfo:
    """The institution's time zone (``TIMEZONE``)."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_now() -> datetime:
    """The institution's wall-clock time, naive."""
    return datetime.now(zone()).replace(tzinfo=None)


def local_today() -> date:
    """The institution's calendar date now."""
    return datetime.now(zone()).date()


def local_date(moment: datetime) -> date:
    """The institution's calendar date of a naive UTC moment."""
    return moment.replace(tzinfo=UTC).astimezone(zone()).date()


def utc_at(day: date, at: time = time(0)) -> datetime:
    """The naive UTC moment of local time ``at`` on ``day``."""
    return datetime.combine(day, at, zone()).astimezone(UTC).replace(tzinfo=None)
