"""Text shown in another language than the page's says which (WCAG 3.1.2), so that a screen
reader reads it with the right voice: what staff write in Spanish only (an address, the data
controller, improvement actions, notes), a logo's description and labels that fell back."""

import pytest

from tests.conftest import fetch


def spanish_texts(page) -> list[str]:
    return [tag.get_text(" ", strip=True) for tag in page.soup.select("[lang=es]")]


def test_the_address_and_the_data_controller_say_they_are_spanish(client):
    page = fetch(client, "/en/privacidad")
    assert any("Unidad de Transparencia" in text for text in spanish_texts(page))
    footer = fetch(client, "/en/").soup.select_one("footer")
    assert footer.select_one("[lang=es]") is not None


def test_a_logo_described_in_spanish_only_says_so(client):
    logo = fetch(client, "/nah/").soup.select_one("img.brand-logo")
    assert logo["lang"] == "es" and logo["alt"]
    assert "lang" not in fetch(client, "/es/").soup.select_one("img.brand-logo").attrs


@pytest.mark.parametrize("lang", ["en", "nah"])
def test_improvement_actions_written_in_spanish_say_so(client, lang):
    page = fetch(client, f"/{lang}/cartas/asesorias-y-orientacion-juridica/informes/2026-T2")
    marked = page.soup.select(".user-text [lang=es]")
    assert marked and all(tag.get_text(strip=True) for tag in marked)


def test_an_objective_that_fell_back_to_spanish_says_so_in_the_filter(client):
    options = fetch(client, "/en/programas/pat-2024").soup.select("select#objetivo option[lang=es]")
    assert options and options[0].get_text().split(". ", 1)[0].isdigit()
