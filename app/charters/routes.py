"""Public charters: the list, a charter with its commitments, indicators and results, its
published quarterly reports and yearly evaluations, and their Atom feed."""

from flask import Blueprint, abort, current_app, make_response, render_template, request
from sqlalchemy import select

from app.charters.models import Charter
from app.charters.services import current_version, published_versions
from app.core.clock import utcnow
from app.core.pagination import page_number
from app.core.types import Period
from app.extensions import db
from app.indicators.services.evaluations import (
    evaluation_revisions,
    latest_evaluations,
    published_evaluations,
)
from app.indicators.services.reports import latest_reports, report_revisions
from app.indicators.services.results import charter_outcomes

bp = Blueprint("charters", __name__, url_prefix="/<lang>/cartas")
FEED_SIZE = 50


@bp.get("")
def index():
    page = db.paginate(
        published_versions(),
        page=request.args.get("page", 1, type=page_number),
        per_page=current_app.config["CATALOG_PAGE_SIZE"],
    )
    return render_template("charters/index.html", page=page)


@bp.get("/<slug>")
def show(slug: str):
    version = current_version(slug)
    if version is None:
        abort(404)
    return render_template(
        "charters/show.html",
        version=version,
        charter=version.charter,
        outcomes=charter_outcomes(version),
        evaluations=published_evaluations(version.charter_id),
    )


@bp.get("/<slug>/informes/<period>")
def report(slug: str, period: str):
    """A published quarterly report; its latest revision unless ``?revision=`` names one."""
    charter = db.session.scalar(select(Charter).filter_by(slug=slug))
    try:
        quarter = Period.parse(period)
    except ValueError:
        abort(404)
    revisions = report_revisions(charter.id, quarter) if charter else []
    return render_template(
        "charters/report.html",
        charter=charter,
        report=_revision_shown(revisions),
        revisions=revisions,
    )


def _revision_shown(revisions: list):
    """The revision named by ``?revision=`` (the latest without it); 404 when there is none."""
    chosen = request.args.get("revision", type=int)
    shown = next((r for r in revisions if chosen in (None, r.revision)), None)
    if shown is None:
        abort(404)
    return shown


@bp.get("/<slug>/evaluacion/<int:year>")
def evaluation(slug: str, year: int):
    """A published yearly evaluation; its latest revision unless ``?revision=`` names one."""
    charter = db.session.scalar(select(Charter).filter_by(slug=slug))
    revisions = evaluation_revisions(charter.id, year) if charter else []
    return render_template(
        "charters/evaluation.html",
        charter=charter,
        evaluation=_revision_shown(revisions),
        revisions=revisions,
    )


@bp.get("/informes.atom")
def feed():
    """The latest published reports, evaluations and their corrections, newest first."""
    publications = sorted(
        [("report", r) for r in latest_reports(FEED_SIZE)]
        + [("evaluation", e) for e in latest_evaluations(FEED_SIZE)],
        key=lambda entry: (entry[1].published_at, entry[1].id),
        reverse=True,
    )[:FEED_SIZE]
    # An empty feed is as old as its first request: nothing was published before.
    updated = publications[0][1].published_at if publications else utcnow()
    response = make_response(
        render_template("charters/reports.atom.xml", publications=publications, updated=updated)
    )
    response.mimetype = "application/atom+xml"
    return response
