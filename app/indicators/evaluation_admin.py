"""The yearly evaluation of a charter in the staff workspace
(``/admin/cartas/<slug>/evaluacion/<year>``): the year gathered per commitment and the quality
unit's conclusions, saved as a draft and published as frozen revisions.

Who does what (DESIGN.md §4): everybody whose scope includes the charter's dependency reads the
page; the charter's managers may prepare the draft (they know the service); only the quality
unit (coordinators and administrators) publishes it. Out of scope: 404."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.charters.models import Charter
from app.core.clock import local_today
from app.core.forms import show_problems
from app.core.rules import RuleError
from app.extensions import db
from app.indicators.forms import evaluation_form
from app.indicators.services import evaluations
from app.staff.access import require_staff
from app.staff.models import INSTITUTION_ROLES, MANAGING_ROLES
from app.staff.services import scope

bp = Blueprint("evaluations_admin", __name__, url_prefix="/admin/cartas")
bp.before_request(require_staff)


def _charter(slug: str) -> Charter:
    """A charter of the person's dependencies; 404 otherwise, even if it exists."""
    statement = select(Charter).where(Charter.slug == slug)
    allowed = scope(current_user)
    if allowed is not None:
        statement = statement.where(Charter.dependency_id.in_(allowed))
    charter = db.session.scalar(statement)
    if charter is None:
        abort(404)
    return charter


@bp.route("/<slug>/evaluacion/<int:year>", methods=["GET", "POST"])
def evaluation(slug: str, year: int):
    """A year's evaluation: the draft with today's figures, its conclusions, and publication."""
    charter = _charter(slug)
    if year not in evaluations.evaluation_years(charter.id, local_today()):
        abort(404)
    content = evaluations.assemble_evaluation(charter, year)
    draft = evaluations.draft_of(charter.id, year)
    form = evaluation_form(
        content["commitments"],
        evaluations.draft_conclusions(draft),
        draft.overall_note if draft else None,
    )
    if request.method == "POST":
        publishing = request.form.get("accion") == "publicar"
        allowed = INSTITUTION_ROLES if publishing else MANAGING_ROLES
        if current_user.role not in allowed:
            abort(403)
        if form.validate():
            conclusions = form.conclusions([c["commitment_id"] for c in content["commitments"]])
            try:
                if publishing:
                    evaluations.publish_evaluation(
                        charter, year, conclusions, form.nota_general.data or None,
                        current_user, local_today(), form.motivo.data or None,
                        request.remote_addr,
                    )  # fmt: skip
                    flash(_("La evaluación se publicó."))
                else:
                    evaluations.save_draft(
                        charter, year, conclusions, form.nota_general.data or None,
                        current_user, request.remote_addr,
                    )  # fmt: skip
                    flash(_("El borrador de la evaluación se guardó."))
            except RuleError as error:
                show_problems(form, error)
            else:
                return redirect(url_for(".evaluation", slug=slug, year=year), 303)
    return render_template(
        "indicators/admin/evaluation.html",
        charter=charter,
        year=year,
        content=content,
        draft=draft,
        form=form,
        claims=evaluations.year_claims(charter.id, year),
        revisions=evaluations.evaluation_revisions(charter.id, year),
        can_prepare=current_user.role in MANAGING_ROLES,
        can_publish=current_user.role in INSTITUTION_ROLES,
    ), 400 if form.errors else 200
