"""Importing a program from files uploaded in the workspace, in two steps, as the catalog's
upload does.

``check`` makes a dry run of the files; when they have no problem, it keeps them on the server
(``app.core.pending_imports``) with what the import would do (its ``plan``), for the person to
confirm. ``confirm`` imports exactly those files if they still do what was confirmed, once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.core.lazy_text import lazy_gettext as _l
from app.core.pending_imports import PendingImports
from app.core.rules import RuleError
from app.core.spreadsheet_uploads import UNPACKED, fits_unpacked
from app.core.tabular import Stale
from app.programs.services.csv_format import FILES
from app.programs.services.importing import Imported, import_program
from app.staff.models import User

PENDING = PendingImports("program-imports")


@dataclass
class Upload:
    """Files kept for a person to confirm: their token, what importing them would do (``plan``,
    a ``Summary.plan``), the program they hold and its counts."""

    token: str
    plan: dict
    files: list[str]
    program: dict


def limit_mb() -> int:
    """The upload limit: the one of the catalog's spreadsheets (a program's files are far
    smaller)."""
    return current_app.config["CATALOG_UPLOAD_MAX_MB"]


def _refuse(message) -> None:
    raise RuleError({"archivos": message})


def _checked_files(files: list[tuple[str, bytes]]) -> dict[str, bytes]:
    """The uploaded files by name; ``RuleError`` for a file that is not one of the format's,
    two with the same name, or more than the limit."""
    files = [(name, data) for name, data in files if name]
    if not files:
        _refuse(_l("Elija los archivos CSV del programa, o su libro XLSX."))
    if sum(len(data) for _name, data in files) > limit_mb() * 1024 * 1024:
        _refuse(_l("Los archivos pasan de %(limit)s MB en total.", limit=limit_mb()))
    kept: dict[str, bytes] = {}
    for name, data in files:
        base = Path(name.replace("\\", "/")).name
        if base.lower().endswith(".xlsx"):
            if len(files) > 1:
                _refuse(_l("Suba un solo libro XLSX, o solo archivos CSV."))
            if not fits_unpacked(data, UNPACKED * limit_mb() * 1024 * 1024):
                _refuse(_l("El libro XLSX es demasiado grande una vez descomprimido."))
            kept[base] = data
            continue
        if base not in FILES:
            expected = ", ".join(FILES)
            _refuse(
                _l(
                    "«%(name)s» no es un archivo del programa (%(expected)s).",
                    name=base,
                    expected=expected,
                )
            )
        if base in kept:
            _refuse(_l("Hay dos archivos con el mismo nombre."))
        kept[base] = data
    return kept


def _program(imported: Imported) -> dict:
    return {
        "slug": imported.slug,
        "new": imported.new,
        "objectives": imported.objectives,
        "commitments": imported.commitments,
        "mechanisms": imported.mechanisms,
    }


def check(files: list[tuple[str, bytes]], user: User) -> Upload:
    """Say what importing the files would do, and keep them for ``user`` to confirm.
    ``RuleError`` for files that are not of the format; ``ImportRefused`` (nothing kept) with
    every problem of their rows."""
    kept = _checked_files(files)
    imported = import_program(kept, dry_run=True)
    folder = PENDING.keep(kept.items())
    upload = Upload(folder.name, imported.summary.plan(), sorted(kept), _program(imported))
    PENDING.describe(folder, user, **_noted(upload))
    return upload


def _noted(upload: Upload) -> dict:
    return {"plan": upload.plan, "files": upload.files, "program": upload.program}


def pending(token: str, user: User) -> Upload | None:
    """The upload ``user`` may confirm under ``token``, if it is still waiting."""
    meta = PENDING.pending(token, user)
    return None if meta is None else Upload(token, meta["plan"], meta["files"], meta["program"])


def confirm(upload: Upload, user: User, ip: str | None) -> Imported | None:
    """Import the files of ``upload`` as confirmed. ``None`` when they were imported (or
    dropped) already; ``Stale`` (with the files kept and the new plan) when they would now do
    something else; ``ImportRefused`` (nothing kept) when they now have problems."""
    with PENDING.claimed(upload.token) as claimed:
        if claimed is None:
            return None  # confirmed twice: the first confirmation has it
        files = {name: (claimed / name).read_bytes() for name in upload.files}
        try:
            return import_program(files, by=user, ip=ip, expected=upload.plan)
        except Stale as stale:
            upload.plan = stale.summary.plan()
            upload.program["new"] = stale.summary.created["programs"] == 1
            PENDING.put_back(claimed, user, **_noted(upload))
            raise
