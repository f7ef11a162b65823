"""Staff progress entry (``/admin/programas``): each person sees and updates only the mechanisms
of the units in their scope; viewers read; every recorded progress is audited."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.forms import show_problems
from app.core.rules import RuleError
from app.programs.forms import ProgressForm
from app.programs.models import DeliverableStatus
from app.programs.services import progress, reading
from app.staff.access import require_staff, roles
from app.staff.models import ACTING_ROLES, READING_ROLES
from app.staff.services import scope

bp = Blueprint("programs_admin", __name__, url_prefix="/admin/programas")
bp.before_request(require_staff)


@bp.get("")
@roles(*READING_ROLES)
def index():
    return render_template("programs/admin/index.html", programs=reading.published_programs())


@bp.get("/<slug>")
@roles(*READING_ROLES)
def program(slug: str):
    program = reading.load_program(slug)
    if program is None:
        abort(404)
    return render_template(
        "programs/admin/program.html",
        program=program,
        mechanisms=progress.mechanisms_in_scope(program, scope(current_user)),
        latest=reading.latest_progress,
        track=reading.track,
    )


def _mechanism(slug: str, code: str):
    """The mechanism, if its unit is in the signed-in person's scope; 404 otherwise."""
    mechanism = progress.find_mechanism(slug, code, scope(current_user))
    if mechanism is None:
        abort(404)
    return mechanism


def _page(slug, mechanism, form, status=200):
    return (
        render_template(
            "programs/admin/mechanism.html",
            slug=slug,
            mechanism=mechanism,
            form=form,
            can_record=current_user.role in ACTING_ROLES,
            track=reading.track,
            target_for=reading.target_for,
        ),
        status,
    )


@bp.get("/<slug>/<code>")
@roles(*READING_ROLES)
def mechanism(slug: str, code: str):
    mechanism = _mechanism(slug, code)
    period = request.args.get("periodo")
    existing = next((p for p in mechanism.progress if str(p.period) == period), None)
    form = ProgressForm(mechanism=mechanism, formdata=None, data=_data(existing))
    return _page(slug, mechanism, form)


def _data(reported) -> dict:
    if reported is None:
        return {}
    return {
        "periodo": str(reported.period),
        "valor": "" if reported.value is None else format(reported.value.normalize(), "f"),
        "estado": reported.status.value if reported.status else "",
        "evidencia": reported.evidence_url or "",
        "fecha": reported.reported_on.isoformat() if reported.reported_on else "",
        "nota": reported.note or "",
        "visto": f"{reported.period}:{reported.revision}",
    }


@bp.post("/<slug>/<code>")
@roles(*ACTING_ROLES)
def record(slug: str, code: str):
    mechanism = _mechanism(slug, code)
    form = ProgressForm(mechanism=mechanism)
    if not form.validate():
        return _page(slug, mechanism, form, 400)
    try:
        progress.record_progress(
            mechanism,
            form.periodo.data,
            value=form.valor.data,
            status=DeliverableStatus(form.estado.data) if form.estado.data else None,
            evidence_url=form.evidencia.data,
            reported_on=form.fecha.data,
            note=form.nota.data,
            by=current_user,
            ip=request.remote_addr,
            seen=form.visto.data,
        )
    except progress.ChangedMeanwhile as error:
        show_problems(form, error)
        # Sent again, the form replaces what is stored now, which the page shows.
        form.visto.data = f"{error.progress.period}:{error.progress.revision}"
        return _page(slug, mechanism, form, 409)
    except RuleError as error:
        show_problems(form, error)
        return _page(slug, mechanism, form, 400)
    return redirect(
        url_for(".mechanism", slug=slug, code=code, guardado=str(form.periodo.data)), 303
    )


# The upload of a program's files is a route of this blueprint too.
from app.programs import admin_import  # noqa: E402, F401
