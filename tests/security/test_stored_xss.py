"""Stored XSS: whatever a citizen (or a staff member) types is shown as text, never as markup,
on every page where someone else reads it."""

import re

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Feedback
from tests.feedback.conftest import PDF

# Each payload escapes a different context: element content, a quoted and an unquoted attribute.
PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>\"><svg onload=alert(2)>'"
FILE_NAME = "<img src=x onerror=alert(3)>.pdf"  # no slash: file names lose their folders


def assert_inert(html: str) -> None:
    """The payload appears only as text: no script element, no event handler attribute."""
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if not s.get("src")], "inline script"
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, (tag.name, handlers)
        assert tag.name not in ("svg", "img") or tag.get("src") != "x", tag
    assert "<script>alert" not in html


def test_every_free_text_field_of_a_citizen_is_text_for_staff(empty_app, citizen, admin):
    check = citizen.fill(
        descripcion=PAYLOAD,
        lugar=PAYLOAD[:300],
        nombre=PAYLOAD[:200],
        correo="ana@example.org",
        telefono="722 123 4567",
        files=[(FILE_NAME, PDF)],
    )
    assert check.status_code == 200
    assert_inert(check.get_data(as_text=True))  # the citizen's own check page too
    sent = citizen.send(check)
    folio = re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"]).group()
    # Staff ask for information and the citizen answers with the payload too.
    asked = admin.post(f"/admin/buzon/{folio}/informacion", data={"pregunta": "¿Qué oficina?"})
    assert asked.status_code == 303
    answered = citizen.client.post(
        f"/es/buzon/seguimiento/{folio}/informacion", data={"respuesta": PAYLOAD}
    )
    assert answered.status_code == 303

    item = admin.get(f"/admin/buzon/{folio}")
    html = item.get_data(as_text=True)
    assert_inert(html)
    text = BeautifulSoup(html, "html.parser").get_text()
    assert PAYLOAD in text and FILE_NAME in text  # shown, as the citizen wrote it
    for page in ("/admin/buzon", f"/admin/buzon?q={folio}", "/admin/bitacora"):
        response = admin.get(page)
        assert response.status_code == 200
        assert_inert(response.get_data(as_text=True))

    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    with admin.get(f"/admin/buzon/{folio}/adjuntos/{feedback.attachments[0].id}") as download:
        assert download.status_code == 200
        disposition = download.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and "\n" not in disposition


def test_what_staff_write_is_text_for_the_citizen_and_other_staff(empty_app, citizen, admin):
    folio, code = citizen.submit()
    for action, data in [
        ("nota", {"nota_interna": PAYLOAD}),
        ("impacto", {"impacto_motivo": PAYLOAD, "marcar": "si"}),
        ("respuesta", {"respuesta": PAYLOAD}),
    ]:
        assert admin.post(f"/admin/buzon/{folio}/{action}", data=data).status_code == 303, action
    assert_inert(admin.get(f"/admin/buzon/{folio}").get_data(as_text=True))
    status = citizen.client.get(f"/es/buzon/seguimiento/{folio}")
    assert status.status_code == 200
    assert_inert(status.get_data(as_text=True))
    assert PAYLOAD in BeautifulSoup(status.get_data(as_text=True), "html.parser").get_text()


def test_answer_templates_are_text(empty_app, admin):
    from app.extensions import db
    from tests.factories import make_dependency

    dependency = make_dependency("Tesorería")
    db.session.commit()
    created = admin.post(
        "/admin/buzon/plantillas/nueva",
        data={"dependencia": str(dependency.id), "titulo": PAYLOAD[:200], "texto": PAYLOAD},
    )
    assert created.status_code == 303
    assert_inert(admin.get("/admin/buzon/plantillas").get_data(as_text=True))
