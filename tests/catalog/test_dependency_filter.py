"""The catalog's dependency filter: a select up to ``DEPENDENCY_LIST_LIMIT`` dependencies, a text
field for a name or an acronym beyond it (thousands of dependencies at national scale)."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from app.catalog.models import Dependency
from app.catalog.services import find_dependencies, listed_dependencies
from app.extensions import db
from tests.conftest import Page
from tests.factories import make_dependency, make_service

NOT_FOUND = "No encontramos una dependencia con ese nombre o siglas."
SERVICES = {
    "treasury": "Pago del impuesto predial",
    "cadastre": "Certificado de clave catastral",
    "urban": "Licencia de construcción",
    "economy": "Licencia de funcionamiento",
    "annex": "Constancia de no adeudo",
}


@pytest.fixture
def institution(empty_app):
    """Five dependencies with a service each (one a unit of the treasury), one without
    services, and a limit of two: too many to list."""
    treasury = make_dependency("Tesorería Municipal", acronym="TM", slug="tesoreria")
    made = {
        "treasury": treasury,
        "cadastre": make_dependency("Subdirección de Catastro", acronym="CAT", parent=treasury),
        "urban": make_dependency("Dirección de Desarrollo Urbano", acronym="DDU"),
        "economy": make_dependency("Dirección de Desarrollo Económico", acronym="DDE"),
        "annex": make_dependency("Tesorería Municipal Auxiliar", acronym="TMA"),
        "archive": make_dependency("Archivo Municipal", acronym="AM"),
    }
    for key, name in SERVICES.items():
        make_service(name, made[key])
    db.session.commit()
    empty_app.config["DEPENDENCY_LIST_LIMIT"] = 2
    return made


def catalog(app, status=200, **args) -> Page:
    page = Page(app.test_client().get(f"/es/servicios?{urlencode(args)}"))
    assert page.status == status, (args, page.status)
    page.check_structure()
    return page


def titles(page: Page) -> list[str]:
    return [a.get_text(strip=True) for a in page.soup.select("#results .card-title a")]


def typed(page: Page) -> str:
    return page.soup.select_one("input#dependencia")["value"]


def test_beyond_the_limit_the_filter_is_a_text_field(empty_app, institution):
    page = catalog(empty_app)
    assert not page.soup.select("select#dependencia")
    field = page.soup.select_one("input#dependencia")
    assert (field["type"], field["name"], field["value"]) == ("text", "dependencia", "")
    assert page.soup.select_one("label[for=dependencia]").get_text(strip=True) == "Dependencia"
    assert field["aria-describedby"] == "dependencia-hint"
    assert page.soup.select_one("#dependencia-hint").get_text(strip=True) == (
        "Escriba el nombre o las siglas."
    )
    assert len(titles(page)) == 5


def test_below_the_limit_the_select_is_still_there(empty_app, institution):
    empty_app.config["DEPENDENCY_LIST_LIMIT"] = 200
    page = catalog(empty_app)
    assert not page.soup.select("input#dependencia")
    options = [o.get_text(strip=True) for o in page.soup.select("select#dependencia option")]
    assert options == [
        "Todas",
        "Dirección de Desarrollo Económico",
        "Dirección de Desarrollo Urbano",
        "Subdirección de Catastro",
        "Tesorería Municipal",
        "Tesorería Municipal Auxiliar",
    ]  # the archive offers no service
    chosen = catalog(empty_app, dependencia="tesoreria")
    assert chosen.soup.select_one("#dependencia option[selected]")["value"] == "tesoreria"
    # A dependency's services are also its units' (as the results and the dashboard count).
    assert titles(chosen) == ["Pago del impuesto predial", "Certificado de clave catastral"]
    assert titles(catalog(empty_app, dependencia=institution["cadastre"].slug)) == [
        "Certificado de clave catastral"
    ]
    wrong = catalog(empty_app, 400, dependencia="tm")  # a list takes slugs only, as before
    assert wrong.soup.select_one("#dependencia-error").get_text(" ", strip=True) == (
        "Error: Elija una dependencia de la lista."
    )


@pytest.mark.parametrize(
    "text, key",
    [
        ("tm", "treasury"),  # an acronym, ignoring case
        ("CAT", "cadastre"),
        ("desarrollo urbano", "urban"),  # words of the name, ignoring accents
        ("Economico  DIRECCIÓN", "economy"),  # in any order
        ("Tesorería Municipal", "treasury"),  # a whole name, though another contains it
        ("tesoreria", "treasury"),  # the slug the site's links carry
    ],
)
def test_a_typed_acronym_or_name_filters_the_results(empty_app, institution, text, key):
    page = catalog(empty_app, dependencia=text)
    dependency = institution[key]
    # A dependency's services are its units' too (the cadastre is the treasury's).
    units = [SERVICES["cadastre"]] if key == "treasury" else []
    assert titles(page) == [SERVICES[key], *units]
    assert typed(page) == dependency.name["es"]  # what the field shows from now on
    assert not page.soup.select(".error-summary, #dependencia-matches")
    # Sent again, the name shown filters the same way.
    assert titles(catalog(empty_app, dependencia=typed(page))) == titles(page)


def test_an_ambiguous_text_lists_links_that_keep_the_other_filters(empty_app, institution):
    page = catalog(empty_app, q="licencia", dependencia="desarrollo", modalidad="presencial")
    box = page.soup.select_one("#dependencia-matches")
    assert box.h2.get_text(strip=True) == "¿Cuál de estas dependencias?"
    assert "2 dependencias tienen esas palabras en su nombre o sus siglas." in box.get_text(" ")
    links = {a.get_text(strip=True): a["href"] for a in box.select("a")}
    assert set(links) == {"Dirección de Desarrollo Económico", "Dirección de Desarrollo Urbano"}
    address = urlsplit(links["Dirección de Desarrollo Urbano"])
    assert address.path == "/es/servicios"
    assert parse_qs(address.query) == {
        "q": ["licencia"],
        "modalidad": ["presencial"],
        "dependencia": [institution["urban"].slug],
    }
    assert typed(page) == "desarrollo"  # what was typed stays, to add words to it
    assert sorted(titles(page)) == ["Licencia de construcción", "Licencia de funcionamiento"]
    chosen = catalog(empty_app, **{k: v[0] for k, v in parse_qs(address.query).items()})
    assert titles(chosen) == ["Licencia de construcción"]
    assert typed(chosen) == "Dirección de Desarrollo Urbano"


def offered(page: Page) -> list[str]:
    """The dependencies the question offers, as a person reads them."""
    return sorted(
        " ".join(li.get_text(" ").split()) for li in page.soup.select("#dependencia-matches li")
    )


def test_acronym_and_parent_tell_apart_what_the_links_offer(empty_app, institution):
    page = catalog(empty_app, dependencia="municipal")
    assert offered(page) == ["Tesorería Municipal (TM)", "Tesorería Municipal Auxiliar (TMA)"]
    units = catalog(empty_app, dependencia="a")  # a letter is in every name
    assert "Subdirección de Catastro (CAT) · Tesorería Municipal" in offered(units)


def test_an_unknown_text_is_a_400_with_the_error_next_to_the_field(empty_app, institution):
    for text in ("bomberos", "archivo"):  # the archive offers no service: not in the catalog
        page = catalog(empty_app, 400, dependencia=text, q="licencia")
        assert page.title.startswith("Error:")
        assert page.soup.select_one(".error-summary a[href='#dependencia']").get_text() == (
            NOT_FOUND
        )
        assert page.soup.select_one("#dependencia-error").get_text(" ", strip=True) == (
            f"Error: {NOT_FOUND}"
        )
        field = page.soup.select_one("input#dependencia")
        assert field["aria-invalid"] == "true" and field["value"] == text
        assert field["aria-describedby"] == "dependencia-hint dependencia-error"
        assert len(titles(page)) == 2, "the other filters still give results"
    english = Page(empty_app.test_client().get("/en/servicios?dependencia=bomberos"))
    assert english.status == 400
    assert "No department has that name or acronym." in english.text()


def test_many_matches_show_the_first_ones_and_ask_for_more_words(empty_app, institution):
    for n in range(25):
        make_service(f"Trámite {n}", make_dependency(f"Oficina regional {n:02d}"))
    db.session.commit()
    page = catalog(empty_app, dependencia="oficina regional")
    box = page.soup.select_one("#dependencia-matches")
    assert len(box.select("a")) == 20
    assert " ".join(box.p.get_text().split()) == (
        "25 dependencias tienen esas palabras en su nombre o sus siglas. Se muestran las "
        "primeras 20: escriba más palabras para acotar la búsqueda."
    )


def test_without_javascript_the_typed_dependency_is_sent_with_the_form(empty_app, institution):
    form = catalog(empty_app).soup.select_one("form.catalog-search")
    assert form["method"] == "get" and form.select_one("input[name=dependencia]")
    # htmx updates the results while the other fields change; the typed dependency is
    # resolved when the form is sent, as a whole page (name found, question or error).
    assert form["data-hx-trigger"] == "input delay:400ms target::not(#dependencia)"
    empty_app.config["DEPENDENCY_LIST_LIMIT"] = 200
    listed = catalog(empty_app).soup.select_one("form.catalog-search")
    # Never on "change": leaving a text field would send the same search again.
    assert listed["data-hx-trigger"] == "input delay:400ms, submit"


def test_the_services_list_or_search_within_conditions(empty_app, institution):
    assert [d.slug for d in listed_dependencies(6)] == sorted(d.slug for d in institution.values())
    assert listed_dependencies(5) is None
    found = find_dependencies("MUNICIPAL", limit=1)
    assert (len(found.items), found.total, found.more) == (1, 3, True)
    others = Dependency.id != institution["archive"].id
    assert find_dependencies("municipal", others, limit=5).total == 2
    assert find_dependencies("tesoreria", limit=5).items == [institution["treasury"]]
    assert find_dependencies("100%", limit=5).total == 0  # no wildcard
