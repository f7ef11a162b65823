"""Links: absolute ones for messages that leave the site (e-mails), built from the public
address, and links to the current page with other query values."""

from flask import current_app, request, url_for


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on ``PUBLIC_BASE_URL``, the same inside a request, a command or a worker
    (behind a proxy, the request's own host may be an internal one)."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def query_args(*drop: str) -> dict[str, list[str]]:
    """The current query string without the keys in ``drop``, to build links to the same page
    with other values. Keys starting with "_" are left out: ``url_for`` reads them as its own
    options (``_scheme``, ``_external``…), and a visitor's ``?_scheme=x`` broke every link."""
    return {
        key: values
        for key, values in request.args.lists()
        if key not in drop and not key.startswith("_")
    }
