"""Crafted form values answer a 400 that names the field and keeps what was typed, never a 500."""

import re

import pytest

from app.extensions import db
from tests.factories import make_service
from tests.feedback.conftest import errors, soup

TEXT = "No había formatos en la ventanilla."


@pytest.mark.parametrize("step", ["nuevo", "enviar"])
@pytest.mark.parametrize("value", ["abc", "1e3", "-1", "٣"])
def test_a_non_numeric_or_unknown_commitment_is_a_400_at_the_field(citizen, step, value):
    response = citizen.client.post(
        f"/es/buzon/{step}?tipo=queja&servicio=otro",
        data={"descripcion": TEXT, "idioma": "es", "consentimiento": "y", "compromiso": value},
    )
    assert response.status_code == 400
    assert "Elija el compromiso que no se cumplió." in errors(response)
    assert TEXT in response.get_data(as_text=True)


@pytest.fixture
def service(empty_app):
    found = make_service()
    db.session.commit()
    return found


@pytest.mark.parametrize("field", ["espera", "atencion"])
@pytest.mark.parametrize("value", [" ", "\t", "otra"])
def test_blank_or_unknown_survey_brackets_are_a_400_at_the_field(citizen, service, field, value):
    comment = "Me atendieron bien."
    response = citizen.client.post(
        f"/es/encuesta/{service.slug}",
        data={"calificacion": "4", field: value, "comentario": comment},
    )
    assert response.status_code == 400
    assert "Elija una de las opciones, o ninguna." in errors(response)
    assert soup(response).select_one(f"#{field}-error") is not None
    assert soup(response).select_one("textarea[name=comentario]").get_text().strip() == comment


def test_empty_survey_brackets_mean_no_answer(citizen, service):
    response = citizen.client.post(
        f"/es/encuesta/{service.slug}", data={"calificacion": "4", "espera": "", "atencion": ""}
    )
    assert response.status_code == 303


HUGE = "99999999999999999999"  # beyond any database integer


def test_a_number_too_large_for_the_database_in_any_address_is_a_404(empty_app, admin):
    numeric = [r for r in empty_app.url_map.iter_rules() if "<int:" in r.rule]
    assert len(numeric) > 50
    for rule in numeric:
        path = re.sub(r"<int:\w+>", HUGE, rule.rule.replace("<lang>", "es"))
        path = re.sub(r"<[^>]+>", "x", path)
        method = "GET" if "GET" in rule.methods else "POST"
        assert admin.open(path, method=method).status_code == 404, rule.rule


@pytest.mark.parametrize(
    "path", ["/admin/personal/", "/admin/bitacora", "/admin/indicadores", "/admin/cartas/"]
)
def test_a_page_number_too_large_for_the_database_is_a_404(admin, path):
    assert admin.get(f"{path}?page={HUGE}").status_code == 404
