"""A cache of public pages, shared by the app servers through Redis when there is one.

Public pages are the same for everyone who asks for the same address (the language is in the
path; no session, no form token), and they change only when staff publish. Serving them from a
cache keeps the database out of the way when a charter makes the news. Staff pages, forms and
anything that sets a cookie are never cached; a cache failure only means the page is built
again. Pages are kept compressed and served so to every browser that accepts gzip (all of
them): a tenth of the bytes to keep, to fetch from Redis and to send.

How long a page is kept: pages of published content (catalog, charters, results, programs) for
``PAGE_CACHE_CONTENT_SECONDS``, because every commit that changes published content, whatever
wrote it (the workspace, an import, the nightly recomputation), forgets every page at once (a
new *generation*: an entry of an earlier one is built again); pages that also count live
feedback (the dashboard, a charter's claims) for ``PAGE_CACHE_SECONDS``. Each entry lives a
random 80–100 % of its time, so entries made in the same minute do not all expire in the same
second, and an expired entry is still served while one request (one per address, across
servers) builds it again. Keys also name the institution's date (what is in force changes at
midnight, with nothing committed) and the version of the interface catalog a page was built
with (a worker yet to read a translator's upload keeps its pages apart).
"""

from __future__ import annotations

import gzip
import json
import random
import struct
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app, g, request
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from app.core import clock
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
# Pages that count live feedback besides published content: kept for PAGE_CACHE_SECONDS.
LIVE_PAGES = {"indicators.dashboard", "charters.show", "charters.version"}
# Tables of what citizens and staff do rather than of what the portal publishes: writing them
# leaves the cached pages as they are.
ACTIVITY_TABLES = {
    "account_tokens", "api_clients", "api_submissions", "attachments", "audit_log",
    "charter_events", "dashboard_months", "dashboard_state", "dashboard_totals",
    "dashboard_window", "evaluation_drafts", "feedback", "feedback_events", "folio_counters",
    "outbox_messages", "response_templates", "survey_responses", "users",
}  # fmt: skip
LOCAL_ENTRIES = 2_000  # pages kept in memory per worker without Redis
STALE_SECONDS = 300  # how long an expired entry may still be served while it is built again
BUILD_SECONDS = 30  # how long one request may hold the right to build an address
BUILD_WAIT = 1.0  # how long a request waits for a page another request is building
HEADER = struct.Struct("!d")  # an entry starts with the time (epoch seconds) it is fresh until
GENERATION = struct.Struct("!q")  # then the generation it was built in


class LocalStore:
    """Pages kept in this process for a while, the oldest dropped first."""

    def __init__(self) -> None:
        self.pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.generation = 0
        self.building: dict[str, float] = {}

    def get(self, key: str) -> bytes | None:
        found = self.pages.get(key)
        if found is None or found[0] < time.time():
            return None
        return found[1]

    def lookup(self, prefix: str, key: str) -> tuple[int, bytes | None]:
        return self.generation, self.get(key)

    def set(self, key: str, seconds: int, body: bytes) -> None:
        self.pages[key] = (time.time() + seconds, body)
        self.pages.move_to_end(key)
        while len(self.pages) > LOCAL_ENTRIES:
            self.pages.popitem(last=False)

    def claim(self, key: str) -> bool:
        now = time.time()
        if self.building.get(key, 0) > now:
            return False
        self.building[key] = now + BUILD_SECONDS
        return True

    def release(self, key: str) -> None:
        self.building.pop(key, None)

    def current_generation(self, prefix: str) -> int:
        return self.generation

    def clear(self, prefix: str) -> None:
        self.pages.clear()
        self.generation += 1


class RedisStore:
    """Pages in the shared Redis; while it is unreachable, nothing is cached (see ``shared``)."""

    def __init__(self, shared: SharedRedis) -> None:
        self.shared = shared

    def get(self, key: str) -> bytes | None:
        return self.shared.run(lambda client: client.get(key), None)

    def lookup(self, prefix: str, key: str) -> tuple[int, bytes | None]:
        """The current generation and the entry at ``key``, in one round trip."""
        generation, entry = self.shared.run(
            lambda client: client.mget(f"{prefix}generation", key), (0, None)
        )
        return int(generation or 0), entry

    def set(self, key: str, seconds: int, body: bytes) -> None:
        # On failure, the next visitor builds the page again.
        self.shared.run(lambda client: client.set(key, body, ex=seconds), None)

    def claim(self, key: str) -> bool:
        """The right to build ``key`` (one request at a time, on every server); with Redis
        away, everyone may."""
        found = self.shared.run(
            lambda client: client.set(f"{key}:building", b"1", nx=True, ex=BUILD_SECONDS), True
        )
        return bool(found)

    def release(self, key: str) -> None:
        self.shared.run(lambda client: client.delete(f"{key}:building"), None)

    def current_generation(self, prefix: str) -> int:
        return int(self.shared.run(lambda client: client.get(f"{prefix}generation"), 0) or 0)

    def clear(self, prefix: str) -> None:
        # Keys of the old generation are left to expire: no scan of the whole cache.
        self.shared.run(lambda client: client.incr(f"{prefix}generation"), None)


def _day() -> str:
    """The institution's date, in every key: what is in force changes at midnight (a version
    that starts today, one that ended yesterday) with nothing committed."""
    return clock.local_today().isoformat()


def _prefix() -> str:
    """The start of every value's key: the portal's prefix, the generation (read once per
    request) and the date."""
    if "page_cache_generation" not in g:
        prefix = current_app.config["CACHE_KEY_PREFIX"]
        g.page_cache_generation = current_app.extensions["page_cache"].current_generation(prefix)
    return f"{current_app.config['CACHE_KEY_PREFIX']}{g.page_cache_generation}:{_day()}"


def remember(name: str, seconds: int, compute: Callable[[], object]):
    """The JSON value of ``compute()``, kept for ``seconds`` under ``name`` in the shared store
    (computed every time when ``seconds`` is 0), until published content changes."""
    if not seconds:
        return compute()
    key = f"{_prefix()}:value:{name}"
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
    expire in time (``PAGE_CACHE_CONTENT_SECONDS``)."""
    current_app.extensions["page_cache"].clear(current_app.config["CACHE_KEY_PREFIX"])
    g.pop("page_cache_generation", None)


def _changes_content(session: Session, _context) -> None:
    """Note whether a flush wrote published content (any table but ``ACTIVITY_TABLES``)."""
    if session.info.get("public_content_changed"):
        return
    for item in (*session.new, *session.dirty, *session.deleted):
        table = getattr(item, "__tablename__", None)
        if table is not None and table not in ACTIVITY_TABLES:
            session.info["public_content_changed"] = True
            return


def _executes_content(state) -> None:
    """Note whether a statement run through the session writes published content: an
    upsert or a bulk update (the nightly recomputation's) is no flush of objects."""
    if state.session.info.get("public_content_changed"):
        return
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in ACTIVITY_TABLES:
            state.session.info["public_content_changed"] = True


def _after_commit(session: Session) -> None:
    if session.info.pop("public_content_changed", False) and current_app:
        clear_cache()


def _after_rollback(session: Session) -> None:
    session.info.pop("public_content_changed", None)


def _seconds() -> int:
    """How long this page is fresh: 0 when it is not cached."""
    live = current_app.config["PAGE_CACHE_SECONDS"]
    if not live:
        return 0
    if request.endpoint in LIVE_PAGES:
        return live
    return max(live, current_app.config["PAGE_CACHE_CONTENT_SECONDS"])


def _key() -> str | None:
    if request.method != "GET" or request.endpoint not in PUBLIC_PAGES:
        return None
    # What the page depends on besides its address: whether htmx asks for a part of it (not
    # merely whether the request says HX-Request: a history restore says it too, and gets the
    # whole page). Accept-Encoding only changes how the same bytes are sent.
    variant = "htmx" if wants_fragment() else "page"
    from app.core.i18n import current_language, interface_catalogs  # i18n uses this module

    # A worker that has not read the translators' latest upload yet builds its pages apart.
    catalog = interface_catalogs().version(current_language().code)
    prefix = current_app.config["CACHE_KEY_PREFIX"]
    return f"{prefix}{_day()}:{catalog}:{variant}.gz:{request.full_path}"


def _serve_from_cache():
    key = _key() if _seconds() else None
    if key is None:
        return None
    g.page_cache_key = key
    store = current_app.extensions["page_cache"]
    # A page's key names no generation: one round trip reads both, and an entry of an earlier
    # generation (built before published content changed) is built again.
    generation, entry = store.lookup(current_app.config["CACHE_KEY_PREFIX"], key)
    # The page is kept as of this generation (``clear_cache`` moves the other on): if published
    # content changes while it is built, the next request builds it again.
    g.page_cache_generation = g.page_cache_looked_up = generation
    if entry is not None and _generation(entry) != generation:
        entry = None
    if entry is None:
        g.page_cache_building = store.claim(key)
        if g.page_cache_building:
            return None
        entry = _wait_for(store, key, generation)  # another request is building it
        if entry is None:
            return None
    fresh_until = HEADER.unpack_from(entry)[0]
    if fresh_until < time.time() and store.claim(key):
        g.page_cache_building = True
        return None  # this request builds it again; the others get the expired page meanwhile
    compressed = entry[HEADER.size + GENERATION.size :]
    g.page_cache_hit = True
    headers = {"Vary": ", ".join((*VARY, "Accept-Encoding"))}
    if request.accept_encodings["gzip"]:  # a quality of 0 refuses it
        headers["Content-Encoding"] = "gzip"
        body = compressed
    else:
        body = gzip.decompress(compressed)
    return current_app.response_class(body, 200, mimetype="text/html", headers=headers)


def _generation(entry: bytes) -> int:
    return GENERATION.unpack_from(entry, HEADER.size)[0]


def _wait_for(store, key: str, generation: int) -> bytes | None:
    """The entry another request is building, if it comes within ``BUILD_WAIT`` seconds."""
    deadline = time.monotonic() + BUILD_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.02)
        entry = store.get(key)
        if entry is not None and _generation(entry) == generation:
            return entry
    return None


def _keep(response: Response) -> Response:
    key = g.get("page_cache_key")
    if key is None or g.get("page_cache_hit"):
        return response
    store = current_app.extensions["page_cache"]
    try:
        _store(store, key, response)
    finally:
        if g.pop("page_cache_building", False):
            store.release(key)
    return response


def _store(store, key: str, response: Response) -> None:
    if (
        response.status_code != 200
        or response.direct_passthrough
        or "Set-Cookie" in response.headers
    ):
        return
    body = response.get_data()
    if b'name="csrf_token"' in body:
        return  # a form with a per-session token is never shared
    # Fresh for a random 80–100 % of its time (bandit B311: spreading expiries, not a secret).
    fresh = _seconds() * random.uniform(0.8, 1.0)  # nosec B311
    entry = (
        HEADER.pack(time.time() + fresh)
        + GENERATION.pack(g.page_cache_looked_up)
        + gzip.compress(body, 6)
    )
    store.set(key, round(fresh) + STALE_SECONDS, entry)
    response.vary.update((*VARY, "Accept-Encoding"))


def init_app(app: Flask) -> None:
    shared = app.extensions.get("shared_redis")
    app.extensions["page_cache"] = RedisStore(shared) if shared else LocalStore()
    app.before_request(_serve_from_cache)
    app.after_request(_keep)

    @app.teardown_request
    def _release(_error) -> None:
        # A request that failed before its response leaves the address to the next one.
        if g.pop("page_cache_building", False):
            app.extensions["page_cache"].release(g.page_cache_key)

    if not event.contains(Session, "after_flush", _changes_content):
        event.listen(Session, "after_flush", _changes_content)
        event.listen(Session, "do_orm_execute", _executes_content)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
