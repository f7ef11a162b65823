"""Accounts, sign-in with lockout, dependency scopes and the audit log."""

from __future__ import annotations

import re
from datetime import timedelta

from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import bindparam, func, insert, select, true, update

from app.catalog.models import Dependency
from app.core import transactions
from app.core.clock import utcnow
from app.core.hashing import dummy_hash, hasher
from app.core.languages import ANSWER_LANGUAGES, TRANSLATION_LANGUAGES
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.extensions import db
from app.people.models import AccountToken
from app.staff.models import AuditLog, Role, User

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12


def audit(action: str, user: User | None = None, target=None, detail=None, ip=None) -> None:
    """Record a staff action in the current transaction (the caller commits)."""
    db.session.add(AuditLog(user=user, **_audit_columns(action, target, detail, ip)))


def _audit_columns(action: str, target, detail, ip) -> dict:
    return {
        "at": utcnow(),
        "action": action,
        "target": type(target).__name__ if target is not None else None,
        "target_id": str(target.id) if target is not None else None,
        "detail": detail,
        "ip": ip,
    }


_AUDIT = AuditLog.__table__
_COLUMNS = ("at", "user_id", "action", "target", "target_id", "detail", "ip")
# One statement that is a whole transaction: the row, and, for this transaction only, no wait
# for its write-ahead log to reach the disk (``set_config`` evaluated once, as a condition).
_UNCONFIRMED = insert(_AUDIT).from_select(
    _COLUMNS,
    select(*(bindparam(name, type_=_AUDIT.c[name].type) for name in _COLUMNS)).where(
        func.set_config("synchronous_commit", "off", true()).is_not(None)
    ),
)


def audit_reading(action: str, user: User, target, ip=None) -> None:
    """Record that ``user`` read ``target`` (a citizen's data); the caller commits.

    Every view of an item writes a row. On PostgreSQL, when the request has written nothing
    else, the row is written at once as a transaction of its own that does not wait for the
    disk: one round trip, where a transaction of its own took four (``BEGIN``, the option, the
    row, ``COMMIT``) and waiting for the disk a sixth of the page. A crash of the database
    server in the fraction of a second after a view could lose its row; it can never record
    half of one, and every action still waits."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or not transactions.unopened(connection):
        audit(action, user, target, ip=ip)
        return
    db.session.execute(
        _UNCONFIRMED,
        {"user_id": user.id, **_audit_columns(action, target, None, ip)},
        execution_options={transactions.ALONE: True},
    )


# zxcvbn's scores go from 0 (guessed at once) to 4; below 3 a password falls to an offline
# attack on a stolen hash within days. It reads at most this many characters (it slows down
# with length, and a longer password is long enough).
MIN_PASSWORD_SCORE = 3
SCORED_LENGTH = 64


def password_problem(password: str, user: User | None = None, name: str = "", email: str = ""):
    """Why a new password is refused, in words for the person, or ``None``: shorter than 12
    characters, or common or guessable (a word list, a keyboard pattern, a date, the person's
    own name or e-mail) by the offline estimator zxcvbn. Long passphrases pass; no composition
    rules."""
    # zxcvbn's word lists take 12 MB: loaded by the first password set, not by every process.
    from zxcvbn import zxcvbn

    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("La contraseña debe tener al menos 12 caracteres.")
    name, email = (user.name, user.email) if user is not None else (name, email)
    known = [
        name.lower(),
        email.lower(),
        *name.lower().split(),
        *re.split(r"[@.+_-]", email.lower()),
    ]
    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=[word for word in known if word])
    if result["score"] < MIN_PASSWORD_SCORE:
        return _l(
            "Esa contraseña es común o fácil de adivinar. Use una frase de varias palabras que "
            "no tengan que ver con usted ni con la institución."
        )
    return None


def create_user(
    email,
    name,
    role: Role,
    password: str,
    dependency=None,
    languages=None,
    translation_languages=(),
) -> User:
    """A new staff account; raises ``ValueError`` for a short password, a missing scope, an
    e-mail that is not one or that another account has, a language the portal lacks, or a
    translator without the languages it translates into."""
    email = email.strip().lower()
    if password_problem(password, name=name, email=email):
        raise ValueError(
            f"the password needs at least {MIN_PASSWORD_LENGTH} characters and must not be "
            "common or guessable (try a phrase of several words)"
        )
    if dependency is None and role.needs_dependency:
        raise ValueError(f"the role {role.value} needs a dependency")
    if set(translation_languages) - set(TRANSLATION_LANGUAGES) or (
        role is Role.TRANSLATOR and not translation_languages
    ):
        raise ValueError(f"a translator translates into some of {', '.join(TRANSLATION_LANGUAGES)}")
    from email_validator import EmailNotValidError, validate_email  # its rules compile slowly

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"{email!r} is not an e-mail address: {error}") from None
    if db.session.scalar(select(User.id).filter_by(email=email)) is not None:
        raise ValueError(f"an account with the e-mail {email} already exists")
    if unknown := sorted(set(languages or ()) - set(ANSWER_LANGUAGES)):
        raise ValueError(
            f"unknown language {', '.join(unknown)} (the portal has {', '.join(ANSWER_LANGUAGES)})"
        )
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hasher().hash(password),
        role=role,
        dependency=dependency,
        languages=languages or ["es"],
        translation_languages=list(translation_languages),
        created_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()  # the audit row names the new account by its id
    audit("user.created", target=user, detail={"role": role.value})
    db.session.commit()
    return user


def authenticate(email: str, password: str, ip: str | None, now=None) -> User | None:
    """The account for these credentials, or ``None`` — the same answer for an unknown e-mail,
    a wrong password, a locked or a disabled account. Five failures lock it for 15 minutes."""
    now = now or utcnow()
    user = db.session.scalar(select(User).filter_by(email=email.strip().lower()))
    passwords = hasher()
    # An unknown e-mail, or an invited person's who has set no password yet (whose stored
    # value is no hash), takes as long as a known one: the time tells nothing.
    real = user is not None and user.password_hash.startswith("$argon2")
    try:
        passwords.verify(user.password_hash if real else dummy_hash(passwords), password)
        correct = real
    except (VerifyMismatchError, InvalidHashError):
        correct = False
    if user is None:
        audit("auth.failed", detail={"reason": "unknown"}, ip=ip)
        db.session.commit()
        return None
    locked = _locked(user, now)
    if not correct or locked or not user.active:
        if not correct:
            _count_failure(user, now)
        reason = "password" if not correct else "locked" if locked else "inactive"
        audit("auth.failed", user, detail={"reason": reason}, ip=ip)
        db.session.commit()
        return None
    if passwords.check_needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    audit("auth.signed_in", user, ip=ip)
    db.session.commit()
    return user


LOCKED = _l("Demasiados intentos: la cuenta está bloqueada un rato. Inténtelo más tarde.")


def _locked(user: User, now) -> bool:
    return user.locked_until is not None and user.locked_until > now


def _count_failure(user: User, now) -> None:
    """A wrong password, at sign-in or to change it: five in a row lock the account a while."""
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.locked_until = now + LOCKOUT
        user.failed_logins = 0


def change_password(user: User, current: str, new: str, ip: str | None, now=None) -> None:
    """Replace the password of the signed-in person if ``current`` is theirs. A wrong one
    counts toward the lockout, as at sign-in (a session left open is no way to guess the
    password), and is audited; a locked account changes nothing. Raises ``RuleError``."""
    now = now or utcnow()
    passwords = hasher()
    try:
        passwords.verify(user.password_hash, current)
        correct = True
    except (VerifyMismatchError, InvalidHashError):
        correct = False
    locked = _locked(user, now)
    if not correct or locked:
        if not correct:
            _count_failure(user, now)
        reason = "password" if not correct else "locked"
        audit("auth.failed", user, detail={"reason": reason, "form": "password_change"}, ip=ip)
        db.session.commit()
        if _locked(user, now):
            raise RuleError(LOCKED, field="current")
        raise RuleError(_l("La contraseña actual no es correcta."), field="current")
    if problem := password_problem(new, user):
        raise RuleError(problem, field="new")
    user.password_hash = passwords.hash(new)
    user.failed_logins = 0
    user.end_sessions()  # the route keeps the person's own session in the new generation
    # A reset link sent before (to a mailbox someone else may read) no longer sets it.
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    audit("auth.password_changed", user, ip=ip)
    db.session.commit()


def sign_out(by: User, ip: str | None) -> None:
    """Record that the person signed out and end every session of the account (a copy of the
    session cookie is then refused too); the route then clears the browser's."""
    by.end_sessions()
    audit("auth.signed_out", by, ip=ip)
    db.session.commit()


def change_profile(by: User, ui_language: str, languages: list[str], ip: str | None) -> None:
    """The language of the signed-in person's pages and the languages they attend in."""
    by.ui_language, by.languages = ui_language, languages
    audit("user.profile_changed", by, ip=ip)
    db.session.commit()


def scope(user: User) -> set[int] | None:
    """The dependencies whose items the user may see: their own and its children, at any depth;
    ``None`` means all of them. Translators see no dependency's items (they translate the
    catalog, see ``app.translating``)."""
    if user.role.sees_everything:
        return None
    if user.role is Role.TRANSLATOR:
        return set()
    children: dict[int | None, list[int]] = {}
    for dependency_id, parent_id in db.session.execute(select(Dependency.id, Dependency.parent_id)):
        children.setdefault(parent_id, []).append(dependency_id)
    allowed, pending = set(), [user.dependency_id]
    while pending:
        current = pending.pop()
        if current not in allowed:
            allowed.add(current)
            pending.extend(children.get(current, []))
    return allowed
