"""The registry of languages: one source for every list of languages, Mexican Sign Language as
``mfs`` (the old ``lsm`` still read on import), Otomí (``ots``) and Mazahua (``maz``) offered
to the public only once their catalogs cover the citizen journey, and an easy-reading summary
first on a service's page."""

from __future__ import annotations

import io

from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from app.catalog.models import Service
from app.core.i18n import interface_catalogs
from app.core.languages import (
    ANSWER_LANGUAGES,
    INTERFACE_LANGUAGES,
    REGISTRY,
    TRANSLATION_LANGUAGES,
    canonical,
)
from app.extensions import db
from app.staff.models import Role
from tests.catalog.test_exchange import edit, export, run_import
from tests.conftest import configured, fetch
from tests.factories import make_service


def _options(page, name: str) -> list[str]:
    field = page.soup.find(attrs={"name": name})
    if field.name == "select":
        return [o["value"] for o in field.find_all("option") if o["value"]]
    return [i["value"] for i in page.soup.find_all("input", attrs={"name": name})]


def test_the_registry_drives_every_list(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    editor = fetch(admin, "/admin/catalogo/servicios/nuevo")
    assert _options(editor, "idiomas") == list(REGISTRY)
    people = fetch(admin, "/admin/personal/invitar")
    assert _options(people, "languages") == list(ANSWER_LANGUAGES)
    assert _options(people, "translation_languages") == list(TRANSLATION_LANGUAGES)
    profile = fetch(admin, "/admin/perfil")
    assert _options(profile, "languages") == list(ANSWER_LANGUAGES)
    citizen = empty_app.test_client()
    form = fetch(citizen, "/es/buzon/nuevo?tipo=queja&servicio=otro")
    assert _options(form, "idioma") == list(ANSWER_LANGUAGES)
    # A citizen may ask for an answer in every language a service can be attended in but
    # Mexican Sign Language (written answers), and staff answer in the same ones.
    assert set(REGISTRY) - set(ANSWER_LANGUAGES) == {"mfs"}
    assert {"ots", "maz"} <= set(ANSWER_LANGUAGES) & set(INTERFACE_LANGUAGES)


def test_mexican_sign_language_is_mfs_and_lsm_is_read_as_it(app):
    assert canonical("lsm") == "mfs" and canonical("oto") == "ots"
    assert REGISTRY["mfs"].tag == "mfs"
    assert "lsm" not in REGISTRY


def test_the_api_and_the_export_say_mfs_even_for_rows_stored_with_lsm(empty_app):
    make_service("Terapia", slug="terapia", languages=["es", "lsm", "oto"])
    db.session.commit()
    client = empty_app.test_client()
    data = client.get("/api/v1/services/terapia").get_json()["data"]
    assert data["languages"] == ["es", "mfs", "ots"]
    page = fetch(client, "/es/servicios/terapia")
    assert "Lengua de Señas Mexicana" in page.text()
    assert "Otomí del Estado de México" in page.text()


def test_an_import_with_lsm_stores_mfs(app, empty_app, tmp_path):
    folder = tmp_path / "catalog"
    folder.mkdir()
    with app.app_context():
        export(app, folder)

    def old_codes(table):
        table[0]["languages"] = "es | lsm | oto"
        return table

    edit(folder, "services.csv", old_codes)
    result = run_import(empty_app, folder)
    assert result.exit_code == 0, result.output
    slug = (folder / "services.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    service = db.session.scalar(select(Service).filter_by(slug=slug))
    assert service.languages == ["es", "mfs", "ots"]


def test_otomi_and_mazahua_start_below_the_threshold_and_are_not_offered(app, client):
    with app.test_request_context("/"):
        for code in ("ots", "maz"):
            assert interface_catalogs().coverage(code) < app.config["INTERFACE_LANGUAGE_THRESHOLD"]
    page = fetch(client, "/es/")
    switcher = [a["lang"] for a in page.soup.select("nav.languages a")]
    assert switcher == ["es", "en", "nah"]
    assert fetch(client, "/ots/", status=404)
    response = client.get("/", headers={"Accept-Language": "ots, es;q=0.5"})
    assert response.headers["Location"] == "/es/"


def test_a_language_is_offered_once_the_threshold_is_met(app, client):
    with configured(app, INTERFACE_LANGUAGE_THRESHOLD=0):
        page = fetch(client, "/es/")
        links = {a["lang"]: a.get_text(strip=True) for a in page.soup.select("nav.languages a")}
        assert links["ots"] == "Hñähñu" and links["maz"] == "Jñatrjo"
        for code in ("ots", "maz"):
            response = client.get("/", headers={"Accept-Language": f"{code}, es;q=0.5"})
            assert response.headers["Location"] == f"/{code}/"
        page = fetch(client, "/maz/")
        assert page.lang == "maz"


def test_translating_the_citizen_journey_offers_the_language(empty_app, signed_in):
    client = empty_app.test_client()
    assert client.get("/maz/").status_code == 404
    translator = signed_in(Role.TRANSLATOR, translation_languages=["maz"])
    download = translator.get("/admin/traducciones/interfaz/maz/messages.po")
    catalog = read_po(io.BytesIO(download.data))
    with empty_app.test_request_context("/"):
        journey = interface_catalogs().journey()
    # A community translator covers every string of the journey (here: with the msgid).
    for message in catalog:
        if message.id and (message.id if isinstance(message.id, str) else message.id[0]) in journey:
            message.string = message.id
    out = io.BytesIO()
    write_po(out, catalog)
    response = translator.post(
        "/admin/traducciones/interfaz/maz",
        data={"archivo": (io.BytesIO(out.getvalue()), "maz.po")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.text
    page = fetch(client, "/es/")
    assert "maz" in [a["lang"] for a in page.soup.select("nav.languages a")]
    assert fetch(client, "/maz/").lang == "maz"
    response = client.get("/", headers={"Accept-Language": "maz"})
    assert response.headers["Location"] == "/maz/"
    assert (
        "Este idioma se ofrece al público."
        in fetch(translator, "/admin/traducciones/interfaz/maz").text()
    )


def test_an_easy_reading_summary_comes_first_on_the_service_page(empty_app):
    make_service(
        "Predial",
        slug="predial",
        description={"es": "Descripción larga y técnica."},
        easy_reading={"es": "Pague menos si es una persona mayor.", "en": "Pay less if older."},
    )
    make_service("Licencia", slug="licencia")
    db.session.commit()
    client = empty_app.test_client()
    page = fetch(client, "/es/servicios/predial")
    heading = page.soup.find("h2", id="easy-reading")
    assert heading.get_text(strip=True) == "En palabras sencillas"
    text = page.text()
    assert text.index("Pague menos si es una persona mayor.") < text.index("Descripción larga")
    english = fetch(client, "/en/servicios/predial")
    assert english.soup.find("h2", id="easy-reading").get_text(strip=True) == "In plain words"
    assert "Pay less if older." in english.text()
    assert fetch(client, "/es/servicios/licencia").soup.find(id="easy-reading") is None


def test_easy_reading_is_edited_in_the_workspace_and_exported(empty_app, signed_in, tmp_path):
    make_service("Predial", slug="predial", easy_reading={"es": "Pague menos."})
    db.session.commit()
    admin = signed_in(Role.ADMIN)
    service = db.session.scalar(select(Service).filter_by(slug="predial"))
    editor = fetch(admin, f"/admin/catalogo/servicios/{service.id}")
    field = editor.soup.find(attrs={"name": "palabras_sencillas_es"})
    assert field is not None and "Pague menos." in field.get_text()
    folder = tmp_path / "out"
    folder.mkdir()
    export(empty_app, folder)
    header = (folder / "services.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "easy_reading_es" in header.split(",")


def test_mail_in_a_language_not_offered_yet_speaks_spanish_with_links_that_open(app):
    from flask import url_for

    from app.core.i18n import use_language

    with app.test_request_context("/"):
        with use_language("ots") as language:
            assert language.code == "es"
            assert url_for("pages.home").startswith("/es/")
        with configured(app, INTERFACE_LANGUAGE_THRESHOLD=0), use_language("ots") as language:
            assert language.code == "ots"
            assert url_for("pages.home").startswith("/ots/")
