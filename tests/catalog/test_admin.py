"""The catalog workspace (``/admin/catalogo``): editing services, dependencies, offices and
topics, by role and scope, audited, with optimistic locking and retired services."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.catalog import editing
from app.catalog.models import Office, Service, Topic
from app.core.clock import local_today
from app.core.rules import RuleError
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.conftest import fetch, make_app
from tests.factories import PASSWORD, make_dependency, make_service, make_topic, make_user


def _form(service: Service, **changes) -> dict:
    """What the edit form sends for ``service`` unchanged, with ``changes``."""
    data = {
        "version": str(service.version),
        "codigo": service.code,
        "clave": service.slug,
        "nombre_es": service.name["es"],
        "descripcion_es": service.description["es"],
        "solicitantes_es": service.applicants["es"],
        "fundamento_es": service.legal_basis["es"],
        "tipo": service.kind.value,
        "modalidad": service.modality.value,
        "plazo": str(int(service.response_days)),
        "silencio": service.silence.value,
        "dependencia": service.dependency.slug,
        "tema": service.topic.slug,
        "idiomas": service.languages,
    }
    return data | changes


def _setup():
    water = make_dependency("Agua", slug="agua")
    treasury = make_dependency("Tesorería", slug="tesoreria")
    topic = make_topic()
    service = make_service("Pago de predial", dependency=treasury, topic=topic, slug="predial")
    db.session.commit()
    return water, treasury, service


def test_admin_edits_a_service_with_requirements_audited_and_public(empty_app, signed_in):
    _water, _treasury, service = _setup()
    client = signed_in(Role.ADMIN)
    page = fetch(client, f"/admin/catalogo/servicios/{service.id}")
    assert "Pago de predial" in page.text()
    client.get("/es/servicios/predial")  # cached before the change
    data = _form(
        service,
        nombre_es="Pago del impuesto predial",
        nombre_en="Property tax payment",
        **{
            "requisitos-0-nombre_es": "Identificación oficial",
            "requisitos-0-original": "y",
            "requisitos-0-copias": "1",
            "requisitos-1-nombre_es": "Comprobante de domicilio",
            "formatos-0-nombre_es": "Solicitud",
            "formatos-0-url": "https://ejemplo.gob.mx/solicitud.pdf",
        },
    )
    response = client.post(f"/admin/catalogo/servicios/{service.id}", data=data)
    assert response.status_code == 303
    page = fetch(client, response.headers["Location"])
    assert "Se guardó «Pago del impuesto predial»" in page.text()
    db.session.expire_all()
    assert [r.name["es"] for r in service.requirements] == [
        "Identificación oficial",
        "Comprobante de domicilio",
    ]
    assert service.requirements[0].original and service.requirements[0].copies == 1
    assert service.request_formats[0].url == "https://ejemplo.gob.mx/solicitud.pdf"
    assert service.version == 2
    (row,) = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "catalog.service_updated")
    ).all()
    assert row.detail["changes"]["name"] == [
        {"es": "Pago de predial"},
        {"es": "Pago del impuesto predial", "en": "Property tax payment"},
    ]
    citizen = empty_app.test_client()
    assert "Pago del impuesto predial" in fetch(citizen, "/es/servicios/predial").text()
    english = fetch(citizen, "/en/servicios/predial").text()
    assert "Property tax payment" in english and "Identificación oficial" in english


def test_keywords_are_split_as_the_catalog_files_split_them(empty_app, signed_in):
    """The files list keywords separated by "|": one typed with it is two, not one that an
    export and import would split (and count as a change)."""
    _water, _treasury, service = _setup()
    client = signed_in(Role.ADMIN)
    data = _form(service, palabras="IVA|ISR, pago ,")
    assert client.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303
    db.session.expire_all()
    assert service.keywords == ["IVA", "ISR", "pago"]


def test_adding_a_row_saves_nothing(empty_app, signed_in):
    _w, _t, service = _setup()
    client = signed_in(Role.COORDINATOR)
    page = fetch(
        client,
        f"/admin/catalogo/servicios/{service.id}",
        method="post",
        data=_form(service, nombre_es="Otro", agregar_requisito="1"),
    )
    assert 'name="requisitos-1-nombre_es"' in page.html
    db.session.expire_all()
    assert service.name["es"] == "Pago de predial" and service.version == 1


def test_each_validation(empty_app, signed_in):
    _w, _t, service = _setup()
    other = make_service("Otro", slug="otro")
    db.session.commit()
    client = signed_in(Role.ADMIN)
    url = f"/admin/catalogo/servicios/{service.id}"
    for changes, message in [
        ({"nombre_es": ""}, "Escriba Nombre en español."),
        ({"clave": "Con Espacios"}, "Use solo minúsculas"),
        ({"clave": "otro"}, "Ya existe otro registro con esta clave."),
        ({"codigo": other.code}, "Ya existe otro registro con esta clave."),
        ({"plazo": "x"}, "Escriba un número entero"),
        ({"plazo": "999"}, "Escriba un número de 0 a 365."),
        ({"costo": "mucho"}, "Escriba un número."),
        ({"tipo": "otro"}, "Elija una opción de la lista."),
        ({"idiomas": []}, "Elija al menos un idioma."),
        ({"url_en_linea": "no es url"}, "Escriba una dirección completa"),
        ({"requisitos-0-notas_es": "sin nombre"}, "Escriba el requisito en español."),
        ({"nombre_es": "x" * 301}, "Escriba como máximo 300 caracteres."),
    ]:
        page = fetch(client, url, 400, method="post", data=_form(service, **changes))
        assert message in page.text(), changes
        assert 'class="error-summary"' in page.html
    db.session.expire_all()
    assert service.version == 1


def test_create_a_service(empty_app, signed_in):
    _w, treasury, service = _setup()
    client = signed_in(Role.MANAGER, treasury)
    data = _form(service, codigo="TES-099", clave="nuevo", nombre_es="Nuevo trámite")
    data.pop("version")
    response = client.post("/admin/catalogo/servicios/nuevo", data=data)
    assert response.status_code == 303
    created = db.session.scalar(select(Service).where(Service.slug == "nuevo"))
    assert created.dependency == treasury
    assert db.session.scalar(
        select(AuditLog).where(AuditLog.action == "catalog.service_created")
    ).target_id == str(created.id)
    assert "Nuevo trámite" in fetch(empty_app.test_client(), "/es/servicios?q=nuevo").text()


def test_a_manager_keeps_offices_of_other_dependencies(empty_app, signed_in):
    water, treasury, service = _setup()
    elsewhere = Office(
        dependency=water, name={"es": "Ventanilla única"}, address="Centro", hours={"es": "9 a 15"}
    )
    db.session.add(elsewhere)
    service.offices = [elsewhere]
    db.session.commit()
    client = signed_in(Role.MANAGER, treasury)
    page = fetch(client, f"/admin/catalogo/servicios/{service.id}")
    assert "Ventanilla única" in page.text()
    data = _form(service, nombre_es="Cambio", oficinas=[str(elsewhere.id)])
    assert client.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303
    db.session.expire_all()
    assert service.offices == [elsewhere]


def test_manager_scope(empty_app, signed_in):
    water, treasury, service = _setup()
    theirs = make_service("Conexión de agua", dependency=water)
    db.session.commit()
    client = signed_in(Role.MANAGER, treasury)
    fetch(client, f"/admin/catalogo/servicios/{theirs.id}", 404)
    fetch(client, f"/admin/catalogo/servicios/{theirs.id}", 404, method="post", data={})
    listed = fetch(client, "/admin/catalogo/").text()
    assert "Pago de predial" in listed and "Conexión de agua" not in listed
    page = fetch(
        client,
        f"/admin/catalogo/servicios/{service.id}",
        400,
        method="post",
        data=_form(service, dependencia="agua"),
    )
    assert "Elija una opción de la lista." in page.text()  # agua is not offered
    db.session.expire_all()
    assert service.dependency == treasury


def test_readers_read_only(empty_app, signed_in):
    _w, treasury, service = _setup()
    for role in (Role.VIEWER, Role.RESPONDER):
        client = signed_in(role, treasury)
        page = fetch(client, f"/admin/catalogo/servicios/{service.id}")
        assert "Guardar" not in page.text() and "Retirar" not in page.text()
        assert 'method="post" novalidate' not in page.html  # no edit form, only what it holds
        assert "Pago de predial" in page.soup.find("dl").get_text()
        fetch(
            client,
            f"/admin/catalogo/servicios/{service.id}",
            403,
            method="post",
            data=_form(service),
        )
        fetch(client, "/admin/catalogo/servicios/nuevo", 403)
        fetch(client, f"/admin/catalogo/servicios/{service.id}/retirar", 403, method="post")
        fetch(client, "/admin/catalogo/temas/nuevo", 403)
    db.session.expire_all()
    assert service.version == 1


def test_optimistic_locking(empty_app, signed_in):
    _w, _t, service = _setup()
    first = signed_in(make_user(Role.ADMIN, name="Ana"))
    second = signed_in(Role.COORDINATOR)
    opened = _form(service)
    saved = first.post(f"/admin/catalogo/servicios/{service.id}", data=opened | {"nombre_es": "A"})
    assert saved.status_code == 303
    page = fetch(
        second,
        f"/admin/catalogo/servicios/{service.id}",
        409,
        method="post",
        data=opened | {"nombre_es": "Lo que escribí"},
    )
    assert "Modificado por Ana a las" in page.text()
    assert 'value="Lo que escribí"' in page.html
    db.session.expire_all()
    assert service.name["es"] == "A" and service.version == 2
    # Saving again, knowing it, replaces the other change.
    again = {field["name"]: field.get("value", "") for field in page.soup.select("input[name]")}
    assert again["version"] == "2"
    saved = second.post(
        f"/admin/catalogo/servicios/{service.id}",
        data=_form(service, nombre_es="Lo que escribí", version="2"),
    )
    assert saved.status_code == 303
    db.session.expire_all()
    assert service.name["es"] == "Lo que escribí"


def test_retired_service(empty_app, signed_in):
    _w, treasury, service = _setup()
    newer = make_service("Predial en línea", dependency=treasury, slug="predial-en-linea")
    db.session.commit()
    client = signed_in(Role.ADMIN)
    bad = fetch(
        client,
        f"/admin/catalogo/servicios/{service.id}/retirar",
        400,
        method="post",
        data={"fecha": "", "reemplazo": "NO-EXISTE"},
    )
    assert "Escriba la fecha" in bad.text()
    # A day to come would be a promise the portal does not keep: retired is retired at once.
    later = (local_today() + timedelta(days=200)).isoformat()
    future = fetch(client, f"/admin/catalogo/servicios/{service.id}/retirar", 400, method="post",
                   data={"fecha": later})  # fmt: skip
    assert "La fecha no puede ser posterior a hoy." in future.text()
    fetch(empty_app.test_client(), "/es/servicios/predial")  # still offered
    response = client.post(
        f"/admin/catalogo/servicios/{service.id}/retirar",
        data={"fecha": "2026-12-01", "reemplazo": newer.code},
    )
    assert response.status_code == 303
    citizen = empty_app.test_client()
    page = fetch(citizen, "/es/servicios/predial", 410)
    assert "Este trámite ya no se ofrece" in page.text() and "1 de diciembre de 2026" in page.text()
    assert 'href="/es/servicios/predial-en-linea"' in page.html
    listing = fetch(citizen, "/es/servicios").text()
    assert "Predial en línea" in listing and "Pago de predial" not in listing
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "catalog.service_retired"))
    client.post(f"/admin/catalogo/servicios/{service.id}/restablecer")
    fetch(citizen, "/es/servicios/predial")


def test_dependencies_offices_topics(empty_app, signed_in):
    water, treasury, _service = _setup()
    client = signed_in(Role.ADMIN)
    response = client.post(
        "/admin/catalogo/dependencias/nueva",
        data={"clave": "catastro", "nombre_es": "Catastro", "superior": "tesoreria"},
    )
    assert response.status_code == 303
    assert "Catastro" in fetch(client, "/admin/catalogo/dependencias").text()
    cycle = fetch(
        client,
        f"/admin/catalogo/dependencias/{treasury.id}",
        400,
        method="post",
        data={"clave": "tesoreria", "nombre_es": "Tesorería", "superior": "catastro"},
    )
    assert "no puede depender de sí misma" in cycle.text()
    office = {
        "dependencia": "agua", "nombre_es": "Oficina centro", "direccion": "Av. Juárez 1",
        "horario_es": "Lunes a viernes, 9 a 15 h", "latitud": "19.28", "longitud": "-99.6",
        "accesibilidad_es": "Rampa y elevador",
    }  # fmt: skip
    bad = fetch(
        client,
        "/admin/catalogo/oficinas/nueva",
        400,
        method="post",
        data=office | {"latitud": "100"},
    )
    assert "Escriba una latitud de -90 a 90." in bad.text()
    half = fetch(client, "/admin/catalogo/oficinas/nueva", 400, method="post",
                 data=office | {"longitud": ""})  # fmt: skip
    assert "Escriba también la longitud, o borre la latitud." in half.text()
    precise = office | {"latitud": "19.254512", "longitud": "-99.604087"}
    assert client.post("/admin/catalogo/oficinas/nueva", data=precise).status_code == 303
    saved = db.session.scalar(select(Office))
    assert saved.dependency == water
    # Shown and saved again as stored: a save of anything else never moves the place.
    edit = fetch(client, f"/admin/catalogo/oficinas/{saved.id}")
    assert edit.soup.select_one("#latitud")["value"] == "19.254512"
    fields = {tag["name"]: tag.get("value", "") for tag in edit.soup.select("form input")}
    moved = precise | {k: v for k, v in fields.items() if k in ("latitud", "longitud")}
    resaved = client.post(
        f"/admin/catalogo/oficinas/{saved.id}", data=moved | {"telefono": "722 111 0000"}
    )
    assert resaved.status_code == 303
    db.session.refresh(saved)
    assert (str(saved.latitude), str(saved.longitude)) == ("19.254512", "-99.604087")
    assert (
        client.post(
            "/admin/catalogo/temas/nuevo", data={"clave": "agua", "nombre_es": "Agua"}
        ).status_code
        == 303
    )
    assert db.session.scalar(select(Topic).where(Topic.slug == "agua"))
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {
        "catalog.dependency_created",
        "catalog.office_created",
        "catalog.topic_created",
    } <= actions
    manager = signed_in(Role.MANAGER, treasury)
    fetch(manager, f"/admin/catalogo/dependencias/{water.id}", 404)
    fetch(manager, "/admin/catalogo/temas/nuevo", 403)


def test_workspace_pages_are_valid_html(empty_app, signed_in, tmp_path):
    from tests.conftest import Page
    from tests.test_html_validation import vnu_errors

    _w, _t, service = _setup()
    client = signed_in(Role.ADMIN)
    url = f"/admin/catalogo/servicios/{service.id}"
    pages = {}
    for path in (
        "/admin/catalogo/",
        "/admin/catalogo/?q=predial&estado=vigente",
        url,
        "/admin/catalogo/servicios/nuevo",
        "/admin/catalogo/dependencias",
        "/admin/catalogo/dependencias/nueva",
        "/admin/catalogo/oficinas",
        "/admin/catalogo/oficinas/nueva",
        "/admin/catalogo/temas",
        "/admin/catalogo/temas/nuevo",
    ):
        pages[path] = client.get(path)
    pages["service errors"] = client.post(url, data=_form(service, nombre_es="", plazo="x"))
    pages["office errors"] = client.post("/admin/catalogo/oficinas/nueva", data={"latitud": "x"})
    pages["retire errors"] = client.post(f"{url}/retirar", data={"fecha": ""})
    client.post(f"{url}/retirar", data={"fecha": "2026-12-01"})
    pages["retired (staff)"] = client.get(url)
    pages["retired (public)"] = empty_app.test_client().get("/es/servicios/predial")
    viewer = signed_in(Role.VIEWER, service.dependency)
    pages["service (viewer)"] = viewer.get(url)
    pages["topics (viewer)"] = viewer.get("/admin/catalogo/temas")
    pages["topic (viewer)"] = viewer.get(f"/admin/catalogo/temas/{service.topic_id}")
    for response in pages.values():
        Page(response).check_structure()
    errors = vnu_errors({name: r.data for name, r in pages.items()}, tmp_path)
    assert not errors, "\n".join(errors)


def test_the_service_refuses_a_dependency_out_of_scope(empty_app):
    water, treasury, service = _setup()
    manager = make_user(Role.MANAGER, treasury)
    values = {"slug": service.slug, "code": service.code, "dependency": water}
    with pytest.raises(RuleError) as refused:
        editing.save_service(service, values, [], [], by=manager)
    assert refused.value.problems == {"dependencia": editing.OUT_OF_SCOPE}
    db.session.rollback()
    assert service.dependency == treasury


def test_a_saved_change_clears_the_page_cache(tmp_path):
    application = make_app(f"sqlite:///{tmp_path / 'cache.sqlite3'}", PAGE_CACHE_SECONDS=60)
    with application.app_context():
        db.create_all()
        _w, _t, service = _setup()
        admin = make_user(Role.ADMIN)
        citizen = application.test_client()
        for lang in ("es", "en"):
            assert "Pago de predial" in citizen.get(f"/{lang}/servicios/predial").text
        client = application.test_client()
        client.post("/auth/entrar", data={"email": admin.email, "password": PASSWORD})
        response = client.post(
            f"/admin/catalogo/servicios/{service.id}",
            data=_form(service, nombre_es="Predial 2027", nombre_en="Property tax 2027"),
        )
        assert response.status_code == 303
        assert "Predial 2027" in citizen.get("/es/servicios/predial").text
        assert "Property tax 2027" in citizen.get("/en/servicios/predial").text
        db.session.remove()
        db.engine.dispose()


def test_the_list_searches_and_filters(empty_app, signed_in):
    water, _treasury, service = _setup()
    make_service("Conexión de agua potable", dependency=water, code="AGU-001")
    db.session.commit()
    client = signed_in(Role.ADMIN)

    def names(query):
        page = fetch(client, f"/admin/catalogo/{query}")
        return [link.get_text() for link in page.soup.select("main td a")]

    assert names("") == ["Pago de predial", "Conexión de agua potable"]
    assert names("?q=agu-001") == ["Conexión de agua potable"]
    assert names("?q=predial") == ["Pago de predial"]
    assert names("?dependencia=agua") == ["Conexión de agua potable"]
    assert names("?estado=retirado") == []
    fetch(client, "/admin/catalogo/?dependencia=nada", 400)
