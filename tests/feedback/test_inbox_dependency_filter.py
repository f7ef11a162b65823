"""The inbox's dependency filter: the dependencies in the person's scope as a select up to
``DEPENDENCY_LIST_LIMIT``, a text field for a name or an acronym beyond it."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from app.extensions import db
from app.staff.models import Role
from tests.factories import make_dependency, make_service
from tests.feedback.test_admin import page, submit

NOT_FOUND = "No encontramos una dependencia con ese nombre o siglas."


@pytest.fixture
def office(empty_app):
    """The treasury and its cadastre (Rosa's scope), a water agency; an item in each."""
    treasury = make_dependency("Tesorería Municipal", acronym="TM", slug="tesoreria")
    cadastre = make_dependency("Subdirección de Catastro", acronym="CAT", parent=treasury)
    water = make_dependency("Organismo Municipal de Agua", acronym="OMA", slug="agua")
    items = {
        "treasury": submit(make_service("Pago del predial", treasury)),
        "cadastre": submit(make_service("Certificado catastral", cadastre)),
        "water": submit(make_service("Contrato de agua", water)),
    }
    db.session.commit()
    empty_app.config["DEPENDENCY_LIST_LIMIT"] = 1
    return items


def inbox(client, status=200, **args):
    response = client.get(f"/admin/buzon?{urlencode(args)}")
    assert response.status_code == status, args
    return page(response)


def folios(listed) -> set[str]:
    return {row.th.a.get_text(strip=True) for row in listed.select("table.inbox tbody tr")}


def test_beyond_the_limit_staff_type_the_dependency(empty_app, office, signed_in):
    coco = signed_in(Role.COORDINATOR)
    listed = inbox(coco)
    assert not listed.select("select#dependencia")
    assert listed.select_one("input#dependencia")["type"] == "text"
    for text, key in [("cat", "cadastre"), ("TM", "treasury"), ("agua", "water")]:
        found = inbox(coco, dependencia=text)
        assert folios(found) == {office[key].folio}, text  # that dependency's items only
        assert found.select_one("input#dependencia")["value"] == office[key].dependency.name["es"]


def test_an_ambiguous_text_links_to_each_dependency_keeping_the_filters(
    empty_app, office, signed_in
):
    listed = inbox(signed_in(Role.COORDINATOR), dependencia="municipal", estado="received")
    links = [a["href"] for a in listed.select("#dependencia-matches a")]
    assert {urlsplit(link).path for link in links} == {"/admin/buzon"}
    assert sorted(parse_qs(urlsplit(link).query)["dependencia"][0] for link in links) == [
        "agua",
        "tesoreria",
    ]
    assert all(parse_qs(urlsplit(link).query)["estado"] == ["received"] for link in links)


def test_staff_find_only_dependencies_in_their_scope(empty_app, office, signed_in):
    rosa = signed_in(Role.RESPONDER, office["treasury"].dependency)
    assert folios(inbox(rosa, dependencia="catastro")) == {office["cadastre"].folio}
    for text in ("agua", "OMA"):  # the water agency is outside her scope
        refused = inbox(rosa, 400, dependencia=text)
        assert refused.select_one("#dependencia-error").get_text(" ", strip=True) == (
            f"Error: {NOT_FOUND}"
        )
        assert office["water"].folio not in folios(refused)
    assert not inbox(rosa, dependencia="municipal").select("#dependencia-matches")


def test_below_the_limit_the_select_lists_the_dependencies_in_scope(empty_app, office, signed_in):
    empty_app.config["DEPENDENCY_LIST_LIMIT"] = 200
    rosa = signed_in(Role.RESPONDER, office["treasury"].dependency)
    listed = inbox(rosa)
    options = {o["value"]: o.get_text(strip=True) for o in listed.select("#dependencia option")}
    cadastre = office["cadastre"].dependency.slug
    assert options == {
        "": "Todas",
        cadastre: "Subdirección de Catastro",
        "tesoreria": "Tesorería Municipal",
    }
    assert folios(inbox(rosa, dependencia=cadastre)) == {office["cadastre"].folio}
    assert inbox(rosa, 400, dependencia="agua").select_one("#dependencia-error")


def test_the_inbox_pages_of_a_typed_dependency_are_valid_html(
    empty_app, office, tmp_path, signed_in
):
    from tests.conftest import Page
    from tests.test_html_validation import vnu_errors

    coco = signed_in(Role.COORDINATOR)
    responses = {
        text: coco.get(f"/admin/buzon?dependencia={text}") for text in ("cat", "municipal", "zzz")
    }
    for response in responses.values():
        Page(response).check_structure()
    errors = vnu_errors({text: r.data for text, r in responses.items()}, tmp_path)
    assert not errors, "\n".join(errors)
