"""Public work programs: the list, and a program with its tree, progress and summary figures."""

from flask import Blueprint, abort, render_template, request

from app.programs.formatting import mechanism_target, progress_value
from app.programs.forms import ProgramFilterForm
from app.programs.services import reading

bp = Blueprint("programs", __name__, url_prefix="/<lang>/programas")
bp.add_app_template_global(mechanism_target)
bp.add_app_template_global(progress_value)


@bp.get("")
def index():
    return render_template("programs/index.html", programs=reading.published_programs())


@bp.get("/<slug>")
def show(slug: str):
    program = reading.load_program(slug)
    if program is None:
        abort(404)
    units = reading.responsible_units(program)
    form = ProgramFilterForm(request.args, program, units)
    valid = form.validate()
    filters = form.filters()
    tree = reading.shown_tree(program, filters)
    return (
        render_template(
            "programs/show.html",
            program=program,
            form=form,
            filters=filters,
            tree=tree,
            shown_count=reading.commitments_shown(tree),
            breakdowns=reading.breakdowns(program),
            track_counts=reading.track_counts(program),
            latest=reading.latest_progress,
            track=reading.track,
            target_for=reading.target_for,
        ),
        200 if valid else 400,
    )
