"""A short-lived cache of public pages, shared by the app servers through Redis when there is one.

Public pages are the same for everyone who asks for the same address (the language is in the
path; no session, no form token), and they change only when staff publish. Serving them from a
cache for ``PAGE_CACHE_SECONDS`` keeps the database out of the way when a charter makes the news.
Staff pages, forms and anything that sets a cookie are never cached; a cache failure only means
the page is built again. Pages are kept compressed and served so to every browser that accepts
gzip (all of them): a tenth of the bytes to keep, to fetch from Redis and to send.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app, g, request
from werkzeug.wrappers import Response

from app.core.htmx import VARY, wants_fragment
from app.core.shared import SharedRedis

# Endpoints of pages that are the same for every visitor (the dashboard's "updated at" says
# when its figures were counted).
PUBLIC_PAGES = {
    "pages.home",
    "pages.accessibility",
    "pages.privacy",
    "catalog.index",
    "catalog.show",
    "charters.index",
    "charters.show",
    "charters.report",
    "charters.version",
    "charters.poster",
    "indicators.results",
    "indicators.dashboard",
    "programs.index",
    "programs.show",
}
LOCAL_ENTRIES = 2_000  # pages kept in memory per worker without Redis


class LocalStore:
    """Pages kept in this process for a while, the oldest dropped first."""

    def __init__(self) -> None:
        self.pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        found = self.pages.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def set(self, key: str, seconds: int, body: bytes) -> None:
        self.pages[key] = (time.monotonic() + seconds, body)
        self.pages.move_to_end(key)
        while len(self.pages) > LOCAL_ENTRIES:
            self.pages.popitem(last=False)

    def clear(self, prefix: str) -> None:
        self.pages.clear()


class RedisStore:
    """Pages in the shared Redis; while it is unreachable, nothing is cached (see ``shared``)."""

    def __init__(self, shared: SharedRedis) -> None:
        self.shared = shared

    def get(self, key: str) -> bytes | None:
        return self.shared.run(lambda client: client.get(key), None)

    def set(self, key: str, seconds: int, body: bytes) -> None:
        # On failure, the next visitor builds the page again.
        self.shared.run(lambda client: client.set(key, body, ex=seconds), None)

    def clear(self, prefix: str) -> None:
        def delete(client) -> None:
            keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])

        # On failure, the pages expire within PAGE_CACHE_SECONDS anyway.
        self.shared.run(delete, None)


def remember(name: str, seconds: int, compute: Callable[[], object]):
    """The JSON value of ``compute()``, kept for ``seconds`` under ``name`` in the shared store
    (computed every time when ``seconds`` is 0)."""
    if not seconds:
        return compute()
    key = f"{current_app.config['CACHE_KEY_PREFIX']}value:{name}"
    store = current_app.extensions["page_cache"]
    found = store.get(key)
    if found is not None:
        return json.loads(found)
    value = compute()
    store.set(key, seconds, json.dumps(value).encode())
    return value


def clear_cache() -> None:
    """Forget every cached page and value (of this portal's ``CACHE_KEY_PREFIX``), e.g. when
    something every page shows changed. Without Redis, the other workers' own caches still
    expire within ``PAGE_CACHE_SECONDS``."""
    current_app.extensions["page_cache"].clear(current_app.config["CACHE_KEY_PREFIX"])


def _key() -> str | None:
    if request.method != "GET" or request.endpoint not in PUBLIC_PAGES:
        return None
    # What the page depends on besides its address: whether htmx asks for a part of it (not
    # merely whether the request says HX-Request: a history restore says it too, and gets the
    # whole page). Accept-Encoding only changes how the same bytes are sent.
    variant = "htmx" if wants_fragment() else "page"
    return f"{current_app.config['CACHE_KEY_PREFIX']}{variant}.gz:{request.full_path}"


def _serve_from_cache():
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    key = _key() if seconds else None
    if key is None:
        return None
    g.page_cache_key = key
    compressed = current_app.extensions["page_cache"].get(key)
    if compressed is None:
        return None
    g.page_cache_hit = True
    headers = {"Vary": ", ".join((*VARY, "Accept-Encoding"))}
    if "gzip" in request.accept_encodings:
        headers["Content-Encoding"] = "gzip"
        body = compressed
    else:
        body = gzip.decompress(compressed)
    return current_app.response_class(body, 200, mimetype="text/html", headers=headers)


def _keep(response: Response) -> Response:
    key = g.get("page_cache_key")
    if key is None or g.get("page_cache_hit"):
        return response
    if (
        response.status_code != 200
        or response.direct_passthrough
        or "Set-Cookie" in response.headers
    ):
        return response
    body = response.get_data()
    if b'name="csrf_token"' in body:
        return response  # a form with a per-session token is never shared
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    current_app.extensions["page_cache"].set(key, seconds, gzip.compress(body, 6))
    response.vary.update((*VARY, "Accept-Encoding"))
    return response


def init_app(app: Flask) -> None:
    shared = app.extensions.get("shared_redis")
    app.extensions["page_cache"] = RedisStore(shared) if shared else LocalStore()
    app.before_request(_serve_from_cache)
    app.after_request(_keep)
