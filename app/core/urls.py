"""Absolute links for messages that leave the site (e-mails), built from the public address."""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on ``PUBLIC_BASE_URL``, the same inside a request, a command or a worker
    (behind a proxy, the request's own host may be an internal one)."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)
