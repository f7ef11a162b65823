"""The quality team's workspace: manual results with evidence, definition changes, improvement
actions, quarterly reports and remedies; scope and roles; what the public then sees."""

import io
import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.charters.models import (
    Charter,
    CharterStatus,
    Comparator,
    Indicator,
    IndicatorKind,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)
from app.core.clock import local_today
from app.core.types import Period
from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackType
from app.feedback.services import submission, workflow
from app.indicators.models import ImprovementAction, Measurement, MeasurementStatus, Report
from app.indicators.services.engine import recompute
from app.staff.models import AuditLog, Role
from tests.factories import es, make_charter, make_dependency, make_service, make_user
from tests.feedback.conftest import PDF

T1 = Period(2026, "T", 1)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text(response) -> str:
    return re.sub(r"\s+", " ", soup(response).get_text(" "))


def errors(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".error-summary a")]


@pytest.fixture
def office(empty_app):
    """A charter of the treasury with a manual and an automatic indicator; people of the
    treasury with each role, and a manager of another dependency."""
    treasury, water = make_dependency("Tesorería"), make_dependency("Agua")
    service = make_service("Pago del predial", treasury)
    charter = make_charter([service])
    commitment = charter.versions[0].commitments[0]
    manual = commitment.indicators[0]
    manual.source = Source.MYSTERY_SHOPPER
    automatic = Indicator(
        position=2,
        name=es("Respuesta en 10 días hábiles"),
        standard=StandardIndicator.FEEDBACK_RESPONSE,
        kind=IndicatorKind.SHARE_WITHIN,
        numerator=es("Respondidas a tiempo"),
        denominator=es("Recibidas"),
        threshold=Decimal(10),
        threshold_unit=Unit.WORKING_DAYS,
        target=Decimal(90),
        comparator=Comparator.AT_LEAST,
        unit=Unit.PERCENT,
        periodicity=Periodicity.QUARTERLY,
        source=Source.FEEDBACK,
    )
    commitment.indicators.append(automatic)
    db.session.commit()
    people = {
        "mara": make_user(Role.MANAGER, treasury, email="mara@example.org", name="Mara"),
        "rosa": make_user(Role.RESPONDER, treasury, email="rosa@example.org", name="Rosa"),
        "omar": make_user(Role.MANAGER, water, email="omar@example.org", name="Omar"),
        "coral": make_user(Role.COORDINATOR, email="coral@example.org", name="Coral"),
    }
    return {"charter": charter, "manual": manual, "automatic": automatic, "service": service,
            **people}  # fmt: skip


def record(client, indicator, **fields):
    data = {
        "periodo": "2026-T1",
        "numerador": "9",
        "denominador": "10",
        "fuente": "mystery_shopper",
        "evidencia_nota": "Diez visitas de cliente misterioso en marzo.",
        **fields,
    }
    return client.post(
        f"/admin/indicadores/indicador/{indicator.id}/resultado",
        data=data,
        content_type="multipart/form-data",
    )


def plan_action(client, charter, unmet, **fields):
    """Post an improvement action for an unmet result (a planned corrective action)."""
    data = {
        "origen": "unmet_indicator",
        "resultado": str(unmet.id),
        "causa": "Faltó personal en febrero.",
        "accion": "Contratar a una persona más.",
        "responsable": "Dirección de Tesorería",
        "fecha_limite": "2026-06-30",
        "estado": "planned",
        **fields,
    }
    return client.post(f"/admin/indicadores/cartas/{charter.slug}/acciones/nueva", data=data)


def stored(indicator, period=T1) -> Measurement | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Measurement).filter_by(indicator_id=indicator.id, period=period)
    )


def test_a_manager_records_a_manual_result_with_evidence(empty_app, office, signed_in):
    client = signed_in(office["mara"])
    form = client.get(f"/admin/indicadores/indicador/{office['manual'].id}/resultado")
    assert form.status_code == 200
    choices = [o["value"] for o in soup(form).select("#periodo option")]
    assert "2026-T1" in choices and "2027-T1" not in choices  # never the future

    response = record(client, office["manual"], evidencia_archivo=(io.BytesIO(PDF), "acta.pdf"))
    assert response.status_code == 303
    measurement = stored(office["manual"])
    assert (measurement.numerator, measurement.denominator) == (9, 10)
    assert measurement.value == Decimal("90.00") and measurement.status is MeasurementStatus.MET
    assert measurement.source is Source.MYSTERY_SHOPPER
    assert measurement.recorded_by.name == "Mara"
    assert measurement.evidence_filename == "acta.pdf"
    audit = db.session.scalar(select(AuditLog).filter_by(action="measurement.recorded"))
    assert audit.user.name == "Mara"
    assert audit.detail == {
        "period": "2026-T1",
        "numerator": "9",
        "denominator": "10",
        "evidence_file": "acta.pdf",
    }

    evidence = client.get(f"/admin/indicadores/resultados/{measurement.id}/evidencia")
    assert evidence.status_code == 200 and evidence.data == PDF
    evidence.close()
    other = signed_in(office["omar"])
    assert other.get(f"/admin/indicadores/resultados/{measurement.id}/evidencia").status_code == 404

    # A correction replaces the period's result.
    assert record(client, office["manual"], numerador="7").status_code == 303
    assert stored(office["manual"]).status is MeasurementStatus.NOT_MET
    assert db.session.scalar(select(func.count()).select_from(Measurement)) == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"denominador": "0"}, "El denominador debe ser mayor que cero."),
        ({"numerador": "11"}, "El numerador no puede ser mayor que el denominador."),
        ({"periodo": "2031-T1"}, "Elija un periodo de la lista."),
        ({"numerador": "nueve"}, "Escriba un número."),
        ({"numerador": "1,5"}, "Escriba los decimales con punto, por ejemplo 1.5."),
        ({"denominador": "10.001"}, "Escriba como máximo dos decimales."),
        ({"numerador": "1e30"}, "Escriba un número."),
        ({"evidencia_nota": ""}, "Deje una nota, un enlace o un archivo de evidencia."),
        ({"evidencia_enlace": "javascript:alert(1)"}, "empiece con https://"),
    ],
)
def test_bad_results_are_refused_with_a_message_next_to_the_field(
    empty_app, office, fields, message, signed_in
):
    client = signed_in(office["mara"])
    response = record(client, office["manual"], **fields)
    assert response.status_code == 400
    assert any(message in error for error in errors(response)), errors(response)
    assert soup(response).title.get_text().startswith("Error")
    assert stored(office["manual"]) is None


def test_only_the_quality_team_of_the_dependency_records(empty_app, office, signed_in):
    path = f"/admin/indicadores/indicador/{office['manual'].id}/resultado"
    assert signed_in(office["rosa"]).get(path).status_code == 403  # a responder
    assert signed_in(office["omar"]).get(path).status_code == 404  # another dependency
    workspace = f"/admin/indicadores/cartas/{office['charter'].slug}"
    assert signed_in(office["omar"]).get(workspace).status_code == 404
    listing = signed_in(office["omar"]).get("/admin/indicadores")
    assert office["charter"].slug not in listing.get_data(as_text=True)
    automatic = f"/admin/indicadores/indicador/{office['automatic'].id}/resultado"
    assert signed_in(office["mara"]).get(automatic).status_code == 409  # computed


def test_a_definition_change_judges_later_periods_and_shows_on_the_public_page(
    empty_app, office, signed_in
):
    client = signed_in(office["mara"])
    for period, numerator in (("2026-T1", "9"), ("2026-T4", "9")):
        assert (
            record(client, office["manual"], periodo=period, numerador=numerator).status_code == 303
        )
    response = client.post(
        f"/admin/indicadores/indicador/{office['manual'].id}/definicion",
        data={
            "desde": "2026-T4",
            "comparador": "ge",
            "valor_meta": "95",
            "numerador_texto": "Visitas",
            "nota": "La meta sube a 95 % tras certificar la oficina.",
        },  # fmt: skip
    )
    assert response.status_code == 303, errors(response)
    assert stored(office["manual"]).status is MeasurementStatus.MET  # T1: old target, 90 %
    assert stored(office["manual"], Period(2026, "T", 4)).value == 90
    assert stored(office["manual"], Period(2026, "T", 4)).status in (
        MeasurementStatus.NOT_MET,  # the quarter has ended
        MeasurementStatus.PROVISIONAL,  # or not yet
    )
    public = empty_app.test_client().get(f"/es/cartas/{office['charter'].slug}")
    assert "La meta sube a 95 % tras certificar la oficina." in text(public)
    assert db.session.scalar(select(AuditLog).filter_by(action="indicator.revised"))


def test_a_definition_change_that_any_result_meets_is_refused_and_a_change_is_audited(
    empty_app, office, signed_in
):
    client = signed_in(office["mara"])
    url = f"/admin/indicadores/indicador/{office['manual'].id}/definicion"
    data = {"desde": "2026-T4", "numerador_texto": "Visitas", "nota": "Cambia."}
    for comparator, target in (("ge", "0"), ("le", "100")):
        response = client.post(url, data={**data, "comparador": comparator, "valor_meta": target})
        assert response.status_code == 400, (comparator, target)
        assert (
            "se cumple cualquier resultado"
            in soup(response).select_one("#valor_meta-error").get_text()
        )
    assert (
        client.post(url, data={**data, "comparador": "ge", "valor_meta": "95"}).status_code == 303
    )
    entry = db.session.scalar(select(AuditLog).filter_by(action="indicator.revised"))
    assert entry.detail["before"]["target"] == "90.00" and entry.detail["after"]["target"] == "95"
    assert entry.detail["after"]["comparator"] == "ge"


def test_a_mean_too_large_to_keep_is_refused(empty_app, office, signed_in):
    indicator = office["manual"]
    indicator.kind, indicator.unit, indicator.target = IndicatorKind.MEAN, Unit.MINUTES, 15
    db.session.commit()
    client = signed_in(office["mara"])
    response = record(client, indicator, numerador="1000000000", denominador="0.01")
    assert response.status_code == 400
    assert any("el promedio pasa de 10,000,000,000" in error for error in errors(response))
    assert stored(indicator) is None


def test_a_drafts_indicator_is_neither_measured_nor_revised(empty_app, office, signed_in):
    """Drafts and versions in review are never measured; their definition changes in the
    draft, where colleagues' work is kept by its lock version."""
    office["manual"].commitment.version.status = CharterStatus.DRAFT
    db.session.commit()
    client = signed_in(office["mara"])
    base = f"/admin/indicadores/indicador/{office['manual'].id}"
    assert client.get(f"{base}/resultado").status_code == 404
    assert record(client, office["manual"]).status_code == 404
    revised = client.post(f"{base}/definicion", data={
        "desde": "2026-T4", "comparador": "ge", "valor_meta": "95", "numerador_texto": "V",
        "nota": "x"})  # fmt: skip
    assert revised.status_code == 404
    assert stored(office["manual"]) is None and office["manual"].revisions == []


def test_a_definition_change_to_an_impossible_target_is_refused(empty_app, office, signed_in):
    client = signed_in(office["mara"])
    url = f"/admin/indicadores/indicador/{office['manual'].id}/definicion"
    data = {
        "desde": "2026-T4",
        "comparador": "ge",
        "valor_meta": "150",
        "numerador_texto": "Visitas",
        "nota": "La meta sube.",
    }
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "Un porcentaje va de 0 a 100." in soup(response).select_one("#valor_meta-error").text
    assert soup(response).select_one("#nota").get_text().strip() == "La meta sube."
    db.session.expire_all()
    assert office["manual"].revisions == []
    assert not db.session.scalar(select(AuditLog).filter_by(action="indicator.revised"))
    public = empty_app.test_client().get(f"/es/cartas/{office['charter'].slug}")
    assert not re.search(r"150\s*%", text(public))  # the target, as the charter would show it


def late_answers(office, count=3):
    """Feedback about the charter's service in 2026-T1, answered late: the indicator fails."""
    for day in range(count):
        feedback, _code = submission.submit(
            submission.Submission(
                type=FeedbackType.COMPLAINT, text="Tardaron.", submission_key=uuid.uuid4().hex,
                language="es", consent=True, service=office["service"],
            ),
            now=submission.received_at(date(2026, 2, 2 + day)),
        )  # fmt: skip
        workflow.answer(feedback, "Respuesta.", None, now=submission.received_at(date(2026, 3, 16)))
    recompute(T1, today=date(2026, 6, 1))


def test_a_report_with_an_unmet_indicator_and_no_action_cannot_be_published(
    empty_app, office, signed_in
):
    late_answers(office)
    client = signed_in(office["mara"])
    path = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/2026-T1"
    draft = client.get(path)
    assert "no tiene acción de mejora" in text(draft)
    refused = signed_in(office["coral"]).post(path, data={})
    assert refused.status_code == 400 and "no tiene acción de mejora" in text(refused)
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0

    unmet = stored(office["automatic"])
    response = plan_action(client, office["charter"], unmet)
    assert response.status_code == 303, errors(response)
    action = db.session.scalar(select(ImprovementAction))
    assert (action.indicator_id, action.period) == (office["automatic"].id, T1)

    assert signed_in(office["rosa"]).post(path, data={}).status_code == 403  # not a manager
    # The manager prepared the action; the quality unit publishes the report.
    assert "La unidad de calidad (coordinación o administración) publica el informe." in text(
        client.get(path)
    )
    assert client.post(path, data={}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    published = signed_in(office["coral"]).post(path, data={})
    assert published.status_code == 303
    report = db.session.scalar(select(Report))
    assert report.revision == 1 and report.content["feedback"]["received"] == 3
    assert any(a["cause"] == "Faltó personal en febrero." for a in report.content["actions"])
    assert db.session.scalar(select(AuditLog).filter_by(action="report.published"))


def test_an_unmet_annual_result_blocks_the_fourth_quarters_report_until_it_has_an_action(
    empty_app, office, signed_in
):
    """The fourth quarter's report counts the year's results: an unmet annual one needs its
    improvement action before that report is published, as a quarter's or a month's does."""
    office["charter"].versions[0].valid_from = date(2025, 1, 1)
    office["manual"].periodicity = Periodicity.ANNUAL
    db.session.commit()
    client = signed_in(office["mara"])
    response = record(client, office["manual"], periodo="2025", numerador="179", denominador="199")
    assert response.status_code == 303
    unmet = stored(office["manual"], Period(2025))
    assert unmet.status is MeasurementStatus.NOT_MET

    workspace = client.get(f"/admin/indicadores/cartas/{office['charter'].slug}")
    assert "Ningún resultado no cumplido está sin acción de mejora" not in text(workspace)
    path = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/2025-T4"
    assert "no tiene acción de mejora" in text(client.get(path))
    refused = signed_in(office["coral"]).post(path, data={})
    assert refused.status_code == 400 and "no tiene acción de mejora" in text(refused)
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    # The third quarter's report does not count the year.
    third = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/2025-T3"
    assert "no tiene acción de mejora" not in text(client.get(third))

    response = plan_action(client, office["charter"], unmet, causa="Muestra pequeña.")
    assert response.status_code == 303, errors(response)
    assert signed_in(office["coral"]).post(path, data={}).status_code == 303
    assert db.session.scalar(select(Report)).period == Period(2025, "T", 4)


def test_a_result_corrected_after_its_report_was_published_asks_for_a_correction(
    empty_app, office, signed_in
):
    """A published report never changes; a result recorded again afterwards is said to differ
    from it, on saving and in the charter's workspace, until a correction is published."""
    manager, coordinator = signed_in(office["mara"]), signed_in(office["coral"])
    assert record(manager, office["manual"]).status_code == 303
    path = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/2026-T1"
    assert coordinator.post(path, data={}).status_code == 303
    workspace = f"/admin/indicadores/cartas/{office['charter'].slug}"
    notice = "hay resultados corregidos después de publicarlo"
    assert notice not in text(manager.get(workspace))

    corrected = record(manager, office["manual"], numerador="10")
    assert corrected.status_code == 303
    page = text(manager.get(corrected.headers["Location"]))
    assert "Se guardó el resultado del indicador." in page
    assert "El informe publicado de" in page and "debe publicar una corrección" in page
    assert notice in page
    assert db.session.scalar(select(Report)).content != {}  # the report itself is as it was

    assert coordinator.post(path, data={"nota": "Se contó una visita más."}).status_code == 303
    assert notice not in text(manager.get(workspace))
    # A result of another quarter says nothing of this report.
    other = record(manager, office["manual"], periodo="2026-T2")
    assert "El informe publicado de" not in text(manager.get(other.headers["Location"]))


def test_a_publication_sent_twice_is_published_once(empty_app, office, signed_in):
    """A double click on "publish", of the report or of a correction, publishes it once; a
    correction of a report that did not change is refused (there is nothing to correct)."""
    manager, coordinator = signed_in(office["mara"]), signed_in(office["coral"])
    assert record(manager, office["manual"]).status_code == 303
    path = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/2026-T1"
    for _click in range(2):
        assert coordinator.post(path, data={}).status_code == 303
    unchanged = coordinator.post(path, data={"nota": "Otra vez."})
    assert unchanged.status_code == 400
    assert "no hay nada que corregir" in text(unchanged)
    assert record(manager, office["manual"], numerador="10").status_code == 303
    for _click in range(2):
        sent = coordinator.post(path, data={"nota": "Se contó una visita más."})
        assert sent.status_code == 303
    assert [r.revision for r in db.session.scalars(select(Report))] == [1, 2]
    public = text(
        empty_app.test_client().get(f"/es/cartas/{office['charter'].slug}/informes/2026-T1")
    )
    assert "revisión 2 de 2" in public


def test_an_action_sent_twice_is_recorded_once(empty_app, office, signed_in):
    late_answers(office)
    client = signed_in(office["mara"])
    unmet = stored(office["automatic"])
    for _click in range(2):
        assert plan_action(client, office["charter"], unmet).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(ImprovementAction)) == 1
    # Another action for the same result is another action.
    other = plan_action(client, office["charter"], unmet, accion="Abrir otra ventanilla.")
    assert other.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(ImprovementAction)) == 2


def test_a_manual_result_must_be_possible_in_its_unit(empty_app, office, signed_in):
    """A mean score above 5 or a negative count is a slip of the keyboard, refused next to the
    field with what was typed; a count or a deliverable is its numerator alone."""
    client = signed_in(office["mara"])
    indicator = office["manual"]
    indicator.kind, indicator.unit, indicator.target = IndicatorKind.MEAN, Unit.SCORE, Decimal(4)
    db.session.commit()
    refused = record(client, indicator, numerador="70", denominador="10")
    assert refused.status_code == 400
    assert any("no es posible" in e and "1 a 5" in e for e in errors(refused))
    assert soup(refused).select_one("#numerador")["value"] == "70"
    assert stored(indicator) is None
    assert record(client, indicator, numerador="45", denominador="10").status_code == 303
    assert stored(indicator).value == Decimal("4.50")

    indicator.kind, indicator.unit, indicator.target = IndicatorKind.DELIVERABLE, Unit.COUNT, 1
    indicator.denominator = None
    db.session.commit()
    form = client.get(f"/admin/indicadores/indicador/{indicator.id}/resultado")
    assert soup(form).select_one("#denominador") is None
    saved = record(client, indicator, periodo="2026-T2", numerador="1", denominador="")
    assert saved.status_code == 303, errors(saved)
    delivered = stored(indicator, Period(2026, "T", 2))
    assert (delivered.numerator, delivered.denominator) == (1, None)
    assert delivered.value == 1
    assert delivered.status in (MeasurementStatus.MET, MeasurementStatus.PROVISIONAL)
    # A number typed in a denominator a deliverable does not have is not published.
    record(client, indicator, periodo="2026-T2", numerador="1", denominador="7")
    assert stored(indicator, Period(2026, "T", 2)).denominator is None
    negative = record(client, indicator, periodo="2026-T2", numerador="-1")
    assert negative.status_code == 400


def test_a_name_staff_typed_is_text_in_the_reasons_a_report_waits(empty_app, office, signed_in):
    """The reasons a report cannot be published yet name indicators: what a manager typed as a
    name is shown as text, never as markup in the coordinator's page."""
    office["automatic"].name = es('<a href="https://evil.example/">Sesión vencida</a>')
    db.session.commit()
    late_answers(office)
    page = signed_in(office["coral"]).get(
        f"/admin/indicadores/cartas/{office['charter'].slug}/informes/2026-T1"
    )
    html = page.get_data(as_text=True)
    assert "no tiene acción de mejora" in text(page)
    assert '<a href="https://evil.example/">' not in html
    assert "&lt;a href=&#34;https://evil.example/&#34;&gt;Sesión vencida" in html


def test_a_published_report_does_not_change_when_new_feedback_arrives(empty_app, office, signed_in):
    late_answers(office)
    client = signed_in(office["mara"])
    unmet = stored(office["automatic"])
    client.post(
        f"/admin/indicadores/cartas/{office['charter'].slug}/acciones/nueva",
        data={
            "origen": "unmet_indicator",
            "resultado": str(unmet.id),
            "causa": "Obra.",
            "justificacion": "La oficina cerró por obra.",
            "estado": "planned",
        },  # fmt: skip
    )
    path = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/2026-T1"
    client = signed_in(office["coral"])
    assert client.post(path, data={}).status_code == 303
    public_path = f"/es/cartas/{office['charter'].slug}/informes/2026-T1"
    before = empty_app.test_client().get(public_path)
    assert before.status_code == 200 and "Recibidas" in text(before)
    snapshot = db.session.scalar(select(Report)).content

    late_answers(office, count=2)  # two more items of the same quarter arrive later
    db.session.expire_all()
    assert db.session.scalar(select(Report)).content == snapshot
    after = empty_app.test_client().get(public_path)
    assert text(after) == text(before)

    # A correction is a new revision with a public note; the first one stays.
    missing = client.post(path, data={})
    assert missing.status_code == 400  # a correction needs a note, asked for next to its field
    assert "Una corrección necesita una nota que diga qué cambió." in errors(missing)
    assert client.post(path, data={"nota": "Llegaron dos quejas tardías."}).status_code == 303
    corrected = empty_app.test_client().get(public_path)
    assert "Llegaron dos quejas tardías." in text(corrected)
    assert "revisión 2 de 2" in text(corrected)
    first = empty_app.test_client().get(public_path + "?revision=1")
    assert "Esta es una revisión anterior." in text(first)
    feed = empty_app.test_client().get("/es/cartas/informes.atom")
    assert feed.mimetype == "application/atom+xml"
    assert feed.get_data(as_text=True).count("<entry>") == 2
    english = empty_app.test_client().get("/en/cartas/informes.atom").get_data(as_text=True)
    assert "Reports and evaluations of the citizen charters" in english
    assert "revision 2" in english and "revisión" not in english
    charter_page = empty_app.test_client().get(f"/es/cartas/{office['charter'].slug}")
    assert "corregido" in text(charter_page)


def test_a_report_of_an_unfinished_quarter_cannot_be_published(empty_app, office, signed_in):
    client = signed_in(office["coral"])
    quarter = Period.quarter_of(local_today())
    path = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/{quarter}"
    assert "El trimestre todavía no termina." in text(client.post(path, data={}))
    public = f"/es/cartas/{office['charter'].slug}/informes/{quarter}"
    assert empty_app.test_client().get(public).status_code == 404


def test_a_report_of_a_quarter_without_a_version_in_force_cannot_be_published(
    empty_app, office, signed_in
):
    client = signed_in(office["coral"])
    path = f"/admin/indicadores/cartas/{office['charter'].slug}/informes/1900-T1"
    refused = client.post(path, data={})
    assert refused.status_code == 400
    assert "Esta carta no tenía una versión vigente en el trimestre." in text(refused)
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert not db.session.scalar(select(AuditLog).filter_by(action="report.published"))
    public = f"/es/cartas/{office['charter'].slug}/informes/1900-T1"
    assert empty_app.test_client().get(public).status_code == 404


def test_quarters_and_pages_beyond_the_calendar_or_the_database_are_a_404(
    empty_app, office, signed_in
):
    client = signed_in(office["mara"])
    base = f"/admin/indicadores/cartas/{office['charter'].slug}/informes"
    for quarter in ("9999-T4", "0000-T1"):
        assert client.get(f"{base}/{quarter}").status_code == 404
        assert client.post(f"{base}/{quarter}", data={}).status_code == 404
    assert client.get("/admin/indicadores?page=99999999999999999999").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


def test_a_claim_records_its_remedy_and_the_charter_publishes_the_counts(
    empty_app, office, signed_in
):
    commitment = office["charter"].versions[0].commitments[0]
    claim, code = submission.submit(
        submission.Submission(
            type=FeedbackType.CLAIM, text="No me atendieron en 15 minutos.",
            submission_key=uuid.uuid4().hex, language="es", consent=True,
            service=office["service"], commitment=commitment,
        )
    )  # fmt: skip
    client = signed_in(office["rosa"])
    item = client.get(f"/admin/buzon/{claim.folio}")
    assert soup(item).select_one("#medida").get_text(strip=True) == "Disculpa."  # the charter's
    missing = client.post(f"/admin/buzon/{claim.folio}/compensacion",
                          data={"incumplimiento": "si", "medida": ""})  # fmt: skip
    assert missing.status_code == 400 and "Escriba la medida de compensación." in errors(missing)
    before = (claim.received_on - timedelta(days=1)).isoformat()
    early = client.post(
        f"/admin/buzon/{claim.folio}/compensacion",
        data={"incumplimiento": "si", "medida": "Disculpa.", "otorgada": before},
    )
    assert early.status_code == 400
    assert "La fecha no puede ser anterior a la recepción del mensaje." in errors(early)
    assert soup(early).select_one("#medida").get_text(strip=True) == "Disculpa."  # kept
    today = local_today().isoformat()
    response = client.post(
        f"/admin/buzon/{claim.folio}/compensacion",
        data={"incumplimiento": "si", "medida": "Disculpa formal por escrito.", "otorgada": today},
    )
    assert response.status_code == 303
    db.session.expire_all()
    claim = db.session.get(Feedback, claim.id)
    assert claim.breach_confirmed and claim.remedied_on == local_today()
    kinds = [e.kind for e in claim.events if e.public]
    assert kinds[-2:] == [EventKind.BREACH_CONFIRMED, EventKind.REMEDIED]
    citizen = empty_app.test_client()
    tracking = citizen.post(
        "/es/buzon/seguimiento", data={"folio": claim.folio, "codigo": code}, follow_redirects=True
    )
    assert "Confirmamos que no se cumplió el compromiso" in text(tracking)
    assert "Le otorgamos la medida de compensación" in text(tracking)
    # Reviewed again: the commitment was kept after all. The citizen's history says so.
    withdrawn = client.post(
        f"/admin/buzon/{claim.folio}/compensacion", data={"incumplimiento": "no", "medida": ""}
    )
    assert withdrawn.status_code == 303
    history = text(citizen.get(f"/es/buzon/seguimiento/{claim.folio}"))
    assert "el compromiso sí se cumplió, así que no corresponde compensación" in history
    client.post(
        f"/admin/buzon/{claim.folio}/compensacion",
        data={"incumplimiento": "si", "medida": "Disculpa formal por escrito.", "otorgada": today},
    )
    public = text(empty_app.test_client().get(f"/es/cartas/{office['charter'].slug}"))
    quarter = re.search(r"Compensaciones otorgadas (.*?) Informes trimestrales", public).group(1)
    assert "1 1 1" in quarter  # claimed, confirmed, remedied
    complaint = submission.submit(
        submission.Submission(
            type=FeedbackType.COMPLAINT,
            text="x",
            language="es",
            submission_key=uuid.uuid4().hex,
            consent=True,
            service=office["service"],
        )  # fmt: skip
    )[0]
    assert client.post(f"/admin/buzon/{complaint.folio}/compensacion",
                       data={"incumplimiento": "no"}).status_code == 409  # fmt: skip


def test_the_charter_chart_has_a_text_alternative_and_a_table(app_context, client):
    slug = db.session.scalar(select(Charter.slug).order_by(Charter.slug))
    page = soup(client.get(f"/es/cartas/{slug}"))
    svg = page.select_one("figure.chart svg[role=img]")
    title, desc = page.find(id=svg["aria-labelledby"]), page.find(id=svg["aria-describedby"])
    assert title.name == "title" and "Resultados por periodo" in title.get_text()
    assert "Meta:" in desc.get_text() and "Último resultado" in desc.get_text()
    table = svg.find_parent("figure").find_next_sibling(class_="table-scroll").table
    assert table.caption and len(table.select("tbody tr")) >= 4


def test_a_reports_feedback_figures_count_as_the_dashboard_and_the_indicator(empty_app, office):
    """A compliment has no deadline and a dismissed item was never answered: both are received,
    neither answered nor on time (the report counted compliments as answered late and left
    dismissed items out of what was received)."""
    from datetime import timedelta

    from app.core.types import WorkingDays
    from app.feedback.models import FeedbackStatus
    from app.indicators.services.reports import feedback_figures
    from tests.factories import make_feedback

    day = date(2026, 2, 2)
    answered = {"status": FeedbackStatus.ANSWERED, "due_days": WorkingDays(10)}
    make_feedback(office["service"], day, response_days=WorkingDays(6), **answered)
    make_feedback(office["service"], day, response_days=WorkingDays(12), **answered)
    make_feedback(office["service"], day, type=FeedbackType.COMPLIMENT,
                  response_days=WorkingDays(20), **answered)  # fmt: skip
    make_feedback(office["service"], day, status=FeedbackStatus.DISMISSED,
                  dismissed_on=day + timedelta(days=30))  # fmt: skip
    db.session.commit()
    figures = feedback_figures(office["charter"].id, Period.parse("2026-T1"))
    assert (figures["received"], figures["answered"], figures["on_time"]) == (4, 2, 1)
    assert figures["mean_days"] == "9.00"
    assert figures["by_type"]["felicitacion"] == {"received": 1, "answered": 0, "on_time": 0}


def test_a_replaced_versions_unmet_result_still_gets_its_action_and_its_report(
    empty_app, signed_in
):
    """2025's version was replaced by 2026's: its fourth quarter's unmet result is offered to
    the improvement action and its report is listed, so that the report can be published."""
    from app.charters.models import CharterStatus
    from app.indicators.services.engine import record_measurement

    treasury = make_dependency("Tesorería")
    charter = make_charter([make_service("Pago del predial", treasury)], CharterStatus.ARCHIVED)
    old = charter.versions[0]
    old.valid_from, old.valid_until = date(2025, 1, 1), date(2025, 12, 31)
    make_charter(charter.services, CharterStatus.PUBLISHED, number=2, charter=charter)
    db.session.flush()
    quarter = Period(2025, "T", 4)
    unmet = record_measurement(old.commitments[0].indicators[0], quarter, 10, 50)
    db.session.commit()
    client = signed_in(make_user(Role.MANAGER, treasury, email="mara@example.org"))
    page = client.get(f"/admin/indicadores/cartas/{charter.slug}")
    assert page.status_code == 200
    report = f"/admin/indicadores/cartas/{charter.slug}/informes/2025-T4"
    assert soup(page).find("a", href=report)
    form = soup(client.get(f"/admin/indicadores/cartas/{charter.slug}/acciones/nueva"))
    assert form.find("option", value=str(unmet.id))
    response = plan_action(client, charter, unmet, causa="Obra.", accion="Reabrir la ventanilla.")
    assert response.status_code == 303, errors(response)
    assert "no tiene acción de mejora" not in text(client.get(report))


def test_spanish_names_on_an_english_page_are_marked_as_spanish(empty_app, office, signed_in):
    """A screen reader reads an indicator's name with a Spanish voice when the page around it
    is in English and the name has no translation (WCAG 3.1.2), also in hidden link text."""
    office["mara"].ui_language = "en"
    db.session.commit()
    page = soup(
        signed_in(office["mara"]).get(f"/admin/indicadores/cartas/{office['charter'].slug}")
    )
    hidden = page.select("a .visually-hidden, caption.visually-hidden")
    assert hidden
    for text in hidden:
        assert text.select_one('span[lang="es"]'), text


def test_the_quality_team_reads_what_citizens_wrote_in_the_surveys(empty_app, office, signed_in):
    """The survey asks for a comment: the charter's staff read it (escaped, newest first, by
    pages); staff of another dependency do not, nor comments of other services."""
    from app.feedback.services.submission import record_survey

    path = f"/admin/indicadores/cartas/{office['charter'].slug}/comentarios"
    manager = signed_in(office["mara"])
    assert "Aún no hay comentarios" in text(manager.get(path))
    other = make_service("Licencias", make_dependency("Obras"))
    record_survey(office["service"], 2, None, None, "Tardaron <b>mucho</b>.", "es")
    record_survey(office["service"], 5, None, None, "", "es")  # no comment: not listed
    record_survey(office["service"], 5, None, None, "Kualli tlatekipanolistli.", "nah")
    record_survey(other, 1, None, None, "Comentario de otro servicio.", "es")
    db.session.commit()

    page = manager.get(path)
    assert page.status_code == 200
    listed = [p.get_text() for p in soup(page).select("ol.comments li p.user-text")]
    assert listed == ["Kualli tlatekipanolistli.", "Tardaron <b>mucho</b>."]
    assert "<b>mucho</b>" not in page.get_data(as_text=True)  # shown as text
    assert "Calificación: 2 de 5" in text(page) and "Pago del predial" in text(page)
    workspace = manager.get(f"/admin/indicadores/cartas/{office['charter'].slug}")
    assert soup(workspace).find("a", href=path)
    assert signed_in(office["omar"]).get(path).status_code == 404
    assert manager.get(path + "?page=3").status_code == 404
