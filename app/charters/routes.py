"""Public charters: the list, a charter with its commitments, indicators and results, what
changed from its previous version and the archived versions, its published quarterly reports
and yearly evaluations and their Atom feed, and the printable charter (poster) with its QR codes."""

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from app.catalog import audio as service_audio
from app.charters.models import Charter
from app.charters.poster import poster_codes, poster_services
from app.charters.services import (
    archived_versions,
    charter_list,
    current_version,
    expired_on,
    previous_version,
    public_version,
    version_changes,
)
from app.core.charts import CHART_PERIODS
from app.core.clock import local_today, utcnow
from app.core.i18n import current_language
from app.core.pagination import page_number
from app.core.types import Period
from app.extensions import db
from app.indicators.services.evaluations import (
    evaluation_revisions,
    latest_evaluations,
    published_evaluations,
)
from app.indicators.services.outcomes import charter_outcomes, measurement_history
from app.indicators.services.reports import latest_reports, report_revisions

bp = Blueprint("charters", __name__, url_prefix="/<lang>/cartas")
FEED_SIZE = 50


@bp.app_template_global("charter_expired")
def charter_expired(version):
    """For templates: the last day in force of an expired charter version, else ``None``."""
    return expired_on(version)


bp.add_app_template_global(local_today, "local_today")


@bp.get("")
def index():
    page = charter_list(
        request.args.get("page", 1, type=page_number), current_app.config["CATALOG_PAGE_SIZE"]
    )
    return render_template("charters/index.html", page=page)


@bp.get("/<slug>")
def show(slug: str):
    version = current_version(slug)
    if version is None:
        abort(404)
    archived = archived_versions(version.charter_id, version.number)
    previous = previous_version(version, archived)
    return render_template(
        "charters/show.html",
        version=version,
        charter=version.charter,
        outcomes=charter_outcomes(version),
        changes=version_changes(previous, version) if previous else None,
        archived=archived,
        evaluations=published_evaluations(version.charter_id),
        recordings=service_audio.for_services(
            [service.id for service in version.charter.services], current_language().code
        ),
    )


@bp.get("/<slug>/versiones/<int:number>")
def version(slug: str, number: int):
    """An archived version, readable as it was; the version in force is the charter's page."""
    shown = public_version(slug, number)
    if shown is None:
        abort(404)
    current = current_version(slug)
    if current is not None and current.id == shown.id:
        return redirect(url_for(".show", slug=slug))
    return render_template(
        "charters/version.html",
        version=shown,
        charter=shown.charter,
        current=current,
        history=measurement_history(
            [i.id for c in shown.commitments for i in c.indicators], latest=CHART_PERIODS + 1
        ),
    )


def _poster(slug: str):
    """The version in force, the service the poster is for (``?servicio=``, one the charter
    covers; the first by default) and that service's QR codes; 404 otherwise."""
    version = current_version(slug)
    if version is None:
        abort(404)
    services = poster_services(version.charter)
    chosen = request.args.get("servicio")
    service = next((s for s in services if chosen in (None, s.slug)), None)
    if service is None:
        abort(404)
    return version, services, service, poster_codes(service, current_language().code)


@bp.get("/<slug>/cartel")
def poster(slug: str):
    """The printable charter: an A4 page (print stylesheet) with QR codes to the feedback
    form and the survey of one of its services."""
    version, services, service, codes = _poster(slug)
    return render_template(
        "charters/poster.html",
        version=version,
        charter=version.charter,
        services=services,
        service=service,
        codes=codes,
    )


@bp.get("/<slug>/cartel.pdf")
def poster_download(slug: str):
    """The printable charter as a PDF file."""
    from app.charters.poster_pdf import poster_pdf  # fpdf2 loads on the first download only

    version, services, service, codes = _poster(slug)
    response = make_response(poster_pdf(version, service, codes, expired_on(version)))
    response.mimetype = "application/pdf"
    name = slug if len(services) == 1 else f"{slug}-{service.slug}"
    response.headers["Content-Disposition"] = f'attachment; filename="carta-{name}.pdf"'
    return response


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
