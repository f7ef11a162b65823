"""Public work programs: the list, and a program with its tree, progress and summary figures."""

from flask import Blueprint, abort, render_template, request

from app.programs import services
from app.programs.forms import ProgramFilterForm

bp = Blueprint("programs", __name__, url_prefix="/<lang>/programas")


@bp.get("")
def index():
    return render_template("programs/index.html", programs=services.published_programs())


@bp.get("/<slug>")
def show(slug: str):
    program = services.load_program(slug)
    if program is None:
        abort(404)
    units = services.responsible_units(program)
    form = ProgramFilterForm(request.args, program, units)
    valid = form.validate()
    filters = form.filters()
    shown = {
        c.id: mechanisms
        for c in services.commitments_of(program)
        if (mechanisms := services.matches(c, filters))
    }
    return (
        render_template(
            "programs/show.html",
            program=program,
            form=form,
            filters=filters,
            shown=shown,
            breakdowns=services.breakdowns(program),
            track_counts=services.track_counts(program),
            latest=services.latest_progress,
            track=services.track,
            target_for=services.target_for,
        ),
        200 if valid else 400,
    )
