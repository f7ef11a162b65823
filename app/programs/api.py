"""Open data of the work programs: JSON, and CSV files in the import format.

Only published texts and aggregates: no staff names, no notes of who recorded what.
"""

from flask import Blueprint, Response, abort, current_app, jsonify, url_for

from app.api.datapackage import add_resources
from app.api.registry import registry
from app.api.routes import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, page_number
from app.core.table_format import MIMETYPES
from app.extensions import db, limiter
from app.programs.models import Program
from app.programs.services import api_data, exporting, reading
from app.programs.services.csv_format import FILES
from app.programs.services.datapackage import program_resources

bp = Blueprint("programs_api", __name__, url_prefix="/api/v1")
limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="open-data")(bp)
add_resources(program_resources)


@bp.get("/programs")
def programs():
    """The programs, paginated like every list of the open data API."""
    number = page_number("page", 1, MAX_PAGE)
    per_page = page_number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = db.paginate(api_data.programs_query(), page=number, per_page=per_page, error_out=False)
    last = max(page.pages, 1)

    def link(n: int) -> str:
        return url_for(".programs", page=n, per_page=per_page, _external=True)

    return jsonify(
        {
            "data": [_summary(program) for program in page.items],
            "meta": {"page": number, "per_page": per_page, "total": page.total,
                     "pages": page.pages},
            "links": {
                "self": link(number),
                "next": link(number + 1) if number < page.pages else None,
                "prev": link(min(number - 1, last)) if number > 1 else None,
                "first": link(1),
                "last": link(last),
            },
        }
    )  # fmt: skip


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
    program = reading.load_program(slug)
    if program is None:
        abort(404)
    data = api_data.program_data(program)
    data["csv"] = {
        name: url_for(".program_csv", slug=slug, name=name, _external=True)
        for name in (file.removesuffix(".csv") for file in FILES)
    }
    data["xlsx"] = url_for(".program_workbook", slug=slug, _external=True)
    return jsonify(data)


@bp.get("/programs/<slug>/program.xlsx")
def program_workbook(slug: str):
    """The program's files as one XLSX workbook, a sheet per file: what the workspace's
    upload imports again."""
    program = reading.load_program(slug)
    if program is None:
        abort(404)
    return Response(
        exporting.export_workbook(program),
        mimetype=MIMETYPES["xlsx"],
        headers={"Content-Disposition": f'attachment; filename="{slug}.xlsx"'},
    )


@bp.get("/programs/<slug>/<name>.csv")
def program_csv(slug: str, name: str):
    if f"{name}.csv" not in FILES:
        abort(404)
    program = reading.load_program(slug)
    if program is None:
        abort(404)
    text = exporting.export_files(program)[f"{name}.csv"]
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{slug}-{name}.csv"'},
    )


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
registry.add_paths(
    {
        "/programs": {
            "get": {
                "tags": ["programs"],
                "operationId": "list_programs",
                "summary": "List work programs (paginated)",
                "parameters": [
                    {"$ref": "#/components/parameters/page"},
                    {"$ref": "#/components/parameters/per_page"},
                ],
                "responses": {
                    "200": {
                        "description": "A page of programs.",
                        "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "data": {"type": "array",
                                         "items": {"$ref": "#/components/schemas/ProgramSummary"}},
                                "meta": {"$ref": "#/components/schemas/PageMeta"},
                                "links": {"$ref": "#/components/schemas/PageLinks"},
                            },
                            "required": ["data", "meta", "links"],
                        }}},
                    },
                    "400": _error("A paging argument is not valid."),
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                },
            }
        },
        "/programs/{slug}": {
            "get": {
                "tags": ["programs"],
                "operationId": "get_program",
                "summary": "A work program: its tree, targets, progress and summary figures",
                "parameters": [SLUG],
                "responses": {
                    "200": {
                        "description": "The program.",
                        "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {"slug": {"type": "string"},
                                           "csv": {"type": "object"}},
                        }}},
                    },
                    "404": _error("There is no such program."),
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                },
            }
        },
        "/programs/{slug}/program.xlsx": {
            "get": {
                "tags": ["programs"],
                "operationId": "program_workbook",
                "summary": "The program's files as one XLSX workbook, a sheet per file",
                "parameters": [SLUG],
                "responses": {
                    "200": {
                        "description": "The workbook.",
                        "content": {MIMETYPES["xlsx"]: {"schema": {"type": "string",
                                                                   "format": "binary"}}},
                    },
                    "404": _error("There is no such program."),
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                },
            }
        },
        "/programs/{slug}/{name}.csv": {
            "get": {
                "tags": ["programs"],
                "operationId": "program_csv",
                "summary": "One file of a program in the import format (CSV)",
                "parameters": [
                    SLUG,
                    {"name": "name", "in": "path", "required": True, "schema": {
                        "type": "string",
                        "enum": [file.removesuffix(".csv") for file in FILES]}},
                ],
                "responses": {
                    "200": {"description": "The CSV file.",
                            "content": {"text/csv": {"schema": {"type": "string"}}}},
                    "404": _error("There is no such program or file."),
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                },
            }
        },
    },
    schemas={
        "ProgramSummary": {
            "type": "object",
            "properties": {
                "slug": {"type": "string"},
                "year": {"type": "integer"},
                "title": {"$ref": "#/components/schemas/Translated"},
                "institution": {"$ref": "#/components/schemas/Translated"},
                "url": {"type": "string", "format": "uri"},
            },
            "required": ["slug", "year", "title", "institution", "url"],
        }
    },
    tag={"name": "programs", "description": "Annual work programs and their progress."},
)  # fmt: skip
