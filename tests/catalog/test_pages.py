"""The catalog and a service's page, through the test client, on the demo institution."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog.models import Service
from app.extensions import db


@pytest.fixture
def service(app_context):
    """A demo service with requirements, offices and a charter."""
    services = db.session.scalars(
        select(Service)
        .options(selectinload(Service.requirements), selectinload(Service.offices))
        .order_by(Service.slug)
    ).all()
    return next(s for s in services if s.requirements and s.offices and s.charters)


def titles(page):
    return [a.get_text(strip=True) for a in page.soup.select("#results .card-title a")]


def test_catalog_lists_services_with_a_count_and_pages(get_page, app):
    page = get_page("/es/servicios")
    assert len(titles(page)) == app.config["CATALOG_PAGE_SIZE"]
    assert "trámites y servicios encontrados" in page.soup.select_one("#result-count").text
    assert page.soup.select_one("nav.pagination a[rel=next]")["href"] == "/es/servicios?page=2"
    second = get_page("/es/servicios?page=2")
    assert set(titles(second)).isdisjoint(titles(page))


def test_search_ignores_accents_through_the_page(get_page):
    with_accent = titles(get_page("/es/servicios?q=Tr%C3%A1mite"))
    assert with_accent
    assert titles(get_page("/es/servicios?q=tramite")) == with_accent
    assert titles(get_page("/es/servicios?q=TRAMITE")) == with_accent


def test_pagination_keeps_the_filters(get_page):
    page = get_page("/es/servicios?modalidad=presencial")
    next_link = page.soup.select_one("nav.pagination a[rel=next]")
    if next_link:
        assert "modalidad=presencial" in next_link["href"]


def test_filters_narrow_the_results(get_page, service):
    page = get_page(f"/es/servicios?dependencia={service.dependency.slug}&con_carta=si")
    assert service.name["es"] in titles(page)
    assert page.soup.select_one("#dependencia option[selected]")["value"] == service.dependency.slug
    assert all("Con carta compromiso" in card.text for card in page.soup.select("#results .card"))


def test_no_results_gets_help_not_an_empty_page(get_page):
    page = get_page("/es/servicios?q=zzzzqqqq")
    assert titles(page) == []
    assert "No encontramos trámites ni servicios con esos datos" in page.text()
    assert "0 trámites y servicios encontrados" in page.text()


@pytest.mark.parametrize("query", ["page=-1", "page=abc", "page=0", "page=9999", "page=1.5"])
def test_bad_page_numbers_are_a_clear_404(get_page, query):
    page = get_page(f"/es/servicios?{query}", status=404)
    assert page.h1 == "No encontramos esta página"


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("dependencia=no-existe", "dependencia", "Elija una dependencia de la lista."),
        ("tema=%3Cscript%3E", "tema", "Elija un tema de la lista."),
        ("modalidad=teletransporte", "modalidad", "Elija una modalidad de la lista."),
        ("con_carta=quiza", "con_carta", "Elija una opción de la lista."),
    ],
)
def test_unknown_filter_values_are_explained_next_to_the_field(get_page, query, field, message):
    page = get_page(f"/es/servicios?{query}", status=400)
    assert page.title.startswith("Error:")
    summary = page.soup.select_one(".error-summary")
    assert summary.find("a", href=f"#{field}").text == message
    assert message in page.soup.select_one(f"#{field}-error").text
    assert page.soup.select_one(f"#{field}")["aria-invalid"] == "true"
    assert titles(page), "the other filters still give results"


def test_errors_are_translated(get_page):
    page = get_page("/en/servicios?dependencia=no-existe", status=400)
    assert "Choose a department from the list." in page.text()


def test_htmx_requests_get_only_the_results(client):
    response = client.get("/es/servicios?q=tramite", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "card-title" in html
    # The count is a live region: only its content is swapped, the region stays.
    assert 'id="result-count"' in html and 'data-hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get("/es/servicios?q=tramite", headers=headers).get_data(as_text=True)
    assert html.startswith("<!doctype html>")


def test_the_form_works_without_javascript(get_page):
    form = get_page("/es/servicios").soup.select_one("form.catalog-search")
    assert form["action"] == "/es/servicios" and form["method"] == "get"
    assert form.find("button", type="submit")
    assert form["data-hx-get"] == "/es/servicios"


def test_service_page_shows_what_the_law_requires(get_page, service):
    page = get_page(f"/es/servicios/{service.slug}")
    text = page.text()
    assert page.h1 == service.name["es"]
    assert service.code in text
    for heading in ("Requisitos", "Dónde se realiza", "Fundamento jurídico", "Datos principales"):
        assert page.soup.find("h2", string=heading), heading
    for label in (
        "Quién puede solicitarlo",
        "Modalidad",
        "Plazo máximo de respuesta",
        "Costo",
        "Si no hay respuesta en el plazo",
        "Idiomas en que se atiende",
    ):
        assert page.soup.find("dt", string=label), label
    assert f"{service.response_days} días hábiles" in text or "1 día hábil" in text
    requirements = page.soup.select("ol.requirements > li")
    assert len(requirements) == len(service.requirements)
    assert service.requirements[0].name["es"] in requirements[0].text
    assert len(page.soup.select("section.office")) == len(service.offices)
    assert page.soup.select_one(".callout a[href^='/es/cartas/']")


def test_service_page_in_english_falls_back_to_spanish_with_lang(get_page, app_context):
    services = db.session.scalars(select(Service)).all()
    untranslated = next(s for s in services if "en" not in s.name)
    page = get_page(f"/en/servicios/{untranslated.slug}")
    assert page.soup.h1.find("span", lang="es").text == untranslated.name["es"]
    assert page.soup.find("h2", string="Requirements")


def test_unknown_service_is_a_404(get_page):
    assert get_page("/es/servicios/no-existe", status=404).h1 == "No encontramos esta página"


def test_a_charter_joins_its_services_pages_on_its_first_day(empty_app, monkeypatch):
    """A service's page reads its charters with a statement built once, and each day anew: a
    version approved from a later date is not there the day before and is there from then on,
    in the same process. The page lists the service's steps, inspections and formats in
    their order."""
    from datetime import date

    from app.catalog.models import Inspection, RequestFormat, Step
    from app.core import clock
    from tests.factories import es, make_charter, make_service

    day = {"value": date(2026, 12, 31)}
    monkeypatch.setattr(clock, "local_today", lambda: day["value"])
    service = make_service("Licencia de obra", slug="licencia-de-obra")
    service.steps = [Step(position=p, text=es(f"Paso {p}")) for p in (2, 1)]
    service.inspections = [
        Inspection(position=1, subject=es("Visita de obra"), purpose=es("Revisar la obra"))
    ]
    service.request_formats = [RequestFormat(position=1, name=es("Solicitud de licencia"))]
    charter = make_charter([service])
    charter.versions[0].valid_from = date(2027, 1, 1)
    db.session.commit()
    client = empty_app.test_client()

    before = client.get("/es/servicios/licencia-de-obra").get_data(as_text=True)
    day["value"] = date(2027, 1, 1)
    after = client.get("/es/servicios/licencia-de-obra").get_data(as_text=True)

    assert charter.title["es"] not in before
    assert charter.title["es"] in after
    assert after.index("Paso 1") < after.index("Paso 2")
    assert "Visita de obra" in after and "Solicitud de licencia" in after
