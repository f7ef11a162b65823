"""Whose requests a rate limit counts together, and how long someone over a limit waits.

Every key starts with ``CACHE_KEY_PREFIX``, so two portals on one Redis (staging and production)
never share counters. A limit per client address alone is unfair to the many people behind one
address (an office, a kiosk, a mobile carrier); the citizen's forms therefore also count per
browser (a random id in the signed session cookie). Software that drops the cookie gets a new id
each time, so the limit per address, set higher, still bounds it.
"""

from __future__ import annotations

import secrets
import time

from flask import current_app, request, session
from flask_limiter.util import get_remote_address

from app.core.cache import PUBLIC_PAGES

BROWSER_KEY = "browser"  # the session's random id, for the limits per browser
DEFAULT_WAIT = 60  # seconds, when the limit's window cannot be read


def _prefixed(kind: str, value: str) -> str:
    return f"{current_app.config['CACHE_KEY_PREFIX']}{kind}:{value}"


def by_address() -> str:
    """The client's address (from the trusted proxy, see ``PROXY_COUNT``)."""
    return _prefixed("address", get_remote_address())


def browser_id() -> str:
    """This browser's random id, given on its first request that needs one (the feedback form
    also derives the access code from it)."""
    browser = session.get(BROWSER_KEY)
    if not isinstance(browser, str):
        browser = session[BROWSER_KEY] = secrets.token_urlsafe(12)
    return browser


def by_browser() -> str:
    """This browser's session, given a random id on its first limited request."""
    return _prefixed("browser", browser_id())


def by_posted(field: str, normalize):
    """A key function: the value a form posts in ``field``, whoever posts it (e.g. the folio a
    new access code is asked for), as ``normalize`` writes it: every way of typing one value
    must count against the same limit."""

    def key() -> str:
        return _prefixed(field, normalize(request.form.get(field, ""))[:30])

    return key


def by_address_and_page() -> str:
    """The client's address on this page in any language (e.g. one service's survey)."""
    values = {k: v for k, v in (request.view_args or {}).items() if k != "lang"}
    page = ",".join(f"{k}={v}" for k, v in sorted(values.items()))
    return _prefixed("address", f"{get_remote_address()}:{request.endpoint}:{page}")


def public_page() -> bool:
    """Whether the request asks for a public page (``app.core.cache.PUBLIC_PAGES``), which has
    no limit: the limiter's check, a twelfth of the time of a page served from the cache, is
    skipped."""
    return request.method == "GET" and request.endpoint in PUBLIC_PAGES


def seconds_to_wait() -> int:
    """How long until the limit just exceeded lets this client in again."""
    from app.extensions import limiter

    try:
        exceeded = limiter.current_limit
        if exceeded is not None:
            return max(1, int(exceeded.reset_at - time.time()))
    except Exception:  # the storage may have gone away meanwhile
        current_app.logger.debug("no window for Retry-After", exc_info=True)
    return DEFAULT_WAIT
