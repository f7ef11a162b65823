"""The people pages: who may manage whom, changes of role, scope and languages, deactivation
and reactivation, each with its audit row."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import EventKind, FeedbackStatus
from app.staff.models import AuditLog, Role
from tests.conftest import fetch
from tests.factories import make_feedback, make_service, make_user
from tests.people.test_sessions import copy_of
from tests.staff.conftest import sign_in


def audited(action):
    return db.session.scalars(select(AuditLog).filter_by(action=action)).all()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.RESPONDER, Role.VIEWER])
def test_only_admins_and_coordinators_manage_people(empty_app, staff, signed_in, role):
    client = signed_in(role, staff["parent"])
    for path in ("/admin/personal/", f"/admin/personal/{staff['responder'].id}"):
        assert client.get(path).status_code == 403
    assert client.get("/admin/personal/invitar").status_code == 403
    assert client.post(f"/admin/personal/{staff['other'].id}/desactivar").status_code == 403
    assert staff["other"].active
    assert "/admin/personal" not in client.get("/admin/").get_data(as_text=True)


def test_an_admin_sees_everyone_and_filters_without_javascript(empty_app, staff, signed_in):
    client = signed_in(staff["admin"])
    page = fetch(client, "/admin/personal/")
    assert {"Ada", "Rosa", "Omar"} <= {a.get_text() for a in page.soup.select("tbody a")}
    page = fetch(client, "/admin/personal/?rol=responder&dependencia=agua&estado=activa&idioma=es")
    assert [a.get_text() for a in page.soup.select("tbody a")] == ["Omar"]
    assert fetch(client, "/admin/personal/?idioma=nah").soup.select("tbody a") == []
    fetch(client, "/admin/personal/?rol=emperador", 400)


def test_a_coordinator_manages_only_the_accounts_below(empty_app, staff, signed_in):
    coordinator = make_user(Role.COORDINATOR, name="Coco")
    client = signed_in(coordinator)
    names = {a.get_text() for a in fetch(client, "/admin/personal/").soup.select("tbody a")}
    assert names == {"Rosa", "Omar"}
    assert client.get(f"/admin/personal/{staff['admin'].id}").status_code == 404
    assert client.post(f"/admin/personal/{staff['admin'].id}/desactivar").status_code == 404
    assert staff["admin"].active
    # and cannot make anyone an administrator
    response = client.post(
        f"/admin/personal/{staff['other'].id}",
        data={"role": "admin", "dependency": "", "languages": ["es"]},
    )
    assert response.status_code == 400 and "Elija una función de la lista." in response.text
    assert staff["other"].role is Role.RESPONDER


def test_changing_role_scope_and_languages_is_audited_and_ends_sessions(empty_app, staff):
    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    rosa = empty_app.test_client()
    sign_in(rosa, "resp@example.org")
    thief = copy_of(rosa, empty_app)
    response = admin.post(
        f"/admin/personal/{staff['responder'].id}",
        data={"role": "manager", "dependency": "agua", "languages": ["es", "nah"]},
        follow_redirects=True,
    )
    assert "Se guardaron los cambios." in response.text
    person = staff["responder"]
    assert (person.role, person.dependency, person.languages) == (
        Role.MANAGER,
        staff["water"],
        ["es", "nah"],
    )
    (role,) = audited("user.role_changed")
    assert role.detail == {"from": "responder", "to": "manager"}
    assert role.user == staff["admin"] and role.target_id == str(person.id)
    assert audited("user.scope_changed")[0].detail["to"] == staff["water"].id
    assert audited("user.languages_changed")[0].detail["to"] == ["es", "nah"]
    assert rosa.get("/admin/").status_code == 302
    assert thief.get("/admin/").status_code == 302


def test_a_role_below_the_institution_needs_a_dependency(empty_app, staff, signed_in):
    client = signed_in(staff["admin"])
    response = client.post(
        f"/admin/personal/{staff['other'].id}",
        data={"role": "viewer", "dependency": "", "languages": ["es"]},
    )
    assert response.status_code == 400
    assert "Esta función necesita una dependencia." in response.text


def test_nobody_lowers_their_own_role_or_deactivates_themselves(empty_app, staff, signed_in):
    client = signed_in(staff["admin"])
    own = f"/admin/personal/{staff['admin'].id}"
    page = fetch(client, own)
    assert "Usted no puede reducir su propia función" in page.text()
    assert "Usted no puede desactivar su propia cuenta" in page.text()
    assert not page.soup.select(f"form[action='{own}/desactivar']")
    response = client.post(own, data={"role": "viewer", "dependency": "agua", "languages": "es"})
    assert response.status_code == 400 and "No puede reducir su propia función" in response.text
    response = client.post(f"{own}/desactivar", follow_redirects=True)
    assert "No puede desactivar su propia cuenta." in response.text
    assert staff["admin"].active and staff["admin"].role is Role.ADMIN


def test_deactivating_returns_open_items_to_the_queue_and_ends_sessions(empty_app, staff):
    person = staff["responder"]
    service = make_service(dependency=staff["parent"])
    open_item = make_feedback(service, assignee=person)
    answered = make_feedback(service, assignee=person, status=FeedbackStatus.CLOSED_RESOLVED)
    db.session.commit()
    rosa = empty_app.test_client()
    sign_in(rosa, "resp@example.org")
    thief = copy_of(rosa, empty_app)
    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    response = admin.post(f"/admin/personal/{person.id}/desactivar", follow_redirects=True)
    assert "1 mensajes volvieron a la bandeja" in response.text
    assert not person.active
    assert open_item.assignee is None and open_item.dependency == staff["parent"]
    (event,) = [e for e in open_item.events if e.kind is EventKind.ASSIGNED]
    assert event.user == staff["admin"] and not event.public and "Rosa" in event.note
    assert answered.assignee == person  # finished items keep who answered them
    (row,) = audited("user.deactivated")
    assert row.detail == {"items_returned": 1} and row.target_id == str(person.id)
    assert rosa.get("/admin/").status_code == 302
    assert thief.get("/admin/").status_code == 302
    assert sign_in(empty_app.test_client(), "resp@example.org").status_code == 400
    # Reactivated: the person signs in again; nothing was deleted.
    response = admin.post(f"/admin/personal/{person.id}/reactivar", follow_redirects=True)
    assert "se reactivó" in response.text and person.active
    assert audited("user.reactivated")[0].user == staff["admin"]
    assert sign_in(empty_app.test_client(), "resp@example.org").status_code == 303


def test_items_someone_can_no_longer_open_go_back_to_the_queue_when_their_scope_changes(
    empty_app, staff
):
    """Moved from the treasury to its cadastre, Rosa keeps the cadastre's items and gives back
    the treasury's, each with an event; made a viewer, she gives back every one."""
    person = staff["responder"]
    treasury = make_feedback(make_service(dependency=staff["parent"]), assignee=person)
    cadastre = make_feedback(make_service(dependency=staff["child"]), assignee=person)
    db.session.commit()
    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    moved = {"role": "responder", "dependency": "catastro", "languages": "es"}
    assert admin.post(f"/admin/personal/{person.id}", data=moved).status_code == 303
    assert treasury.assignee is None and cadastre.assignee == person
    (event,) = [e for e in treasury.events if e.kind is EventKind.ASSIGNED]
    assert event.user == staff["admin"] and not event.public and "Rosa" in event.note
    reader = {"role": "viewer", "dependency": "catastro", "languages": "es"}
    assert admin.post(f"/admin/personal/{person.id}", data=reader).status_code == 303
    assert cadastre.assignee is None
