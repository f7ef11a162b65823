"""The feedback form's map in Chromium: an enhancement. With JavaScript and a tile server (here a
fake one, answered by the test: nothing leaves the machine) the map appears, a click or the
keyboard fills in the coordinates, the address stays usable by keyboard and axe finds nothing;
without JavaScript, or without a tile server, no map and no request for one."""

import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Feedback
from tests.browser.conftest import serve
from tests.conftest import configured, demo_app

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
TILE_HOST = "tiles.example.test"
TILES = f"https://{TILE_HOST}/{{z}}/{{x}}/{{y}}.png"
FORM = "/es/buzon/nuevo?tipo=queja&servicio=otro"
DEGREES = re.compile(r"^-?\d{1,3}\.\d{6}$")


def tile_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (224, 230, 220)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def map_app(tmp_path_factory):
    """A demo of this module's own (the tests send feedback), with a tile server configured."""
    with demo_app(tmp_path_factory) as application:
        with configured(application, MAP_TILE_URL=TILES, MAP_TILE_ATTRIBUTION="© Mapas de prueba"):
            yield application


@pytest.fixture(scope="module")
def map_server(map_app):
    with serve(map_app) as address:
        yield address


def new_page(browser, **options):
    """A page whose requests are recorded and whose tiles the test serves."""
    context = browser.new_context(**options)
    png = tile_png()
    context.route(
        f"https://{TILE_HOST}/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=png),
    )
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.problems = []
    page.on(
        "console", lambda message: message.type == "error" and page.problems.append(message.text)
    )
    return context, page


def close(context, page) -> None:
    """Close the page once nothing is in flight: a request the browser drops midway (a marker's
    image) can leave the test server's file unclosed, and its warning fails a later test."""
    page.wait_for_load_state("networkidle")
    context.close()


def check_axe(page, step):
    page.wait_for_load_state("load")
    result = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    )
    assert result.violations_count == 0, f"{step}\n{result.generate_report()}"


def tab_to(page, locator, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def hosts(page) -> set[str]:
    return {urlsplit(url).hostname for url in page.requests if not url.startswith("data:")}


def test_the_map_fills_the_coordinates_and_the_form_stays_accessible(browser, map_server, map_app):
    # axe is injected as a script, which the portal's CSP forbids: this context bypasses it
    # (the next test checks the map under the CSP).
    context, page = new_page(browser, bypass_csp=True)
    page.goto(map_server + FORM)
    canvas = page.locator("#place-map-canvas")
    expect(canvas).to_be_visible()
    expect(page.locator("#place-map-canvas img.leaflet-tile-loaded").first).to_be_visible()
    expect(page.get_by_role("button", name="Acercar")).to_be_visible()  # translated controls
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("© Mapas de prueba")
    check_axe(page, "the form with the map")

    # A click marks the place and fills in both fields; a status message says so.
    canvas.click()  # scrolled into view, in its middle
    latitude, longitude = page.locator("#latitud"), page.locator("#longitud")
    expect(latitude).to_have_value(DEGREES)
    expect(longitude).to_have_value(DEGREES)
    lat, lon = float(latitude.input_value()), float(longitude.input_value())
    assert 19.1 < lat < 19.4 and -99.8 < lon < -99.4, (lat, lon)  # over the demo's offices
    expect(page.locator("#place-map-status")).to_have_text(
        f"Marcó el lugar: latitud {latitude.input_value()}, longitud {longitude.input_value()}."
    )
    expect(page.locator("#place-map-canvas .leaflet-marker-icon")).to_have_count(1)
    check_axe(page, "the form with a place marked")

    # By keyboard: the map takes the focus after the fields, the arrows move it and Enter marks
    # its centre; the address field is reached and typed into as always.
    clicked = latitude.input_value()
    latitude.focus()
    tab_to(page, longitude)
    tab_to(page, canvas)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(400)  # the map pans smoothly
    page.keyboard.press("Enter")
    expect(latitude).not_to_have_value(clicked)
    expect(latitude).to_have_value(DEGREES)
    assert float(latitude.input_value()) > float(clicked)  # north of the click
    expect(page).to_have_url(re.compile(re.escape(FORM) + "$"))  # Enter did not send the form

    page.locator("h1").click()
    tab_to(page, page.locator("#descripcion"))
    page.keyboard.type("Un bache enorme frente al mercado.")
    tab_to(page, page.locator("#lugar"))
    page.keyboard.type("Calle Juárez frente al mercado")
    expect(page.locator("#lugar")).to_have_value("Calle Juárez frente al mercado")
    typed = (latitude.input_value(), longitude.input_value())
    tab_to(page, page.locator("#consentimiento"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".check-answers")).to_contain_text(f"{float(typed[0]):.6f}".rstrip("0")[:9])
    page.get_by_role("button", name="Enviar mensaje").click()
    expect(page).to_have_url(re.compile(r"/buzon/recibido/SQR-\d{4}-\d{6}$"))
    folio = page.locator(".folio").inner_text()
    with map_app.app_context():
        feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
        assert feedback.incident_place == "Calle Juárez frente al mercado"
        assert feedback.incident_coordinates == (Decimal(typed[0]), Decimal(typed[1]))
        db.session.remove()

    assert hosts(page) == {"127.0.0.1", TILE_HOST}  # the portal and its tile server only
    assert any("/static/vendor/leaflet/leaflet.js" in url for url in page.requests)
    close(context, page)


def test_the_map_works_under_the_content_security_policy(browser, map_server):
    context, page = new_page(browser)
    page.goto(map_server + FORM)
    expect(page.locator("#place-map-canvas img.leaflet-tile-loaded").first).to_be_visible()
    page.locator("#latitud").fill("19.2544")
    page.locator("#longitud").fill("-99.6041")
    page.locator("#longitud").press("Tab")  # a change moves the mark to the typed place
    expect(page.locator("#place-map-canvas .leaflet-marker-icon")).to_have_count(1)
    assert not page.problems, page.problems  # e.g. a script, style or image the CSP refused
    close(context, page)


def test_without_javascript_there_is_no_map_and_the_fields_work(browser, map_server):
    context, page = new_page(browser, java_script_enabled=False)
    page.goto(map_server + FORM)
    expect(page.locator("#place-map")).to_be_hidden()
    tab_to(page, page.locator("#descripcion"))
    page.keyboard.type("Una fuga de agua.")
    tab_to(page, page.locator("#lugar"))
    page.keyboard.type("Avenida Tecnológico 100")
    tab_to(page, page.locator("#latitud"))
    page.keyboard.type("19.2544")
    tab_to(page, page.locator("#longitud"))
    page.keyboard.type("-99.6041")
    tab_to(page, page.locator("#consentimiento"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".check-answers")).to_contain_text("19.2544, -99.6041")
    assert hosts(page) == {"127.0.0.1"}
    assert not [url for url in page.requests if "leaflet" in url or "place-map" in url]
    close(context, page)


def test_without_a_tile_server_nothing_of_the_map_is_fetched(browser, map_server, map_app):
    with configured(map_app, MAP_TILE_URL=""):
        context, page = new_page(browser)
        page.goto(map_server + FORM)
        expect(page.locator("#latitud")).to_be_visible()
        assert page.locator("#place-map").count() == 0
        assert hosts(page) == {"127.0.0.1"}
        assert not [url for url in page.requests if "leaflet" in url or "place-map" in url]
        close(context, page)


def test_offices_show_a_static_map_without_javascript(browser, map_server):
    context, page = new_page(browser, java_script_enabled=False)
    page.goto(map_server + "/es/servicios/acta-de-nacimiento")
    picture = page.locator("svg.static-map").first
    expect(picture).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Mapa de las calles alrededor de"))
    ).not_to_have_count(0)
    tiles = [url for url in page.requests if TILE_HOST in url]
    assert tiles and all(re.search(r"/16/\d+/\d+\.png$", url) for url in tiles)
    link = page.get_by_role("link", name="Abrir en la aplicación de mapas").first
    assert link.get_attribute("href").startswith("geo:19.")
    close(context, page)


def test_a_service_page_with_static_maps_passes_axe(browser, map_server):
    context, page = new_page(browser, bypass_csp=True)
    page.goto(map_server + "/nah/servicios/acta-de-nacimiento")
    expect(page.locator("svg.static-map").first).to_be_visible()
    check_axe(page, "a service page with its offices' maps")
    close(context, page)
