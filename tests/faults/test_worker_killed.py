"""A worker killed with SIGKILL in the middle of submissions: every confirmation shown has its
row, no row lacks its events, and gunicorn replaces the worker with no manual step."""

import os
import re
import signal
import threading
from http.client import HTTPException

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackEvent
from tests.conftest import demo_app
from tests.live import SEND, gunicorn, submission

CLIENTS = 4
PER_CLIENT = 15


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        yield application


def test_killing_workers_mid_submission_loses_nothing_that_was_confirmed(live_app, tmp_path):
    url = live_app.config["SQLALCHEMY_DATABASE_URI"]
    outcomes = []  # (submission key, status or the connection error, folio or None)
    lock = threading.Lock()
    with gunicorn(tmp_path, url, workers=2) as server:
        started = threading.Barrier(CLIENTS + 1)

        def citizen():
            started.wait()
            for _n in range(PER_CLIENT):
                data = submission()
                try:
                    status, headers, _body = server.request("POST", SEND, data)
                # The worker died under us: before answering, or in the middle of its answer.
                except (ConnectionError, OSError, HTTPException) as error:
                    status, headers = type(error).__name__, {}
                folio = re.search(r"SQR-\d{4}-\d{6}", headers.get("Location", ""))
                with lock:
                    outcomes.append((data["clave_envio"], status, folio and folio.group()))

        threads = [threading.Thread(target=citizen) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        first_workers = server.workers()
        started.wait()
        killed = set()
        for round_ in range(2):
            # Kill a worker once clients have a share of their submissions under way.
            while len(outcomes) < (round_ + 1) * CLIENTS * PER_CLIENT // 3:
                threading.Event().wait(0.01)
            victim = sorted(server.workers() - killed)[0]
            os.kill(victim, signal.SIGKILL)
            killed.add(victim)
        for thread in threads:
            thread.join()
        # The master replaced the killed workers by itself, and the portal answers.
        while len(server.workers()) < 2:
            threading.Event().wait(0.05)
        assert server.workers().isdisjoint(killed) and server.workers() != first_workers
        assert server.request("GET", "/healthz")[0] == 200
        after = submission("Después del reinicio.")
        assert server.request("POST", SEND, after)[0] == 303

    confirmed = {key: folio for key, status, folio in outcomes if status == 303}
    assert len(outcomes) == CLIENTS * PER_CLIENT
    assert len(confirmed) >= CLIENTS * PER_CLIENT // 2, outcomes  # most were served
    assert all(status in (303, "RemoteDisconnected", "ConnectionResetError",
                          "BrokenPipeError", "IncompleteRead")
               for _k, status, _f in outcomes), outcomes  # fmt: skip
    with live_app.app_context():
        stored = dict(db.session.execute(select(Feedback.submission_key, Feedback.folio)).all())
        for key, folio in confirmed.items():
            assert stored.get(key) == folio, f"confirmed {folio} has no row"
        assert stored.get(after["clave_envio"])
        without_events = db.session.scalar(
            select(func.count(Feedback.id)).where(
                ~select(FeedbackEvent.id)
                .where(
                    FeedbackEvent.feedback_id == Feedback.id,
                    FeedbackEvent.kind == EventKind.CREATED,
                )
                .exists()
            )
        )
        assert without_events == 0
        folios = list(stored.values())
        assert len(folios) == len(set(folios))
        db.session.remove()
