"""Importing and exporting charters: ``flask charters import|export``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.api.services.charters import CHARTER_VERSIONS, CHARTERS, COMMITMENTS, INDICATORS
from app.catalog.models import Service
from app.charters.exchange.format import FILES
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    IndicatorRevision,
)
from app.core.tabular import to_csv
from app.core.types import Period
from app.demo import data
from app.demo.charter_files import DEMO_CHARTERS
from app.extensions import db
from app.staff.models import AuditLog
from tests.catalog.test_exchange import as_older_files, line_of, refused, rows

DEMO_CATALOG = DEMO_CHARTERS.parent / "catalog"


def export(app, folder: Path, *options: str) -> dict[str, bytes]:
    result = app.test_cli_runner().invoke(args=["charters", "export", str(folder), *options])
    assert result.exit_code == 0, result.output
    return {name: (folder / name).read_bytes() for name in FILES}


def run_import(app, source: Path, *options: str):
    return app.test_cli_runner().invoke(args=["charters", "import", str(source), *options])


def with_catalog(app):
    """The demo catalog in an empty database: what charters refer to."""
    result = app.test_cli_runner().invoke(args=["catalog", "import", str(DEMO_CATALOG)])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="module")
def demo_files(app, tmp_path_factory) -> Path:
    """The demo charters exported once: CSV files and the same as a workbook."""
    folder = tmp_path_factory.mktemp("demo-charters")
    export(app, folder, "--xlsx", str(folder.parent / "demo-charters.xlsx"))
    return folder


def copy(demo_files: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "charters"
    shutil.copytree(demo_files, folder)
    return folder


def edit(folder: Path, file: str, change) -> None:
    """Apply ``change`` to the rows of a CSV file of the folder (a list of dicts)."""
    path = folder / file
    path.write_text(to_csv(FILES[file].header, change(rows(path))), encoding="utf-8", newline="")


def counts() -> dict:
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m))
        for m in (Charter, CharterVersion, Commitment, Indicator, IndicatorRevision)
    }


def definitions() -> list:
    """Every stored indicator's definition, in key order."""
    return db.session.execute(
        select(Charter.slug, CharterVersion.number, Commitment.position, Indicator.position)
        .add_columns(Indicator.target, Indicator.comparator, Indicator.name)
        .join(CharterVersion.charter)
        .join(Commitment, Commitment.version_id == CharterVersion.id)
        .join(Indicator, Indicator.commitment_id == Commitment.id)
        .order_by(Charter.slug, CharterVersion.number, Commitment.position, Indicator.position)
    ).all()


def shipped() -> dict[str, bytes]:
    return {name: (DEMO_CHARTERS / name).read_bytes() for name in FILES}


def test_export_import_export_gives_the_same_bytes(empty_app, demo_files, tmp_path):
    with_catalog(empty_app)
    result = run_import(empty_app, demo_files)
    assert result.exit_code == 0, result.output
    assert export(empty_app, tmp_path / "again") == {
        name: (demo_files / name).read_bytes() for name in FILES
    }
    charters = len(rows(demo_files / "charters.csv"))
    versions = len(rows(demo_files / "charter_versions.csv"))
    assert f"created: {charters} charters, {versions} versions" in result.output
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "charters.imported")).one()
    assert audit.detail["created"] == {"charters": charters, "versions": versions}
    assert counts()["Indicator"] == len(rows(demo_files / "indicators.csv"))
    page = empty_app.test_client().get("/es/cartas/impuesto-predial")
    assert page.status_code == 200
    assert "Pago del impuesto predial" in page.get_data(as_text=True)


def test_importing_the_same_files_twice_changes_nothing(empty_app, demo_files):
    with_catalog(empty_app)
    assert run_import(empty_app, demo_files).exit_code == 0
    before = counts()
    ids = db.session.scalars(select(Indicator.id).order_by(Indicator.id)).all()
    result = run_import(empty_app, demo_files)
    assert result.exit_code == 0, result.output
    assert "created: 0 charters, 0 versions" in result.output
    assert "changed: 0 charters, 0 versions" in result.output
    assert counts() == before
    assert db.session.scalars(select(Indicator.id).order_by(Indicator.id)).all() == ids
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "charters.imported")
        )
        == 2
    )


def test_a_workbook_gives_the_same_charters_as_the_csv_files(empty_app, demo_files, tmp_path):
    with_catalog(empty_app)
    result = run_import(empty_app, demo_files.parent / "demo-charters.xlsx")
    assert result.exit_code == 0, result.output
    assert export(empty_app, tmp_path / "again") == {
        name: (demo_files / name).read_bytes() for name in FILES
    }


def test_the_columns_are_those_of_the_open_data_without_identifiers():
    ids = {"id", "charter_id", "commitment_id", "version_status"}
    assert set(FILES["charter_versions.csv"].header) == set(CHARTER_VERSIONS.columns()) - ids
    assert set(FILES["commitments.csv"].header) == set(COMMITMENTS.columns()) - ids
    current = {"revised_from"} | {c for c in INDICATORS.columns() if c.startswith("revision_")}
    assert set(FILES["indicators.csv"].header) == (
        set(INDICATORS.columns()) - ids - current | {"commitment"}
    )
    assert set(FILES["charters.csv"].header) <= set(CHARTERS.columns())


def test_charter_files_without_the_otomi_and_mazahua_columns_still_import(
    empty_app, demo_files, tmp_path
):
    with_catalog(empty_app)
    folder = copy(demo_files, tmp_path)
    as_older_files(folder)
    assert "title_maz" not in (folder / "charters.csv").read_text(encoding="utf-8")
    result = run_import(empty_app, folder)
    assert result.exit_code == 0, result.output
    assert export(empty_app, tmp_path / "again") == {
        name: (demo_files / name).read_bytes() for name in FILES
    }


def test_the_demo_charters_are_the_shipped_files(demo_files):
    """``seed-demo`` loads ``app/demo/charters/`` through the importer: exporting the demo gives
    every line of those files back (the demo then renews charters and drafts one in the workspace,
    which adds versions), and ``data.py`` no longer defines a charter."""
    assert sorted(p.name for p in DEMO_CHARTERS.iterdir()) == sorted(FILES)
    for name, content in shipped().items():
        exported = (demo_files / name).read_bytes().splitlines()
        assert content.splitlines()[0] == exported[0], name
        assert set(content.splitlines()) <= set(exported), name
    source = Path(data.__file__).read_text(encoding="utf-8")
    for definition in ("CHARTERS", "CHARTER_TEXT", "commitment(", "Le atenderemos"):
        assert definition not in source
    assert set(data.VOLUMES) == {r["slug"] for r in rows(DEMO_CHARTERS / "charters.csv")}


def test_seeding_the_demo_writes_no_import_audit(app):
    with app.app_context():
        audited = select(AuditLog).where(AuditLog.action == "charters.imported")
        assert db.session.scalar(audited) is None


def test_every_problem_is_listed_and_nothing_changes(demo, demo_files, tmp_path):
    folder = copy(demo_files, tmp_path)
    charters = rows(folder / "charters.csv")
    new = {**charters[0], "slug": "nueva-carta", "title_es": "Carta nueva"}
    edit(
        folder,
        "charters.csv",
        lambda t: [
            *t,
            new,
            {**new, "slug": "otra", "dependency": "no-such-dependency"},
            {**new, "slug": "tercera", "services": "no-such-service"},
            {**new, "title_es": "Repetida"},
        ],
    )
    version = {
        **rows(folder / "charter_versions.csv")[0],
        "charter": "nueva-carta",
        "number": "1",
        "status": "draft",
    }
    edit(
        folder,
        "charter_versions.csv",
        lambda t: [
            *t,
            {**version, "valid_from": "31/01/2026"},
            {**version, "number": "2", "status": "approved"},
            {**version, "number": "3", "valid_until": "2020-01-01"},
            {**version, "charter": "no-such-charter"},
        ],
    )
    commitment = {"charter": "nueva-carta", "version": "1", "position": "1", "text_es": "Algo"}
    edit(
        folder,
        "commitments.csv",
        lambda t: [*t, commitment, {**commitment, "version": "9"}, {**commitment, "text_es": ""}],
    )
    indicator = {
        **rows(folder / "indicators.csv")[0],
        "charter": "nueva-carta",
        "version": "1",
        "commitment": "1",
    }
    edit(
        folder,
        "indicators.csv",
        lambda t: [
            *t,
            {**indicator, "position": "1", "target": "120"},
            {**indicator, "position": "2", "kind": "median"},
            {**indicator, "position": "3", "unit": "hours"},
            {**indicator, "position": "4", "comparator": "gt"},
            {**indicator, "position": "5", "periodicity": "semiannual"},
            {**indicator, "position": "6", "source": "rumour"},
            {**indicator, "position": "7", "standard": "speed"},
            {**indicator, "position": "8", "baseline": "ochenta"},
            {**indicator, "position": "9", "threshold_unit": ""},
            {**indicator, "position": "10", "target": "0"},
            {**indicator, "position": "10"},
            {**indicator, "position": "11", "commitment": "4"},
        ],
    )
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    before, stored = counts(), definitions()

    def at(file: str, index: int) -> str:
        return f"{file}:{line_of(folder / file, index)}"

    n = len(charters)
    v = len(rows(demo_files / "charter_versions.csv"))
    c = len(rows(demo_files / "commitments.csv"))
    i = len(rows(demo_files / "indicators.csv"))
    output = refused(
        run_import(demo, folder),
        f"{at('charters.csv', n + 1)}: dependency: no se conoce la dependencia "
        "'no-such-dependency'",
        f"{at('charters.csv', n + 2)}: services: no se conoce el servicio 'no-such-service'",
        f"{at('charters.csv', n + 3)}: slug: 'nueva-carta' está repetido",
        f"{at('charter_versions.csv', v)}: valid_from: '31/01/2026' no es una fecha como "
        "2026-01-31",
        f"{at('charter_versions.csv', v + 1)}: status: 'approved' no es uno de: "
        + ", ".join(s.value for s in CharterStatus),
        f"{at('charter_versions.csv', v + 2)}: valid_until: 2020-01-01 es anterior a valid_from",
        f"{at('charter_versions.csv', v + 3)}: charter: no se conoce la carta 'no-such-charter'",
        f"{at('commitments.csv', c + 1)}: version: no se conoce la versión 9 de 'nueva-carta'",
        f"{at('commitments.csv', c + 2)}: text_es: está vacía",
        f"{at('indicators.csv', i)}: target: '120' no es un valor de 0 a 100 (unidad percent)",
        f"{at('indicators.csv', i + 1)}: kind: 'median' no es uno de: share_within, mean, "
        "count, deliverable",
        f"{at('indicators.csv', i + 4)}: periodicity: 'semiannual' no es uno de: monthly, "
        "quarterly, annual",
        f"{at('indicators.csv', i + 7)}: baseline: 'ochenta' no es un número de 0 a 9999999999.99",
        f"{at('indicators.csv', i + 8)}: threshold_unit: un umbral necesita su unidad, y una "
        "unidad su umbral",
        f"{at('indicators.csv', i + 9)}: target: una meta de al menos 0 (unidad percent) se "
        "cumple con cualquier resultado",
        f"{at('indicators.csv', i + 10)}: position: '10' está repetido en su versión",
        f"{at('indicators.csv', i + 11)}: commitment: la versión 1 de 'nueva-carta' no tiene el "
        "compromiso 4",
        "notes.txt:1: archivo desconocido (se esperaba: " + ", ".join(FILES) + ")",
    )
    text = "\n".join(output)
    for problem in (
        "unit: 'hours' no es uno de",
        "comparator: 'gt' no es uno de",
        "source: 'rumour' no es uno de",
        "standard: 'speed' no es uno de",
        "position: '1' está repetido en su versión",  # the commitment
    ):
        assert problem in text
    assert counts() == before and definitions() == stored
    assert db.session.scalar(select(Charter).where(Charter.slug == "nueva-carta")) is None
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "charters.imported")) is None


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("charters.xlsx", b"not a workbook", "charters.xlsx:1: no es un libro XLSX"),
        ("charters.csv", b"slug,dependency\n\xff\xfe\n", "charters.csv:2: no es texto UTF-8"),
        (
            "indicators.csv",
            b"charter,version\nx,1\n",
            "indicators.csv:1: faltan columnas: commitment, position",
        ),
        ("charters.pdf", b"%PDF-1.4", "charters.pdf:1: no es un archivo del formato charters"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(empty_app, tmp_path, name, content, problem):
    (tmp_path / name).write_bytes(content)
    output = refused(run_import(empty_app, tmp_path / name))
    assert any(line.startswith(problem) for line in output), output


def published(folder: Path, slug: str) -> dict:
    return next(
        r
        for r in rows(folder / "charter_versions.csv")
        if r["charter"] == slug and r["status"] == "published"
    )


def test_a_published_version_is_never_edited_but_replaced(demo, demo_files, tmp_path):
    folder = copy(demo_files, tmp_path)
    slug = "poda-y-derribo-de-arboles"  # the demo renews the others from 2027
    current = published(folder, slug)
    number = int(current["number"])

    def retarget(table):
        for row in table:
            if row["charter"] == slug and row["version"] == str(number):
                row["target"] = "95" if row["target"] == "90" else row["target"]
        return table

    edit(folder, "indicators.csv", retarget)
    before = definitions()
    index = rows(folder / "charter_versions.csv").index(current)
    refused(
        run_import(demo, folder),
        f"charter_versions.csv:{line_of(folder / 'charter_versions.csv', index)}: number: "
        f"la versión {number} de {slug!r} tiene el estado published y nunca se edita: ponga los "
        f"cambios en una versión nueva ({number + 1})",
    )
    assert definitions() == before

    # The same changes as a new version: a draft first, changed, then published while the
    # version it replaces is archived.
    folder = copy(demo_files, tmp_path / "new")
    following = str(number + 1)
    draft = {**current, "number": following, "status": "draft", "valid_from": "2026-12-01"}
    draft |= {"valid_until": "2028-12-31", "published_on": ""}
    edit(folder, "charter_versions.csv", lambda t: [*t, draft])

    def copied(table):
        ours = [r for r in table if r["charter"] == slug and r["version"] == str(number)]
        return table + [{**r, "version": following} for r in ours]

    for file in ("commitments.csv", "indicators.csv"):
        edit(folder, file, copied)
    edit(folder, "indicators.csv", retarget_version(slug, following))
    result = run_import(demo, folder)
    assert result.exit_code == 0, result.output
    assert "created: 0 charters, 1 versions" in result.output
    version = stored_version(slug, number + 1)
    assert version.status is CharterStatus.DRAFT
    targets = [i.target for c in version.commitments for i in c.indicators]
    assert 95 in targets and 90 not in targets

    # A draft changes as a whole: one commitment fewer.
    sixth = (slug, following, "6")
    edit(
        folder,
        "commitments.csv",
        lambda t: [r for r in t if (r["charter"], r["version"], r["position"]) != sixth],
    )
    edit(
        folder,
        "indicators.csv",
        lambda t: [r for r in t if (r["charter"], r["version"], r["commitment"]) != sixth],
    )
    result = run_import(demo, folder)
    assert result.exit_code == 0, result.output
    assert "changed: 0 charters, 1 versions" in result.output
    assert len(stored_version(slug, number + 1).commitments) == 5

    # Published, with the previous version archived (its content unchanged).
    def publish(table):
        for row in table:
            if row["charter"] == slug and row["number"] == str(number):
                row["status"] = "archived"
            if row["charter"] == slug and row["number"] == following:
                row["status"], row["published_on"] = "published", "2026-12-01"
        return table

    edit(folder, "charter_versions.csv", publish)
    result = run_import(demo, folder)
    assert result.exit_code == 0, result.output
    assert "changed: 0 charters, 2 versions" in result.output
    assert stored_version(slug, number).status is CharterStatus.ARCHIVED
    assert stored_version(slug, number + 1).status is CharterStatus.PUBLISHED

    # Archived, a version stays as it is: not even published again.
    def unarchive(table):
        for row in table:
            if (row["charter"], row["number"]) == (slug, str(number)):
                row["status"] = "published"
        return table

    edit(folder, "charter_versions.csv", unarchive)
    output = refused(run_import(demo, folder))
    message = f"la versión {number} de {slug!r} tiene el estado archived y nunca se edita"
    assert any(message in line for line in output)


def cells(match: dict, **values):
    """A table edit: ``values`` written into the rows that have the ``match`` columns."""

    def change(table):
        for row in table:
            if all(row[name] == value for name, value in match.items()):
                row.update(values)
        return table

    return change


def test_a_published_versions_translations_are_imported(demo, demo_files, tmp_path):
    """Translators' spreadsheets reach a published version, as their workspace does: its
    Spanish and its structure stay as they are, its translations are written (and tracked)."""
    folder = copy(demo_files, tmp_path)
    slug = "poda-y-derribo-de-arboles"
    number = published(folder, slug)["number"]
    first = {"charter": slug, "version": number, "position": "1"}
    purpose = "Tlatequiliztli ipan cuahuitl."
    promise = "Titlananquilizqueh ipan mahtlactli tonalli."
    edit(
        folder,
        "charter_versions.csv",
        cells({"charter": slug, "number": number}, purpose_nah=purpose),
    )
    edit(folder, "commitments.csv", cells(first, text_nah=promise))
    result = run_import(demo, folder)
    assert result.exit_code == 0, result.output
    assert "changed: 0 charters, 1 versions" in result.output
    version = stored_version(slug, int(number))
    assert version.status is CharterStatus.PUBLISHED
    assert (version.purpose["nah"], version.commitments[0].text["nah"]) == (purpose, promise)
    assert run_import(demo, folder).output.count("changed: 0 charters, 0 versions") == 1

    # Its Spanish is still never edited.
    edit(folder, "commitments.csv", cells(first, text_es="Otro compromiso."))
    output = refused(run_import(demo, folder))
    assert any("tiene el estado published y nunca se edita" in line for line in output), output
    page = demo.test_client().get(f"/nah/cartas/{slug}").get_data(as_text=True)
    assert promise in page


def retarget_version(slug: str, number: str):
    def change(table):
        for row in table:
            if (row["charter"], row["version"], row["target"]) == (slug, number, "90"):
                row["target"] = "95"
        return table

    return change


def stored_version(slug: str, number: int) -> CharterVersion:
    db.session.expire_all()
    return db.session.scalars(
        select(CharterVersion)
        .join(CharterVersion.charter)
        .where(Charter.slug == slug, CharterVersion.number == number)
    ).one()


def test_a_public_version_needs_commitments_with_indicators(empty_app, demo_files, tmp_path):
    with_catalog(empty_app)
    folder = copy(demo_files, tmp_path)
    edit(folder, "indicators.csv", lambda t: [r for r in t if r["commitment"] != "1"])
    output = refused(run_import(empty_app, folder))
    message = "necesita al menos un compromiso, cada uno con un indicador"
    assert any(message in line for line in output)
    assert counts()["Charter"] == 0


def test_indicator_revisions_make_the_round_trip(empty_app, demo_files, tmp_path):
    with_catalog(empty_app)
    folder = copy(demo_files, tmp_path)
    indicator = next(r for r in rows(folder / "indicators.csv") if r["standard"] == "waiting_time")
    revision = {
        "charter": indicator["charter"],
        "version": indicator["version"],
        "commitment": indicator["commitment"],
        "indicator": indicator["position"],
        "starts": "2026-T2",
        "threshold": "10",
        "threshold_unit": "minutes",
        "target": "80",
        "comparator": "ge",
        "numerator_es": "Personas que esperaron 10 minutos o menos",
        "note_es": "El umbral se redujo a 10 minutos.",
    }
    edit(folder, "indicator_revisions.csv", lambda t: [revision, {**revision, "starts": "2026"}])
    refused(
        run_import(empty_app, folder),
        "indicator_revisions.csv:3: starts: '2026' no es un periodo de periodicidad quarterly",
    )
    edit(folder, "indicator_revisions.csv", lambda t: t[:1])
    result = run_import(empty_app, folder)
    assert result.exit_code == 0, result.output
    stored = db.session.scalars(select(IndicatorRevision)).one()
    assert stored.starts == Period(2026, "T", 2) and stored.target == 80
    again = export(empty_app, tmp_path / "again")
    assert again == {name: (folder / name).read_bytes() for name in FILES}
    assert run_import(empty_app, tmp_path / "again").exit_code == 0
    assert counts()["IndicatorRevision"] == 1


def test_a_dry_run_says_what_would_change_and_changes_nothing(demo, demo_files, tmp_path):
    folder = copy(demo_files, tmp_path)
    edit(folder, "charters.csv", lambda t: [{**t[0], "title_en": "Renamed"}, t[1]])
    before = db.session.scalars(select(Charter.title).order_by(Charter.slug)).all()
    result = run_import(demo, folder, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert "changed: 1 charters, 0 versions" in result.output
    assert f"not in the files (kept): {len(before) - 2} charters, 0 versions" in result.output
    assert db.session.scalars(select(Charter.title).order_by(Charter.slug)).all() == before


def test_services_may_be_named_by_code(empty_app, demo_files, tmp_path):
    with_catalog(empty_app)
    folder = copy(demo_files, tmp_path)
    first = rows(folder / "charters.csv")[0]
    codes = dict(db.session.execute(select(Service.slug, Service.code)).tuples().all())
    by_code = " | ".join(codes[s.strip()] for s in first["services"].split("|"))
    edit(folder, "charters.csv", lambda t: [{**t[0], "services": by_code}, *t[1:]])
    assert run_import(empty_app, folder).exit_code == 0
    again = export(empty_app, tmp_path / "again")
    assert again["charters.csv"] == (demo_files / "charters.csv").read_bytes()


def test_a_broken_cell_of_a_workbook_is_named_by_its_sheet(empty_app, demo_files, tmp_path):
    from openpyxl import load_workbook

    with_catalog(empty_app)
    book = load_workbook(demo_files.parent / "demo-charters.xlsx")
    sheet = book["indicators"]
    column = [cell.value for cell in sheet[1]].index("target") + 1
    sheet.cell(row=2, column=column, value=120)
    book.create_sheet("notas")
    book.save(tmp_path / "charters.xlsx")
    output = refused(run_import(empty_app, tmp_path / "charters.xlsx"))
    assert (
        "charters.xlsx[indicators]:2: target: '120' no es un valor de 0 a 100 (unidad percent)"
        in output
    )
    assert any(line.startswith("charters.xlsx[notas]:1: hoja desconocida") for line in output)
    assert counts()["Charter"] == 0


def translated_charter(app, tmp_path: Path) -> tuple[Path, Charter, Commitment]:
    """A demo charter whose title and a commitment of its published version were translated
    into Mazahua and Náhuatl in the workspace, and the charters exported then."""
    version = db.session.scalar(
        select(CharterVersion).where(CharterVersion.status == CharterStatus.PUBLISHED).limit(1)
    )
    charter, commitment = version.charter, version.commitments[0]
    charter.title = {**charter.title, "maz": "Ar hñä", "nah": "Amatl"}
    commitment.text = {**commitment.text, "maz": "Ne jñaa"}
    db.session.commit()
    export(app, tmp_path / "files")
    return tmp_path / "files", charter, commitment


@pytest.mark.parametrize(
    "dropped", [("_maz",), ("_en", "_nah", "_ots", "_maz")], ids=["maz", "all-but-es"]
)
def test_a_language_column_left_out_keeps_the_stored_translations(demo, tmp_path, dropped):
    folder, charter, commitment = translated_charter(demo, tmp_path)
    exported = {name: (folder / name).read_bytes() for name in FILES}
    as_older_files(folder, dropped)
    assert "title_maz" not in (folder / "charters.csv").read_text(encoding="utf-8")
    dry = run_import(demo, folder, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "changed: 0 charters, 0 versions" in dry.output
    result = run_import(demo, folder)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert charter.title["maz"] == "Ar hñä" and charter.title["nah"] == "Amatl"
    assert commitment.text["maz"] == "Ne jñaa"
    assert export(demo, tmp_path / "again") == exported


def test_a_language_column_with_an_empty_cell_clears_the_translation(demo, tmp_path):
    folder, charter, commitment = translated_charter(demo, tmp_path)
    edit(
        folder,
        "charters.csv",
        lambda t: [{**r, "title_maz": ""} if r["slug"] == charter.slug else r for r in t],
    )
    dry = run_import(demo, folder, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "changed: 1 charters, 0 versions" in dry.output
    assert run_import(demo, folder).exit_code == 0
    db.session.expire_all()
    assert "maz" not in charter.title and charter.title["nah"] == "Amatl"
    assert commitment.text["maz"] == "Ne jñaa"
