"""Otomí (``ots``) and Mazahua (``maz``) are content languages: staff write content in them,
their translators translate it (and see when the Spanish changed), citizens read it on the
pages of those languages, and the open data has their columns."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.core.calendar import NonWorkingPeriod
from app.extensions import db
from app.staff.models import Role
from tests.conftest import configured, fetch
from tests.factories import make_service
from tests.translating.test_translations import _catalog_form, _in_review, _service

OTOMI_NAME = "Ar thogi ar predial"
MAZAHUA_NAME = "Ne jñaa ñe predial"


def test_a_service_translated_to_otomi_shows_its_otomi_name_on_otomi_pages(empty_app):
    make_service(
        {"es": "Pago de predial", "ots": OTOMI_NAME},
        slug="predial",
        description={"es": "Descripción del pago."},
    )
    db.session.commit()
    client = empty_app.test_client()
    # Otomí is offered once its interface catalog covers the citizen journey.
    with configured(empty_app, INTERFACE_LANGUAGE_THRESHOLD=0):
        page = fetch(client, "/ots/servicios/predial")
        assert page.lang == "ots"
        assert page.soup.h1.get_text(strip=True) == OTOMI_NAME
        assert not page.soup.h1.find(lang="es")
        # What is not translated is shown in Spanish, marked so for screen readers.
        assert page.soup.find(lang="es", string="Descripción del pago.")
        listing = fetch(client, "/ots/servicios")
        assert listing.soup.find("a", string=OTOMI_NAME)
        # Mazahua has no name for it: the Spanish one, marked as Spanish.
        mazahua = fetch(client, "/maz/servicios/predial")
        assert mazahua.soup.h1.find(lang="es", string="Pago de predial")
        assert OTOMI_NAME not in mazahua.text()
    data = client.get("/api/v1/services/predial").get_json()["data"]
    assert data["name"] == {"es": "Pago de predial", "ots": OTOMI_NAME}
    header = client.get("/api/v1/services.csv").get_data(as_text=True).splitlines()[0]
    assert "name_es,name_en,name_nah,name_ots,name_maz" in header
    package = client.get("/api/v1/datapackage.json").get_json()
    services = next(r for r in package["resources"] if r["path"].endswith("services.csv"))
    columns = {f["name"]: f["description"] for f in services["schema"]["fields"]}
    assert "(maz)" in columns["name_maz"] and "(ots)" in columns["name_ots"]
    document = client.get("/api/v1/openapi.json").get_json()
    assert "`name_ots`, `name_maz`" in document["info"]["description"]


def test_a_translator_of_mazahua_translates_content_into_mazahua_only(empty_app, signed_in):
    service = _service()
    translator = signed_in(Role.TRANSLATOR, translation_languages=["maz"])
    fetch(translator, "/admin/traducciones/maz")
    assert translator.get("/admin/traducciones/nah").status_code == 404
    nahuatl = f"/admin/traducciones/nah/servicios/{service.id}"
    assert translator.post(nahuatl, data={"name": "Tlaxtlahuilli"}).status_code == 404
    editor = f"/admin/traducciones/maz/servicios/{service.id}"
    assert fetch(translator, editor).soup.select_one("#name")["lang"] == "maz"
    assert translator.post(editor, data={"name": MAZAHUA_NAME}).status_code == 303
    db.session.expire_all()
    assert service.name == {
        "es": "Pago de predial",
        "en": "Property tax payment",
        "maz": MAZAHUA_NAME,
    }

    # The Spanish source changes: the Mazahua name waits for review, and says so in public.
    admin = signed_in(Role.ADMIN)
    data = _catalog_form(service, nombre_es="Pago del impuesto predial")
    assert admin.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303
    assert ("servicios", "name") in _in_review("maz")
    assert _in_review("nah") == set()
    with configured(empty_app, INTERFACE_LANGUAGE_THRESHOLD=0):
        heading = fetch(empty_app.test_client(), "/maz/servicios/predial").soup.h1.get_text()
    assert MAZAHUA_NAME in heading and "Traducción en revisión" in heading
    assert fetch(translator, editor).soup.select_one("#revisada-name")


def test_staff_forms_fold_the_other_languages_and_open_them_on_a_problem(empty_app, signed_in):
    service = _service()
    admin = signed_in(Role.ADMIN)
    page = fetch(admin, f"/admin/catalogo/servicios/{service.id}")
    folded = page.soup.find(id="nombre_ots").find_parent("details")
    assert folded is not None and not folded.has_attr("open")
    assert folded.summary.get_text(strip=True) == "Nombre en otros idiomas (1 de 4)"
    assert [i["lang"] for i in folded.select("input")] == ["en", "nah", "ots", "maz"]
    assert page.soup.find(id="nombre_es").find_parent("details") is None

    data = _catalog_form(service, nombre_maz="x" * 301)
    page = fetch(admin, f"/admin/catalogo/servicios/{service.id}", 400, method="post", data=data)
    assert page.soup.find(id="nombre_maz").find_parent("details").has_attr("open")
    assert page.soup.select_one(".error-summary a[href='#nombre_maz']")

    data = _catalog_form(service, nombre_ots=OTOMI_NAME, nombre_maz=MAZAHUA_NAME)
    assert admin.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303
    db.session.expire_all()
    assert service.name["ots"] == OTOMI_NAME and service.name["maz"] == MAZAHUA_NAME
    # Who may only read sees the translations written, not a "—" for every missing one.
    viewer = signed_in(Role.VIEWER, service.dependency)
    terms = [dt.get_text() for dt in fetch(viewer, f"/admin/catalogo/servicios/{service.id}")
             .soup.select("dl.summary dt")]  # fmt: skip
    assert "Nombre (Hñähñu)" in terms and "Nombre (Jñatrjo)" in terms
    assert "Descripción (Español)" in terms and "Descripción (Jñatrjo)" not in terms


def test_a_calendar_reason_is_written_in_every_content_language(empty_app, signed_in):
    coordinator = signed_in(Role.COORDINATOR)
    page = fetch(coordinator, "/admin/calendario?anio=2025")
    assert [i["name"] for i in page.soup.select("input[name^=motivo_]")] == [
        "motivo_es",
        "motivo_en",
        "motivo_nah",
        "motivo_ots",
        "motivo_maz",
    ]
    data = {"desde": "2025-12-12", "motivo_es": "Guadalupe", "motivo_maz": "Ne jñaa Guadalupe"}
    assert coordinator.post("/admin/calendario", data=data).status_code == 303
    period = db.session.scalar(select(NonWorkingPeriod))
    assert period.first_day == date(2025, 12, 12)
    assert period.reason == {"es": "Guadalupe", "maz": "Ne jñaa Guadalupe"}
    edit = fetch(coordinator, f"/admin/calendario/{period.id}")
    assert edit.soup.find(id="motivo_maz")["value"] == "Ne jñaa Guadalupe"
    assert edit.soup.find(id="motivo_es")["value"] == "Guadalupe"
