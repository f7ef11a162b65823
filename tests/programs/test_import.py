"""Import of the shipped PAT 2024, export → import round trip, and refusal of broken files."""

import csv
import io
import re
import warnings
from collections import Counter
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect

from app.catalog.models import Dependency
from app.core.types import Period
from app.extensions import db
from app.programs.models import Mechanism, Program, Progress
from app.programs.services.csv_format import ImportRefused, read_files
from app.programs.services.exporting import export_files
from app.programs.services.importing import import_program
from app.programs.services.progress import find_mechanism, record_progress
from app.programs.services.reading import breakdowns, commitments_of, load_program, mechanisms_of
from app.staff.models import AuditLog, Role, User
from app.staff.services import create_user
from tests.factories import PASSWORD, make_dependency
from tests.programs.conftest import PAT
from tests.programs.pat2024 import ANEXO_1, ANEXO_2


@pytest.fixture
def pat(empty_app, pat_files):
    program = import_program(pat_files)
    return load_program(program.slug)


def test_the_shipped_pat_has_the_documents_totals(pat):
    strategies = [s for o in pat.objectives for s in o.strategies]
    lines = [line for s in strategies for line in s.action_lines]
    commitments = commitments_of(pat)
    mechanisms = mechanisms_of(pat)
    assert (len(pat.objectives), len(strategies), len(lines)) == (6, 22, 65)
    assert (len(commitments), len(mechanisms)) == (101, 104)
    # Cuadro 2: commitments per objective.
    per_objective = breakdowns(pat)["objective"].rows
    assert [count for _, count in per_objective] == [8, 22, 23, 7, 15, 26]
    # Three commitments have two mechanisms (Anexo 2: 25, 59 and 74).
    assert sorted(c.code for c in commitments if len(c.mechanisms) == 2) == ["25", "59", "74"]


def test_the_loaded_tree_knows_each_level_s_parent(pat):
    """A page walks up the tree (a mechanism's commitment, its line, up to the objective):
    each reference is loaded with the tree, not looked up one object at a time."""
    db.session.expire_all()
    program = load_program(pat.slug)
    levels = [(objective, "program", program) for objective in program.objectives]
    for objective in program.objectives:
        for strategy in objective.strategies:
            levels.append((strategy, "objective", objective))
            for line in strategy.action_lines:
                levels.append((line, "strategy", strategy))
                for commitment in line.commitments:
                    levels.append((commitment, "action_line", line))
                    for mechanism in commitment.mechanisms:
                        levels.append((mechanism, "commitment", commitment))
                        levels += [(p, "mechanism", mechanism) for p in mechanism.progress]
    assert len(levels) > 300
    for child, reference, parent in levels:
        assert reference not in sa_inspect(child).unloaded
        assert getattr(child, reference) is parent


def test_every_action_line_has_the_counts_of_anexo_1(pat):
    counts = {}
    for objective in pat.objectives:
        for strategy in objective.strategies:
            for line in strategy.action_lines:
                kinds = Counter(m.kind.value for c in line.commitments for m in c.mechanisms)
                counts[line.code] = (
                    len(line.commitments),
                    kinds["indicator"],
                    kinds["deliverable"],
                )
    assert counts == ANEXO_1
    # Anexo 1's totals: 101 commitments, 53 indicators, 51 deliverables.
    assert tuple(map(sum, zip(*counts.values(), strict=True))) == (101, 53, 51)


def test_every_mechanism_is_a_row_of_anexo_2(pat):
    rows = {}
    for c in commitments_of(pat):
        for m in c.mechanisms:
            rows[m.code] = (
                f"{m.code} {c.responsible.acronym} {m.periodicity.value} {m.kind.value} "
                f"{m.unit.value if m.unit else '-'}"
            )
    expected = ANEXO_2.split()
    expected = [" ".join(expected[i : i + 5]) for i in range(0, len(expected), 5)]
    assert len(expected) == 104
    differences = [row for row in expected if rows.get(row.split()[0]) != row]
    # The one row the data takes from Anexo 1 (an indicator with a formula and an 80 % target).
    assert differences == ["70 UPECE annual deliverable -"]
    assert rows["70"] == "70 UPECE annual indicator percent"
    assert [m.code for m in mechanisms_of(pat)] == [r.split()[0] for r in expected]


def test_texts_are_the_documents(pat):
    first = commitments_of(pat)[0]
    assert first.what["es"].startswith("Elaborar un documento que contenga la metodología")
    assert first.action_line.code == "1.1.1"
    assert pat.objectives[5].short_name == {"es": "Calidad y Seguridad"}
    maternal = next(m for m in mechanisms_of(pat) if m.code == "79")
    assert (maternal.unit.value, maternal.comparator.value, maternal.annual_target) == (
        "ratio",
        "le",
        31,
    )


def test_export_then_import_gives_the_same_program(pat, pat_files):
    exported = export_files(pat)
    # The shipped files are themselves an export.
    assert {name: text.encode() for name, text in exported.items()} == pat_files
    again = import_program({name: text.encode() for name, text in exported.items()})
    db.session.expire_all()
    assert export_files(load_program(again.slug)) == exported
    assert db.session.scalar(select(func.count(Program.id))) == 1


def test_the_export_lists_only_the_units_the_program_names(pat, pat_files):
    """Other units of the institution (a catalog office without an acronym) are not the
    program's: its files still import."""
    make_dependency("Comunicación Social", parent=pat.institution, slug="imss-comunicacion")
    db.session.commit()
    exported = export_files(load_program(pat.slug))
    assert exported["units.csv"].encode() == pat_files["units.csv"]
    import_program({name: text.encode() for name, text in exported.items()})


def test_intermediate_targets_survive_the_round_trip(empty_app, pat_files):
    pat_files["targets.csv"] = b"mechanism,period,target\n6,2024-T2,40\n6,2024-T4,85\n"
    program = load_program(import_program(pat_files).slug)
    mechanism = next(m for m in mechanisms_of(program) if m.code == "6")
    assert [str(t.period) for t in mechanism.targets] == ["2024-T2", "2024-T4"]
    assert export_files(program)["targets.csv"] == (
        "mechanism,period,target\n6,2024-T2,40\n6,2024-T4,85\n"
    )


def _record(code: str, period: str, value: str, note=None):
    """Progress a staff member records in the workspace."""
    admin = db.session.scalar(select(User).filter_by(email="admin@example.org"))
    if admin is None:
        admin = create_user("admin@example.org", "Admin", Role.ADMIN, PASSWORD)
    mechanism = find_mechanism("pat-2024", code, None)
    return record_progress(
        mechanism, Period.parse(period), value=Decimal(value), status=None,
        evidence_url=None, reported_on=None, note=note, by=admin,
    )  # fmt: skip


def _changes(summary) -> int:
    return sum(sum(counts.values()) for counts in (summary.created, summary.changed,
                                                    summary.retired))  # fmt: skip


def test_importing_the_same_files_twice_changes_nothing(empty_app, pat_files):
    """DESIGN §6: importing the same files again succeeds and changes nothing, and the progress
    staff recorded in the workspace meanwhile is kept (it was refused, and ``--replace`` deleted
    that progress with the program)."""
    import_program(pat_files)
    recorded = _record("6", "2024-T4", "88")
    corrected = _record("6", "2024-T1", "77", note="Cifra revisada")
    before = export_files(load_program("pat-2024"))
    ids = {m.code: m.id for m in mechanisms_of(load_program("pat-2024"))}

    again = import_program(pat_files)
    assert (again.new, _changes(again.summary)) == (False, 0)
    assert again.summary.not_in_files["progress"] == 2  # the workspace's two entries
    result = empty_app.test_cli_runner().invoke(args=["programs", "import", str(PAT)])
    assert result.exit_code == 0, result.output
    assert "created: 0 programs, 0 objectives" in result.output
    db.session.expire_all()
    program = load_program("pat-2024")
    assert export_files(program) == before
    assert {m.code: m.id for m in mechanisms_of(program)} == ids
    kept = {p.id: (str(p.period), p.value, p.revision) for p in db.session.scalars(
        select(Progress).where(Progress.mechanism_id == ids["6"]))}  # fmt: skip
    assert kept[recorded.id] == ("2024-T4", Decimal("88.00"), 1)
    assert kept[corrected.id] == ("2024-T1", Decimal("77.00"), 2)


def test_changed_files_update_the_program_and_keep_the_workspaces_progress(empty_app, pat_files):
    """Rows are matched by their codes: a changed mechanism keeps its row and the progress
    recorded for it in the workspace; a mechanism left out of the files is retired."""
    import_program(pat_files)
    recorded = _record("6", "2024-T3", "90")
    ids = {m.code: m.id for m in mechanisms_of(load_program("pat-2024"))}
    files = dict(pat_files)
    files["mechanisms.csv"] = _replace_line(
        files["mechanisms.csv"], 7, b"(N\xc3\xbamero de hospitales", b"(Cantidad de hospitales"
    )
    for name in ("mechanisms.csv", "progress.csv"):
        lines = files[name].split(b"\n")
        files[name] = b"\n".join(line for line in lines if not line.startswith(b"25.2,"))

    imported = import_program(files)
    assert imported.summary.changed["mechanisms"] == 1
    assert imported.summary.retired["mechanisms"] == 1
    assert imported.summary.created["mechanisms"] == 0
    db.session.expire_all()
    program = load_program("pat-2024")
    mechanisms = {m.code: m for m in mechanisms_of(program)}
    assert "25.2" not in mechanisms and len(mechanisms) == 103
    assert mechanisms["6"].id == ids["6"]
    assert mechanisms["6"].name["es"].startswith("(Cantidad de hospitales")
    assert [(str(p.period), p.id) for p in mechanisms["6"].progress][-1] == (
        "2024-T3", recorded.id,
    )  # fmt: skip
    audited = db.session.scalars(
        select(AuditLog).filter_by(action="programs.imported").order_by(AuditLog.id)
    ).all()
    assert [a.detail["replaced"] for a in audited] == [False, True]
    assert audited[-1].detail["retired"]["mechanisms"] == 1


def test_rows_moved_under_another_parent_are_kept_when_their_parent_is_retired(
    empty_app, pat_files
):
    import_program(pat_files)
    recorded = _record("6", "2024-T3", "90")
    files = dict(pat_files)
    lines = files["objectives.csv"].split(b"\n")
    files["objectives.csv"] = b"\n".join(line for line in lines if not line.startswith(b"1,"))
    lines = files["strategies.csv"].split(b"\n")
    files["strategies.csv"] = b"\n".join(
        re.sub(rb"^(1\.\d+),1,", rb"\1,2,", line) for line in lines
    )
    imported = import_program(files)
    assert imported.summary.retired["objectives"] == 1
    # Objective 1's three strategies moved, objective 2's four renumbered after them.
    assert imported.summary.changed["strategies"] == 7
    assert imported.summary.changed["objectives"] == 5  # renumbered
    assert _changes(imported.summary) == 13
    db.session.expire_all()
    program = load_program("pat-2024")
    assert [o.code for o in program.objectives] == ["2", "3", "4", "5", "6"]
    assert len(commitments_of(program)) == 101 and len(mechanisms_of(program)) == 104
    assert db.session.get(Progress, recorded.id).value == Decimal("90.00")
    assert import_program(files).summary.changed == dict.fromkeys(imported.summary.kinds, 0)


def test_a_catalog_dependency_with_the_programs_slug_is_used_as_the_catalog_has_it(
    empty_app, pat_files
):
    """The catalog owns its dependencies: a program names one by its slug and changes nothing
    of it (before, its name, acronym, place in the tree and translations were overwritten)."""
    parent = make_dependency("Presidencia", slug="presidencia")
    catalog = make_dependency("Bienestar", slug="imss-bienestar", acronym="BIEN", parent=parent)
    catalog.name = {"es": "Bienestar", "en": "Welfare"}
    db.session.commit()
    program = db.session.scalar(select(Program).filter_by(slug=import_program(pat_files).slug))
    db.session.expire_all()
    assert program.institution_id == catalog.id
    kept = db.session.get(Dependency, catalog.id)
    assert (kept.name, kept.acronym, kept.parent_id) == (
        {"es": "Bienestar", "en": "Welfare"}, "BIEN", parent.id,
    )  # fmt: skip
    audited = db.session.scalars(select(AuditLog).filter_by(action="programs.imported")).one()
    assert audited.detail["slug"] == "pat-2024" and audited.target_id == str(program.id)


def _replace_line(data: bytes, number: int, old: bytes, new: bytes) -> bytes:
    lines = data.split(b"\n")
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return b"\n".join(lines)


def test_broken_files_are_refused_whole_with_every_reason(empty_app, pat_files):
    files = dict(pat_files)
    # A missing column.
    header, rest = files["strategies.csv"].split(b"\n", 1)
    files["strategies.csv"] = header.replace(b",objective", b"") + b"\n" + rest
    # An unknown action line, a bad target, a duplicate code, a wrong encoding.
    files["commitments.csv"] = _replace_line(files["commitments.csv"], 3, b"1.1.2", b"9.9.9")
    files["mechanisms.csv"] = _replace_line(files["mechanisms.csv"], 8, b",90,", b",90 %,")
    files["mechanisms.csv"] += files["mechanisms.csv"].split(b"\n")[8] + b"\n"  # code 8 again
    files["objectives.csv"] = files["objectives.csv"].replace(
        "Participación".encode(), "Participación".encode("latin-1")
    )
    with pytest.raises(ImportRefused) as refused:
        import_program(files)
    assert [str(p) for p in refused.value.problems] == [
        "commitments.csv:3: action_line: no se conoce la línea de acción '9.9.9'",
        "mechanisms.csv:8: annual_target: '90 %' no es un número de 0 a 10^12",
        "mechanisms.csv:106: code: '8' está repetido",
        "objectives.csv:5: no es texto UTF-8 (guarde el archivo como UTF-8)",
        "strategies.csv:1: faltan columnas: objective",
    ]
    assert db.session.scalar(select(func.count(Program.id))) == 0
    assert db.session.scalar(select(func.count(Mechanism.id))) == 0


@pytest.mark.parametrize(
    ("file", "line", "old", "new", "reason"),
    [
        (
            "progress.csv",
            2,
            b"2024-T1",
            b"2023-T4",
            "period: el periodo 2023-T4 no es del año del programa (2024)",
        ),
        (
            "progress.csv",
            2,
            b"2024-T1",
            b"2024-T5",
            "period: '2024-T5' no es un periodo como 2024, 2024-T2 o 2024-M07",
        ),
        (
            "progress.csv",
            2,
            b",in_progress,",
            b",done,",
            "status: 'done' no es uno de: pending, in_progress, delivered, delayed",
        ),
        (
            "progress.csv",
            2,
            b",in_progress,",
            b",,",
            "status: el avance de un entregable necesita un estado",
        ),
        (
            "progress.csv",
            2,
            b"2024-04-15",
            b"15/04/2024",
            "reported_on: '15/04/2024' no es una fecha como 2026-01-31",
        ),
        (
            "mechanisms.csv",
            2,
            b",deliverable,",
            b",entregable,",
            "kind: 'entregable' no es uno de: indicator, deliverable",
        ),
        ("mechanisms.csv", 2, b",ge,", b",>=,", "comparator: '>=' no es uno de: ge, le, eq"),
        (
            "mechanisms.csv",
            2,
            b",ge,1,",
            b",ge,-1,",
            "annual_target: '-1' no es un número de 0 a 10^12",
        ),
        (
            "commitments.csv",
            2,
            b",UAS,",
            b",XYZ,",
            "responsible_unit: no se conoce la unidad responsable 'XYZ'",
        ),
        ("program.csv", 2, b",2024,", b",dos mil,", "year: 'dos mil' no es un año como 2024"),
        # Stored with two decimals: a third would be rounded unseen.
        (
            "mechanisms.csv",
            2,
            b",ge,1,",
            b",ge,0.995,",
            "annual_target: '0.995' tiene más de dos decimales",
        ),
        ("units.csv", 3, b"UAF,", b"uas,", "acronym: 'uas' es la misma unidad que 'UAS'"),
        # Keys longer than their columns (a 500 on PostgreSQL): the program's, and the
        # institution's, which its units' keys extend by their acronym.
        (
            "program.csv",
            2,
            b"pat-2024,",
            b"pat-" + b"x" * 130 + b",",
            "slug: tiene más de 120 caracteres",
        ),
        (
            "program.csv",
            2,
            b",imss-bienestar,",
            b",imss-" + b"b" * 100 + b",",
            "institution_slug: tiene más de 99 caracteres",
        ),
    ],
)
def test_each_bad_value_is_reported_with_file_and_line(
    empty_app, pat_files, file, line, old, new, reason
):
    pat_files[file] = _replace_line(pat_files[file], line, old, new)
    with pytest.raises(ImportRefused) as refused:
        import_program(pat_files)
    assert f"{file}:{line}: {reason}" in [str(p) for p in refused.value.problems]


def test_the_revision_column_may_be_left_out_and_is_checked(empty_app, pat_files):
    lines = pat_files["progress.csv"].decode().splitlines()
    pat_files["progress.csv"] = "".join(line.rsplit(",", 1)[0] + "\n" for line in lines).encode()
    program = load_program(import_program(dict(pat_files)).slug)
    assert {p.revision for m in mechanisms_of(program) for p in m.progress} == {1}

    files = read_files([PAT])
    files["progress.csv"] = _replace_line(files["progress.csv"], 3, b"07-15,,1", b"07-15,,0")
    with pytest.raises(ImportRefused) as refused:
        import_program(files)
    assert [str(p) for p in refused.value.problems] == [
        "progress.csv:3: revision: '0' no es un número entero de 1 a 10000"
    ]


def test_missing_and_unknown_files_are_reported(empty_app, pat_files):
    del pat_files["units.csv"]
    pat_files["notes.csv"] = b"a\n"
    with pytest.raises(ImportRefused) as refused:
        import_program(pat_files)
    reasons = [str(p) for p in refused.value.problems]
    assert "units.csv:1: falta el archivo" in reasons
    assert any(r.startswith("notes.csv:1: archivo desconocido") for r in reasons)


def test_the_command_lists_the_problems_and_imports_nothing(empty_app, tmp_path, pat_files):
    for name, data in pat_files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "commitments.csv").write_bytes(
        _replace_line(pat_files["commitments.csv"], 3, b"1.1.2", b"9.9.9")
    )
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["programs", "import", *map(str, sorted(tmp_path.iterdir()))])
    assert result.exit_code == 1
    assert (
        "commitments.csv:3: action_line: no se conoce la línea de acción '9.9.9'" in result.output
    )
    assert db.session.scalar(select(func.count(Program.id))) == 0

    (tmp_path / "commitments.csv").write_bytes(pat_files["commitments.csv"])
    result = runner.invoke(args=["programs", "import", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "101 commitments, 104 mechanisms" in result.output
    result = runner.invoke(args=["programs", "export", "pat-2024", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "mechanisms.csv").read_bytes() == pat_files["mechanisms.csv"]


def test_seed_demo_loads_the_pat_once_and_adds_it_to_an_older_demo(empty_app):
    from app.demo.seed import seed_demo

    assert seed_demo() is True
    assert db.session.scalar(select(func.count(Program.id))) == 1
    assert seed_demo() is False  # idempotent
    program = db.session.scalar(select(Program))
    db.session.delete(program)  # a database seeded before work programs existed
    db.session.commit()
    assert seed_demo() is True
    assert db.session.scalar(select(func.count(Mechanism.id))) == 104


def test_texts_of_a_language_the_files_leave_out_are_kept_on_replace(pat):
    """Replacing a program with files without the Mazahua and Náhuatl columns (kept with
    Spanish and English only) keeps what translators wrote in them; an empty cell clears it."""
    pat.title = {**pat.title, "maz": "Ar hñä", "nah": "Amatl"}
    mechanism = mechanisms_of(pat)[0]
    mechanism.name = {**mechanism.name, "maz": "Ne jñaa"}
    db.session.commit()
    exported = export_files(pat)
    older = {}
    for name, text in exported.items():
        table = list(csv.reader(io.StringIO(text)))
        keep = [i for i, column in enumerate(table[0]) if not column.endswith(("_nah", "_maz"))]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([row[i] for i in keep] for row in table)
        older[name] = out.getvalue().encode()
    assert b"title_maz" not in older["program.csv"]
    again = load_program(import_program(older).slug)
    assert again.title["maz"] == "Ar hñä" and again.title["nah"] == "Amatl"
    assert mechanisms_of(again)[0].name["maz"] == "Ne jñaa"
    assert export_files(again) == exported

    emptied = {name: text.encode() for name, text in exported.items()}
    emptied["program.csv"] = emptied["program.csv"].replace("Ar hñä".encode(), b"")
    again = load_program(import_program(emptied).slug)
    assert "maz" not in again.title and again.title["nah"] == "Amatl"


def test_a_commitment_left_out_goes_with_its_mechanism_and_progress_cleanly(empty_app, pat_files):
    """Retiring a commitment, its mechanism and the progress recorded deletes each row once
    (SQLAlchemy warned of rows deleted twice: the cascade after the level below)."""
    import_program(pat_files)
    _record("99", "2024", "80")
    files = dict(pat_files)
    for name in ("commitments.csv", "mechanisms.csv", "targets.csv", "progress.csv"):
        lines = files[name].split(b"\n")
        files[name] = b"\n".join(line for line in lines if not line.startswith(b"99,"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        imported = import_program(files)
    assert imported.summary.retired["commitments"] == 1
    assert imported.summary.retired["mechanisms"] == 1
    # The summary counts the progress that goes with it, the workspace's included.
    shipped = pat_files["progress.csv"].count(b"\n99,")
    assert imported.summary.retired["progress"] == shipped + 1
    assert find_mechanism("pat-2024", "99", None) is None


def test_a_programs_whole_tree_is_read_in_eight_queries(empty_app, pat_files, count_queries):
    """Each level of the tree is one query, whatever its size, and walking the loaded tree
    (units, targets, progress) reads nothing more."""
    slug = import_program(pat_files).slug
    db.session.expunge_all()
    with count_queries(empty_app) as queries:
        program = load_program(slug)
        walked = [
            (c.responsible.name, m.targets, m.progress, m.commitment is c)
            for c in commitments_of(program)
            for m in c.mechanisms
        ]
        assert program.institution.name
    assert len(walked) == 104 and all(same for *_rest, same in walked)
    assert len(queries) == 8, queries
