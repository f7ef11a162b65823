"""``/admin/institucion``: the institution's name, logo and contacts (administrators only)."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.forms import show_problems
from app.core.i18n import LANGUAGES
from app.core.rules import RuleError
from app.institution import services
from app.institution.forms import PLAIN, TRANSLATED, InstitutionForm
from app.staff.access import require_staff, roles
from app.staff.models import Role

bp = Blueprint("institution_admin", __name__, url_prefix="/admin/institucion")
bp.before_request(require_staff)


def _initial() -> dict:
    """The form's values: the saved ones, or the environment's default name."""
    row = services.current_institution() or services.identity()
    data = {name: getattr(row, model) or "" for name, model in PLAIN.items()}
    for prefix, model in TRANSLATED.items():
        texts = getattr(row, model) or {}
        data |= {f"{prefix}_{code}": texts.get(code, "") for code in LANGUAGES}
    data["canales"] = services.channels_text(row.channels)
    return data


def _page(form, status=200):
    return render_template(
        "institution/admin/edit.html", form=form, shown=services.identity()
    ), status


@bp.route("", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit():
    form = InstitutionForm(data=_initial())
    if not form.validate_on_submit():
        return _page(form, 400 if form.errors else 200)
    upload = form.logotipo.data
    logo = upload.read(services.MAX_LOGO_BYTES + 1) if upload and upload.filename else None
    try:
        services.save_institution(
            form.values() | {"channels": form.canales.data or ""},
            by=current_user,
            ip=request.remote_addr,
            logo=logo,
            remove_logo=form.quitar_logotipo.data,
        )
    except RuleError as error:
        show_problems(form, error)
        return _page(form, 400)
    return redirect(url_for(".edit", guardado=1), 303)
