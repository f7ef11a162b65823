"""Public pages that belong to no single feature."""

from flask import Blueprint, current_app, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.catalog.forms import SearchBox
from app.charters.services import published_charters
from app.core.cache import remember
from app.core.shared import shared_redis
from app.core.types import Period
from app.extensions import db
from app.indicators.models import MeasurementStatus
from app.indicators.services.overview import latest_results_overview

bp = Blueprint("pages", __name__)


def _overview():
    """The latest quarter's results in figures. They count every published indicator's result,
    and change only when results are recorded, so they are kept for a while: when the home
    page's cache expires under a burst, the workers that rebuild it at once stay quick."""

    def compute():
        period, counts = latest_results_overview()
        return [str(period) if period else None, [[s.value, n] for s, n in counts]]

    period, counts = remember(
        "home-overview", current_app.config["PAGE_CACHE_SECONDS"] * 5, compute
    )
    return (
        Period.parse(period) if period else None,
        [(MeasurementStatus(status), n) for status, n in counts],
    )


@bp.get("/<lang>/")
def home():
    return render_template(
        "pages/home.html",
        form=SearchBox(),
        overview=_overview(),
        charters=published_charters(limit=6),
    )


@bp.get("/<lang>/accesibilidad")
def accessibility():
    return render_template("pages/accessibility.html")


@bp.get("/<lang>/privacidad")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/healthz")
def healthz():
    """For load balancers: 503 when the database is unreachable; 200 otherwise, "degraded" when
    Redis is (the portal works on without it: see app/core/shared.py)."""
    figures = {"status": "ok", "database": "ok"}
    if (redis := shared_redis()) is not None:
        figures["redis"] = "ok" if redis.reachable() else "unreachable"
        if figures["redis"] != "ok":
            figures["status"] = "degraded"
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        figures.update(status="error", database="unreachable")
        return figures, 503, {"Retry-After": "30"}
    return figures
