"""Attachments: checked by their content, kept outside static/ under random names.

Files are checked first (how many, their names, sizes and contents, images within Pillow's
pixel limit), and only then stored, under ``pending/``; each travels through the "check your
answers" step as a signed token and becomes an ``Attachment`` when the item is saved. So a
citizen never uploads twice, and nothing unchecked, nor more files than allowed, is ever stored.
"""

from __future__ import annotations

import hashlib
import io
import math
import secrets
import shutil
import time
import unicodedata
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import FileStorage
from werkzeug.security import safe_join

from app.core import audio
from app.core.lazy_text import lazy_gettext as _l

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
ALLOWED = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


# Characters that reorder or embed text (U+202A-U+202E, U+2066-U+2069): in a file name they
# disguise its extension ("factura\u202egpj.exe" reads as "factura.exe.jpg" backwards).
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


class UploadError(ValueError):
    """A file the portal refuses, with the message the citizen reads."""


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, not stored yet."""

    name: str
    content_type: str
    data: bytes
    voice: bool = False  # the person's voice message, not one of their files
    seconds: float | None = None  # how long a voice message lasts, when its format says


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    voice: bool = False
    seconds: int | None = None  # rounded up


def _folder(*parts: str) -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"], *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="feedback-upload")


def _content_type(data: bytes, name: str) -> str | None:
    """The real type of the file, from its bytes; a renamed executable is not a PDF."""
    # Loaded by the first attachment, not by every process that imports the workflow.
    import filetype
    from PIL import Image, UnidentifiedImageError

    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        return None
    if kind.mime == "application/pdf":
        return kind.mime if b"%%EOF" in data[-2048:] else None
    try:
        with warnings.catch_warnings():
            # Over Pillow's pixel limit is a warning, over twice it an error: both refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise UploadError(
            _l("La imagen %(name)s tiene demasiados píxeles. Redúzcala y adjúntela otra vez.",
               name=name)
        ) from None  # fmt: skip
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return kind.mime


def file_name(raw: str | None) -> str:
    """The name to keep for an uploaded file; raises ``UploadError`` for control characters
    (a NUL byte) or characters that reorder text."""
    name = Path((raw or "").replace("\\", "/")).name[:255]
    shown = "".join(c for c in name if c not in BIDI_CONTROLS and unicodedata.category(c) != "Cc")
    if shown != name:
        raise UploadError(
            _l("El nombre del archivo %(name)s tiene caracteres que no se permiten. Cámbielo y "
               "adjúntelo otra vez.", name=shown)
        )  # fmt: skip
    return name or "archivo"


def check(upload: FileStorage) -> CheckedFile:
    """Read and check an uploaded file without storing it; raises ``UploadError``."""
    name = file_name(upload.filename)
    with upload.stream:  # large uploads arrive in temporary files
        data = upload.stream.read(MAX_BYTES + 1)
    if not data:
        raise UploadError(_l("El archivo %(name)s está vacío.", name=name))
    if len(data) > MAX_BYTES:
        raise UploadError(_l("El archivo %(name)s pesa más de 5 MB.", name=name))
    content_type = _content_type(data, name)
    if content_type is None:
        raise UploadError(_l("El archivo %(name)s debe ser PDF, JPEG o PNG.", name=name))
    return CheckedFile(name, content_type, data)


def check_voice(upload: FileStorage) -> CheckedFile:
    """Read and check a voice message (recorded in the browser or attached as an audio file)
    without storing it; raises ``UploadError`` or ``audio.AudioError``."""
    name = file_name(upload.filename)
    with upload.stream:
        recording = audio.check(name, upload.stream, recorded=True)
    return CheckedFile(
        name, recording.content_type, recording.data, voice=True, seconds=recording.seconds
    )


def keep_pending(checked: CheckedFile) -> StoredFile:
    """Store a checked file as pending, under a random name."""
    stored = StoredFile(
        stored_name=secrets.token_hex(16),
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        voice=checked.voice,
        seconds=None if checked.seconds is None else math.ceil(checked.seconds),
    )
    (_folder("pending") / stored.stored_name).write_bytes(checked.data)
    return stored


def token(stored: StoredFile) -> str:
    """A signed reference to a pending file, to carry in a form."""
    return _serializer().dumps(asdict(stored))


def named(value: str) -> StoredFile | None:
    """The file a token names, whether or not it is still pending (purged after
    ``PENDING_UPLOAD_HOURS``, or kept with the item it was sent with); ``None`` if forged."""
    try:
        return StoredFile(**_serializer().loads(value))
    except (BadSignature, TypeError):
        return None


def is_pending(stored: StoredFile) -> bool:
    return Path(current_app.config["UPLOAD_FOLDER"], "pending", stored.stored_name).is_file()


def from_token(value: str) -> StoredFile | None:
    """The pending file a token names, or ``None`` if the token was forged or the file is gone."""
    stored = named(value)
    return stored if stored is not None and is_pending(stored) else None


def keep(stored: StoredFile) -> None:
    """Move a pending file to the attachments folder, once its item is saved."""
    shutil.move(_folder("pending") / stored.stored_name, _folder("files") / stored.stored_name)


def path_of(stored_name: str) -> Path | None:
    """Where an attachment's bytes live (for staff downloads); ``None`` for a name that would
    lead outside the attachments folder (stored names are random hex, so only a tampered row)."""
    joined = safe_join(str(Path(current_app.config["UPLOAD_FOLDER"], "files")), stored_name)
    return Path(joined) if joined else None


def purge_pending(older_than_hours: int) -> int:
    """Delete the files of forms that were never sent; returns how many."""
    limit = time.time() - older_than_hours * 3600
    stale = [f for f in _folder("pending").iterdir() if f.stat().st_mtime < limit]
    for file in stale:
        file.unlink(missing_ok=True)
    return len(stale)
