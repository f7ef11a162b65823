"""The public pages of the single-use links (``/auth/…``): accepting an invitation, asking for
and setting a new password."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from app.core import ratelimit
from app.core.forms import show_problems
from app.core.rules import RuleError
from app.extensions import limiter
from app.people import services
from app.people.forms import NewPasswordForm, ResetRequestForm
from app.people.models import Purpose
from app.staff.access import begin_session, staff_language

bp = Blueprint("people", __name__, url_prefix="/auth")
bp.before_request(staff_language)


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def _set_password(token: str, purpose: Purpose, template: str):
    link = services.valid_link(token, purpose)
    if link is None:
        return render_template("people/link_gone.html", purpose=purpose), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            person = services.set_password_by_link(link, form.password.data, request.remote_addr)
        except RuleError as error:
            show_problems(form, error)
        else:
            begin_session(person)  # a fresh session in the account's new generation
            return redirect(url_for("admin.home", cambio="contrasena"), 303)
    return render_template(template, form=form, person=link.user), 400 if form.errors else 200


@bp.route("/invitacion/<token>", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def accept(token):
    return _set_password(token, Purpose.INVITATION, "people/accept.html")


@bp.route("/nueva-contrasena/<token>", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def reset(token):
    return _set_password(token, Purpose.RESET, "people/reset.html")


@bp.route("/olvide", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_RESET_ACCOUNT"],
    key_func=ratelimit.by_posted("email", lambda email: email.strip().lower()),
    methods=["POST"],
)
def forgot():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_reset(form.email.data, request.remote_addr)
        return render_template("people/reset_sent.html")
    return render_template("people/forgot.html", form=form), 400 if form.errors else 200
