"""Sessions can be revoked: a copied session cookie stops working once the account's sessions
end (sign-out, a new password, deactivation, a new role or scope)."""

from app.extensions import db
from tests.factories import PASSWORD
from tests.staff.conftest import sign_in


def copy_of(client, application):
    """Another browser holding a copy of ``client``'s session cookie (a stolen one)."""
    thief = application.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_cookie_works_until_the_person_signs_out(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    thief = copy_of(client, empty_app)
    assert thief.get("/admin/").status_code == 200
    assert client.post("/auth/salir").status_code == 303
    assert thief.get("/admin/").status_code == 302  # off to the sign-in page
    assert staff["responder"].session_version == 1


def test_a_new_password_ends_the_other_sessions_but_not_this_one(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    other = empty_app.test_client()
    sign_in(other, "resp@example.org")  # another device of the same person
    thief = copy_of(client, empty_app)
    new = "otra frase larga y distinta"
    response = client.post(
        "/auth/contrasena", data={"current": PASSWORD, "new": new, "confirm": new}
    )
    assert response.status_code == 303
    assert client.get("/admin/").status_code == 200
    assert thief.get("/admin/").status_code == 302
    assert other.get("/admin/").status_code == 302


def test_a_session_of_an_account_made_inactive_is_refused(empty_app, staff):
    client = empty_app.test_client()
    sign_in(client, "resp@example.org")
    staff["responder"].active = False
    db.session.commit()
    assert client.get("/admin/").status_code == 302
