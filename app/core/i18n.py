"""Languages of the interface and of the content.

A language has two codes: ``code`` names its gettext catalog, its URL prefix and the ``lang``
attribute; ``locale`` is the CLDR locale used to format dates and numbers, because CLDR has no data
for most indigenous languages of Mexico (Náhuatl is formatted as ``es_MX``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from babel import support
from babel.dates import get_timezone_name
from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_babel import Babel, Domain, get_locale, gettext, refresh
from markupsafe import Markup, escape
from werkzeug.utils import cached_property

from app.core.clock import zone
from app.core.urls import query_args


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as the switcher shows it
    locale: str
    reviewed: bool = True  # False while native speakers have not reviewed the translation


SOURCE_LANGUAGE = "es"
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("es", "Español", "es_MX"),
        Language("en", "English", "en"),
        Language("nah", "Nāhuatl", "es_MX", reviewed=False),
    )
}
# The languages content is translated into, from Spanish.
TARGET_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"


def current_language() -> Language:
    """The language of the current request (Spanish outside a request or before routing)."""
    return g.get("language") or LANGUAGES[SOURCE_LANGUAGE]


@contextmanager
def use_language(code: str) -> Iterator[Language]:
    """Speak another language for a while, e.g. to write an e-mail in the citizen's language."""
    previous = g.get("language")
    g.language = LANGUAGES.get(code, LANGUAGES[SOURCE_LANGUAGE])
    refresh()  # Flask-Babel caches the locale per request
    try:
        yield g.language
    finally:
        g.language = previous
        refresh()


class UILanguageDomain(Domain):
    """Serves the gettext catalog of the request's UI language.

    Flask-Babel picks catalogs by CLDR locale, which would give Náhuatl speakers the Spanish
    catalog (``es_MX``); this domain picks them by our own language code instead. Spanish is the
    source language, so its "catalog" is the msgids themselves.
    """

    def __init__(self) -> None:
        super().__init__(translation_directories=[str(TRANSLATIONS_DIR)])
        self._catalogs: dict[str, support.NullTranslations] = {}

    def get_translations(self) -> support.NullTranslations:
        code = current_language().code
        if code not in self._catalogs:
            self._catalogs[code] = (
                support.NullTranslations()
                if code == SOURCE_LANGUAGE
                else support.Translations.load(str(TRANSLATIONS_DIR), [code])
            )
        return self._catalogs[code]


class PortalBabel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return UILanguageDomain()


def _select_locale() -> str:
    return current_language().locale


def _pull_language(endpoint: str | None, values: dict | None) -> None:
    if values is None:
        # No route matched: the error page still speaks the language the path starts with.
        prefix = request.path.split("/")[1]
        if prefix in LANGUAGES:
            g.language = LANGUAGES[prefix]
        return
    if "lang" not in values:
        return
    language = LANGUAGES.get(values.pop("lang"))
    if language is None:
        abort(404)
    g.language = language


def _add_language(endpoint: str, values: dict) -> None:
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_language().code


def best_language() -> Language:
    """The language the browser prefers among ours (Accept-Language), Spanish by default."""
    code = request.accept_languages.best_match(list(LANGUAGES), default=SOURCE_LANGUAGE)
    return LANGUAGES[code]


def switch_url(code: str) -> str:
    """The current page in another language (its home page when there is no current page)."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        args = query_args("partial")
        return url_for(request.endpoint, **request.view_args, **args, lang=code)
    return url_for("pages.home", lang=code)


def localized(value: dict | None) -> tuple[str, str]:
    """A translatable field's text in the current language and the language it is really in.

    Content fields are stored as ``{"es": …, "nah": …}``. A missing translation falls back to
    Spanish, the language every content field must have.
    """
    if not value:
        return "", SOURCE_LANGUAGE
    code = current_language().code
    if value.get(code):
        return value[code], code
    return value.get(SOURCE_LANGUAGE, ""), SOURCE_LANGUAGE


def tr_text(value: dict | None) -> str:
    """A translatable field as plain text (for ``<title>``, attributes and sorting)."""
    return localized(value)[0]


class Fallback(str):
    """Text that fell back to another language than the page's (``lang``): a plain string
    everywhere, which the markup that shows it marks with its language (a select's option)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Fallback:
        made = super().__new__(cls, text)
        made.lang = lang
        return made


def tr_label(value: dict | None) -> str:
    """A translatable field as plain text that remembers when it fell back (``Fallback``), for
    the labels of choices: ``core.forms.options`` gives their option the right ``lang``."""
    text, lang = localized(value)
    return Fallback(text, lang) if lang != current_language().code else text


def review_marker(lang: str, source: str, text: str) -> str:
    """What names a translation ``text`` into ``lang`` that is older than its Spanish
    ``source`` (it was written from another Spanish text and waits for review)."""
    return sha256("\0".join((lang, source, text)).encode()).hexdigest()


def in_review(value: dict | None, lang: str) -> bool:
    """Whether the translation of ``value`` into ``lang`` waits for review because its Spanish
    source changed. The markers of a language are read once per request, from the lookup the
    translations package registers (none: nothing is in review)."""
    lookup = current_app.extensions.get("translations_in_review")
    if lookup is None or lang == SOURCE_LANGUAGE or not value:
        return False
    markers = g.setdefault("translations_in_review", {})
    if lang not in markers:
        markers[lang] = lookup(lang)
    if not markers[lang]:
        return False
    return review_marker(lang, value.get(SOURCE_LANGUAGE, ""), value[lang]) in markers[lang]


def _review_note() -> Markup:
    return Markup('<small class="in-review">({})</small>').format(gettext("Traducción en revisión"))


def tr(value: dict | None) -> Markup:
    """A translatable field as inline HTML; text that fell back carries its own ``lang``, and a
    translation older than its Spanish source says it is in review."""
    text, lang = localized(value)
    if lang != current_language().code:
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    if in_review(value, lang):
        return Markup("{} {}").format(text, _review_note())
    return escape(text)


def tr_paragraphs(value: dict | None) -> Markup:
    """A multi-paragraph translatable field as ``<p>`` elements (blank lines separate them),
    then a note when the translation is older than its Spanish source."""
    text, lang = localized(value)
    lang_attr = Markup(' lang="{}"').format(lang) if lang != current_language().code else ""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    html = Markup("").join(Markup("<p{}>{}</p>").format(lang_attr, p) for p in paragraphs)
    if not lang_attr and in_review(value, lang):
        html += Markup("<p>{}</p>").format(_review_note())
    return html


def in_locale(text: str) -> Markup:
    """Text the locale formatted (a date, a month) as inline HTML: on a page whose language
    has no locale data of its own (Náhuatl is formatted as ``es_MX``) it is Spanish, and says
    so, so that a screen reader reads it as Spanish inside a Náhuatl sentence (WCAG 3.1.2)."""
    language = current_language()
    spoken = language.locale.split("_")[0]
    if spoken == language.code:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(spoken, text)


def zone_name() -> str:
    """The institution's time zone in words, for the times staff read ("hora central")."""
    name = get_timezone_name(zone(), width="long", zone_variant="generic", locale=get_locale())
    return f"{name}, {current_app.config['TIMEZONE']}"


def init_app(app: Flask, babel: Babel) -> None:
    # Times are shown in the institution's time zone (they are stored in UTC).
    babel.init_app(
        app,
        default_locale="es_MX",
        default_timezone=app.config["TIMEZONE"],
        locale_selector=_select_locale,
    )
    app.jinja_env.filters["in_locale"] = in_locale
    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_add_language)
    app.jinja_env.globals.update(
        languages=LANGUAGES.values(),
        current_language=current_language,
        switch_url=switch_url,
        tr=tr,
        tr_text=tr_text,
        tr_label=tr_label,
        tr_paragraphs=tr_paragraphs,
        zone_name=zone_name,
    )

    @app.get("/")
    def root():
        response = redirect(url_for("pages.home", lang=best_language().code))
        response.vary.add("Accept-Language")
        return response
