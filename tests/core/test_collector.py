"""No garbage collection in the middle of a request (see app/core/collector.py)."""

import gc

from flask import jsonify

from app.config import TestConfig
from app.core.collector import without_collection
from app.indicators.services.engine import recompute


def test_the_collector_waits_for_the_end_of_each_request(empty_app):
    seen = []

    @empty_app.get("/_collector-probe")
    def probe():
        seen.append(gc.isenabled())
        return jsonify(ok=True)

    client = empty_app.test_client()
    gc.enable()
    assert client.get("/_collector-probe").status_code == 200
    assert client.get("/es/").status_code == 200  # a real page, with the database
    assert gc.isenabled()  # running again once each request ended
    gc.disable()  # left as it was found
    assert client.get("/_collector-probe").status_code == 200
    assert not gc.isenabled()
    gc.enable()
    assert seen == [False, False]  # paused while the requests ran


def test_the_recomputation_runs_without_collections():
    seen = []

    @without_collection
    def bulk():
        seen.append(gc.isenabled())

    gc.enable()
    bulk()
    assert seen == [False] and gc.isenabled()
    assert recompute.__wrapped__  # the indicators' recomputation is such bulk work


def test_a_process_freezes_what_it_built_after_its_first_request(empty_app, monkeypatch):
    """What a worker built to serve is kept out of later full collections (``gc.freeze``), once:
    later requests freeze nothing more."""
    from app.core import collector

    gc.unfreeze()
    monkeypatch.setattr(collector, "_settled", False)
    client = empty_app.test_client()
    assert client.get("/es/").status_code == 200
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the modules, models and app, not a handful
    kept = [[] for _ in range(1000)]  # containers made after the first request
    assert client.get("/es/").status_code == 200
    assert gc.get_freeze_count() <= frozen  # (some frozen objects were freed since)
    assert kept
    gc.unfreeze()


def test_building_the_app_pauses_the_collector_and_leaves_it_as_found(monkeypatch):
    """Starting up makes a few hundred thousand lasting objects: no collection walks them while
    they pile up, and the collector runs again afterwards (a process that never collected would
    keep every cycle its requests leave)."""
    import app as package

    seen = []
    build = package._build
    monkeypatch.setattr(
        package, "_build", lambda config: seen.append(gc.isenabled()) or build(config)
    )
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        built = package.create_app(TestConfig)
        assert gc.isenabled() is enabled
        assert built.url_map.is_endpoint_expecting("pages.home", "lang")
    gc.enable()
    assert seen == [False, False]
