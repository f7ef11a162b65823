"""Choosing the service among many: beyond ``SERVICE_LIST_LIMIT`` services the citizen's step 2,
the inbox filter and registering by staff search instead of listing every service."""

from contextlib import contextmanager
from datetime import date
from urllib.parse import urlencode

import pytest
from sqlalchemy import event, func, select

from app.core.hashing import hasher
from app.extensions import db
from app.feedback.models import Feedback
from app.feedback.services import finding
from app.feedback.services.submission import ACCESS_CODES, normalize_code
from app.staff.models import AuditLog, Role
from tests.factories import make_dependency, make_service
from tests.feedback.conftest import errors, soup
from tests.feedback.test_admin import submit

LIMIT = 3


@pytest.fixture
def catalog(empty_app):
    """Treasury with four services (more than the limit), water with one."""
    treasury, water = make_dependency("Tesorería"), make_dependency("Agua")
    made = {
        "predial": make_service("Pago del impuesto predial", treasury, code="TES-001"),
        "traslado": make_service("Traslado de dominio", treasury, code="TES-002"),
        "constancia": make_service("Constancia de no adeudo predial", treasury, code="TES-003"),
        "licencia": make_service("Licencia de funcionamiento", treasury, code="TES-004"),
        "agua": make_service("Contrato de agua potable con pago predial", water, code="AGU-001"),
    }
    db.session.commit()
    empty_app.config["SERVICE_LIST_LIMIT"] = LIMIT
    return made


def test_services_are_listed_up_to_the_limit_and_searched_beyond_it(empty_app, catalog):
    treasury = {catalog["predial"].dependency_id}
    assert len(finding.listed_services(treasury, 4)) == 4
    assert finding.listed_services(treasury, 3) is None
    assert len(finding.listed_services(None, 5)) == 5
    first = finding.find_services("PREDIAL", treasury, 1)
    assert (first.total, len(first.items), first.more) == (2, 1, True)
    assert finding.find_services("predial", None, 20).total == 3  # water's too


def search_step(client, **args):
    return client.get(f"/es/buzon/nuevo?{urlencode({'tipo': 'queja', **args})}")


def radios(page) -> dict[str, str]:
    return {
        tag["value"]: page.select_one(f"label[for={tag['id']}]").get_text(strip=True)
        for tag in page.select("input[type=radio][name=servicio]")
    }


def submit_form(page, form, choice=None) -> str:
    """The address a GET form leads to, with one of its radio buttons chosen."""
    values = [(tag["name"], tag["value"]) for tag in form.select("input[type=hidden]")]
    if choice is not None:
        values.append(("servicio", choice))
    button = form.select_one("button[name]")
    if button is not None:
        values.append((button["name"], button["value"]))
    return f"{form['action']}?{urlencode(values)}"


def test_a_short_catalog_keeps_its_grouped_list(empty_app, catalog):
    empty_app.config["SERVICE_LIST_LIMIT"] = 200
    page = soup(search_step(empty_app.test_client()))
    groups = [group["label"] for group in page.select("select#servicio optgroup")]
    assert groups == ["Agua", "Tesorería"]
    assert len(page.select("select#servicio option")) == 6  # "other" and the five services
    assert not page.select("input#q")


def test_a_long_catalog_asks_for_a_search_instead_of_a_list(empty_app, catalog):
    response = search_step(empty_app.test_client())
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "¿Sobre qué trámite o servicio?"
    assert not page.select("select#servicio") and not page.select("input[type=radio]")
    search = page.select_one("form[role=search]")
    assert search["method"] == "get"
    assert search.select_one("label[for=q]").get_text(strip=True) == "Busque el trámite o servicio"
    assert search.select_one("input#q[type=search]")["aria-describedby"] == "q-hint"
    assert search.select_one("input[name=tipo]")["value"] == "queja"
    skip = page.find("a", string="Continuar sin elegir un trámite o servicio")
    assert skip["href"] == "/es/buzon/nuevo?tipo=queja&servicio=otro"


def test_searching_by_name_finds_the_service_and_leads_to_the_form(empty_app, catalog):
    client = empty_app.test_client()
    page = soup(search_step(client, q="traslado dominio"))
    assert page.select_one("#service-count[role=status]").get_text(strip=True) == (
        "1 trámite o servicio encontrado"
    )
    fieldset = page.select_one("fieldset#servicio")
    assert fieldset.legend.get_text(strip=True) == "Elija el trámite o servicio"
    slug = catalog["traslado"].slug
    assert radios(page) == {slug: "Traslado de dominio", "otro": "Otro o no lo sé"}
    assert "Tesorería · TES-002" in fieldset.get_text()
    form = fieldset.find_parent("form")
    chosen = client.get(submit_form(page, form, slug))
    assert chosen.status_code == 200
    form_page = soup(chosen)
    assert form_page.h1.get_text(strip=True) == "Escriba su mensaje"
    assert "Traslado de dominio" in form_page.select_one(".caption").get_text()
    assert form_page.select_one("form[method=post]")["action"] == (
        f"/es/buzon/nuevo?tipo=queja&servicio={slug}"
    )


def test_searching_by_code_ignoring_case(empty_app, catalog):
    page = soup(search_step(empty_app.test_client(), q="tes-004"))
    assert list(radios(page)) == [catalog["licencia"].slug, "otro"]


def test_other_can_be_chosen_among_the_results_or_without_searching(empty_app, catalog):
    client = empty_app.test_client()
    page = soup(search_step(client, q="predial"))
    assert len(radios(page)) == 4  # three matches (one in another dependency) and "other"
    form = page.select_one("fieldset#servicio").find_parent("form")
    for address in (submit_form(page, form, "otro"), "/es/buzon/nuevo?tipo=queja&servicio=otro"):
        chosen = client.get(address)
        assert soup(chosen).h1.get_text(strip=True) == "Escriba su mensaje", address


def test_a_search_without_results_says_so_and_offers_to_go_on(empty_app, catalog):
    response = search_step(empty_app.test_client(), q="pasaporte")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#service-count").get_text(strip=True) == (
        "0 trámites y servicios encontrados"
    )
    assert page.select_one(".empty h2").get_text(strip=True) == (
        "No encontramos trámites ni servicios con esos datos"
    )
    assert not page.select("input[type=radio]")
    assert page.find("a", string="Continuar sin elegir un trámite o servicio")
    assert page.select_one("input#q")["value"] == "pasaporte"


def test_many_matches_show_the_first_ones_and_ask_for_more_words(empty_app, catalog):
    dependency = catalog["predial"].dependency
    for n in range(25):
        make_service(f"Permiso de anuncio {n:02d}", dependency)
    db.session.commit()
    page = soup(search_step(empty_app.test_client(), q="anuncio"))
    assert len(radios(page)) == 21  # the first twenty and "other"
    assert " ".join(page.select_one("#service-count").get_text().split()) == (
        "25 trámites y servicios encontrados. Se muestran los primeros 20: "
        "escriba más palabras para acotar la búsqueda."
    )


def test_continuing_without_a_choice_or_searching_for_nothing_is_explained(empty_app, catalog):
    client = empty_app.test_client()
    nothing_chosen = search_step(client, q="predial", continuar="1")
    assert nothing_chosen.status_code == 400
    assert errors(nothing_chosen) == ["Elija un trámite o servicio de la lista."]
    page = soup(nothing_chosen)
    assert page.select_one(".error-summary a")["href"] == "#servicio"
    assert page.title.get_text().startswith("Error:")
    assert len(radios(page)) == 4  # the results are still there
    assert page.select_one("fieldset#servicio")["aria-describedby"] == (
        "servicio-hint servicio-error"
    )
    empty = search_step(client, q=" ")
    assert empty.status_code == 400
    assert errors(empty) == ["Escriba el nombre o la clave del trámite o servicio que busca."]
    unknown = search_step(client, servicio="no-existe")
    assert unknown.status_code == 400
    assert errors(unknown) == ["Elija un trámite o servicio de la lista."]


def test_a_complaint_about_a_service_found_by_searching_is_received(empty_app, catalog):
    client = empty_app.test_client()
    slug = catalog["licencia"].slug
    journey = f"/es/buzon/nuevo?tipo=queja&servicio={slug}"
    data = {"descripcion": "Nadie atendía.", "idioma": "es", "consentimiento": "y"}
    check = client.post(journey, data=data)
    assert check.status_code == 200
    hidden = {tag["name"]: tag.get("value", "") for tag in soup(check).select("input[type=hidden]")}
    sent = client.post(f"/es/buzon/enviar?tipo=queja&servicio={slug}", data=hidden)
    assert sent.status_code == 303
    assert db.session.scalar(select(Feedback.service_id)) == catalog["licencia"].id


@contextmanager
def counted_queries():
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_inbox_filters_by_words_of_the_service_beyond_the_limit(empty_app, catalog, signed_in):
    items = {name: submit(service) for name, service in catalog.items()}
    client = signed_in(Role.RESPONDER, catalog["predial"].dependency)
    page = soup(client.get("/admin/buzon"))
    assert not page.select("select#servicio")  # four services in her scope: no list
    field = page.select_one("input#servicio_texto[type=search]")
    assert page.select_one("label[for=servicio_texto]").get_text(strip=True) == (
        "Trámite o servicio"
    )
    assert field["aria-describedby"] == "servicio_texto-hint"
    for text, expected in [("predial", {"predial", "constancia"}), ("TES-002", {"traslado"})]:
        listed = soup(client.get(f"/admin/buzon?{urlencode({'servicio_texto': text})}"))
        folios = {row.th.a.get_text(strip=True) for row in listed.select("table.inbox tbody tr")}
        assert folios == {items[name].folio for name in expected}, text
    # Water's service also says "predial": it is outside her scope, and so is its item.
    assert items["agua"].folio not in client.get("/admin/buzon?servicio_texto=agua").text


def test_the_inbox_lists_only_the_services_in_scope_when_they_are_few(
    empty_app, catalog, signed_in
):
    submit(catalog["agua"])
    omar = signed_in(Role.RESPONDER, catalog["agua"].dependency)
    page = soup(omar.get("/admin/buzon"))
    options = [option.get_text(strip=True) for option in page.select("select#servicio option")]
    assert options == ["Todos", "Contrato de agua potable con pago predial"]
    assert not page.select("input#servicio_texto")
    assert (
        omar.get(f"/admin/buzon?servicio={catalog['predial'].id}").status_code == 400
    )  # a service of another dependency is not a choice


def test_the_inbox_reads_as_much_with_many_services_as_with_few(empty_app, catalog, signed_in):
    client = signed_in(Role.COORDINATOR)
    path = "/admin/buzon?servicio_texto=licencia"
    client.get(path)  # the first request loads what every later one has

    def measure():
        with counted_queries() as statements:
            response = client.get(path)
        return len(statements), len(response.data)

    few = measure()
    dependency = catalog["licencia"].dependency
    for n in range(60):
        make_service(f"Licencia generada {n}", dependency)
    db.session.commit()
    many = measure()
    assert many == few


def test_registering_beyond_the_limit_searches_the_service_first(empty_app, catalog, signed_in):
    client = signed_in(Role.RESPONDER, catalog["predial"].dependency)
    first = soup(client.get("/admin/buzon/registrar"))
    assert first.h1.get_text(strip=True) == "Registrar un mensaje recibido por otro canal"
    assert first.select_one("form[role=search] input#q") and not first.select("#canal")
    results = soup(client.get("/admin/buzon/registrar?q=predial"))
    # Water's service says "predial" too, but Rosa may not register it.
    assert set(radios(results)) == {catalog["constancia"].slug, catalog["predial"].slug, "otro"}
    form = results.select_one("fieldset#servicio").find_parent("form")
    chosen = client.get(submit_form(results, form, catalog["predial"].slug))
    assert chosen.status_code == 200
    page = soup(chosen)
    assert page.select_one("input[type=hidden][name=servicio]")["value"] == catalog["predial"].slug
    form = page.select_one("form[action='/admin/buzon/registrar'][method=post]")
    assert "Pago del impuesto predial" in form.get_text()
    assert not page.select("select#servicio")
    data = {"canal": "telefono", "recibido": "2026-11-13", "tipo": "queja", "idioma": "es",
            "servicio": catalog["predial"].slug, "descripcion": "Fila larga"}  # fmt: skip
    mistake = client.post("/admin/buzon/registrar", data={**data, "descripcion": ""})
    assert mistake.status_code == 400  # the service chosen stays
    assert soup(mistake).select_one("input[name=servicio]")["value"] == catalog["predial"].slug
    assert client.post("/admin/buzon/registrar", data=data).status_code == 303
    other = client.post("/admin/buzon/registrar", data={**data, "servicio": "otro"})
    assert other.status_code == 303
    saved = db.session.scalars(select(Feedback.service_id).order_by(Feedback.id)).all()
    assert saved == [catalog["predial"].id, None]
    # About no service in particular: it stays with Rosa's dependency, so she sees it and can
    # read its access code out to the caller.
    item = client.get(other.location)
    assert item.status_code == 200
    assert "no se volverá a mostrar" in item.get_data(as_text=True)
    unspecified = db.session.scalar(select(Feedback).where(Feedback.service_id.is_(None)))
    assert unspecified.dependency_id == catalog["predial"].dependency_id


def test_a_registration_sent_twice_is_one_item_and_its_code_is_shown(empty_app, catalog, signed_in):
    client = signed_in(Role.RESPONDER, catalog["predial"].dependency)
    page = soup(client.get(f"/admin/buzon/registrar?servicio={catalog['predial'].slug}"))
    key = page.select_one("input[type=hidden][name=clave_envio]")["value"]
    data = {"canal": "telefono", "recibido": "2026-11-13", "tipo": "queja", "idioma": "es",
            "servicio": catalog["predial"].slug, "descripcion": "Fila larga",
            "clave_envio": key}  # fmt: skip
    first = client.post("/admin/buzon/registrar", data=data)
    # A double click: the browser drops the first answer and follows the second.
    second = client.post("/admin/buzon/registrar", data=data)
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 1
    code = soup(client.get(second.location)).select_one(".code-display strong").get_text()
    feedback = db.session.scalar(select(Feedback))
    assert hasher(ACCESS_CODES).verify(feedback.access_code_hash, normalize_code(code))
    registered = select(func.count()).where(AuditLog.action == "feedback.registered")
    assert db.session.scalar(registered) == 1


def test_registering_beyond_the_limit_stays_in_scope(empty_app, catalog, signed_in):
    client = signed_in(Role.RESPONDER, catalog["predial"].dependency)
    outside = catalog["agua"].slug
    assert client.get(f"/admin/buzon/registrar?servicio={outside}").status_code == 404
    unchosen = client.get("/admin/buzon/registrar?q=predial&continuar=1")
    assert unchosen.status_code == 400
    assert errors(unchosen) == ["Elija un trámite o servicio de la lista."]


def test_a_short_register_list_shows_only_the_services_in_scope(empty_app, catalog, signed_in):
    page = soup(signed_in(Role.RESPONDER, catalog["agua"].dependency).get("/admin/buzon/registrar"))
    options = [option["value"] for option in page.select("select#servicio option")]
    assert options == ["otro", catalog["agua"].slug]


def test_a_retired_service_is_no_longer_offered_for_a_message(empty_app, catalog):
    """Its page says it is gone (410): the list, like the search, leaves it out, and a link
    that names it asks for the service again."""
    retired = catalog["agua"]
    retired.retired_on = date(2026, 1, 15)
    db.session.commit()
    client = empty_app.test_client()
    # Four offered: within the limit, so listed (five with the retired one were searched).
    empty_app.config["SERVICE_LIST_LIMIT"] = 4
    page = soup(client.get("/es/buzon/nuevo?tipo=queja"))
    listed = [option["value"] for option in page.select("select#servicio option")]
    assert retired.slug not in listed and catalog["predial"].slug in listed
    named = client.get(f"/es/buzon/nuevo?tipo=queja&servicio={retired.slug}")
    assert soup(named).h1.get_text(strip=True) != "Escriba su mensaje"
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 0


def test_the_search_pages_are_valid_html(empty_app, catalog, tmp_path, signed_in):
    from tests.conftest import Page
    from tests.test_html_validation import vnu_errors

    staff = signed_in(Role.RESPONDER, catalog["predial"].dependency)
    citizen = empty_app.test_client()
    responses = {
        "search": search_step(citizen),
        "results": search_step(citizen, q="predial"),
        "no results": search_step(citizen, q="pasaporte"),
        "not chosen": search_step(citizen, q="predial", continuar="1"),
        "inbox": staff.get("/admin/buzon?servicio_texto=predial"),
        "register search": staff.get("/admin/buzon/registrar?q=predial"),
        "register form": staff.get(f"/admin/buzon/registrar?servicio={catalog['predial'].slug}"),
    }
    for response in responses.values():
        Page(response).check_structure()
    errors = vnu_errors({name: r.data for name, r in responses.items()}, tmp_path)
    assert not errors, "\n".join(errors)


def test_a_long_service_search_is_an_error_next_to_its_field_not_an_outage(empty_app, catalog):
    words = " ".join(f"acta{n}" for n in range(1200))  # a thousand conditions were a 503
    response = search_step(empty_app.test_client(), q=words)
    assert response.status_code in (200, 400)
    assert "Escriba como máximo 200 caracteres." in response.get_data(as_text=True)
