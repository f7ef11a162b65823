"""Staff registering feedback received by phone, in person, in a mailbox or by e-mail (on the
inbox's blueprint): the same deadlines and indicators as feedback sent on the web."""

from __future__ import annotations

import uuid

from flask import abort, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user

from app.catalog.services import map_start
from app.core import ratelimit
from app.core.forms import show_problems
from app.core.sealed import seal
from app.feedback.admin import _done, _may_see, bp
from app.feedback.forms import service_step
from app.feedback.models import Channel, FeedbackType
from app.feedback.services import submission
from app.feedback.staff_forms import RegisterForm
from app.staff.access import roles
from app.staff.models import ACTING_ROLES
from app.staff.services import scope


@bp.route("/registrar", methods=["GET", "POST"])
@roles(*ACTING_ROLES)
def register():
    """Feedback received by other channels: same deadlines (from the day it was received) and
    the same indicators as web feedback. With many services in scope, the service is chosen
    first, by a search (the citizen's step), then the rest."""
    allowed = scope(current_user)
    step = service_step(request.form if request.method == "POST" else request.args, allowed, True)
    if step.service is not None and not _may_see(step.service.dependency_id):
        abort(404)
    if step.search and not step.chosen:
        page = render_template("feedback/admin/register.html", form=step.form, step=step)
        return page, 400 if request.method == "POST" else step.status
    form = RegisterForm(step.form.servicio.choices)
    if form.validate_on_submit():
        try:
            return _registered(form, step, allowed)
        except submission.AlreadySent as error:
            # Changed after it was registered: a new form (key) registers it as another item.
            show_problems(form, error)
            form.clave_envio.data = uuid.uuid4().hex
    if not form.is_submitted():
        form.idioma.data = "es"
        form.servicio.data = request.args.get("servicio")
    page = render_template(
        "feedback/admin/register.html", form=form, step=step, map_bounds=map_start(step.service)
    )
    return page, 400 if form.errors else 200


def _registered(form: RegisterForm, step, allowed):
    """Register the item the valid form describes, and say so."""
    feedback, code = submission.register(
        submission.Submission(
            type=FeedbackType(form.tipo.data),
            text=form.descripcion.data,
            submission_key=form.clave_envio.data,
            language=form.idioma.data,
            consent=True,  # the staff member informed the person of the privacy notice
            service=step.service,  # the one chosen, in scope
            dependency=None if allowed is None else current_user.dependency,
            **form.details(),
            channel=Channel(form.canal.data),
            # The form sent twice (a double click) is one item, and its code can be shown.
            browser=ratelimit.browser_id(),
        ),
        form.recibido.data,
        current_user,
        ip=request.remote_addr,
    )
    if code is not None:
        # Sealed: the session cookie is signed, not encrypted.
        session["staff_code"] = {"folio": feedback.folio, "code": seal(code, "staff_code")}
    return _done(feedback, _("Se registró con el folio %(folio)s.", folio=feedback.folio))
