"""Importing the catalog from the workspace (``/admin/catalogo/importar``): the files are
checked first (every problem listed in the staff member's language, nothing changed), then a
confirmation says what will be created, changed and retired, and only the confirmation imports;
and the whole catalog downloaded as a ZIP of CSV files or an XLSX workbook."""

import csv
import gc
import io
import tracemalloc
import warnings
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.catalog.exchange.format import FILES
from app.catalog.models import Office, Service
from app.core.tabular import to_csv
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.conftest import Page, fetch
from tests.factories import make_dependency, make_service, make_topic

UPLOAD = "/admin/catalogo/importar"


@pytest.fixture
def catalog(empty_app):
    water = make_dependency("Agua potable", slug="agua")
    topic = make_topic("Servicios urbanos")
    make_service("Conexión de agua", dependency=water, topic=topic, slug="conexion", code="AG-1")
    make_service("Reconexión", dependency=water, topic=topic, slug="reconexion", code="AG-2")
    db.session.commit()
    return empty_app


def _tables(client) -> dict[str, list[dict]]:
    """The catalog as the workspace's ZIP download has it: rows of each CSV file."""
    response = client.get("/admin/catalogo/exportar.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == sorted(FILES)
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
        for name in FILES
    }


def _files(tables: dict[str, list[dict]], *names: str) -> list[tuple[io.BytesIO, str]]:
    names = names or tuple(tables)
    return [
        (io.BytesIO(to_csv(FILES[name].header, tables[name]).encode("utf-8")), name)
        for name in names
    ]


def _upload(client, files, status=303):
    response = client.post(UPLOAD, data={"archivos": files}, content_type="multipart/form-data")
    assert response.status_code == status, response.text
    return response


def _pending(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"], "catalog-imports")
    return list(folder.iterdir()) if folder.exists() else []


def _imports() -> int:
    query = select(func.count()).where(AuditLog.action == "catalog.imported")
    return db.session.scalar(query)


def _names() -> list[str]:
    return sorted(name["es"] for name in db.session.scalars(select(Service.name)))


def test_a_clean_upload_is_confirmed_then_imported_once(catalog, signed_in):
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    first, _second = tables["services.csv"]
    tables["services.csv"] = [
        {**first, "name_es": "Conexión a la red de agua"},
        {**first, "slug": "pipas", "code": "AG-3", "name_es": "Pipas de agua"},
    ]
    response = _upload(client, _files(tables, "services.csv"))
    confirm = response.headers["Location"]
    page = fetch(client, confirm)
    text = page.text()
    assert "Se crearán: trámites y servicios (1)" in text
    assert "Pipas de agua (pipas)" in text
    assert "Cambiarán: trámites y servicios (1)" in text
    assert "Conexión a la red de agua (conexion)" in text
    assert "services.csv" in text
    # Nothing changes before the confirmation.
    assert _names() == ["Conexión de agua", "Reconexión"]
    assert _imports() == 0

    assert "Conexión de agua" in fetch(client, "/es/servicios/conexion").text()  # now cached
    response = client.post(confirm, data={})
    assert response.status_code == 303
    assert "Conexión a la red de agua" in fetch(client, "/es/servicios/conexion").text()
    assert (
        "Se importó el catálogo: 1 registros nuevos, 1 cambiados"
        in fetch(client, response.headers["Location"]).text()
    )
    db.session.expire_all()
    assert _names() == ["Conexión a la red de agua", "Pipas de agua", "Reconexión"]
    (row,) = db.session.scalars(select(AuditLog).where(AuditLog.action == "catalog.imported"))
    assert row.user.role == Role.COORDINATOR
    assert row.detail["created"]["services"] == 1
    assert _pending(catalog) == []

    # Confirming again (a double click, the back button) imports nothing more.
    again = client.post(confirm, data={})
    assert again.status_code == 303
    assert "ya se importaron" in fetch(client, again.headers["Location"]).text()
    assert _imports() == 1
    assert client.get(confirm).status_code == 404


BROKEN = {
    "a bad value": (
        lambda t: t["services.csv"][0].update(kind="tramitex"),
        "services.csv:2: kind: 'tramitex' is not one of: tramite, servicio",
    ),
    "an unknown reference": (
        lambda t: t["services.csv"][0].update(topic="no-such-topic"),
        "services.csv:2: topic: the topic 'no-such-topic' is not known",
    ),
    "a duplicate key": (
        lambda t: t["services.csv"][1].update(code="AG-1"),
        "services.csv:3: code: 'AG-1' is repeated",
    ),
    "a bad date": (
        lambda t: t["services.csv"][0].update(updated_on="31/01/2026"),
        "services.csv:2: updated_on: '31/01/2026' is not a date such as 2026-01-31",
    ),
    "an empty required text": (
        lambda t: t["topics.csv"][0].update(name_es=""),
        "topics.csv:2: name_es: is empty",
    ),
}


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_broken_files_are_listed_in_the_staff_language_and_change_nothing(
    catalog, signed_in, broken
):
    change, problem = broken
    client = signed_in(Role.ADMIN, ui_language="en")
    tables = _tables(client)
    change(tables)
    text = Page(_upload(client, _files(tables), 400)).text()
    assert problem in text
    assert "The files have 1 problem: fix it" in text and "Nothing was imported" in text
    assert _pending(catalog) == []
    assert _imports() == 0


def test_a_file_that_is_not_what_it_says_is_refused(catalog, signed_in):
    client = signed_in(Role.COORDINATOR)
    response = _upload(client, [(io.BytesIO(b"not a workbook"), "catalogo.xlsx")], 400)
    assert "catalog.xlsx:1: no es un libro XLSX" in Page(response).text()
    response = _upload(client, [(io.BytesIO(b"slug,code\nx,y\n"), "services.csv")], 400)
    assert "services.csv:1: faltan columnas: kind" in Page(response).text()
    assert _pending(catalog) == []


def _lying_zip(entry: str, size: int, said: int) -> bytes:
    """A ZIP archive of one entry of ``size`` zeros whose headers say it holds ``said`` bytes
    (what a ZIP bomb does to pass a check of the declared sizes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry, b"\0" * size)
    data = bytearray(out.getvalue())
    real = size.to_bytes(4, "little")
    # The uncompressed size in the local header (offset 22) and the central directory (24).
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    assert data[local + 22 : local + 26] == real and data[central + 24 : central + 28] == real
    data[local + 22 : local + 26] = data[central + 24 : central + 28] = said.to_bytes(4, "little")
    return bytes(data)


def test_only_csv_and_xlsx_files_within_the_limit_are_kept(catalog, signed_in):
    client = signed_in(Role.COORDINATOR)
    page = fetch(client, UPLOAD)
    assert "hasta 10 MB en total" in page.text()
    response = _upload(client, [(io.BytesIO(b"%PDF-1.4"), "catalogo.pdf")], 400)
    assert "«catalogo.pdf» no es un archivo CSV, un libro XLSX ni un ZIP." in Page(response).text()
    response = _upload(client, [(io.BytesIO(b"a,b\n"), "notas.csv")], 400)
    assert "«notas.csv» no es un archivo del catálogo" in Page(response).text()
    two = [(io.BytesIO(b"x"), "a.xlsx"), (io.BytesIO(b"y"), "b.xlsx")]
    assert "Suba un solo libro XLSX" in Page(_upload(client, two, 400)).text()
    catalog.config["CATALOG_UPLOAD_MAX_MB"] = 1
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (11 * 1024 * 1024))
    response = _upload(client, [(io.BytesIO(bomb.getvalue()), "catalogo.xlsx")], 400)
    assert "demasiado grande una vez descomprimido" in Page(response).text()
    # A bomb that lies: its headers say 100 bytes, and 40 MB come out. It is refused as
    # damaged, unpacked a chunk at a time: never 40 MB in memory at once.
    for name, entry, said in (
        ("catalogo.zip", "services.csv", "El archivo ZIP está dañado"),
        ("catalogo.xlsx", "xl/styles.xml", "El libro XLSX está dañado"),
    ):
        liar = _lying_zip(entry, 40 * 1024 * 1024, said=100)
        tracemalloc.start()
        response = _upload(client, [(io.BytesIO(liar), name)], 400)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert said in Page(response).text(), name
        assert peak < 20 * 1024 * 1024, (name, peak)
    big = [(io.BytesIO(b"slug\n" + b"x" * 1024 * 1024), "topics.csv")]
    with warnings.catch_warnings():
        # The test client spools a large request body to a file it never closes.
        warnings.simplefilter("ignore", ResourceWarning)
        assert "Los archivos pasan de 1 MB en total." in Page(_upload(client, big, 400)).text()
        gc.collect()
    assert "Elija los archivos CSV" in Page(_upload(client, [], 400)).text()
    assert _pending(catalog) == []


def test_a_confirmation_after_the_catalog_changed_checks_again(catalog, signed_in):
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    tables["services.csv"][0]["name_es"] = "Conexión nueva"
    confirm = _upload(client, _files(tables, "services.csv")).headers["Location"]
    assert fetch(client, confirm).status == 200
    # Meanwhile someone else changes the same service in the workspace.
    service = db.session.scalar(select(Service).where(Service.slug == "conexion"))
    service.name = {"es": "Conexión nueva"}
    db.session.commit()
    response = client.post(confirm, data={})
    assert response.status_code == 409
    assert "El catálogo cambió mientras tanto" in Page(response).text()
    assert "Los archivos no cambian nada del catálogo." in Page(response).text()
    assert _imports() == 0
    response = client.post(confirm, data={})
    assert response.status_code == 303
    assert _imports() == 1


@pytest.mark.parametrize("role", [Role.MANAGER, Role.RESPONDER, Role.VIEWER])
def test_other_roles_cannot_import_or_export(catalog, signed_in, role):
    client = signed_in(role, make_dependency("Otra", slug="otra"))
    for url in (UPLOAD, "/admin/catalogo/exportar.zip", "/admin/catalogo/exportar.xlsx"):
        assert client.get(url).status_code == 403
    files = [(io.BytesIO(b"slug,name_es\nx,X\n"), "topics.csv")]
    assert client.post(UPLOAD, data={"archivos": files}).status_code == 403
    assert "Importar y exportar" not in fetch(client, "/admin/catalogo/").text()
    assert _pending(catalog) == []


@pytest.mark.parametrize("download", ["zip", "xlsx"])
def test_the_downloads_import_again_to_no_change(catalog, signed_in, download):
    make_topic("Tema retirado").retired_on = date(2026, 1, 1)
    db.session.commit()
    client = signed_in(Role.ADMIN)
    response = client.get(f"/admin/catalogo/exportar.{download}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if download == "zip":  # its CSV files, uploaded together
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        files = [(io.BytesIO(archive.read(name)), name) for name in archive.namelist()]
    else:
        files = [(io.BytesIO(response.data), "catalogo.xlsx")]
    confirm = _upload(client, files)
    page = fetch(client, confirm.headers["Location"])
    assert "Los archivos no cambian nada del catálogo." in page.text()


def test_the_same_catalog_downloads_as_the_same_bytes(catalog, signed_in):
    """No time of export inside the ZIP or the workbook (DESIGN §6): downloads a few seconds
    apart are identical, and the workbook still imports."""
    import time

    client = signed_in(Role.COORDINATOR)
    first = {url: client.get(url).data for url in ("/admin/catalogo/exportar.zip", XLSX)}
    time.sleep(2.1)  # the resolution of a ZIP entry's time
    again = {url: client.get(url).data for url in ("/admin/catalogo/exportar.zip", XLSX)}
    assert first == again
    checked = _upload(client, [(io.BytesIO(first[XLSX]), "catalogo.xlsx")])
    assert (
        "Los archivos no cambian nada del catálogo."
        in fetch(client, checked.headers["Location"]).text()
    )


XLSX = "/admin/catalogo/exportar.xlsx"


def test_a_row_saved_after_the_dry_run_is_not_overwritten_unseen(catalog, signed_in):
    """A colleague saves the topic the files change, between the dry run and the
    confirmation: confirming is refused (409) and their change stays; confirmed again,
    knowingly, the files are imported."""
    from app.catalog import editing
    from app.catalog.models import Topic
    from tests.factories import make_user

    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    tables["topics.csv"][0]["name_es"] = "Tema del archivo"
    confirm = _upload(client, _files(tables, "topics.csv")).headers["Location"]
    topic = db.session.scalar(select(Topic))
    values = {"slug": topic.slug, "name": {"es": "Tema de la colega"}}
    editing.save_topic(topic, values, make_user(Role.ADMIN), version=topic.version)

    response = client.post(confirm, data={})
    assert response.status_code == 409
    assert "El catálogo cambió mientras tanto" in Page(response).text()
    db.session.expire_all()
    assert topic.name["es"] == "Tema de la colega"
    assert _imports() == 0
    assert client.post(confirm, data={}).status_code == 303
    db.session.expire_all()
    assert topic.name["es"] == "Tema del archivo"


def test_a_form_opened_before_an_import_is_refused_after_it(catalog, signed_in):
    """The import gives every row it changes a new version: a topic's form opened before it
    cannot silently undo it."""
    from app.catalog.models import Topic

    client = signed_in(Role.COORDINATOR)
    topic = db.session.scalar(select(Topic))
    opened = {"version": str(topic.version), "clave": topic.slug, "nombre_es": "Lo que escribí"}
    tables = _tables(client)
    tables["topics.csv"][0]["name_es"] = "Tema del archivo"
    confirm = _upload(client, _files(tables, "topics.csv")).headers["Location"]
    assert client.post(confirm, data={}).status_code == 303

    response = client.post(f"/admin/catalogo/temas/{topic.id}", data=opened)
    assert response.status_code == 409
    db.session.expire_all()
    assert topic.name["es"] == "Tema del archivo"


def test_an_import_takes_only_what_the_workspace_forms_take(catalog, signed_in):
    """Else staff could not save an imported row in the product without rewriting it first:
    a topic's name longer than its form takes is refused at the import, and an office phone
    with its extension is taken by both."""
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    (topic,) = tables["topics.csv"]
    tables["topics.csv"] = [{**topic, "name_es": "T" * 201}]
    refused = _upload(client, _files(tables, "topics.csv"), 400)
    assert "name_es: tiene más de 200 caracteres" in Page(refused).text()

    tables["topics.csv"] = [topic]
    tables["offices.csv"] = [
        {"dependency": "agua", "name_es": "Oficina central", "address": "Centro 1",
         "hours_es": "9 a 15", "phone": "722 000 0000 ext. 12"}
    ]  # fmt: skip
    confirm = _upload(client, _files(tables, "topics.csv", "offices.csv")).headers["Location"]
    assert client.post(confirm, data={}).status_code == 303
    office = db.session.scalar(select(Office))
    assert office.phone == "722 000 0000 ext. 12"
    form = fetch(client, f"/admin/catalogo/oficinas/{office.id}")
    data = {field["name"]: field.get("value", "") for field in form.soup.select(
        "form[method=post] input[name]") if field.get("type") != "checkbox"}  # fmt: skip
    data |= {area["name"]: area.get_text().strip() for area in form.soup.select(
        "form[method=post] textarea")}  # fmt: skip
    data |= {select["name"]: (select.select_one("option[selected]") or {}).get("value", "")
             for select in form.soup.select("form[method=post] select")}  # fmt: skip
    saved = client.post(f"/admin/catalogo/oficinas/{office.id}", data=data)
    assert saved.status_code == 303, Page(saved).text()
