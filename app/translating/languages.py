"""Languages administrators add in the workspace (``/admin/idiomas``), beside the built-in ones.

Speakers of a language the portal did not ship with (Tlahuica, Matlatzinca…) can be answered in
it, services declare it among their languages of attention, and translators translate the
interface into it: without a developer. Its interface is offered to the public, like any
other, only once its catalog covers the citizen journey. The registry
(``app.core.languages.REGISTRY``) reads these rows through ``stored_languages``."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale
from babel.localedata import locale_identifiers
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import String, cast, func, or_, select

from app.catalog.models import Service
from app.core.clock import utcnow
from app.core.languages import ALIASES, BUILT_IN, Language, LanguageStore
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.extensions import db
from app.feedback.models import Feedback
from app.staff.models import User
from app.staff.services import audit
from app.translating.models import AddedLanguage

CODE = re.compile(r"[a-z]{3}")  # ISO 639-3: the code names the catalog and the URL prefix
# Said by the form too, beside the other fields' problems, before anything is checked here.
CODE_FORMAT = _l("Escriba el código ISO 639-3: tres letras minúsculas, como ocu.")
# A BCP 47 tag in its common shape (language, then script, region or variant subtags).
TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
DEFAULT_LOCALE = "es_MX"
FIELDS = ("tag", "name", "name_es", "locale", "answers", "interface")


def as_language(row: AddedLanguage) -> Language:
    # Not reviewed, like Otomí and Mazahua: community translators write its catalog, and staff
    # pages are offered only in reviewed languages.
    return Language(
        row.code,
        row.tag,
        row.name,
        row.name_es,
        row.locale,
        interface=row.interface,
        answers=row.answers,
        reviewed=False,
    )


def stored_languages() -> list[Language]:
    """The added languages, for the registry. A connection of its own: the registry may be read
    in the middle of a request, whose session must not be flushed nor rolled back by it
    (committed, as every transaction that only reads: app/core/transactions.py)."""
    with db.engine.begin() as connection:
        rows = connection.execute(select(AddedLanguage).order_by(AddedLanguage.code)).all()
    return [as_language(row) for row in rows]


@cache
@cache
def locales() -> dict[str, str]:
    """``{CLDR locale: its name in Spanish}`` of every locale Babel has data for (read once per
    process: a thousand locales to parse)."""
    found = {
        code: Locale.parse(code).get_display_name("es") or code for code in locale_identifiers()
    }
    return dict(sorted(found.items(), key=lambda item: item[1].casefold()))


def _check(values: dict) -> None:
    problems = {}
    if not TAG.fullmatch(values["tag"]):
        problems["etiqueta"] = _("Escriba una etiqueta BCP 47, como ocu o ocu-MX.")
    if values["locale"] not in locales():
        problems["formato"] = _("Elija un formato de fechas y números de la lista.")
    if problems:
        raise RuleError(problems)


def _check_code(code: str) -> None:
    if not CODE.fullmatch(code):
        raise RuleError(
            _("Escriba el código ISO 639-3: tres letras minúsculas, como ocu."), "codigo"
        )
    if code in BUILT_IN or code in ALIASES:
        raise RuleError(_("«%(code)s» es un idioma que el portal ya trae.", code=code), "codigo")
    if db.session.scalar(select(AddedLanguage.id).filter_by(code=code)) is not None:
        raise RuleError(_("Ya se agregó un idioma con el código «%(code)s».", code=code), "codigo")


def _saved(action: str, row: AddedLanguage, by: User, ip: str | None) -> None:
    audit(action, by, row, {"code": row.code, **{name: getattr(row, name) for name in FIELDS}}, ip)
    db.session.commit()
    # This worker lists it at once; the others within ``LANGUAGE_SECONDS``.
    current_app.extensions["language_store"].forget()


def add(code: str, values: dict, by: User, ip: str | None = None) -> AddedLanguage:
    """Add a language (``values``: the ``FIELDS``; an empty tag is the code); audits, commits."""
    values = {**values, "tag": values["tag"] or code}
    _check_code(code)
    _check(values)
    now = utcnow()
    row = AddedLanguage(code=code, created_at=now, updated_at=now, **values)
    db.session.add(row)
    _saved("language.added", row, by, ip)
    return row


def change(row: AddedLanguage, values: dict, by: User, ip: str | None = None) -> None:
    """Change what is said of an added language (its code, the key of everything that names
    it, stays); audits, commits."""
    values = {**values, "tag": values["tag"] or row.code}
    _check(values)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    _saved("language.changed", row, by, ip)


def _naming(column, code: str):
    """Rows whose JSON list ``column`` holds ``code``: the text of the list holds it quoted
    (the same test on SQLite and PostgreSQL, and no JSON operator either lacks)."""
    return cast(column, String).like(f'%"{code}"%')


def uses(code: str) -> list[str]:
    """Why ``code`` cannot be removed: what still names it (nothing: it can)."""
    counts = {
        "services": select(func.count())
        .select_from(Service)
        .where(_naming(Service.languages, code)),
        "items": select(func.count()).select_from(Feedback).where(Feedback.language == code),
        "people": select(func.count())
        .select_from(User)
        .where(or_(_naming(User.languages, code), _naming(User.translation_languages, code))),
    }
    found = {what: db.session.scalar(query) for what, query in counts.items()}
    reasons = []
    if found["services"]:
        reasons.append(
            ngettext(
                "%(num)d trámite o servicio se atiende en este idioma.",
                "%(num)d trámites o servicios se atienden en este idioma.",
                found["services"],
            )
        )
    if found["items"]:
        reasons.append(
            ngettext(
                "%(num)d mensaje pidió la respuesta en este idioma.",
                "%(num)d mensajes pidieron la respuesta en este idioma.",
                found["items"],
            )
        )
    if found["people"]:
        reasons.append(
            ngettext(
                "%(num)d persona del personal responde o traduce en este idioma.",
                "%(num)d personas del personal responden o traducen en este idioma.",
                found["people"],
            )
        )
    return reasons


def remove(row: AddedLanguage, by: User, ip: str | None = None) -> None:
    """Remove an added language nothing names any more (``RuleError`` with what still does);
    audits, commits."""
    reasons = uses(row.code)
    if reasons:
        raise RuleError(" ".join(reasons))
    db.session.delete(row)
    _saved("language.removed", row, by, ip)


def init_app(app) -> None:
    # The registry's languages: the built-in ones with the added ones (app.core.languages).
    app.extensions["language_store"] = LanguageStore(stored_languages)
