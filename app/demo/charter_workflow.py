"""The demo's charters at work in the workspace: most charters already have their next version
approved from 2027-01-01 (copied from the one in force, which ends on 2026-12-31), one is left
to expire, and a new charter waits for the quality unit's review."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.catalog.models import Service
from app.charters import drafting
from app.charters.models import Charter, charter_services
from app.extensions import db

RENEWED_FROM = date(2027, 1, 1)
# Left without a successor, so that the expiring-charters list has one to name.
EXPIRING = "poda-y-derribo-de-arboles"
# The service of the charter being drafted (one without a charter) and its texts.
PENDING = {
    "slug": "carta-en-revision",
    "title": "Atención ciudadana en ventanilla única",
    "purpose": "Atender en la ventanilla única con rapidez, trato digno e información clara.",
    "rights": "Recibir atención con trato digno, en su lengua y sin costo.",
    "obligations": "Presentar su identificación y la documentación del trámite.",
    "participation_channels": "Buzón ciudadano en línea, teléfono y buzón físico en la ventanilla.",
    "compensation_measures": "Una disculpa por escrito y atención preferente la siguiente vez.",
    "responsible_unit": "Coordinación de Atención Ciudadana",
}


def seed_demo_charter_workflow() -> None:
    """Approve the next version of every demo charter (but one) from 2027-01-01, and add a charter
    whose first version is in review. Done as staff do it, through the workspace's services
    (events and audit rows by the system)."""
    for charter in db.session.scalars(select(Charter).order_by(Charter.slug)).all():
        if charter.slug == EXPIRING:
            continue
        version = drafting.new_version(charter, None)
        drafting.submit(version, None)
        drafting.approve(version, max(RENEWED_FROM, version.valid_from), None)
    covered = select(charter_services.c.service_id)
    service = db.session.scalar(
        select(Service).where(Service.id.not_in(covered)).order_by(Service.code).limit(1)
    )
    charter = drafting.create_charter(
        service.dependency, [service], PENDING["slug"], PENDING["title"], None
    )
    version = charter.versions[0]
    for name in (
        "purpose",
        "rights",
        "obligations",
        "participation_channels",
        "compensation_measures",
        "responsible_unit",
    ):
        setattr(version, name, {"es": PENDING[name]})
    db.session.commit()
    drafting.submit(version, None)
