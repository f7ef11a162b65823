"""``/admin/institucion/claves-api``: the keys of the applications that send requests through
Open311 (administrators only). A key is shown once, right after it is issued."""

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.core.sealed import seal, unseal
from app.extensions import db
from app.open311 import services
from app.open311.forms import ApiClientForm
from app.open311.models import ApiClient
from app.staff.access import require_staff, roles
from app.staff.models import Role

bp = Blueprint("open311_admin", __name__, url_prefix="/admin/institucion/claves-api")
bp.before_request(require_staff)
NEW_KEY = "new_api_key"  # the key just issued, sealed in the session until it is shown


def _page(form, status=200):
    rows = services.clients()
    key = unseal(session.pop(NEW_KEY, None), NEW_KEY) if request.method == "GET" else None
    return render_template(
        "open311/admin/keys.html",
        form=form,
        clients=rows,
        sent=services.requests_sent([c.id for c in rows]),
        new_key=key,
    ), status


@bp.route("", methods=["GET", "POST"])
@roles(Role.ADMIN)
def keys():
    form = ApiClientForm()
    if not form.validate_on_submit():
        return _page(form, 400 if form.errors else 200)
    _client, key = services.issue_key(
        form.nombre.data, form.contacto.data, current_user, ip=request.remote_addr
    )
    session[NEW_KEY] = seal(key, NEW_KEY)
    return redirect(url_for(".keys", emitida=1), 303)


@bp.post("/<int:client_id>/revocar")
@roles(Role.ADMIN)
def revoke(client_id: int):
    client = db.session.get(ApiClient, client_id)
    if client is None:
        abort(404)
    services.revoke_key(client, current_user, ip=request.remote_addr)
    return redirect(url_for(".keys", revocada=1), 303)
