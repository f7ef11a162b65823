"""Invitations and password resets: single-use links that expire, sent through the outbox;
no password ever travels by e-mail, and the reset reveals nothing about who has an account."""

import re
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.people.models import AccountToken, Purpose
from app.staff.models import AuditLog, Role, User
from tests.conftest import configured, fetch, make_app
from tests.factories import PASSWORD
from tests.people.test_sessions import copy_of
from tests.staff.conftest import sign_in

NEW = "cuatro caballos comen avena azul"


def mails():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def link_in(message) -> str:
    (url,) = re.findall(r"https?://\S+", message.body)
    return url.split("127.0.0.1:5000", 1)[-1]


def actions():
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def invite(client, **fields):
    data = {
        "name": "Nora Nueva",
        "email": "nora@example.org",
        "role": "responder",
        "dependency": "agua",
        "languages": ["es", "nah"],
        **fields,
    }
    return client.post("/admin/personal/invitar", data=data, follow_redirects=True)


def test_an_invited_person_sets_their_own_password_once(empty_app, staff):
    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    response = invite(admin)
    assert "Se envió la invitación a nora@example.org." in response.text
    person = db.session.scalar(select(User).filter_by(email="nora@example.org"))
    assert (person.role, person.dependency) == (Role.RESPONDER, staff["water"])
    assert not person.active
    assert "Invitación pendiente" in response.text
    (mail,) = mails()
    assert mail.recipient == "nora@example.org" and "Ada" in mail.body
    path = link_in(mail)
    token = path.rsplit("/", 1)[1]
    stored = db.session.scalar(select(AccountToken))
    assert stored.token_hash != token and token not in stored.token_hash  # kept hashed
    assert stored.purpose is Purpose.INVITATION
    assert stored.expires_at - stored.created_at == timedelta(hours=72)
    # Nobody can sign in before the person chooses a password.
    assert sign_in(empty_app.test_client(), "nora@example.org", "").status_code == 400

    nora = empty_app.test_client()
    page = fetch(nora, path)
    assert "Nora Nueva" in page.text() and page.soup.select_one("input[autocomplete=new-password]")
    weak = nora.post(path, data={"password": "password1234", "confirm": "password1234"})
    assert weak.status_code == 400 and "común o fácil de adivinar" in weak.text
    short = nora.post(path, data={"password": "corta", "confirm": "corta"})
    assert short.status_code == 400 and "al menos 12 caracteres" in short.text
    done = nora.post(path, data={"password": NEW, "confirm": NEW})
    assert done.status_code == 303 and done.headers["Location"].startswith("/admin/")
    assert nora.get("/admin/").status_code == 200  # signed in
    assert person.active and "user.invitation_accepted" in actions()
    assert "user.invited" in actions()
    # Used twice: a clear page, and the password stays.
    again = fetch(empty_app.test_client(), path, 410)
    assert "Este enlace ya no sirve" in again.h1 and "invitación nueva" in again.text()
    assert empty_app.test_client().post(path, data={"password": "x" * 20}).status_code == 410
    assert sign_in(empty_app.test_client(), "nora@example.org", NEW).status_code == 303
    for message in mails():
        assert NEW not in message.body


def test_an_expired_or_replaced_invitation_is_refused(empty_app, staff):
    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    invite(admin)
    first = link_in(mails()[0])
    response = invite(admin, name="Nora Segunda")  # invited again: the old link is replaced
    assert response.status_code == 200 and "Se envió la invitación" in response.text
    second = link_in(mails()[1])
    assert "user.reinvited" in actions()
    assert fetch(empty_app.test_client(), first, 410)
    fetch(empty_app.test_client(), second)
    link = db.session.scalars(select(AccountToken).order_by(AccountToken.id.desc())).first()
    link.expires_at = link.created_at - timedelta(seconds=1)
    db.session.commit()
    page = fetch(empty_app.test_client(), second, 410)
    assert "venció" in page.text()
    fetch(empty_app.test_client(), "/auth/invitacion/no-such-token", 410)


def test_an_invitation_is_refused_for_an_existing_account_or_a_role_too_high(
    empty_app, staff, signed_in
):
    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    response = invite(admin, email="resp@example.org")
    assert response.status_code == 400 and "Ya existe una cuenta con ese correo." in response.text
    response = invite(admin, email="no es correo")
    assert response.status_code == 400 and "correo electrónico válido" in response.text
    coordinator = signed_in(Role.COORDINATOR)
    response = invite(coordinator, role="admin")
    assert response.status_code == 400 and "Elija una función de la lista." in response.text
    assert mails() == []


def test_a_reset_says_the_same_whether_or_not_the_address_exists(empty_app, staff):
    client = empty_app.test_client()
    page = fetch(client, "/auth/entrar")
    assert page.soup.find("a", href="/auth/olvide").get_text() == "¿Olvidó su contraseña?"
    unknown = fetch(client, "/auth/olvide", method="post", data={"email": "nadie@example.org"})
    known = fetch(client, "/auth/olvide", method="post", data={"email": "RESP@example.org"})
    assert unknown.soup.find("main").decode() == known.soup.find("main").decode()
    (mail,) = mails()
    assert mail.recipient == "resp@example.org"
    assert [row.detail for row in db.session.scalars(
        select(AuditLog).filter_by(action="auth.reset_requested").order_by(AuditLog.id)
    )] == [{"known": False}, {"known": True}]  # fmt: skip
    inactive = staff["other"]
    inactive.active = False
    db.session.commit()
    fetch(client, "/auth/olvide", method="post", data={"email": "otro@example.org"})
    assert len(mails()) == 1  # a deactivated account gets nothing either


def test_a_reset_link_sets_the_password_once_and_ends_the_other_sessions(empty_app, staff):
    rosa = empty_app.test_client()
    sign_in(rosa, "resp@example.org")
    thief = copy_of(rosa, empty_app)
    empty_app.test_client().post("/auth/olvide", data={"email": "resp@example.org"})
    path = link_in(mails()[0])
    assert "/auth/nueva-contrasena/" in path
    link = db.session.scalar(select(AccountToken))
    assert link.purpose is Purpose.RESET and link.expires_at - link.created_at == timedelta(hours=2)
    browser = empty_app.test_client()
    assert browser.post(path, data={"password": NEW, "confirm": NEW}).status_code == 303
    assert browser.get("/admin/").status_code == 200
    assert thief.get("/admin/").status_code == 302
    assert rosa.get("/admin/").status_code == 302
    assert "auth.password_reset" in actions()
    assert fetch(empty_app.test_client(), path, 410)
    assert sign_in(empty_app.test_client(), "resp@example.org", NEW).status_code == 303


def test_an_invitation_link_does_not_reset_and_a_reset_link_does_not_invite(empty_app, staff):
    empty_app.test_client().post("/auth/olvide", data={"email": "resp@example.org"})
    token = link_in(mails()[0]).rsplit("/", 1)[1]
    fetch(empty_app.test_client(), f"/auth/invitacion/{token}", 410)


def test_the_reset_form_is_rate_limited(tmp_path):
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_SIGN_IN="2 per minute",
    )
    with application.app_context():
        db.create_all()
        client = application.test_client()
        codes = [
            client.post("/auth/olvide", data={"email": "x@example.org"}).status_code
            for _ in range(3)
        ]
        assert codes == [200, 200, 429]
        db.engine.dispose()


def test_new_password_links_for_one_account_are_limited_whoever_asks(tmp_path):
    """Each link cancels the one before: strangers asking again and again, from many
    addresses, would flood the person's mailbox and keep voiding their real link."""
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_RESET_ACCOUNT="2 per hour",
    )
    with application.app_context():
        db.create_all()
        codes = []
        for number, email in enumerate(["x@example.org", " X@example.org", "x@example.org "]):
            client = application.test_client()
            client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 1}"
            codes.append(client.post("/auth/olvide", data={"email": email}).status_code)
        assert codes == [200, 200, 429]
        other = application.test_client().post("/auth/olvide", data={"email": "y@example.org"})
        assert other.status_code == 200  # another account has its own budget
        db.engine.dispose()


def test_changing_the_password_voids_a_reset_link_sent_before(empty_app, staff):
    empty_app.test_client().post("/auth/olvide", data={"email": "resp@example.org"})
    path = link_in(mails()[0])
    rosa = empty_app.test_client()
    sign_in(rosa, "resp@example.org")
    changed = rosa.post("/auth/contrasena", data={"current": PASSWORD, "new": NEW, "confirm": NEW})
    assert changed.status_code == 303
    fetch(empty_app.test_client(), path, 410)
    other = "otra frase larga para la contraseña"
    refused = empty_app.test_client().post(path, data={"password": other, "confirm": other})
    assert refused.status_code == 410
    assert sign_in(empty_app.test_client(), "resp@example.org", NEW).status_code == 303


def test_the_invitation_lasts_invitation_hours(empty_app, staff):
    with configured(empty_app, INVITATION_HOURS=5):
        admin = empty_app.test_client()
        sign_in(admin, "admin@example.org")
        invite(admin)
    link = db.session.scalar(select(AccountToken))
    assert link.expires_at - link.created_at == timedelta(hours=5)


def test_changing_the_password_refuses_a_guessable_one_next_to_the_field(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    for weak in ("password1234", "resp@example.org1"):
        response = client.post(
            "/auth/contrasena", data={"current": PASSWORD, "new": weak, "confirm": weak}
        )
        page = fetch(client, "/auth/contrasena", 400, method="post",
                     data={"current": PASSWORD, "new": weak, "confirm": weak})  # fmt: skip
        assert response.status_code == 400
        assert "común o fácil de adivinar" in page.soup.select_one("#new-error").get_text()
    assert sign_in(empty_app.test_client(), "resp@example.org").status_code == 303


def test_an_invitation_names_the_institution_as_its_administrators_saved_it(empty_app, staff):
    """The saved name, in the person's language; none yet: no dangling "de"."""
    from app.institution.services import save_institution

    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    with configured(empty_app, INSTITUTION_NAME=""):
        invite(admin)
        (unnamed,) = mails()
        assert unnamed.subject == "Invitación al espacio del personal"
        assert "Ada le invitó a trabajar en el portal de Cartas Compromiso.\n" in unnamed.body
        save_institution({"name": {"es": "Ayuntamiento de Prueba"}}, staff["admin"])
        invite(admin, email="lia@example.org", name="Lía")
    named = mails()[-1]
    assert named.subject == "Invitación al espacio del personal de Ayuntamiento de Prueba"
    assert "Cartas Compromiso de Ayuntamiento de Prueba." in named.body


def test_an_invitation_subject_names_the_short_name_and_fits_however_long_the_name(
    empty_app, staff
):
    """A name of nearly 300 characters made the subject too long for the outbox: inviting
    anyone failed (a 500) and nothing typed was kept."""
    from app.institution.services import save_institution

    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    save_institution({"name": {"es": "Ayuntamiento " + "muy " * 70}}, staff["admin"])
    response = invite(admin)
    assert "Se envió la invitación a nora@example.org." in response.text
    (long,) = mails()
    assert len(long.subject) <= 300 and long.subject.endswith("…")
    save_institution(
        {"name": {"es": "Ayuntamiento " + "muy " * 70}, "short_name": {"es": "Ayto."}},
        staff["admin"],
    )
    invite(admin, email="lia@example.org", name="Lía")
    assert mails()[-1].subject == "Invitación al espacio del personal de Ayto."


def test_a_pending_invitation_is_sent_again_as_it_was_and_never_reactivated(empty_app, staff):
    """A person who has not set a password cannot use an account: "reactivating" it left it
    active and unusable. Their page sends the invitation again, with what the account says."""
    admin = empty_app.test_client()
    sign_in(admin, "admin@example.org")
    invite(admin)
    person = db.session.scalar(select(User).filter_by(email="nora@example.org"))
    first = link_in(mails()[0])
    page = fetch(admin, f"/admin/personal/{person.id}")
    assert page.soup.find("form", action=f"/admin/personal/{person.id}/reinvitar")
    assert not page.soup.find("form", action=f"/admin/personal/{person.id}/reactivar")
    refused = admin.post(f"/admin/personal/{person.id}/reactivar", follow_redirects=True)
    assert "todavía no acepta su invitación: reenvíe la invitación" in refused.text
    db.session.refresh(person)
    assert not person.active and "user.reactivated" not in actions()
    again = admin.post(f"/admin/personal/{person.id}/reinvitar", follow_redirects=True)
    assert "Se envió otra invitación a nora@example.org." in again.text
    assert len(mails()) == 2 and mails()[1].recipient == "nora@example.org"
    db.session.refresh(person)
    assert (person.name, person.role, person.dependency) == ("Nora Nueva", Role.RESPONDER,
                                                              staff["water"])  # fmt: skip
    assert actions()[-1] == "user.reinvited"
    fetch(empty_app.test_client(), first, 410)
    fetch(empty_app.test_client(), link_in(mails()[1]))
