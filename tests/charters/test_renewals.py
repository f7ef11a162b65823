"""Renewal and certification: the staff list of charters whose validity or certification ends
within 90 days, the daily digest that names them to the people responsible, and the expired
("vencida") state the public sees when nothing replaced a charter in time."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.charters.models import CharterStatus
from app.charters.services import renewals
from app.core.clock import local_today
from app.extensions import db
from app.outbox.models import OutboxMessage
from app.staff.models import Role
from tests.conftest import fetch
from tests.factories import make_charter, make_dependency, make_service, make_user


@pytest.fixture
def charters(empty_app):
    """Charters of two dependencies at every stage of their validity and certification,
    relative to today."""
    today = local_today()
    treasury, cadastre = make_dependency("Tesorería"), make_dependency("Catastro")

    def charter(dependency, title, **fields):
        made = make_charter([make_service(dependency=dependency)])
        made.title = {"es": title}
        for name, value in fields.items():
            setattr(made.versions[0], name, value)
        return made

    made = {
        "soon": charter(treasury, "Predial", valid_until=today + timedelta(days=30)),
        "ended": charter(treasury, "Bonificaciones", valid_until=today - timedelta(days=5)),
        "later": charter(treasury, "Caja", valid_until=today + timedelta(days=120)),
        "certification": charter(
            cadastre,
            "Constancias",
            certifier="AENOR",
            certified_on=today - timedelta(days=300),
            certification_expires=today + timedelta(days=60),
        ),  # fmt: skip
        "renewed": charter(treasury, "Pagos en línea", valid_until=today + timedelta(days=10)),
        "drafting": charter(treasury, "Descuentos", valid_until=today + timedelta(days=20)),
    }
    renewed = make_charter(made["renewed"].services, number=2, charter=made["renewed"])
    renewed.versions[-1].valid_until = today + timedelta(days=400)
    made["renewed"].versions[0].status = CharterStatus.ARCHIVED
    make_charter(
        made["drafting"].services, status=CharterStatus.DRAFT, number=2, charter=made["drafting"]
    )
    db.session.commit()
    made.update(treasury=treasury, cadastre=cadastre, today=today)
    return made


def _titles(found):
    return [r.charter.title["es"] for r in found]


def test_renewals_within_90_days_soonest_first_by_scope(charters):
    today = charters["today"]
    everything = renewals(today)
    assert _titles(everything) == ["Bonificaciones", "Descuentos", "Predial", "Constancias"]
    ended, drafting, soon, certification = everything
    assert ended.ends == today - timedelta(days=5) and ended.certification_ends is None
    assert certification.ends is None and certification.certification_ends == today + timedelta(
        days=60
    )
    assert drafting.next_version.number == 2 and soon.next_version is None
    assert _titles(renewals(today, {charters["cadastre"].id})) == ["Constancias"]
    assert _titles(renewals(today, {charters["treasury"].id}, days=25)) == [
        "Bonificaciones",
        "Descuentos",
    ]


def test_the_staff_page_lists_only_the_charters_in_scope(charters, signed_in, empty_app):
    page = fetch(signed_in(Role.MANAGER, charters["treasury"]), "/admin/cartas/vencimientos")
    rows = [" ".join(r.get_text().split()) for r in page.soup.select("tbody tr")]
    assert [row.split(" (versión")[0] for row in rows] == [
        "Bonificaciones",
        "Descuentos",
        "Predial",
    ]
    assert "Venció el" in rows[0] and "Versión 2 en preparación (Borrador)" in rows[1]
    assert "Constancias" not in page.text()
    cadastre = fetch(signed_in(Role.VIEWER, charters["cadastre"]), "/admin/cartas/vencimientos")
    assert [r.th.a.get_text() for r in cadastre.soup.select("tbody tr")] == ["Constancias"]
    assert "Termina el" in cadastre.soup.select_one("tbody tr").get_text()
    everyone = fetch(signed_in(Role.COORDINATOR), "/admin/cartas/vencimientos")
    assert len(everyone.soup.select("tbody tr")) == 4
    # Signed out: off to the sign-in page.
    response = empty_app.test_client().get("/admin/cartas/vencimientos")
    assert response.status_code == 302 and "/auth/entrar" in response.headers["Location"]


def test_the_daily_digest_names_them_to_the_people_responsible_only(charters, empty_app):
    treasury = make_user(Role.MANAGER, charters["treasury"], email="teso@example.org")
    make_user(Role.MANAGER, charters["cadastre"], email="cata@example.org")
    make_user(Role.COORDINATOR, email="calidad@example.org")
    make_user(Role.RESPONDER, charters["treasury"], email="ventanilla@example.org")
    make_user(Role.ADMIN, email="admin@example.org")
    make_user(Role.MANAGER, charters["treasury"], email="baja@example.org").active = False
    db.session.commit()
    result = empty_app.test_cli_runner().invoke(args=["outbox", "digest"])
    assert result.exit_code == 0, result.output
    mail = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mail) == {"teso@example.org", "cata@example.org", "calidad@example.org"}
    body = mail[treasury.email].body
    assert "Predial" in body and "Bonificaciones" in body and "Descuentos" in body
    assert "Constancias" not in body and "Caja" not in body and "Pagos en línea" not in body
    assert "vigencia: venció el" in body and "/admin/cartas/vencimientos" in body
    assert "Ábralos en el buzón" not in body  # no feedback items to open
    assert mail[treasury.email].subject == "3 cartas compromiso por renovar o recertificar"
    cadastre = mail["cata@example.org"].body
    assert "Constancias" in cadastre and "certificación: termina el" in cadastre
    assert "Predial" not in cadastre
    assert all(t in mail["calidad@example.org"].body for t in ("Predial", "Constancias"))


def test_an_expired_charter_is_shown_as_expired_everywhere(demo):
    from app.charters.models import Charter

    today = local_today()
    charter = db.session.scalar(select(Charter).filter_by(slug="impuesto-predial"))
    for renewal in charter.versions[2:]:  # the demo's renewal from 2027: none here
        db.session.delete(renewal)
    version = charter.versions[1]
    version.valid_until = today - timedelta(days=1)
    version.published_on = version.valid_from + timedelta(days=60)  # the newest: on the home page
    db.session.commit()
    client = demo.test_client()
    ended = f"desde el {_long(version.valid_until)}"

    page = fetch(client, "/es/cartas/impuesto-predial")
    assert "Vencida" in page.soup.select_one("p.meta").get_text()
    notice = page.soup.select_one(".notice-expired").get_text()
    assert f"venció el {_long(version.valid_until)}" in notice

    listing = fetch(client, "/es/cartas?page=1")
    cards, url = [], "/es/cartas"
    while url:
        listing = fetch(client, url)
        cards += listing.soup.select(".card")
        following = listing.soup.select_one("nav.pagination a[rel=next]")
        url = following["href"] if following else None
    card = next(c for c in cards if c.find("a", href="/es/cartas/impuesto-predial"))
    assert "Vencida" in card.get_text() and ended in " ".join(card.get_text().split())
    others = [c for c in cards if c is not card]
    assert others and not any("Vencida" in c.get_text() for c in others)

    latest = fetch(client, "/es/").soup.find("a", href="/es/cartas/impuesto-predial").parent
    assert "Vencida" in latest.get_text()
    assert "Vencida" not in latest.find_next_sibling("li").get_text()

    service = charter.services[0]
    callout = fetch(client, f"/es/servicios/{service.slug}").soup.select_one("aside.callout")
    assert "Vencida" in callout.get_text() and ended in " ".join(callout.get_text().split())

    data = client.get("/api/v1/charters?dependency=" + charter.dependency.slug).get_json()
    states = {row["slug"]: row["state"] for row in data["data"]}
    assert states["impuesto-predial"] == "expired"
    assert set(states.values()) - {"expired"} <= {"in_force"}


def _long(day):
    from flask_babel import force_locale, format_date

    with force_locale("es_MX"):
        return format_date(day, "long")


def test_the_renewal_list_is_valid_html(charters, signed_in, tmp_path):
    from tests.test_html_validation import vnu_errors

    pages = {
        "with charters": signed_in(Role.COORDINATOR).get("/admin/cartas/vencimientos").data,
        "none": signed_in(Role.MANAGER, make_dependency("Agua"))
        .get("/admin/cartas/vencimientos")
        .data,
    }
    assert "Ninguna carta de sus dependencias" in pages["none"].decode()
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
