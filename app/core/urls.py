"""Links: absolute ones always built from the public address, and links to the current page with
other query values."""

from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, request, url_for
from flask.globals import _cv_app, _cv_request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.templating import Environment
from werkzeug.routing import IntegerConverter, Map, MapAdapter

# The largest id or number a database integer column holds (PostgreSQL's ``integer``).
LARGEST_ID = 2**31 - 1

# Building a link took 9 µs, and a page shows dozens of them (a list of services, its pages, the
# menu, the languages): the links last built are kept, for values of these types only (an
# object given as a value could turn into another text later). Enough for the links every page
# shows and the most asked for, in a megabyte or so per worker.
LINKS_KEPT = 4096
_PLAIN = frozenset({str, int, bool, float, type(None)})


class DatabaseInteger(IntegerConverter):
    """``<int:…>`` in a URL: a number the database can compare with its ids. A larger one (a
    typo, a probe) matches no route, so it is a 404 rather than an overflow in the query."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


class PortalMap(Map):
    default_converters = {**Map.default_converters, "int": DatabaseInteger}


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, the signer built only for a request that brings a
    cookie to read: most requests bring none (every visitor's page), and building it took a
    hundredth of a page of the layout alone."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


class Templates(Environment):
    """Flask's template environment, each template reading the environment's globals directly
    rather than through a ``ChainMap`` over them (Jinja's default, which lets a template's own
    globals shadow the environment's; no template here has any). Every render and every
    ``{% from … import %}`` copied or compared that map's forty-odd keys one by one: a context
    and an import took 49 µs, and take 4 µs with the dict (a tenth of a page of the layout
    alone)."""

    def make_globals(self, d):
        return super().make_globals(d) if d else self.globals


class Portal(Flask):
    """The application: absolute URLs (the Atom feed, the API's links, e-mails) name
    ``PUBLIC_BASE_URL``, never the Host header of the request. A request sent with
    ``Host: evil.example`` would otherwise write links to it into responses that caches and
    feed readers keep for everyone. Every ``<int:…>`` part of a URL is a ``DatabaseInteger``, and
    its templates are ``Templates``."""

    url_map_class = PortalMap
    session_interface = CookieSessions()
    jinja_environment = Templates

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._link = lru_cache(maxsize=LINKS_KEPT)(self._build_link)

    def url_for(self, endpoint: str, /, **values) -> str:
        context = _cv_request.get(None)
        if context is None or context.url_adapter is None:
            return super().url_for(endpoint, **values)
        if not values.get("_external"):
            if endpoint[:1] == "." or not all(type(v) in _PLAIN for v in values.values()):
                return super().url_for(endpoint, **values)
            # A link within the portal depends only on these: built once for all requests.
            language = getattr(_cv_app.get().g, "language", None)
            script = context.url_adapter.script_name
            return self._link(script, getattr(language, "code", None), endpoint, *values.items())
        own = context.url_adapter
        context.url_adapter = self.public_url_adapter()
        try:
            return super().url_for(endpoint, **values)
        finally:
            context.url_adapter = own

    def _build_link(self, _script: str, _language: str | None, endpoint: str, *values) -> str:
        """``url_for`` of a relative link, in the request that first asks for it with the same
        script root and page language: the only things besides its arguments it depends on
        (the page's language is the only default added to links, see ``app.core.i18n``)."""
        return super().url_for(endpoint, **dict(values))

    def public_url_adapter(self) -> MapAdapter:
        """Builds URLs on ``PUBLIC_BASE_URL`` (scheme, host and any path prefix)."""
        base = urlsplit(self.config["PUBLIC_BASE_URL"])
        return self.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
        )


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on ``PUBLIC_BASE_URL``, the same inside a request, a command or a worker
    (behind a proxy, the request's own host may be an internal one)."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def query_args(*drop: str) -> dict[str, list[str]]:
    """The current query string without the keys in ``drop``, to build links to the same page
    with other values. Keys starting with "_" are left out: ``url_for`` reads them as its own
    options (``_scheme``, ``_external``…), and a visitor's ``?_scheme=x`` broke every link. So
    are keys named like a part of the page's address (``?lang=en`` on ``/es/…``, ``?slug=x``)
    or like ``url_for``'s first argument (``?endpoint=x``): passed to ``url_for`` along with
    it, they made the page and its error page fail."""
    own = request.url_rule.arguments if request.url_rule else ()
    return {
        key: values
        for key, values in request.args.lists()
        if key not in drop and key not in own and key != "endpoint" and not key.startswith("_")
    }
