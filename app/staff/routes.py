"""Sign-in, sign-out and password change (``/auth/…``)."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.core.forms import show_problems
from app.core.rules import RuleError
from app.extensions import limiter
from app.staff import services
from app.staff.access import begin_session, staff_language
from app.staff.forms import PasswordForm, SignInForm

bp = Blueprint("auth", __name__, url_prefix="/auth")
bp.before_request(staff_language)


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect. Browsers read a backslash as a slash
    and drop tabs and line breaks, so those would turn a path into another site's address."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("admin.home")


@bp.route("/entrar", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        if user is not None:
            begin_session(user)
            return redirect(_safe_next(request.args.get("next")), 303)
        form.password.errors.append(
            _("El correo o la contraseña no son correctos, o la cuenta está bloqueada un rato.")
        )
    return render_template("staff/sign_in.html", form=form), 400 if form.errors else 200


@bp.post("/salir")
@login_required
def sign_out():
    services.sign_out(current_user, request.remote_addr)
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"), 303)


@bp.route("/contrasena", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current.data, form.new.data, request.remote_addr
            )
        except RuleError as error:
            show_problems(form, error)
        else:
            login_user(current_user._get_current_object())  # this session stays signed in
            return redirect(url_for("admin.home", cambio="contrasena"), 303)
    return render_template("staff/password.html", form=form), 400 if form.errors else 200
