"""/admin/institucion: administrators set the institution's name, contacts and logo, and the
public pages show them at once, in every language."""

import io
import os

import pytest
from sqlalchemy import select

from app.config import Config, DevelopmentConfig
from app.extensions import db
from app.institution.models import Institution
from app.staff.models import AuditLog, Role
from tests.conftest import configured, fetch, make_app
from tests.factories import PASSWORD, make_dependency, make_user
from tests.institution.test_logo import SVG, png_bytes

URL = "/admin/institucion"


def form(**changes) -> dict:
    values = {
        "nombre_es": "Ayuntamiento de San Pruebas",
        "nombre_en": "Town Council of San Pruebas",
        "nombre_nah": "",
        "nombre_corto_es": "San Pruebas",
        "direccion": "Plaza Mayor 1, San Pruebas",
        "correo": "contacto@sanpruebas.example.org",
        "telefono": "722 111 2233",
        "responsable": "Unidad de Transparencia de San Pruebas",
        "privacidad_correo": "datos@sanpruebas.example.org",
        "privacidad_telefono": "722 111 4455",
        "accesibilidad_correo": "barreras@sanpruebas.example.org",
        "accesibilidad_telefono": "722 111 6677",
        "canales": "Facebook | https://facebook.example.org/sanpruebas\nRadio | https://radio.example.org",
    }
    return values | changes


def test_an_admin_saves_and_every_public_page_shows_it_at_once(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    citizen = empty_app.test_client()
    with configured(empty_app, PAGE_CACHE_SECONDS=60):
        assert "Municipio de Metepec" in fetch(citizen, "/es/").text()  # the default, cached
        response = admin.post(URL, data=form())
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"{URL}?guardado=1")
        confirmation = fetch(admin, response.headers["Location"])
        assert "Se guardaron los datos de la institución" in confirmation.text()

        for lang, name in [
            ("es", "Ayuntamiento de San Pruebas"),
            ("en", "Town Council of San Pruebas"),
            ("nah", "Ayuntamiento de San Pruebas"),  # no Náhuatl name: Spanish, marked so
        ]:
            home = fetch(citizen, f"/{lang}/")
            assert home.soup.select_one(".brand-institution").get_text(strip=True) == name
            footer = home.soup.select_one("footer")
            assert name in footer.get_text()
            assert footer.find("a", href="mailto:contacto@sanpruebas.example.org")
            assert footer.find("a", href="tel:7221112233")
            assert footer.find("a", href="https://radio.example.org").get_text() == "Radio"
            assert "Metepec" not in home.html
            if lang == "nah":
                assert home.soup.select_one(".brand-institution [lang=es]")

            privacy = fetch(citizen, f"/{lang}/privacidad")
            assert "Unidad de Transparencia de San Pruebas" in privacy.text()
            assert privacy.soup.find("a", href="mailto:datos@sanpruebas.example.org")
            assert privacy.soup.find("a", href="tel:7221114455")

            accessibility = fetch(citizen, f"/{lang}/accesibilidad")
            assert accessibility.soup.find("a", href="mailto:barreras@sanpruebas.example.org")
            assert accessibility.soup.find("a", href="tel:7221116677")


def test_a_phone_with_its_extension_is_a_working_link_and_the_address_keeps_its_language(
    empty_app, signed_in
):
    admin = signed_in(Role.ADMIN)
    saved = admin.post(URL, data=form(telefono="722 111 2233 ext. 12",
                                      privacidad_telefono="(722) 111-4455 Ext 3"))  # fmt: skip
    assert saved.status_code == 303
    home = fetch(empty_app.test_client(), "/en/")
    assert home.soup.select_one("footer").find("a", href="tel:7221112233;ext=12")
    privacy = fetch(empty_app.test_client(), "/en/privacidad")
    assert privacy.soup.find("a", href="tel:7221114455;ext=3")
    address = privacy.soup.find(string=lambda text: "Plaza Mayor 1" in text)
    assert address.find_parent(lang="es") is not None  # Spanish on an English page


def test_the_change_is_audited_with_what_changed(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    assert admin.post(URL, data=form()).status_code == 303
    assert admin.post(URL, data=form(telefono="722 999 0000")).status_code == 303
    rows = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "institution.updated").order_by(AuditLog.id)
    ).all()
    assert len(rows) == 2
    assert rows[0].user.role is Role.ADMIN and rows[0].target == "Institution"
    assert rows[0].detail["changed"]["name"]["to"]["en"] == "Town Council of San Pruebas"
    assert rows[1].detail == {"changed": {"phone": {"from": "722 111 2233", "to": "722 999 0000"}}}
    # Saving the same values again changes nothing and records nothing.
    assert admin.post(URL, data=form(telefono="722 999 0000")).status_code == 303
    assert (
        db.session.scalar(
            select(db.func.count(AuditLog.id)).where(AuditLog.action == "institution.updated")
        )
        == 2
    )


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.RESPONDER, Role.VIEWER])
def test_only_administrators_see_or_change_it(empty_app, signed_in, role):
    dependency = None if role.sees_everything else make_dependency()
    db.session.commit()
    client = signed_in(role, dependency)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=form()).status_code == 403
    assert db.session.get(Institution, 1) is None
    home = fetch(client, "/admin/")
    assert not home.soup.find("a", href=URL), "no link to a page they may not open"


def test_signed_out_people_are_sent_to_sign_in(empty_app):
    response = empty_app.test_client().get(URL)
    assert response.status_code == 302 and "/auth/entrar" in response.headers["Location"]


def test_mistakes_are_explained_next_to_their_fields(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    page = fetch(
        admin,
        URL,
        400,
        method="post",
        data=form(nombre_es="", correo="no-es-correo", canales="Facebook sin dirección"),
    )
    summary = page.soup.select_one(".error-summary").get_text(" ")
    assert "Escriba un correo electrónico válido" in summary
    assert "Escriba el nombre de la institución en español." in summary
    assert page.soup.select_one("#correo-error")
    assert page.title.startswith("Error:")
    # The name (a rule of the service) and the channels come once the form itself is right.
    page = fetch(admin, URL, 400, method="post", data=form(nombre_es=""))
    assert (
        "Escriba el nombre de la institución en español."
        in page.soup.select_one("#nombre_es-error").get_text()
    )
    page = fetch(admin, URL, 400, method="post", data=form(canales="Facebook sin dirección"))
    assert "línea 1" in page.soup.select_one("#canales-error").get_text()
    assert db.session.get(Institution, 1) is None
    assert "Municipio de Metepec" in fetch(admin, "/admin/").text()  # nothing half-saved


def post_logo(client, data: bytes, filename: str, **changes):
    return client.post(
        URL,
        data=form(logotipo=(io.BytesIO(data), filename), **changes),
        content_type="multipart/form-data",
    )


def test_a_png_logo_is_served_with_its_text_alternative(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    logo = png_bytes()
    # A logo needs its text alternative.
    refused = post_logo(admin, logo, "logo.png")
    assert refused.status_code == 400
    assert "lo que muestra el logotipo" in refused.get_data(as_text=True)
    saved = post_logo(
        admin,
        logo,
        "logo.png",
        logotipo_alt_es="Escudo de San Pruebas",
        logotipo_alt_en="Coat of arms",
    )
    assert saved.status_code == 303

    citizen = empty_app.test_client()
    for lang, alt in [("es", "Escudo de San Pruebas"), ("en", "Coat of arms")]:
        image = fetch(citizen, f"/{lang}/").soup.select_one("header img.brand-logo")
        assert image["alt"] == alt
    served = citizen.get(image["src"])
    assert served.status_code == 200 and served.data == logo
    assert served.headers["Content-Type"] == "image/png"
    assert "immutable" in served.headers["Cache-Control"]
    assert (
        citizen.get(image["src"], headers={"If-None-Match": served.headers["ETag"]}).status_code
        == 304
    )
    assert citizen.get("/institucion/logo/0000").status_code == 404

    detail = db.session.scalars(select(AuditLog.detail).order_by(AuditLog.id.desc())).first()
    assert detail["changed"]["logo"]["from"] is None and detail["changed"]["logo"]["to"]

    # Removing it: the header has no image, the old address is gone.
    assert admin.post(URL, data=form(quitar_logotipo="y", logotipo_alt_es="x")).status_code == 303
    assert not fetch(citizen, "/es/").soup.select_one("header img")
    assert citizen.get(image["src"]).status_code == 404


def test_an_svg_logo_is_served_under_its_own_sandboxed_policy(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    saved = post_logo(admin, SVG, "logo.svg", logotipo_alt_es="Escudo")
    assert saved.status_code == 303
    citizen = empty_app.test_client()
    image = fetch(citizen, "/es/").soup.select_one("header img.brand-logo")
    served = citizen.get(image["src"])
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/svg+xml"
    # The drawing's own policy, once: never the pages' policy beside it (browsers would
    # enforce both) nor in its place (the sandbox would be lost).
    assert served.headers.getlist("Content-Security-Policy") == [
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    ]
    assert served.headers.getlist("X-Content-Type-Options") == ["nosniff"]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\x89PNG\r\n\x1a\nfake", "logo.png", "debe ser una imagen PNG o SVG"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
            "El SVG contiene código",
        ),
    ],
)
def test_a_fake_png_or_an_svg_with_a_script_is_refused(
    empty_app, signed_in, data, filename, message
):
    admin = signed_in(Role.ADMIN)
    page = fetch(
        admin,
        URL,
        400,
        method="post",
        data=form(logotipo=(io.BytesIO(data), filename), logotipo_alt_es="Escudo"),
        content_type="multipart/form-data",
    )
    assert message in page.soup.select_one("#logotipo-error").get_text()
    assert db.session.get(Institution, 1) is None


def test_the_demo_institution_comes_from_the_database(get_page):
    """seed-demo saves the demo's values through the same service as the form."""
    home = get_page("/en/")
    assert home.soup.select_one(".brand-institution").get_text(strip=True) == (
        "Municipality of Metepec (demonstration)"
    )
    assert home.soup.select_one("header img.brand-logo")["alt"]
    accessibility = get_page("/es/accesibilidad")
    assert accessibility.soup.find("a", href="mailto:accesibilidad@metepec.example.org")


def test_production_without_a_name_asks_staff_for_it_and_shows_no_demo_name(tmp_path):
    application = make_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", INSTITUTION_NAME="")
    with application.app_context():
        db.create_all()

        admin_user, viewer_user = make_user(Role.ADMIN), make_user(Role.COORDINATOR)
        citizen = application.test_client()
        for path in ("/es/", "/es/privacidad", "/en/accesibilidad"):
            page = fetch(citizen, path)
            assert "Metepec" not in page.html and "demostración" not in page.html
            assert not page.soup.select_one(".brand-institution")
        assert (
            "La institución que publica este portal es responsable"
            in fetch(citizen, "/es/privacidad").text()
        )

        admin = application.test_client()
        admin.post("/auth/entrar", data={"email": admin_user.email, "password": PASSWORD})
        prompt = fetch(admin, "/admin/").soup.find(
            "a", string="Configure el nombre de la institución"
        )
        assert prompt["href"] == URL
        coordinator = application.test_client()
        coordinator.post("/auth/entrar", data={"email": viewer_user.email, "password": PASSWORD})
        assert "Pídalo a la administración" in fetch(coordinator, "/admin/").text()

        assert admin.post(URL, data=form()).status_code == 303
        assert "Configure el nombre" not in fetch(admin, "/admin/").text()
        assert "Ayuntamiento de San Pruebas" in fetch(citizen, "/es/").text()
        db.session.remove()
        db.engine.dispose()


def test_production_has_no_demo_name_by_default():
    """Only development and the tests fall back to the demo's name."""
    if "INSTITUTION_NAME" in os.environ:
        pytest.skip("INSTITUTION_NAME is set in this environment")
    assert Config.INSTITUTION_NAME == ""
    assert "Metepec" in DevelopmentConfig.INSTITUTION_NAME
