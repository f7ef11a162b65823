"""Feedback, its events and attachments, folio counters and satisfaction survey responses."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, column, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalog.models import Dependency, Service
from app.charters.models import Commitment
from app.core.lazy_text import lazy_gettext as _l
from app.core.types import LabeledEnum, WorkingDays, WorkingDaysType, enum_type
from app.extensions import db, only_on
from app.staff.models import User


class FeedbackType(LabeledEnum):
    SUGGESTION = "sugerencia", _l("Sugerencia")
    COMPLAINT = "queja", _l("Queja")
    CLAIM = "reclamacion", _l("Reclamación")
    COMPLIMENT = "felicitacion", _l("Felicitación")

    @property
    def timed(self) -> bool:
        """Whether deadlines count for it: a compliment is never late, nor overdue."""
        return self is not FeedbackType.COMPLIMENT


FEEDBACK_TYPE_HINTS = {
    FeedbackType.SUGGESTION: _l("Una idea para mejorar un trámite o servicio."),
    FeedbackType.COMPLAINT: _l(
        "Algo salió mal en la atención: un trato inadecuado, una demora, una falta de información."
    ),
    FeedbackType.CLAIM: _l(
        "No se cumplió un compromiso de una carta compromiso. Puede tener derecho a una medida "
        "de compensación."
    ),
    FeedbackType.COMPLIMENT: _l("Reconocer una buena atención o a una persona servidora pública."),
}


class Channel(LabeledEnum):
    WEB = "web", _l("Portal web")
    PHONE = "telefono", _l("Teléfono")
    IN_PERSON = "presencial", _l("En persona")
    MAILBOX = "buzon", _l("Buzón físico")
    EMAIL = "correo", _l("Correo electrónico")
    API = "api", _l("Aplicación externa (Open311)")


class FeedbackStatus(LabeledEnum):
    RECEIVED = "received", _l("Recibida")
    IN_REVIEW = "in_review", _l("En revisión")
    WAITING = "waiting_citizen", _l("En espera de información de la persona")
    ANSWERED = "answered", _l("Respondida")
    CLOSED_RESOLVED = "closed_resolved", _l("Cerrada: resuelta")
    CLOSED_UNRESOLVED = "closed_unresolved", _l("Cerrada: no resuelta")
    DISMISSED = "dismissed", _l("Desechada")

    @property
    def citizen_label(self):
        """The status as the citizen's own page says it, to them."""
        if self is FeedbackStatus.WAITING:
            return _l("En espera de información suya")
        return self.label


class EventKind(LabeledEnum):
    """What happened to a feedback item; the tracking page tells the public ones in plain words."""

    CREATED = "created", _l("Recibimos su mensaje.")
    STATUS_CHANGED = "status_changed", _l("Cambió el estado.")
    INFORMATION_REQUESTED = (
        "information_requested",
        _l("Le pedimos información para continuar. El plazo se detuvo."),
    )
    INFORMATION_PROVIDED = (
        "information_provided",
        _l("Usted envió la información solicitada. El plazo continuó."),
    )
    ANSWERED = "answered", _l("Respondimos su mensaje.")
    RATED = "rated", _l("Usted calificó la respuesta.")
    REMEDIED = "remedied", _l("Le otorgamos la medida de compensación que promete la carta.")
    BREACH_CONFIRMED = (
        "breach_confirmed",
        _l(
            "Confirmamos que no se cumplió el compromiso: le corresponde la compensación que "
            "promete la carta."
        ),
    )
    BREACH_NOT_CONFIRMED = (
        "breach_not_confirmed",
        _l(
            "Revisamos su reclamación: el compromiso sí se cumplió, así que no corresponde "
            "compensación."
        ),
    )
    DUE_DATE_MOVED = (
        "due_date_moved",
        _l("Cambió la fecha límite de respuesta por un cambio en el calendario de días inhábiles."),
    )
    ESCALATED = (
        "escalated",
        _l("Venció el plazo sin respuesta: avisamos a los responsables para que le respondan."),
    )
    REOPENED = "reopened", _l("Usted nos dijo que la respuesta no resolvió su problema.")
    # Staff-only events (not shown to the citizen):
    CODE_REISSUED = "code_reissued", _l("Se envió un código de acceso nuevo")
    ASSIGNED = "assigned", _l("Asignado")
    NOTE = "note", _l("Nota interna")
    IMPACT = "impact", _l("Impacto institucional")
    COMMITMENT_LINKED = "commitment_linked", _l("Vinculado a un compromiso")


# The open items (``workflow.OPEN``), as the index of the inbox's default view writes them.
OPEN_STATUSES = "status IN ('received', 'in_review', 'waiting_citizen')"


class Feedback(db.Model):
    """A suggestion, complaint, claim or compliment, with everything the citizen sent."""

    __tablename__ = "feedback"
    __table_args__ = (
        # The inbox's order (``worklist.INBOX_ORDER``: earliest due date first, items without
        # one last, then by id): a page starts at an item's place in the index, however far.
        Index("ix_feedback_due_on_id", "due_on", "id"),
        # Open items, which the inbox shows unless asked otherwise, in an index of their own.
        Index(
            "ix_feedback_inbox_open",
            "due_on",
            "id",
            postgresql_where=text(OPEN_STATUSES),
            sqlite_where=text(OPEN_STATUSES),
        ),
        # The inbox's counts per status, of the dependencies a person may see.
        Index("ix_feedback_status_dependency_id", "status", "dependency_id"),
        # The inbox's response times per language, of the latest answered items.
        Index(
            "ix_feedback_answers_by_language",
            "language",
            "id",
            postgresql_include=["response_days", "dependency_id"],
            postgresql_where=column("response_days").is_not(None),
            sqlite_where=column("response_days").is_not(None),
        ),
        # Response times per language, read from the index alone.
        Index("ix_feedback_language_response_days", "language", "response_days"),
        # Items received in a span of days. On PostgreSQL it also carries what the dashboard
        # and the indicator recomputation count, so that a million items are read from the
        # index alone, not from the table, which holds their texts too (ten times the size).
        Index(
            "ix_feedback_received_on_figures",
            "received_on",
            postgresql_include=(
                "type status dependency_id response_days due_days due_on service_id commitment_id "
                "dismissed_on"
            ).split(),
        ),
        # Claims about a commitment (a charter page counts them, with the breaches confirmed and
        # remedied; the recomputation counts those outside the charter's services), with the
        # same figures, on PostgreSQL.
        Index(
            "ix_feedback_commitment_id",
            "commitment_id",
            postgresql_include=(
                "received_on type status response_days due_days due_on service_id dismissed_on "
                "rated_answer_at citizen_rating breach_confirmed remedied_on"
            ).split(),
            postgresql_where=column("commitment_id").is_not(None),
        ),
        # The inbox's search: folio or text containing the words, in any case (ILIKE '%…%'), from
        # trigram indexes on PostgreSQL rather than by reading every item's text. (pg_trgm is
        # created with the services table, which this one refers to, so comes first.) Other
        # engines read the items, as they did.
        *[
            only_on(
                "postgresql",
                Index(
                    f"ix_feedback_{name}_trgm",
                    name,
                    postgresql_using="gin",
                    postgresql_ops={name: "gin_trgm_ops"},
                ),
            )
            for name in ("folio", "text")
        ],
        # The few answers citizens reopened, by when the item was received (the dashboard).
        Index(
            "ix_feedback_reopened",
            "received_on",
            postgresql_where=column("reopened_at").is_not(None),
            sqlite_where=column("reopened_at").is_not(None),
        ),
        # The answers citizens rated, by when the rated answer was given (their own figure).
        Index(
            "ix_feedback_ratings",
            "rated_answer_at",
            postgresql_include=["citizen_rating", "service_id", "commitment_id", "dependency_id"],
            postgresql_where=column("citizen_rating").is_not(None),
            sqlite_where=column("citizen_rating").is_not(None),
        ),
        # The same answers by service (a charter page's ratings per quarter, of its services'
        # items): a charter's few thousand rated items read from the index, not the table.
        Index(
            "ix_feedback_service_ratings",
            "service_id",
            "rated_answer_at",
            postgresql_include=["citizen_rating"],
            postgresql_where=column("citizen_rating").is_not(None),
            sqlite_where=column("citizen_rating").is_not(None),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    folio: Mapped[str] = mapped_column(String(20), unique=True)
    access_code_hash: Mapped[str] = mapped_column(String(200))
    # Random per form: a second submission of the same form finds the first item.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[FeedbackType] = mapped_column(enum_type(FeedbackType), index=True)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"))
    dependency_id: Mapped[int | None] = mapped_column(ForeignKey("dependencies.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    incident_date: Mapped[date | None]
    incident_place: Mapped[str | None] = mapped_column(String(300))
    # Where it happened as decimal degrees (WGS 84), when the person gave them: both or neither,
    # to the 6 decimals (about 11 cm) that offices use too. Never published (see Open311).
    incident_latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    incident_longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(10))  # the citizen's language, for the answer
    consent: Mapped[bool]
    status: Mapped[FeedbackStatus] = mapped_column(enum_type(FeedbackStatus), index=True)
    received_at: Mapped[datetime]
    # In the institution's time zone: deadlines count from it, results group by it.
    received_on: Mapped[date]
    due_days: Mapped[WorkingDays] = mapped_column(WorkingDaysType)
    due_on: Mapped[date | None] = mapped_column(index=True)  # None while the clock is stopped
    answered_at: Mapped[datetime | None]
    response_days: Mapped[WorkingDays | None] = mapped_column(WorkingDaysType)
    public_response: Mapped[str | None] = mapped_column(Text)
    citizen_rating: Mapped[int | None] = mapped_column(Integer)  # 1–5: did the answer solve it?
    # When the rated answer was given: the rating is counted in that answer's period, even if
    # the item is reopened and answered again.
    rated_answer_at: Mapped[datetime | None]
    # The local day it was dismissed: dismissed after its due date, it still counts as late.
    dismissed_on: Mapped[date | None]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Escalated to the institution's committee (seed 002: "quejas con impacto institucional").
    institutional_impact: Mapped[bool] = mapped_column(default=False, index=True)
    # A claim about a breached commitment: whether staff confirmed the breach, the remedy the
    # charter promises (a formal apology, priority attention…) and when it was given.
    breach_confirmed: Mapped[bool | None]
    remedy: Mapped[str | None] = mapped_column(Text)
    remedied_on: Mapped[date | None]
    # How far an overdue item was escalated: 1, its dependency's managers were told; 2, the
    # coordinators too (``flask feedback escalate``, which never tells anyone twice).
    escalation_level: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the citizen said the answer did not solve the problem (once).
    reopened_at: Mapped[datetime | None]

    service: Mapped[Service | None] = relationship()
    commitment: Mapped[Commitment | None] = relationship()
    dependency: Mapped[Dependency | None] = relationship()
    assignee: Mapped[User | None] = relationship()
    events: Mapped[list[FeedbackEvent]] = relationship(
        back_populates="feedback", order_by="FeedbackEvent.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="feedback", order_by="Attachment.id", cascade="all, delete-orphan"
    )

    @property
    def incident_coordinates(self) -> tuple[Decimal, Decimal] | None:
        """Where it happened, as (latitude, longitude), when the person gave it."""
        if self.incident_latitude is None or self.incident_longitude is None:
            return None
        return self.incident_latitude, self.incident_longitude

    @property
    def voice_message(self) -> Attachment | None:
        """The recording the person sent as their message, if any."""
        return next((file for file in self.attachments if file.voice), None)

    @property
    def needs_interpreter(self) -> bool:
        """Written for an answer in a language nobody assigned to it speaks."""
        if self.language == "es":
            return False
        return self.assignee is None or self.language not in self.assignee.languages


class FeedbackEvent(db.Model):
    """One change in a feedback item's history: who, when, what, from which status to which."""

    __tablename__ = "feedback_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    on: Mapped[date]  # the working-calendar date of the event
    actor: Mapped[str] = mapped_column(String(40))  # "citizen", "system" or "staff"
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # the staff member
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, length=30))
    from_status: Mapped[FeedbackStatus | None] = mapped_column(
        enum_type(FeedbackStatus, name="from_status")
    )
    to_status: Mapped[FeedbackStatus | None] = mapped_column(
        enum_type(FeedbackStatus, name="to_status")
    )
    note: Mapped[str | None] = mapped_column(Text)  # shown to the citizen when public
    # A due date moved by the working calendar: from which date to which.
    due_before: Mapped[date | None]
    due_after: Mapped[date | None]
    public: Mapped[bool] = mapped_column(default=True)

    feedback: Mapped[Feedback] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class Attachment(db.Model):
    """A file the citizen attached, stored outside static/ under a random name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # The citizen's voice message: the body of the item, heard on its page (at most one).
    voice: Mapped[bool] = mapped_column(default=False, server_default=false())
    # How long a voice message lasts, rounded up; None when its format does not say.
    seconds: Mapped[int | None]

    feedback: Mapped[Feedback] = relationship(back_populates="attachments")


class FolioCounter(db.Model):
    """The last folio number given in a year; incremented under a row lock."""

    __tablename__ = "folio_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class WaitingBracket(LabeledEnum):
    UNDER_5 = "menos_5", _l("Menos de 5 minutos")
    UNDER_15 = "5_15", _l("De 5 a 15 minutos")
    UNDER_30 = "15_30", _l("De 15 a 30 minutos")
    OVER_30 = "mas_30", _l("Más de 30 minutos")


class SurveyResponse(db.Model):
    """A citizen's rating of a service, for the satisfaction and time indicators."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    score: Mapped[int]  # 1–5
    waiting: Mapped[WaitingBracket | None] = mapped_column(enum_type(WaitingBracket, "waiting"))
    attention: Mapped[WaitingBracket | None] = mapped_column(enum_type(WaitingBracket, "attention"))
    comment: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    language: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(index=True)
    # Random per form: the same form sent twice is one response (none before it existed).
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    service: Mapped[Service] = relationship()


class ResponseTemplate(db.Model):
    """A reusable answer of a dependency; staff adapt it before publishing."""

    __tablename__ = "response_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    dependency_id: Mapped[int] = mapped_column(ForeignKey("dependencies.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)

    dependency: Mapped[Dependency] = relationship()
