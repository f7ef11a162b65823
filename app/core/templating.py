"""Formatting helpers available in every template."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask_babel import format_currency, format_decimal, ngettext
from flask_babel import gettext as _

from app.core.types import Period


def working_days(count: int) -> str:
    return ngettext("%(num)d día hábil", "%(num)d días hábiles", count)


def money(amount: Decimal | None) -> str:
    if amount is None:
        return _("Gratuito")
    return format_currency(amount, "MXN")


def quantity(value: Decimal | None, unit) -> str:
    """A value with its unit, as the charters state targets and results."""
    if value is None:
        return _("sin dato")
    number = format_decimal(value, format="#,##0.#")
    plural = 1 if value == 1 else 2  # gettext picks plural forms from integers only
    match unit.value:
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


def period_label(period: Period) -> str:
    if period.kind == "T":
        return _("trimestre %(index)d de %(year)d", index=period.index, year=period.year)
    if period.kind == "M":
        return _("mes %(index)d de %(year)d", index=period.index, year=period.year)
    return str(period.year)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(working_days=working_days, money=money, period_label=period_label)
    app.jinja_env.globals.update(quantity=quantity)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
