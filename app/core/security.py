"""Security headers sent with every response."""

from functools import lru_cache

from flask import Flask, Response, abort, current_app, g, request

from app.core.maps import tile_source

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


@lru_cache(maxsize=8)
def csp(tile_url: str = "") -> str:
    """The policy; with a tile server configured (``MAP_TILE_URL``), its images are allowed too
    (the maps' tiles), and nothing else from it."""
    if not tile_url:
        return CSP
    return CSP.replace("img-src 'self' data:", f"img-src 'self' data: {tile_source(tile_url)}")


# No page needs these powerful features; deny them to any embedded or injected content.
PERMISSIONS = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
    )
)

# The feedback form records a voice message with the page's own script (static/js/voice.js):
# the microphone is allowed there, to this origin only, and only after the person's click.
RECORDING_ENDPOINTS = {"feedback.new"}
RECORDING_PERMISSIONS = PERMISSIONS.replace("microphone=()", "microphone=(self)")


# Pages with personal data or a code: staff pages, the citizen's form steps (what they typed), the
# confirmation with the access code, and tracking. Browsers and proxies must not keep them (a
# shared computer's back button, a proxy's cache).
PRIVATE_PATHS = ("/admin", "/auth/")
PRIVATE_ENDPOINTS = {
    "feedback.new",
    "feedback.send",
    "feedback.received",
    "feedback.track",
    "feedback.status",
    "feedback.rate",
    "feedback.inform",
}


def is_private() -> bool:
    """Whether this response must not be stored by any cache."""
    return (
        request.method not in ("GET", "HEAD")  # a form's answer shows what was sent
        or request.path.startswith(PRIVATE_PATHS)
        or request.endpoint in PRIVATE_ENDPOINTS
        or getattr(g.get("_login_user"), "is_authenticated", False)  # a page naming staff
    )


def _add_headers(response: Response) -> Response:
    """The security headers a view did not set itself. The response's headers are read once:
    Werkzeug's ``setdefault`` looks for a header by raising and catching an HTTP exception
    when it is missing, and eight of those took longer than a response of the health check."""
    headers = response.headers
    recording = request.endpoint in RECORDING_ENDPOINTS
    wanted = {
        "Content-Security-Policy": csp(current_app.config["MAP_TILE_URL"]),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": RECORDING_PERMISSIONS if recording else PERMISSIONS,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Frame-Options": "DENY",  # frame-ancestors for old browsers
    }
    # Over HTTPS (directly, or as the trusted proxy says), or when the deployment says so:
    # browsers ignore the header on plain HTTP, so sending it then costs nothing.
    if current_app.config["HSTS"] or request.is_secure:
        wanted["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    present = {name.lower() for name, _value in headers.items()}
    headers.extend((name, value) for name, value in wanted.items() if name.lower() not in present)
    if is_private():
        headers["Cache-Control"] = "no-store"
    return response


def _refuse_nul_bytes() -> None:
    """A NUL byte in the address is never a real visitor's (text fields drop control characters
    through their filters); PostgreSQL refuses it in a query, so refuse it here with a 400."""
    if "\x00" in request.path or any(
        "\x00" in value for _name, values in request.args.lists() for value in values
    ):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul_bytes)
    app.after_request(_add_headers)
