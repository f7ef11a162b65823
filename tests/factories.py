"""Small builders for tests that need rows of their own (on ``empty_app``): one per model that
tests build, with defaults a test overrides by keyword."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count

from app.catalog.models import Dependency, Modality, Service, ServiceKind, Silence, Topic
from app.catalog.services import index_service
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
from app.core.types import WorkingDays
from app.extensions import db
from app.feedback.models import Channel, Feedback, FeedbackStatus, FeedbackType, SurveyResponse
from app.staff.models import Role, User
from app.staff.services import create_user

# Every staff member the factories make has this password.
PASSWORD = "una frase larga y segura"

_sequence = count(1)


def es(text: str, **others) -> dict:
    return {"es": text, **others}


def make_dependency(name="Tesorería", **fields) -> Dependency:
    n = next(_sequence)
    dependency = Dependency(slug=fields.pop("slug", f"dependencia-{n}"), name=es(name), **fields)
    db.session.add(dependency)
    return dependency


def make_topic(name="Pagos") -> Topic:
    topic = Topic(slug=f"tema-{next(_sequence)}", name=es(name))
    db.session.add(topic)
    return topic


def make_service(name="Trámite de prueba", dependency=None, topic=None, **fields) -> Service:
    """A service; ``name`` is Spanish text or a dict of translations."""
    n = next(_sequence)
    values = dict(
        slug=f"servicio-{n}",
        code=f"TST-{n:04d}",
        name=name if isinstance(name, dict) else es(name),
        kind=ServiceKind.TRAMITE,
        description=es("Descripción."),
        applicants=es("Cualquier persona."),
        modality=Modality.IN_PERSON,
        response_days=10,
        silence=Silence.NOT_APPLICABLE,
        legal_basis=es("Reglamento municipal."),
        keywords=[],
        languages=["es"],
        updated_on=date(2026, 1, 15),
    )
    values.update(fields)
    service = Service(
        dependency=dependency or make_dependency(), topic=topic or make_topic(), **values
    )
    index_service(service)
    db.session.add(service)
    return service


def make_charter(services, status=CharterStatus.PUBLISHED, number=1, charter=None) -> Charter:
    """A charter (or a new version of ``charter``) with one commitment and one indicator."""
    n = next(_sequence)
    if charter is None:
        charter = Charter(
            slug=f"carta-{n}",
            title=es(f"Carta {n}"),
            dependency=services[0].dependency,
            services=list(services),
        )
        db.session.add(charter)
    version = CharterVersion(
        charter=charter,
        number=number,
        status=status,
        valid_from=date(2026, 1, 1),
        valid_until=None,
        published_on=date(2026, 1, number),
        purpose=es("Propósito."),
        rights=es("Derechos."),
        obligations=es("Obligaciones."),
        participation_channels=es("Buzón."),
        compensation_measures=es("Disculpa."),
        responsible_unit=es("Unidad."),
    )
    commitment = Commitment(
        version=version, position=1, text=es(f"Compromiso de la versión {number}")
    )
    commitment.indicators.append(
        Indicator(
            position=1,
            name=es("Satisfacción"),
            kind=IndicatorKind.SHARE_WITHIN,
            numerator=es("Usuarios satisfechos"),
            denominator=es("Usuarios encuestados"),
            target=Decimal(90),
            comparator=Comparator.AT_LEAST,
            unit=Unit.PERCENT,
            periodicity=Periodicity.QUARTERLY,
            source=Source.SURVEY,
        )
    )
    db.session.add(version)
    return charter


def make_user(
    role=Role.ADMIN, dependency=None, email=None, name=None, languages=None, **fields
) -> User:
    """A staff member (committed, audited: through the service) whose password is PASSWORD;
    ``fields`` set other attributes (``ui_language``...)."""
    n = next(_sequence)
    translates = fields.pop("translation_languages", ["en"] if role is Role.TRANSLATOR else [])
    user = create_user(
        email or f"{role.value}-{n}@example.org",
        name or f"{role.value.title()} {n}",
        role,
        PASSWORD,
        dependency=dependency,
        languages=languages,
        translation_languages=translates,
    )
    if fields:
        for attribute, value in fields.items():
            setattr(user, attribute, value)
        db.session.commit()
    return user


def make_feedback(service=None, received_on=date(2026, 11, 3), **fields) -> Feedback:
    """A feedback item (a complaint received on ``received_on``, due ten working days later),
    added to the session; its access code hash matches no code unless given."""
    n = next(_sequence)
    values = dict(
        folio=f"SQR-{received_on.year}-{n:06d}",
        access_code_hash="x",
        submission_key=f"key-{n}",
        type=FeedbackType.COMPLAINT,
        channel=Channel.WEB,
        text="Texto.",
        language="es",
        consent=True,
        status=FeedbackStatus.RECEIVED,
        received_at=datetime.combine(received_on, datetime.min.time()) + timedelta(hours=18),
        received_on=received_on,
        due_days=WorkingDays(10),
        due_on=received_on + timedelta(days=14),
    )
    if service is not None:
        values.update(service=service, dependency=service.dependency)
    values.update(fields)
    feedback = Feedback(**values)
    db.session.add(feedback)
    return feedback


def make_survey(service, day=date(2026, 11, 3), score=5, **fields) -> SurveyResponse:
    """A satisfaction survey answered on ``day``, added to the session."""
    values = dict(
        waiting=None,
        attention=None,
        channel=Channel.WEB,
        language="es",
        created_at=datetime.combine(day, datetime.min.time()) + timedelta(hours=18),
    )
    values.update(fields)
    response = SurveyResponse(service=service, score=score, **values)
    db.session.add(response)
    return response
