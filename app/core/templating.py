"""Formatting helpers available in every template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache

import flask_babel
from babel import Locale, dates, numbers
from flask import Flask
from jinja2 import pass_eval_context
from markupsafe import Markup, escape

from app.core.charts import CHART_PERIODS, ColumnChart, column_chart
from app.core.forms import error_anchor, page_has_errors
from app.core.i18n import current_language
from app.core.languages import REGISTRY
from app.core.lazy_text import gettext as _
from app.core.lazy_text import ngettext
from app.core.types import Period
from app.core.urls import query_args


@lru_cache(maxsize=64)
def _number_format(pattern: str | None, locale: str) -> tuple[numbers.NumberPattern, Locale]:
    """A pattern parsed and a locale looked up once: Babel's ``format_decimal`` does both again
    for every number, two thirds of its time (a charter's page formats a few dozen numbers not
    formatted before, of the thousands of results a portal shows)."""
    found = Locale.parse(locale)
    return found.decimal_formats[None] if pattern is None else numbers.parse_pattern(pattern), found


@lru_cache(maxsize=8192)
def _formatted(value, pattern: str | None, locale: str) -> str:
    number_format, found = _number_format(pattern, locale)
    return number_format.apply(value, found)


def format_decimal(value, format: str | None = None) -> str:  # noqa: A002 - Babel's name
    """``flask_babel.format_decimal``, remembered: a page of figures formats hundreds of the
    same few numbers, and Babel takes longer to format one than Flask to answer a request.
    Remembered by the locale's name, which is quicker to look up than Flask-Babel's locale."""
    return _formatted(value, format, current_language().locale)


@lru_cache(maxsize=512)
def _formatted_date(value: date, pattern: str, locale: str) -> str:
    return dates.format_date(value, format=pattern, locale=locale)


def format_date(value: date | None = None, format: str = "medium") -> str:  # noqa: A002
    """``flask_babel.format_date`` (the ``dateformat`` filter), remembered for dates: a page of
    months or deadlines formats the same few dates again and again. A moment (``datetime``)
    is first rebased to the institution's time zone, as Flask-Babel does."""
    if value is None or isinstance(value, datetime):
        return flask_babel.format_date(value, format)
    return _formatted_date(value, format, current_language().locale)


def working_days(count: int) -> str:
    return ngettext("%(num)d día hábil", "%(num)d días hábiles", count)


@lru_cache(maxsize=1024)
def _formatted_money(amount: Decimal, locale: str) -> str:
    return numbers.format_currency(amount, "MXN", locale=locale)


def money(amount: Decimal | None) -> str:
    """A cost in pesos, remembered as numbers are (see ``format_decimal``): a page of twenty
    services took longer to format their costs than to find them."""
    if amount is None:
        return _("Gratuito")
    return _formatted_money(amount, current_language().locale)


def quantity(value: Decimal | str | None, unit) -> str:
    """A value with its unit, as the charters state targets and results; published reports
    keep values as text and units as their codes. Every stored decimal is shown: results are
    stored rounded toward their target's comparator (``Comparator.rounded``), and rounding
    them again could make a missed target look met."""
    if value is None:
        return _("sin dato")
    value = Decimal(value)
    number = format_decimal(value, format="#,##0.##")
    plural = 1 if value == 1 else 2  # gettext picks plural forms from integers only
    match getattr(unit, "value", unit):
        case "percent":
            return _("%(number)s %%", number=number)
        case "minutes":
            return ngettext("%(number)s minuto", "%(number)s minutos", plural, number=number)
        case "working_days":
            return ngettext(
                "%(number)s día hábil", "%(number)s días hábiles", plural, number=number
            )
        case "score":
            return _("%(number)s de 5", number=number)
    return number


def period_label(period: Period | str) -> str:
    if isinstance(period, str):  # a code, as published reports keep it
        period = Period.parse(period)
    if period.kind == "T":
        return _("trimestre %(index)d de %(year)d", index=period.index, year=period.year)
    if period.kind == "M":
        return _("mes %(index)d de %(year)d", index=period.index, year=period.year)
    return str(period.year)


def result_chart(indicator, measurements: list) -> ColumnChart:
    """The column chart of an indicator's latest results (``measurements``, newest first):
    the last ``CHART_PERIODS``, oldest first, each against the target in force in its period
    (percentages on a scale of 100)."""
    points = [
        (
            period_short(m.period),
            m.value,
            indicator.in_force(m.period).target,
            m.status.value,
        )
        for m in reversed(measurements[:CHART_PERIODS])
    ]
    ceiling = Decimal(100) if indicator.unit.value == "percent" else None
    return column_chart(points, ceiling, written=lambda value: format_decimal(value, "#,##0.##"))


@dataclass(frozen=True)
class ResultRow:
    """A period's line of an indicator's results table, its cells written (``result_rows``)."""

    period: str
    value: str
    target: str
    cases: str
    status: str  # its code


def result_rows(indicator, measurements: list) -> list[ResultRow]:
    """The lines of an indicator's results table: its latest ``CHART_PERIODS`` results
    (``measurements``, newest first), each against the definition in force in its period.
    Written here rather than by the template, which called a dozen helpers for each line."""
    percent = indicator.unit.value == "percent"
    mean_unit = "working_days" if indicator.source.value == "feedback" else "score"
    average = _("promedio")  # outside the f-string, where the catalog's extraction misses it
    rows = []
    for m in measurements[:CHART_PERIODS]:
        definition = indicator.in_force(m.period)
        value = quantity(m.value, indicator.unit)
        if m.mean is not None and percent:
            value += f" · {average}: {quantity(m.mean, mean_unit)}"
        cases = "–"
        if m.numerator is not None and m.denominator is not None:
            cases = (
                f"{format_decimal(m.numerator, '#,##0')} / {format_decimal(m.denominator, '#,##0')}"
            )
        if m.pending:
            cases += " · " + ngettext(
                "%(num)d caso pendiente", "%(num)d casos pendientes", m.pending
            )
        target = f"{definition.comparator.label} {quantity(definition.target, indicator.unit)}"
        rows.append(ResultRow(period_label(m.period), value, target, cases, m.status.value))
    return rows


def period_short(period: Period) -> str:
    """A period in a few characters, for chart labels."""
    if period.kind == "T":
        return _("T%(index)d %(year)d", index=period.index, year=period.year)
    if period.kind == "M":
        return f"{period.index:02d}/{period.year}"
    return str(period.year)


def _install_gettext(app: Flask) -> None:
    """Templates translate through the app's own catalog domain, with Jinja's "new style"
    (``_("Hola %(name)s", name=…)``, escaping the values in HTML). Each callable is called
    directly: Jinja's own chain (an alias that resolves ``gettext``, which calls the function
    it wraps, each through the template context) and Flask-Babel's domain lookup cost 8 µs a
    string, and a work program's page translates a thousand. Their arguments are positional
    only: a template may pass ``num`` or ``context`` as a value to fill in."""
    catalog = app.extensions["babel"].instance.domain_instance.get_translations

    @pass_eval_context
    def gettext(eval_ctx, string: str, /, **variables):
        return _filled(eval_ctx, catalog().ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, num: int, /, **variables):
        variables.setdefault("num", num)
        return _filled(eval_ctx, catalog().ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext(eval_ctx, context: str, string: str, /, **variables):
        variables.setdefault("context", context)
        return _filled(eval_ctx, catalog().upgettext(context, string), variables)

    @pass_eval_context
    def npgettext(eval_ctx, context: str, singular: str, plural: str, num: int, /, **variables):
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        return _filled(eval_ctx, catalog().unpgettext(context, singular, plural, num), variables)

    app.jinja_env.newstyle_gettext = True  # {% trans %} blocks call them the same way
    app.jinja_env.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext
    )


# Characters that would make a translation markup rather than text. No msgid has any, and a
# translator's upload must not put HTML (or the end of an attribute) into every page.
MARKUP_CHARACTERS = frozenset('<>&"')


def _filled(eval_ctx, text: str, variables: dict):
    """The translated ``text`` with its ``%(name)s`` filled in (always: a literal percent sign
    is written ``%%``), the text and the values escaped in an HTML template."""
    if eval_ctx.autoescape:
        # Plain text is the same escaped or not: only text with markup characters is escaped.
        plain = MARKUP_CHARACTERS.isdisjoint(text)
        text = Markup(text) if plain else escape(text)  # nosec B704 - no markup in plain text
    if not variables and "%" not in text:
        return text  # nothing to fill: formatting Markup took most of a string's time
    return text % variables


def language_name(code: str | None) -> str:
    """A language's name in the page's language (``Náhuatl``, ``Nahuatl``), from the registry;
    the code itself for one no longer registered."""
    language = REGISTRY.get(code) if code else None
    return str(language.name_es) if language is not None else code or ""


def mean_shown(value, better: str = "lower") -> str:
    """A mean (days, a score) with one decimal, rounded the way that never flatters it: up when
    lower is better (days to answer: 6.21 reads 6.3), down when higher is better (a score: 3.95
    reads 3.9, never the 4 it missed)."""
    rounding = ROUND_CEILING if better == "lower" else ROUND_FLOOR
    return format_decimal(
        Decimal(str(value)).quantize(Decimal("0.1"), rounding=rounding), "#,##0.#"
    )


EXTENSION = re.compile(r"\s*(?:ext\.?|extensión)\s*([0-9]+)\s*$", re.IGNORECASE)


def tel_uri(phone: str) -> str:
    """A telephone link (RFC 3966) to a number as staff typed it: its digits and a leading +,
    and its extension (``722 279 8700 ext. 12`` → ``tel:7222798700;ext=12``)."""
    extension = EXTENSION.search(phone)
    number = phone[: extension.start()] if extension else phone
    digits = re.sub(r"[^0-9+]", "", number)
    return f"tel:{digits}" + (f";ext={extension[1]}" if extension else "")


def init_app(app: Flask) -> None:
    _install_gettext(app)
    app.jinja_env.filters.update(
        decimalformat=format_decimal,
        dateformat=format_date,
        working_days=working_days,
        money=money,
        period_label=period_label,
        period_short=period_short,
        isodate=date.fromisoformat,  # dates as published reports keep them
        language_name=language_name,
        tel_uri=tel_uri,
        mean_shown=mean_shown,
    )
    app.jinja_env.globals.update(
        quantity=quantity,
        result_chart=result_chart,
        result_rows=result_rows,
        CHART_PERIODS=CHART_PERIODS,
        query_args=query_args,
        page_has_errors=page_has_errors,
        error_anchor=error_anchor,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
