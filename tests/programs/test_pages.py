"""The public program pages, in every language, with their filters, charts and downloads."""

import csv
import io
import json

import pytest

from app.programs.services.demo import DEMO_PROGRAMS
from tests.conftest import OFFERED_LANGUAGES

PAGE = "/{lang}/programas/pat-2024"


@pytest.mark.parametrize("lang", OFFERED_LANGUAGES)
def test_the_list_links_to_the_program(get_page, lang):
    page = get_page(f"/{lang}/programas")
    assert page.lang == lang
    assert page.soup.find("a", href=PAGE.format(lang=lang))
    nav = page.soup.find("nav", class_="main-nav")
    assert nav.find("a", href=f"/{lang}/programas", attrs={"aria-current": "page"})


@pytest.mark.parametrize("lang", OFFERED_LANGUAGES)
def test_the_program_shows_its_tree_and_its_figures(get_page, lang):
    page = get_page(PAGE.format(lang=lang))
    assert len(page.soup.select("article.program-commitment")) == 101
    assert len(page.soup.select(".mechanism")) == 104
    assert len(page.soup.select("section.objective")) == 6
    assert len(page.soup.select("section.strategy")) == 22
    # Figures 7–11: an SVG image with title and description, and the table with the numbers.
    figures = page.soup.select("figure.chart")
    assert len(figures) == 5
    for figure in figures:
        svg = figure.find("svg")
        assert svg["role"] == "img" and svg.find("title") and svg.find("desc")
        assert figure.find("table")
    objectives = figures[0].find("tbody").find_all("tr")
    assert [row.find("td").get_text() for row in objectives] == ["8", "22", "23", "7", "15", "26"]
    kinds = [row.find("td").get_text() for row in figures[1].find("tbody").find_all("tr")]
    assert kinds == ["53", "51"]
    units = figures[4].find("tfoot").find("td").get_text()
    assert units == "101"
    assert "ilustrativos" in page.text() or "illustrative" in page.text()


def test_untranslated_content_is_marked_as_spanish(get_page):
    page = get_page(PAGE.format(lang="nah"))
    commitment = page.soup.select_one("article.program-commitment p span[lang=es]")
    assert commitment.get_text().startswith("Elaborar un documento")
    english = get_page(PAGE.format(lang="en"))
    assert english.h1.startswith("2024 Annual Work Program")


def test_filters_narrow_the_commitments(get_page):
    page = get_page(PAGE.format(lang="es") + "?objetivo=4")
    assert len(page.soup.select("article.program-commitment")) == 7
    page = get_page(PAGE.format(lang="es") + "?unidad=UJ")
    assert len(page.soup.select("article.program-commitment")) == 3
    page = get_page(PAGE.format(lang="es") + "?mecanismo=indicator&periodicidad=annual")
    assert len(page.soup.select(".mechanism")) == 53
    page = get_page(PAGE.format(lang="es") + "?periodicidad=semiannual")
    assert [a["id"] for a in page.soup.select("article h5")] == ["compromiso-47"]
    on = get_page(PAGE.format(lang="es") + "?avance=on_track").soup.select(".mechanism")
    off = get_page(PAGE.format(lang="es") + "?avance=off_track").soup.select(".mechanism")
    assert len(on) + len(off) == 104 and on and off


def test_a_wrong_filter_is_explained_and_ignored(get_page):
    page = get_page(PAGE.format(lang="es") + "?unidad=XYZ", status=400)
    assert page.title.startswith("Error:")
    assert page.soup.select_one(".error-summary a")["href"] == "#unidad"
    assert len(page.soup.select("article.program-commitment")) == 101


def test_an_unknown_program_is_not_found(get_page):
    get_page("/es/programas/no-existe", status=404)


def test_the_program_page_runs_a_constant_number_of_queries(app, count_queries):
    client = app.test_client()
    with count_queries() as queries:
        assert client.get(PAGE.format(lang="es")).status_code == 200
    # The tree is loaded level by level (selectinload), never commitment by commitment.
    assert len(queries) <= 12, len(queries)


def test_the_json_has_the_tree_and_the_figures(client):
    data = client.get("/api/v1/programs/pat-2024").get_json()
    assert data["summary_figures"]["objective"] == {
        "1": 8, "2": 22, "3": 23, "4": 7, "5": 15, "6": 26
    }  # fmt: skip
    assert data["summary_figures"]["kind"] == {"indicator": 53, "deliverable": 51}
    commitments = [
        c
        for o in data["objectives"]
        for s in o["strategies"]
        for line in s["action_lines"]
        for c in line["commitments"]
    ]
    assert len(commitments) == 101
    mechanism = commitments[5]["mechanisms"][0]
    assert set(mechanism) >= {"annual_target", "progress", "latest_track", "unit"}
    assert "recorded_by" not in json.dumps(data)
    listing = client.get("/api/v1/programs").get_json()
    assert listing["meta"]["total"] == 1 and listing["data"][0]["slug"] == "pat-2024"


@pytest.mark.parametrize("name", ["mechanisms", "progress", "commitments", "program"])
def test_the_csv_downloads_are_the_import_format(client, name):
    response = client.get(f"/api/v1/programs/pat-2024/{name}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data == (DEMO_PROGRAMS / "pat-2024" / f"{name}.csv").read_bytes()
    assert list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_unknown_downloads_are_not_found(client):
    assert client.get("/api/v1/programs/pat-2024/secrets.csv").status_code == 404
    assert client.get("/api/v1/programs/no-existe").status_code == 404
