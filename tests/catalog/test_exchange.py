"""Importing and exporting the whole catalog: ``flask catalog import|export``."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.api.services.catalog import (
    DEPENDENCIES,
    FORMS,
    INSPECTIONS,
    OFFICES,
    REQUIREMENTS,
    SERVICES,
    STEPS,
)
from app.catalog.exchange import exporting as exporting_module
from app.catalog.exchange.format import FILES
from app.catalog.models import Dependency, Office, Requirement, Service, Topic
from app.core.clock import local_today
from app.core.tabular import to_csv
from app.extensions import db
from app.staff.models import AuditLog


def export(app, folder: Path, *options: str) -> dict[str, bytes]:
    result = app.test_cli_runner().invoke(args=["catalog", "export", str(folder), *options])
    assert result.exit_code == 0, result.output
    return {name: (folder / name).read_bytes() for name in FILES}


def run_import(app, source: Path, *options: str):
    return app.test_cli_runner().invoke(args=["catalog", "import", str(source), *options])


@pytest.fixture(scope="module")
def demo_files(app, tmp_path_factory) -> Path:
    """The demo catalog exported once: CSV files and the same as a workbook."""
    folder = tmp_path_factory.mktemp("demo-catalog")
    export(app, folder, "--xlsx", str(folder.parent / "demo-catalog.xlsx"))
    return folder


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def line_of(path: Path, index: int) -> int:
    """The line on which the row ``index`` (from 0) of a CSV file starts."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
    start = 1
    for number, _row in enumerate(reader, -1):
        if number == index:
            return start
        start = reader.line_num + 1
    raise IndexError(index)


def counts() -> dict:
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m))
        for m in (Dependency, Topic, Office, Service, Requirement)
    }


def copy(demo_files: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(demo_files, folder)
    return folder


def test_export_import_export_gives_the_same_bytes(empty_app, demo_files, tmp_path):
    result = run_import(empty_app, demo_files)
    assert result.exit_code == 0, result.output
    again = export(empty_app, tmp_path / "again")
    assert again == {name: (demo_files / name).read_bytes() for name in FILES}
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "catalog.imported")).one()
    assert (
        audit.detail["created"]["services"]
        == db.session.scalar(select(func.count()).select_from(Service))
        == len(rows(demo_files / "services.csv"))
    )
    assert f"created: {len(rows(demo_files / 'dependencies.csv'))} dependencies" in result.output


def test_importing_the_same_files_twice_changes_nothing(empty_app, demo_files):
    assert run_import(empty_app, demo_files).exit_code == 0
    before = counts()
    ids = db.session.scalars(select(Requirement.id).order_by(Requirement.id)).all()
    result = run_import(empty_app, demo_files)
    assert result.exit_code == 0, result.output
    assert "created: 0 dependencies, 0 topics, 0 offices, 0 services" in result.output
    assert "changed: 0 dependencies, 0 topics, 0 offices, 0 services" in result.output
    assert counts() == before
    assert db.session.scalars(select(Requirement.id).order_by(Requirement.id)).all() == ids


def test_a_workbook_gives_the_same_catalog_as_the_csv_files(empty_app, demo_files, tmp_path):
    result = run_import(empty_app, demo_files.parent / "demo-catalog.xlsx")
    assert result.exit_code == 0, result.output
    again = export(empty_app, tmp_path / "again")
    assert again == {name: (demo_files / name).read_bytes() for name in FILES}


def test_the_columns_are_those_of_the_open_data_without_identifiers():
    identifiers = {"id", "parent_id", "dependency_id", "service_id"}
    pairs = {
        "dependencies.csv": DEPENDENCIES,
        "offices.csv": OFFICES,
        "services.csv": SERVICES,
        "service_steps.csv": STEPS,
        "service_requirements.csv": REQUIREMENTS,
        "service_inspections.csv": INSPECTIONS,
        "service_forms.csv": FORMS,
    }
    for file, resource in pairs.items():
        assert set(FILES[file].header) == set(resource.columns()) - identifiers, file


def edit(folder: Path, file: str, change) -> None:
    """Apply ``change`` to the rows of a CSV file of the folder (a list of dicts)."""
    path = folder / file
    table = rows(path)
    header = list(table[0]) if table else FILES[file].header
    table = change(table)
    path.write_text(to_csv(header, table), encoding="utf-8", newline="")


def refused(result, *lines: str) -> list[str]:
    assert result.exit_code == 1
    output = result.output.splitlines()
    assert output[-1].startswith("Error: nothing imported: ")
    for line in lines:
        assert line in output
    return output


def test_every_problem_is_listed_and_nothing_changes(demo, demo_files, tmp_path):
    folder = copy(demo_files, tmp_path)

    def services(table):
        table[0]["kind"] = "tramitex"
        table[1]["dependency"] = "no-such-dependency"
        table[2]["cost_amount"] = "doce"
        table[3]["updated_on"] = "31/01/2026"
        table[4]["slug"] = table[5]["slug"]
        table[6]["topic"] = "no-such-topic"
        table[7]["response_days"] = "-3"
        table[8]["name_es"] = ""
        table[9]["languages"] = "es | klingon"
        return table

    edit(folder, "services.csv", services)
    edit(folder, "offices.csv", lambda t: [*t, {**t[0], "latitude": "123"}])
    edit(folder, "service_offices.csv", lambda t: [{**t[0], "office": "Oficina inexistente"}])
    edit(folder, "service_requirements.csv", lambda t: [*t, {**t[0]}, {**t[1], "original": "yes"}])
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    before = counts()

    def at(index: int) -> str:
        return f"services.csv:{line_of(folder / 'services.csv', index)}"

    title = db.session.scalars(select(Service.name).order_by(Service.slug)).first()
    output = refused(
        run_import(demo, folder),
        f"{at(0)}: kind: 'tramitex' no es uno de: tramite, servicio",
        f"{at(1)}: dependency: no se conoce la dependencia 'no-such-dependency'",
        f"{at(2)}: cost_amount: 'doce' no es un número de 0 a 9999999999.99",
        f"{at(3)}: updated_on: '31/01/2026' no es una fecha como 2026-01-31",
        f"{at(6)}: topic: no se conoce el tema 'no-such-topic'",
        f"{at(8)}: name_es: está vacía",
        "notes.txt:1: archivo desconocido (se esperaba: " + ", ".join(FILES) + ")",
    )
    text = "\n".join(output)
    assert "slug: '" in text and "está repetido" in text
    assert "response_days: '-3' no es un número entero" in text
    assert "languages: 'klingon' no es uno de" in text
    assert "latitude: '123' no es un número de -90 a 90" in text
    assert "office: no se conoce la oficina de esa dependencia" in text
    assert "está repetida en" in text
    assert "original: 'yes' no es true ni false" in text
    assert counts() == before
    assert db.session.scalars(select(Service.name).order_by(Service.slug)).first() == title
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "catalog.imported")) is None


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("catalog.xlsx", b"not a workbook", "catalog.xlsx:1: no es un libro XLSX"),
        ("services.csv", b"slug,code\n\xff\xfe\n", "services.csv:2: no es texto UTF-8"),
        ("services.csv", b"slug,code\nx,y\n", "services.csv:1: faltan columnas: kind"),
        ("catalog.pdf", b"%PDF-1.4", "catalog.pdf:1: no es un archivo del formato catalog"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(empty_app, tmp_path, name, content, problem):
    (tmp_path / name).write_bytes(content)
    output = refused(run_import(empty_app, tmp_path / name))
    assert any(line.startswith(problem) for line in output), output


def test_a_dependency_cannot_be_its_own_ancestor(empty_app, tmp_path):
    header = FILES["dependencies.csv"].header
    rows_ = [
        {"slug": "a", "parent": "b", "name_es": "A"},
        {"slug": "b", "parent": "a", "name_es": "B"},
    ]
    (tmp_path / "dependencies.csv").write_text(to_csv(header, rows_), encoding="utf-8")
    refused(
        run_import(empty_app, tmp_path),
        "dependencies.csv:2: parent: 'a' sería superior de sí misma",
    )


def test_a_bulk_update_changes_only_what_differs_and_deletes_nothing(demo, demo_files, tmp_path):
    folder = copy(demo_files, tmp_path)
    table = rows(folder / "services.csv")
    first, dropped = table[0], table[1]
    edit(folder, "services.csv", lambda t: [{**t[0], "name_en": "Renamed"}, *t[2:]])
    new = {**first, "slug": "nuevo-tramite", "code": "NEW-001", "name_es": "Trámite nuevo"}
    edit(folder, "services.csv", lambda t: [*t, new])
    edit(
        folder,
        "service_requirements.csv",
        lambda t: [r for r in t if r["service"] != first["slug"]],
    )
    before = counts()
    dry = run_import(demo, folder, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Dry run" in dry.output
    assert "created: 0 dependencies, 0 topics, 0 offices, 1 services" in dry.output
    assert counts() == before
    result = run_import(demo, folder)
    assert result.exit_code == 0, result.output
    assert "created: 0 dependencies, 0 topics, 0 offices, 1 services" in result.output
    assert "changed: 0 dependencies, 0 topics, 0 offices, 1 services" in result.output
    assert "not in the files (kept): 0 dependencies, 0 topics, 0 offices, 1 services" in (
        result.output
    )
    service = db.session.scalar(select(Service).where(Service.slug == first["slug"]))
    assert service.name["en"] == "Renamed" and service.requirements == []
    assert db.session.scalar(select(Service).where(Service.slug == dropped["slug"])) is not None
    assert db.session.scalar(select(Service).where(Service.slug == "nuevo-tramite")) is not None
    page = demo.test_client().get(f"/en/servicios/{service.slug}")
    assert page.status_code == 200 and "Renamed" in page.get_data(as_text=True)


def test_an_edited_copy_imported_twice_changes_its_service_once(empty_app, demo_files, tmp_path):
    """Staff edit last month's spreadsheet (its dates as exported): the first import dates the
    change today; the second finds nothing to change and leaves the public date alone."""
    assert run_import(empty_app, demo_files).exit_code == 0
    folder = copy(demo_files, tmp_path)
    edited = rows(folder / "services.csv")[0]
    edit(folder, "services.csv", lambda t: [{**t[0], "name_es": "Nombre corregido"}, *t[1:]])
    first = run_import(empty_app, folder)
    assert "changed: 0 dependencies, 0 topics, 0 offices, 1 services" in first.output
    service = db.session.scalar(select(Service).where(Service.slug == edited["slug"]))
    assert service.updated_on == local_today() != date.fromisoformat(edited["updated_on"])
    again = run_import(empty_app, folder)
    assert again.exit_code == 0, again.output
    assert "changed: 0 dependencies, 0 topics, 0 offices, 0 services" in again.output
    db.session.expire_all()
    assert service.updated_on == local_today() and service.name["es"] == "Nombre corregido"


def test_texts_come_in_as_forms_take_them_and_round_trip_through_a_workbook(
    empty_app, demo_files, tmp_path
):
    """A cell written in a Windows editor (CRLF) or pasted from Word (a manual line break is a
    control character) is stored as a form stores it: the workbook exported then gives the
    same text back, imported unchanged it changes nothing, and the download works."""
    assert run_import(empty_app, demo_files).exit_code == 0
    folder = copy(demo_files, tmp_path)
    slug = rows(folder / "services.csv")[0]["slug"]
    edit(folder, "services.csv", lambda t: [
        {**t[0], "description_es": "Primer párrafo.\r\nSegundo\x0bpárrafo.\rTercero.",
         "keywords": "IVA|pago"}, *t[1:]
    ])  # fmt: skip
    assert run_import(empty_app, folder).exit_code == 0
    service = db.session.scalar(select(Service).where(Service.slug == slug))
    assert service.description["es"] == "Primer párrafo.\nSegundopárrafo.\nTercero."
    workbook = tmp_path / "again.xlsx"
    export(empty_app, tmp_path / "again", "--xlsx", str(workbook))
    again = run_import(empty_app, workbook)
    assert again.exit_code == 0, again.output
    assert "changed: 0 dependencies, 0 topics, 0 offices, 0 services" in again.output
    # A control character stored before imports cleaned them cannot stop a download.
    service.description = {**service.description, "es": "Antes\x0bdespués"}
    db.session.commit()
    export(empty_app, tmp_path / "old", "--xlsx", str(tmp_path / "old.xlsx"))
    assert run_import(empty_app, tmp_path / "old.xlsx").exit_code == 0
    assert service.description["es"] == "Antesdespués"


def test_a_retired_services_replacement_goes_through_the_files(empty_app, demo_files, tmp_path):
    """The page of a retired service sends people to its replacement: the files keep it, and
    refuse a replacement that is the service itself, of a service still offered, or retired."""
    folder = copy(demo_files, tmp_path)
    old, new, other = (row["slug"] for row in rows(folder / "services.csv")[:3])
    retire = {"retired_on": "2026-12-01", "replaced_by": new}
    edit(folder, "services.csv", lambda t: [{**r, **retire} if r["slug"] == old else r for r in t])
    result = run_import(empty_app, folder)
    assert result.exit_code == 0, result.output
    service = db.session.scalar(select(Service).where(Service.slug == old))
    assert service.replaced_by.slug == new
    page = empty_app.test_client().get(f"/es/servicios/{old}")
    assert page.status_code == 410 and f"/es/servicios/{new}" in page.get_data(as_text=True)
    again = export(empty_app, tmp_path / "again")
    assert again["services.csv"] == (folder / "services.csv").read_bytes()

    def refusal(changes: dict, slug: str = old) -> list[str]:
        broken = copy(folder, tmp_path / f"broken-{len(list(tmp_path.iterdir()))}")
        table = [
            {**r, **changes} if r["slug"] == slug else r for r in rows(broken / "services.csv")
        ]
        edit(broken, "services.csv", lambda _t: table)
        return refused(run_import(empty_app, broken))

    assert any("reemplazarse a sí mismo" in line for line in refusal({"replaced_by": old}))
    assert any(
        "solo un trámite retirado tiene reemplazo" in line
        for line in refusal({"replaced_by": new}, other)
    )
    assert any(
        "no se conoce el trámite 'nada'" in line for line in refusal({"replaced_by": "nada"})
    )
    assert any(
        "ya no se ofrece" in line
        for line in refusal({"retired_on": "2026-12-01", "replaced_by": old}, new)
    )


# The columns of the languages that became content languages after files were first exported.
NEW_COLUMNS = ("_ots", "_maz")


def as_older_files(folder: Path, dropped: tuple[str, ...] = NEW_COLUMNS) -> None:
    """Drop the Otomí and Mazahua columns (those ending in ``dropped``) of the CSV files of
    ``folder``, as files written before those were content languages."""
    for path in folder.glob("*.csv"):
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        keep = [i for i, column in enumerate(table[0]) if not column.endswith(dropped)]
        older = io.StringIO()
        csv.writer(older, lineterminator="\n").writerows([row[i] for i in keep] for row in table)
        path.write_text(older.getvalue(), encoding="utf-8")


def test_files_without_the_otomi_and_mazahua_columns_still_import(empty_app, demo_files, tmp_path):
    """A spreadsheet written before Otomí and Mazahua were content languages imports as it is."""
    folder = copy(demo_files, tmp_path)
    as_older_files(folder)
    assert "name_ots" not in (folder / "services.csv").read_text(encoding="utf-8")
    result = run_import(empty_app, folder)
    assert result.exit_code == 0, result.output
    # The same catalog as the files of today give (the demo has no Otomí nor Mazahua text).
    again = export(empty_app, tmp_path / "again")
    assert again == {name: (demo_files / name).read_bytes() for name in FILES}


def test_otomi_and_mazahua_columns_are_imported_and_exported(empty_app, demo_files, tmp_path):
    folder = copy(demo_files, tmp_path)
    header = rows(folder / "services.csv")[0]
    assert [c for c in header if c.startswith("name_")] == [
        "name_es",
        "name_en",
        "name_nah",
        "name_ots",
        "name_maz",
    ]
    edit(
        folder,
        "services.csv",
        lambda t: [{**t[0], "name_maz": "Ne jñaa", "description_ots": "Ar thogi"}, *t[1:]],
    )
    result = run_import(empty_app, folder)
    assert result.exit_code == 0, result.output
    service = db.session.scalar(select(Service).where(Service.slug == header["slug"]))
    assert service.name["maz"] == "Ne jñaa" and service.description["ots"] == "Ar thogi"
    again = export(empty_app, tmp_path / "again")
    assert again == {name: (folder / name).read_bytes() for name in FILES}


def translated_service(app, tmp_path: Path) -> tuple[Path, Service]:
    """A demo service translated into Mazahua and Náhuatl in the workspace (its name and its
    first requirement), and the catalog exported then."""
    service = db.session.scalar(select(Service).where(Service.requirements.any()).limit(1))
    service.name = {**service.name, "maz": "Ne jñaa", "nah": "Tequitl"}
    service.requirements[0].name = {**service.requirements[0].name, "maz": "Ar hñä"}
    db.session.commit()
    export(app, tmp_path / "files")
    return tmp_path / "files", service


NO_CHANGE = "changed: 0 dependencies, 0 topics, 0 offices, 0 services"


@pytest.mark.parametrize(
    "dropped", [("_maz",), ("_en", "_nah", "_ots", "_maz")], ids=["maz", "all-but-es"]
)
def test_a_language_column_left_out_keeps_the_stored_translations(demo, tmp_path, dropped):
    folder, service = translated_service(demo, tmp_path)
    exported = {name: (folder / name).read_bytes() for name in FILES}
    as_older_files(folder, dropped)
    assert "name_maz" not in (folder / "services.csv").read_text(encoding="utf-8")
    dry = run_import(demo, folder, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert NO_CHANGE in dry.output
    result = run_import(demo, folder)
    assert result.exit_code == 0, result.output
    assert NO_CHANGE in result.output
    db.session.expire_all()
    assert service.name["maz"] == "Ne jñaa" and service.name["nah"] == "Tequitl"
    assert service.requirements[0].name["maz"] == "Ar hñä"
    assert export(demo, tmp_path / "again") == exported


def test_an_optional_text_left_out_keeps_what_is_stored_and_a_new_row_has_none(
    empty_app, demo_files, tmp_path
):
    """The format calls some texts optional (the summary in plain words, a requirement's notes):
    files written without those columns import, as the format says."""
    assert run_import(empty_app, demo_files).exit_code == 0
    folder = copy(demo_files, tmp_path)
    optional = ("easy_reading_", "cases_", "notes_", "issuer_", "accessibility_")

    def without_optional(table):
        return [{k: v for k, v in row.items() if not k.startswith(optional)} for row in table]

    for name in ("services.csv", "service_requirements.csv", "offices.csv"):
        path = folder / name
        table = without_optional(rows(path))
        path.write_text(to_csv(list(table[0]), table), encoding="utf-8", newline="")
    stored = next(
        s for s in db.session.scalars(select(Service)) if (s.easy_reading or {}).get("es")
    )
    summary = dict(stored.easy_reading)
    new = {**rows(folder / "services.csv")[0], "slug": "tramite-nuevo", "code": "NEW-001"}
    edit(folder, "services.csv", lambda t: [*t, new])
    result = run_import(empty_app, folder)
    assert result.exit_code == 0, result.output
    assert "changed: 0 dependencies, 0 topics, 0 offices, 0 services" in result.output
    db.session.expire_all()
    assert stored.easy_reading == summary
    added = db.session.scalar(select(Service).where(Service.slug == "tramite-nuevo"))
    assert not any((added.easy_reading or {}).values())


def test_a_language_column_with_an_empty_cell_clears_the_translation(demo, tmp_path):
    folder, service = translated_service(demo, tmp_path)
    edit(
        folder,
        "services.csv",
        lambda t: [{**r, "name_maz": ""} if r["slug"] == service.slug else r for r in t],
    )
    dry = run_import(demo, folder, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "changed: 0 dependencies, 0 topics, 0 offices, 1 services" in dry.output
    assert run_import(demo, folder).exit_code == 0
    db.session.expire_all()
    assert "maz" not in service.name and service.name["nah"] == "Tequitl"
    assert service.requirements[0].name["maz"] == "Ar hñä"


def test_an_unknown_source_is_one_line(empty_app, tmp_path):
    result = run_import(empty_app, tmp_path / "missing")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: no such file or folder: {tmp_path / 'missing'}"
    ]


def test_the_demo_catalog_is_the_shipped_files(demo_files):
    """``seed-demo`` loads ``app/demo/catalog/`` through the importer: exporting the demo gives
    those files back, byte for byte."""
    shipped = Path(exporting_module.__file__).parents[2] / "demo" / "catalog"
    assert sorted(p.name for p in shipped.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (shipped / name).read_bytes() == (demo_files / name).read_bytes(), name


def test_seeding_the_demo_writes_no_import_audit(app):
    with app.app_context():
        audited = select(AuditLog).where(AuditLog.action == "catalog.imported")
        assert db.session.scalar(audited) is None


def test_a_broken_row_and_a_broken_sheet_are_named(empty_app, demo_files, tmp_path):
    from openpyxl import load_workbook

    folder = copy(demo_files, tmp_path)
    path = folder / "topics.csv"
    extra = "extra" + ",x" * len(FILES["topics.csv"].header)  # one value more than columns
    path.write_text(path.read_text(encoding="utf-8") + extra + "\n", encoding="utf-8")
    refused(
        run_import(empty_app, folder),
        f"topics.csv:{len(rows(path)) + 1}: tiene más valores que columnas",
    )

    book = load_workbook(demo_files.parent / "demo-catalog.xlsx")
    book["services"]["C2"] = "tramitex"  # kind
    book.create_sheet("notas")
    book.save(tmp_path / "catalog.xlsx")
    output = refused(run_import(empty_app, tmp_path / "catalog.xlsx"))
    assert "catalog.xlsx[services]:2: kind: 'tramitex' no es uno de: tramite, servicio" in output
    assert any(line.startswith("catalog.xlsx[notas]:1: hoja desconocida") for line in output)
    assert db.session.scalar(select(func.count()).select_from(Service)) == 0


def test_a_code_of_another_stored_service_is_refused(demo, demo_files, tmp_path):
    folder = copy(demo_files, tmp_path)
    table = rows(folder / "services.csv")
    first, second = table[0], table[1]
    edit(folder, "services.csv", lambda t: [{**t[0], "code": second["code"]}])
    (folder / "service_requirements.csv").unlink()
    refused(
        run_import(demo, folder),
        f"services.csv:2: code: {second['code']!r} es la homoclave del trámite {second['slug']!r}",
    )
    assert (
        db.session.scalar(select(Service.code).where(Service.slug == first["slug"]))
        == (first["code"])
    )


def test_the_import_shows_progress_on_stderr_unless_quiet(empty_app, demo_files):
    result = run_import(empty_app, demo_files, "--dry-run")
    assert result.exit_code == 0, result.output
    progress = result.stderr.splitlines()
    services = len(rows(demo_files / "services.csv"))
    assert f"services.csv (read): {services}/{services}" in progress
    assert f"services: {services}/{services}" in progress
    assert "created:" not in result.stderr  # the summary is on stdout
    quiet = run_import(empty_app, demo_files, "--dry-run", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert quiet.stdout == result.stdout
