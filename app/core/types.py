"""Column types shared by the feature packages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property

from sqlalchemy import JSON, Enum, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

# A translatable content field, by content language (``app.core.languages.CONTENT_LANGUAGES``):
# {"es": "…", "en": "…", "ots": "…"}; Spanish is always present, the others when translated.
Translated = JSON().with_variant(JSONB(), "postgresql")


class WorkingDays(int):
    """A count of working days (días hábiles), distinct from calendar days in code and display."""

    def __repr__(self) -> str:
        return f"WorkingDays({int(self)})"


class WorkingDaysType(TypeDecorator):
    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else int(value)

    def process_result_value(self, value, dialect):
        return None if value is None else WorkingDays(value)


LAST_YEAR = 9998
# A period's code as the open data's schemas describe it: years 0001 to 9998 (whose days are
# all dates), then a quarter or a month.
PERIOD_CODE = (
    r"(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
    r"(-T[1-4]|-M(0[1-9]|1[0-2]))?"
)
# ASCII digits only: "２０２６-T3" would be a second address of every report.
PERIOD_PATTERN = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<kind>[MT])(?P<index>[0-9]{1,2}))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A measurement period: a year (``2024``), a quarter (``2024-T3``) or a month (``2024-M07``).

    The quarter letter is Spanish (trimestre) because the codes appear in public URLs.
    """

    year: int
    kind: str = "A"  # A: year, T: quarter, M: month
    index: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse a period code; raises ``ValueError`` for anything else."""
        match = PERIOD_PATTERN.match(text or "")
        if not match:
            raise ValueError(f"not a period: {text!r}")
        year = int(match["year"])
        # Its first and following days must be dates: no year 0, nor 9999 (its end is in 10000).
        if not 1 <= year <= LAST_YEAR:
            raise ValueError(f"not a period: {text!r}")
        if not match["kind"]:
            return cls(year)
        kind, index = match["kind"], int(match["index"])
        if not 1 <= index <= (4 if kind == "T" else 12):
            raise ValueError(f"not a period: {text!r}")
        return cls(year, kind, index)

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        return cls(day.year, "T", (day.month - 1) // 3 + 1)

    @classmethod
    def containing(cls, day: date, kind: str) -> Period:
        """The year (``A``), quarter (``T``) or month (``M``) that contains ``day``."""
        if kind == "A":
            return cls(day.year)
        return cls.quarter_of(day) if kind == "T" else cls(day.year, "M", day.month)

    @property
    def results_quarter(self) -> Period:
        """The quarter whose results count this period's: its own, a month's, and a year's
        last (the year ends with it)."""
        if self.kind == "T":
            return self
        return Period.quarter_of(self.start if self.kind == "M" else date(self.year, 12, 1))

    def counted_in(self) -> list[Period]:
        """The periods whose results a quarter counts, on the results page and in its reports
        (``results_quarter`` is this one): the quarter, its months and, for the year's last,
        the year."""
        months = [Period(self.year, "M", self.start.month + i) for i in range(3)]
        return [self, *months, *([Period(self.year)] if self.index == 4 else [])]

    def following(self) -> Period:
        """The next period of the same kind."""
        return Period.containing(self.end, self.kind)

    @classmethod
    def span(cls, first: date, last: date, kind: str) -> list[Period]:
        """The periods of one kind that overlap the days from ``first`` to ``last``."""
        periods, period = [], cls.containing(first, kind)
        while period.start <= last:
            periods.append(period)
            period = period.following()
        return periods

    # Remembered on the period (a frozen dataclass keeps them beside its fields, out of its
    # equality and hash): a recomputation reads them a quarter of a million times.
    @cached_property
    def start(self) -> date:
        if self.kind == "A":
            return date(self.year, 1, 1)
        month = self.index if self.kind == "M" else 3 * self.index - 2
        return date(self.year, month, 1)

    @cached_property
    def end(self) -> date:
        """The first day after the period."""
        months = {"A": 12, "T": 3, "M": 1}[self.kind]
        month0 = self.start.month - 1 + months
        return date(self.year + month0 // 12, month0 % 12 + 1, 1)

    def __str__(self) -> str:
        if self.kind == "A":
            return f"{self.year}"
        if self.kind == "T":
            return f"{self.year}-T{self.index}"
        return f"{self.year}-M{self.index:02d}"


class PeriodType(TypeDecorator):
    """Stores a ``Period`` as its code; codes of one kind sort chronologically."""

    impl = String(8)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else Period.parse(value)


def enum_type(enum_cls, name: str | None = None, length: int = 20):
    """A portable enum column storing the members' values (VARCHAR + CHECK on every engine).

    ``name`` names the CHECK constraint; give one when a table has two columns of the same enum.
    """
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        name=name or enum_cls.__name__.lower(),
    )


class LabeledEnum(StrEnum):
    """A string enum whose members carry a translatable label.

    Declared as ``KIND = "value", _l("Etiqueta")``.
    """

    def __new__(cls, value: str, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
