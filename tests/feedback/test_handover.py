"""Work follows the structure and the people: an item is never left with someone who can no
longer see it, and an escalation always reaches somebody."""

from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from app.extensions import db
from app.feedback.models import EventKind, FeedbackStatus
from app.feedback.services import workflow, worklist
from app.outbox.models import OutboxMessage
from app.people import services as people
from app.staff.models import Role
from tests.factories import make_dependency, make_feedback, make_service, make_user


def mail_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).filter_by(recipient=address)))


def test_moving_a_dependency_gives_back_the_items_their_assignees_no_longer_see(
    empty_app, signed_in
):
    parent = make_dependency("Padre", slug="padre")
    make_dependency("Otra", slug="otra")
    child = make_dependency("Hija", slug="hija", parent=parent)
    db.session.commit()
    responder = make_user(Role.RESPONDER, parent, email="rosa@example.org")
    staying = make_user(Role.RESPONDER, child, email="hugo@example.org")
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org")
    item, kept = (make_feedback(make_service(f"Servicio {n}", child)) for n in (1, 2))
    db.session.commit()
    workflow.assign(item, child, responder, coordinator)
    workflow.assign(kept, child, staying, coordinator)

    moved = signed_in(coordinator).post(
        f"/admin/catalogo/dependencias/{child.id}",
        data={"clave": "hija", "nombre_es": "Hija", "superior": "otra",
              "version": str(child.version)},
    )  # fmt: skip
    assert moved.status_code == 303
    db.session.expire_all()
    assert item.assignee_id is None  # back to the queue of "Hija", now under "Otra"
    assert "cambió de lugar en el organigrama" in item.events[-1].note
    assert kept.assignee_id == staying.id  # still sees it: stays
    worklist.queue_digests(item.due_on)
    assert not any(item.folio in m.body for m in mail_to("rosa@example.org"))


def test_an_item_reopened_after_its_responder_left_goes_back_to_the_queue(empty_app):
    dependency = make_dependency("Tesorería")
    db.session.commit()
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org")
    manager = make_user(Role.MANAGER, dependency, email="gerente@example.org")
    responder = make_user(Role.RESPONDER, dependency, email="rosa@example.org")
    now = datetime(2026, 11, 5, 17, 0)
    item = make_feedback(make_service("Pago", dependency), received_on=date(2026, 11, 3))
    db.session.commit()
    workflow.assign(item, dependency, responder, manager, now=now)
    workflow.answer(item, "Ya quedó.", responder, now=now)
    workflow.change_status(item, FeedbackStatus.CLOSED_RESOLVED, responder, now=now)
    people.deactivate(responder, coordinator, now=now)  # a closed item stays with its answerer
    assert item.assignee_id == responder.id

    workflow.reopen(item, "No se resolvió.", now=datetime(2026, 11, 6, 17, 0))
    assert item.status is FeedbackStatus.IN_REVIEW and item.assignee_id is None
    worklist.queue_digests(item.due_on)
    assert any(item.folio in m.body for m in mail_to("gerente@example.org"))


def test_without_coordinators_the_administrators_hear_of_an_escalation(empty_app):
    dependency = make_dependency("Tesorería")
    db.session.commit()
    admin = make_user(Role.ADMIN, email="admin@example.org")
    manager = make_user(Role.MANAGER, dependency, email="gerente@example.org")
    item = make_feedback(make_service("Pago", dependency))
    db.session.commit()
    people.deactivate(manager, admin)  # the dependency's only manager leaves; no coordinator
    assert worklist.escalate_overdue(item.due_on + timedelta(days=2), datetime(2026, 12, 1)) == 1
    db.session.commit()
    assert [e.kind for e in item.events].count(EventKind.ESCALATED) == 1
    [mail] = mail_to("admin@example.org")
    assert item.folio in mail.body


def test_a_retired_dependency_is_offered_to_nobody_new(empty_app, signed_in):
    retired = make_dependency("Extinta", slug="extinta", retired_on=date(2026, 1, 1))
    db.session.commit()
    kept = make_user(Role.RESPONDER, retired, email="queda@example.org")
    client = signed_in(make_user(Role.COORDINATOR))
    assert 'value="extinta"' not in client.get("/admin/personal/invitar").get_data(as_text=True)
    invited = client.post(
        "/admin/personal/invitar",
        data={"email": "nueva@example.org", "name": "Nueva", "role": "responder",
              "dependency": "extinta", "languages": "es"},
    )  # fmt: skip
    assert invited.status_code == 400
    # A person of it keeps it as their own; the list still finds people by it.
    assert 'value="extinta"' in client.get(f"/admin/personal/{kept.id}").get_data(as_text=True)
    assert client.get("/admin/personal/?dependencia=extinta").status_code == 200


def test_without_coordinators_the_administrators_hear_of_charters_to_renew(empty_app):
    from tests.factories import make_charter

    dependency = make_dependency("Tesorería")
    db.session.commit()
    admin = make_user(Role.ADMIN, email="admin@example.org")
    manager = make_user(Role.MANAGER, dependency, email="gerente@example.org")
    charter = make_charter([make_service("Pago", dependency)])
    charter.versions[0].valid_until = date(2026, 12, 31)
    db.session.commit()
    people.deactivate(manager, admin)
    worklist.queue_digests(date(2026, 12, 1))
    [mail] = mail_to("admin@example.org")
    assert charter.title["es"] in mail.body
    # With a coordinator, the coordination is theirs again: administrators hear of nothing.
    make_user(Role.COORDINATOR, email="coord@example.org")
    db.session.execute(delete(OutboxMessage))
    worklist.queue_digests(date(2026, 12, 1))
    assert mail_to("admin@example.org") == [] and mail_to("coord@example.org")


def test_a_dependency_moved_by_a_catalog_import_gives_back_items_too(empty_app, tmp_path):
    import csv
    import io

    from app.core.tabular import to_csv

    parent = make_dependency("Padre", slug="padre")
    make_dependency("Otra", slug="otra")
    child = make_dependency("Hija", slug="hija", parent=parent)
    db.session.commit()
    responder = make_user(Role.RESPONDER, parent, email="rosa@example.org")
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org")
    item = make_feedback(make_service("Servicio", child))
    db.session.commit()
    workflow.assign(item, child, responder, coordinator)
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["catalog", "export", str(tmp_path)]).exit_code == 0
    path = tmp_path / "dependencies.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["slug"] == "hija":
            row["parent"] = "otra"
    path.write_text(to_csv(list(rows[0]), rows), encoding="utf-8", newline="")

    result = runner.invoke(args=["catalog", "import", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert item.assignee_id is None and item.events[-1].actor == "system"
