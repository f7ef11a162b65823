"""Importing a work program from the workspace (``/admin/programas/importar``): the files are
checked first (every problem listed, nothing changed), then a confirmation says what the import
will create, change and retire, and only the confirmation imports."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.programs.models import Mechanism, Program
from app.programs.services.csv_format import FILES
from app.staff.models import AuditLog, Role
from tests.conftest import Page, fetch
from tests.test_html_validation import vnu_errors

UPLOAD = "/admin/programas/importar"


def _files(files: dict[str, bytes]) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(data), name) for name, data in files.items()]


def _upload(client, files, status=303):
    response = client.post(UPLOAD, data={"archivos": files}, content_type="multipart/form-data")
    assert response.status_code == status, response.text
    return response


def _pending(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"], "program-imports")
    return list(folder.iterdir()) if folder.exists() else []


def _imports() -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).filter_by(action="programs.imported")))


def _programs() -> int:
    return db.session.scalar(select(func.count(Program.id)))


def test_a_program_is_checked_confirmed_then_imported_once(empty_app, signed_in, pat_files):
    client = signed_in(Role.COORDINATOR)
    index = fetch(client, "/admin/programas")
    assert index.soup.find("a", href=UPLOAD) is not None
    assert "Archivos del programa" in fetch(client, UPLOAD).text()

    confirm = _upload(client, _files(pat_files)).headers["Location"]
    text = fetch(client, confirm).text()
    assert "Crearán el programa nuevo pat-2024" in text
    assert "6 objetivos, 101 compromisos y 104 mecanismos de seguimiento" in text
    assert "Se crearán: mecanismos de seguimiento (104)" in text
    assert (_programs(), _imports()) == (0, [])  # nothing before the confirmation

    response = client.post(confirm, data={})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/programas/pat-2024"
    assert "Se importó el programa pat-2024" in fetch(client, "/admin/programas/pat-2024").text()
    assert db.session.scalar(select(func.count(Mechanism.id))) == 104
    (row,) = _imports()
    assert row.user.role is Role.COORDINATOR and row.detail["replaced"] is False
    assert _pending(empty_app) == []
    again = client.post(confirm, data={})  # a double click imports nothing more
    assert "ya se importaron" in fetch(client, again.headers["Location"]).text()
    assert len(_imports()) == 1

    # The same files again: an update that changes nothing.
    confirm = _upload(client, _files(pat_files)).headers["Location"]
    text = fetch(client, confirm).text()
    assert "Actualizarán el programa pat-2024, que ya existe" in text
    assert "Los archivos no cambian nada del programa." in text
    assert client.post(confirm, data={}).status_code == 303
    assert _programs() == 1 and len(_imports()) == 2


def test_broken_files_are_listed_and_change_nothing(empty_app, signed_in, pat_files):
    client = signed_in(Role.ADMIN)
    pat_files["commitments.csv"] = pat_files["commitments.csv"].replace(b",1.1.2,", b",9.9.9,", 1)
    del pat_files["units.csv"]
    text = Page(_upload(client, _files(pat_files), 400)).text()
    assert "No se importó nada" in text
    assert "units.csv:1: falta el archivo" in text
    assert "commitments.csv:3: action_line: no se conoce la línea de acción '9.9.9'" in text
    assert (_programs(), _imports(), _pending(empty_app)) == (0, [], [])


def test_only_the_formats_files_within_the_limit_are_kept(empty_app, signed_in, pat_files):
    client = signed_in(Role.COORDINATOR)
    response = _upload(client, [(io.BytesIO(b"a,b\n"), "notas.csv")], 400)
    assert "«notas.csv» no es un archivo del programa" in Page(response).text()
    assert (
        "Elija los archivos CSV del programa, o su libro XLSX."
        in Page(_upload(client, [], 400)).text()
    )
    empty_app.config["CATALOG_UPLOAD_MAX_MB"] = 0
    text = Page(_upload(client, _files(pat_files), 400)).text()
    assert "Los archivos pasan de 0 MB en total." in text
    assert _pending(empty_app) == [] and _programs() == 0


def test_a_program_goes_out_and_comes_back_as_one_xlsx_workbook(empty_app, signed_in, pat_files):
    """DESIGN §6: what an institution publishes imports and exports as CSV files and as one
    XLSX workbook with a sheet per table; the workbook imported again changes nothing."""
    client = signed_in(Role.COORDINATOR)
    confirm = _upload(client, _files(pat_files)).headers["Location"]
    assert client.post(confirm, data={}).status_code == 303
    page = fetch(client, "/admin/programas/pat-2024")
    link = page.soup.find("a", href="/api/v1/programs/pat-2024/program.xlsx")
    assert link is not None
    workbook = client.get(link["href"])
    assert workbook.status_code == 200 and workbook.data.startswith(b"PK")
    sheets = load_workbook(io.BytesIO(workbook.data), read_only=True).sheetnames
    assert sheets == [name.removesuffix(".csv") for name in FILES]
    again = _upload(client, [(io.BytesIO(workbook.data), "pat-2024.xlsx")])
    text = fetch(client, again.headers["Location"]).text()
    assert "Los archivos no cambian nada del programa." in text
    # Every problem of a sheet names the workbook and the sheet.
    book = load_workbook(io.BytesIO(workbook.data))
    book["commitments"]["B3"] = "9.9.9"
    commitments = book["commitments"]
    commitments.append([cell.value for cell in commitments[2]])  # a commitment with no mechanism
    alone = commitments.max_row
    commitments.cell(alone, 1, "999")
    del book["units"]
    broken = io.BytesIO()
    book.save(broken)
    text = Page(_upload(client, [(io.BytesIO(broken.getvalue()), "pat.xlsx")], 400)).text()
    assert "pat.xlsx[units]:1: falta la hoja" in text
    assert "pat.xlsx[commitments]:3: action_line: no se conoce la línea de acción '9.9.9'" in text
    assert f"pat.xlsx[commitments]:{alone}: code: el compromiso '999' no tiene mecanismo" in text
    mixed = [(io.BytesIO(workbook.data), "p.xlsx"), *_files({"units.csv": pat_files["units.csv"]})]
    assert "Suba un solo libro XLSX" in Page(_upload(client, mixed, 400)).text()


def test_a_confirmation_needs_its_csrf_token(empty_app, signed_in, pat_files):
    client = signed_in(Role.COORDINATOR)
    confirm = _upload(client, _files(pat_files)).headers["Location"]
    empty_app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(confirm, data={}).status_code == 400
        assert _upload(client, _files(pat_files), 400)
    finally:
        empty_app.config["WTF_CSRF_ENABLED"] = False
    assert _programs() == 0


def test_a_confirmation_after_the_program_changed_checks_again(empty_app, signed_in, pat_files):
    client = signed_in(Role.COORDINATOR)
    confirm = _upload(client, _files(pat_files)).headers["Location"]
    _upload(client, _files(pat_files))  # another upload of the same files, confirmed first
    other = _pending(empty_app)
    assert len(other) == 2
    second = next(f.name for f in other if f.name not in confirm)
    assert client.post(f"{UPLOAD}/{second}", data={}).status_code == 303

    response = client.post(confirm, data={})
    assert response.status_code == 409
    text = Page(response).text()
    assert "El programa cambió mientras tanto" in text
    assert "Actualizarán el programa pat-2024, que ya existe" in text
    assert client.post(confirm, data={}).status_code == 303
    assert len(_imports()) == 2 and _programs() == 1


@pytest.mark.parametrize("role", [Role.MANAGER, Role.VIEWER, Role.RESPONDER])
def test_other_roles_cannot_import(empty_app, signed_in, make_dependency_for_role, role):
    client = signed_in(role, make_dependency_for_role)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, data={}).status_code == 403
    assert fetch(client, "/admin/programas").soup.find("a", href=UPLOAD) is None


@pytest.fixture
def make_dependency_for_role(empty_app):
    from tests.factories import make_dependency

    dependency = make_dependency("Salud", slug="salud")
    db.session.commit()
    return dependency


def test_the_upload_pages_are_valid_html(empty_app, signed_in, pat_files, tmp_path):
    client = signed_in(Role.COORDINATOR)
    broken = dict(pat_files, **{"units.csv": b"acronym\n"})
    pages = {
        "form": client.get(UPLOAD).data,
        "problems": _upload(client, _files(broken), 400).data,
    }
    confirm = _upload(client, _files(pat_files)).headers["Location"]
    pages["confirm"] = client.get(confirm).data
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
