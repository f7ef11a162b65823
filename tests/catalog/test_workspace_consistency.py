"""What the catalog's workspace changes elsewhere: the search text of a renamed dependency's
services, a service restored under a retired dependency, retired offices and services on the
public pages."""

from sqlalchemy import select

from app.catalog.models import Office
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.conftest import fetch
from tests.factories import es, make_charter, make_dependency, make_service

RETIRE = {"fecha": "2026-11-30"}


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
    assert (
        client.post(f"/admin/catalogo/servicios/{service.id}/retirar", data=RETIRE).status_code
        == 303
    )
    assert (
        client.post(f"/admin/catalogo/dependencias/{water.id}/retirar", data=RETIRE).status_code
        == 303
    )

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
    assert (
        client.post(f"/admin/catalogo/servicios/{service.id}/retirar", data=RETIRE).status_code
        == 303
    )
    assert (
        client.post(f"/admin/catalogo/oficinas/{closed.id}/retirar", data=RETIRE).status_code == 303
    )
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
    assert (
        client.post(f"/admin/catalogo/servicios/{gone.id}/retirar", data=RETIRE).status_code == 303
    )

    page = fetch(citizen, f"/es/cartas/{charter.slug}").text()
    assert "Conexión de red" in page
    assert "Constancia de no adeudo" not in page
