"""Staff progress entry (``/admin/programas``): each person sees and updates only the mechanisms
of the units in their scope; viewers read; every recorded progress is audited."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.programs import services
from app.programs.forms import ProgressForm
from app.programs.models import DeliverableStatus, MechanismKind
from app.staff.access import require_staff, roles
from app.staff.models import ACTING_ROLES, READING_ROLES
from app.staff.services import scope

bp = Blueprint("programs_admin", __name__, url_prefix="/admin/programas")
bp.before_request(require_staff)


@bp.get("")
@roles(*READING_ROLES)
def index():
    return render_template("programs/admin/index.html", programs=services.published_programs())


@bp.get("/<slug>")
@roles(*READING_ROLES)
def program(slug: str):
    program = services.load_program(slug)
    if program is None:
        abort(404)
    return render_template(
        "programs/admin/program.html",
        program=program,
        mechanisms=services.mechanisms_in_scope(program, scope(current_user)),
        latest=services.latest_progress,
        track=services.track,
    )


def _mechanism(slug: str, code: str):
    """The mechanism, if its unit is in the signed-in person's scope; 404 otherwise."""
    mechanism = services.find_mechanism(slug, code, scope(current_user))
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
            track=services.track,
            target_for=services.target_for,
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


def _data(progress) -> dict:
    if progress is None:
        return {}
    return {
        "periodo": str(progress.period),
        "valor": "" if progress.value is None else format(progress.value.normalize(), "f"),
        "estado": progress.status.value if progress.status else "",
        "evidencia": progress.evidence_url or "",
        "fecha": progress.reported_on.isoformat() if progress.reported_on else "",
        "nota": progress.note or "",
    }


@bp.post("/<slug>/<code>")
@roles(*ACTING_ROLES)
def record(slug: str, code: str):
    mechanism = _mechanism(slug, code)
    form = ProgressForm(mechanism=mechanism)
    if not form.validate():
        return _page(slug, mechanism, form, 400)
    status = DeliverableStatus(form.estado.data) if form.estado.data else None
    if mechanism.kind is MechanismKind.INDICATOR:
        status = None
    problems = services.progress_problems(mechanism, form.periodo.data, form.valor.data, status)
    if "periodo" in problems:
        year = services.program_year(mechanism)
        form.periodo.errors.append(
            _("El periodo debe ser del año del programa (%(year)d).", year=year)
        )
        return _page(slug, mechanism, form, 400)
    if services.correcting(mechanism, form.periodo.data) and not form.nota.data:
        form.nota.errors.append(_("Explique en la nota por qué corrige el avance de este periodo."))
        return _page(slug, mechanism, form, 400)
    services.record_progress(
        mechanism,
        form.periodo.data,
        value=form.valor.data,
        status=status,
        evidence_url=form.evidencia.data,
        reported_on=form.fecha.data,
        note=form.nota.data,
        by=current_user,
        ip=request.remote_addr,
    )
    return redirect(
        url_for(".mechanism", slug=slug, code=code, guardado=str(form.periodo.data)), 303
    )
