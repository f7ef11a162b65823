"""The yearly evaluation of a charter: the staff page that gathers the year per commitment, the
quality unit's conclusions (draft, validation, publication), the frozen snapshot and its
corrections, what the public and the feed show, who may do what, and the audit trail."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.charters.models import (
    CharterStatus,
    Commitment,
    Comparator,
    Indicator,
    IndicatorKind,
    Periodicity,
    Source,
    Unit,
)
from app.core.types import Period
from app.extensions import db
from app.feedback.models import FeedbackType
from app.indicators.models import (
    ActionOrigin,
    ActionStatus,
    Conclusion,
    Evaluation,
    EvaluationDraft,
    ImprovementAction,
)
from app.indicators.services import evaluations
from app.indicators.services.engine import record_measurement
from app.indicators.services.evaluations import evaluation_conclusions
from app.staff.models import AuditLog, Role
from tests.conftest import fetch
from tests.factories import (
    es,
    make_charter,
    make_dependency,
    make_feedback,
    make_service,
    make_user,
)
from tests.indicators.test_admin import soup

YEAR = 2025


def errors(response) -> list[str]:
    """Every problem in the error summary, those of a field (links) and of the form."""
    return [item.get_text(strip=True) for item in soup(response).select(".error-summary li")]


@pytest.fixture
def office(empty_app):
    """A treasury charter in force since 2025 with two commitments (a survey indicator and a
    mystery-shopper one), 2025 results, claims and an action; the treasury's staff in each role
    and a manager of another dependency."""
    treasury, water = make_dependency("Tesorería"), make_dependency("Agua")
    service = make_service("Pago del predial", treasury)
    charter = make_charter([service])
    version = charter.versions[0]
    version.valid_from = date(2025, 1, 1)
    first = version.commitments[0]
    second = Commitment(position=2, text=es("Le atendemos en menos de 15 minutos."))
    visits = Indicator(
        position=1, name=es("Visitas atendidas a tiempo"), kind=IndicatorKind.SHARE_WITHIN,
        numerator=es("Visitas a tiempo"), denominator=es("Visitas"), target=Decimal(80),
        comparator=Comparator.AT_LEAST, unit=Unit.PERCENT, periodicity=Periodicity.QUARTERLY,
        source=Source.MYSTERY_SHOPPER,
    )  # fmt: skip
    second.indicators.append(visits)
    version.commitments.append(second)
    db.session.flush()
    survey = first.indicators[0]
    record_measurement(survey, Period(YEAR, "T", 1), 95, 100)
    record_measurement(survey, Period(YEAR, "T", 2), 70, 100)  # not met
    record_measurement(visits, Period(YEAR, "T", 3), 9, 10)
    for day, confirmed, remedied in ((date(2025, 5, 6), True, date(2025, 5, 20)),
                                     (date(2025, 11, 3), False, None)):  # fmt: skip
        make_feedback(
            service, received_on=day, type=FeedbackType.CLAIM, commitment=second,
            breach_confirmed=confirmed, remedied_on=remedied,
            remedy="Atención preferente en la siguiente visita." if remedied else None,
        )  # fmt: skip
    make_feedback(
        service, received_on=date(2024, 12, 2), type=FeedbackType.CLAIM, commitment=second
    )
    now = datetime(2025, 7, 10, 12)
    db.session.add(
        ImprovementAction(
            charter=charter,
            origin=ActionOrigin.UNMET_INDICATOR,
            indicator=survey,
            period=Period(YEAR, "T", 2),
            cause="Encuestas de un solo turno.",
            action="Encuestar en los dos turnos.",
            status=ActionStatus.IN_PROGRESS,
            created_at=now,
            updated_at=now,
        )  # fmt: skip
    )
    db.session.commit()
    return {
        "charter": charter, "first": first, "second": second, "survey": survey,
        "visits": visits, "service": service,
        "coordinator": make_user(Role.COORDINATOR, email="coord@example.org", name="Coral"),
        "manager": make_user(Role.MANAGER, treasury, email="mara@example.org", name="Mara"),
        "responder": make_user(Role.RESPONDER, treasury, email="rosa@example.org"),
        "viewer": make_user(Role.VIEWER, treasury, email="vera@example.org"),
        "outsider": make_user(Role.MANAGER, water, email="omar@example.org"),
    }  # fmt: skip


def path(office, year=YEAR) -> str:
    return f"/admin/cartas/{office['charter'].slug}/evaluacion/{year}"


def public(office, year=YEAR) -> str:
    return f"/es/cartas/{office['charter'].slug}/evaluacion/{year}"


def conclusions(office, first="keep", second="change_target", **fields) -> dict:
    data = {
        f"conclusion_{office['first'].id}": first,
        f"nota_{office['first'].id}": "",
        f"conclusion_{office['second'].id}": second,
        f"nota_{office['second'].id}": "Se cumplió todo el año: la meta sube a 90 %.",
        "nota_general": "Un buen año; la siguiente versión sube una meta.",
        "accion": "publicar",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def section(page, commitment) -> BeautifulSoup:
    return page.find(id=f"commitment-{commitment.id}").parent


def test_the_page_gathers_each_commitments_year(empty_app, office, signed_in):
    page = fetch(signed_in(office["coordinator"]), path(office)).soup
    first, second = section(page, office["first"]), section(page, office["second"])

    headers = [th.get_text(strip=True) for th in first.select("table")[0].select("thead th")]
    assert headers[1:] == [f"trimestre {n} de 2025" for n in range(1, 5)]
    cells = [td.get_text(" ", strip=True) for td in first.select("table")[0].select("tbody td")]
    assert cells[0].startswith("95 %") and "Cumplido" in cells[0]
    assert cells[1].startswith("70 %") and "No cumplido" in cells[1]
    assert "Sin datos" in cells[2]  # nothing measured in the third quarter
    assert "1 de 4 resultados cumplieron su meta; 1 no la cumplieron." in first.get_text(" ")
    assert "Encuestas de un solo turno." in first.get_text() and "En curso" in first.get_text()

    claims = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in second.select("table")[1].select("tbody tr, tfoot tr")
    ]
    assert claims[1] == ["trimestre 2 de 2025", "1", "1", "1"]  # claimed, confirmed, remedied
    assert claims[3] == ["trimestre 4 de 2025", "1", "0", "0"]
    assert claims[4] == ["Total", "2", "1", "1"]  # the claim of 2024 is not the year's
    assert "Nadie reclamó el incumplimiento de este compromiso en el año." in first.get_text(" ")
    staff_claims = page.find(id="claims-caption").find_parent("table").get_text(" ")
    assert "Atención preferente en la siguiente visita." in staff_claims

    workspace = fetch(
        signed_in(office["manager"]), f"/admin/indicadores/cartas/{office['charter'].slug}"
    )
    link = workspace.soup.find("a", string="Evaluación anual 2025")
    assert link["href"] == path(office)


def test_a_charter_renewed_late_in_the_year_is_evaluated_on_the_version_of_the_year(office):
    charter = office["charter"]
    first = charter.versions[0]
    first.valid_until = date(2025, 12, 14)
    make_charter(None, status=CharterStatus.PUBLISHED, number=2, charter=charter)
    charter.versions[-1].valid_from = date(2025, 12, 15)
    db.session.commit()

    content = evaluations.assemble_evaluation(charter, YEAR)
    assert content["version"] == 1
    survey = content["commitments"][0]["indicators"][0]
    results = {result["period"]: result["status"] for result in survey["results"]}
    assert results["2025-T1"] == "met" and results["2025-T2"] == "not_met"
    # The next year is the new version's.
    assert evaluations.assemble_evaluation(charter, YEAR + 1)["version"] == 2


def test_publishing_needs_a_conclusion_for_every_commitment(empty_app, office, signed_in):
    client = signed_in(office["coordinator"])
    refused = fetch(client, path(office), 400, method="post", data={"accion": "publicar"})
    assert refused.title.startswith("Error: ")
    assert errors(refused.response) == [
        "Elija una conclusión para el compromiso 1.",
        "Elija una conclusión para el compromiso 2.",
        "Escriba la conclusión general de la evaluación.",
    ]
    message = refused.soup.select_one(f"#conclusion_{office['first'].id}-error")
    assert "Elija una conclusión para el compromiso 1." in message.get_text()
    link = refused.soup.select_one(".error-summary a")
    assert link["href"] == f"#conclusion_{office['first'].id}-0"  # its first radio

    unexplained = client.post(path(office), data=conclusions(office, **{
        f"nota_{office['second'].id}": "", "nota_general": "Año regular.",
    }))  # fmt: skip
    assert unexplained.status_code == 400
    assert errors(unexplained) == [
        "Escriba por qué se cambia la meta, se sustituye o se retira el compromiso 2."
    ]
    # What was typed comes back.
    chosen = soup(unexplained).select_one(f"#conclusion_{office['second'].id} input[checked]")
    assert chosen["value"] == "change_target"
    bad = client.post(path(office), data=conclusions(office, first="tirar"))
    assert bad.status_code == 400 and "Elija una conclusión de la lista." in errors(bad)
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 0
    assert db.session.scalar(select(func.count()).select_from(EvaluationDraft)) == 0


def test_the_current_year_cannot_be_published(empty_app, office, signed_in):
    client = signed_in(office["coordinator"])
    response = client.post(path(office, 2026), data=conclusions(office))
    assert response.status_code == 400 and "El año todavía no termina." in errors(response)
    assert empty_app.test_client().get(public(office, 2026)).status_code == 404


def test_a_manager_prepares_the_draft_and_the_coordinator_publishes(empty_app, office, signed_in):
    manager = signed_in(office["manager"])
    partial = {f"conclusion_{office['first'].id}": "keep", "accion": "guardar",
               "nota_general": "Borrador de Mara."}  # fmt: skip
    saved = manager.post(path(office), data=partial)
    assert saved.status_code == 303
    page = fetch(manager, path(office))
    assert "El borrador de la evaluación se guardó." in page.text()
    checked = page.soup.select_one(f"#conclusion_{office['first'].id} input[checked]")
    assert checked["value"] == "keep"
    assert not page.soup.find("button", value="publicar")  # a manager cannot publish
    assert manager.post(path(office), data=conclusions(office)).status_code == 403
    draft = db.session.scalar(select(EvaluationDraft))
    assert draft.conclusions[str(office["first"].id)]["conclusion"] == "keep"
    assert draft.updated_by.name == "Mara" and draft.overall_note == "Borrador de Mara."
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 0
    audit = db.session.scalar(select(AuditLog).filter_by(action="evaluation.saved"))
    assert audit.user.name == "Mara" and audit.detail == {"year": YEAR}

    coordinator = signed_in(office["coordinator"])
    assert coordinator.post(path(office), data=conclusions(office)).status_code == 303
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.revision == 1 and evaluation.published_by.name == "Coral"
    audit = db.session.scalar(select(AuditLog).filter_by(action="evaluation.published"))
    assert audit.user.name == "Coral" and audit.detail == {"year": YEAR, "revision": 1}
    found = evaluation_conclusions(office["charter"], YEAR)
    assert [(c["commitment_id"], c["conclusion"]) for c in found] == [
        (office["first"].id, Conclusion.KEEP),
        (office["second"].id, Conclusion.CHANGE_TARGET),
    ]
    assert found[1]["note"] == "Se cumplió todo el año: la meta sube a 90 %."
    assert evaluation_conclusions(office["charter"], 2024) is None


@pytest.mark.parametrize("role", ["responder", "viewer"])
def test_responders_and_viewers_read_but_do_not_write(empty_app, office, signed_in, role):
    client = signed_in(office[role])
    page = fetch(client, path(office))
    assert not page.soup.select("form[method=post] textarea")
    assert "Sin conclusión todavía." in page.text()
    for action in ("guardar", "publicar"):
        assert client.post(path(office), data=conclusions(office, accion=action)).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(EvaluationDraft)) == 0


def test_out_of_scope_and_unknown_years_are_not_found(empty_app, office, signed_in):
    outsider = signed_in(office["outsider"])
    assert outsider.get(path(office)).status_code == 404
    assert (
        outsider.post(path(office), data=conclusions(office, accion="guardar")).status_code == 404
    )
    coordinator = signed_in(office["coordinator"])
    assert coordinator.get(path(office, 2019)).status_code == 404  # before the charter
    assert coordinator.get(path(office, 2027)).status_code == 404  # not yet
    assert coordinator.get("/admin/cartas/no-existe/evaluacion/2025").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AuditLog).filter(
        AuditLog.action.like("evaluation.%"))) == 0  # fmt: skip


def test_a_published_evaluation_is_a_snapshot_corrected_by_revisions(empty_app, office, signed_in):
    anyone = empty_app.test_client()
    assert anyone.get(public(office)).status_code == 404  # nothing published yet
    coordinator = signed_in(office["coordinator"])
    coordinator.post(path(office), data=conclusions(office, accion="guardar"))
    assert anyone.get(public(office)).status_code == 404  # a draft is not public

    assert coordinator.post(path(office), data=conclusions(office)).status_code == 303
    before = fetch(anyone, public(office))
    assert before.h1 == f"Evaluación anual 2025: {office['charter'].title['es']}"
    commitment = section(before.soup, office["second"]).get_text(" ")
    assert "Conclusión: Cambiar la meta" in re.sub(r"\s+", " ", commitment)
    assert "Se cumplió todo el año: la meta sube a 90 %." in commitment
    assert "Un buen año; la siguiente versión sube una meta." in before.text()
    snapshot = db.session.scalar(select(Evaluation)).content

    # Later data and a later draft do not change what was published.
    make_feedback(office["service"], received_on=date(2025, 8, 1), type=FeedbackType.CLAIM,
                  commitment=office["second"])  # fmt: skip
    record_measurement(office["survey"], Period(YEAR, "T", 3), 99, 100)
    db.session.commit()
    withdrawn = {f"nota_{office['first'].id}": "Se retira."}
    later = conclusions(office, accion="guardar", first="withdraw", **withdrawn)
    assert coordinator.post(path(office), data=later).status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(Evaluation)).content == snapshot
    assert fetch(anyone, public(office)).text() == before.text()

    # A correction needs its reason, next to its field; then it is a new revision.
    missing = coordinator.post(path(office), data=conclusions(office))
    assert missing.status_code == 400
    assert errors(missing) == ["Una corrección necesita una nota que diga qué cambió."]
    assert soup(missing).select_one("#motivo-error")
    reason = "Llegó una reclamación de agosto registrada tarde."
    assert (
        coordinator.post(path(office), data=conclusions(office, motivo=reason)).status_code == 303
    )
    corrected = fetch(anyone, public(office))
    assert "revisión 2 de 2" in corrected.text() and reason in corrected.text()
    first = fetch(anyone, public(office) + "?revision=1")
    assert "Esta es una revisión anterior." in first.text()
    assert first.soup.select_one("table") is not None
    assert anyone.get(public(office) + "?revision=3").status_code == 404
    assert [e.revision for e in db.session.scalars(select(Evaluation))] == [1, 2]
    assert db.session.scalar(select(func.count()).select_from(AuditLog).filter_by(
        action="evaluation.published")) == 2  # fmt: skip

    charter_page = fetch(anyone, f"/es/cartas/{office['charter'].slug}")
    link = charter_page.soup.find("a", string="Evaluación anual 2025")
    assert link["href"] == public(office)
    assert "corregida" in link.parent.get_text()
    feed = anyone.get("/es/cartas/informes.atom").get_data(as_text=True)
    entries = re.findall(r"<entry>.*?</entry>", feed, re.S)
    assert len(entries) == 2
    assert "Evaluación anual 2025 (revisión 2)" in entries[0]
    assert f"/es/cartas/{office['charter'].slug}/evaluacion/2025?revision=2" in entries[0]
    assert "1 de 2 compromisos se mantienen." in entries[0] and reason in entries[0]


def test_the_demo_has_a_published_evaluation(client, app_context):
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation is not None and evaluation.year == 2025
    page = fetch(client, f"/en/cartas/{evaluation.charter.slug}/evaluacion/2025")
    assert page.h1.startswith("Yearly evaluation 2025")
    # The demo's claims of the year about waiting were reviewed: some breaches were remedied.
    claims = evaluation.content["claims"]["total"]
    assert claims["claimed"] > claims["confirmed"] >= claims["remedied"] > 0
    assert {c["conclusion"] for c in evaluation.content["commitments"]} == {"keep", "change_target"}
    feed = client.get("/es/cartas/informes.atom").get_data(as_text=True)
    assert f"/es/cartas/{evaluation.charter.slug}/evaluacion/2025" in feed


def test_monthly_and_yearly_results_find_their_column(empty_app, office, signed_in):
    """A monthly indicator shows its three months in each quarter; a yearly one, a year column."""
    commitment = office["second"]
    for position, periodicity in ((2, Periodicity.MONTHLY), (3, Periodicity.ANNUAL)):
        commitment.indicators.append(
            Indicator(
                position=position,
                name=es(f"Indicador {periodicity.value}"),
                kind=IndicatorKind.COUNT,
                numerator=es("Casos"),
                target=Decimal(3),
                comparator=Comparator.AT_LEAST,
                unit=Unit.COUNT,
                periodicity=periodicity,
                source=Source.MANUAL,
            )  # fmt: skip
        )
    db.session.flush()
    monthly, yearly = commitment.indicators[1:]
    record_measurement(monthly, Period(YEAR, "M", 5), 4, None)
    record_measurement(yearly, Period(YEAR), 2, None)
    db.session.commit()
    table = section(fetch(signed_in(office["coordinator"]), path(office)).soup, commitment)
    table = table.select("table")[0]
    assert table.select("thead th")[-1].get_text(strip=True) == "Año"
    rows = {
        row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.select("td")]
        for row in table.select("tbody tr")
    }
    assert rows["Indicador monthly"][1] == (
        "mes 4 de 2025: – Sin datos mes 5 de 2025: 4 ✔ Cumplido mes 6 de 2025: – Sin datos"
    )
    assert rows["Indicador monthly"][4] == "– no aplica"
    assert rows["Indicador annual"][:4] == ["– no aplica"] * 4
    assert (
        rows["Indicador annual"][4].startswith("2") and "No cumplido" in rows["Indicador annual"][4]
    )


def test_two_publications_at_once_one_wins_the_other_is_told(
    empty_app, office, signed_in, monkeypatch
):
    coordinator = signed_in(office["coordinator"])
    assert coordinator.post(path(office), data=conclusions(office)).status_code == 303
    # The second person read the page before the first one published: no revision yet.
    monkeypatch.setattr(evaluations, "evaluation_revisions", lambda *_args: [])
    late = coordinator.post(path(office), data=conclusions(office))
    assert late.status_code == 400
    assert errors(late) == [
        "Otra persona guardó o publicó esta evaluación al mismo tiempo. Revise lo que quedó y "
        "vuelva a intentarlo."
    ]
    db.session.expire_all()
    assert [e.revision for e in db.session.scalars(select(Evaluation))] == [1]
