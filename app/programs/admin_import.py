"""``/admin/programas/importar``: a work program's CSV files uploaded by administrators and
coordinators, checked (every problem listed, nothing changed), then confirmed. Routes of the
programs workspace's blueprint."""

from flask import url_for
from flask_babel import gettext as _

from app.core.upload_pages import UploadPages
from app.programs.admin import bp
from app.programs.forms import ProgramUploadForm
from app.programs.services import uploads
from app.staff.models import INSTITUTION_ROLES


def _imported(imported):
    summary = imported.summary
    message = _(
        "Se importó el programa %(slug)s: %(created)s registros nuevos, %(changed)s "
        "cambiados y %(retired)s retirados. La página pública ya muestra los cambios.",
        slug=imported.slug,
        created=sum(summary.created.values()),
        changed=sum(summary.changed.values()),
        retired=sum(summary.retired.values()),
    )
    return message, url_for(".program", slug=imported.slug)


PAGES = UploadPages(
    uploads,
    lambda **kwargs: ProgramUploadForm(limit=uploads.limit_mb(), **kwargs),
    "programs/admin/import.html",
    "programs/admin/import_confirm.html",
    _imported,
)
PAGES.route(bp, *INSTITUTION_ROLES)
