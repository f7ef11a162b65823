"""Uploads are checked before anything is stored: never more files than allowed on disk, images
over Pillow's pixel limit refused with a message, and crafted file names refused at the field
with everything typed kept."""

import struct
import zlib
from pathlib import Path

import pytest

from tests.feedback.conftest import PDF, errors, png_bytes, soup

TEXT = "Me cobraron dos veces el mismo derecho."


def pending(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"], "pending")
    return list(folder.iterdir()) if folder.exists() else []


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("description", [TEXT, ""])
def test_a_form_with_too_many_files_stores_none_of_them(empty_app, citizen, description):
    files = [(f"foto-{n}.png", png_bytes()) for n in range(100)]
    response = citizen.fill(files=files, descripcion=description)
    assert response.status_code == 400
    assert "Adjunte como máximo 3 archivos." in errors(response)
    assert pending(empty_app) == []


def test_an_invalid_form_keeps_at_most_the_allowed_files_and_the_text(empty_app, citizen):
    files = [(f"foto-{n}.png", png_bytes()) for n in range(3)]
    response = citizen.fill(files=files, descripcion="", lugar="Ventanilla 5")
    assert response.status_code == 400
    assert len(pending(empty_app)) == 3  # kept, so the citizen need not attach them again
    page = soup(response)
    assert page.select_one("input[name=lugar]")["value"] == "Ventanilla 5"
    tokens = page.select("input[name=adjuntos_guardados]")
    again = citizen.fill(adjuntos_guardados=[t["value"] for t in tokens], files=[("x.pdf", PDF)])
    assert again.status_code == 400  # 3 kept + 1 new: too many, and the new one is not stored
    assert len(pending(empty_app)) == 3


def test_one_refused_file_keeps_only_the_good_ones(empty_app, citizen):
    """The refused file is never stored; the good one is kept pending (and said so), so that
    only the refused one is chosen again."""
    response = citizen.fill(files=[("bien.pdf", PDF), ("mal.pdf", b"MZ\x90\x00 not a pdf")])
    assert response.status_code == 400
    assert "El archivo mal.pdf debe ser PDF, JPEG o PNG." in errors(response)
    kept = pending(empty_app)
    assert len(kept) == 1 and kept[0].read_bytes() == PDF


@pytest.mark.parametrize("size", [(10_000, 10_000), (50_000, 50_000)])
def test_a_decompression_bomb_is_refused_with_a_message(empty_app, citizen, size):
    response = citizen.fill(files=[("plano.png", png_claiming(*size))], descripcion=TEXT)
    assert response.status_code == 400
    assert "La imagen plano.png tiene demasiados píxeles." in " ".join(errors(response))
    assert TEXT in response.get_data(as_text=True)
    assert pending(empty_app) == []


@pytest.mark.parametrize(
    "name", ["acta\x00.pdf.png", "acta\u202efdp.exe", "acta\u2066.pdf", "ac\x1bta.pdf"]
)
def test_crafted_file_names_are_refused_at_the_field_keeping_the_text(empty_app, citizen, name):
    response = citizen.fill(files=[(name, PDF)], descripcion=TEXT, nombre="Rosa")
    assert response.status_code == 400
    problem = soup(response).select_one("#adjuntos-error")
    message = " ".join(errors(response))
    assert "tiene caracteres que no se permiten" in message, message
    assert "\x00" not in message and "\u202e" not in message
    assert problem is not None
    assert TEXT in response.get_data(as_text=True)
    assert soup(response).select_one("input[name=nombre]")["value"] == "Rosa"
    assert pending(empty_app) == []
