"""Importing charters from the workspace (``/admin/cartas/importar``): the quality team uploads
its spreadsheets (CSV files, the workspace's ZIP or a workbook), sees every problem in its own
language with nothing changed, then what will be created and changed, and only the confirmation
imports (once, audited); every charter downloads as a ZIP of CSV files or an XLSX workbook."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.charters.exchange.format import FILES
from app.charters.models import Charter
from app.core.tabular import to_csv
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.conftest import Page, fetch

UPLOAD = "/admin/cartas/importar"
SLUG = "actas-del-registro-civil"


def _tables(client) -> dict[str, list[dict]]:
    """Every charter as the workspace's ZIP download has it: the rows of each CSV file."""
    response = client.get("/admin/cartas/exportar.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == sorted(FILES)
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
        for name in FILES
    }


def _files(tables: dict[str, list[dict]], *names: str) -> list[tuple[io.BytesIO, str]]:
    return [
        (io.BytesIO(to_csv(FILES[name].header, tables[name]).encode("utf-8")), name)
        for name in names or tuple(tables)
    ]


def _upload(client, files, status=303):
    response = client.post(UPLOAD, data={"archivos": files}, content_type="multipart/form-data")
    assert response.status_code == status, response.text
    return response


def _pending(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"], "charter-imports")
    return list(folder.iterdir()) if folder.exists() else []


def _imports() -> int:
    return db.session.scalar(select(func.count()).where(AuditLog.action == "charters.imported"))


def _title(slug: str = SLUG) -> str:
    db.session.expire_all()
    return db.session.scalar(select(Charter.title).where(Charter.slug == slug))["es"]


def _retitled(tables, title: str) -> None:
    for row in tables["charters.csv"]:
        if row["slug"] == SLUG:
            row["title_es"] = title


def test_an_upload_is_checked_then_confirmed_then_imported_once(demo, signed_in):
    client = signed_in(Role.COORDINATOR)
    index = fetch(client, "/admin/cartas/")
    assert index.soup.find("a", href=UPLOAD, string="Importar y exportar las cartas")
    tables = _tables(client)
    _retitled(tables, "Actas y registro de nacimiento")
    response = _upload(client, _files(tables, "charters.csv"))
    confirm = response.headers["Location"]
    text = fetch(client, confirm).text()
    assert "Cambiarán: cartas (1)" in text
    assert SLUG in text
    assert "charters.csv" in text
    # Nothing changes before the confirmation.
    assert _title() == "Registro de nacimiento y expedición de actas"
    assert _imports() == 0

    assert "Registro de nacimiento y expedición" in fetch(client, f"/es/cartas/{SLUG}").text()
    response = client.post(confirm, data={})
    assert response.status_code == 303
    assert "Se importaron las cartas: 0 registros nuevos y 1 cambiados" in (
        fetch(client, response.headers["Location"]).text()
    )
    assert "Actas y registro de nacimiento" in fetch(client, f"/es/cartas/{SLUG}").text()
    assert _title() == "Actas y registro de nacimiento"
    (row,) = db.session.scalars(select(AuditLog).where(AuditLog.action == "charters.imported"))
    assert row.user.role == Role.COORDINATOR
    assert row.detail["changed"]["charters"] == 1
    assert _pending(demo) == []

    # Confirming again (a double click, the back button) imports nothing more.
    again = client.post(confirm, data={})
    assert again.status_code == 303
    assert "ya se importaron" in fetch(client, again.headers["Location"]).text()
    assert _imports() == 1
    assert client.get(confirm).status_code == 404


def test_the_downloads_import_back_as_they_are(demo, signed_in):
    client = signed_in(Role.ADMIN)
    for address, name in (("exportar.zip", "cartas.zip"), ("exportar.xlsx", "cartas.xlsx")):
        download = client.get(f"/admin/cartas/{address}")
        assert download.status_code == 200
        response = _upload(client, [(io.BytesIO(download.data), name)])
        page = fetch(client, response.headers["Location"])
        assert "Los archivos no cambian nada de las cartas." in page.text()
        assert client.post(response.headers["Location"], data={}).status_code == 303
    assert _imports() == 2


def test_a_new_draft_version_is_created_and_a_published_one_never_changes(demo, signed_in):
    client = signed_in(Role.COORDINATOR, ui_language="en")
    tables = _tables(client)
    versions = tables["charter_versions.csv"]
    published = next(v for v in versions if v["charter"] == SLUG and v["status"] == "published")
    following = max(int(v["number"]) for v in versions if v["charter"] == SLUG) + 1
    versions.append({**published, "number": str(following), "status": "draft", "published_on": ""})
    response = _upload(client, _files(tables, "charter_versions.csv"))
    text = fetch(client, response.headers["Location"]).text()
    assert f"{SLUG} v{following}" in text
    assert client.post(response.headers["Location"], data={}).status_code == 303
    db.session.expire_all()
    charter = db.session.scalar(select(Charter).where(Charter.slug == SLUG))
    assert following in [v.number for v in charter.versions]

    published["purpose_es"] = "Otro propósito"
    text = Page(_upload(client, _files(tables, "charter_versions.csv"), 400)).text()
    assert "Nothing was imported" in text
    assert "charter_versions.csv:" in text
    assert "never edited" in text or "nunca se edita" in text
    assert _pending(demo) == []
    assert _imports() == 1


def test_broken_files_are_listed_and_change_nothing(demo, signed_in):
    client = signed_in(Role.ADMIN)
    tables = _tables(client)
    tables["charters.csv"][0]["dependency"] = "no-such-dependency"
    tables["charter_versions.csv"][0]["valid_from"] = "31/01/2026"
    text = Page(_upload(client, _files(tables), 400)).text()
    assert "charters.csv:2: dependency:" in text
    assert "charter_versions.csv:2: valid_from:" in text
    assert "No se importó nada" in text
    assert _pending(demo) == []
    assert _imports() == 0


def test_only_the_formats_files_within_the_limit_are_kept(demo, signed_in):
    client = signed_in(Role.COORDINATOR)
    page = fetch(client, UPLOAD)
    assert "hasta 10 MB en total" in page.text()
    response = _upload(client, [(io.BytesIO(b"a,b\n"), "services.csv")], 400)
    assert "«services.csv» no es un archivo de las cartas" in Page(response).text()
    response = _upload(client, [(io.BytesIO(b"%PDF-1.4"), "cartas.pdf")], 400)
    assert "no es un archivo CSV, un libro XLSX ni un ZIP" in Page(response).text()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("notas.txt", b"x")
    response = _upload(client, [(io.BytesIO(archive.getvalue()), "cartas.zip")], 400)
    assert "«notas.txt» no es un archivo de las cartas." in Page(response).text()
    response = _upload(client, [(io.BytesIO(b"not a workbook"), "cartas.xlsx")], 400)
    assert "charters.xlsx:1: no es un libro XLSX" in Page(response).text()
    assert "Elija los archivos CSV de las cartas" in Page(_upload(client, [], 400)).text()
    assert _pending(demo) == []


def test_a_confirmation_after_the_charters_changed_checks_again(demo, signed_in):
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    _retitled(tables, "Título del archivo")
    confirm = _upload(client, _files(tables, "charters.csv")).headers["Location"]
    charter = db.session.scalar(select(Charter).where(Charter.slug == SLUG))
    charter.title = {**charter.title, "es": "Título del archivo"}  # a colleague's edit
    db.session.commit()
    response = client.post(confirm, data={})
    assert response.status_code == 409
    text = Page(response).text()
    assert "Las cartas cambiaron mientras tanto" in text
    assert "Los archivos no cambian nada de las cartas." in text
    assert _imports() == 0
    assert client.post(confirm, data={}).status_code == 303
    assert _imports() == 1


@pytest.mark.parametrize("role", [Role.MANAGER, Role.RESPONDER, Role.VIEWER, Role.TRANSLATOR])
def test_only_administrators_and_coordinators_import_and_export(demo, signed_in, role):
    coordinator = signed_in(Role.COORDINATOR)
    tables = _tables(coordinator)
    confirm = _upload(coordinator, _files(tables, "charters.csv")).headers["Location"]
    dependency = None
    if role.needs_dependency:
        from app.catalog.models import Dependency

        dependency = db.session.scalar(select(Dependency).limit(1))
    client = signed_in(role, dependency)
    for address in (UPLOAD, "/admin/cartas/exportar.zip", "/admin/cartas/exportar.xlsx", confirm):
        assert client.get(address).status_code == 403, address
    assert client.post(confirm, data={}).status_code == 403
    assert _upload(client, _files(tables, "charters.csv"), 403)
    if role is Role.MANAGER:
        assert not fetch(client, "/admin/cartas/").soup.find("a", href=UPLOAD)
    assert _imports() == 0
    assert len(_pending(demo)) == 1  # the coordinator's, still waiting


def _version_row(tables, slug=SLUG, status="published"):
    return next(
        v for v in tables["charter_versions.csv"] if v["charter"] == slug and v["status"] == status
    )


def test_an_import_never_archives_the_version_in_force_without_a_successor(demo, signed_in):
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    _version_row(tables)["status"] = "archived"
    text = Page(_upload(client, _files(tables, "charter_versions.csv"), 400)).text()
    assert "solo se archiva cuando una versión posterior publicada ya está en vigor" in text
    assert fetch(client, f"/es/cartas/{SLUG}").status == 200
    assert _imports() == 0


def test_an_import_keeps_the_versions_in_order_and_one_in_preparation(demo, signed_in):
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    versions = tables["charter_versions.csv"]
    current = _version_row(tables)
    following = max(int(v["number"]) for v in versions if v["charter"] == SLUG) + 1
    # Published, but starting before the version it would follow.
    versions.append({**current, "number": str(following), "valid_from": "2020-01-01"})
    text = Page(_upload(client, _files(tables, "charter_versions.csv"), 400)).text()
    assert f"la versión {following} de '{SLUG}' debe empezar después de la versión" in text

    versions[-1] = {**current, "number": str(following), "status": "draft", "published_on": ""}
    versions.append({**versions[-1], "number": str(following + 1), "status": "in_review"})
    text = Page(_upload(client, _files(tables, "charter_versions.csv"), 400)).text()
    assert "versiones en preparación" in text and "solo puede haber una" in text
    assert _imports() == 0 and _pending(demo) == []


def test_an_import_refuses_the_indicator_definitions_the_workspace_refuses(demo, signed_in):
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    share = next(i for i in tables["indicators.csv"] if i["kind"] == "share_within")
    share["unit"] = "minutes"
    mean = next(i for i in tables["indicators.csv"] if i["kind"] == "mean")
    mean["denominator_es"] = ""
    text = Page(_upload(client, _files(tables, "indicators.csv"), 400)).text()
    assert "unit: Un porcentaje dentro del umbral se mide en porcentaje." in text
    assert "denominator_es: Escriba sobre qué se calcula (denominador)." in text
    assert _imports() == 0


def test_a_charter_covers_only_services_of_its_dependency(demo, signed_in):
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    charter = next(c for c in tables["charters.csv"] if c["slug"] == SLUG)
    other = next(c for c in tables["charters.csv"] if c["dependency"] != charter["dependency"])
    charter["services"] += " | " + other["services"].split(" | ")[0]
    text = Page(_upload(client, _files(tables, "charters.csv"), 400)).text()
    assert f"no es un servicio de la dependencia '{charter['dependency']}'" in text
    assert _imports() == 0


def _purpose_uploaded(client, version, purpose: str) -> str:
    """Upload the versions with ``version``'s purpose changed; the confirmation's address."""
    tables = _tables(client)
    row = next(
        v
        for v in tables["charter_versions.csv"]
        if v["charter"] == version.charter.slug and v["number"] == str(version.number)
    )
    row["purpose_es"] = purpose
    return _upload(client, _files(tables, "charter_versions.csv")).headers["Location"]


def test_a_version_opened_before_an_import_changed_it_is_not_approved_unseen(demo, signed_in):
    """The reviewer read the version before the import changed it: approving what they never
    saw is refused (409), as after a colleague's save."""
    from app.charters.models import CharterStatus, CharterVersion

    review = db.session.scalar(select(CharterVersion).filter_by(status=CharterStatus.IN_REVIEW))
    opened = {"version": str(review.lock_version), "publicar_desde": "2027-06-01"}
    client = signed_in(Role.COORDINATOR)
    confirm = _purpose_uploaded(client, review, "Propósito del archivo importado.")
    assert client.post(confirm, data={}).status_code == 303
    address = f"/admin/cartas/{review.charter_id}/versiones/{review.number}/aprobar"
    assert client.post(address, data=opened).status_code == 409
    db.session.expire_all()
    assert db.session.get(CharterVersion, review.id).status is CharterStatus.IN_REVIEW


def _draft(colleague):
    """The demo's charter version in review, given back to its drafters by ``colleague``."""
    from app.charters.drafting import return_to_draft
    from app.charters.models import CharterStatus, CharterVersion

    version = db.session.scalar(select(CharterVersion).filter_by(status=CharterStatus.IN_REVIEW))
    return_to_draft(version, "Precise el propósito.", colleague)
    db.session.refresh(version)
    return version


def test_a_draft_edited_after_the_dry_run_is_not_overwritten_unseen(demo, signed_in):
    """A colleague saves the draft the files change between the dry run and the confirmation:
    the confirmation is refused (409) and their text stays; confirmed again, knowingly, the
    files are imported."""
    from app.charters.drafting import save_version
    from app.charters.models import CharterVersion
    from tests.factories import make_user

    colleague = make_user(Role.COORDINATOR)
    version = _draft(colleague)
    client = signed_in(Role.COORDINATOR)
    confirm = _purpose_uploaded(client, version, "Propósito del archivo importado.")
    purpose = {"purpose": {"es": "Propósito que escribió una colega."}}
    save_version(version, purpose, version.charter.services, colleague)

    response = client.post(confirm, data={})
    assert response.status_code == 409
    assert "Las cartas cambiaron mientras tanto" in Page(response).text()
    db.session.expire_all()
    assert db.session.get(CharterVersion, version.id).purpose["es"] == (
        "Propósito que escribió una colega."
    )
    assert _imports() == 0
    assert client.post(confirm, data={}).status_code == 303
    db.session.expire_all()
    assert db.session.get(CharterVersion, version.id).purpose["es"] == (
        "Propósito del archivo importado."
    )
    assert _imports() == 1


def test_a_charter_saved_through_its_draft_after_the_dry_run_is_not_overwritten_unseen(
    demo, signed_in
):
    """The files change a charter itself (its title), and a colleague saves its draft (where
    its services are chosen) in between: the confirmation is refused (409), then imports
    knowingly."""
    from app.charters.drafting import save_version
    from tests.factories import make_user

    colleague = make_user(Role.COORDINATOR)
    version = _draft(colleague)
    slug = version.charter.slug
    client = signed_in(Role.COORDINATOR)
    tables = _tables(client)
    next(row for row in tables["charters.csv"] if row["slug"] == slug)["title_es"] = "Otro título"
    confirm = _upload(client, _files(tables, "charters.csv")).headers["Location"]
    purpose = {"purpose": {"es": "Propósito que escribió una colega."}}
    save_version(version, purpose, version.charter.services, colleague)

    assert client.post(confirm, data={}).status_code == 409
    assert _title(slug) != "Otro título"
    assert client.post(confirm, data={}).status_code == 303
    assert _title(slug) == "Otro título"
