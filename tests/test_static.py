"""Front-end files: the vendored ones (htmx, Leaflet, the PDF's Noto Sans) are the pinned
releases, and templates stay CSP-clean."""

import hashlib
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
HTMX_SHA256 = "22283ef68cb7545914f0a88a1bdedc7256a703d1d580c1d255217d0a50d31313"


def test_vendored_htmx_matches_the_pinned_checksum():
    data = (APP / "static/vendor/htmx-2.0.8.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == HTMX_SHA256
    assert HTMX_SHA256 in (APP / "static/vendor/README.md").read_text()


def test_every_vendored_file_is_listed_with_its_checksum_and_licence():
    vendor = APP / "static/vendor"
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$",
                      (vendor / "README.md").read_text(), re.MULTILINE)  # fmt: skip
    listed = dict(rows)
    assert "leaflet/leaflet.js" in listed and "leaflet/leaflet.css" in listed
    assert {"noto-sans/NotoSans_400Regular.ttf", "noto-sans/NotoSans_700Bold.ttf"} <= set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    files = {
        path.relative_to(vendor).as_posix()
        for path in vendor.rglob("*")
        if path.is_file() and path.name != "README.md" and "LICENSE" not in path.name
    }
    assert files == set(listed)
    assert "BSD 2-Clause" in (vendor / "leaflet/LICENSE").read_text()
    assert "SIL Open Font License, Version 1.1" in (vendor / "noto-sans/LICENSE").read_text()


def test_templates_have_no_inline_script_style_or_handlers():
    for template in (APP / "templates").rglob("*.html"):
        source = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template
        assert not re.search(r"<style|\sstyle=", source), template
        assert not re.search(r"\son[a-z]+=", source), template
