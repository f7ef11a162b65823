"""The staff workspace (``/admin/…``): every route needs a signed-in staff member."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.pagination import page_number
from app.extensions import db
from app.staff import services
from app.staff.access import require_staff, roles
from app.staff.forms import ProfileForm
from app.staff.models import AuditLog, Role

bp = Blueprint("admin", __name__, url_prefix="/admin")


bp.before_request(require_staff)


@bp.get("/")
def home():
    return render_template("staff/home.html", password_changed=request.args.get("cambio"))


@bp.get("/bitacora")
@roles(Role.ADMIN)
def audit_log():
    page = db.paginate(
        select(AuditLog).options(selectinload(AuditLog.user)).order_by(AuditLog.id.desc()),
        page=request.args.get("page", 1, type=page_number),
        per_page=50,
    )
    return render_template("staff/audit_log.html", page=page)


@bp.route("/perfil", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.change_profile(
            current_user, form.ui_language.data, form.languages.data, request.remote_addr
        )
        flash(_("Se guardó su perfil."))
        return redirect(url_for(".profile"), 303)
    return render_template("staff/profile.html", form=form), 400 if form.errors else 200
