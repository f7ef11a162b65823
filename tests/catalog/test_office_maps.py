"""Offices on a service's page: links that open their location in the person's map
application, and a static map (tiles drawn without JavaScript) only when a tile server is
configured."""

import math

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog.models import Service
from app.core.maps import TILE_SIZE, static_map
from app.extensions import db
from tests.conftest import configured

TILES = "https://tiles.example.test/{z}/{x}/{y}.png"


@pytest.fixture
def service(app_context):
    """A demo service with several offices."""
    services = db.session.scalars(
        select(Service).options(selectinload(Service.offices)).order_by(Service.slug)
    ).all()
    return next(s for s in services if len(s.offices) > 1)


def test_each_office_links_to_its_location(get_page, service):
    page = get_page(f"/es/servicios/{service.slug}")
    for office in service.offices:
        section = page.soup.select_one(f"#office-{office.id}").find_parent("section")
        links = {a.get_text(strip=True): a["href"] for a in section.select("a")}
        lat = f"{float(office.latitude):.6f}".rstrip("0").rstrip(".")
        lon = f"{float(office.longitude):.6f}".rstrip("0").rstrip(".")
        assert links["Abrir en la aplicación de mapas"] == f"geo:{lat},{lon}"
        assert links["Ver en OpenStreetMap"] == (
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        )
        assert section.find("dt", string="Ubicación") is not None
        assert section.select("svg") == []  # no tile server: no picture, no request elsewhere
    text = page.soup.get_text()
    assert (
        "tiles" not in text
        and "img-src 'self' data:;" in page.response.headers["Content-Security-Policy"]
    )


def test_with_a_tile_server_each_office_has_a_static_map_with_a_text(app, get_page, service):
    with configured(app, MAP_TILE_URL=TILES, MAP_TILE_ATTRIBUTION="© Colaboradores"):
        page = get_page(f"/en/servicios/{service.slug}")
    assert (
        "img-src 'self' data: https://tiles.example.test;"
        in page.response.headers["Content-Security-Policy"]
    )
    pictures = page.soup.select("svg.static-map")
    assert len(pictures) == len(service.offices)
    for office, picture in zip(service.offices, pictures, strict=True):
        assert picture["role"] == "img"
        name = office.name.get("en") or office.name["es"]
        assert picture["aria-label"].startswith(f"Map of the streets around “{name}”")
        tiles = [image["xlink:href"] for image in picture.select("image")]
        assert tiles and all(url.startswith("https://tiles.example.test/16/") for url in tiles)
    assert page.soup.select_one(".map-attribution").get_text(strip=True) == "Map: © Colaboradores"
    assert not page.soup.select("script[src*=place-map]")  # no JavaScript needed here


def test_a_static_map_is_centred_on_the_place(app):
    with app.app_context(), configured(app, MAP_TILE_URL=TILES):
        picture = static_map(19.2544, -99.6041, zoom=16, width=320, height=200)
    # The place in the world's pixels at zoom 16, and where the picture puts it.
    scale = 2**16 * TILE_SIZE
    px = (-99.6041 + 180) / 360 * scale
    lat = math.radians(19.2544)
    py = (1 - math.asinh(math.tan(lat)) / math.pi) / 2 * scale
    for tile in picture.tiles:
        x, y = (int(part) for part in tile.url.removesuffix(".png").split("/")[-2:])
        # The tile's own corner in the world, minus its place in the picture, is the picture's
        # corner: the same for every tile, and half the picture away from the place.
        assert round(px) - 160 == x * TILE_SIZE - tile.x
        assert round(py) - 100 == y * TILE_SIZE - tile.y
    covered = {(tile.x, tile.y) for tile in picture.tiles}
    assert all(-TILE_SIZE < x <= 0 or 0 <= x < 320 for x, _y in covered)
    assert len(picture.tiles) in (2, 4, 6)
    with app.app_context():
        assert static_map(19.2544, -99.6041) is None  # no tile server


def test_pages_with_maps_are_valid_html(app, client, tmp_path):
    from tests.test_html_validation import vnu_errors

    form = "/es/buzon/nuevo?tipo=queja&servicio=acta-de-nacimiento"
    with configured(app, MAP_TILE_URL=TILES, MAP_TILE_ATTRIBUTION="© Colaboradores"):
        pages = {
            "service": client.get("/nah/servicios/acta-de-nacimiento").data,
            "form": client.get(form).data,
            "form with errors": client.post(form, data={"latitud": "95", "longitud": ""}).data,
        }
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
