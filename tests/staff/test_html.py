"""Staff pages are valid HTML with one h1 and the structure every page has."""

import re

from sqlalchemy import select

from app.extensions import db
from app.outbox.models import OutboxMessage
from tests.conftest import Page
from tests.staff.conftest import sign_in
from tests.test_html_validation import vnu_errors


def test_staff_pages_are_valid_html(empty_app, staff, tmp_path):
    pages = {}

    def keep(name, response):
        Page(response).check_structure()
        pages[name] = response.data

    client = empty_app.test_client()
    keep("sign in", client.get("/auth/entrar"))
    keep("sign in with errors", sign_in(client, "x@example.org", "mala"))
    keep("forgot", client.get("/auth/olvide"))
    keep("forgot with errors", client.post("/auth/olvide", data={"email": ""}))
    keep("reset sent", client.post("/auth/olvide", data={"email": "x@example.org"}))
    keep("link gone", client.get("/auth/nueva-contrasena/nothing"))
    sign_in(client, "admin@example.org")
    person = f"/admin/personal/{staff['responder'].id}"
    for path in (
        "/admin/",
        "/admin/bitacora",
        "/admin/perfil",
        "/auth/contrasena",
        "/admin/personal/",
        "/admin/personal/?rol=responder&estado=activa",
        person,
        f"/admin/personal/{staff['admin'].id}",
        "/admin/personal/invitar",
        "/admin/institucion",
        "/admin/idiomas",
        "/admin/idiomas/nuevo",
    ):
        keep(path, client.get(path))
    keep("person with errors", client.post(person, data={"role": "x"}))
    keep("invite with errors", client.post("/admin/personal/invitar", data={}))
    keep("person changed", client.post(
        person, data={"role": "viewer", "dependency": "agua", "languages": "es"},
        follow_redirects=True,
    ))  # fmt: skip
    client.post("/admin/personal/invitar", data={
        "name": "Nora", "email": "nora@example.org", "role": "viewer", "dependency": "agua",
        "languages": "es",
    })  # fmt: skip
    (mail,) = db.session.scalars(select(OutboxMessage)).all()
    link = re.search(r"https?://\S+", mail.body).group().split("127.0.0.1:5000", 1)[-1]
    invited = empty_app.test_client()
    keep("accept", invited.get(link))
    keep("accept with errors", invited.post(link, data={"password": "corta"}))
    keep(
        "institution with errors",
        client.post("/admin/institucion", data={"nombre_es": "", "correo": "x"}),
    )
    keep("language with errors", client.post("/admin/idiomas/nuevo", data={"codigo": "nah"}))
    added = client.post("/admin/idiomas/nuevo", data={
        "codigo": "mat", "nombre": "Botuna", "nombre_es": "Matlatzinca", "formato": "es_MX",
    })  # fmt: skip
    keep("languages with one added", client.get(added.headers["Location"]))
    keep("language edited", client.get("/admin/idiomas/mat"))
    saved = client.post("/admin/institucion", data={"nombre_es": "Ayuntamiento"})
    keep("institution saved", client.get(saved.headers["Location"]))
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
