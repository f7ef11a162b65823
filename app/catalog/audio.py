"""Recordings of a service's description and requirements, one per language and part: kept
under random names outside static/, replaced or deleted by the people who may translate that
language, every change audited."""

from __future__ import annotations

import hashlib
import math
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import bindparam, inspect, select
from werkzeug.security import safe_join

from app.catalog.models import AudioPart, Service, ServiceAudio
from app.core.audio import EXTENSIONS, Recording
from app.core.clock import utcnow
from app.extensions import db
from app.staff.models import INSTITUTION_ROLES, Role, User
from app.staff.services import audit

FOLDER = "audio"


def may_record(user: User, language: str) -> bool:
    """Administrators and coordinators record any language; translators the languages
    assigned to them; nobody else."""
    if user.role in INSTITUTION_ROLES:
        return True
    return user.role is Role.TRANSLATOR and language in (user.translation_languages or ())


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"], FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_of(audio: ServiceAudio) -> Path | None:
    """Where a recording's bytes live; ``None`` for a name leading outside the folder."""
    joined = safe_join(str(Path(current_app.config["UPLOAD_FOLDER"], FOLDER)), audio.stored_name)
    return Path(joined) if joined else None


def file_name(audio: ServiceAudio) -> str:
    """The name a recording's file is downloaded and exported under (the stored one is
    random): ``<service>-<part>-<language>.<extension>``."""
    extension = EXTENSIONS[audio.content_type]
    return f"{audio.service.slug}-{audio.part.value}-{audio.language}.{extension}"


def sha256(audio: ServiceAudio) -> str | None:
    """The SHA-256 of a recording's file; ``None`` when the file is gone."""
    path = path_of(audio)
    if path is None or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store(data: bytes) -> str:
    """Write a recording's bytes under a new random name; that name."""
    stored_name = secrets.token_hex(16)
    (_folder() / stored_name).write_bytes(data)
    return stored_name


# A service's page and a charter's read them on every request: built once (see
# ``app.core.loading``).
_OF_SERVICE = (
    select(ServiceAudio)
    .where(ServiceAudio.service_id == bindparam("service"))
    .order_by(ServiceAudio.id)
)
_OF_SERVICE_IN_LANGUAGE = _OF_SERVICE.where(ServiceAudio.language == bindparam("language"))
_IN_LANGUAGE = select(ServiceAudio).where(
    ServiceAudio.service_id.in_(bindparam("services", expanding=True)),
    ServiceAudio.language == bindparam("language"),
)


def recordings(service: Service, language: str | None = None) -> dict:
    """A service's recordings: ``{(language, part): ServiceAudio}``, or ``{part: …}`` for one
    language."""
    if "recordings" not in inspect(service).unloaded:  # already read with the service
        rows = [r for r in service.recordings if language in (None, r.language)]
    elif language is None:
        rows = db.session.scalars(_OF_SERVICE, {"service": service.id})
    else:
        parameters = {"service": service.id, "language": language}
        rows = db.session.scalars(_OF_SERVICE_IN_LANGUAGE, parameters)
    if language is None:
        return {(row.language, row.part): row for row in rows}
    return {row.part: row for row in rows}


def for_services(service_ids: list[int], language: str) -> dict[int, dict]:
    """The recordings of several services in one language: ``{service_id: {part: audio}}``."""
    if not service_ids:
        return {}
    rows = db.session.scalars(_IN_LANGUAGE, {"services": service_ids, "language": language})
    found: dict[int, dict] = {}
    for row in rows:
        found.setdefault(row.service_id, {})[row.part] = row
    return found


def save(
    service: Service,
    language: str,
    part: AudioPart,
    recording: Recording,
    transcript: str,
    by: User,
    ip: str | None = None,
) -> ServiceAudio:
    """Store a checked recording with its transcript, replacing the one before (whose file is
    deleted once the new row is committed)."""
    audio = db.session.scalar(
        select(ServiceAudio).filter_by(service_id=service.id, language=language, part=part)
    )
    old = path_of(audio) if audio is not None else None
    stored_name = store(recording.data)
    action = "catalog.audio_replaced" if audio is not None else "catalog.audio_added"
    if audio is None:
        audio = ServiceAudio(service=service, language=language, part=part)
        db.session.add(audio)
    audio.stored_name = stored_name
    audio.content_type = recording.content_type
    audio.size = len(recording.data)
    audio.seconds = math.ceil(recording.seconds or 0)
    audio.transcript = transcript
    audio.updated_at = utcnow()
    audio.updated_by_id = by.id
    db.session.flush()
    detail = {
        "service": service.slug,
        "language": language,
        "part": part.value,
        "content_type": recording.content_type,
        "size": audio.size,
        "seconds": audio.seconds,
    }
    audit(action, by, audio, detail, ip)
    db.session.commit()
    if old is not None:
        old.unlink(missing_ok=True)
    return audio


def delete(audio: ServiceAudio, by: User, ip: str | None = None) -> None:
    """Remove a recording and its file."""
    path = path_of(audio)
    detail = {"service": audio.service.slug, "language": audio.language, "part": audio.part.value}
    audit("catalog.audio_deleted", by, audio, detail, ip)
    db.session.delete(audio)
    db.session.commit()
    if path is not None:
        path.unlink(missing_ok=True)
