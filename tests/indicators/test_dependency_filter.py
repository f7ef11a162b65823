"""The results page and the dashboard when the dependencies are too many to list: their filter
is a text field for a name or an acronym, which still includes the dependency's units. On the
demo, seen through ``many_dependencies``."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.conftest import many_dependencies
from tests.indicators.test_results import table

NOT_FOUND = "No encontramos una dependencia con ese nombre o siglas."
SECRETARY = "Secretaría del Ayuntamiento"  # acronym SA; its units have charters too


@pytest.fixture
def typed(app):
    with many_dependencies(app):
        yield


def results(get_page, status=200, **args):
    return get_page(f"/es/resultados?{urlencode({'periodo': '2026-T3', **args})}", status)


def field(page):
    return page.soup.select_one("#dependencia")


def test_the_filters_are_text_fields_beyond_the_limit_and_selects_below_it(app, get_page):
    for path in ("/es/resultados", "/es/tablero"):
        assert field(get_page(path)).name == "select"
        with many_dependencies(app):
            page = get_page(path)
        assert (field(page).name, field(page)["type"]) == ("input", "text"), path
        assert page.soup.select_one("#dependencia-hint").get_text(strip=True) == (
            "Escriba el nombre o las siglas. Incluye sus unidades administrativas."
        )
    with many_dependencies(app):
        form = get_page("/es/resultados").soup.select_one("form.catalog-search")
    # On input (not "change", which a text field fires again on leaving it), once typing pauses.
    assert form["data-hx-trigger"] == "input delay:400ms target::not(#dependencia)"


@pytest.mark.parametrize("text", ["SA", "secretaria del ayuntamiento", SECRETARY])
def test_a_typed_acronym_or_name_filters_the_results_with_its_units(get_page, typed, text):
    by_slug = table(results(get_page, dependencia="secretaria-del-ayuntamiento"))
    assert "actas-del-registro-civil" in by_slug  # a charter of one of its units
    assert set(by_slug) < set(table(results(get_page)))
    page = results(get_page, dependencia=text)
    assert table(page) == by_slug
    assert field(page)["value"] == SECRETARY


def test_an_ambiguous_text_offers_links_that_keep_the_other_filters(get_page, typed):
    args = {"periodo": "2025-T4", "cumplimiento": "alguno_incumplido"}
    page = results(get_page, dependencia="direccion", **args)
    box = page.soup.select_one("#dependencia-matches")
    assert box.h2.get_text(strip=True) == "¿Cuál de estas dependencias?"
    links = {a.get_text(strip=True): a["href"] for a in box.select("a")}
    assert "Dirección de Igualdad de Género" in links and "Dirección de Medio Ambiente" in links
    address = urlsplit(links["Dirección de Igualdad de Género"])
    assert address.path == "/es/resultados"
    assert parse_qs(address.query) == {
        "periodo": ["2025-T4"],
        "cumplimiento": ["alguno_incumplido"],
        "dependencia": ["igualdad-de-genero"],
    }
    chosen = get_page(links["Dirección de Igualdad de Género"])
    assert field(chosen)["value"] == "Dirección de Igualdad de Género"
    assert set(table(chosen)) <= {
        "asesorias-y-orientacion-juridica",
        "terapia-psicologica",
        "clase-taller-de-autoempleo",
    }


@pytest.mark.parametrize("path", ["/es/resultados", "/es/tablero"])
def test_an_unknown_text_is_a_400_with_the_error_next_to_the_field(get_page, typed, path):
    page = get_page(f"{path}?dependencia=zzz", status=400)
    assert page.title.startswith("Error:")
    assert page.soup.select_one(".error-summary a[href='#dependencia']").get_text() == NOT_FOUND
    assert NOT_FOUND in page.soup.select_one("#dependencia-error").get_text()
    assert field(page)["aria-invalid"] == "true" and field(page)["value"] == "zzz"
    assert page.soup.select_one("#results table, #dashboard-figures table"), "figures still"


def test_the_dashboard_filters_by_a_typed_name_and_refreshes_by_slug(get_page, typed):
    by_slug = get_page("/es/tablero?dependencia=tesoreria")
    page = get_page("/es/tablero?dependencia=tesoreria%20municipal")
    assert field(page)["value"] == "Tesorería Municipal"
    figures = page.soup.select_one("#dashboard-figures")
    assert (
        figures.decode_contents() == by_slug.soup.select_one("#dashboard-figures").decode_contents()
    )
    assert (
        figures.decode_contents()
        != get_page("/es/tablero").soup.select_one("#dashboard-figures").decode_contents()
    )
    assert figures["data-hx-get"] == "/es/tablero?dependencia=tesoreria"
    assert page.soup.find("a", string="Actualizar")["href"] == "/es/tablero?dependencia=tesoreria"


def test_the_dashboard_asks_which_one_with_links_to_itself(get_page, typed):
    page = get_page("/es/tablero?dependencia=coordinacion%20municipal")
    hrefs = {a["href"] for a in page.soup.select("#dependencia-matches a")}
    assert hrefs == {
        "/es/tablero?dependencia=registro-civil",
        "/es/tablero?dependencia=proteccion-civil",
        "/es/tablero?dependencia=mejora-regulatoria",
    }
    assert page.soup.select_one("#dashboard-figures")["data-hx-get"] == "/es/tablero"
