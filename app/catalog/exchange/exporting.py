"""The catalog as the tables of its format: importing them gives the same catalog, and exporting
again gives the same bytes (rows in the order of their keys)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog import audio as service_audio
from app.catalog.exchange.format import CATALOG, FALSE, FILES, LIST_SEPARATOR, RECORDINGS, TRUE
from app.catalog.models import Dependency, Office, Requirement, Service, ServiceAudio, Topic
from app.core.languages import canonical
from app.core.tabular import plain
from app.core.tabular import translated as texts
from app.extensions import db


def dependency_row(dependency: Dependency) -> dict:
    return {
        "slug": dependency.slug,
        "acronym": plain(dependency.acronym),
        "parent": dependency.parent.slug if dependency.parent else "",
        "retired_on": plain(dependency.retired_on),
        **texts("name", dependency.name),
    }


def topic_row(topic: Topic) -> dict:
    return {"slug": topic.slug, "retired_on": plain(topic.retired_on), **texts("name", topic.name)}


def office_row(office: Office) -> dict:
    return {
        "dependency": office.dependency.slug,
        "address": office.address,
        "phone": plain(office.phone),
        "email": plain(office.email),
        "latitude": plain(office.latitude),
        "longitude": plain(office.longitude),
        "retired_on": plain(office.retired_on),
        **texts("name", office.name),
        **texts("hours", office.hours),
        **texts("accessibility", office.accessibility),
    }


# The translated fields of a service, in the order of the file's columns.
SERVICE_TEXTS = FILES["services.csv"].required_text + FILES["services.csv"].optional_text


def service_row(service: Service) -> dict:
    return {
        "slug": service.slug,
        "code": service.code,
        "kind": service.kind.value,
        "modality": service.modality.value,
        "online_url": plain(service.online_url),
        "response_days": str(int(service.response_days)),
        "silence": service.silence.value,
        "cost_amount": plain(service.cost_amount),
        "dependency": service.dependency.slug,
        "topic": service.topic.slug,
        "languages": LIST_SEPARATOR.join(canonical(code) for code in service.languages),
        "keywords": LIST_SEPARATOR.join(service.keywords),
        "updated_on": service.updated_on.isoformat(),
        "request_type": enum_cell(service.request_type),
        "applicant_type": enum_cell(service.applicant_type),
        "prevention_days": days(service.prevention_days),
        "prevention_answer_days": days(service.prevention_answer_days),
        "appointment_required": TRUE if service.appointment_required else FALSE,
        "contact_name": plain(service.contact_name),
        "contact_phone": plain(service.contact_phone),
        "contact_email": plain(service.contact_email),
        "retired_on": plain(service.retired_on),
        "replaced_by": service.replaced_by.slug if service.replaced_by else "",
        **{
            column: value
            for name in SERVICE_TEXTS
            for column, value in texts(name, getattr(service, name)).items()
        },
    }


def enum_cell(member) -> str:
    return "" if member is None else member.value


def days(value) -> str:
    return "" if value is None else str(int(value))


def step_rows(service: Service) -> list[dict]:
    return [
        {"service": service.slug, "position": str(s.position)} | texts("text", s.text)
        for s in service.steps
    ]


def inspection_rows(service: Service) -> list[dict]:
    return [
        {
            "service": service.slug,
            "position": str(i.position),
            **texts("subject", i.subject),
            **texts("purpose", i.purpose),
        }
        for i in service.inspections
    ]


def requirement_rows(service: Service) -> list[dict]:
    return [
        {
            "service": service.slug,
            "position": str(r.position),
            "original": TRUE if r.original else FALSE,
            "copies": str(r.copies),
            "produced_by": r.produced_by.slug if r.produced_by else "",
            **texts("name", r.name),
            **texts("notes", r.notes),
            **texts("issuer", r.issuer),
        }
        for r in service.requirements
    ]


def form_rows(service: Service) -> list[dict]:
    return [
        {
            "service": service.slug,
            "position": str(f.position),
            "url": plain(f.url),
            "published_on": f.published_on.isoformat() if f.published_on else "",
        }
        | texts("name", f.name)
        for f in service.request_formats
    ]


def service_office_rows(service: Service) -> list[dict]:
    offices = sorted(service.offices, key=office_key)
    return [
        {"service": service.slug, "dependency": key[0], "office": key[1]}
        for key in map(office_key, offices)
    ]


def recording_rows(service: Service) -> list[dict]:
    """A service's recordings whose file is there (one whose file is gone plays nothing and
    has nothing to carry), the file named as in ``recording_files``."""
    rows = []
    for audio in service.recordings:
        digest = service_audio.sha256(audio)
        if digest is None:
            continue
        rows.append(
            {
                "service": service.slug,
                "part": audio.part.value,
                "language": audio.language,
                "content_type": audio.content_type,
                "seconds": str(audio.seconds),
                "file": service_audio.file_name(audio),
                "sha256": digest,
                "transcript": audio.transcript,
            }
        )
    return rows


def recording_files() -> dict[str, Path]:
    """The recordings' audio files beside the tables: ``{recordings/<file>: stored path}``."""
    audios = db.session.scalars(select(ServiceAudio).options(selectinload(ServiceAudio.service)))
    files = {}
    for audio in audios:
        path = service_audio.path_of(audio)
        if path is not None and path.is_file():
            files[f"{RECORDINGS}/{service_audio.file_name(audio)}"] = path
    return dict(sorted(files.items()))


def office_key(office: Office) -> tuple[str, str]:
    """How the files name an office: its dependency's slug and its Spanish name."""
    return office.dependency.slug, office.name.get("es", "")


def export_tables(names=FILES) -> dict[str, tuple[list[str], list[dict]]]:
    """The tables of the format (every one, or those ``names``): ``{file name: (header,
    rows)}``."""
    dependencies = db.session.scalars(
        select(Dependency).options(selectinload(Dependency.parent)).order_by(Dependency.slug)
    ).all()
    topics = db.session.scalars(select(Topic).order_by(Topic.slug)).all()
    offices = sorted(
        db.session.scalars(select(Office).options(selectinload(Office.dependency))).all(),
        key=office_key,
    )
    services = db.session.scalars(
        select(Service)
        .options(
            selectinload(Service.dependency),
            selectinload(Service.topic),
            selectinload(Service.offices).selectinload(Office.dependency),
            selectinload(Service.steps),
            selectinload(Service.requirements).selectinload(Requirement.produced_by),
            selectinload(Service.inspections),
            selectinload(Service.request_formats),
            selectinload(Service.recordings),
        )
        .order_by(Service.slug)
    ).all()
    # Made only for the tables asked for (a recording's row reads its audio file).
    rows = {
        "dependencies.csv": lambda: [dependency_row(d) for d in dependencies],
        "topics.csv": lambda: [topic_row(t) for t in topics],
        "offices.csv": lambda: [office_row(o) for o in offices],
        "services.csv": lambda: [service_row(s) for s in services],
        "service_steps.csv": lambda: [r for s in services for r in step_rows(s)],
        "service_requirements.csv": lambda: [r for s in services for r in requirement_rows(s)],
        "service_inspections.csv": lambda: [r for s in services for r in inspection_rows(s)],
        "service_forms.csv": lambda: [f for s in services for f in form_rows(s)],
        "service_offices.csv": lambda: [o for s in services for o in service_office_rows(s)],
        "service_recordings.csv": lambda: [r for s in services for r in recording_rows(s)],
    }
    return {name: (FILES[name].header, rows[name]()) for name in FILES if name in names}


def export_folder(directory: Path) -> list[Path]:
    """Write the catalog's CSV files into ``directory`` (created if needed), with the
    recordings' audio files in its ``recordings`` folder; their paths."""
    return CATALOG.export_folder(export_tables(), directory, recording_files())


def export_zip() -> bytes:
    """The catalog's CSV files and the recordings' audio files as a ZIP archive."""
    return CATALOG.write_zip(export_tables(), recording_files())


def export_workbook(path: Path) -> Path:
    """Write the catalog as an XLSX workbook, one sheet per table (a workbook cannot carry the
    recordings' audio files: ``export_folder`` writes them)."""
    return CATALOG.export_workbook(export_tables(), path)
