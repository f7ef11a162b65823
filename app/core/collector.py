"""The cyclic garbage collector runs between requests, never in the middle of one.

CPython 3.11 can free memory twice when a collection starts while an object is being given a
new attribute and a weak reference callback run by that collection sets attributes on the same
object; SQLAlchemy's clean-up of the state of a loaded object is such a callback. A worker
building pages that load thousands of rows crashed with SIGSEGV that way. Reference counting
still frees everything that is not in a cycle at once; the cycles a request leaves behind are
collected after it, outside any attribute store.
"""

import gc


class CollectBetweenRequests:
    """WSGI middleware: no collection from the start of a request to the end of its teardown
    (the database session's included: closing it updates the state of every object loaded)."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self.wsgi_app(environ, start_response)
        finally:
            if was_enabled:
                gc.enable()
