"""``flask users list | deactivate | invite``: one-line errors and a non-zero exit."""

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import EventKind
from app.outbox.models import OutboxMessage
from app.staff.models import AuditLog, User
from tests.factories import make_feedback, make_service


def run(application, *args):
    return application.test_cli_runner().invoke(args=["users", *args])


def test_users_list(empty_app, staff):
    staff["other"].active = False
    db.session.commit()
    result = run(empty_app, "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "admin@example.org\tadmin\t-\tes\tactive" in lines
    assert "resp@example.org\tresponder\ttesoreria\tes\tactive" in lines
    assert run(empty_app, "list", "--inactive").output.splitlines() == [
        "otro@example.org\tresponder\tagua\tes\tinactive"
    ]
    assert run(empty_app, "list", "--role", "admin").output.count("\n") == 1


def test_users_deactivate(empty_app, staff):
    item = make_feedback(make_service(dependency=staff["parent"]), assignee=staff["responder"])
    db.session.commit()
    result = run(empty_app, "deactivate", "RESP@example.org")
    assert result.exit_code == 0 and "1 open items" in result.output
    assert not staff["responder"].active and item.assignee is None
    (event,) = [e for e in item.events if e.kind is EventKind.ASSIGNED]
    assert event.actor == "system"
    row = db.session.scalar(select(AuditLog).filter_by(action="user.deactivated"))
    assert row.user is None and row.target_id == str(staff["responder"].id)
    again = run(empty_app, "deactivate", "resp@example.org")
    assert again.exit_code == 1 and "already inactive" in again.output
    missing = run(empty_app, "deactivate", "nadie@example.org")
    assert missing.exit_code == 1 and missing.output.strip() == (
        "Error: no account with the e-mail nadie@example.org"
    )


def test_users_invite(empty_app, staff):
    args = ["--email", "nora@example.org", "--name", "Nora", "--role", "viewer"]
    no_scope = run(empty_app, "invite", *args)
    assert no_scope.exit_code == 1 and "dependencia" in no_scope.output
    assert len(no_scope.output.strip().splitlines()) == 1
    bad = run(empty_app, "invite", *args, "--dependency", "agua", "--languages", "xx")
    assert bad.exit_code == 1 and "unknown language xx" in bad.output
    ok = run(empty_app, "invite", *args, "--dependency", "agua", "--languages", "es,nah")
    assert ok.exit_code == 0 and "Invited nora@example.org" in ok.output
    user = db.session.scalar(select(User).filter_by(email="nora@example.org"))
    assert user.languages == ["es", "nah"] and not user.active
    (mail,) = db.session.scalars(select(OutboxMessage)).all()
    assert "/auth/invitacion/" in mail.body
    taken = run(
        empty_app, "invite", "--email", "resp@example.org", "--name", "R", "--role", "admin"
    )
    assert taken.exit_code == 1 and "Ya existe una cuenta" in taken.output


def test_users_create_refuses_a_guessable_password(empty_app, staff):
    args = ["create", "--email", "b@example.org", "--name", "B", "--role", "admin"]
    weak = run(empty_app, *args, "--password", "password1234")
    assert weak.exit_code == 1 and "guessable" in weak.output
    assert run(empty_app, *args, "--password", "cuatro caballos comen avena").exit_code == 0
