"""``/admin/programas/importar``: a work program's CSV files uploaded by administrators and
coordinators, checked (every problem listed, nothing changed), then confirmed. Routes of the
programs workspace's blueprint."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import Form, show_problems
from app.core.rules import RuleError
from app.core.tabular import ImportRefused, Stale
from app.programs.admin import bp
from app.programs.forms import ProgramUploadForm
from app.programs.services import uploads
from app.staff.access import roles
from app.staff.models import INSTITUTION_ROLES

NAMES_SHOWN = 100  # codes listed per kind of change on the confirmation page


def _form(**kwargs) -> ProgramUploadForm:
    return ProgramUploadForm(limit=uploads.limit_mb(), **kwargs)


def _upload_page(form, status=200, problems=()):
    return render_template("programs/admin/import.html", form=form, problems=problems), status


@bp.route("/importar", methods=["GET", "POST"])
@roles(*INSTITUTION_ROLES)
def upload():
    form = _form()
    if not form.validate_on_submit():
        return _upload_page(form, 400 if form.errors else 200)
    files = [(file.filename, file.read()) for file in form.archivos.data or ()]
    try:
        found = uploads.check(files, current_user)
    except RuleError as error:
        show_problems(form, error)
        return _upload_page(form, 400)
    except ImportRefused as refused:
        return _refused(form, refused)
    return redirect(url_for(".confirm_upload", token=found.token), 303)


def _refused(form, refused: ImportRefused):
    form.archivos.errors = [
        _(
            "Los archivos tienen %(count)s problemas: corríjalos y súbalos de nuevo. "
            "No se importó nada.",
            count=len(refused.problems),
        )
    ]
    return _upload_page(form, 400, [str(problem) for problem in refused.problems])


def _confirm_page(found, status=200, stale=False):
    return render_template(
        "programs/admin/import_confirm.html",
        upload=found,
        form=Form(),
        stale=stale,
        names_shown=NAMES_SHOWN,
    ), status


@bp.route("/importar/<token>", methods=["GET", "POST"])
@roles(*INSTITUTION_ROLES)
def confirm_upload(token: str):
    found = uploads.pending(token, current_user)
    if request.method == "GET":
        if found is None:
            abort(404)
        return _confirm_page(found)
    if found is None:
        flash(_("Esos archivos ya se importaron o ya no están disponibles."))
        return redirect(url_for(".upload"), 303)
    if not Form().validate_on_submit():
        return _confirm_page(found, 400)
    try:
        imported = uploads.confirm(found, current_user, request.remote_addr)
    except Stale:
        return _confirm_page(found, 409, stale=True)
    except ImportRefused as refused:
        return _refused(_form(formdata=None), refused)
    if imported is None:
        flash(_("Esos archivos ya se importaron o ya no están disponibles."))
        return redirect(url_for(".upload"), 303)
    summary = imported.summary
    flash(
        _(
            "Se importó el programa %(slug)s: %(created)s registros nuevos, %(changed)s "
            "cambiados y %(retired)s retirados. La página pública ya muestra los cambios.",
            slug=imported.slug,
            created=sum(summary.created.values()),
            changed=sum(summary.changed.values()),
            retired=sum(summary.retired.values()),
        )
    )
    return redirect(url_for(".program", slug=imported.slug), 303)
