"""htmx as an enhancement: the same URL serves the whole page or only the part htmx swaps."""

from flask import Response, make_response, render_template, request


def render_page(
    page_template: str, fragment_template: str, status: int = 200, **context
) -> Response:
    """Render ``fragment_template`` for an htmx swap, ``page_template`` otherwise.

    A history restore (the back button after htmx pushed a URL) needs the whole page.
    """
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    response = make_response(
        render_template(
            fragment_template if partial else page_template, fragment=partial, **context
        ),
        status,
    )
    response.vary.update(("HX-Request", "HX-History-Restore-Request"))
    return response
