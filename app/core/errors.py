"""Localized error pages: the HTTP status says what happened, the page says it in words."""

import math

from flask import Flask, current_app, jsonify, redirect, render_template, request
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.routing import RequestRedirect

from app.core.lazy_text import lazy_gettext as _l

MESSAGES = {
    400: (
        _l("La dirección tiene un dato que no entendemos"),
        _l("Revise la dirección o vuelva a la página anterior y use el formulario."),
    ),
    404: (
        _l("No encontramos esta página"),
        _l(
            "Si escribió la dirección, revise que esté bien escrita. "
            "La página pudo cambiar de lugar."
        ),
    ),
    405: (
        _l("Esta página no acepta esa acción"),
        _l("Vuelva a la página anterior e inténtelo de nuevo."),
    ),
    413: (
        _l("Los archivos son demasiado grandes"),
        # Every form says next to its file field how much it takes (the citizen's 3 files of
        # 5 MB, a logo's 512 KB, a catalog's 10 MB...).
        _l(
            "Vuelva a la página anterior y elija archivos más pequeños: junto a cada campo dice "
            "cuánto acepta."
        ),
    ),
    409: (
        _l("Esta acción ya no es posible"),
        _l("La información cambió mientras tanto. Vuelva a la página anterior y recárguela."),
    ),
    429: (
        _l("Demasiados intentos"),
        _l("Por seguridad, espere unos minutos antes de volver a intentarlo."),
    ),
    500: (
        _l("Algo falló de nuestro lado"),
        _l("No es su culpa. Inténtelo de nuevo en unos minutos."),
    ),
    503: (
        _l("El portal no está disponible por el momento"),
        _l("Inténtelo de nuevo en unos minutos."),
    ),
}


LONG_WAIT = _l("Por seguridad, este envío tiene un límite por día.")

CSRF_MESSAGE = (
    _l("No pudimos confirmar que el envío viene de este sitio"),
    _l(
        "Puede pasar si el formulario estuvo abierto en otra pestaña o se borraron las cookies. "
        "Vuelva a la página anterior: lo que escribió sigue ahí. Recárguela y envíe de nuevo."
    ),
)
CSRF_CAUSE = _l(
    "Puede pasar si el formulario estuvo abierto mucho tiempo o en otra pestaña, o si se "
    "borraron las cookies."
)


# The citizen's anonymous forms, whose typed content a CSRF failure (the session cookie lost)
# gives back with a fresh token: anyone may post them anyway. Elsewhere (staff pages, a tracked
# item's actions) that page would turn a forged post into a single click of the person's.
GIVE_BACK_ON_CSRF = {"feedback.new", "feedback.send", "feedback.survey"}
CSRF_KEPT_TEXT = _l(
    "Lo que escribió no se perdió: está en esta página. Use el botón para enviarlo de nuevo. "
    "No se enviará dos veces."
)


# Under this prefix errors are JSON for programs, not pages for people (see app/api/).
JSON_PREFIX = "/api/"


def _json(error: HTTPException):
    """``{"error": {"status", "message"}}`` in English; a server error never tells details."""
    code = error.code or 500
    if code >= 500:
        message = "The server could not answer; please try again later."
    elif code == 429:
        message = f"Too many requests ({error.description}); please try again later."
    else:
        message = error.description or "The request is not valid."
    response = jsonify({"error": {"status": code, "message": message}})
    response.status_code = code
    response.headers.update(error_headers(error))
    if code == 429 and "Retry-After" not in response.headers:
        from app.core.ratelimit import seconds_to_wait

        response.headers["Retry-After"] = str(seconds_to_wait())
    return response


def _without_trailing_slash():
    """A redirect (308) to the page a 404's address names with a slash too many at its end (a
    link shared as ``/es/servicios/``), when there is one; ``None`` otherwise. Repeated slashes
    are merged, so the redirect is always to a path of this portal, never ``//other.example``."""
    if request.method not in ("GET", "HEAD") or not request.path.endswith("/"):
        return None
    path = "/" + "/".join(part for part in request.path.split("/") if part)
    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return None
    query = request.query_string.decode("latin-1")
    return redirect(request.script_root + path + (f"?{query}" if query else ""), 308)


def _with_language():
    """A redirect (302: it depends on the browser) to the public page a 404's address names
    without a language offered (``/buzon`` from a shared link, ``/EN/buzon``, ``/en-US/…``, a
    language not offered yet), in the one the browser prefers; ``None`` when there is none."""
    from app.core.i18n import INTERFACE_LANGUAGES, best_language, is_offered

    if request.method not in ("GET", "HEAD"):
        return None
    parts = [part for part in request.path.split("/") if part]
    if not parts or is_offered(parts[0]):
        return None  # a page of a language offered: its 404 is the answer
    written = parts[0].lower().replace("_", "-").split("-")[0]
    if is_offered(written):
        parts[0] = written
    elif written in INTERFACE_LANGUAGES:
        parts[0] = best_language().code
    else:
        parts.insert(0, best_language().code)
    path = "/" + "/".join(parts)
    try:
        _endpoint, values = current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return None
    if "lang" not in values:
        return None
    query = request.query_string.decode("latin-1")
    response = redirect(request.script_root + path + (f"?{query}" if query else ""), 302)
    response.vary.add("Accept-Language")
    return response


def _language_first():
    """``before_request``: ``/buzon`` matches the home page's rule ``/<lang>/`` but for its
    slash, and Werkzeug would answer a permanent redirect to ``/buzon/`` (no page) before the
    language is checked: the page in the browser's language instead."""
    if isinstance(request.routing_exception, RequestRedirect):
        return _with_language()
    return None


def answer_errors_under(app: Flask, prefix: str, answer) -> None:
    """Errors of addresses under ``prefix`` are answered by ``answer(error)`` in that
    interface's own format (Open311's ``<errors>``), also those no view of it sees: a method
    not allowed, a database away."""
    app.extensions.setdefault("error_answers", {})[prefix] = answer


def _own_answer(error: HTTPException):
    for prefix, answer in current_app.extensions.get("error_answers", {}).items():
        if request.path.startswith(prefix):
            return answer(error)
    if request.path.startswith(JSON_PREFIX):
        return _json(error)
    return None


def error_headers(error: HTTPException) -> dict[str, str]:
    """What an error's own headers say (``Allow`` of a 405, ``Retry-After``), without its
    content type: the answer has its own."""
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


def _render(error: HTTPException):
    if (answered := _own_answer(error)) is not None:
        return answered
    if error.code == 404 and (moved := _without_trailing_slash() or _with_language()):
        return moved
    if error.code == 429:
        return _too_many(error)
    title, text = MESSAGES.get(error.code, MESSAGES[500] if error.code >= 500 else MESSAGES[400])
    if isinstance(error, CSRFError):
        if request.method == "POST" and request.endpoint in GIVE_BACK_ON_CSRF:
            # Going back would not help: the old token has no session to match any more.
            title = CSRF_MESSAGE[0]
            return _give_back(error.code, title, CSRF_CAUSE, CSRF_KEPT_TEXT, fresh_token=True)
        title, text = CSRF_MESSAGE
    return (
        render_template("errors/error.html", code=error.code, title=title, text=text),
        error.code,
        error_headers(error),
    )


def _too_many(error: HTTPException):
    """Over a rate limit: how long to wait (also in Retry-After), and what the person typed, in
    a form that sends it again once the wait is over."""
    from app.core.ratelimit import seconds_to_wait

    seconds = seconds_to_wait()
    title, text = MESSAGES[429]
    if seconds <= 3600:
        wait = ngettext(
            "Podrá intentarlo de nuevo en %(num)d minuto.",
            "Podrá intentarlo de nuevo en %(num)d minutos.",
            math.ceil(seconds / 60),
        )
    else:  # a daily limit (a survey's): not "a few minutes"
        text = LONG_WAIT
        wait = ngettext(
            "Podrá intentarlo de nuevo en %(num)d hora.",
            "Podrá intentarlo de nuevo en %(num)d horas.",
            math.ceil(seconds / 3600),
        )
    return _give_back(
        429,
        title,
        f"{text} {wait}",
        _l(
            "Lo que escribió no se perdió: está en esta página. Cuando pase ese tiempo, use el "
            "botón para enviarlo. No se enviará dos veces."
        ),
        retry_after=seconds,
    )


# Seconds after which a client (or a load balancer) may try again when the database is away.
RETRY_AFTER = 30
# Typed values never written back into a page: passwords, and codes that prove who someone is.
SECRET_FIELDS = {"password", "current", "new", "confirm", "codigo"}
# Values a person recognises as theirs, shown as text so they can be copied.
TYPED_FIELDS = {"descripcion", "lugar", "nombre", "correo", "telefono", "comentario", "respuesta"}


def _database_unavailable(error: Exception):
    """The database is unreachable (down, restarting, pool exhausted): say so with a 503 and
    Retry-After, and give back what the person typed in a form that sends it again. The keys of
    the form (CSRF token, submission key) travel with it, so a second send is not a duplicate."""
    from app.extensions import db

    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        pass  # the connection is gone: the pool discards it
    if (response := _own_answer(ServiceUnavailable())) is not None:
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response
    title, text = MESSAGES[503]
    return _give_back(
        503,
        title,
        text,
        _l(
            "Lo que escribió no se perdió: está en esta página. Cuando el portal vuelva, use el "
            "botón para enviarlo de nuevo. No se enviará dos veces."
        ),
        retry_after=RETRY_AFTER,
    )


def _give_back(
    code: int, title, text, kept_text, retry_after: int | None = None, fresh_token=False
):
    """An error page (with ``Retry-After`` when there is a time to wait) that gives back what a
    form sent (passwords and codes aside), in a form that sends it again; its keys (CSRF token,
    submission key) travel with it, so a second send is not a duplicate. ``fresh_token``: the
    CSRF token sent was refused, so the form carries one of this session instead."""
    kept = []
    if request.method == "POST":
        token_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        kept = [
            (name, value)
            for name, values in request.form.lists()
            if name not in SECRET_FIELDS and not (fresh_token and name == token_field)
            for value in values
        ]
        if fresh_token:
            kept.insert(0, (token_field, generate_csrf()))
    page = render_template(
        "errors/unavailable.html",
        code=code,
        title=title,
        text=text,
        kept_text=kept_text,
        kept=kept,
        shown=TYPED_FIELDS,
        files_lost=any(f.filename for f in request.files.values()),
        secrets_left_out=any(request.form.get(name) for name in SECRET_FIELDS),
        action=request.full_path.rstrip("?"),
    )
    return page, code, {} if retry_after is None else {"Retry-After": str(retry_after)}


def init_app(app: Flask) -> None:
    app.before_request(_language_first)
    # Unhandled exceptions reach this handler as a 500 after Flask has logged them.
    app.register_error_handler(HTTPException, _render)
    for database_down in (OperationalError, InterfaceError, PoolTimeoutError):
        app.register_error_handler(database_down, _database_unavailable)
