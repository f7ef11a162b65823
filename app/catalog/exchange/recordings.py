"""Recordings in the catalog's import: a row of ``service_recordings.csv`` brings its audio file
in the ``recordings`` folder beside the tables, checked by its content like an upload; without
the file (a workbook, loose CSV files) the row may only repeat a stored recording's file (same
SHA-256), e.g. to change its transcript."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace as Namespace
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog import audio as service_audio
from app.catalog.exchange.format import RECORDINGS
from app.catalog.models import AudioPart, Service, ServiceAudio
from app.core import audio
from app.core.clock import utcnow
from app.core.i18n import LANGUAGES
from app.core.tabular import Check, Summary
from app.extensions import db

if TYPE_CHECKING:
    from app.catalog.exchange.validating import Parsed

SHA256 = re.compile(r"^[0-9a-f]{64}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")  # no folder: inside recordings/


@dataclass
class FileChanges:
    """The audio files an import wrote and those its new files replace: the written ones are
    removed if nothing is committed, the replaced ones once it is."""

    written: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)

    @staticmethod
    def remove(paths: list[Path]) -> None:
        for path in paths:
            path.unlink(missing_ok=True)


def stored() -> dict:
    """The stored recordings: ``{(service, part, language): (sha256, content type, seconds)}``."""
    found = {}
    for stored in _stored_audio():
        digest = service_audio.sha256(stored)
        if digest is not None:
            key = (stored.service.slug, stored.part.value, stored.language)
            found[key] = (digest, stored.content_type, stored.seconds)
    return found


def checked(check: Check, services, folder: Path | None, stored: dict) -> Namespace | None:
    """A recording's row with what its audio file says (its SHA-256, type and seconds), the file
    checked like an upload; without the file, the stored recording it repeats."""
    service = check.ref("service", services, _("el trámite"))
    part = check.enum("part", AudioPart)
    language = check.get("language")
    if language not in LANGUAGES:
        check.not_one_of("language", language, list(LANGUAGES))
    name = check.string("file", 200, required=True, pattern=FILE_NAME)
    digest = check.string("sha256", 64, required=True, pattern=SHA256)
    seconds = check.integer("seconds", 1, 999_999)
    transcript = check.string("transcript", 20_000, required=True)
    if None in (service, part, name, digest, seconds, transcript) or language not in LANGUAGES:
        return None
    path = folder / RECORDINGS / name if folder is not None else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as stream:
                recording = audio.check(name, stream)
        except audio.AudioError as error:
            check.problem("file", str(error))
            return None
        sha256 = hashlib.sha256(recording.data).hexdigest()
        found = (sha256, recording.content_type, math.ceil(recording.seconds or 0))
    else:
        path = None
        found = stored.get((service, part.value, language))
        if found is None or found[0] != digest:
            reason = _(
                "falta el archivo %(file)s en la carpeta %(folder)s (un libro XLSX o archivos "
                "CSV sueltos no llevan audio: use la carpeta o el ZIP que exporta el catálogo)",
                file=repr(name),
                folder=RECORDINGS,
            )
            check.problem("file", reason)
            return None
    if found[0] != digest:
        check.problem("sha256", _("no es la del archivo %(file)s", file=repr(name)))
    if found[1] != check.get("content_type"):
        check.problem("content_type", _("el archivo es %(type)s", type=found[1]))
    if found[2] != seconds:
        check.problem("seconds", _("el archivo dura %(seconds)s segundos", seconds=found[2]))
    return Namespace(
        part=part,
        transcript=transcript,
        sha256=found[0],
        content_type=found[1],
        seconds=found[2],
        path=path,
    )


def apply(parsed: Parsed, in_files: bool, summary: Summary, files: FileChanges | None, by) -> None:
    """Create and change the recordings that differ from the files (their audio files written
    under new names; ``files`` is ``None`` in a dry run, which only counts them); ``in_files``:
    whether the files have the table (then what they leave out is counted)."""
    stored = {(a.service.slug, a.part.value, a.language): a for a in _stored_audio()}
    if in_files:
        summary.not_in_files["recordings"] = len(set(stored) - set(parsed.recordings))
    services = {s.slug: s for s in db.session.scalars(select(Service))} if parsed.recordings else {}
    for key, wanted in sorted(parsed.recordings.items()):
        recording = stored.get(key)
        known = parsed.stored_recordings.get(key)
        same_file = known is not None and known[0] == wanted.sha256
        if same_file and recording.transcript == wanted.transcript:
            continue
        summary.note("created" if recording is None else "changed", "recordings", " ".join(key))
        if files is None:
            continue
        if recording is None:
            recording = ServiceAudio(service=services[key[0]], part=wanted.part, language=key[2])
            db.session.add(recording)
        if not same_file:
            old = service_audio.path_of(recording) if recording.stored_name else None
            if old is not None:
                files.replaced.append(old)
            data = wanted.path.read_bytes()
            recording.stored_name = service_audio.store(data)
            files.written.append(service_audio.path_of(recording))
            recording.content_type, recording.size = wanted.content_type, len(data)
            recording.seconds = wanted.seconds
        recording.transcript = wanted.transcript
        recording.updated_at = utcnow()
        recording.updated_by_id = by.id if by is not None else None


def _stored_audio() -> list[ServiceAudio]:
    return db.session.scalars(
        select(ServiceAudio).options(selectinload(ServiceAudio.service))
    ).all()
