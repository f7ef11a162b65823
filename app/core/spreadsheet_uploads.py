"""Importing a spreadsheet format (the catalog's, the charters') from files uploaded in the
workspace, in two steps.

``check`` keeps the files on the server (``app.core.pending_imports``) and makes a dry run:
problems refuse the files (and they are removed); otherwise what the import would do (its
``plan``) waits for the person to confirm. ``confirm`` imports exactly those files if they still
do what was confirmed, once. The files are the format's CSV files, one XLSX workbook with a
sheet per table, or one ZIP archive of the CSV files as the workspace exports them."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.core.lazy_text import lazy_gettext as _l
from app.core.pending_imports import PendingImports
from app.core.rules import RuleError
from app.core.table_format import Format
from app.core.tabular import ImportRefused, Problem, Stale, Summary
from app.staff.models import User

# A workbook is a ZIP archive of XML, and an export a ZIP archive of its files: at most this
# many times the upload limit once unpacked (a "ZIP bomb" would fill the memory).
UNPACKED = 10
ARCHIVE_ENTRIES = 10_000


@dataclass
class Upload:
    """Files kept for a person to confirm: their token and what importing them would do."""

    token: str
    plan: dict
    files: list[str]


def max_bytes() -> int:
    return current_app.config["CATALOG_UPLOAD_MAX_MB"] * 1024 * 1024


def _refuse(message) -> None:
    raise RuleError({"archivos": message})


@dataclass(frozen=True)
class SpreadsheetUploads:
    """The uploads of one format. ``importer(tables, problems, folder, dry_run=, by=, ip=,
    expected=)`` is the format's all-or-nothing import (``folder``: where the files are kept,
    for files the tables name); ``choose`` asks for the files; ``foreign(name, expected)`` says
    a file is not one of the format's; ``also_in_archive(folder, name)`` accepts other entries
    of a ZIP archive (the catalog's recordings), which ``foreign_entry(name)`` refuses
    otherwise."""

    folder: str
    format: Format
    importer: Callable[..., Summary]
    choose: object
    foreign: Callable[[str, str], object]
    foreign_entry: Callable[[str], object]
    also_in_archive: Callable[[str, str], bool] = lambda _folder, _name: False

    @property
    def workbook(self) -> str:
        """The name an uploaded workbook is kept under (problems name its sheets so)."""
        return f"{self.format.name}.xlsx"

    @property
    def pending_imports(self) -> PendingImports:
        return PendingImports(self.folder)

    def _checked_files(self, files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
        """The uploaded files under the names they are kept as; ``RuleError`` for anything
        that is not the format's CSV files, one XLSX workbook or one ZIP archive, or too big."""
        files = [(name, data) for name, data in files if name]
        if not files:
            _refuse(self.choose)
        if sum(len(data) for _name, data in files) > max_bytes():
            limit = current_app.config["CATALOG_UPLOAD_MAX_MB"]
            _refuse(_l("Los archivos pasan de %(limit)s MB en total.", limit=limit))
        kept = []
        for name, data in files:
            base = Path(name.replace("\\", "/")).name
            suffix = Path(base).suffix.lower()
            if suffix == ".zip" and len(files) == 1:
                kept += self._unpacked(data)
            elif suffix == ".zip":
                _refuse(_l("Suba un solo archivo ZIP, o solo archivos CSV."))
            elif suffix == ".xlsx" and len(files) == 1:
                if not fits_unpacked(data, UNPACKED * max_bytes()):
                    _refuse(_l("El libro XLSX es demasiado grande una vez descomprimido."))
                kept.append((self.workbook, data))
            elif suffix == ".xlsx":
                _refuse(_l("Suba un solo libro XLSX, o solo archivos CSV."))
            elif suffix == ".csv" and base in self.format.files:
                kept.append((base, data))
            elif suffix == ".csv":
                _refuse(self.foreign(base, ", ".join(self.format.files)))
            else:
                _refuse(_l("«%(name)s» no es un archivo CSV, un libro XLSX ni un ZIP.", name=base))
        if len({name for name, _data in kept}) < len(kept):
            _refuse(_l("Hay dos archivos con el mismo nombre."))
        return kept

    def _unpacked(self, data: bytes) -> list[tuple[str, bytes]]:
        """The files of a ZIP archive as the workspace exports it. ``RuleError`` for anything
        else in it, or for an archive too big once unpacked."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = [entry for entry in archive.infolist() if not entry.is_dir()]
                if (
                    len(entries) > ARCHIVE_ENTRIES
                    or sum(entry.file_size for entry in entries) > UNPACKED * max_bytes()
                ):
                    _refuse(_l("El archivo ZIP es demasiado grande una vez descomprimido."))
                kept, left = [], UNPACKED * max_bytes()
                for entry in entries:
                    folder, _slash, base = entry.filename.rpartition("/")
                    if not (
                        (not folder and base in self.format.files)
                        or self.also_in_archive(folder, base)
                    ):
                        _refuse(self.foreign_entry(entry.filename))
                    unpacked = _read_at_most(archive, entry, left)
                    if unpacked is None:
                        _refuse(_l("El archivo ZIP es demasiado grande una vez descomprimido."))
                    left -= len(unpacked)
                    kept.append((entry.filename, unpacked))
                return kept
        except zipfile.BadZipFile:
            _refuse(_l("El archivo ZIP está dañado o no es un ZIP."))

    def _read(self, folder: Path, problems: list[Problem]):
        workbook = folder / self.workbook
        if workbook.exists():
            return self.format.read_workbook(self.workbook, workbook.read_bytes(), problems)
        tables = {}
        for path in sorted(folder.glob("*.csv")):
            tables |= self.format.read_source(path, problems)
        return tables

    def check(self, files: list[tuple[str, bytes]], user: User) -> Upload:
        """Keep the files and say what importing them would do. ``RuleError`` for files that
        are not of the format; ``ImportRefused`` (nothing kept) with every problem of their
        rows."""
        kept = self._checked_files(files)
        folder = self.pending_imports.keep(kept)
        problems: list[Problem] = []
        try:
            summary = self.importer(self._read(folder, problems), problems, folder, dry_run=True)
        except ImportRefused:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        upload = Upload(folder.name, summary.plan(), [name for name, _data in kept])
        self.pending_imports.describe(folder, user, plan=upload.plan, files=upload.files)
        return upload

    def pending(self, token: str, user: User) -> Upload | None:
        """The upload ``user`` may confirm under ``token``, if it is still waiting."""
        meta = self.pending_imports.pending(token, user)
        return None if meta is None else Upload(token, meta["plan"], meta["files"])

    def confirm(self, upload: Upload, user: User, ip: str | None) -> Summary | None:
        """Import the files of ``upload`` as confirmed. ``None`` when they were imported (or
        dropped) already; ``Stale`` (with the files kept and the new plan) when they would now
        do something else; ``ImportRefused`` (nothing kept) when they now have problems."""
        with self.pending_imports.claimed(upload.token) as claimed:
            if claimed is None:
                return None  # confirmed twice: the first confirmation has it
            problems: list[Problem] = []
            try:
                return self.importer(
                    self._read(claimed, problems),
                    problems,
                    claimed,
                    by=user,
                    ip=ip,
                    expected=upload.plan,
                )
            except Stale as stale:
                upload.plan = stale.summary.plan()
                self.pending_imports.put_back(claimed, user, plan=upload.plan, files=upload.files)
                raise


UNPACK_CHUNK = 64 * 1024


def _read_at_most(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, most: int, keep: bool = True
) -> bytes | int | None:
    """An entry's bytes (their number, without ``keep``), unpacked a chunk at a time; ``None``
    once more than ``most`` came out. The sizes an archive declares may lie (a ZIP bomb says
    100 bytes and unpacks a gigabyte): only what really comes out counts."""
    unpacked, size = bytearray(), 0
    with archive.open(entry) as stream:
        while chunk := stream.read(UNPACK_CHUNK):
            size += len(chunk)
            if size > most:
                return None
            if keep:
                unpacked += chunk
    return bytes(unpacked) if keep else size


def fits_unpacked(data: bytes, most: int) -> bool:
    """Whether a workbook (a ZIP archive) holds at most ``most`` bytes once unpacked, counted
    as it unpacks (see ``_read_at_most``); one that is no archive fits (the reader then says
    what it is). ``RuleError`` for a damaged one: an entry that does not unpack to what its
    headers say must not reach the spreadsheet reader, which unpacks it whole at once."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return True
    with archive:
        for entry in archive.infolist():
            try:
                size = _read_at_most(archive, entry, most, keep=False)
            except (zipfile.BadZipFile, OSError, EOFError):
                _refuse(_l("El libro XLSX está dañado."))
            if size is None:
                return False
            most -= size
    return True
