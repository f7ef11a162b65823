"""The institution's logo, served by the app from the database."""

from flask import Blueprint, abort, make_response, request

from app.institution import services

bp = Blueprint("institution", __name__)

# An SVG opened on its own runs nothing and loads nothing (its scripts were refused anyway).
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@bp.get("/institucion/logo/<digest>")
def logo(digest: str):
    found = services.logo_file(digest)
    if found is None:
        abort(404)
    data, content_type = found
    # The address names the content (its SHA-256): browsers and proxies keep it for a year.
    headers = {"Cache-Control": "public, max-age=31536000, immutable", "ETag": f'"{digest}"'}
    if content_type == "image/svg+xml":
        headers["Content-Security-Policy"] = SVG_POLICY
    response = make_response(data, 200, {"Content-Type": content_type, **headers})
    return response.make_conditional(request)
