"""Who may see staff pages, and in which language they see them."""

from functools import wraps

from flask import abort, g, request
from flask_login import current_user

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


def load_user(session_id: str) -> User | None:
    """The person of a session, if it is still valid: the account is active and the session
    belongs to its current generation (see ``User.end_sessions``)."""
    user_id, _, version = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
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
