"""Real app servers for fault and scale tests: gunicorn subprocesses on free loopback ports.

``tests.live:build()`` is the WSGI factory they run; it reads its settings from ``LIVE_*``
environment variables, so each test says which database, Redis and limits its servers share.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def build():
    """The application a live server runs (a test configuration with the given settings)."""
    from app import create_app
    from app.config import TestConfig

    settings = {
        "SQLALCHEMY_DATABASE_URI": os.environ["LIVE_DATABASE_URL"],
        "UPLOAD_FOLDER": os.environ["LIVE_UPLOAD_FOLDER"],
        "MAIL_FOLDER": os.environ["LIVE_UPLOAD_FOLDER"] + "-mail",
    }
    if redis := os.environ.get("LIVE_REDIS_URL"):
        settings.update(
            REDIS_URL=redis,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI=redis,
            RATELIMIT_KEY_PREFIX=os.environ["LIVE_KEY_PREFIX"],
            RATELIMIT_TRACK=os.environ["LIVE_RATELIMIT_TRACK"],
            RATELIMIT_SUBMIT=os.environ["LIVE_RATELIMIT_SUBMIT"],
        )
    return create_app(type("LiveConfig", (TestConfig,), settings))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    pidfile: Path
    process: subprocess.Popen

    @property
    def master(self) -> int:
        return int(self.pidfile.read_text())

    def workers(self) -> set[int]:
        """The worker processes the master runs now."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.master:
                children.add(int(stat.parent.name))
        return children

    def request(self, method: str, path: str, data: dict | None = None, timeout=30):
        """One request on a new connection: (status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            body = urlencode(data or {}, doseq=True)
            headers = {"Content-Type": "application/x-www-form-urlencoded"} if data else {}
            connection.request(method, path, body=body if data else None, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


@contextmanager
def gunicorn(tmp_path: Path, database_url: str, workers: int = 2, **live):
    """A gunicorn master with ``workers`` sync workers on a free port, stopped at the end."""
    port, pidfile = free_port(), tmp_path / f"gunicorn-{uuid.uuid4().hex[:8]}.pid"
    env = {
        **os.environ,
        "LIVE_DATABASE_URL": database_url,
        "LIVE_UPLOAD_FOLDER": str(tmp_path / "uploads"),
        **{f"LIVE_{key.upper()}": value for key, value in live.items()},
    }
    log = (tmp_path / f"gunicorn-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--pid", str(pidfile), "--graceful-timeout", "5",
         "--log-level", "warning", "tests.live:build()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    server = Server(port, pidfile, process)
    try:
        _wait_until_ready(server, log)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_ready(server: Server, log) -> None:
    # A bound on start-up so that a broken server fails the test instead of hanging it.
    for _attempt in range(300):
        if server.process.poll() is not None:
            log.flush()
            raise RuntimeError(Path(log.name).read_text())
        try:
            if server.pidfile.exists() and server.request("GET", "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def submission(text: str = "La ventanilla abrió tarde.") -> dict:
    """The fields of a complete feedback form (CSRF is off in the test configuration)."""
    return {
        "descripcion": text,
        "idioma": "es",
        "consentimiento": "y",
        "clave_envio": uuid.uuid4().hex,
    }


SEND = "/es/buzon/enviar?tipo=queja&servicio=otro"
