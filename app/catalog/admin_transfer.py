"""``/admin/catalogo/importar`` and the downloads: the whole catalog uploaded (checked, then
confirmed) and exported, by administrators and coordinators. Routes of the catalog workspace's
blueprint."""

from flask import current_app, url_for
from flask_babel import gettext as _

from app.catalog.admin import bp
from app.catalog.exchange import exporting
from app.catalog.exchange.format import CATALOG
from app.catalog.uploads import UPLOADS
from app.catalog.workspace_forms import CatalogUploadForm
from app.core.table_format import download
from app.core.upload_pages import UploadPages
from app.staff.access import roles
from app.staff.models import INSTITUTION_ROLES


def _imported(summary):
    message = _(
        "Se importó el catálogo: %(created)s registros nuevos, %(changed)s cambiados y "
        "%(retired)s retirados. La página pública ya muestra los cambios.",
        created=sum(summary.created.values()),
        changed=sum(summary.changed.values()),
        retired=sum(summary.retired.values()),
    )
    return message, url_for(".index")


PAGES = UploadPages(
    UPLOADS,
    lambda **kwargs: CatalogUploadForm(limit=current_app.config["CATALOG_UPLOAD_MAX_MB"], **kwargs),
    "catalog/admin/import.html",
    "catalog/admin/import_confirm.html",
    _imported,
)
PAGES.route(bp, *INSTITUTION_ROLES)


@bp.get("/exportar.zip")
@roles(*INSTITUTION_ROLES)
def export_zip():
    return download("catalogo", "zip", exporting.export_zip())


@bp.get("/exportar.xlsx")
@roles(*INSTITUTION_ROLES)
def export_xlsx():
    return download("catalogo", "xlsx", CATALOG.write_workbook(exporting.export_tables()))
