"""Fixtures of the open-data tests: the demo, and the demo with what the API must never show
(drafts, staff, evidence, unpublished improvement actions, citizens' contact data) beside what
the demo lacks (published reports with a corrected revision)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.catalog import audio as service_audio
from app.catalog.models import AudioPart, Service
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Comparator,
    Indicator,
    IndicatorKind,
    Periodicity,
    Source,
    Unit,
)
from app.core.audio import OGG, Recording
from app.core.types import Period
from app.extensions import db
from app.feedback.models import Channel, Feedback, FeedbackStatus, FeedbackType
from app.indicators.models import (
    ActionOrigin,
    ActionStatus,
    ImprovementAction,
    Measurement,
    Report,
)
from app.indicators.services.engine import record_measurement
from app.staff.models import AuditLog, Role, User
from tests.audio_samples import ogg_opus
from tests.conftest import demo_app
from tests.factories import es, make_charter, make_service

STAFF_NAME = "Rosa Elvira Quintanar"
STAFF_EMAIL = "rosa.quintanar@metepec.example"
# Words that mark every private or unpublished text added below.
PRIVATE_MARKERS = [
    "SQR-",
    "@",
    STAFF_NAME,
    "DRAFT-ONLY",
    "EVIDENCE-ONLY",
    "ACTION-ONLY",
    "CITIZEN-ONLY",
    "Citlali Privada",
    "5512345678",
    "evidencia-privada",
    "RETIRED-ONLY",
]
REPORT_PERIOD = Period(2026, "T", 1)
CORRECTION_NOTE = "Se corrigió el tiempo de espera de enero."


def _draft_version(charter: Charter) -> CharterVersion:
    """A new draft version of a published charter, with a commitment, an indicator and a
    result that must stay unpublished."""
    texts = {
        name: es(f"DRAFT-ONLY {name}")
        for name in (
            "purpose",
            "rights",
            "obligations",
            "participation_channels",
            "compensation_measures",
            "responsible_unit",
        )
    }
    version = CharterVersion(
        charter=charter,
        number=max(v.number for v in charter.versions) + 1,
        status=CharterStatus.DRAFT,
        valid_from=date(2027, 1, 1),
        valid_until=None,
        published_on=None,
        **texts,
    )
    commitment = Commitment(version=version, position=1, text=es("DRAFT-ONLY commitment"))
    commitment.indicators.append(
        Indicator(
            position=1,
            name=es("DRAFT-ONLY indicator"),
            kind=IndicatorKind.SHARE_WITHIN,
            numerator=es("DRAFT-ONLY numerator"),
            denominator=es("DRAFT-ONLY denominator"),
            target=Decimal(95),
            comparator=Comparator.AT_LEAST,
            unit=Unit.PERCENT,
            periodicity=Periodicity.QUARTERLY,
            source=Source.MANUAL,
        )
    )
    db.session.add(version)
    return version


def add_private_and_unpublished_rows() -> None:
    """What a working institution has beside the demo; commits."""
    now = datetime(2026, 4, 10, 17, 0)
    staff = User(
        email=STAFF_EMAIL,
        name=STAFF_NAME,
        password_hash="not-a-password-hash",
        role=Role.MANAGER,
        created_at=now,
    )
    charter = db.session.scalar(select(Charter).order_by(Charter.id))
    draft = _draft_version(charter)
    make_charter([db.session.scalar(select(Service).order_by(Service.id))], CharterStatus.DRAFT)
    db.session.flush()
    record_measurement(draft.commitments[0].indicators[0], REPORT_PERIOD, 1, 2)

    measurement = db.session.scalar(
        select(Measurement).where(Measurement.source == Source.MANUAL).order_by(Measurement.id)
    )
    measurement.recorded_by = staff
    measurement.evidence_note = "EVIDENCE-ONLY sample of 40 files"
    measurement.evidence_filename = "evidencia-privada.pdf"
    db.session.add(
        ImprovementAction(
            charter=charter,
            origin=ActionOrigin.UNMET_INDICATOR,
            indicator=measurement.indicator,
            period=REPORT_PERIOD,
            cause="ACTION-ONLY cause still under analysis",
            responsible=STAFF_NAME,
            status=ActionStatus.PLANNED,
            created_at=now,
            updated_at=now,
            created_by=staff,
        )
    )
    content = {
        "charter": charter.slug,
        "period": str(REPORT_PERIOD),
        "results": [{"indicator_id": measurement.indicator_id, "value": 91.5, "status": "met"}],
        "actions": [
            {"cause": "Faltó personal en ventanilla.", "action": "Se abrió otra ventanilla."}
        ],
    }
    for revision, note in ((1, None), (2, CORRECTION_NOTE)):
        db.session.add(
            Report(
                charter=charter,
                period=REPORT_PERIOD,
                revision=revision,
                content={**content, "revision": revision},
                note=note,
                published_at=now.replace(day=10 + revision),
                published_by=staff,
            )
        )
    db.session.add(
        Feedback(
            folio="SQR-2026-999999",
            access_code_hash="not-a-hash",
            submission_key="private-rows",
            type=FeedbackType.COMPLAINT,
            channel=Channel.WEB,
            service_id=charter.services[0].id,
            text="CITIZEN-ONLY: nadie me atendió en la ventanilla 3.",
            contact_name="Citlali Privada",
            contact_email="citlali.privada@example.org",
            contact_phone="5512345678",
            language="es",
            consent=True,
            status=FeedbackStatus.RECEIVED,
            received_at=now,
            received_on=now.date(),
            due_days=10,
            due_on=date(2026, 4, 24),
            assignee=staff,
        )
    )
    db.session.add(
        AuditLog(at=now, user=staff, action="report.publish", detail={"email": STAFF_EMAIL})
    )
    db.session.commit()
    add_recordings(staff)


RECORDING_TRANSCRIPT = "Ipan inin tequitl tictlaxtlahuah in predial."


def add_recordings(staff: User) -> None:
    """A recording of an offered service (with its file, as an upload leaves it) and one of a
    retired service, which must never be published."""
    offered = db.session.scalar(select(Service).where(Service.retired_on.is_(None)).limit(1))
    retired = make_service("Trámite que ya no se ofrece", retired_on=date(2026, 1, 31))
    db.session.commit()
    three_seconds = Recording("lectura.ogg", OGG, ogg_opus(3), 3.0)
    service_audio.save(offered, "nah", AudioPart.DESCRIPTION, three_seconds, RECORDING_TRANSCRIPT,
                       staff)  # fmt: skip
    service_audio.save(retired, "es", AudioPart.DESCRIPTION, three_seconds, "RETIRED-ONLY",
                       staff)  # fmt: skip


@pytest.fixture(scope="session")
def full_app(tmp_path_factory):
    """The demo plus drafts, staff, evidence, published reports and a citizen's contact data;
    tests must not write."""
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            add_private_and_unpublished_rows()
        yield application


@pytest.fixture
def full_client(full_app):
    return full_app.test_client()


def all_rows(client, name: str, query: str = "") -> list[dict]:
    """Every row of a list, following its next links."""
    url, rows = f"/api/v1/{name}?per_page=500&{query}", []
    while url:
        body = client.get(url).get_json()
        rows += body["data"]
        url = body["links"]["next"]
    return rows
