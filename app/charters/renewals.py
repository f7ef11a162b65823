"""Renewal and certification in the staff workspace (``/admin/cartas/vencimientos``): the
charters whose validity or UNE 93200 certification ends within 90 days, or has ended, so that
a new version or a new certification is ready in time. Everyone on staff reads it, each person
for the charters of their dependencies."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from app.charters.services import RENEWAL_WINDOW_DAYS, renewals
from app.core.clock import local_today
from app.staff.access import require_staff, roles
from app.staff.models import READING_ROLES
from app.staff.services import scope

bp = Blueprint("charter_renewals", __name__, url_prefix="/admin/cartas/vencimientos")
bp.before_request(require_staff)


@bp.get("")
@roles(*READING_ROLES)
def index():
    today = local_today()
    return render_template(
        "charters/renewals.html",
        renewals=renewals(today, scope(current_user)),
        today=today,
        days=RENEWAL_WINDOW_DAYS,
    )
