"""What the catalog's workspace changes elsewhere: the search text of a renamed dependency's
services, a service restored under a retired dependency, retired offices and services on the
public pages."""

from sqlalchemy import select

from app.catalog.models import Office
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.catalog.test_admin import _form
from tests.conftest import fetch
from tests.factories import es, make_charter, make_dependency, make_service

RETIRE = {"fecha": "2026-11-30"}


def retire(client, path: str, **fields) -> None:
    """Retire what ``path`` names, from the workspace (with a replacement's ``reemplazo``)."""
    assert client.post(path, data=RETIRE | fields).status_code == 303


def test_renaming_a_dependency_finds_its_services_by_the_new_name_only(empty_app, signed_in):
    water = make_dependency("Agua potable", slug="agua")
    make_service("Conexión de red", dependency=water, slug="conexion")
    db.session.commit()
    citizen = empty_app.test_client()
    assert "Conexión de red" in fetch(citizen, "/es/servicios?q=agua").text()
    response = signed_in(Role.ADMIN).post(
        f"/admin/catalogo/dependencias/{water.id}",
        data={
            "version": str(water.version),
            "clave": "agua",
            "nombre_es": "Organismo hidráulico",
            "siglas": "OH",
            "superior": "",
        },
    )
    assert response.status_code == 303, response.text
    assert "Conexión de red" in fetch(citizen, "/es/servicios?q=hidraulico").text()
    assert "Conexión de red" not in fetch(citizen, "/es/servicios?q=potable").text()


def test_a_service_is_not_restored_under_a_retired_dependency(empty_app, signed_in):
    water = make_dependency("Agua potable", slug="agua")
    service = make_service("Conexión de red", dependency=water, slug="conexion")
    db.session.commit()
    client = signed_in(Role.ADMIN)
    retire(client, f"/admin/catalogo/servicios/{service.id}/retirar")
    retire(client, f"/admin/catalogo/dependencias/{water.id}/retirar")

    response = client.post(f"/admin/catalogo/servicios/{service.id}/restablecer")
    assert response.status_code == 303
    page = fetch(client, response.headers["Location"]).text()
    assert "restablezca primero la dependencia" in page
    db.session.expire_all()
    assert service.retired_on is not None
    assert not db.session.scalar(
        select(AuditLog).where(AuditLog.action == "catalog.service_restored")
    )
    assert empty_app.test_client().get("/es/servicios/conexion").status_code == 410

    # With its dependency offered again, it can be.
    assert client.post(f"/admin/catalogo/dependencias/{water.id}/restablecer").status_code == 303
    assert client.post(f"/admin/catalogo/servicios/{service.id}/restablecer").status_code == 303
    db.session.expire_all()
    assert service.retired_on is None


def test_a_retired_office_is_not_shown_as_a_place_to_go(empty_app, signed_in):
    water = make_dependency("Agua potable", slug="agua")
    open_office = Office(
        dependency=water, name=es("Ventanilla norte"), address="Norte", hours=es("9-15")
    )
    closed = Office(
        dependency=water, name=es("Ventanilla cerrada"), address="Centro", hours=es("9-15")
    )
    service = make_service("Conexión de red", dependency=water, slug="conexion")
    service.offices = [open_office, closed]
    db.session.commit()
    client = signed_in(Role.ADMIN)
    retire(client, f"/admin/catalogo/servicios/{service.id}/retirar")
    retire(client, f"/admin/catalogo/oficinas/{closed.id}/retirar")
    assert client.post(f"/admin/catalogo/servicios/{service.id}/restablecer").status_code == 303

    page = fetch(empty_app.test_client(), "/es/servicios/conexion").text()
    assert "Ventanilla norte" in page
    assert "Ventanilla cerrada" not in page


def test_a_charter_page_does_not_list_a_retired_service(empty_app, signed_in):
    water = make_dependency("Agua potable", slug="agua")
    kept = make_service("Conexión de red", dependency=water, slug="conexion")
    gone = make_service("Constancia de no adeudo", dependency=water, slug="constancia")
    charter = make_charter([kept, gone])
    db.session.commit()
    citizen = empty_app.test_client()
    assert "Constancia de no adeudo" in fetch(citizen, f"/es/cartas/{charter.slug}").text()
    client = signed_in(Role.ADMIN)
    retire(client, f"/admin/catalogo/servicios/{gone.id}/retirar")

    page = fetch(citizen, f"/es/cartas/{charter.slug}").text()
    assert "Conexión de red" in page
    assert "Constancia de no adeudo" not in page


def test_a_changed_address_key_keeps_the_old_links_and_poster_codes_working(empty_app, signed_in):
    treasury = make_dependency("Tesorería", slug="tesoreria")
    service = make_service("Pago de predial", dependency=treasury, slug="predial")
    db.session.commit()
    client = signed_in(Role.ADMIN)
    changed = client.post(
        f"/admin/catalogo/servicios/{service.id}", data=_form(service, clave="impuesto-predial")
    )
    assert changed.status_code == 303
    citizen = empty_app.test_client()
    for lang in ("es", "en"):
        moved = citizen.get(f"/{lang}/servicios/predial")
        assert moved.status_code == 301
        assert moved.headers["Location"].endswith(f"/{lang}/servicios/impuesto-predial")
    survey = citizen.get("/es/encuesta/predial")
    assert survey.status_code == 301
    assert survey.headers["Location"].endswith("/es/encuesta/impuesto-predial")
    form = fetch(citizen, "/es/buzon/nuevo?tipo=queja&servicio=predial")
    assert "Pago de predial" in form.text()
    assert citizen.get("/es/servicios/otro-que-no-existe").status_code == 404

    # Changed again, and back: every earlier key leads to the service, none twice.
    db.session.refresh(service)
    assert (
        client.post(
            f"/admin/catalogo/servicios/{service.id}", data=_form(service, clave="predial")
        ).status_code
        == 303
    )
    assert citizen.get("/es/servicios/predial").status_code == 200
    moved = citizen.get("/es/servicios/impuesto-predial")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/es/servicios/predial")


def test_a_new_service_may_take_a_key_another_one_had_before(empty_app, signed_in):
    treasury = make_dependency("Tesorería", slug="tesoreria")
    old = make_service("Pago de predial", dependency=treasury, slug="predial")
    db.session.commit()
    client = signed_in(Role.ADMIN)
    client.post(f"/admin/catalogo/servicios/{old.id}", data=_form(old, clave="impuesto-predial"))
    other = make_service("Predial rústico", dependency=treasury, slug="rustico")
    db.session.commit()
    assert (
        client.post(
            f"/admin/catalogo/servicios/{other.id}", data=_form(other, clave="predial")
        ).status_code
        == 303
    )
    page = fetch(empty_app.test_client(), "/es/servicios/predial").text()
    assert "Predial rústico" in page


def listed(page) -> list[str]:
    return [a.get_text() for a in page.soup.select('li > a[href^="/admin/catalogo/dependencias/"]')]


def test_the_lists_of_dependencies_offices_and_topics_come_a_page_at_a_time(empty_app, signed_in):
    parent = make_dependency("Secretaría General", slug="secretaria")
    for n in range(120):
        make_dependency(f"Unidad {n:03d}", slug=f"unidad-{n:03d}", parent=parent)
    db.session.commit()
    client = signed_in(Role.ADMIN)
    first = fetch(client, "/admin/catalogo/dependencias")
    names = listed(first)
    assert len(names) == 100 and names[:2] == ["Secretaría General", "Unidad 000"]
    assert first.soup.find("a", href="/admin/catalogo/dependencias?page=2", rel="next")
    second = fetch(client, "/admin/catalogo/dependencias?page=2")
    assert listed(second)[-1] == "Unidad 119" and len(listed(second)) == 21
    assert client.get("/admin/catalogo/dependencias?page=3").status_code == 404
    assert client.get("/admin/catalogo/dependencias?page=x").status_code == 404


def test_a_retired_service_points_to_what_replaces_it_now(empty_app, signed_in):
    treasury = make_dependency("Tesorería", slug="tesoreria")
    first = make_service("Pago en ventanilla", dependency=treasury, slug="ventanilla")
    second = make_service("Pago en línea", dependency=treasury, slug="en-linea")
    third = make_service("Pago con la aplicación", dependency=treasury, slug="aplicacion")
    db.session.commit()
    client = signed_in(Role.ADMIN)
    retire(client, f"/admin/catalogo/servicios/{first.id}/retirar", reemplazo=second.code)
    retire(client, f"/admin/catalogo/servicios/{second.id}/retirar", reemplazo=third.code)
    page = fetch(empty_app.test_client(), "/es/servicios/ventanilla", 410)
    link = page.soup.find("a", string="Pago con la aplicación")
    assert link and link["href"] == "/es/servicios/aplicacion"
    # With nothing offered at the end of the chain, no replacement is named.
    retire(client, f"/admin/catalogo/servicios/{third.id}/retirar")
    assert (
        "Lo reemplaza" not in fetch(empty_app.test_client(), "/es/servicios/ventanilla", 410).text()
    )


def test_a_key_another_dependencys_service_had_is_not_taken_over(empty_app, signed_in):
    """A former key still leads old links and posters' codes to its service: a manager of
    another dependency may not take it (complaints and ratings meant for it would go to theirs)."""
    treasury = make_dependency("Tesorería", slug="tesoreria")
    works = make_dependency("Obras", slug="obras")
    victim = make_service("Pago de predial", dependency=treasury, slug="predial")
    mine = make_service("Licencia de obra", dependency=works, slug="licencia")
    db.session.commit()
    admin = signed_in(Role.ADMIN)
    admin.post(f"/admin/catalogo/servicios/{victim.id}", data=_form(victim, clave="nuevo-predial"))
    manager = signed_in(Role.MANAGER, works)
    refused = manager.post(
        f"/admin/catalogo/servicios/{mine.id}", data=_form(mine, clave="predial")
    )
    assert refused.status_code == 400
    assert "fue de «Pago de predial», de otra dependencia" in refused.get_data(as_text=True)
    citizen = empty_app.test_client()
    assert citizen.get("/es/encuesta/predial").headers["Location"].endswith("/nuevo-predial")
    # Someone who may edit both may reuse it.
    assert (
        admin.post(
            f"/admin/catalogo/servicios/{mine.id}", data=_form(mine, clave="predial")
        ).status_code
        == 303
    )
