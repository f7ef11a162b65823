import pytest
from bs4 import BeautifulSoup

from app.catalog.models import Modality
from app.catalog.services import CatalogQuery, search
from app.charters.models import CharterStatus
from app.extensions import db
from app.indicators.services.results import service_charters
from tests.factories import make_charter, make_dependency, make_service, make_topic


def found(**query) -> list[str]:
    return [s.name["es"] for s in db.session.scalars(search(CatalogQuery(**query)))]


@pytest.fixture
def catalog(empty_app):
    water = make_dependency("Organismo de Agua Potable")
    treasury = make_dependency("Tesorería Municipal")
    payments, permits = make_topic("Pagos"), make_topic("Permisos")
    services = {
        "predial": make_service(
            "Pago del impuesto predial",
            treasury,
            payments,
            modality=Modality.BOTH,
            keywords=["catastro"],
        ),
        "licencia": make_service("Trámite de licencia de construcción", treasury, permits),
        "agua": make_service(
            {"es": "Contrato de agua potable", "nah": "Atl tlanahuatilli"},
            water,
            payments,
            modality=Modality.ONLINE,
            code="AGU-001",
        ),
    }
    make_charter([services["agua"]])
    make_charter([services["licencia"]], status=CharterStatus.DRAFT)
    db.session.commit()
    return dict(services, water=water, treasury=treasury, payments=payments, permits=permits)


@pytest.mark.parametrize("text", ["tramite", "TRÁMITE", "Tramité", "  licencia   construccion "])
def test_search_ignores_case_accents_and_spacing(catalog, text):
    assert found(text=text) == ["Trámite de licencia de construcción"]


@pytest.mark.parametrize(
    "text", ["¿licencia de construcción?", "licencia,", '"licencia"', "(licencia).", "«licencia»"]
)
def test_search_ignores_the_punctuation_around_words(catalog, text):
    assert found(text=text) == ["Trámite de licencia de construcción"]


def test_punctuation_inside_a_word_is_kept(catalog):
    assert found(text="agu-001") == ["Contrato de agua potable"]


def test_every_word_must_match(catalog):
    assert found(text="pago agua") == []
    assert found(text="pago predial") == ["Pago del impuesto predial"]


def test_search_covers_keywords_codes_dependency_and_other_languages(catalog):
    assert found(text="catastro") == ["Pago del impuesto predial"]
    assert found(text="agu-001") == ["Contrato de agua potable"]
    assert found(text="tlanahuatilli") == ["Contrato de agua potable"]
    assert set(found(text="tesoreria")) == {
        "Pago del impuesto predial",
        "Trámite de licencia de construcción",
    }


def test_like_wildcards_in_the_query_are_literal(catalog):
    assert found(text="%") == []
    assert found(text="_") == []


def test_filters_combine(catalog):
    assert found(dependency=catalog["water"]) == ["Contrato de agua potable"]
    assert found(topic=catalog["payments"], modality=Modality.BOTH) == ["Pago del impuesto predial"]
    assert found(dependency=catalog["treasury"], topic=catalog["permits"]) == [
        "Trámite de licencia de construcción"
    ]


def test_only_published_charters_count(catalog):
    assert found(with_charter=True) == ["Contrato de agua potable"]
    assert sorted(found(with_charter=False)) == [
        "Pago del impuesto predial",
        "Trámite de licencia de construcción",
    ]
    ids = [s.id for s in catalog.values() if hasattr(s, "code")]
    assert set(service_charters(ids)) == {catalog["agua"].id}


@pytest.mark.parametrize(
    "text",
    [
        "licencias de construcción",  # a plural finds the singular
        "¿Cómo saco mi licencia?",  # the way a person asks is not what they look for
        "quiero una licencia de construccion",
        "LICENCIAS",
    ],
)
def test_the_catalog_finds_what_people_type(catalog, text):
    assert found(text=text) == ["Trámite de licencia de construcción"]


def test_filler_words_alone_are_still_searched(catalog):
    assert len(found(text="de")) == 3  # nothing else to look for: they are what is looked for


def test_the_words_as_written_together_come_first(catalog):
    make_service("Aviso de construcción sin licencia", catalog["treasury"], slug="a-aviso")
    db.session.commit()
    assert found(text="licencia de construccion") == [
        "Trámite de licencia de construcción",
        "Aviso de construcción sin licencia",
    ]
    assert found(text="licencia") == [  # one word: in the order of the list
        "Aviso de construcción sin licencia",
        "Trámite de licencia de construcción",
    ]


def test_a_long_search_is_refused_next_to_its_field_not_an_outage(client):
    response = client.get("/es/servicios", query_string={"q": " ".join(["acta"] * 1200)})
    assert response.status_code == 400
    assert "Buscar trámites y servicios" in response.get_data(as_text=True)


def test_nothing_found_offers_the_citizens_mailbox(client):
    page = client.get("/es/servicios?q=zzzzqqq").get_data(as_text=True)
    assert "No encontramos trámites ni servicios" in page
    assert 'href="/es/buzon"' in page


def test_a_search_for_a_retired_service_says_what_replaced_it(catalog, empty_app):
    from datetime import date

    retired = catalog["licencia"]
    retired.retired_on, retired.replaced_by = date(2026, 1, 2), catalog["predial"]
    db.session.commit()
    page = empty_app.test_client().get("/es/servicios?q=licencias de construccion")
    text = page.get_data(as_text=True)
    assert "No encontramos trámites ni servicios" in text
    assert "«Trámite de licencia de construcción» ya no se ofrece." in text
    assert f'href="/es/servicios/{catalog["predial"].slug}"' in text


def test_a_live_search_brings_the_language_links_of_its_address(client):
    """htmx swaps the results; the language switcher comes along out of band, so that
    another language keeps the search (its links carried the address the page loaded with)."""
    fragment = client.get("/es/servicios?q=acta", headers={"HX-Request": "true"})
    nav = BeautifulSoup(fragment.get_data(as_text=True), "html.parser").select_one("#languages")
    assert nav["data-hx-swap-oob"] == "true"
    assert nav.select_one('a[hreflang="en"]')["href"] == "/en/servicios?q=acta"
    page = client.get("/es/servicios?q=acta").get_data(as_text=True)
    assert page.count('id="languages"') == 1 and "data-hx-swap-oob" not in page.split("<main")[0]


def test_a_dependencys_acronym_finds_its_services(catalog):
    catalog["treasury"].acronym = "TM"
    db.session.commit()
    assert found(text="tm") == ["Pago del impuesto predial", "Trámite de licencia de construcción"]
    assert found(text="TM predial") == ["Pago del impuesto predial"]


def test_a_search_counts_and_pages_every_match(empty_app, monkeypatch):
    """A search with words reads its matches once for the page and the total: the count, the
    pages and the last page must still be those of every match, in the search's order."""
    monkeypatch.setitem(empty_app.config, "CATALOG_PAGE_SIZE", 2)
    office, topic = make_dependency("Registro Civil"), make_topic("Registro")
    for name in ["Acta de nacimiento", "Acta de defunción", "Acta de matrimonio", "Curp"]:
        make_service(name, office, topic)
    db.session.commit()
    client = empty_app.test_client()

    def page(number: int):
        response = client.get(f"/es/servicios?q=acta&page={number}")
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        names = [a.get_text(strip=True) for a in soup.select("#results .card-title a")]
        return (
            response.status_code,
            soup.select_one("#result-count").get_text(" ", strip=True),
            names,
        )

    first, second = page(1), page(2)
    assert first[0] == second[0] == 200
    assert first[1].startswith("3 ") and second[1].startswith("3 ")
    assert len(first[2]) == 2 and first[2] + second[2] == found(text="acta")
    assert set(found(text="acta")) == {
        "Acta de nacimiento",
        "Acta de defunción",
        "Acta de matrimonio",
    }
    assert client.get("/es/servicios?q=acta&page=3").status_code == 404
    nothing = client.get("/es/servicios?q=pasaporte")
    assert nothing.status_code == 200 and "No encontramos" in nothing.get_data(as_text=True)
