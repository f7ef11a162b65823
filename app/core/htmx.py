"""htmx as an enhancement: the same URL serves the whole page or only the part htmx swaps."""

from flask import Response, make_response, render_template, request

# The request headers a page built by ``render_page`` depends on (its Vary, and the page cache's
# key through ``wants_fragment``).
VARY = ("HX-Request", "HX-History-Restore-Request")


def wants_fragment() -> bool:
    """Whether htmx asks for the swapped part only. A history restore (the back button after
    htmx pushed a URL) needs the whole page, even though it is an htmx request too."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    page_template: str, fragment_template: str, status: int = 200, **context
) -> Response:
    """Render ``fragment_template`` for an htmx swap, ``page_template`` otherwise. A public
    page's fragment brings the language switcher along, its links to the new address."""
    partial = wants_fragment()
    html = render_template(
        fragment_template if partial else page_template, fragment=partial, **context
    )
    if partial and request.url_rule is not None and "lang" in request.url_rule.arguments:
        html += render_template("components/_languages_oob.html")
    response = make_response(html, status)
    response.vary.update(VARY)
    return response
