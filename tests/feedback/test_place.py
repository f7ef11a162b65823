"""Where it happened: an address and, optionally, coordinates, typed or (with JavaScript and a
tile server) pointed at on a map; without a tile server no page loads a map or asks another
server for anything. Offices show their location on service pages."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.catalog.models import Service
from app.extensions import db
from app.feedback.models import Feedback
from app.staff.models import Role
from tests.conftest import configured
from tests.factories import PASSWORD, make_user
from tests.feedback.conftest import errors, hidden_fields, soup

TILES = "https://{s}.tiles.example.test/{z}/{x}/{y}.png"
FORM = "/es/buzon/nuevo?tipo=queja&servicio=otro"


def test_an_address_and_coordinates_are_sent_without_javascript(journey):
    check = journey.fill(
        lugar="Calle Hidalgo esquina Juárez", latitud="19.25443", longitud="-99,6041"
    )
    assert check.status_code == 200, errors(check)
    facts = soup(check).select_one(".check-answers").get_text(" ", strip=True)
    assert "Calle Hidalgo esquina Juárez" in facts and "19.25443, -99.6041" in facts
    assert hidden_fields(check)["latitud"] == "19.254430"

    sent = journey.send(check)
    assert sent.status_code == 303
    folio = re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"]).group()
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.incident_place == "Calle Hidalgo esquina Juárez"
    assert feedback.incident_coordinates == (Decimal("19.25443"), Decimal("-99.6041"))


def test_the_equator_and_greenwich_are_places_too(journey):
    folio, _code = journey.submit(latitud="0", longitud="-0.0")
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.incident_coordinates == (Decimal(0), Decimal(0))


def test_coordinates_are_optional_and_kept_to_six_decimals(journey):
    check = journey.fill(lugar="Mercado municipal")
    assert check.status_code == 200
    assert "Coordenadas del lugar" not in soup(check).select_one(".check-answers").get_text()
    folio, _code = journey.submit(latitud="19.12345678", longitud="-99.1")
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.incident_coordinates == (Decimal("19.123457"), Decimal("-99.1"))


@pytest.mark.parametrize(
    ("latitud", "longitud", "field", "message"),
    [
        ("norte", "-99.6", "latitud",
         "Escriba la latitud en grados con punto decimal, como 19.2544."),
        ("19.25, -99.6", "", "latitud",
         "Escriba la latitud en grados con punto decimal, como 19.2544."),
        ("19.25", "1e3", "longitud",
         "Escriba la longitud en grados con punto decimal, como -99.6041."),
        ("90.5", "-99.6", "latitud", "Escriba una latitud de -90 a 90."),
        ("19.25", "-180.01", "longitud", "Escriba una longitud de -180 a 180."),
        ("19.25", "", "longitud", "Escriba también la longitud, o borre la latitud."),
        ("", "-99.6", "latitud", "Escriba también la latitud, o borre la longitud."),
    ],
)  # fmt: skip
def test_wrong_coordinates_are_explained_and_everything_typed_is_kept(
    journey, latitud, longitud, field, message
):
    response = journey.fill(
        lugar="Frente a la escuela", nombre="Ana Pérez", latitud=latitud, longitud=longitud
    )
    assert response.status_code == 400
    assert errors(response) == [message]
    page = soup(response)
    assert page.select_one(".error-summary a")["href"] == f"#{field}"
    error = page.select_one(f"#{field}-error").get_text(" ", strip=True)
    assert error.endswith(message)
    assert page.select_one(f"#{field}")["aria-invalid"] == "true"
    assert page.select_one("#lugar")["value"] == "Frente a la escuela"
    assert page.select_one("#nombre")["value"] == "Ana Pérez"
    assert page.select_one("#latitud").get("value", "") == latitud
    assert page.select_one("#longitud").get("value", "") == longitud


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Enter the longitude too, or clear the latitude."),
        ("nah", "Noihki xikihkwilo longitud, noso xikpolo latitud."),
    ],
)
def test_the_coordinates_errors_are_translated(journey, lang, message):
    response = journey.fill(lang=lang, latitud="19.25", longitud="")
    assert errors(response) == [message]


def test_without_a_tile_server_no_map_is_loaded_and_nothing_is_asked_elsewhere(journey):
    response = journey.client.get(FORM)
    html = response.get_data(as_text=True)
    assert soup(response).select_one("#latitud") is not None  # the fields work without a map
    for trace in ("place-map", "leaflet", "tiles", "openstreetmap"):
        assert trace not in html.lower(), trace
    assert re.search(r"img-src 'self' data:;", response.headers["Content-Security-Policy"])
    # What a browser fetches by itself (links are only followed when the person chooses).
    fetched = soup(response).select("script[src], img[src], link[href], iframe, image, source")
    urls = [tag.get("src") or tag.get("href") or tag.get("xlink:href") or "" for tag in fetched]
    assert urls and all(re.match(r"(/[^/]|data:)", url) for url in urls), urls


def test_with_a_tile_server_the_form_offers_the_map_to_javascript_only(journey, journey_app):
    with configured(journey_app, MAP_TILE_URL=TILES, MAP_TILE_ATTRIBUTION="© Colaboradores"):
        service = db.session.scalar(select(Service).filter_by(slug="acta-de-nacimiento"))
        response = journey.client.get("/es/buzon/nuevo?tipo=queja&servicio=acta-de-nacimiento")
    page = soup(response)
    scripts = [tag["src"] for tag in page.select("script[src]")]
    assert "/static/js/place-map.js" in scripts
    # Leaflet is not on the page: the script adds it, so without JavaScript nothing loads.
    assert not [src for src in scripts if "leaflet" in src]
    assert not page.select("link[href*=leaflet]")
    box = page.select_one("#place-map")
    assert box.has_attr("hidden")
    assert box["data-tiles"] == TILES and box["data-attribution"] == "© Colaboradores"
    south, west, north, east = map(float, box["data-bounds"].split(","))
    for office in service.offices:
        assert south <= float(office.latitude) <= north
        assert west <= float(office.longitude) <= east
    policy = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.test;" in policy
    assert "script-src 'self';" in policy  # nothing else may run


def test_a_wrong_tile_server_setting_stops_the_start(tmp_path):
    from app import create_app
    from app.config import ConfigurationError, TestConfig

    wrong = [
        "tiles.example.test/{z}/{x}/{y}.png",  # no scheme
        "https://tiles.example.test/{z}.png",  # no x and y
        "https://a{s}.tiles.example.test/{z}/{x}/{y}.png",  # a placeholder inside a name
        "ftp://tiles.example.test/{z}/{x}/{y}",
    ]
    for url in wrong:
        database = f"sqlite:///{tmp_path}/x.sqlite3"
        settings = {"MAP_TILE_URL": url, "SQLALCHEMY_DATABASE_URI": database}
        config = type("C", (TestConfig,), settings)
        with pytest.raises(ConfigurationError, match="MAP_TILE_URL"):
            create_app(config)


def test_staff_see_the_coordinates_with_links_to_open_them(journey, journey_app):
    folio, _code = journey.submit(lugar="Parque central", latitud="19.2544", longitud="-99.6041")
    without, _code = journey.submit(lugar="Sin coordenadas")
    staff = journey_app.test_client()
    user = make_user(Role.COORDINATOR)
    staff.post("/auth/entrar", data={"email": user.email, "password": PASSWORD})
    page = soup(staff.get(f"/admin/buzon/{folio}"))
    where = page.find("dt", string="Dónde")
    assert where.find_next("dd").get_text(strip=True) == "Parque central"
    place = where.find_next("dt")
    assert place.get_text(strip=True) == "Coordenadas del lugar"
    links = {a.get_text(strip=True): a["href"] for a in place.find_next("dd").select("a")}
    assert links == {
        "Abrir en la aplicación de mapas": "geo:19.2544,-99.6041",
        "Ver en OpenStreetMap": "https://www.openstreetmap.org/?mlat=19.2544&mlon=-99.6041"
        "#map=17/19.2544/-99.6041",
    }
    other = soup(staff.get(f"/admin/buzon/{without}"))
    assert other.find("dt", string="Coordenadas del lugar") is None
