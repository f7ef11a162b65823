import pytest

from app.catalog.models import Dependency
from app.extensions import db
from app.staff.models import Role
from app.staff.services import create_user
from tests.factories import PASSWORD


@pytest.fixture
def staff(empty_app):
    """Two dependencies (one with a child office) and people with different roles."""
    parent = Dependency(slug="tesoreria", name={"es": "Tesorería"})
    child = Dependency(slug="catastro", name={"es": "Catastro"}, parent=parent)
    other = Dependency(slug="agua", name={"es": "Agua"})
    db.session.add_all([parent, child, other])
    db.session.commit()
    return {
        "admin": create_user("admin@example.org", "Ada", Role.ADMIN, PASSWORD),
        "responder": create_user(
            "resp@example.org", "Rosa", Role.RESPONDER, PASSWORD, dependency=parent
        ),
        "other": create_user(
            "otro@example.org", "Omar", Role.RESPONDER, PASSWORD, dependency=other
        ),
        "parent": parent,
        "child": child,
        "water": other,
    }


def sign_in(client, email, password=PASSWORD, **kwargs):
    return client.post("/auth/entrar", data={"email": email, "password": password}, **kwargs)
