"""Public results: all charters compared for a quarter, and the live dashboard of feedback."""

from flask import Blueprint, current_app, request

from app.core.htmx import render_page, wants_fragment
from app.core.pagination import page_number
from app.indicators.forms import DashboardForm, ResultsForm
from app.indicators.services.dashboard import dashboard as dashboard_figures
from app.indicators.services.overview import opening_period
from app.indicators.services.results import charter_results, result_periods, results_page

bp = Blueprint("indicators", __name__, url_prefix="/<lang>")


@bp.get("/resultados")
def results():
    default = opening_period()
    form = ResultsForm(request.args, result_periods(), default)
    form.dependencia.load(shown=not wants_fragment())
    valid = form.validate()
    period = form.period or default
    dependency = form.dependency
    page = (
        results_page(
            period,
            request.args.get("page", 1, type=page_number),
            current_app.config["RESULTS_PAGE_SIZE"],
            dependency.id if dependency else None,
            form.compliance,
        )
        if period
        else None
    )
    return render_page(
        "indicators/results.html",
        "indicators/_results.html",
        status=200 if valid else 400,
        form=form,
        period=period,
        page=page,
        rows=charter_results(period, page.items) if page else [],
    )


@bp.get("/tablero")
def dashboard():
    form = DashboardForm(request.args)
    form.dependencia.load(shown=not wants_fragment())
    valid = form.validate()
    dependency = form.dependency
    return render_page(
        "indicators/dashboard.html",
        "indicators/_dashboard.html",
        status=200 if valid else 400,
        form=form,
        figures=dashboard_figures(
            dependency_id=dependency.id if dependency else None,
            limit=current_app.config["DASHBOARD_DEPENDENCIES"],
        ),
        refresh_seconds=current_app.config["DASHBOARD_REFRESH_SECONDS"],
    )
