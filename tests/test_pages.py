"""Every public page in every language: status, structure, language and headers."""

import io

import pytest

from app.staff.models import Role
from tests.conftest import OFFERED_LANGUAGES


def test_every_public_page_answers_in_its_language(get_page, public_paths):
    for path in public_paths:
        page = get_page(path)
        code = path.split("/")[1]
        assert page.lang == code, path
        current = page.soup.select_one("nav.languages a[aria-current]")
        assert current["lang"] == code
        assert page.soup.find("a", href=f"/{code}/accesibilidad")


@pytest.mark.parametrize(
    "lang, heading",
    [("es", "Trámites y servicios"), ("en", "Procedures and services")],
)
def test_catalog_heading_is_translated(get_page, lang, heading):
    assert get_page(f"/{lang}/servicios").h1 == heading


def test_nahuatl_pages_say_the_translation_awaits_review(get_page):
    assert "revisión por hablantes nativos" not in get_page("/es/").text()
    nah = get_page("/nah/")
    assert nah.h1 != get_page("/es/").h1  # the home page is translated


def test_security_headers(client):
    response = client.get("/es/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # only when HSTS=1


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("code", OFFERED_LANGUAGES)
def test_404_page_is_localized_and_links_home(get_page, code):
    page = get_page(f"/{code}/no-existe", status=404)
    assert page.lang == code
    assert page.soup.find("a", href=f"/{code}/")
    assert "404" in page.text()


def test_500_page_is_localized_and_hides_the_error(empty_app):
    def boom():
        raise RuntimeError("secret detail")

    empty_app.add_url_rule("/<lang>/boom-for-test", view_func=boom)
    empty_app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production
    response = empty_app.test_client().get("/en/boom-for-test")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Something went wrong on our side" in text
    assert "secret detail" not in text and "Traceback" not in text


def test_a_request_too_large_says_what_to_do_on_any_form(empty_app, signed_in):
    """The limits differ by form (a citizen's 3 files of 5 MB, a logo, a catalog): the page
    does not quote the citizen's on a staff upload."""
    from tests.conftest import configured

    client = signed_in(Role.ADMIN)
    with configured(empty_app, MAX_CONTENT_LENGTH=1024):
        response = client.post(
            "/admin/catalogo/importar",
            data={"archivo": (io.BytesIO(b"x" * 4096), "catalogo.xlsx")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "Los archivos son demasiado grandes" in text and "junto a cada campo" in text
    assert "3 archivos" not in text


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("/buzon/", "en", "/en/buzon"),
        ("/servicios?q=agua", "es", "/es/servicios?q=agua"),
        ("/EN/buzon", "es", "/en/buzon"),
        ("/en-US/cartas", "es", "/en/cartas"),
        ("/ots/buzon", "nah", "/nah/buzon"),
    ],
)
def test_an_address_without_its_language_leads_to_the_page_in_the_browsers(
    app, path, accept, expected
):
    """A link or a poster's address written without the language (or with it misspelt) opens
    the page in the language the browser prefers, not a Spanish 404."""
    client = app.test_client()
    # One temporary redirect, also for "/servicios" (which the home page's "/<lang>/" would
    # have sent, permanently, to "/servicios/" first), varying with the browser's language.
    response = client.get(path, headers={"Accept-Language": accept})
    assert response.status_code == 302 and response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get(expected).status_code == 200


def test_a_missing_page_of_a_language_stays_a_404_in_that_language(app):
    response = app.test_client().get("/en/servicios/no-existe", headers={"Accept-Language": "es"})
    assert response.status_code == 404 and 'lang="en"' in response.get_data(as_text=True)
    assert app.test_client().get("/no-existe/ni-esto").status_code == 404
    # An address that names no language offered: the browser's.
    for path in ("/no-existe/ni-esto", "/xx/"):
        english = app.test_client().get(path, headers={"Accept-Language": "en"})
        assert english.status_code == 404 and 'lang="en"' in english.get_data(as_text=True)


def test_a_period_written_with_other_digits_is_no_second_address(client):
    report = "/es/cartas/poda-y-derribo-de-arboles/informes/"
    assert client.get(report + "2026-T3").status_code == 200
    assert client.get(report + "\uff12\uff10\uff12\uff16-T3").status_code == 404


def test_the_privacy_notice_says_who_sees_the_data_and_how_it_is_erased(get_page):
    """It says what the product does: coordinators and administrators see every item, readers
    of a dependency its items; a cancellation erases what identifies the person."""
    text = get_page("/es/privacidad").text()
    assert "la coordinación del buzón y la administración del portal" in text
    assert "Queda registrado quién abre su mensaje" in text
    assert "se borran sus datos de contacto, el lugar, sus archivos y su mensaje de voz" in text
    assert "Solo el personal autorizado de la dependencia" not in text
