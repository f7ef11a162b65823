"""Places on maps: links that open a place in the person's own map application, and, only when
a tile server is configured (``MAP_TILE_URL``), the feedback form's map (drawn in the browser
by Leaflet, see ``static/js/place-map.js``) and the static maps of offices (built here from the
tiles, no JavaScript). With the setting empty no page asks any other server for anything."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, current_app

from app.config import ConfigurationError

TILE_SIZE = 256  # pixels of a tile of the usual ("slippy map") tile servers
OFFICE_ZOOM = 16  # a few streets around an office
LINK_ZOOM = 17
PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
KNOWN = {"s", "z", "x", "y", "r"}
MAX_LATITUDE = 85.0511  # Web Mercator's edge: tiles stop there


def _check(template: str) -> None:
    """A tile URL template as Leaflet reads it: http(s), with ``{z}``, ``{x}`` and ``{y}``, and
    ``{s}`` (a subdomain) only as the first label of the host."""
    parts = urlsplit(template)
    names = set(PLACEHOLDER.findall(template))
    host = parts.netloc.split("@")[-1]
    labels = host.split(".")
    if (
        parts.scheme not in ("http", "https")
        or not host
        or not {"z", "x", "y"} <= names
        or not names <= KNOWN
        or any(PLACEHOLDER.search(label) for label in labels[1:])
        or (PLACEHOLDER.search(labels[0]) and labels[0] != "{s}")
    ):
        raise ConfigurationError(
            "MAP_TILE_URL must be a tile server's http(s) URL with {z}, {x} and {y} "
            "(and {s} only as the first part of the host), such as "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        )


@lru_cache(maxsize=8)
def tile_source(template: str) -> str:
    """The tile server as a Content-Security-Policy source: its scheme, host and port, with
    ``*`` for a subdomain placeholder."""
    parts = urlsplit(template)
    host = parts.netloc.split("@")[-1].replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def tiles() -> str:
    """The configured tile URL template, or ``""`` (no maps)."""
    return current_app.config["MAP_TILE_URL"]


def tile_url(template: str, zoom: int, x: int, y: int) -> str:
    values = {"s": "a", "z": str(zoom), "x": str(x), "y": str(y), "r": ""}
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def _number(value: Decimal | float) -> str:
    """Decimal degrees as short as they are exact (at most 6 decimals)."""
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def coordinates(latitude: Decimal | float, longitude: Decimal | float) -> str:
    """``19.2544, -99.6041``: as people copy them between map applications."""
    return f"{_number(latitude)}, {_number(longitude)}"


def geo_uri(latitude: Decimal | float, longitude: Decimal | float) -> str:
    """A ``geo:`` URI (RFC 5870): phones open it in the person's map application."""
    return f"geo:{_number(latitude)},{_number(longitude)}"


def osm_url(latitude: Decimal | float, longitude: Decimal | float) -> str:
    """The place, marked, on openstreetmap.org (for computers, which rarely open ``geo:``)."""
    lat, lon = _number(latitude), _number(longitude)
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={LINK_ZOOM}/{lat}/{lon}"


@dataclass(frozen=True)
class Tile:
    url: str
    x: int  # where it goes in the picture, in pixels from its top left corner
    y: int


@dataclass(frozen=True)
class StaticMap:
    """A picture of ``width`` × ``height`` pixels centred on a place, made of the tiles that
    cover it; the place is at its centre."""

    width: int
    height: int
    tiles: tuple[Tile, ...]

    @property
    def center(self) -> tuple[int, int]:
        return self.width // 2, self.height // 2


def static_map(
    latitude: Decimal | float,
    longitude: Decimal | float,
    zoom: int = OFFICE_ZOOM,
    width: int = 320,
    height: int = 200,
) -> StaticMap | None:
    """The tiles around a place at ``zoom`` (Web Mercator), or ``None`` without a tile server."""
    template = tiles()
    if not template:
        return None
    count = 2**zoom
    lat = math.radians(max(-MAX_LATITUDE, min(MAX_LATITUDE, float(latitude))))
    # The place in pixels of the whole world at this zoom.
    px = (float(longitude) + 180) / 360 * count * TILE_SIZE
    py = (1 - math.asinh(math.tan(lat)) / math.pi) / 2 * count * TILE_SIZE
    left, top = round(px) - width // 2, round(py) - height // 2
    found = []
    for ty in range(top // TILE_SIZE, (top + height - 1) // TILE_SIZE + 1):
        if not 0 <= ty < count:
            continue  # beyond the poles: nothing to draw
        for tx in range(left // TILE_SIZE, (left + width - 1) // TILE_SIZE + 1):
            url = tile_url(template, zoom, tx % count, ty)  # the world repeats east and west
            found.append(Tile(url, tx * TILE_SIZE - left, ty * TILE_SIZE - top))
    return StaticMap(width, height, tuple(found))


def init_app(app: Flask) -> None:
    if app.config["MAP_TILE_URL"]:
        _check(app.config["MAP_TILE_URL"])
    app.jinja_env.globals.update(
        map_tiles=tiles,
        static_map=static_map,
        geo_uri=geo_uri,
        osm_url=osm_url,
        coordinates=coordinates,
    )
