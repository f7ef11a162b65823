"""``/admin/cartas/importar`` and the downloads: every charter uploaded (checked, then
confirmed) and exported as spreadsheets, by administrators and coordinators (they approve and
publish charters: an import may publish versions). Routes of the charter workspace's
blueprint."""

from flask import current_app, url_for
from flask_babel import gettext as _

from app.charters.admin import bp
from app.charters.exchange import exporting
from app.charters.exchange.format import CHARTERS
from app.charters.forms import CharterUploadForm
from app.charters.uploads import UPLOADS
from app.core.table_format import download
from app.core.upload_pages import UploadPages
from app.staff.access import roles
from app.staff.models import INSTITUTION_ROLES


def _imported(summary):
    message = _(
        "Se importaron las cartas: %(created)s registros nuevos y %(changed)s cambiados.",
        created=sum(summary.created.values()),
        changed=sum(summary.changed.values()),
    )
    return message, url_for(".index")


PAGES = UploadPages(
    UPLOADS,
    lambda **kwargs: CharterUploadForm(limit=current_app.config["CATALOG_UPLOAD_MAX_MB"], **kwargs),
    "charters/admin/import.html",
    "charters/admin/import_confirm.html",
    _imported,
)
PAGES.route(bp, *INSTITUTION_ROLES)


@bp.get("/exportar.zip")
@roles(*INSTITUTION_ROLES)
def export_zip():
    return download("cartas", "zip", CHARTERS.write_zip(exporting.export_tables()))


@bp.get("/exportar.xlsx")
@roles(*INSTITUTION_ROLES)
def export_xlsx():
    return download("cartas", "xlsx", CHARTERS.write_workbook(exporting.export_tables()))
