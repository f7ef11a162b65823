"""Public catalog: search, filters and a service's page."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from app.catalog import audio as service_audio
from app.catalog.forms import CatalogForm
from app.catalog.models import ServiceAudio
from app.catalog.services import (
    OFFERING_SERVICES,
    filter_topics,
    retired_matches,
    search_page,
    service_by_former_slug,
    service_page,
)
from app.charters.services import charters_of_service
from app.core.htmx import render_page, wants_fragment
from app.core.i18n import current_language
from app.core.pagination import page_number
from app.extensions import db
from app.indicators.services.results import latest_compliance, service_charters

bp = Blueprint("catalog", __name__, url_prefix="/<lang>/servicios")


@bp.get("")
def index():
    form = CatalogForm(request.args, filter_topics())
    form.dependencia.load(OFFERING_SERVICES, shown=not wants_fragment())
    valid = form.validate()
    query = form.catalog_query()
    page = search_page(
        query,
        page=request.args.get("page", 1, type=page_number),
        per_page=current_app.config["CATALOG_PAGE_SIZE"],
    )
    return render_page(
        "catalog/index.html",
        "catalog/_results.html",
        status=200 if valid else 400,
        form=form,
        page=page,
        charters=service_charters([s.id for s in page.items]),
        retired=[] if page.items else retired_matches(query.text),
    )


@bp.get("/<slug>")
def show(slug: str):
    service = service_page(slug)
    if service is None:
        if (renamed := service_by_former_slug(slug)) is None:
            abort(404)
        # An address key the service had before: its old links lead to it.
        return redirect(url_for(".show", slug=renamed.slug), 301)
    if service.retired_on is not None:
        # Gone, and said so: a citizen's old link still explains what happened.
        return render_template("catalog/retired.html", service=service), 410
    charters = charters_of_service(service.id)
    return render_template(
        "catalog/show.html",
        service=service,
        charters=charters,
        compliance=latest_compliance([charter.id for charter, _version in charters]),
        recordings=service_audio.recordings(service, current_language().code),
    )


@bp.get("/<slug>/audio/<int:audio_id>")
def audio(slug: str, audio_id: int):
    """A recording of the service's text, public like the page (ranges for seeking); gone with
    the page once the service is retired."""
    found = db.session.get(ServiceAudio, audio_id)
    if found is None or found.service.slug != slug or found.service.retired_on is not None:
        abort(404)
    path = service_audio.path_of(found)
    if path is None or not path.is_file():
        abort(404)
    name = service_audio.file_name(found)
    return send_file(path, mimetype=found.content_type, download_name=name, conditional=True)
