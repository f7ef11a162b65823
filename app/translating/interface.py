"""Translating the interface (the gettext strings of pages and forms) by PO file.

A community translator downloads the PO file of their language (every string, with what is
translated so far), translates it with any PO editor and uploads it. The uploaded translations are
kept in the database (``InterfaceTranslation``) and laid over the shipped catalog when the
application loads it: they reach every worker without compiling .mo files or restarting, and
``make run`` or a deployment that compiles the shipped catalogs does not lose them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.clock import utcnow
from app.core.i18n import TRANSLATIONS_DIR, formattable, interface_catalogs
from app.core.languages import REGISTRY, TRANSLATION_LANGUAGES
from app.extensions import db
from app.staff.models import INSTITUTION_ROLES, Role, User
from app.staff.services import audit
from app.translating.models import InterfaceTranslation

PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifr]")
MAX_PROBLEMS = 20  # listed after an upload; the rest are counted


class PoProblem(ValueError):
    """An uploaded PO file that is refused, with what is wrong in it."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def interface_languages_for(user: User) -> list[str]:
    """The interface languages ``user`` may translate: a translator those assigned, an admin
    or a coordinator every one. The interface's words belong to no dependency: a manager, whose
    scope is a dependency, would change them on every page of the institution."""
    if user.role is Role.TRANSLATOR:
        assigned = set(user.translation_languages or ())
        return [code for code in TRANSLATION_LANGUAGES if code in assigned]
    if user.role in INSTITUTION_ROLES:
        return list(TRANSLATION_LANGUAGES)
    return []


def _read(path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


@cache
def source_messages() -> dict[str, object]:
    """Every interface string by msgid (the English catalog translates every one of them)."""
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in _read(_po_path("en")) if m.id}


def _po_path(code: str):
    return TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"


def _uploaded(code: str) -> dict[str, list[str]]:
    rows = db.session.execute(
        select(InterfaceTranslation.msgid, InterfaceTranslation.strings).where(
            InterfaceTranslation.lang == code
        )
    )
    return {msgid: list(strings) for msgid, strings in rows}


def uploaded_translations() -> dict[str, list]:
    """``{language: [[msgid, [text, …]], …]}`` of every uploaded interface translation, for
    ``InterfaceCatalogs`` (one text, or one per plural form)."""
    found: dict[str, list] = {}
    # A connection of its own: a catalog may be (re)loaded in the middle of a request, whose
    # session must not be flushed nor rolled back by it. Committed, as every transaction that
    # only reads (app/core/transactions.py).
    with db.engine.begin() as connection:
        rows = connection.execute(
            select(
                InterfaceTranslation.lang, InterfaceTranslation.msgid, InterfaceTranslation.strings
            ).order_by(InterfaceTranslation.id)
        ).all()
    for lang, msgid, strings in rows:
        if strings and all(strings):
            found.setdefault(lang, []).append([msgid, list(strings)])
    return found


def _shipped_strings(code: str) -> dict[str, tuple[str, ...]]:
    path = _po_path(code)
    if not path.exists():
        return {}
    found = {}
    for message in _read(path):
        if not message.id or message.fuzzy:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found[key] = strings
    return found


def export_po(code: str) -> bytes:
    """The PO file of ``code``: every interface string with its current translation (the
    uploaded one, else the shipped one), empty where there is none yet."""
    language = REGISTRY[code]
    shipped, uploaded = _shipped_strings(code), _uploaded(code)
    catalog = Catalog(
        locale=None,
        project="cartas-portal",
        version="",
        language_team=language.name,
        fuzzy=False,
        header_comment=(
            f"# {language.name} ({code}) interface catalog of the citizen-charter portal.\n"
            + (
                ""
                if language.reviewed
                else "# PENDING REVIEW: this translation awaits review by native speakers.\n"
            )
        ),
    )
    catalog._num_plurals, catalog._plural_expr = 2, "(n != 1)"
    for msgid, message in source_messages().items():
        strings = uploaded.get(msgid) or shipped.get(msgid)
        if message.pluralizable:
            string = tuple(strings or ()) + ("", "")
            catalog.add(message.id, string[:2], flags=message.flags)
        else:
            catalog.add(msgid, (strings or ("",))[0], flags=message.flags)
    out = BytesIO()
    write_po(out, catalog, width=100)
    # Babel writes no Language header without a CLDR locale (most of ours have none).
    return out.getvalue().replace(
        b'"Language-Team:', f'"Language: {code}\\n"\n"Language-Team:'.encode(), 1
    )


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _check(message, known) -> str | None:
    """Why the translation of ``message`` cannot be taken (None: it can)."""
    key = message.id if isinstance(message.id, str) else message.id[0]
    source = known.get(key)
    if source is None:
        return _(
            "línea %(line)d: el texto «%(msgid)s» no existe en el portal.",
            line=message.lineno,
            msgid=key[:80],
        )
    if source.pluralizable != isinstance(message.id, tuple | list):
        return _(
            "línea %(line)d: el texto «%(msgid)s» tiene formas de plural distintas en el portal.",
            line=message.lineno,
            msgid=key[:80],
        )
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    ids = source.id if isinstance(source.id, tuple) else (source.id,)
    expected = set().union(*(_names(text) for text in ids))
    for string in strings:
        if not string:
            continue
        if not formattable(string):
            return _(
                "línea %(line)d: un signo «%%» solo no puede ir en la traducción; escriba «%%%%» "
                "para mostrar «%%».",
                line=message.lineno,
            )
        if _names(string) - expected:
            return _(
                "línea %(line)d: la traducción usa marcadores que el texto original no tiene.",
                line=message.lineno,
            )
        if not source.pluralizable and _names(string) != _names(ids[0]):
            return _(
                "línea %(line)d: la traducción debe conservar los marcadores %(names)s.",
                line=message.lineno,
                names=", ".join(f"%({name})s" for name in sorted(_names(ids[0]))),
            )
    return None


def import_po(code: str, data: bytes, by: User, ip: str | None = None) -> int:
    """Take the translations of an uploaded PO file of ``code``: all of them or, when any is
    wrong (a broken file, a string the portal does not have, a placeholder lost), none
    (``PoProblem``). Empty and fuzzy entries are skipped. Returns how many translations
    changed; audits and commits."""
    try:
        # A byte order mark (Windows editors write one) is not part of the file's text.
        catalog = read_po(BytesIO(data.removeprefix(codecs.BOM_UTF8)), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise PoProblem(
            [_("El archivo no es un archivo PO válido: %(error)s", error=str(error))]
        ) from None
    declared = (catalog.mime_headers and dict(catalog.mime_headers).get("Language")) or ""
    if declared.strip() and declared.strip() != code:
        raise PoProblem(
            [
                _(
                    "El archivo es del idioma «%(found)s», no de «%(lang)s».",
                    found=declared,
                    lang=code,
                )
            ]
        )
    known, problems, taken = source_messages(), [], {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        problem = _check(message, known)
        if problem:
            problems.append(problem)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if any(strings):
            key = message.id if isinstance(message.id, str) else message.id[0]
            taken[key] = list(strings)
    if problems:
        more = len(problems) - MAX_PROBLEMS
        listed = problems[:MAX_PROBLEMS]
        if more > 0:
            listed.append(_("y %(num)d problemas más.", num=more))
        raise PoProblem(listed)
    shipped = _shipped_strings(code)
    rows = {
        row.msgid: row
        for row in db.session.scalars(
            select(InterfaceTranslation).where(InterfaceTranslation.lang == code)
        )
    }
    changed = 0
    for msgid, strings in taken.items():
        row = rows.get(msgid)
        current = list(row.strings) if row else list(shipped.get(msgid, ()))
        if strings == current:
            continue
        if row is None:
            row = InterfaceTranslation(lang=code, msgid=msgid)
            db.session.add(row)
        row.strings, row.updated_at, row.updated_by_id = strings, utcnow(), by.id
        changed += 1
    if changed:
        audit(
            "interface_translations.uploaded", by, None, {"language": code, "changed": changed}, ip
        )
        db.session.commit()
        interface_catalogs().forget()
    return changed


@dataclass
class InterfaceProgress:
    lang: str
    journey: int  # percentage of the citizen journey's strings translated
    threshold: int
    translated: int  # of every interface string
    total: int

    @property
    def offered(self) -> bool:
        return self.journey >= self.threshold


def interface_progress(code: str) -> InterfaceProgress:
    catalogs = interface_catalogs()
    known = source_messages()
    done = len(catalogs.translated(code) & set(known))
    return InterfaceProgress(
        code,
        catalogs.coverage(code),
        current_app.config["INTERFACE_LANGUAGE_THRESHOLD"],
        done,
        len(known),
    )
