"""Links within the portal, kept once built (see ``Portal.url_for`` in app/core/urls.py): each
page still links in its own language and under the address the portal is mounted at."""

from bs4 import BeautifulSoup
from flask import g, url_for

from app.core.i18n import INTERFACE_LANGUAGES, use_language


def nav_links(response) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [a["href"] for a in soup.select("nav.main-nav a")]


def test_every_page_links_in_its_own_language(client):
    for _round in range(2):  # the second time, from the links kept
        for lang in ("es", "en", "nah"):
            links = nav_links(client.get(f"/{lang}/accesibilidad"))
            assert links[0] == f"/{lang}/"
            assert all(link.startswith(f"/{lang}/") for link in links)


def test_links_carry_the_address_the_portal_is_mounted_at(client):
    for _round in range(2):
        mounted = nav_links(client.get("/es/accesibilidad", base_url="http://localhost/portal"))
        assert mounted[0] == "/portal/es/"
        assert all(link.startswith("/portal/es/") for link in mounted)
        assert nav_links(client.get("/es/accesibilidad"))[0] == "/es/"


def test_a_link_built_while_speaking_another_language_is_in_that_language(app):
    with app.test_request_context("/es/"):
        g.language = INTERFACE_LANGUAGES["es"]
        assert url_for("catalog.show", slug="acta") == "/es/servicios/acta"
        with use_language("en"):
            assert url_for("catalog.show", slug="acta") == "/en/servicios/acta"
        assert url_for("catalog.show", slug="acta") == "/es/servicios/acta"
        # Values that are not plain text or numbers are built every time, as before.
        assert url_for("catalog.index", q=["a", "b"]) == "/es/servicios?q=a&q=b"
        assert url_for("catalog.show", slug="acta", _anchor="x") == "/es/servicios/acta#x"
