"""User (staff member) and AuditLog."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalog.models import Dependency
from app.core.lazy_text import lazy_gettext as _l
from app.core.types import LabeledEnum, enum_type
from app.extensions import db


class Role(LabeledEnum):
    """What a staff member may do; the scope (a dependency and its children) says where."""

    ADMIN = "admin", _l("Administración")
    COORDINATOR = "coordinator", _l("Coordinación (todas las dependencias)")
    MANAGER = "manager", _l("Responsable de dependencia")
    RESPONDER = "responder", _l("Atención de mensajes")
    TRANSLATOR = "translator", _l("Traducción")
    VIEWER = "viewer", _l("Consulta")

    @property
    def sees_everything(self) -> bool:
        return self in INSTITUTION_ROLES

    @property
    def needs_dependency(self) -> bool:
        """Whether the role works within a dependency: translators, like administrators and
        coordinators, work on the whole institution's texts."""
        return self not in (*INSTITUTION_ROLES, Role.TRANSLATOR)


# The role groups: which roles may do what (the scope still says where).
# Administrators and coordinators work on the whole institution.
INSTITUTION_ROLES = (Role.ADMIN, Role.COORDINATOR)
# They and the managers of a dependency manage content: results, reports, response templates.
MANAGING_ROLES = (*INSTITUTION_ROLES, Role.MANAGER)
# Everyone but viewers acts: answers feedback, records progress.
ACTING_ROLES = (*MANAGING_ROLES, Role.RESPONDER)
# Every staff role reads the workspace, except translators: they see only the translations
# workspace (see ``access.require_staff``).
READING_ROLES = tuple(role for role in Role if role is not Role.TRANSLATOR)


class User(UserMixin, db.Model):
    """A staff member. Citizens have no accounts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored in lower case
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    dependency_id: Mapped[int | None] = mapped_column(ForeignKey("dependencies.id"), index=True)
    # Languages the person can answer in (codes such as "es", "nah"): routes items to them.
    languages: Mapped[list] = mapped_column(JSON, default=lambda: ["es"])
    ui_language: Mapped[str] = mapped_column(String(10), default="es")
    # Languages of the registry (never Spanish, the source) whose content texts a translator
    # may edit.
    translation_languages: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # The generation of the account's sessions: a session remembers the one it was opened in,
    # and raising it (sign-out, new password, deactivation, new role or scope) ends them all.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    dependency: Mapped[Dependency | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """What the session keeps: the account and its session generation."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """End every session of the account (the caller commits)."""
        self.session_version = (self.session_version or 0) + 1


class AuditLog(db.Model):
    """Who did what, when and from where; never a password, never a citizen's text."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str | None] = mapped_column(String(60))
    target_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User | None] = relationship()
