"""Public pages that belong to no single feature."""

from flask import Blueprint, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.catalog.forms import CatalogForm
from app.charters.services import published_charters
from app.extensions import db
from app.indicators.services import latest_results_overview

bp = Blueprint("pages", __name__)


@bp.get("/<lang>/")
def home():
    return render_template(
        "pages/home.html",
        form=CatalogForm(),
        overview=latest_results_overview(),
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
    """Liveness and database check for load balancers."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "error", "database": "unreachable"}, 503, {"Retry-After": "30"}
    return {"status": "ok", "database": "ok"}
