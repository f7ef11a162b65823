"""The registry of languages: every language the portal knows, in one place.

The languages of attention of a service, the languages a citizen may ask to be answered in, the
languages staff answer in, the languages translators work on and the language switcher all come
from ``REGISTRY``: the built-in languages below and those an administrator added in the
workspace (``/admin/idiomas``), which a lookup registered as the ``language_store`` extension
reads from the database. A language with an interface catalog is offered in the switcher once
its catalog covers the citizen journey (see ``app.core.i18n.offered_languages``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy.exc import SQLAlchemyError

from app.core.lazy_text import lazy_gettext as _l


@dataclass(frozen=True)
class Language:
    code: str  # gettext catalog, URL prefix and ``lang`` attribute
    tag: str  # ISO 639-3 / BCP 47 tag, for the open data
    name: str  # in the language itself, as the switcher shows it
    name_es: object  # in Spanish (a msgid; as typed for an added language), as lists show it
    locale: str  # CLDR locale of dates and numbers (most indigenous languages lack CLDR data)
    interface: bool = False  # has an interface catalog (offered once it covers the journey)
    answers: bool = False  # the institution answers written messages in it
    content: bool = False  # content fields (names, descriptions) are written in it
    reviewed: bool = True  # False while native speakers have not reviewed its catalog
    aliases: tuple[str, ...] = ()  # older codes still accepted on import

    def __str__(self) -> str:
        return str(self.name_es)


SOURCE_LANGUAGE = "es"

# Languages shipped with the portal: their names are msgids, some write content (a form field and
# an open-data column each), and only a developer changes them.
BUILT_IN: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("es", "es", "Español", _l("Español"), "es_MX", True, True, True),
        Language("en", "en", "English", _l("Inglés"), "en", True, True, True),
        Language("nah", "nah", "Nāhuatl", _l("Náhuatl"), "es_MX", True, True, True, reviewed=False),
        # Otomí of the Estado de México (ISO 639-3 ots); "oto" named Otomí before.
        Language(
            "ots",
            "ots",
            "Hñähñu",
            _l("Otomí del Estado de México"),
            "es_MX",
            interface=True,
            answers=True,
            content=True,
            reviewed=False,
            aliases=("oto",),
        ),
        # Mazahua (ISO 639-3 maz).
        Language(
            "maz",
            "maz",
            "Jñatrjo",
            _l("Mazahua"),
            "es_MX",
            interface=True,
            answers=True,
            content=True,
            reviewed=False,
        ),
        # Mexican Sign Language: ISO 639-3 mfs ("lsm" is a language of Kenya).
        Language(
            "mfs",
            "mfs",
            "Lengua de Señas Mexicana",
            _l("Lengua de Señas Mexicana"),
            "es_MX",
            aliases=("lsm",),
        ),
    )
}

ALIASES = {alias: lang.code for lang in BUILT_IN.values() for alias in lang.aliases}

# How long a worker keeps the added languages before it reads them again (at once in the worker
# that saved one), like the interface catalogs (``app.core.i18n.CATALOG_SECONDS``).
LANGUAGE_SECONDS = 60
RETRY_SECONDS = 5  # when the database could not be read


class LanguageStore:
    """The built-in languages with those ``lookup`` reads from the database, per worker.

    A database that cannot be read leaves the built-in languages only: every page keeps working
    (in Spanish at worst), none fails because of a language list."""

    def __init__(self, lookup: Callable[[], Iterable[Language]]) -> None:
        self._lookup = lookup
        self._until = 0.0
        self._languages = BUILT_IN

    def languages(self) -> dict[str, Language]:
        if self._until < time.monotonic():
            try:
                added, seconds = list(self._lookup()), LANGUAGE_SECONDS
            except SQLAlchemyError:
                added, seconds = [], RETRY_SECONDS
            # A built-in code always names the built-in language (the store refuses them too).
            self._languages = BUILT_IN | {
                lang.code: lang for lang in added if lang.code not in BUILT_IN
            }
            self._until = time.monotonic() + seconds
        return self._languages

    def forget(self) -> None:
        """Read the added languages again at the next use (after a save, in this worker)."""
        self._until = 0.0


def all_languages() -> dict[str, Language]:
    """Every language: the built-in ones, and those added (only inside an application)."""
    store = current_app.extensions.get("language_store") if has_app_context() else None
    return store.languages() if store is not None else BUILT_IN


class Languages(Mapping):
    """A live ``{code: Language}`` view of the registry, kept to the languages ``keep`` accepts:
    it follows the languages administrators add, so a list of languages built from it (a
    form's choices, the switcher) must be built when it is used, not when a module loads."""

    def __init__(self, keep: Callable[[Language], bool] = lambda lang: True) -> None:
        self._keep = keep

    def _current(self) -> dict[str, Language]:
        return {code: lang for code, lang in all_languages().items() if self._keep(lang)}

    def __getitem__(self, code: str) -> Language:
        # A built-in code is answered without the store: a page served from the cache reads
        # nothing from the database, not even the added languages.
        lang = BUILT_IN.get(code) or all_languages()[code]
        if not self._keep(lang):
            raise KeyError(code)
        return lang

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    # Every page walks these (the switcher): one filtering each, not one per key.
    def items(self):
        return self._current().items()

    def values(self):
        return self._current().values()

    def __repr__(self) -> str:
        return f"Languages({list(self)})"


REGISTRY = Languages()


def canonical(code: str) -> str:
    """The registered code of ``code``, which may be an older one (``lsm`` → ``mfs``)."""
    code = code.strip()
    return ALIASES.get(code, code)


# Content fields are stored in these languages (one form field and one open-data column each):
# built-in only, as the columns of the open data and of the import files are fixed.
CONTENT_LANGUAGES = {code: lang for code, lang in BUILT_IN.items() if lang.content}
# Languages with an interface catalog (the switcher offers those whose catalog covers enough).
INTERFACE_LANGUAGES = Languages(lambda lang: lang.interface)
# Languages translators may be assigned (Spanish is the source): the interface strings of each,
# and the content fields of those among CONTENT_LANGUAGES.
TRANSLATION_LANGUAGES = Languages(lambda lang: lang.interface and lang.code != SOURCE_LANGUAGE)
# Languages the institution answers in (citizens choose among them; staff declare theirs).
ANSWER_LANGUAGES = Languages(lambda lang: lang.answers)


def names(languages: Mapping[str, Language] | None = None) -> dict[str, object]:
    """``{code: Spanish name}`` of ``languages`` (all of them by default), for choices."""
    return {code: lang.name_es for code, lang in (languages or REGISTRY).items()}


def autonyms(languages: Mapping[str, Language]) -> dict[str, str]:
    """``{code: name in itself}``, for choices a speaker of that language must recognise."""
    return {code: lang.name for code, lang in languages.items()}
