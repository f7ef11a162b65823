"""Retiring dependencies, offices and topics in the workspace: kept for the services that name
them, no longer offered; refused while services (or units) still offered use them."""

import csv
import io
from datetime import date

import pytest
from flask import current_app
from sqlalchemy import select

from app.catalog import editing
from app.catalog.exchange.format import FILES
from app.catalog.models import Dependency, Office
from app.core.tabular import to_csv
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.conftest import Page, fetch
from tests.factories import es, make_dependency, make_service, make_topic


@pytest.fixture
def water(empty_app):
    water = make_dependency("Agua potable", slug="agua")
    topic = make_topic("Servicios urbanos")
    office = Office(
        dependency=water, name=es("Ventanilla del agua"), address="Centro", hours=es("9-15")
    )
    service = make_service("Conexión de agua", dependency=water, topic=topic, slug="conexion")
    service.offices = [office]
    db.session.commit()
    return water, topic, office, service


def _retire(client, path, status):
    response = client.post(f"/admin/catalogo/{path}/retirar", data={"fecha": "2026-11-30"})
    assert response.status_code == status, response.text
    return response


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_a_dependency_in_use_is_not_retired_until_its_services_and_units_are(water, signed_in):
    dependency, _topic, _office, service = water
    unit = make_dependency("Pipas", slug="pipas", parent=dependency)
    db.session.commit()
    client = signed_in(Role.COORDINATOR)
    page = Page(_retire(client, f"dependencias/{dependency.id}", 400))
    assert "todavía lo usan 1 trámites o servicios vigentes" in page.text()
    assert "todavía dependen de ella 1 unidades vigentes" in page.text()
    assert page.soup.select_one(".error-summary")
    db.session.expire_all()
    assert dependency.retired_on is None

    editing.retire_service(service, date(2026, 12, 1), None, None)
    editing.retire_row(unit, date(2026, 12, 1), None)
    response = _retire(client, f"dependencias/{dependency.id}", 303)
    page = fetch(client, response.headers["Location"])
    assert "«Agua potable» se retiró: ya no se ofrece." in page.text()
    assert "Ya no se ofrece desde el 30 de noviembre de 2026." in page.text()
    db.session.expire_all()
    assert dependency.retired_on == date(2026, 11, 30)
    assert _actions()[-1] == "catalog.dependency_retired"
    assert "retirado el" in fetch(client, "/admin/catalogo/dependencias").text()
    # A new service cannot be given to it any more.
    form = fetch(client, "/admin/catalogo/servicios/nuevo")
    assert not form.soup.select('select[name="dependencia"] option[value="agua"]')
    # The retired service's public page still names it.
    assert "Agua potable" in fetch(client, "/es/servicios/conexion", 410).text()

    response = client.post(f"/admin/catalogo/dependencias/{dependency.id}/restablecer")
    assert response.status_code == 303
    db.session.expire_all()
    assert dependency.retired_on is None
    assert _actions()[-1] == "catalog.dependency_restored"


@pytest.mark.parametrize("kind", ["oficinas", "temas"])
def test_an_office_or_topic_in_use_is_not_retired(water, signed_in, kind):
    _dependency, topic, office, service = water
    row = office if kind == "oficinas" else topic
    client = signed_in(Role.ADMIN)
    page = Page(_retire(client, f"{kind}/{row.id}", 400))
    assert "todavía lo usan 1 trámites o servicios vigentes" in page.text()
    editing.retire_service(service, date(2026, 12, 1), None, None)
    _retire(client, f"{kind}/{row.id}", 303)
    db.session.expire_all()
    assert row.retired_on == date(2026, 11, 30)
    name = "office" if kind == "oficinas" else "topic"
    assert _actions()[-1] == f"catalog.{name}_retired"
    # The public catalog no longer offers the retired topic as a filter.
    if kind == "temas":
        assert "Servicios urbanos" not in fetch(client, "/es/servicios").text()


def test_retiring_follows_roles_and_scope(water, signed_in):
    dependency, topic, office, _service = water
    other = make_dependency("Tesorería", slug="tesoreria")
    db.session.commit()
    manager = signed_in(Role.MANAGER, other)
    _retire(manager, f"dependencias/{dependency.id}", 404)
    _retire(manager, f"oficinas/{office.id}", 404)
    _retire(manager, f"temas/{topic.id}", 403)  # topics are the whole institution's
    responder = signed_in(Role.RESPONDER, dependency)
    _retire(responder, f"dependencias/{dependency.id}", 403)
    page = fetch(responder, f"/admin/catalogo/dependencias/{dependency.id}")
    assert "Retirar del catálogo" not in page.text()
    db.session.expire_all()
    assert db.session.scalar(select(Dependency.retired_on).where(Dependency.slug == "agua")) is None


def test_the_open_data_says_when_a_dependency_was_retired(water, empty_app):
    dependency, *_rest = water
    dependency.retired_on = date(2026, 11, 30)
    db.session.commit()
    rows = empty_app.test_client().get("/api/v1/dependencies").get_json()["data"]
    assert [row["retired_on"] for row in rows] == ["2026-11-30"]


def _import(app, folder, *options):
    return app.test_cli_runner().invoke(args=["catalog", "import", str(folder), *options])


def _set(folder, file, **values):
    path = folder / file
    table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    table[0].update(values)
    path.write_text(to_csv(FILES[file].header, table), encoding="utf-8")


def test_the_import_retires_but_nothing_offered_may_use_what_is_retired(water, tmp_path):
    _dependency, topic, _office, _service = water
    folder = tmp_path / "catalog"
    app = current_app._get_current_object()
    assert app.test_cli_runner().invoke(args=["catalog", "export", str(folder)]).exit_code == 0
    _set(folder, "topics.csv", retired_on="2026-11-30")
    result = _import(app, folder)
    assert result.exit_code == 1
    assert (
        "topics.csv:2: retired_on: no se puede retirar: todavía lo usa 'conexion', "
        "que sigue vigente"
    ) in result.output

    _set(folder, "services.csv", retired_on="2999-12-31")
    result = _import(app, folder, "--quiet")
    assert result.exit_code == 1
    assert "services.csv:2: retired_on: la fecha no puede ser posterior a hoy" in result.output
    _set(folder, "services.csv", retired_on="2026-11-30")
    result = _import(app, folder, "--quiet")
    assert result.exit_code == 0, result.output
    assert "retired: 0 dependencies, 1 topics, 0 offices, 1 services" in result.output
    db.session.expire_all()
    assert topic.retired_on == date(2026, 11, 30)
    assert "retired:" not in _import(app, folder, "--quiet").output  # nothing more to do

    _set(folder, "services.csv", retired_on="")
    (folder / "topics.csv").unlink()  # the topic stays retired
    result = _import(app, folder)
    assert result.exit_code == 1
    assert f"services.csv:2: topic: {topic.slug!r} ya no se ofrece (está retirado)" in result.output
