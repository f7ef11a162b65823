"""Redis, which the app servers share for rate limits and cached pages, and how the portal keeps
working without it.

Redis is optional: when ``REDIS_URL`` is unreachable or hangs, every form and the API keep
answering. Rate limits are then counted per app server (Flask-Limiter's in-memory fallback), no
page is cached, one warning is logged and ``/healthz`` says "degraded". Every call has a short
timeout (``REDIS_TIMEOUT``), and after a failure Redis is left alone for ``RETRY_SECONDS``, so
a Redis that never answers costs one request a fraction of a second, not every request seconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app

if TYPE_CHECKING:
    import redis

# The redis package (a twentieth of a second and megabytes to import) is imported only where a
# Redis is configured: commands and single-server installs run without it.

log = logging.getLogger(__name__)
RETRY_SECONDS = 15  # after a failure, how long Redis is left alone before the next try
T = TypeVar("T")


def client_options(timeout: float) -> dict:
    """Options of a Redis client that gives up after ``timeout`` seconds, without retrying."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(NoBackoff(), 0),
    }


class SharedRedis:
    """The Redis of ``REDIS_URL`` behind a breaker: after a failure, calls return their default
    at once for ``RETRY_SECONDS``; the first failure of an outage logs one warning."""

    def __init__(self, url: str, timeout: float) -> None:
        import redis

        self.client = redis.Redis.from_url(url, **client_options(timeout))
        self.errors = redis.RedisError
        self.address = _without_password(url)
        self.down_until = 0.0
        self.down = False

    def run(self, call: Callable[[redis.Redis], T], default: T) -> T:
        """``call(client)``, or ``default`` when Redis fails or failed a moment ago."""
        if self.down and time.monotonic() < self.down_until:
            return default
        try:
            result = call(self.client)
        except self.errors as error:
            self.failed(error)
            return default
        if self.down:
            self.down = False
            log.info("Redis at %s answers again", self.address)
        return result

    def failed(self, error: object) -> None:
        """Leave Redis alone for a while; say so once per outage."""
        self.down_until = time.monotonic() + RETRY_SECONDS
        if not self.down:
            self.down = True
            log.warning(
                "Redis at %s does not answer (%s): until it does, rate limits are counted per "
                "app server and pages are not cached",
                self.address,
                error,
            )

    def reachable(self) -> bool:
        return self.run(lambda client: bool(client.ping()), False)


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=host).geturl()


def shared_redis() -> SharedRedis | None:
    """The app's Redis, or ``None`` when it runs without one."""
    return current_app.extensions.get("shared_redis")


class LimiterOutage(logging.Filter):
    """Flask-Limiter's own "storage unreachable" warning becomes the outage's one warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "storage unreachable" not in record.getMessage():
            return True
        try:
            shared = shared_redis()
        except RuntimeError:  # outside an app context: keep the record
            return True
        if shared is None:
            return True
        if not shared.down:
            shared.failed("rate limits")
        return False


def init_app(app: Flask) -> None:
    """Attach the shared Redis (before the limiter and the page cache, which use it)."""
    url = app.config.get("REDIS_URL")
    timeout = app.config["REDIS_TIMEOUT"]
    if url:
        app.extensions["shared_redis"] = SharedRedis(url, timeout)
    # The limiter's storage gets the same short timeouts; without it, limits count in memory.
    if app.config["RATELIMIT_STORAGE_URI"].startswith("redis"):
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", client_options(timeout))
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter_log = logging.getLogger("flask-limiter")
    if not any(isinstance(f, LimiterOutage) for f in limiter_log.filters):
        limiter_log.addFilter(LimiterOutage())
