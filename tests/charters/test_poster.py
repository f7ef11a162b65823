"""The printable charter (cartel): an A4 page and a PDF with QR codes that open the feedback
form and the satisfaction survey of the charter's service."""

import io
import re
from datetime import date

import pypdf
import segno
from sqlalchemy import select

from app.charters.models import Charter, CharterStatus
from app.charters.poster import ERROR_CORRECTION, poster_services
from app.extensions import db
from tests.conftest import configured

BASE = "http://portal.example.org"


def _expected_urls(lang, service):
    return [
        f"{BASE}/{lang}/buzon?servicio={service.slug}",
        f"{BASE}/{lang}/encuesta/{service.slug}",
    ]


def _charter(slug="impuesto-predial") -> Charter:
    return db.session.scalar(select(Charter).filter_by(slug=slug))


def _paths(svg) -> str:
    return svg.find("path")["d"]


def test_poster_page_has_the_commitments_and_qr_codes_of_the_first_service(
    app, get_page, app_context, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)
    charter = _charter()
    version = next(v for v in charter.versions if v.status is CharterStatus.PUBLISHED)
    page = get_page(f"/es/cartas/{charter.slug}/cartel")
    assert page.h1 == charter.title["es"]
    assert page.soup.find("link", rel="stylesheet", href=re.compile(r"/static/css/poster\.css"))
    items = [li.get_text(strip=True) for li in page.soup.select(".poster-commitments li")]
    assert items == [c.text["es"] for c in version.commitments]
    service = poster_services(charter)[0]
    codes = page.soup.select(".poster-code")
    assert len(codes) == 2
    for code, url in zip(codes, _expected_urls("es", service), strict=True):
        # The URL is printed beside the code, and the code is the one segno makes for that URL.
        assert code.select_one(".poster-url").get_text() == url
        svg = code.find("svg")
        assert svg["role"] == "img" and svg.find("title").get_text()
        assert not svg.has_attr("style") and not svg.find(style=True)
        expected = segno.make(url, error=ERROR_CORRECTION, boost_error=False)
        rendered = expected.svg_inline(scale=1, border=4, omitsize=True, lineclass=None)
        assert _paths(svg) == re.search(r' d="([^"]+)"', rendered).group(1)
    assert "No imprimir" not in page.text()
    pdf_link = page.soup.find(
        "a", href=f"/es/cartas/{charter.slug}/cartel.pdf?servicio={service.slug}"
    )
    assert pdf_link is not None  # the charter covers two services: the PDF is for the one chosen


def test_poster_for_another_service_of_the_charter_and_in_another_language(
    app, get_page, app_context, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)
    charter = _charter()
    second = poster_services(charter)[1]
    page = get_page(f"/en/cartas/{charter.slug}/cartel?servicio={second.slug}")
    urls = [a.get_text() for a in page.soup.select(".poster-url")]
    assert urls == _expected_urls("en", second)
    get_page(f"/es/cartas/{charter.slug}/cartel?servicio=otro-servicio", status=404)
    get_page("/es/cartas/no-existe/cartel", status=404)


def test_poster_pdf_is_one_or_two_a4_pages_with_the_title_and_the_codes(
    app, client, app_context, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)
    for charter in db.session.scalars(select(Charter).order_by(Charter.slug)):
        if not any(v.status is CharterStatus.PUBLISHED for v in charter.versions):
            continue
        service = poster_services(charter)[0]
        response = client.get(f"/es/cartas/{charter.slug}/cartel.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
        assert "attachment" in response.headers["Content-Disposition"]
        reader = pypdf.PdfReader(io.BytesIO(response.data))
        assert 1 <= len(reader.pages) <= 2, charter.slug
        width, height = (float(x) for x in reader.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert charter.title["es"] in text
        assert reader.metadata.title == charter.title["es"]
        links = {
            annotation.get_object()["/A"]["/URI"]
            for page in reader.pages
            for annotation in page.get("/Annots", [])
        }
        assert links == set(_expected_urls("es", service)), charter.slug
        for url in links:  # printed beside the code, perhaps over two lines
            assert url in text.replace(" ", "")


def test_poster_pdf_prints_the_letters_of_otomi_mazahua_and_nahuatl(demo, monkeypatch):
    monkeypatch.setitem(demo.config, "PUBLIC_BASE_URL", BASE)
    charter = _charter()
    version = next(v for v in charter.versions if v.status is CharterStatus.PUBLISHED)
    charter.title = {**charter.title, "ots": "Ar hñäki ya Hñähñu ʉ̱ ɨ"}
    version.commitments[0].text = {
        **version.commitments[0].text,
        # Mazahua with the macron below as a combining mark, and Náhuatl typed decomposed
        # (a + combining macron), as some keyboards send it.
        "ots": "Jñatrjo: a\u0331 ø ä̱ ʉ; Na\u0304huatl",
    }
    db.session.commit()
    with configured(demo, INTERFACE_LANGUAGE_THRESHOLD=0):  # Otomí offered to the public
        response = demo.test_client().get(f"/ots/cartas/{charter.slug}/cartel.pdf")
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Ar hñäki ya Hñähñu ʉ̱ ɨ" in text
    assert reader.metadata.title == "Ar hñäki ya Hñähñu ʉ̱ ɨ"
    assert "1. Jñatrjo: a\u0331 ø ä̱ ʉ; Nāhuatl" in text  # ā drawn as one letter
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {name.split("+")[1] for name in fonts} == {"NotoSans", "NotoSansBold"}


def _drawn_codes(page) -> list[list[list[bool]]]:
    """The QR codes drawn on a PDF page as filled squares, read back as matrices of dark
    modules (quiet zone excluded), left to right."""
    squares = [
        tuple(float(n) for n in found)
        for found in re.findall(
            rb"([\d.]+) ([\d.]+) ([\d.]+) -[\d.]+ re f", page.get_contents().get_data()
        )
    ]
    side = squares[0][2]
    codes: dict[int, list] = {}
    for x, y, _w in squares:  # codes are far apart: the first square of each starts a code
        start = next((key for key in codes if abs(x - key) < side * 60), None)
        codes.setdefault(x if start is None else start, []).append((x, y))
    matrices = []
    for key in sorted(codes):
        # Finder patterns put dark modules in the first and last row and column.
        left, top = min(x for x, _y in codes[key]), max(y for _x, y in codes[key])
        cells = {(round((top - y) / side), round((x - left) / side)) for x, y in codes[key]}
        size = max(max(cell) for cell in cells) + 1
        matrices.append([[(r, c) in cells for c in range(size)] for r in range(size)])
    return matrices


def test_the_pdf_codes_are_the_qr_codes_of_the_service_urls(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)
    with app.app_context():
        service = poster_services(_charter())[0]
        made = [
            segno.make(url, error=ERROR_CORRECTION, boost_error=False)
            for url in _expected_urls("es", service)
        ]
    expected = [[[bool(module) for module in row] for row in code.matrix] for code in made]
    response = client.get("/es/cartas/impuesto-predial/cartel.pdf")
    page = next(p for p in pypdf.PdfReader(io.BytesIO(response.data)).pages if p.get("/Annots"))
    assert _drawn_codes(page) == expected


def test_charter_page_links_its_poster(get_page, app_context):
    page = get_page("/es/cartas/impuesto-predial")
    assert page.soup.find("a", href="/es/cartas/impuesto-predial/cartel")


def test_a_retired_service_gets_no_poster(demo):
    """Its form and survey take nothing more: no code may lead there. The charter's poster is
    for a service still offered; one with every service retired has none."""
    charter = _charter()
    first, second = sorted(charter.services, key=lambda service: service.code)[:2]
    first.retired_on = date(2026, 1, 31)
    db.session.commit()
    client = demo.test_client()
    page = client.get(f"/es/cartas/{charter.slug}/cartel")
    assert page.status_code == 200
    assert f"servicio={second.slug}" in page.get_data(as_text=True)
    assert first.slug not in page.get_data(as_text=True)
    for path in ("cartel", "cartel.pdf"):
        refused = client.get(f"/es/cartas/{charter.slug}/{path}?servicio={first.slug}")
        assert refused.status_code == 404, path
    for service in charter.services:
        service.retired_on = date(2026, 1, 31)
    db.session.commit()
    assert client.get(f"/es/cartas/{charter.slug}/cartel").status_code == 404
