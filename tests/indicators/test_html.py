"""The quality team's pages are valid HTML with the structure every page has, in each staff
language, and so are the public report pages."""

import pytest
from sqlalchemy import select

from app.charters.models import Charter, Indicator, Source
from app.extensions import db
from app.staff.models import Role
from tests.conftest import Page
from tests.test_html_validation import vnu_errors


@pytest.mark.parametrize("language", ["es", "en"])
def test_quality_pages_are_valid_html(demo, signed_in, tmp_path, language):
    if db.session.scalar(select(Charter.id).limit(1)) is None:
        pytest.fail("the demo has charters")
    manual = db.session.scalars(
        select(Indicator).where(Indicator.source == Source.MYSTERY_SHOPPER)
    ).first()
    charter = manual.commitment.version.charter.slug
    manual_id = manual.id
    client = signed_in(Role.COORDINATOR, ui_language=language)
    paths = [
        "/admin/indicadores",
        f"/admin/indicadores/cartas/{charter}",
        f"/admin/indicadores/indicador/{manual_id}/resultado",
        f"/admin/indicadores/indicador/{manual_id}/definicion",
        f"/admin/indicadores/cartas/{charter}/acciones/nueva",
        f"/admin/indicadores/cartas/{charter}/informes/2026-T3",
        f"/admin/indicadores/cartas/{charter}/informes/2026-T4",
        f"/admin/indicadores/cartas/{charter}/comentarios",
    ]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = Page(response)
        page.check_structure()
        assert page.lang == language
        pages[path] = response.data
    errors = client.post(
        f"/admin/indicadores/indicador/{manual_id}/resultado",
        data={"periodo": "2026-T1", "numerador": "x", "denominador": "0"},
    )
    assert errors.status_code == 400
    pages["errors"] = errors.data
    problems = vnu_errors(pages, tmp_path)
    assert not problems, "\n".join(problems)
