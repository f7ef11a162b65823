"""Staff sign-in, lockout, sessions, passwords, roles, scopes and the audit log."""

import re
import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.extensions import db
from app.staff import services
from app.staff.models import AuditLog, Role, User
from tests.conftest import make_app
from tests.factories import PASSWORD
from tests.staff.conftest import sign_in

GENERIC = "El correo o la contraseña no son correctos, o la cuenta está bloqueada un rato."


def actions(user=None) -> list[str]:
    query = select(AuditLog.action).order_by(AuditLog.id)
    if user is not None:
        query = query.where(AuditLog.user_id == user.id)
    return list(db.session.scalars(query))


def error_text(response) -> str:
    return (
        BeautifulSoup(response.get_data(as_text=True), "html.parser")
        .select_one(".error-summary")
        .get_text(" ", strip=True)
    )


def test_every_staff_page_needs_a_signed_in_person(empty_app, staff):
    client = empty_app.test_client()
    rules = [r for r in empty_app.url_map.iter_rules() if r.rule.startswith("/admin")]
    assert rules
    for rule in rules:
        path = re.sub(r"<[^>]+>", "1", rule.rule)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(path, method=method)
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/auth/entrar")


def test_sign_in_and_out(empty_app, staff):
    client = empty_app.test_client()
    response = sign_in(client, "RESP@example.org ", follow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/"
    home = client.get("/admin/").get_data(as_text=True)
    assert "Rosa" in home and "Tesorería" in home
    assert client.post("/auth/salir").status_code == 303
    assert client.get("/admin/").status_code == 302
    assert actions(staff["responder"])[-2:] == ["auth.signed_in", "auth.signed_out"]


@pytest.mark.parametrize(
    "email, password", [("nadie@example.org", PASSWORD), ("resp@example.org", "mala")]
)
def test_a_failed_sign_in_says_the_same_whatever_was_wrong(empty_app, staff, email, password):
    response = sign_in(empty_app.test_client(), email, password)
    assert response.status_code == 400
    assert GENERIC in error_text(response)
    assert actions()[-1] == "auth.failed"


def test_five_failures_lock_the_account_for_a_while(empty_app, staff):
    client = empty_app.test_client()
    for _ in range(5):
        assert sign_in(client, "resp@example.org", "mala").status_code == 400
    locked = sign_in(client, "resp@example.org")  # the right password, but locked
    assert locked.status_code == 400 and GENERIC in error_text(locked)
    user = staff["responder"]
    later = user.locked_until + timedelta(seconds=1)
    assert services.authenticate("resp@example.org", PASSWORD, "127.0.0.1", now=later) == user


def test_a_disabled_account_cannot_sign_in(empty_app, staff):
    staff["other"].active = False
    db.session.commit()
    assert sign_in(empty_app.test_client(), "otro@example.org").status_code == 400


def test_sign_in_never_redirects_to_another_site(empty_app, staff):
    client = empty_app.test_client()
    for target in ("//evil.example/x", "https://evil.example/", "javascript:alert(1)"):
        response = client.post(
            f"/auth/entrar?next={target}", data={"email": "resp@example.org", "password": PASSWORD}
        )
        assert response.headers["Location"] == "/admin/"


def test_the_session_expires_after_a_working_day(empty_app, staff, monkeypatch):
    client = empty_app.test_client()
    response = sign_in(client, "resp@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "Expires=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert empty_app.permanent_session_lifetime == timedelta(hours=8)
    # A working day after signing in, however often it was used meanwhile (each request
    # sends the cookie again: a stolen one must not live on by being used).
    started = time.time()
    for hours in (3, 6, 7.9):
        monkeypatch.setattr(time, "time", lambda hours=hours: started + hours * 3600)
        assert client.get("/admin/").status_code == 200, hours
    monkeypatch.setattr(time, "time", lambda: started + 8.1 * 3600)
    assert client.get("/admin/").status_code == 302


def test_an_invited_person_without_a_password_takes_as_long_to_refuse(empty_app, staff):
    """The time of a refusal tells nothing: an account that has not set its password yet is
    checked against a real hash, like an unknown e-mail, not refused at once."""
    from argon2 import PasswordHasher

    checked = []
    real_verify = PasswordHasher.verify

    def verify(self, hash, password):  # noqa: A002 - argon2's name
        checked.append(hash)
        return real_verify(self, hash, password)

    pending = staff["other"]
    pending.password_hash = "!"  # as an invitation leaves it
    db.session.commit()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PasswordHasher, "verify", verify)
        for email in ("otro@example.org", "nadie@example.org", "resp@example.org"):
            assert sign_in(empty_app.test_client(), email, "mala contraseña").status_code == 400
    assert len(checked) == 3 and all(hash.startswith("$argon2") for hash in checked)


def test_sign_in_attempts_are_rate_limited(tmp_path):
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_SIGN_IN="2 per minute",
    )
    with application.app_context():
        db.create_all()
    client = application.test_client()
    codes = [sign_in(client, "x@example.org", "y").status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    with application.app_context():
        db.engine.dispose()


def test_admin_forms_need_the_csrf_token(tmp_path):
    application = make_app(f"sqlite:///{tmp_path / 'csrf.sqlite3'}", WTF_CSRF_ENABLED=True)
    with application.app_context():
        db.create_all()
    client = application.test_client()
    assert sign_in(client, "x@example.org", "y").status_code == 400
    assert "No pudimos confirmar" in sign_in(client, "x@example.org", "y").get_data(as_text=True)
    with application.app_context():
        db.engine.dispose()


def test_changing_the_password(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    wrong = client.post(
        "/auth/contrasena", data={"current": "mala", "new": "x" * 12, "confirm": "x" * 12}
    )
    assert "La contraseña actual no es correcta." in error_text(wrong)
    short = client.post(
        "/auth/contrasena", data={"current": PASSWORD, "new": "corta", "confirm": "corta"}
    )
    assert "al menos 12 caracteres" in error_text(short)
    mismatch = client.post(
        "/auth/contrasena", data={"current": PASSWORD, "new": "x" * 12, "confirm": "y" * 12}
    )
    assert "no coinciden" in error_text(mismatch)
    done = client.post(
        "/auth/contrasena",
        data={
            "current": PASSWORD,
            "new": "otra frase larga nueva",
            "confirm": "otra frase larga nueva",
        },
    )
    assert done.status_code == 303
    assert "auth.password_changed" in actions(staff["responder"])
    client.post("/auth/salir")
    assert sign_in(client, "resp@example.org", "otra frase larga nueva").status_code == 303


def test_guessing_the_current_password_locks_the_account_and_is_audited(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    new = {"new": "otra frase larga nueva", "confirm": "otra frase larga nueva"}
    for attempt in range(5):
        wrong = client.post("/auth/contrasena", data={"current": f"adivina-{attempt}", **new})
        assert wrong.status_code == 400
    assert "la cuenta está bloqueada un rato" in error_text(wrong)
    # The right password changes nothing while the account is locked.
    locked = client.post("/auth/contrasena", data={"current": PASSWORD, **new})
    assert locked.status_code == 400 and "bloqueada" in error_text(locked)
    user = db.session.get(User, staff["responder"].id)
    db.session.refresh(user)
    assert user.locked_until is not None
    assert services.hasher().verify(user.password_hash, PASSWORD)
    failed = db.session.scalars(
        select(AuditLog).filter_by(action="auth.failed", user_id=user.id).order_by(AuditLog.id)
    ).all()
    assert [row.detail["reason"] for row in failed] == ["password"] * 5 + ["locked"]
    assert not any("adivina" in str(row.detail) for row in failed)  # never what was typed
    assert sign_in(empty_app.test_client(), "resp@example.org").status_code == 400


def test_password_change_attempts_are_rate_limited(tmp_path):
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_SIGN_IN="2 per minute",
    )
    with application.app_context():
        db.create_all()
    client = application.test_client()
    data = {"current": "mala", "new": "x" * 12, "confirm": "x" * 12}
    codes = [client.post("/auth/contrasena", data=data).status_code for _ in range(3)]
    assert codes[-1] == 429
    with application.app_context():
        db.engine.dispose()


def test_only_admins_browse_the_audit_log(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    assert client.get("/admin/bitacora").status_code == 403
    client.post("/auth/salir")
    sign_in(client, "admin@example.org")
    page = client.get("/admin/bitacora").get_data(as_text=True)
    assert "auth.signed_in" in page and "user.created" in page
    assert PASSWORD not in page
    for page_asked in ("99999999999999999999", "0", "abc"):  # never an overflow in the query
        assert client.get(f"/admin/bitacora?page={page_asked}").status_code == 404


def test_the_profile_sets_the_language_of_staff_pages(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    response = client.post("/admin/perfil", data={"ui_language": "en", "languages": ["es", "nah"]})
    assert response.status_code == 303
    user = db.session.get(User, staff["responder"].id)
    assert (user.ui_language, user.languages) == ("en", ["es", "nah"])
    page = client.get("/admin/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Staff home" in page
    assert "Se guardó su perfil." in page  # the confirmation, in the language it was saved in
    refused = client.post("/admin/perfil", data={"ui_language": "en", "languages": []})
    assert refused.status_code == 400
    # The summary's link leads to the first checkbox of the group (a fieldset takes no focus),
    # and every checkbox of the group says it is invalid.
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    target = page.select_one(".error-summary a")["href"].removeprefix("#")
    assert page.find(id=target).name == "input" and page.find(id=target)["type"] == "checkbox"
    boxes = page.select("fieldset#languages input[type=checkbox]")
    assert boxes and all(box.get("aria-invalid") == "true" for box in boxes)
    assert page.select_one("#languages-error .visually-hidden")  # "Error:" for screen readers


def test_scopes_cover_a_dependency_and_its_children(empty_app, staff):
    assert services.scope(staff["responder"]) == {staff["parent"].id, staff["child"].id}
    assert services.scope(staff["other"]) == {staff["water"].id}
    assert services.scope(staff["admin"]) is None


def test_users_command_creates_accounts_and_refuses_bad_ones(empty_app, staff):
    runner = empty_app.test_cli_runner()
    ok = runner.invoke(
        args=["users", "create", "--email", "new@example.org", "--name", "Nora", "--role",
              "manager", "--dependency", "agua", "--password", "frase larga de prueba"]
    )  # fmt: skip
    assert ok.exit_code == 0 and "Created user" in ok.output
    user = db.session.scalar(select(User).filter_by(email="new@example.org"))
    assert user.role is Role.MANAGER and user.dependency == staff["water"]
    assert user.password_hash != "frase larga de prueba"
    created = db.session.scalar(
        select(AuditLog).filter_by(action="user.created").order_by(AuditLog.id.desc())
    )
    assert (created.target, created.target_id) == ("User", str(user.id))
    no_scope = runner.invoke(
        args=["users", "create", "--email", "a@example.org", "--name", "A", "--role",
              "responder", "--password", "frase larga de prueba"]
    )  # fmt: skip
    assert no_scope.exit_code != 0 and "needs a dependency" in no_scope.output
    short = runner.invoke(
        args=["users", "create", "--email", "b@example.org", "--name", "B", "--role", "admin",
              "--password", "corta"]
    )  # fmt: skip
    assert short.exit_code != 0 and "12 characters" in short.output


def test_every_staff_form_refuses_a_post_without_its_csrf_token(tmp_path):
    from tests.staff.conftest import PASSWORD as password

    application = make_app(f"sqlite:///{tmp_path / 'csrf-all.sqlite3'}", WTF_CSRF_ENABLED=True)
    with application.app_context():
        db.create_all()
        services.create_user("ana@example.org", "Ana", Role.ADMIN, password)
    client = application.test_client()
    token = BeautifulSoup(client.get("/auth/entrar").data, "html.parser").select_one(
        "input[name=csrf_token]"
    )["value"]
    signed = client.post(
        "/auth/entrar", data={"email": "ana@example.org", "password": password, "csrf_token": token}
    )
    assert signed.status_code == 303
    posts = [r for r in application.url_map.iter_rules()
             if "POST" in r.methods and r.rule.startswith(("/admin", "/auth"))]  # fmt: skip
    assert len(posts) > 8
    for rule in posts:
        response = client.post(re.sub(r"<[^>]+>", "1", rule.rule), data={"x": "y"})
        assert response.status_code == 400, rule.rule
        assert "No pudimos confirmar" in response.get_data(as_text=True), rule.rule
    with application.app_context():
        db.engine.dispose()
