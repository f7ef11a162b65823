"""Public charters: the list and a charter with its commitments, indicators and results."""

from flask import Blueprint, abort, render_template

from app.charters.services import current_version, published_charters
from app.indicators.services import measurement_history

bp = Blueprint("charters", __name__, url_prefix="/<lang>/cartas")


@bp.get("")
def index():
    return render_template("charters/index.html", charters=published_charters())


@bp.get("/<slug>")
def show(slug: str):
    version = current_version(slug)
    if version is None:
        abort(404)
    indicator_ids = [i.id for c in version.commitments for i in c.indicators]
    return render_template(
        "charters/show.html",
        version=version,
        charter=version.charter,
        history=measurement_history(indicator_ids),
    )
