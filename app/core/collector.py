"""When the cyclic garbage collector may run: between requests, never in the middle of one, and
not at all during bulk computations.

CPython 3.11 can free memory twice when a collection starts while an object is being given a
new attribute and a weak reference callback run by that collection sets attributes on the same
object; SQLAlchemy's clean-up of the state of a loaded object is such a callback. A worker
building pages that load thousands of rows crashed with SIGSEGV that way. Reference counting
still frees everything that is not in a cycle at once; the cycles a request leaves behind are
collected after it, outside any attribute store.

After a process's first request, what it has built to serve (modules, models, the mappers'
configuration, the first templates: about a million objects that live as long as the process)
is moved out of the collector's sight (``gc.freeze``): each full collection walked all of it, a
pause of tens of milliseconds every few hundred requests.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block; the collector is left as it was found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_collection(function: Callable) -> Callable:
    """Decorator: ``function`` runs with the collector paused. For bulk computations that make
    hundreds of thousands of short-lived objects and no cycles worth collecting: collections
    there only cost time (a third of the indicators' recomputation at national scale)."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with paused():
            return function(*args, **kwargs)

    return wrapper


_settled = False  # whether this process has frozen what it built to serve


def _settle() -> None:
    global _settled
    _settled = True
    gc.collect()  # the cycles left by starting up and the first request are not kept
    gc.freeze()


class CollectBetweenRequests:
    """WSGI middleware: no collection from the start of a request to the end of its teardown
    (the database session's included: closing it updates the state of every object loaded);
    after the process's first request, ``_settle``."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        with paused():
            response = self.wsgi_app(environ, start_response)
        if not _settled:
            _settle()
        return response
