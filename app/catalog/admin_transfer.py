"""``/admin/catalogo/importar`` and the downloads: the whole catalog uploaded (checked, then
confirmed) and exported, by administrators and coordinators. Routes of the catalog workspace's
blueprint."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.catalog import uploads
from app.catalog.admin import bp
from app.catalog.exchange import exporting
from app.catalog.exchange.format import CATALOG
from app.catalog.workspace_forms import CatalogUploadForm
from app.core.clock import local_today
from app.core.forms import Form, show_problems
from app.core.rules import RuleError
from app.core.tabular import ImportRefused, Stale
from app.staff.access import roles
from app.staff.models import INSTITUTION_ROLES


def _upload_page(form, status=200, problems=()):
    return render_template("catalog/admin/import.html", form=form, problems=problems), status


@bp.route("/importar", methods=["GET", "POST"])
@roles(*INSTITUTION_ROLES)
def upload():
    form = CatalogUploadForm(limit=current_app.config["CATALOG_UPLOAD_MAX_MB"])
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
    count = len(refused.problems)
    form.archivos.errors = [
        _(
            "Los archivos tienen %(count)s problemas: corríjalos y súbalos de nuevo. "
            "No se importó nada.",
            count=count,
        )
    ]
    return _upload_page(form, 400, [str(problem) for problem in refused.problems])


def _confirm_page(found, status=200, stale=False):
    return render_template(
        "catalog/admin/import_confirm.html",
        upload=found,
        form=Form(),
        stale=stale,
        names_shown=NAMES_SHOWN,
    ), status


NAMES_SHOWN = 100  # names listed per kind of change on the confirmation page


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
        summary = uploads.confirm(found, current_user, request.remote_addr)
    except Stale:
        return _confirm_page(found, 409, stale=True)
    except ImportRefused as refused:
        form = CatalogUploadForm(formdata=None, limit=current_app.config["CATALOG_UPLOAD_MAX_MB"])
        return _refused(form, refused)
    if summary is None:
        flash(_("Esos archivos ya se importaron o ya no están disponibles."))
        return redirect(url_for(".upload"), 303)
    flash(
        _(
            "Se importó el catálogo: %(created)s registros nuevos, %(changed)s cambiados y "
            "%(retired)s retirados. La página pública ya muestra los cambios.",
            created=sum(summary.created.values()),
            changed=sum(summary.changed.values()),
            retired=sum(summary.retired.values()),
        )
    )
    return redirect(url_for(".index"), 303)


def _download(data: bytes, extension: str, mimetype: str):
    name = f"catalogo-{local_today().isoformat()}.{extension}"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/exportar.zip")
@roles(*INSTITUTION_ROLES)
def export_zip():
    return _download(exporting.export_zip(), "zip", "application/zip")


@bp.get("/exportar.xlsx")
@roles(*INSTITUTION_ROLES)
def export_xlsx():
    return _download(
        CATALOG.write_workbook(exporting.export_tables()),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
