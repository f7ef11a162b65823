"""Who manages whom, changes of role, scope and languages, deactivation, invitations and
password resets (one single-use link mechanism for both)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template
from sqlalchemy import select, update

from app.catalog.models import Dependency
from app.core.clock import utcnow
from app.core.hashing import hasher
from app.core.i18n import use_language
from app.core.languages import ANSWER_LANGUAGES, TRANSLATION_LANGUAGES
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.core.urls import public_url
from app.extensions import db
from app.feedback.models import Feedback
from app.feedback.services.workflow import FINISHED, holds, return_to_queue
from app.institution.services import identity
from app.outbox.services import queue_email
from app.people.models import AccountToken, Purpose
from app.staff.models import INSTITUTION_ROLES, Role, User
from app.staff.services import audit, password_problem

# From the most to the least powerful: a person never lowers their own rank.
RANK = {role: position for position, role in enumerate(Role)}
# An account invited but not yet accepted has no usable password (no argon2 hash matches it).
NO_PASSWORD = "!"  # nosec B105: a marker that no password matches, not a password


def manages_people(user: User) -> bool:
    return user.role in INSTITUTION_ROLES


def assignable_roles(by: User) -> list[Role]:
    """The roles ``by`` may give: an admin any, a coordinator those below coordinators."""
    if by.role is Role.ADMIN:
        return list(Role)
    if by.role is Role.COORDINATOR:
        return [role for role in Role if role not in INSTITUTION_ROLES]
    return []


def people_query(by: User):
    """The accounts ``by`` may see and manage, as a select to filter and paginate."""
    query = select(User)
    if by.role is not Role.ADMIN:
        query = query.where(User.role.in_(assignable_roles(by)))
    return query


def may_manage(by: User, person: User) -> bool:
    return person.role in assignable_roles(by) or person.id == by.id and by.role is Role.ADMIN


def is_pending(person: User) -> bool:
    """Invited, and the invitation not yet accepted."""
    return person.password_hash == NO_PASSWORD


def translation_problem(role: Role, translation_languages) -> str | None:
    """Why these translation languages do not fit the role: a translator needs at least one,
    and only languages of the registry other than Spanish (the source) are translated."""
    if set(translation_languages or ()) - set(TRANSLATION_LANGUAGES):
        return _l("Elija idiomas de la lista (el español es el texto de origen).")
    if role is Role.TRANSLATOR and not translation_languages:
        return _l("Elija al menos un idioma al que la persona traduzca.")
    return None


def _check_assignment(
    by, role, dependency, languages, translation_languages=(), person=None
) -> None:
    problems = {}
    if role not in assignable_roles(by):
        problems["role"] = _l("Elija una función de la lista.")
    elif person is not None and person.id == by.id and RANK[role] > RANK[person.role]:
        problems["role"] = _l("No puede reducir su propia función: pídalo a otra persona.")
    if role.needs_dependency and dependency is None:
        problems["dependency"] = _l("Esta función necesita una dependencia.")
    if not languages or set(languages) - set(ANSWER_LANGUAGES):
        problems["languages"] = _l("Elija al menos un idioma.")
    if problem := translation_problem(role, translation_languages):
        problems["translation_languages"] = problem
    if problems:
        raise RuleError(problems)


def change_person(
    person: User,
    role: Role,
    dependency: Dependency | None,
    languages: list[str],
    by: User,
    ip: str | None = None,
    translation_languages: list[str] = (),
) -> list[str]:
    """Change the role, the dependency scope, the answer languages and the translation
    languages of an account. A new role or scope ends the person's sessions. Returns the audit
    actions written."""
    _check_assignment(by, role, dependency, languages, translation_languages, person)
    if not role.needs_dependency:
        dependency = None  # they see every dependency
    done = []
    if role is not person.role:
        audit("user.role_changed", by, person, {"from": person.role.value, "to": role.value}, ip)
        person.role = role
        done.append("user.role_changed")
    if (dependency.id if dependency else None) != person.dependency_id:
        detail = {"from": person.dependency_id, "to": dependency.id if dependency else None}
        audit("user.scope_changed", by, person, detail, ip)
        person.dependency = dependency
        done.append("user.scope_changed")
    if list(languages) != list(person.languages):
        detail = {"from": person.languages, "to": list(languages)}
        audit("user.languages_changed", by, person, detail, ip)
        person.languages = list(languages)
        done.append("user.languages_changed")
    if list(translation_languages) != list(person.translation_languages or []):
        detail = {"from": person.translation_languages, "to": list(translation_languages)}
        audit("user.translation_languages_changed", by, person, detail, ip)
        person.translation_languages = list(translation_languages)
        done.append("user.translation_languages_changed")
    if {"user.role_changed", "user.scope_changed"} & set(done):
        person.end_sessions()
        db.session.flush()  # the new scope is read from the database
        note = _l("vuelve a la bandeja: %(name)s ya no atiende esta dependencia", name=person.name)
        holder = holds(person)
        _give_back(person, by, utcnow(), note, keep=lambda item: holder(item.dependency_id))
    db.session.commit()
    return done


def _give_back(person: User, by: User | None, now, note, keep=lambda _item: False) -> int:
    """Send the person's open items back to their dependency's queue, with an event (but those
    ``keep`` says they still hold). Returns how many went back."""
    items = db.session.scalars(
        select(Feedback).where(Feedback.assignee_id == person.id, Feedback.status.not_in(FINISHED))
    ).all()
    return return_to_queue([item for item in items if not keep(item)], by, now, note)


def deactivate(person: User, by: User | None, ip: str | None = None, now=None) -> int:
    """Close the account (nothing of it is deleted): its sessions and links end, and its open
    items go back to their dependency's queue, with an event. Returns how many went back.
    ``by`` is None from the command line."""
    if by is not None and person.id == by.id:
        raise RuleError(_l("No puede desactivar su propia cuenta."), field=None)
    now = now or utcnow()
    note = _l("vuelve a la bandeja: la cuenta de %(name)s se desactivó", name=person.name)
    returned = _give_back(person, by, now, note)
    person.active = False
    person.end_sessions()
    _expire_links(person, now)
    audit("user.deactivated", by, person, {"items_returned": returned}, ip)
    db.session.commit()
    return returned


def reactivate(person: User, by: User, ip: str | None = None) -> None:
    """Open the account again. ``RuleError`` for an invitation not accepted yet: an account
    without a password cannot be used, so it is invited again (``reinvite``) instead."""
    if is_pending(person):
        raise RuleError(_l("Esta persona todavía no acepta su invitación: reenvíe la invitación."))
    person.active = True
    person.failed_logins, person.locked_until = 0, None
    audit("user.reactivated", by, person, ip=ip)
    db.session.commit()


# --- Single-use links ----------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expire_links(person: User, now, purpose: Purpose | None = None) -> None:
    query = update(AccountToken).where(
        AccountToken.user_id == person.id, AccountToken.used_at.is_(None)
    )
    if purpose is not None:
        query = query.where(AccountToken.purpose == purpose)
    db.session.execute(query.values(used_at=now))


def _new_link(person: User, purpose: Purpose, hours: int, now) -> str:
    """A new link for ``person`` (replacing any unused one of the same purpose); the token
    itself only travels in the e-mail."""
    _expire_links(person, now, purpose)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user=person,
            purpose=purpose,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def _send(person: User, template: str, **values) -> None:
    with use_language(person.ui_language):
        subject = render_template(f"people/email/{template}_subject.txt", person=person, **values)
        body = render_template(f"people/email/{template}.txt", person=person, **values)
    queue_email(person.email, subject.strip(), body)


def reinvite(person: User, by: User, ip: str | None = None) -> User:
    """Send a pending person a new invitation with what their account already says (their
    name, role, scope and languages); the link sent before stops working."""
    return invite(
        person.email,
        person.name,
        person.role,
        person.dependency,
        person.languages or [],
        by,
        ip,
        person.translation_languages or [],
    )


def invite(
    email: str,
    name: str,
    role: Role,
    dependency: Dependency | None,
    languages: list[str],
    by: User | None,
    ip: str | None = None,
    translation_languages: list[str] = (),
) -> User:
    """Create an account without a password (or renew the invitation of one not accepted
    yet) and e-mail its person a link to set their own. Raises ``RuleError``. ``by`` is None
    from the command line."""
    from email_validator import EmailNotValidError, validate_email  # its rules compile slowly

    now = utcnow()
    problems = {}
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        problems["email"] = _l("Escriba un correo electrónico válido, como nombre@ejemplo.org.")
    if not name.strip():
        problems["name"] = _l("Escriba el nombre de la persona.")
    if problems:
        raise RuleError(problems)
    if by is not None:
        _check_assignment(by, role, dependency, languages, translation_languages)
    elif role.needs_dependency and dependency is None:
        raise RuleError(_l("Esta función necesita una dependencia."), field="dependency")
    elif problem := translation_problem(role, translation_languages):
        raise RuleError(problem, field="translation_languages")
    person = db.session.scalar(select(User).filter_by(email=email))
    if person is not None and not is_pending(person):
        raise RuleError(_l("Ya existe una cuenta con ese correo."), field="email")
    if person is not None and by is not None and not may_manage(by, person):
        raise RuleError(_l("Ya existe una cuenta con ese correo."), field="email")
    if not role.needs_dependency:
        dependency = None
    if person is None:
        person = User(email=email, password_hash=NO_PASSWORD, created_at=now)
        db.session.add(person)
        action = "user.invited"
    else:
        action = "user.reinvited"
    person.name, person.role, person.dependency = name.strip(), role, dependency
    person.languages, person.active = list(languages), False
    person.translation_languages = list(translation_languages)
    hours = current_app.config["INVITATION_HOURS"]
    token = _new_link(person, Purpose.INVITATION, hours, now)
    db.session.flush()
    audit(action, by, person, {"role": role.value}, ip)
    _send(
        person,
        "invitation",
        link=public_url("people.accept", token=token),
        hours=hours,
        by=by,
        institution=identity(),
    )
    db.session.commit()
    return person


def request_reset(email: str, ip: str | None = None) -> None:
    """E-mail a link to set a new password, if an active account has this address. The
    caller answers the same either way, and both ways take about as long: a few rows written,
    no password hashed (the e-mail leaves later, from the outbox)."""
    person = db.session.scalar(select(User).filter_by(email=email.strip().lower()))
    if person is None or not person.active or is_pending(person):
        audit("auth.reset_requested", detail={"known": False}, ip=ip)
        db.session.commit()
        return
    now = utcnow()
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    token = _new_link(person, Purpose.RESET, hours, now)
    audit("auth.reset_requested", person, person, {"known": True}, ip)
    _send(person, "reset", link=public_url("people.reset", token=token), hours=hours)
    db.session.commit()


def valid_link(token: str, purpose: Purpose) -> AccountToken | None:
    """The unused, unexpired link of this token, or None (unknown, used or expired)."""
    link = db.session.scalar(
        select(AccountToken).filter_by(token_hash=_digest(token), purpose=purpose)
    )
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def set_password_by_link(link: AccountToken, password: str, ip: str | None = None) -> User:
    """Use the link: the person's password is set, the link spent, every other session of
    the account ended, and an invited account opened. Raises ``RuleError``."""
    person = link.user
    if problem := password_problem(password, person):
        raise RuleError(problem, field="password")
    now = utcnow()
    link.used_at = now
    person.password_hash = hasher().hash(password)
    person.failed_logins, person.locked_until = 0, None
    person.end_sessions()
    if link.purpose is Purpose.INVITATION:
        person.active = True
        audit("user.invitation_accepted", person, person, ip=ip)
    else:
        audit("auth.password_reset", person, person, ip=ip)
    _expire_links(person, now)
    db.session.commit()
    return person
