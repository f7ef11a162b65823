"""The catalogs must keep up with the code: a new string without translation fails here."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE, TRANSLATIONS_DIR
from app.core.languages import INTERFACE_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
# Pages whose every string must be in Náhuatl (the rest may fall back to Spanish for now).
NAH_REQUIRED = ("layouts/", "pages/home.html", "catalog/", "charters/", "components/")
# Catalogs kept whole with the code; Otomí and Mazahua grow as their translators work (the portal
# offers them once they cover the citizen journey).
WHOLE_CATALOGS = ("en", "nah")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return read_po(f)


def load(code):
    with (TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


def test_strings_are_extracted(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert "Trámites y servicios" in ids
    assert "Elija una dependencia de la lista." in ids


@pytest.mark.parametrize("code", WHOLE_CATALOGS)
def test_every_string_is_in_every_catalog(template, code):
    catalog = load(code)
    missing = [m.id for m in template if m.id and m.id not in catalog]
    assert not missing, f"run `flask translate update`; missing in {code}: {missing[:5]}"
    # A string the code no longer uses would be translated and reviewed for nothing.
    ids = {m.id for m in template if m.id}
    unused = [m.id for m in catalog if m.id and m.id not in ids]
    assert not unused, f"run `flask translate update`; unused in {code}: {unused[:5]}"


def test_english_translates_every_string(template):
    catalog = load("en")
    untranslated = [m.id for m in template if m.id and not translated(catalog[m.id])]
    assert not untranslated, untranslated[:5]


def test_nahuatl_covers_navigation_home_catalog_and_charters(template):
    catalog = load("nah")
    required = [
        m
        for m in template
        if m.id and any(any(part in path for part in NAH_REQUIRED) for path, _ in m.locations)
    ]
    assert required
    untranslated = [m.id for m in required if not translated(catalog[m.id])]
    assert not untranslated, untranslated[:5]


@pytest.mark.parametrize(
    "code", [c for c in INTERFACE_LANGUAGES if c not in (SOURCE_LANGUAGE, *WHOLE_CATALOGS)]
)
def test_catalogs_of_new_languages_await_review_and_translate_only_known_strings(template, code):
    """Otomí and Mazahua start with what reliable sources give (the language's own name);
    they need not cover every string (the portal offers them once they cover the citizen
    journey), but every entry is a string of the portal and awaits native review."""
    catalog = load(code)
    assert not INTERFACE_LANGUAGES[code].reviewed
    assert "awaits review by native speakers" in catalog.header_comment
    assert catalog.mime_headers and dict(catalog.mime_headers)["Language"] == code
    ids = {m.id for m in template if m.id}
    translated_ids = [m.id for m in catalog if m.id and translated(m)]
    assert translated_ids, "the name of the language in itself"
    assert set(translated_ids) <= ids


def test_nahuatl_catalog_says_it_awaits_review():
    assert not LANGUAGES["nah"].reviewed
    assert "awaits review by native speakers" in load("nah").header_comment


@pytest.mark.parametrize("code", [c for c in INTERFACE_LANGUAGES if c != SOURCE_LANGUAGE])
def test_placeholders_match(code):
    import re

    names = re.compile(r"%\((\w+)\)")
    for message in load(code):
        if not message.id or not translated(message):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(names.findall(ids[-1]))
        for string in strings:
            assert set(names.findall(string)) <= expected | set(names.findall(ids[0])), message.id
