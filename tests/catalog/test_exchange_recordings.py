"""Recordings in the catalog's import format: a table of their rows and, beside it, their audio
files, checked by content like an upload; a workbook carries the rows only."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from app.catalog import audio as service_audio
from app.catalog.models import AudioPart, ServiceAudio
from app.core.audio import MP3_TYPE, OGG, Recording
from app.extensions import db
from app.staff.models import Role
from tests.audio_samples import mp3, ogg_opus
from tests.catalog.test_exchange import edit, rows
from tests.conftest import make_app, new_database, template
from tests.factories import make_service, make_user
from tests.feedback.conftest import PDF

TRANSCRIPT = "Este trámite sirve para pagar el predial.\nSe paga en la Tesorería."


@pytest.fixture
def recorded(empty_app):
    """A service with two recordings (Náhuatl description, Spanish requirements)."""
    service = make_service("Pago del predial", slug="pago-del-predial")
    db.session.commit()
    by = make_user(Role.COORDINATOR)
    service_audio.save(service, "nah", AudioPart.DESCRIPTION,
                       Recording("a.ogg", OGG, ogg_opus(3), 3.0), "Tlahtolli.", by)  # fmt: skip
    service_audio.save(service, "es", AudioPart.REQUIREMENTS,
                       Recording("b.mp3", MP3_TYPE, mp3(2), 2.0), TRANSCRIPT, by)  # fmt: skip
    return service


@pytest.fixture
def other_app(tmp_path_factory):
    """A second app on its own empty database and upload folder (its commands run in its own
    context: Flask's command line keeps the context already pushed)."""
    files = tmp_path_factory.mktemp("other-files")
    schema = template(tmp_path_factory, "empty", db.create_all)
    with new_database(tmp_path_factory, schema) as url:
        application = make_app(url, UPLOAD_FOLDER=str(files / "uploads"))
        yield application
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def export(app, folder: Path, *options: str) -> dict[str, bytes]:
    """Every file the export writes, by its path inside ``folder``."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["catalog", "export", str(folder), *options])
    assert result.exit_code == 0, result.output
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run_import(app, source: Path, *options: str):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["catalog", "import", str(source), *options])


def said(result, what: str) -> str:
    """The summary line of an import that starts with ``what`` ("created", "changed")."""
    return next(line for line in result.output.splitlines() if line.startswith(f"{what}:"))


def test_the_export_lists_the_recordings_and_carries_their_files(empty_app, recorded, tmp_path):
    files = export(empty_app, tmp_path / "out")
    table = rows(tmp_path / "out" / "service_recordings.csv")
    assert table == [
        {
            "service": "pago-del-predial",
            "part": "requisitos",
            "language": "es",
            "content_type": "audio/mpeg",
            "seconds": "2",
            "file": "pago-del-predial-requisitos-es.mp3",
            "sha256": hashlib.sha256(mp3(2)).hexdigest(),
            "transcript": TRANSCRIPT,
        },
        {
            "service": "pago-del-predial",
            "part": "descripcion",
            "language": "nah",
            "content_type": "audio/ogg",
            "seconds": "3",
            "file": "pago-del-predial-descripcion-nah.ogg",
            "sha256": hashlib.sha256(ogg_opus(3)).hexdigest(),
            "transcript": "Tlahtolli.",
        },
    ]
    assert files["recordings/pago-del-predial-descripcion-nah.ogg"] == ogg_opus(3)
    assert files["recordings/pago-del-predial-requisitos-es.mp3"] == mp3(2)


def test_export_import_into_an_empty_database_export_gives_the_same_bytes(
    empty_app, recorded, other_app, tmp_path
):
    first = export(empty_app, tmp_path / "first")
    dry = run_import(other_app, tmp_path / "first", "--dry-run")
    assert dry.exit_code == 0 and said(dry, "created").endswith(" 2 recordings")
    audio_folder = Path(other_app.config["UPLOAD_FOLDER"], "audio")
    assert not audio_folder.exists() or not any(audio_folder.iterdir()), "a dry run stores none"
    result = run_import(other_app, tmp_path / "first")
    assert result.exit_code == 0, result.output
    assert said(result, "created").endswith(" 2 recordings")
    assert export(other_app, tmp_path / "second") == first
    with other_app.app_context():
        stored = db.session.scalars(select(ServiceAudio).order_by(ServiceAudio.language)).all()
        assert [(a.language, a.seconds, a.transcript) for a in stored] == [
            ("es", 2, TRANSCRIPT),
            ("nah", 3, "Tlahtolli."),
        ]
        assert len(list(audio_folder.iterdir())) == 2
        with (
            other_app.test_client() as client,
            client.get(f"/nah/servicios/pago-del-predial/audio/{stored[1].id}") as played,
        ):
            assert played.status_code == 200 and played.get_data() == ogg_opus(3)
    again = run_import(other_app, tmp_path / "first")
    assert again.exit_code == 0 and said(again, "changed").endswith(" 0 recordings")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (PDF, "file: El archivo pago-del-predial-descripcion-nah.ogg debe ser un audio"),
        (ogg_opus(5), "sha256: no es la del archivo"),
    ],
)
def test_each_file_is_checked_by_its_content_and_its_checksum(
    empty_app, recorded, other_app, tmp_path, content, problem
):
    export(empty_app, tmp_path / "out")
    (tmp_path / "out" / "recordings" / "pago-del-predial-descripcion-nah.ogg").write_bytes(content)
    result = run_import(other_app, tmp_path / "out")
    assert result.exit_code == 1
    # Line 4: the row before spans two lines (its transcript does).
    assert f"service_recordings.csv:4: {problem}" in result.output
    with other_app.app_context():
        assert db.session.scalar(select(ServiceAudio)) is None


def test_a_workbook_carries_no_audio_so_it_only_repeats_stored_recordings(
    empty_app, recorded, other_app, tmp_path
):
    export(empty_app, tmp_path / "out", "--xlsx", str(tmp_path / "book" / "catalog.xlsx"))
    into_empty = run_import(other_app, tmp_path / "book" / "catalog.xlsx")
    assert into_empty.exit_code == 1
    assert (
        "catalog.xlsx[service_recordings]:2: file: falta el archivo "
        "'pago-del-predial-requisitos-es.mp3' en la carpeta recordings"
    ) in into_empty.output
    unchanged = run_import(empty_app, tmp_path / "book" / "catalog.xlsx")
    assert unchanged.exit_code == 0 and said(unchanged, "changed").endswith(" 0 recordings")

    # Without the folder, a row may change the transcript of the file already stored.
    (tmp_path / "out" / "recordings" / "pago-del-predial-requisitos-es.mp3").unlink()

    def corrected(table):
        return [dict(row, transcript=row["transcript"] + " Corregido.") for row in table]

    edit(tmp_path / "out", "service_recordings.csv", corrected)
    result = run_import(empty_app, tmp_path / "out" / "service_recordings.csv")
    assert result.exit_code == 0, result.output
    assert said(result, "changed").endswith(" 2 recordings")
    stored = db.session.scalars(select(ServiceAudio).order_by(ServiceAudio.language)).all()
    assert stored[0].transcript == TRANSCRIPT + " Corregido."
    assert service_audio.path_of(stored[0]).read_bytes() == mp3(2)


def test_the_workspace_zip_carries_the_audio_files(empty_app, recorded, signed_in):
    client = signed_in(Role.COORDINATOR)
    response = client.get("/admin/catalogo/exportar.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.read("recordings/pago-del-predial-descripcion-nah.ogg") == ogg_opus(3)
    table = list(csv.DictReader(io.StringIO(archive.read("service_recordings.csv").decode())))
    assert [r["file"] for r in table] == [
        "pago-del-predial-requisitos-es.mp3",
        "pago-del-predial-descripcion-nah.ogg",
    ]


def test_a_new_file_replaces_the_stored_one_which_is_removed(empty_app, recorded, tmp_path):
    export(empty_app, tmp_path / "out")
    longer = ogg_opus(5)
    (tmp_path / "out" / "recordings" / "pago-del-predial-descripcion-nah.ogg").write_bytes(longer)

    def new_file(table):
        digest = hashlib.sha256(longer).hexdigest()
        return [dict(r, sha256=digest, seconds="5") if r["language"] == "nah" else r for r in table]

    edit(tmp_path / "out", "service_recordings.csv", new_file)
    result = run_import(empty_app, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert said(result, "changed").endswith(" 1 recordings")
    nah = db.session.scalar(select(ServiceAudio).filter_by(language="nah"))
    assert nah.seconds == 5 and service_audio.path_of(nah).read_bytes() == longer
    stored = sorted(p.read_bytes() for p in service_audio.path_of(nah).parent.iterdir())
    assert stored == sorted([longer, mp3(2)]), "the replaced file is gone"


def test_the_workspace_zip_uploaded_again_brings_the_recordings_back(
    empty_app, recorded, signed_in
):
    client = signed_in(Role.COORDINATOR)
    exported = client.get("/admin/catalogo/exportar.zip").get_data()
    by = make_user(Role.ADMIN)
    for stored in db.session.scalars(select(ServiceAudio)).all():
        service_audio.delete(stored, by)
    assert db.session.scalars(select(ServiceAudio)).all() == []
    response = client.post(
        "/admin/catalogo/importar",
        data={"archivos": [(io.BytesIO(exported), "catalogo.zip")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.text
    confirmed = client.post(response.headers["Location"], data={})
    assert confirmed.status_code == 303
    back = {(a.language, a.part): a for a in db.session.scalars(select(ServiceAudio))}
    assert set(back) == {("nah", AudioPart.DESCRIPTION), ("es", AudioPart.REQUIREMENTS)}
    assert service_audio.path_of(back["nah", AudioPart.DESCRIPTION]).read_bytes() == ogg_opus(3)
    assert back["es", AudioPart.REQUIREMENTS].transcript == TRANSCRIPT


@pytest.mark.parametrize(
    ("entries", "said_instead"),
    [
        ({"../../evil.csv": b"x"}, "no es un archivo del catálogo ni una grabación"),
        ({"recordings/../services.csv": b"x"}, "no es un archivo del catálogo ni una grabación"),
        ({"notes/readme.txt": b"x"}, "no es un archivo del catálogo ni una grabación"),
        (None, "El archivo ZIP está dañado o no es un ZIP."),
    ],
)
def test_an_archive_with_anything_else_is_refused(empty_app, signed_in, entries, said_instead):
    client = signed_in(Role.COORDINATOR)
    data = b"PK not really a zip"
    if entries is not None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, content in entries.items():
                archive.writestr(name, content)
        data = out.getvalue()
    response = client.post(
        "/admin/catalogo/importar",
        data={"archivos": [(io.BytesIO(data), "catalogo.zip")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert said_instead in response.get_data(as_text=True)
    folder = Path(empty_app.config["UPLOAD_FOLDER"], "catalog-imports")
    assert not folder.exists() or list(folder.iterdir()) == []
