"""The charter workspace (``/admin/cartas``): drafting, review and approval by role and scope,
publication rules, concurrent approvals, scheduled publication, archiving and new versions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import current_app
from sqlalchemy import select

from app.charters import checks, drafting
from app.charters.models import (
    Charter,
    CharterEvent,
    CharterStatus,
    Comparator,
    IndicatorRevision,
    Unit,
)
from app.charters.services import current_version
from app.core import clock
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.conftest import fetch
from tests.factories import es, make_charter, make_dependency, make_service, make_user

TODAY = date(2026, 12, 4)


@pytest.fixture
def today(monkeypatch):
    """Freeze the institution's date (every reader of charters asks ``clock.local_today``)."""
    day = {"value": TODAY}
    monkeypatch.setattr(clock, "local_today", lambda: day["value"])
    return day


@pytest.fixture
def setup(empty_app, today):
    water = make_dependency("Agua", slug="agua")
    treasury = make_dependency("Tesorería", slug="tesoreria")
    predial = make_service("Pago de predial", dependency=treasury, slug="predial")
    water_service = make_service("Contrato de agua", dependency=water, slug="contrato-agua")
    db.session.commit()
    return {"water": water, "treasury": treasury, "predial": predial, "agua": water_service}


def _new_charter(client, setup, slug="carta-predial"):
    response = client.post(
        "/admin/cartas/nueva",
        data={
            "titulo": "Carta del predial",
            "clave": slug,
            "dependencia": "tesoreria",
            "servicios": [str(setup["predial"].id)],
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return db.session.scalar(select(Charter).filter_by(slug=slug))


def _version_form(version, **changes):
    data = {
        "version": str(version.lock_version),
        "proposito": "Pagar el predial sin esperas.",
        "servicios": [str(s.id) for s in version.charter.services],
        "derechos": "Trato digno.",
        "obligaciones": "Traer su boleta.",
        "participacion": "Buzón.",
        "quejas": "En el buzón en línea o en la ventanilla.",
        "compensacion": "Una disculpa por escrito.",
        "unidad_responsable": "Tesorería",
        "vigente_desde": "2027-01-01",
        "vigente_hasta": "2028-12-31",
    }
    return data | changes


def test_manager_creates_a_charter_with_the_five_standard_indicators_and_drafts_it(
    setup, signed_in
):
    client = signed_in(Role.MANAGER, setup["treasury"])
    charter = _new_charter(client, setup)
    (version,) = charter.versions
    assert version.status is CharterStatus.DRAFT
    assert len(version.commitments) == 5
    assert [c.indicators[0].standard.value for c in version.commitments] == [
        "satisfaction",
        "waiting_time",
        "attention_time",
        "request_response",
        "feedback_response",
    ]
    page = fetch(client, f"/admin/cartas/{charter.id}/versiones/1")
    assert "Carta del predial, versión 1" in page.h1
    response = client.post(f"/admin/cartas/{charter.id}/versiones/1", data=_version_form(version))
    assert response.status_code == 303
    db.session.expire_all()
    assert version.purpose == {"es": "Pagar el predial sin esperas."}
    assert version.complaint_procedure["es"].startswith("En el buzón")
    assert version.valid_until == date(2028, 12, 31)
    assert version.lock_version == 2
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[-2:] == ["charter.created", "charter.version_updated"]
    assert [e.kind.value for e in version.events] == ["created"]
    # Not public while it is a draft.
    assert client.get("/es/cartas/carta-predial").status_code == 404
    # A year's typo is refused next to its field (9999 left no room for the day after it).
    for typo in ("9999-12-31", "0001-01-01"):
        stale = _version_form(version, vigente_hasta=typo)
        refused = client.post(f"/admin/cartas/{charter.id}/versiones/1", data=stale)
        assert refused.status_code == 400
        assert "Escriba una fecha de 1900 a 2999." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert version.valid_until == date(2028, 12, 31)


def test_editing_keeps_translations_and_a_stale_form_is_refused_keeping_what_was_typed(
    setup, signed_in
):
    client = signed_in(Role.MANAGER, setup["treasury"], name="Ana")
    charter = _new_charter(client, setup)
    version = charter.versions[0]
    version.rights = {"es": "Trato digno.", "en": "Dignified treatment."}
    db.session.commit()
    stale = _version_form(version)
    assert client.post(f"/admin/cartas/{charter.id}/versiones/1", data=stale).status_code == 303
    db.session.expire_all()
    assert version.rights == {"es": "Trato digno.", "en": "Dignified treatment."}
    other = signed_in(Role.MANAGER, setup["treasury"], name="Beto")
    typed = stale | {"proposito": "Lo que escribió Beto"}
    page = fetch(other, f"/admin/cartas/{charter.id}/versiones/1", 409, method="post", data=typed)
    assert "Modificado por Ana a las" in page.text()
    assert page.soup.find("textarea", attrs={"name": "proposito"}).text.strip() == (
        "Lo que escribió Beto"
    )
    assert page.title.startswith("Error:")
    # A button (move, remove, send) opened before that save is refused the same way.
    first = version.commitments[0]
    url = f"/admin/cartas/{charter.id}/versiones/1/compromisos/{first.id}/quitar"
    page = fetch(other, url, 409, method="post", data={"version": stale["version"]})
    assert "Modificado por Ana a las" in page.text()
    db.session.expire_all()
    assert len(version.commitments) == 5


def test_commitments_are_added_edited_moved_and_removed_and_indicators_edited(setup, signed_in):
    client = signed_in(Role.MANAGER, setup["treasury"])
    charter = _new_charter(client, setup)
    version = charter.versions[0]
    base = f"/admin/cartas/{charter.id}/versiones/1"

    def lock():
        db.session.expire_all()
        return str(version.lock_version)

    response = client.post(
        f"{base}/compromisos", data={"version": lock(), "texto": "Atención en náhuatl."}
    )
    assert response.status_code == 303
    db.session.expire_all()
    added = version.commitments[-1]
    assert added.position == 6 and added.text == {"es": "Atención en náhuatl."}
    first = version.commitments[0]
    url = f"{base}/compromisos/{added.id}/subir"
    moved = client.post(url, data={"version": lock()})
    assert moved.status_code == 303
    assert "El compromiso quedó en el lugar 5." in fetch(client, moved.headers["Location"]).text()
    db.session.expire_all()
    assert [c.position for c in version.commitments] == [1, 2, 3, 4, 5, 6]
    assert version.commitments[4].id == added.id
    assert (
        client.post(f"{base}/compromisos/{first.id}/quitar", data={"version": lock()}).status_code
        == 303
    )
    db.session.expire_all()
    assert len(version.commitments) == 5 and version.commitments[0].id != first.id

    commitment = version.commitments[0]
    indicator = commitment.indicators[0]
    url = f"{base}/compromisos/{commitment.id}/indicadores/{indicator.id}"
    page = fetch(client, url)
    data = {
        "version": lock(),
        "nombre": "Satisfacción",
        "tipo": "share_within",
        "numerador": "Encuestas con 4 o 5",
        "denominador": "Encuestas respondidas",
        "umbral": "4",
        "unidad_umbral": "score",
        "comparador": "ge",
        "valor_meta": "120",
        "unidad": "percent",
        "periodicidad": "quarterly",
        "fuente": "survey",
        "linea_base": "80",
    }
    page = fetch(client, url, 400, method="post", data=data)
    assert "Un porcentaje va de 0 a 100." in page.text()
    # A target every result meets promises nothing (the import refuses it too).
    page = fetch(client, url, 400, method="post", data=data | {"valor_meta": "0"})
    assert "se cumple cualquier resultado" in page.text()
    assert client.post(url, data=data | {"valor_meta": "95"}).status_code == 303
    db.session.expire_all()
    assert indicator.target == Decimal(95) and indicator.baseline == Decimal(80)
    new = f"{base}/compromisos/{commitment.id}/indicadores/nuevo"
    data = data | {"version": lock(), "nombre": "Calificación media", "tipo": "mean",
                   "unidad": "score", "valor_meta": "4.5", "umbral": "", "unidad_umbral": "",
                   "linea_base": ""}  # fmt: skip
    assert client.post(new, data=data).status_code == 303
    db.session.expire_all()
    assert [i.name["es"] for i in commitment.indicators] == ["Satisfacción", "Calificación media"]
    removed = commitment.indicators[0]
    url = f"{base}/compromisos/{commitment.id}/indicadores/{removed.id}/quitar"
    assert client.post(url, data={"version": lock()}).status_code == 303
    db.session.expire_all()
    assert [i.position for i in commitment.indicators] == [1]


def _in_review(setup, signed_in, slug="carta-predial"):
    manager = signed_in(Role.MANAGER, setup["treasury"])
    charter = _new_charter(manager, setup, slug)
    version = charter.versions[0]
    assert (
        manager.post(
            f"/admin/cartas/{charter.id}/versiones/1", data=_version_form(version)
        ).status_code
        == 303
    )
    db.session.expire_all()
    response = manager.post(
        f"/admin/cartas/{charter.id}/versiones/1/enviar",
        data={"version": str(version.lock_version)},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert version.status is CharterStatus.IN_REVIEW
    return manager, charter, version


def test_workflow_transitions_by_role(setup, signed_in):
    manager, charter, version = _in_review(setup, signed_in)
    base = f"/admin/cartas/{charter.id}/versiones/1"
    # A version in review cannot be edited, nor sent again.
    page = fetch(manager, base, 400, method="post", data=_version_form(version))
    assert "ya no es un borrador" in page.text()
    # Only coordinators and administrators return or approve.
    for role in (Role.MANAGER, Role.RESPONDER, Role.VIEWER):
        reader = signed_in(role, setup["treasury"])
        lock = {"version": str(version.lock_version)}
        assert (
            reader.post(f"{base}/aprobar", data=lock | {"publicar_desde": "2027-01-01"}).status_code
            == 403
        )
        assert reader.post(f"{base}/devolver", data=lock | {"comentario": "No"}).status_code == 403
    coordinator = signed_in(Role.COORDINATOR, name="Calidad")
    page = fetch(coordinator, f"{base}/devolver", 400, method="post",
                 data={"version": str(version.lock_version), "comentario": ""})  # fmt: skip
    assert "Escriba qué debe cambiarse." in page.text()
    response = coordinator.post(
        f"{base}/devolver",
        data={"version": str(version.lock_version), "comentario": "Precise el plazo."},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert version.status is CharterStatus.DRAFT
    page = fetch(manager, base)
    assert "Precise el plazo." in page.text()
    # Sent again, then approved from a date.
    assert (
        manager.post(f"{base}/enviar", data={"version": str(version.lock_version)}).status_code
        == 303
    )
    db.session.expire_all()
    response = coordinator.post(
        f"{base}/aprobar",
        data={"version": str(version.lock_version), "publicar_desde": "2027-01-01"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert version.status is CharterStatus.PUBLISHED
    assert version.valid_from == date(2027, 1, 1) and version.published_on == TODAY
    kinds = [e.kind.value for e in version.events]
    assert kinds == ["created", "submitted", "returned", "submitted", "approved"]
    assert version.events[2].comment == "Precise el plazo."
    assert version.events[-1].user.name == "Calidad"
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.action.in_(
            ("charter.submitted", "charter.returned", "charter.approved")))
    ).all()  # fmt: skip
    assert sorted(actions) == sorted(
        ["charter.submitted", "charter.returned", "charter.submitted", "charter.approved"]
    )
    page = fetch(manager, base)
    assert "Programada" in page.text() and "Historial" in page.text()
    # A published version is never edited, nor returned.
    assert manager.post(base, data=_version_form(version)).status_code == 400
    response = coordinator.post(
        f"{base}/devolver", data={"version": str(version.lock_version), "comentario": "x"}
    )
    assert response.status_code == 409


def test_a_version_that_is_no_longer_a_draft_takes_no_new_indicator(setup, signed_in):
    manager, charter, version = _in_review(setup, signed_in)
    commitment = version.commitments[0]
    new = f"/admin/cartas/{charter.id}/versiones/1/compromisos/{commitment.id}/indicadores/nuevo"
    before = [i.id for i in commitment.indicators]
    for client in (manager, signed_in(Role.ADMIN)):
        page = fetch(client, new, 400)
        assert "ya no es un borrador" in page.text() and not page.soup.select("form.settings-form")
        data = {"version": str(version.lock_version), "nombre": "Otro", "tipo": "mean"}
        page = fetch(client, new, 400, method="post", data=data)
        assert "ya no es un borrador" in page.text()
    db.session.expire_all()
    assert [i.id for i in commitment.indicators] == before


def test_scope_isolation(setup, signed_in):
    _manager, charter, _version = _in_review(setup, signed_in)
    base = f"/admin/cartas/{charter.id}"
    outsider = signed_in(Role.MANAGER, setup["water"])
    assert outsider.get(f"{base}/versiones/1").status_code == 404
    assert outsider.post(f"{base}/versiones/1", data={}).status_code == 404
    assert outsider.post(f"{base}/nueva-version", data={}).status_code == 404
    page = fetch(outsider, "/admin/cartas/")
    assert "Carta del predial" not in page.text()
    # Readers of the dependency see the draft, read-only.
    for role in (Role.VIEWER, Role.RESPONDER):
        reader = signed_in(role, setup["treasury"])
        page = fetch(reader, f"{base}/versiones/1")
        assert "Carta del predial" in page.h1
        assert not page.soup.find("form", action=f"{base}/versiones/1")
        assert reader.post(f"{base}/versiones/1", data={}).status_code == 403
        assert reader.get("/admin/cartas/nueva").status_code == 403
    # A manager cannot create a charter for another dependency.
    outsider_page = fetch(
        outsider,
        "/admin/cartas/nueva",
        400,
        method="post",
        data={"titulo": "X", "clave": "x", "dependencia": "tesoreria",
              "servicios": [str(setup["predial"].id)]},
    )  # fmt: skip
    assert outsider_page.soup.select_one(".error-summary")


def test_publication_rules_list_every_problem(setup, signed_in):
    manager = signed_in(Role.MANAGER, setup["treasury"])
    charter = _new_charter(manager, setup)
    version = charter.versions[0]
    version.commitments[0].indicators[0].target = Decimal(120)  # as an import could leave it
    version.commitments[1].indicators.clear()
    version.valid_until = date(2026, 1, 1)
    db.session.commit()
    problems = [str(p) for p in checks.publication_problems(version)]
    assert "Escriba el propósito de la carta." in problems
    # What a published charter says, as its import requires it (an export imports back).
    assert (
        "Escriba «Medidas de compensación si no se cumple un compromiso»: una carta publicada "
        "lo dice." in problems
    )
    assert "Escriba «Derechos de las personas usuarias»: una carta publicada lo dice." in problems
    assert "El compromiso 2 no tiene indicadores." in problems
    assert any("Compromiso 1" in p and "de 0 a 100" in p for p in problems)
    assert "La vigencia termina antes de empezar: revise las fechas." in problems
    page = fetch(
        manager,
        f"/admin/cartas/{charter.id}/versiones/1/enviar",
        400,
        method="post",
        data={"version": str(version.lock_version)},
    )
    assert "El compromiso 2 no tiene indicadores." in page.text()
    for commitment in list(version.commitments):
        version.commitments.remove(commitment)
    db.session.commit()
    assert "La carta necesita al menos un compromiso con un indicador." in [
        str(p) for p in checks.publication_problems(version)
    ]


def test_approval_rules_dates(setup, signed_in):
    _manager, charter, version = _in_review(setup, signed_in)
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(RuleError, match="anterior a hoy"):
        drafting.approve(version, TODAY - timedelta(days=1), coordinator)
    with pytest.raises(RuleError, match="termina antes de empezar"):
        drafting.approve(version, date(2029, 1, 1), coordinator)
    assert version.status is CharterStatus.IN_REVIEW


def test_two_reviewers_approving_at_once_one_wins_the_other_is_told(setup, signed_in):
    _manager, charter, version = _in_review(setup, signed_in)
    base = f"/admin/cartas/{charter.id}/versiones/1"
    first = signed_in(Role.COORDINATOR, name="Primera")
    second = signed_in(Role.ADMIN, name="Segunda")
    data = {"version": str(version.lock_version), "publicar_desde": TODAY.isoformat()}
    assert first.post(f"{base}/aprobar", data=data).status_code == 303
    page = fetch(second, f"{base}/aprobar", 409, method="post", data=data)
    assert "Otra persona ya actuó sobre esta versión (Primera" in page.text()
    db.session.expire_all()
    assert [e.kind.value for e in version.events].count("approved") == 1
    # Even when both read the version before either wrote (the conditional UPDATE decides).
    _m, other_charter, other = _in_review(setup, signed_in, "otra-carta")
    lock = other.lock_version
    late = make_user(Role.ADMIN)
    drafting.approve(other, TODAY, make_user(Role.COORDINATOR), lock=lock)
    other.status = CharterStatus.IN_REVIEW  # what the second reviewer's session still believed
    with pytest.raises(drafting.AlreadyDecided):
        drafting.approve(other, TODAY, late, lock=lock)
    db.session.expire_all()
    assert other.status is CharterStatus.PUBLISHED


def test_scheduled_version_switches_on_its_start_date_and_the_old_one_is_archived(
    setup, signed_in, today
):
    charter = make_charter([setup["predial"]])
    db.session.commit()
    old = charter.versions[0]
    old.valid_until = date(2026, 12, 31)
    db.session.commit()
    manager = signed_in(Role.MANAGER, setup["treasury"])
    response = manager.post(f"/admin/cartas/{charter.id}/nueva-version", data={})
    assert response.status_code == 303
    db.session.expire_all()
    new = charter.versions[-1]
    assert new.number == 2 and new.status is CharterStatus.DRAFT
    assert new.valid_from == date(2027, 1, 1) and new.valid_until == date(2027, 12, 31)
    new.purpose = es("Propósito renovado para 2027.")
    db.session.commit()
    drafting.submit(new, make_user(Role.MANAGER, setup["treasury"]))
    drafting.approve(new, date(2027, 1, 1), make_user(Role.COORDINATOR))
    slug = charter.slug

    assert current_version(slug).number == 1
    page = fetch(manager, f"/es/cartas/{slug}")
    assert "Propósito." in page.text() and "renovado" not in page.text()
    api = manager.get(f"/api/v1/charter-versions?charter={slug}").get_json()
    assert [row["number"] for row in api["data"]] == [1]

    today["value"] = date(2027, 1, 1)  # midnight: no job ran, the app may have restarted
    db.session.expire_all()
    assert current_version(slug).number == 2
    page = fetch(manager, f"/en/cartas/{slug}?v=2")
    assert "Propósito renovado para 2027." in page.text()
    states = fetch(manager, f"/admin/cartas/{charter.id}/versiones/2").text().replace(" :", ":")
    assert "Versión 1: Archivada" in states and "Versión 2: Vigente" in states
    # Open data: the replaced version reads as archived before the daily command records it.
    rows = manager.get(f"/api/v1/charter-versions?charter={slug}").get_json()["data"]
    assert [(row["number"], row["status"]) for row in rows] == [(1, "archived"), (2, "published")]
    rows = manager.get(f"/api/v1/commitments?charter={slug}&status=published").get_json()["data"]
    assert {row["version"] for row in rows} == {2}
    rows = manager.get(f"/api/v1/commitments?charter={slug}&status=archived").get_json()["data"]
    assert {(row["version"], row["version_status"]) for row in rows} == {(1, "archived")}
    assert drafting.archive_replaced() == 1
    db.session.expire_all()
    assert old.status is CharterStatus.ARCHIVED
    assert current_version(slug).number == 2
    assert old.events[-1].kind.value == "archived"
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "charter.archived"))
    assert drafting.archive_replaced() == 0


def test_approval_from_today_archives_the_previous_version_at_once(setup):
    charter = make_charter([setup["predial"]])
    db.session.commit()
    new = drafting.new_version(charter, make_user(Role.ADMIN))
    new.purpose = es("Propósito.")
    db.session.commit()
    drafting.submit(new, make_user(Role.ADMIN))
    drafting.approve(new, TODAY, make_user(Role.COORDINATOR))
    assert [v.status for v in charter.versions] == [CharterStatus.ARCHIVED, CharterStatus.PUBLISHED]
    assert current_version(charter.slug).number == 2


def test_new_version_copies_everything_with_the_definitions_in_force(setup, signed_in):
    charter = make_charter([setup["predial"]])
    db.session.commit()
    source = charter.versions[0]
    source.certifier = "Certificadora"
    source.complaint_procedure = {"es": "Buzón", "en": "Mailbox"}
    indicator = source.commitments[0].indicators[0]
    indicator.revisions.append(
        IndicatorRevision(
            starts=Period(2026, "T", 3),
            numerator=es("Usuarios muy satisfechos"),
            denominator=es("Usuarios encuestados"),
            target=Decimal(95),
            comparator=Comparator.AT_LEAST,
            note=es("Meta más alta"),
            created_at=clock.utcnow(),
        )
    )
    db.session.commit()
    version = drafting.new_version(charter, make_user(Role.ADMIN))
    assert version.number == 2 and version.status is CharterStatus.DRAFT
    assert version.certifier == "Certificadora"
    assert version.complaint_procedure == {"es": "Buzón", "en": "Mailbox"}
    assert version.rights == source.rights
    copied = version.commitments[0].indicators[0]
    assert copied.id != indicator.id
    assert copied.target == Decimal(95) and copied.numerator["es"] == "Usuarios muy satisfechos"
    assert copied.unit is Unit.PERCENT and not copied.revisions
    assert indicator.target == Decimal(90)  # the source keeps its definitions
    with pytest.raises(RuleError, match="ya tiene una versión en preparación"):
        drafting.new_version(charter, make_user(Role.ADMIN))
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "charter.version_created"))
    assert db.session.scalar(select(CharterEvent).where(CharterEvent.version_id == version.id))


def test_list_searches_and_shows_each_version_state(setup, signed_in):
    _manager, charter, _version = _in_review(setup, signed_in)
    make_charter([setup["agua"]])
    db.session.commit()
    admin = signed_in(Role.ADMIN)
    page = fetch(admin, "/admin/cartas/?q=predial")
    assert "Versión 1: En revisión" in page.text().replace(" :", ":")
    assert "Cartas encontradas: 1" in page.text()
    page = fetch(admin, "/admin/cartas/?estado=in_review")
    assert "Cartas encontradas: 1" in page.text()
    page = fetch(admin, "/admin/cartas/?estado=nada", 400)


def test_the_demo_has_a_charter_in_review_and_its_charters_renewed_from_2027(app_context):
    charters = db.session.scalars(select(Charter)).all()
    pending = [c for c in charters if c.versions[-1].status is CharterStatus.IN_REVIEW]
    assert [c.slug for c in pending] == ["carta-en-revision"]
    assert [e.kind.value for e in pending[0].versions[-1].events] == ["created", "submitted"]
    renewed = [
        c
        for c in charters
        if c.versions[-1].status is CharterStatus.PUBLISHED
        and c.versions[-1].valid_from == date(2027, 1, 1)
    ]
    assert len(renewed) == len(charters) - 2  # the one in review, the one left to expire
    expiring = db.session.scalar(select(Charter).filter_by(slug="poda-y-derribo-de-arboles"))
    assert expiring.versions[-1].valid_until == date(2026, 12, 31)
    # Until 2027 the public pages show the version in force, number 2 (or 1).
    for charter in renewed:
        assert current_version(charter.slug).number < charter.versions[-1].number


def test_the_daily_command_archives_versions_replaced_on_their_start_date(setup, today):
    charter = make_charter([setup["predial"]])
    db.session.commit()
    new = drafting.new_version(charter, make_user(Role.ADMIN))
    drafting.submit(new, None)
    drafting.approve(new, date(2026, 12, 10), None)
    runner = current_app.test_cli_runner()
    assert "0 versions archived" in runner.invoke(args=["charters", "archive"]).output
    today["value"] = date(2026, 12, 10)
    assert "1 versions archived" in runner.invoke(args=["charters", "archive"]).output
    db.session.expire_all()
    assert [v.status for v in charter.versions] == [CharterStatus.ARCHIVED, CharterStatus.PUBLISHED]


def test_removing_an_indicator_of_a_published_version_is_refused_not_a_conflict(setup, signed_in):
    """A published version is never edited: removing one of its indicators is refused (400),
    as every other edit of it is; 409 says only that someone changed a draft meanwhile."""
    charter = make_charter([setup["predial"]])
    version = charter.versions[0]
    commitment = version.commitments[0]
    indicator = commitment.indicators[0]
    client = signed_in(Role.MANAGER, setup["treasury"])
    url = (
        f"/admin/cartas/{charter.id}/versiones/{version.number}/compromisos/{commitment.id}"
        f"/indicadores/{indicator.id}/quitar"
    )
    page = fetch(client, url, 400, method="post", data={"version": str(version.lock_version)})
    assert "ya no es un borrador" in page.text()
    db.session.expire_all()
    assert indicator in commitment.indicators


def _renewal_covering_predial_only(setup, signed_in):
    """A charter of two services in force until 2026; its next version drafted by a manager,
    covering only the predial: ``(charter, draft, manager)``."""
    other = make_service("Constancia de no adeudo", dependency=setup["treasury"], slug="constancia")
    charter = make_charter([setup["predial"], other])
    charter.versions[0].valid_until = date(2026, 12, 31)
    db.session.commit()
    manager = signed_in(Role.MANAGER, setup["treasury"])
    assert manager.post(f"/admin/cartas/{charter.id}/nueva-version", data={}).status_code == 303
    db.session.expire_all()
    draft = charter.versions[-1]
    base = f"/admin/cartas/{charter.id}/versiones/{draft.number}"
    assert "hasta que esta versión entre en vigor" in fetch(manager, base).text()
    only_predial = _version_form(draft, servicios=[str(setup["predial"].id)])
    assert manager.post(base, data=only_predial).status_code == 303
    return charter, draft, manager


def test_a_drafts_services_reach_the_public_only_when_it_starts(setup, signed_in, today):
    """A published charter keeps covering its services while a new version is drafted with
    others; the draft shows its own; they become the charter's on the day it starts."""
    charter, draft, manager = _renewal_covering_predial_only(setup, signed_in)
    base = f"/admin/cartas/{charter.id}/versiones/{draft.number}"

    def public_services() -> set[str]:
        db.session.expire_all()
        rows = manager.get(f"/api/v1/charters?slug={charter.slug}").get_json()["data"]
        return set(rows[0]["services"])

    assert public_services() == {"predial", "constancia"}
    assert charter.slug in fetch(manager, "/es/servicios/constancia").html
    ticked = fetch(manager, base).soup.select("input[name=servicios][checked]")
    assert [box["value"] for box in ticked] == [str(setup["predial"].id)]
    audit = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "charter.version_updated")
    ).all()[-1]
    assert audit.detail["changes"]["services"] == [["constancia", "predial"], ["predial"]]

    drafting.submit(draft, make_user(Role.MANAGER, setup["treasury"]))
    drafting.approve(draft, date(2027, 1, 1), make_user(Role.COORDINATOR))
    assert public_services() == {"predial", "constancia"}
    today["value"] = date(2027, 1, 1)
    drafting.archive_replaced()
    assert public_services() == {"predial"}
    assert charter.slug not in fetch(manager, "/es/servicios/constancia").html
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "charter.services_changed"))
    assert draft.proposed_services == []


def test_a_versions_services_reach_its_charter_even_with_nothing_to_archive(
    setup, signed_in, today
):
    """The version before ended (archived) when the next one starts: the daily command still
    gives the charter the services the new one covers."""
    charter, draft, _manager = _renewal_covering_predial_only(setup, signed_in)
    drafting.submit(draft, make_user(Role.MANAGER, setup["treasury"]))
    drafting.approve(draft, date(2027, 1, 1), make_user(Role.COORDINATOR))
    charter.versions[0].status = CharterStatus.ARCHIVED  # ended and recorded before
    db.session.commit()
    today["value"] = date(2027, 1, 2)
    assert drafting.archive_replaced() == 0
    db.session.expire_all()
    assert [s.slug for s in charter.services] == ["predial"]


@pytest.mark.parametrize("form", ["version", "commitment", "indicator"])
def test_a_form_saved_after_its_draft_was_sent_says_so_and_shows_what_was_typed(
    setup, signed_in, form
):
    """Beto types in a draft's form while Ana sends the draft for review: his save is refused
    because the version is no longer a draft (not "saved meanwhile, save again", which could
    not work), and what he typed is on the page to copy."""
    ana = signed_in(Role.MANAGER, setup["treasury"], name="Ana")
    charter = _new_charter(ana, setup)
    version = charter.versions[0]
    base = f"/admin/cartas/{charter.id}/versiones/1"
    assert ana.post(base, data=_version_form(version)).status_code == 303
    db.session.expire_all()
    commitment = version.commitments[0]
    lock = str(version.lock_version)
    url, typed = {
        "version": (base, _version_form(version, proposito="TEXTO DE BETO\nen dos líneas")),
        "commitment": (
            f"{base}/compromisos/{commitment.id}",
            {"version": lock, "texto": "TEXTO DE BETO\nen dos líneas"},
        ),
        "indicator": (
            f"{base}/compromisos/{commitment.id}/indicadores/{commitment.indicators[0].id}",
            {"version": lock, "nombre": "TEXTO DE BETO\nen dos líneas", "tipo": "share_within",
             "numerador": "Encuestas con 4 o 5", "denominador": "Encuestas respondidas",
             "umbral": "4", "unidad_umbral": "score", "comparador": "ge", "valor_meta": "95",
             "unidad": "percent", "periodicidad": "quarterly", "fuente": "survey"},
        ),
    }[form]  # fmt: skip
    beto = signed_in(Role.MANAGER, setup["treasury"], name="Beto")
    assert ana.post(f"{base}/enviar", data={"version": lock}).status_code == 303

    page = fetch(beto, url, 400, method="post", data=typed)
    assert "ya no es un borrador" in page.text()
    assert "si guarda de nuevo" not in page.text()
    unsaved = page.soup.select_one(".unsaved")
    assert "TEXTO DE BETO\nen dos líneas" in unsaved.get_text()
    assert not page.soup.select(f'form[action="{url}"]')  # nothing to save from
    db.session.expire_all()
    assert "TEXTO DE BETO" not in str(version.purpose) + str(commitment.text)


def test_staff_pages_name_the_time_zone_of_the_times_they_show(setup, signed_in):
    """A charter's history, a person's last sign-in: times are in the institution's zone, and
    the page says which (as the item page and the audit log do)."""
    from app.staff.models import User

    client = signed_in(Role.ADMIN)
    charter = _new_charter(client, setup)
    history = fetch(client, f"/admin/cartas/{charter.id}/versiones/1").text()
    assert "Horas en" in history and "America/Mexico_City" in history
    me = db.session.scalar(select(User).where(User.role == Role.ADMIN))
    person = fetch(client, f"/admin/personal/{me.id}").text()
    assert "Horas en" in person and "America/Mexico_City" in person
