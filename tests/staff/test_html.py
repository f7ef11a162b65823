"""Staff pages are valid HTML with one h1 and the structure every page has."""

from tests.conftest import Page
from tests.staff.conftest import sign_in
from tests.test_html_validation import vnu_errors


def test_staff_pages_are_valid_html(empty_app, staff, tmp_path):
    client = empty_app.test_client()
    pages = {"sign in": client.get("/auth/entrar").data}
    pages["sign in with errors"] = sign_in(client, "x@example.org", "mala").data
    sign_in(client, "admin@example.org")
    for path in (
        "/admin/",
        "/admin/bitacora",
        "/admin/perfil",
        "/auth/contrasena",
        "/admin/institucion",
    ):
        response = client.get(path)
        Page(response).check_structure()
        pages[path] = response.data
    with_errors = client.post("/admin/institucion", data={"nombre_es": "", "correo": "x"})
    Page(with_errors).check_structure()
    pages["/admin/institucion with errors"] = with_errors.data
    saved = client.post("/admin/institucion", data={"nombre_es": "Ayuntamiento"})
    confirmation = client.get(saved.headers["Location"])
    Page(confirmation).check_structure()
    pages["/admin/institucion saved"] = confirmation.data
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
