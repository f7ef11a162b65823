"""Public pages come from a short-lived cache: no SQL for a repeated page, the same bytes and
headers, and never a page with a form token or a staff page."""

import gzip
import re
import time
import uuid
from datetime import date

import pytest
import redis
from flask import g
from sqlalchemy import event, select

from app.core import cache
from app.core.cache import clear_cache
from app.extensions import db
from tests.conftest import make_app, require_tool
from tests.factories import make_charter, make_service
from tests.live import REDIS_URL, redis_reachable


def build(tmp_path, name="cache.sqlite3", **settings):
    application = make_app(f"sqlite:///{tmp_path / name}", PAGE_CACHE_SECONDS=60, **settings)
    with application.app_context():
        db.create_all()
        make_charter([make_service("Licencia de funcionamiento")])
        db.session.commit()
    return application


def queries_of(application, path, **kwargs):
    return queries_of_client(application, application.test_client(), path, **kwargs)


def queries_of_client(application, client, path, **kwargs):
    seen = []
    with application.app_context():
        engine = db.engine

        def count(*_args):
            seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(path, **kwargs)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return response, len(seen)


@pytest.mark.parametrize("path", ["/es/", "/es/servicios?q=licencia", "/en/cartas"])
def test_a_repeated_public_page_needs_no_query(tmp_path, path):
    application = build(tmp_path)
    first, first_queries = queries_of(application, path)
    again, again_queries = queries_of(application, path)
    assert first.status_code == again.status_code == 200
    assert first_queries > 0 and again_queries == 0
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert "HX-Request" in again.headers["Vary"]
    with application.app_context():
        db.engine.dispose()


def test_cached_pages_go_compressed_to_browsers_that_accept_it(tmp_path):
    application = build(tmp_path)
    client = application.test_client()
    first = client.get("/es/")
    zipped = client.get("/es/", headers={"Accept-Encoding": "gzip, deflate, br"})
    plain = client.get("/es/")
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == first.get_data() == plain.get_data()
    assert "Content-Encoding" not in plain.headers
    assert len(zipped.get_data()) < len(first.get_data()) / 2
    for response in (first, zipped, plain):
        assert {"HX-Request", "Accept-Encoding"} <= set(response.headers["Vary"].split(", "))
    with application.app_context():
        db.engine.dispose()


def test_a_fragment_and_a_full_page_are_kept_apart(tmp_path):
    application = build(tmp_path)
    page, _ = queries_of(application, "/es/servicios?q=licencia")
    fragment, queries = queries_of(
        application, "/es/servicios?q=licencia", headers={"HX-Request": "true"}
    )
    assert queries > 0 and fragment.get_data() != page.get_data()
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/es/buzon/nuevo?tipo=queja&servicio=otro", "/auth/entrar"])
def test_forms_and_staff_pages_are_never_cached(tmp_path, path):
    application = build(tmp_path, WTF_CSRF_ENABLED=True)
    tokens = [
        re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))[1]
        for page, _queries in (queries_of(application, path), queries_of(application, path))
    ]
    assert tokens[0] != tokens[1]  # each visitor got a page (and a token) of their own
    with application.app_context():
        db.engine.dispose()


def test_app_servers_share_the_cache_through_redis(tmp_path):
    require_tool(redis_reachable(), f"Redis at {REDIS_URL}")
    settings = dict(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex}:")
    first = build(tmp_path, "one.sqlite3", **settings)
    second = build(tmp_path, "two.sqlite3", **settings)
    page, _ = queries_of(first, "/es/servicios")
    shared, queries = queries_of(second, "/es/servicios")
    assert queries == 0 and shared.get_data() == page.get_data()
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(settings["CACHE_KEY_PREFIX"] + "*"):
        client.delete(key)
    for application in (first, second):
        with application.app_context():
            db.engine.dispose()


def test_clearing_the_cache_forgets_this_portals_pages_in_redis(tmp_path):
    """What every page shows changed (the institution): every app server builds pages again,
    and another portal sharing the Redis keeps its own."""
    require_tool(redis_reachable(), f"Redis at {REDIS_URL}")
    mine, theirs = f"test-{uuid.uuid4().hex}:", f"test-{uuid.uuid4().hex}:"
    first = build(tmp_path, "one.sqlite3", REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=mine)
    other = build(tmp_path, "two.sqlite3", REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=theirs)
    queries_of(first, "/es/servicios")
    queries_of(other, "/es/servicios")
    with first.test_request_context():
        clear_cache()
    assert queries_of(first, "/es/servicios")[1] > 0
    assert queries_of(first, "/es/servicios")[1] == 0  # built again, and kept again
    assert queries_of(other, "/es/servicios")[1] == 0
    client = redis.Redis.from_url(REDIS_URL)
    for prefix in (mine, theirs):
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)
    for application in (first, other):
        with application.app_context():
            db.engine.dispose()


def without_tokens(response) -> bytes:
    return re.sub(rb'<input[^>]*name="csrf_token"[^>]*>', b"", response.get_data())


def test_the_inbox_figures_are_kept_for_a_while(tmp_path):
    from app.staff.models import Role
    from app.staff.services import create_user
    from tests.factories import PASSWORD
    from tests.feedback.conftest import Journey
    from tests.staff.conftest import sign_in

    application = build(tmp_path, INBOX_FIGURES_SECONDS=30)
    with application.app_context():
        create_user("admin@example.org", "Ada", Role.ADMIN, PASSWORD)
        Journey(application.test_client()).submit()
        staff = application.test_client()
        assert sign_in(staff, "admin@example.org").status_code == 303
        db.engine.dispose()
    pages = [queries_of_client(application, staff, "/admin/buzon") for _visit in range(2)]
    (first, first_queries), (second, second_queries) = pages
    assert second_queries == first_queries - 2  # counts and response times come from the cache
    # The pages differ only by their CSRF tokens, which carry the second they were made in.
    assert first.status_code == 200 and without_tokens(first) == without_tokens(second)
    assert b'name="csrf_token"' in first.get_data()
    assert b'name="csrf_token"' not in without_tokens(first)
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/es/servicios?q=licencia", "/es/resultados", "/es/tablero"])
def test_an_htmx_history_restore_does_not_poison_the_fragments_of_the_next_visitor(tmp_path, path):
    """A history restore carries HX-Request too, and gets the whole page; it must not be kept
    as what htmx's swaps receive, nor a swap's part as what a visitor's page receives."""
    application = build(tmp_path)
    attacker = application.test_client()
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    whole = attacker.get(path, headers=restore)
    assert whole.status_code == 200 and b"<html" in whole.get_data()
    swap = application.test_client().get(path, headers={"HX-Request": "true"})
    assert swap.status_code == 200 and b"<html" not in swap.get_data()
    assert "HX-History-Restore-Request" in swap.headers["Vary"]
    visitor = application.test_client().get(path)
    assert b"<html" in visitor.get_data()
    again = application.test_client().get(path, headers={"HX-Request": "true"})
    assert b"<html" not in again.get_data()  # the swap's part, now from the cache
    with application.app_context():
        db.engine.dispose()


def entries(application):
    """The cached pages of a portal without Redis: key → (fresh until, compressed page)."""
    store = application.extensions["page_cache"]
    return store, {
        key: (cache.HEADER.unpack_from(body)[0], body)
        for key, (_ends, body) in store.pages.items()
        if ".gz:" in key
    }


def test_published_content_changed_anywhere_forgets_the_pages(tmp_path):
    """Whatever commits a change of published content (here the ORM, as an import does), the
    next visitor sees it; what citizens do (a feedback item) leaves the pages cached."""
    from app.catalog.models import Service
    from tests.factories import make_feedback

    application = build(tmp_path)
    assert "Licencia de funcionamiento" in queries_of(application, "/es/servicios")[0].text
    with application.app_context():
        make_feedback(received_on=date(2026, 11, 3))
        db.session.commit()
    assert queries_of(application, "/es/servicios")[1] == 0
    with application.app_context():
        service = db.session.scalar(select(Service))
        service.name = {"es": "Licencia municipal de funcionamiento"}
        db.session.commit()
    page, queries = queries_of(application, "/es/servicios")
    assert queries > 0 and "Licencia municipal de funcionamiento" in page.text
    with application.app_context():
        db.engine.dispose()


def test_entries_expire_spread_out_and_stale_pages_are_served_while_one_request_builds(tmp_path):
    application = build(tmp_path)
    for path in ("/es/", "/es/servicios", "/es/cartas"):
        queries_of(application, path)
    store, found = entries(application)
    now = time.time()
    content = application.config["PAGE_CACHE_CONTENT_SECONDS"]
    ends = [fresh_until - now for fresh_until, _body in found.values()]
    assert all(0.8 * content - 5 <= end <= content for end in ends), ends
    assert len(set(ends)) == len(ends)  # not all at the same second
    key = next(k for k in found if k.endswith(":/es/servicios?"))
    fresh_until, body = found[key]
    stale = cache.HEADER.pack(now - 1) + body[cache.HEADER.size :]
    store.pages[key] = (now + 300, stale)
    assert store.claim(key)  # another request is building it
    page, queries = queries_of(application, "/es/servicios")
    assert queries == 0 and page.status_code == 200  # the expired page, meanwhile
    store.release(key)
    page, queries = queries_of(application, "/es/servicios")
    assert queries > 0 and page.status_code == 200  # this request builds it again
    assert queries_of(application, "/es/servicios")[1] == 0
    with application.app_context():
        db.engine.dispose()


def test_a_request_waits_for_the_page_another_builds_then_builds_it_itself(tmp_path, monkeypatch):
    application = build(tmp_path)
    monkeypatch.setattr(cache, "BUILD_WAIT", 0.1)
    store = application.extensions["page_cache"]
    with application.test_request_context("/es/cartas"):
        application.preprocess_request()
        key = g.page_cache_key
    store.release(key)
    assert store.claim(key)  # another request is building it and never finishes
    started = time.monotonic()
    page, queries = queries_of(application, "/es/cartas")
    assert page.status_code == 200 and queries > 0
    assert time.monotonic() - started >= 0.1
    with application.app_context():
        db.engine.dispose()


def test_a_page_built_while_published_content_changed_is_built_again(tmp_path):
    """Content published while a page was being built may be missing from it: the page is not
    served to the next visitor, who gets it built again."""
    application = build(tmp_path)
    view = application.view_functions["pages.accessibility"]
    built = []

    def changed_meanwhile(**kwargs):
        built.append(1)
        if len(built) == 1:
            clear_cache()  # as a commit of published content does
        return view(**kwargs)

    application.view_functions["pages.accessibility"] = changed_meanwhile
    client = application.test_client()
    for _visit in range(3):
        assert client.get("/es/accesibilidad").status_code == 200
    assert len(built) == 2  # the second visit built it again, the third was served it
    with application.app_context():
        db.engine.dispose()


def test_the_nightly_recomputation_forgets_the_pages(tmp_path):
    """Results are rewritten by statements, not objects: the pages that show them are built
    again after the run, as after any other change of published content."""
    application = build(tmp_path)
    assert queries_of(application, "/es/")[1] > 0
    assert queries_of(application, "/es/")[1] == 0
    result = application.test_cli_runner().invoke(args=["indicators", "recompute"])
    assert result.exit_code == 0, result.output
    assert queries_of(application, "/es/")[1] > 0
    with application.app_context():
        db.engine.dispose()


def test_a_page_cached_yesterday_is_not_served_today(tmp_path, monkeypatch):
    """What is in force changes at midnight with nothing committed (a version that starts
    today): a page of yesterday is built again."""
    from app.core import clock

    day = {"value": date(2026, 12, 4)}
    monkeypatch.setattr(clock, "local_today", lambda: day["value"])
    application = build(tmp_path)
    assert queries_of(application, "/es/cartas")[1] > 0
    assert queries_of(application, "/es/cartas")[1] == 0
    day["value"] = date(2026, 12, 5)
    assert queries_of(application, "/es/cartas")[1] > 0
    with application.app_context():
        db.engine.dispose()


def test_a_page_built_with_another_catalog_is_kept_apart(tmp_path, monkeypatch):
    """A worker yet to read the translators' latest upload builds its pages apart from those
    of the workers that read it: none of its pages outlives its catalog."""
    application = build(tmp_path)
    catalogs = application.extensions["interface_catalogs"]
    assert queries_of(application, "/en/cartas")[1] > 0
    assert queries_of(application, "/en/cartas")[1] == 0
    monkeypatch.setattr(catalogs, "version", lambda code: "another")
    assert queries_of(application, "/en/cartas")[1] > 0
    with application.app_context():
        db.engine.dispose()


def test_a_browser_that_refuses_gzip_gets_the_page_plain(tmp_path):
    application = build(tmp_path)
    client = application.test_client()
    first = client.get("/es/cartas")
    refused = client.get("/es/cartas", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    assert refused.get_data() == first.get_data()
    with application.app_context():
        db.engine.dispose()
