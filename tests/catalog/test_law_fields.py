"""Every field the law asks a procedure to publish: edited in the workspace, shown on the
service's page, published in the open data and carried by the import format."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.catalog.exchange.format import FILES
from app.catalog.models import (
    ApplicantType,
    Inspection,
    RequestType,
    Requirement,
    Service,
    Step,
)
from app.core.clock import local_today
from app.core.tabular import to_csv
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.catalog.test_admin import _form, _setup
from tests.conftest import fetch
from tests.factories import es, make_service

OLD = date(2026, 1, 15)  # the factories' update date


def _full_form(service: Service, producer: Service, **changes) -> dict:
    return (
        _form(
            service,
            tipo_solicitud="escrito_libre",
            tipo_solicitante="ambas",
            plazo_prevencion="3",
            plazo_respuesta_prevencion="5",
            requiere_cita="y",
            responsable_nombre="Lic. Ana Pérez Díaz",
            responsable_telefono="722 000 0140",
            responsable_correo="tesoreria@ejemplo.gob.mx",
            pago_es="En las cajas de la Tesorería.",
            pago_en="At the Treasury's cash desks.",
            criterios_es="Se aprueba si no hay adeudos.",
            cita_es="Pida su cita por teléfono.",
            cargo_responsable_es="Tesorera municipal",
            **{
                "pasos-0-texto_es": "Pida su orden de pago.",
                "pasos-0-texto_en": "Ask for your payment order.",
                "pasos-1-texto_es": "Pague en la caja.",
                "requisitos-0-nombre_es": "Identificación oficial",
                "requisitos-0-emisor_es": "Instituto Nacional Electoral",
                "requisitos-1-nombre_es": "Constancia de no adeudo",
                "requisitos-1-producido_por": producer.code,
                "inspecciones-0-objeto_es": "El predio",
                "inspecciones-0-proposito_es": "Comprobar sus medidas.",
                "formatos-0-nombre_es": "Solicitud",
                "formatos-0-publicado": "2025-06-30",
            },
        )
        | changes
    )


def test_the_workspace_saves_every_field_and_the_page_shows_it(empty_app, signed_in):
    _water, treasury, service = _setup()
    producer = make_service("Constancia de no adeudo", dependency=treasury, slug="constancia")
    db.session.commit()
    assert service.updated_on == OLD
    client = signed_in(Role.ADMIN)
    response = client.post(
        f"/admin/catalogo/servicios/{service.id}", data=_full_form(service, producer)
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert [s.text for s in service.steps] == [
        {"es": "Pida su orden de pago.", "en": "Ask for your payment order."},
        {"es": "Pague en la caja."},
    ]
    first, second = service.requirements
    assert first.issuer == {"es": "Instituto Nacional Electoral"} and first.produced_by is None
    assert second.produced_by == producer and second.issuer is None
    assert [(i.subject, i.purpose) for i in service.inspections] == [
        ({"es": "El predio"}, {"es": "Comprobar sus medidas."})
    ]
    assert service.request_formats[0].published_on == date(2025, 6, 30)
    assert service.request_type is RequestType.FREE_WRITING
    assert service.applicant_type is ApplicantType.BOTH
    assert (service.prevention_days, service.prevention_answer_days) == (3, 5)
    assert service.appointment_required and service.contact_name == "Lic. Ana Pérez Díaz"
    assert service.updated_on == local_today() != OLD
    audit = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "catalog.service_updated")
    ).one()
    changes = audit.detail["changes"]
    assert changes["steps"] == [
        [],
        [
            {"text": {"es": "Pida su orden de pago.", "en": "Ask for your payment order."}},
            {"text": {"es": "Pague en la caja."}},
        ],
    ]
    assert changes["requirements"][1][1]["produced_by"] == "constancia"

    # The form shows what was saved, ready to edit again.
    form = fetch(client, f"/admin/catalogo/servicios/{service.id}")
    assert form.soup.find("input", {"name": "requisitos-1-producido_por"})["value"] == (
        producer.code
    )
    assert form.soup.find("input", {"name": "formatos-0-publicado"})["value"] == "2025-06-30"

    citizen = empty_app.test_client()
    page = fetch(citizen, "/es/servicios/predial")
    text = page.text()
    assert [li.get_text(strip=True) for li in page.soup.select("ol.steps > li")] == [
        "Pida su orden de pago.",
        "Pague en la caja.",
    ]
    for shown in (
        "Por escrito libre",
        "Personas físicas y morales",
        "Se requiere cita. Pida su cita por teléfono.",
        "3 días hábiles",
        "5 días hábiles",
        "En las cajas de la Tesorería.",
        "Se aprueba si no hay adeudos.",
        "Lo expide: Instituto Nacional Electoral",
        "El predio",
        "Comprobar sus medidas.",
        "publicado el 30 de junio de 2025",
        "Lic. Ana Pérez Díaz",
        "Tesorera municipal",
    ):
        assert shown in text, shown
    link = page.soup.select_one("ol.requirements a")
    assert link["href"] == "/es/servicios/constancia" and "Constancia de no adeudo" in link.text
    assert page.soup.select_one('a[href="mailto:tesoreria@ejemplo.gob.mx"]')
    assert page.soup.select_one('a[href="tel:7220000140"]')

    english = fetch(citizen, "/en/servicios/predial")
    assert "Ask for your payment order." in english.text()
    assert "At the Treasury's cash desks." in english.text()
    # An untranslated step is shown in Spanish, marked as such.
    untranslated = english.soup.select("ol.steps > li")[1].find(lang="es")
    assert untranslated is not None and "Pague en la caja." in untranslated.text


def test_the_workspace_adds_step_and_inspection_rows_without_saving(empty_app, signed_in):
    _w, _t, service = _setup()
    client = signed_in(Role.ADMIN)
    url = f"/admin/catalogo/servicios/{service.id}"
    page = fetch(client, url, method="post", data=_form(service, agregar_paso="1"))
    assert 'name="pasos-1-texto_es"' in page.html
    page = fetch(client, url, method="post", data=_form(service, agregar_inspeccion="1"))
    assert 'name="inspecciones-1-objeto_es"' in page.html
    db.session.expire_all()
    assert service.version == 1 and service.steps == []


def test_each_validation_of_the_new_fields(empty_app, signed_in):
    _w, treasury, service = _setup()
    producer = make_service("Constancia", dependency=treasury, slug="constancia")
    retired = make_service("Vieja", slug="vieja", retired_on=date(2026, 1, 1))
    db.session.commit()
    client = signed_in(Role.ADMIN)
    url = f"/admin/catalogo/servicios/{service.id}"
    for changes, field, message in [
        ({"requisitos-1-producido_por": "NO-EXISTE"}, "requisitos-1-producido_por",
         "No hay un trámite vigente con esa homoclave."),
        ({"requisitos-1-producido_por": retired.code}, "requisitos-1-producido_por",
         "No hay un trámite vigente con esa homoclave."),
        ({"requisitos-1-producido_por": service.code}, "requisitos-1-producido_por",
         "Un requisito no puede obtenerse con este mismo trámite."),
        ({"pasos-1-texto_es": "", "pasos-1-texto_en": "Pay."}, "pasos-1-texto_es",
         "Escriba el paso en español."),
        ({"inspecciones-0-proposito_es": ""}, "inspecciones-0-proposito_es",
         "Escriba en español para qué se inspecciona."),
        ({"formatos-0-publicado": "30/06/2025"}, "formatos-0-publicado", ""),
        ({"plazo_prevencion": "400"}, "plazo_prevencion", "Escriba un número de 0 a 365."),
        ({"plazo_prevencion": "11"}, "plazo_prevencion",
         "Debe ser menor que el plazo máximo de respuesta o igual a él."),
        ({"plazo_respuesta_prevencion": "x"}, "plazo_respuesta_prevencion",
         "Escriba un número entero"),
        ({"tipo_solicitud": "oral"}, "tipo_solicitud", "Elija una opción de la lista."),
        ({"responsable_correo": "no-es-correo"}, "responsable_correo",
         "Escriba un correo electrónico válido"),
        ({"responsable_telefono": "abc"}, "responsable_telefono", "Escriba un teléfono"),
    ]:  # fmt: skip
        data = _full_form(service, producer, **changes)
        page = fetch(client, url, 400, method="post", data=data)
        assert message in page.text(), changes
        assert 'class="error-summary"' in page.html
        error = page.soup.find(id=f"{field}-error")
        assert error is not None and message in error.text, changes
        # Nothing typed is lost.
        assert page.soup.find(attrs={"name": "pasos-0-texto_es"}).get("value") == (
            "Pida su orden de pago."
        )
    db.session.expire_all()
    assert service.version == 1 and service.steps == [] and service.updated_on == OLD


def test_saving_without_changes_keeps_the_date_and_a_row_change_dates_it(empty_app, signed_in):
    _w, _t, service = _setup()
    service.steps = [Step(position=1, text=es("Acuda a la ventanilla."))]
    db.session.commit()
    client = signed_in(Role.ADMIN)
    url = f"/admin/catalogo/servicios/{service.id}"
    same = _form(service, **{"pasos-0-texto_es": "Acuda a la ventanilla."})
    assert client.post(url, data=same).status_code == 303
    db.session.expire_all()
    assert service.updated_on == OLD and service.version == 1
    changed = _form(service, **{"pasos-0-texto_es": "Acuda a la ventanilla 3."})
    assert client.post(url, data=changed).status_code == 303
    db.session.expire_all()
    assert service.updated_on == local_today() and service.version == 2


# --- The import format ---------------------------------------------------------------------------


def run(app, *args):
    return app.test_cli_runner().invoke(args=["catalog", *args])


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _edit(folder: Path, file: str, change) -> None:
    path = folder / file
    table = _rows(path)
    path.write_text(to_csv(FILES[file].header, change(table)), encoding="utf-8", newline="")


@pytest.fixture
def files(demo, tmp_path) -> Path:
    folder = tmp_path / "catalog"
    assert run(demo, "export", str(folder)).exit_code == 0
    return folder


def test_the_demo_publishes_the_new_fields_in_its_files(files):
    services = _rows(files / "services.csv")
    assert sum(1 for s in services if s["contact_name"]) > len(services) / 2
    assert sum(1 for s in services if s["request_type"]) > len(services) / 2
    assert _rows(files / "service_steps.csv") and _rows(files / "service_inspections.csv")
    requirements = _rows(files / "service_requirements.csv")
    assert any(r["produced_by"] for r in requirements)
    assert any(r["issuer_es"] for r in requirements)
    assert all(f["published_on"] for f in _rows(files / "service_forms.csv"))


def test_each_broken_value_of_the_new_columns_is_listed_and_nothing_changes(demo, files):
    def services(table):
        table[0]["request_type"] = "oral"
        table[1]["prevention_days"] = "tres"
        table[2]["appointment_required"] = "si"
        table[3]["contact_email"] = "sin arroba"
        table[4]["applicant_type"] = "todos"
        table[5]["prevention_days"] = str(int(table[5]["response_days"]) + 1)
        return table

    def requirements(table):
        table[0]["produced_by"] = "no-such-service"
        table[1]["produced_by"] = table[1]["service"]
        return table

    _edit(files, "services.csv", services)
    _edit(files, "service_requirements.csv", requirements)
    _edit(files, "service_forms.csv", lambda t: [{**t[0], "published_on": "30/06/2025"}, *t[1:]])
    _edit(files, "service_steps.csv", lambda t: [{**t[0], "text_es": ""}, t[0], *t[1:]])
    _edit(files, "service_inspections.csv", lambda t: [{**t[0], "purpose_es": ""}, *t[1:]])
    before = db.session.scalars(select(Step.id).order_by(Step.id)).all()
    result = run(demo, "import", str(files))
    assert result.exit_code == 1
    for problem in (
        "request_type: 'oral' no es uno de: formato, escrito_libre, ambos",
        "prevention_days: 'tres' no es un número entero de 0 a 3650",
        "appointment_required: 'si' no es true ni false",
        "contact_email: 'sin arroba' no es válido",
        "applicant_type: 'todos' no es uno de",
        "prevention_days: es mayor que response_days",
        "produced_by: no se conoce service 'no-such-service'",
        "produced_by: un requisito no puede producirlo su propio servicio",
        "published_on: '30/06/2025' no es una fecha como 2026-01-31",
        "service_steps.csv:2: text_es: está vacía",
        "service_steps.csv:3: position: 1 está repetida",
        "service_inspections.csv:2: purpose_es: está vacía",
    ):
        assert problem in result.output, problem
    assert db.session.scalars(select(Step.id).order_by(Step.id)).all() == before
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "catalog.imported")) is None


def test_an_import_dates_what_it_changes_unless_the_files_date_it(demo, files):
    steps = _rows(files / "service_steps.csv")
    slug = steps[0]["service"]
    service = db.session.scalar(select(Service).where(Service.slug == slug))
    stored = service.updated_on
    _edit(files, "service_steps.csv", lambda t: [{**t[0], "text_es": "Otro primer paso."}, *t[1:]])
    result = run(demo, "import", str(files))
    assert result.exit_code == 0, result.output
    assert "changed: 0 dependencies, 0 topics, 0 offices, 1 services" in result.output
    db.session.expire_all()
    assert service.steps[0].text["es"] == "Otro primer paso."
    assert service.updated_on == local_today() != stored

    def dated(table):
        for row in table:
            if row["slug"] == slug:
                row["updated_on"], row["criteria_es"] = "2026-02-02", "Criterio nuevo."
        return table

    _edit(files, "services.csv", dated)
    assert run(demo, "import", str(files)).exit_code == 0
    db.session.expire_all()
    assert service.updated_on == date(2026, 2, 2) and service.criteria["es"] == "Criterio nuevo."


def test_a_requirement_may_name_a_service_created_by_the_same_import(demo, files):
    services = _rows(files / "services.csv")
    new = {**services[0], "slug": "tramite-nuevo", "code": "NEW-001", "name_es": "Nuevo"}
    _edit(files, "services.csv", lambda t: [*t, new])
    first = _rows(files / "service_requirements.csv")[0]
    _edit(
        files,
        "service_requirements.csv",
        lambda t: [{**t[0], "produced_by": "tramite-nuevo"}, *t[1:]],
    )
    result = run(demo, "import", str(files))
    assert result.exit_code == 0, result.output
    service = db.session.scalar(select(Service).where(Service.slug == first["service"]))
    assert service.requirements[0].produced_by.code == "NEW-001"
    page = fetch(demo.test_client(), f"/es/servicios/{first['service']}")
    assert page.soup.select_one('ol.requirements a[href="/es/servicios/tramite-nuevo"]')


# --- The open data -------------------------------------------------------------------------------


def test_the_open_data_publishes_the_rows_of_each_service(client):
    requirements = client.get("/api/v1/requirements?per_page=500").get_json()["data"]
    produced = next(r for r in requirements if r["produced_by"])
    assert set(produced) >= {"service", "position", "issuer", "produced_by", "name"}
    assert client.get(f"/api/v1/services/{produced['produced_by']}").status_code == 200
    assert any(r["issuer"] and r["issuer"]["es"] for r in requirements)

    steps = client.get("/api/v1/steps?service=acta-de-nacimiento").get_json()["data"]
    assert [s["position"] for s in steps] == [1, 2, 3, 4]
    assert {s["service"] for s in steps} == {"acta-de-nacimiento"}

    inspections = client.get("/api/v1/inspections?service=licencia-de-construccion").get_json()
    assert inspections["data"][0]["purpose"]["es"]

    forms = client.get("/api/v1/forms").get_json()["data"]
    assert all(f["published_on"] for f in forms)

    service = client.get("/api/v1/services/licencia-de-construccion").get_json()["data"]
    assert service["request_type"] == "formato" and service["applicant_type"] == "ambas"
    assert isinstance(service["prevention_days"], int) and service["appointment_required"] is False
    assert service["contact_email"].endswith("@metepec.example")
    assert service["payment"]["es"] and service["criteria"]["es"]

    offices = client.get("/api/v1/offices?service=licencia-de-construccion").get_json()["data"]
    assert offices and all(o["address"] for o in offices)
    everywhere = client.get("/api/v1/offices").get_json()["meta"]["total"]
    assert len(offices) < everywhere

    header = next(csv.reader(io.StringIO(client.get("/api/v1/requirements.csv").text)))
    assert {"produced_by", "issuer_es", "issuer_en", "issuer_nah"} <= set(header)
    assert client.get("/api/v1/inspections/999999").status_code == 404


def test_a_removed_producer_leaves_the_requirement_without_a_link(empty_app):
    producer = make_service("Constancia", slug="constancia")
    service = make_service("Trámite", slug="tramite")
    db.session.flush()
    service.inspections = [Inspection(position=1, subject=es("Local"), purpose=es("Revisar."))]
    service.requirements = [Requirement(position=1, name=es("Constancia"), produced_by=producer)]
    db.session.commit()
    db.session.delete(producer)
    db.session.commit()
    db.session.expire_all()
    assert service.requirements[0].produced_by is None
    page = fetch(empty_app.test_client(), "/es/servicios/tramite")
    assert not page.soup.select("ol.requirements a")
