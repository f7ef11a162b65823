"""Who may see staff pages, and in which language they see them."""

import time
from functools import wraps

from flask import abort, current_app, g, request, session
from flask_login import current_user, login_user
from sqlalchemy import bindparam, select

from app.core.i18n import SOURCE_LANGUAGE, best_language
from app.core.languages import INTERFACE_LANGUAGES
from app.extensions import db, login
from app.staff.models import Role, User


def staff_language() -> None:
    """Staff pages speak the language chosen in the profile (the browser's before sign-in)."""
    if current_user.is_authenticated:
        g.language = INTERFACE_LANGUAGES.get(
            current_user.ui_language, INTERFACE_LANGUAGES[SOURCE_LANGUAGE]
        )
    else:
        g.language = best_language()


SIGNED_IN_AT = "signed_in_at"  # the session's key: when the person signed in (epoch seconds)


def begin_session(user: User) -> None:
    """Sign ``user`` in, in a new session (none of the browser's earlier values: no fixation)
    that ends ``PERMANENT_SESSION_LIFETIME`` after it began, however often it is used: a
    stolen cookie is not kept alive by using it."""
    session.clear()
    session.permanent = True
    login_user(user)
    session[SIGNED_IN_AT] = int(time.time())


def _session_ended() -> bool:
    began = session.get(SIGNED_IN_AT)
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return not isinstance(began, int) or time.time() - began > lifetime


# Read on every staff request: built once (see ``app.core.loading``).
_ACCOUNT = select(User).where(User.id == bindparam("id"))


def load_user(session_id: str) -> User | None:
    """The person of a session, if it is still valid: begun less than a working day ago
    (``begin_session``), the account is active and the session belongs to its current
    generation (see ``User.end_sessions``)."""
    if _session_ended():
        return None
    user_id, _, version = session_id.partition(":")
    user = db.session.scalar(_ACCOUNT, {"id": int(user_id)}) if user_id.isdigit() else None
    if user is None or not user.active or version != str(user.session_version):
        return None
    return user


# The only staff areas a translator enters: the staff home and profile, and the translations.
# Every other area (the inbox with citizens' personal data above all) answers 403, including
# areas added later.
TRANSLATOR_AREAS = {"admin", "translations_admin", "recordings_admin"}


def require_staff():
    """``before_request`` of every staff blueprint: signed in, or off to the sign-in page."""
    staff_language()
    if not current_user.is_authenticated:
        return login.unauthorized()
    if current_user.role is Role.TRANSLATOR and request.blueprint not in TRANSLATOR_AREAS:
        abort(403)
    return None


def roles(*allowed: Role):
    """Only these roles may use the view; the others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
