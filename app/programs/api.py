"""Open data of the work programs: JSON, and CSV files in the import format.

Only published texts and aggregates: no staff names, no notes of who recorded what.
"""

from flask import Blueprint, Response, abort, jsonify, request, url_for

from app.extensions import db
from app.programs import services
from app.programs.models import Program

bp = Blueprint("programs_api", __name__, url_prefix="/api/v1")

PAGE_SIZE = 50


@bp.get("/programs")
def programs():
    page = db.paginate(
        services.programs_query(),
        page=request.args.get("page", 1, type=int),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    return jsonify(
        {
            "items": [_summary(program) for program in page.items],
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
            "next": url_for(".programs", page=page.next_num, _external=True)
            if page.has_next
            else None,
        }
    )


def _summary(program: Program) -> dict:
    return {
        "slug": program.slug,
        "year": program.year,
        "title": program.title,
        "institution": program.institution.name,
        "url": url_for(".program", slug=program.slug, _external=True),
    }


@bp.get("/programs/<slug>")
def program(slug: str):
    program = services.load_program(slug)
    if program is None:
        abort(404)
    data = services.program_data(program)
    data["csv"] = {
        name: url_for(".program_csv", slug=slug, name=name, _external=True)
        for name in (file.removesuffix(".csv") for file in services.FILES)
    }
    return jsonify(data)


@bp.get("/programs/<slug>/<name>.csv")
def program_csv(slug: str, name: str):
    if f"{name}.csv" not in services.FILES:
        abort(404)
    program = services.load_program(slug)
    if program is None:
        abort(404)
    text = services.export_files(program)[f"{name}.csv"]
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{slug}-{name}.csv"'},
    )
