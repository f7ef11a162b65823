"""Languages of the interface and of the content.

A language has two codes: ``code`` names its gettext catalog, its URL prefix and the ``lang``
attribute; ``locale`` is the CLDR locale used to format dates and numbers, because CLDR has no data
for most indigenous languages of Mexico (Náhuatl is formatted as ``es_MX``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from babel import support
from babel.dates import get_timezone_name
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from flask import (
    Flask,
    abort,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_babel import Babel, Domain, get_locale, gettext, refresh
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.utils import cached_property

from app.core import lazy_text
from app.core.cache import remember
from app.core.clock import zone
from app.core.languages import (
    CONTENT_LANGUAGES,
    INTERFACE_LANGUAGES,
    REGISTRY,
    SOURCE_LANGUAGE,
    Language,
)
from app.core.urls import query_args

# Content fields are written in these languages (a form field and an open-data column each).
LANGUAGES: dict[str, Language] = CONTENT_LANGUAGES
# The languages content is translated into, from Spanish.
TARGET_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"


def current_language() -> Language:
    """The language of the current request (Spanish outside a request or before routing)."""
    # ``g`` resolved once: the proxy's own lookup of ``g.get`` took longer than the rest, and a
    # charter's page asks for its language five hundred times (every number and date shown).
    return getattr(g._get_current_object(), "language", None) or REGISTRY[SOURCE_LANGUAGE]


@contextmanager
def use_language(code: str) -> Iterator[Language]:
    """Speak another language for a while, e.g. to write an e-mail in the citizen's language."""
    previous = g.get("language")
    # A language not offered yet (its catalog is mostly missing, its pages answer 404) gives
    # way to Spanish: links in an e-mail must open.
    offered = code in INTERFACE_LANGUAGES and is_offered(code)
    g.language = INTERFACE_LANGUAGES[code] if offered else REGISTRY[SOURCE_LANGUAGE]
    refresh()  # Flask-Babel caches the locale per request
    try:
        yield g.language
    finally:
        g.language = previous
        refresh()


# How long a worker keeps an interface catalog merged with the translators' work before it reads
# that work again (at once in the worker that took an upload).
CATALOG_SECONDS = 60
RETRY_SECONDS = 5  # when the database could not be read


class _AnyValue(dict):
    def __missing__(self, key):
        return 0


def formattable(text: str) -> bool:
    """Whether ``text`` can be filled in as every msgid is (``%(name)s`` placeholders, a
    literal percent sign written ``%%``): a translation that cannot would fail every page
    that shows it."""
    try:
        text % _AnyValue()
    except (ValueError, TypeError):
        return False
    return True


@dataclass
class _Merged:
    """An interface catalog as a worker keeps it: built from the translators' work ``layer``
    (``None``: the database could not be read), and read again after ``until``."""

    layer: list | None
    catalog: support.Translations
    translated: frozenset[str]
    until: float = 0.0

    @cached_property
    def version(self) -> str:
        """What the translators' work in it was, the same in every worker that holds it."""
        text = json.dumps(self.layer, ensure_ascii=False, sort_keys=True)
        return sha256(text.encode()).hexdigest()[:12]


class InterfaceCatalogs:
    """The interface catalogs: the shipped ones (compiled .mo files) with the translations
    translators uploaded laid over them, and how much of the citizen journey each covers.

    Translators' work lives in the database (the lookup the translations package registers as
    ``interface_translations``), so it reaches every worker without compiling or restarting:
    a worker reads it again after ``CATALOG_SECONDS`` (the one that took an upload at once),
    and builds a catalog again only when that work changed.
    """

    def __init__(self) -> None:
        self._merged: dict[str, _Merged] = {}
        self._shipped_catalogs: dict[str, tuple[dict, object]] = {}
        self._journey: set[str] | None = None
        self._ids: dict[str, frozenset[str]] = {}
        self._coverage: dict[str, tuple[frozenset[str], int]] = {}

    def _shipped(self, code: str) -> tuple[dict, object]:
        """The shipped catalog's strings and plural rule, read once per worker (they change
        only with a release)."""
        if code not in self._shipped_catalogs:
            shipped = support.Translations.load(str(TRANSLATIONS_DIR), [code])
            self._shipped_catalogs[code] = (
                getattr(shipped, "_catalog", {}),
                getattr(shipped, "plural", lambda n: int(n != 1)),
            )
        return self._shipped_catalogs[code]

    def _build(self, code: str, layer: list) -> tuple[support.Translations, frozenset[str]]:
        strings, plural = self._shipped(code)
        catalog = support.Translations()
        catalog._catalog = dict(strings)
        catalog.plural = plural
        translated = set(self._shipped_ids(code))
        for msgid, texts in layer:
            # Refused at upload since; one stored before would break every page showing it.
            if not all(map(formattable, texts)):
                continue
            if len(texts) > 1:  # one text per plural form
                catalog._catalog.update({(msgid, n): text for n, text in enumerate(texts)})
            else:
                catalog._catalog[msgid] = texts[0]
            translated.add(msgid)
        return catalog, frozenset(translated)

    def _shipped_ids(self, code: str) -> frozenset[str]:
        """The msgids the shipped catalog (its .po file) translates: the compiled one cannot
        tell, as it holds untranslated plural strings as their msgids."""
        if code not in self._ids:
            path = TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"
            ids: set[str] = set()
            if path.exists():
                with path.open("rb") as f:
                    for message in read_po(f):
                        strings = message.string
                        strings = strings if isinstance(strings, tuple) else (strings,)
                        if message.id and all(strings) and not message.fuzzy:
                            ids.add(message.id if isinstance(message.id, str) else message.id[0])
            self._ids[code] = frozenset(ids)
        return self._ids[code]

    def _entry(self, code: str) -> _Merged:
        found = self._merged.get(code)
        now = time.monotonic()
        if found is not None and found.until >= now:
            return found
        uploaded = _uploaded()
        layer = None if uploaded is None else list(uploaded.get(code, ()))
        # A new catalog only when the work changed: building one every minute in every worker
        # cost time and left the worker's memory growing.
        if found is None or (layer is not None and layer != found.layer):
            found = _Merged(layer, *self._build(code, layer or []))
            self._merged[code] = found
        # With the database away, what was read last serves until it can be read again.
        found.until = now + (RETRY_SECONDS if layer is None else CATALOG_SECONDS)
        return found

    def translations(self, code: str) -> support.NullTranslations:
        if code == SOURCE_LANGUAGE:
            return support.NullTranslations()
        return self._entry(code).catalog

    def version(self, code: str) -> str:
        """The version of ``code``'s catalog this worker uses: a page built with it is kept
        apart from one built with another (a worker yet to read an upload)."""
        return "" if code == SOURCE_LANGUAGE else self._entry(code).version

    def translated(self, code: str) -> frozenset[str]:
        """The msgids (singular) translated into ``code``, shipped or uploaded."""
        return self._entry(code).translated

    def coverage(self, code: str) -> int:
        """The percentage of the citizen journey's strings translated into ``code``."""
        if code == SOURCE_LANGUAGE:
            return 100
        journey = self.journey()
        if not journey:
            return 100
        translated = self.translated(code)
        known = self._coverage.get(code)
        # Every page asks (the switcher); the answer only changes with the catalog.
        if known is None or known[0] is not translated:
            known = (translated, len(journey & translated) * 100 // len(journey))
            self._coverage[code] = known
        return known[1]

    def forget(self) -> None:
        """Read the translators' work again at the next use (after an upload, in this worker)."""
        self._merged.clear()

    def journey(self) -> set[str]:
        """The msgids of the citizen journey: the public pages and the feedback journey (the
        sources ``INTERFACE_JOURNEY`` names), read from the sources once per worker."""
        if self._journey is None:
            self._journey = journey_msgids(current_app.config["INTERFACE_JOURNEY"])
        return self._journey


def journey_msgids(patterns: tuple[str, ...]) -> set[str]:
    """The msgids (singular forms) in the sources under app/ matching ``patterns``."""
    root = TRANSLATIONS_DIR.parent
    found: set[str] = set()
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            method = "python" if path.suffix == ".py" else "jinja2"
            options = {"extensions": "jinja2.ext.do", "trimmed": "true"}
            with path.open("rb") as f:
                for _line, message, _comments, _context in extract(
                    method, f, keywords={**DEFAULT_KEYWORDS, "_l": None}, options=options
                ):
                    found.add(message if isinstance(message, str) else message[0])
    found.discard("")
    return found


def _uploaded() -> dict[str, list] | None:
    """``{language: [[msgid, [text, …]], …]}``: the translators' interface translations, read
    from the lookup the translations package registers, through the shared cache (the app
    servers read them once per upload between them)."""
    lookup = current_app.extensions.get("interface_translations")
    if lookup is None:
        return {}
    try:
        if not has_request_context() or "page_cache" not in current_app.extensions:
            return lookup()
        return remember("interface-translations", CATALOG_SECONDS, lookup)
    except SQLAlchemyError:
        # The database is away: the shipped catalogs serve (the error page in its language).
        return None


def interface_catalogs() -> InterfaceCatalogs:
    return current_app.extensions["interface_catalogs"]


def offered_languages() -> list[Language]:
    """The interface languages offered to the public: Spanish, and every other whose catalog
    covers ``INTERFACE_LANGUAGE_THRESHOLD`` percent of the citizen journey."""
    return [lang for code, lang in INTERFACE_LANGUAGES.items() if _covered(code)]


def is_offered(code: str) -> bool:
    # One language looked up, not the list: a built-in one needs no read of the added ones.
    return code in INTERFACE_LANGUAGES and _covered(code)


def _covered(code: str) -> bool:
    threshold = current_app.config["INTERFACE_LANGUAGE_THRESHOLD"]
    return code == SOURCE_LANGUAGE or interface_catalogs().coverage(code) >= threshold


class UILanguageDomain(Domain):
    """Serves the gettext catalog of the request's UI language.

    Flask-Babel picks catalogs by CLDR locale, which would give Náhuatl speakers the Spanish
    catalog (``es_MX``); this domain picks them by our own language code instead. Spanish is the
    source language, so its "catalog" is the msgids themselves. The catalog is looked up once
    per request and language (a page translates a thousand strings).
    """

    def __init__(self) -> None:
        super().__init__(translation_directories=[str(TRANSLATIONS_DIR)])

    def get_translations(self) -> support.NullTranslations:
        # ``g`` resolved once: every string of a page passes here.
        store = g._get_current_object()
        code = (getattr(store, "language", None) or REGISTRY[SOURCE_LANGUAGE]).code
        found = getattr(store, "ui_catalog", None)
        if found is None or found[0] != code:
            found = (code, interface_catalogs().translations(code))
            store.ui_catalog = found
        return found[1]


class PortalBabel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return UILanguageDomain()


def _select_locale() -> str:
    return current_language().locale


def _pull_language(endpoint: str | None, values: dict | None) -> None:
    if values is None:
        # No route matched: the error page still speaks the language the path starts with, or
        # the browser's when it names none offered.
        prefix = request.path.split("/")[1]
        offered = prefix in INTERFACE_LANGUAGES and is_offered(prefix)
        g.language = INTERFACE_LANGUAGES[prefix] if offered else best_language()
        return
    if "lang" not in values:
        return
    code = values.pop("lang")
    # A language whose catalog does not cover the citizen journey yet is not offered.
    if code not in INTERFACE_LANGUAGES or not is_offered(code):
        g.language = best_language()
        abort(404)
    g.language = INTERFACE_LANGUAGES[code]


def _add_language(endpoint: str, values: dict) -> None:
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_language().code


def best_language() -> Language:
    """The language the browser prefers among ours (Accept-Language), Spanish by default."""
    offered = [lang.code for lang in offered_languages()]
    code = request.accept_languages.best_match(offered, default=SOURCE_LANGUAGE)
    return INTERFACE_LANGUAGES[code]


def languages_lead_to(endpoint: str):
    """Marks a view that only answers a form (POST): the page in another language is
    ``endpoint``'s (with the same address parts and query), for a link is a GET."""

    def mark(view):
        view.language_page = endpoint
        return view

    return mark


def switch_url(code: str) -> str:
    """The current page in another language (its home page when there is no current page, or
    when it answers only a form and names no page to go to instead)."""
    rule = request.url_rule
    if request.endpoint and rule and "lang" in rule.arguments:
        endpoint = request.endpoint
        if "GET" not in rule.methods:
            view = current_app.view_functions[endpoint]
            endpoint = getattr(view, "language_page", "pages.home")
            if endpoint == "pages.home":
                return url_for(endpoint, lang=code)
        args = query_args("partial")
        return url_for(endpoint, **request.view_args, **args, lang=code)
    return url_for("pages.home", lang=code)


def language_links() -> list[tuple[Language, str]]:
    """Each offered language with the current page in it, for the language switcher and the
    page's alternates (worked out once per request: both show every one)."""
    found = request.environ.get("portal.language_links")
    if found is None:
        found = [(language, switch_url(language.code)) for language in offered_languages()]
        request.environ["portal.language_links"] = found
    return found


def localized(value: dict | None) -> tuple[str, str]:
    """A translatable field's text in the current language and the language it is really in.

    Content fields are stored as ``{"es": …, "nah": …, "ots": …}``. A missing translation falls
    back to Spanish, the language every content field must have.
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


def written_in(text: str, code: str = SOURCE_LANGUAGE) -> Markup:
    """Text written in one language only (``code``: what staff type, in Spanish unless said,
    such as an address, a note or an improvement action; an answer in the citizen's language)
    as inline HTML, marked with its language on a page in another (WCAG 3.1.2)."""
    if not text:
        return Markup("")
    if code == current_language().code:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(code, text)


def marked_label(label: str) -> Markup:
    """A choice's label (``tr_label``) shown as text, marked with its language when it fell
    back to Spanish (the option in the form already is)."""
    lang = getattr(label, "lang", None)
    return written_in(label, lang) if lang else escape(label)


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
    lazy_text.catalog = app.extensions["babel"].instance.domain_instance.get_translations
    app.jinja_env.filters["in_locale"] = in_locale
    app.jinja_env.filters["written_in"] = written_in
    app.jinja_env.filters["marked_label"] = marked_label
    app.extensions["interface_catalogs"] = InterfaceCatalogs()

    @app.before_request
    def catalog_of_this_request() -> None:
        # An app context shared by several requests (tests, a CLI command) must look the
        # catalog up again: translators may have changed it.
        g.pop("ui_catalog", None)

    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_add_language)
    app.jinja_env.globals.update(
        languages=LANGUAGES.values(),
        language_links=language_links,
        current_language=current_language,
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
