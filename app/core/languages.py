"""The registry of languages: every language the portal knows, in one place.

The languages of attention of a service, the languages a citizen may ask to be answered in, the
languages staff answer in, the languages translators work on and the language switcher all come
from ``REGISTRY``. To add a language, add a line here (and, for the interface, a catalog in
app/translations/<code>): it is offered in the switcher once its catalog covers the citizen
journey (see ``app.core.i18n.offered_languages``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Language:
    code: str  # gettext catalog, URL prefix and ``lang`` attribute
    tag: str  # ISO 639-3 / BCP 47 tag, for the open data
    name: str  # in the language itself, as the switcher shows it
    name_es: object  # in Spanish (a msgid), as lists of languages show it
    locale: str  # CLDR locale of dates and numbers (most indigenous languages lack CLDR data)
    interface: bool = False  # has an interface catalog (offered once it covers the journey)
    answers: bool = False  # the institution answers written messages in it
    content: bool = False  # content fields (names, descriptions) are written in it
    reviewed: bool = True  # False while native speakers have not reviewed its catalog
    aliases: tuple[str, ...] = ()  # older codes still accepted on import

    def __str__(self) -> str:
        return str(self.name_es)


SOURCE_LANGUAGE = "es"

REGISTRY: dict[str, Language] = {
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

ALIASES = {alias: lang.code for lang in REGISTRY.values() for alias in lang.aliases}


def canonical(code: str) -> str:
    """The registered code of ``code``, which may be an older one (``lsm`` → ``mfs``)."""
    code = code.strip()
    return ALIASES.get(code, code)


# Content fields are stored in these languages (one form field and one open-data column each).
CONTENT_LANGUAGES = {code: lang for code, lang in REGISTRY.items() if lang.content}
# Languages with an interface catalog (the switcher offers those whose catalog covers enough).
INTERFACE_LANGUAGES = {code: lang for code, lang in REGISTRY.items() if lang.interface}
# Languages translators may be assigned (Spanish is the source): the interface strings of each,
# and the content fields of those among CONTENT_LANGUAGES.
TRANSLATION_LANGUAGES = [code for code in INTERFACE_LANGUAGES if code != SOURCE_LANGUAGE]
# Languages the institution answers in (citizens choose among them; staff declare theirs).
ANSWER_LANGUAGES = {code: lang for code, lang in REGISTRY.items() if lang.answers}


def names(languages: dict[str, Language] | None = None) -> dict[str, object]:
    """``{code: Spanish name}`` of ``languages`` (all of them by default), for choices."""
    return {code: lang.name_es for code, lang in (languages or REGISTRY).items()}


def autonyms(languages: dict[str, Language]) -> dict[str, str]:
    """``{code: name in itself}``, for choices a speaker of that language must recognise."""
    return {code: lang.name for code, lang in languages.items()}
