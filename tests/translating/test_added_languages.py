"""An administrator adds a language in the workspace (``/admin/idiomas``): Tlahuica (``ocu``)
then appears in every list of languages, its interface is offered to the public only once a
translator's work covers the citizen journey, and it can be removed only while nothing uses it."""

from __future__ import annotations

import io

from babel.messages.pofile import read_po, write_po
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app.core.i18n import interface_catalogs
from app.core.languages import BUILT_IN, LanguageStore
from app.extensions import db
from app.staff.models import AuditLog, Role
from app.translating.models import AddedLanguage
from tests.conftest import configured, fetch
from tests.factories import make_dependency, make_service

PAGE = "/admin/idiomas"
TLAHUICA = {
    "codigo": "ocu",
    "etiqueta": "",
    "nombre": "Pjiekakjoo",
    "nombre_es": "Tlahuica (ocuilteco)",
    "formato": "es_MX",
    "responde": "y",
    "interfaz": "y",
}


def _options(page, name: str) -> list[str]:
    field = page.soup.find(attrs={"name": name})
    if field.name == "select":
        return [o["value"] for o in field.find_all("option") if o["value"]]
    return [i["value"] for i in page.soup.find_all("input", attrs={"name": name})]


def _add(admin, **changes):
    return admin.post(f"{PAGE}/nuevo", data=TLAHUICA | changes)


def _actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("language.%")))
    )


def _switcher(client) -> list[str]:
    return [a["lang"] for a in fetch(client, "/es/").soup.select("nav.languages a")]


def _cover_part_of_the_journey(translator, share: float) -> None:
    """A translator uploads a PO file translating ``share`` of the citizen journey's strings."""
    catalog = read_po(
        io.BytesIO(translator.get("/admin/traducciones/interfaz/ocu/messages.po").data)
    )
    assert catalog.mime_headers and ("Language", "ocu") in catalog.mime_headers
    with translator.application.test_request_context("/"):
        journey = sorted(interface_catalogs().journey())
    chosen = set(journey[: int(len(journey) * share) + 1])
    for message in catalog:
        if message.id and (message.id if isinstance(message.id, str) else message.id[0]) in chosen:
            message.string = message.id  # the translation's text does not matter here
    out = io.BytesIO()
    write_po(out, catalog)
    response = translator.post(
        "/admin/traducciones/interfaz/ocu",
        data={"archivo": (io.BytesIO(out.getvalue()), "ocu.po")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.text


def test_an_added_language_joins_every_list_and_is_offered_once_translated(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    listing = fetch(admin, PAGE)
    assert "Otomí del Estado de México" in listing.text() and "Tlahuica" not in listing.text()
    response = _add(admin)
    assert response.status_code == 303 and response.headers["Location"] == PAGE
    listing = fetch(admin, PAGE)
    assert "Se agregó el idioma Tlahuica (ocuilteco) (ocu)." in listing.text()
    row = listing.soup.find("a", href=f"{PAGE}/ocu").find_parent("tr")
    assert "Agregado" in row.get_text() and "0 %" in row.get_text()
    stored = db.session.scalars(select(AddedLanguage)).one()
    assert (stored.tag, stored.locale, stored.answers, stored.interface) == (
        "ocu",
        "es_MX",
        True,
        True,
    )
    assert _actions() == ["language.added"]

    # Every list of languages offers it: a service's languages of attention, the citizen's
    # "answer in", staff answer languages, translator assignment, the Open311 definition.
    assert "ocu" in _options(fetch(admin, "/admin/catalogo/servicios/nuevo"), "idiomas")
    assert "ocu" in _options(fetch(admin, "/admin/perfil"), "languages")
    invite = fetch(admin, "/admin/personal/invitar")
    assert "ocu" in _options(invite, "languages")
    assert "ocu" in _options(invite, "translation_languages")
    citizen = empty_app.test_client()
    form = fetch(citizen, "/es/buzon/nuevo?tipo=queja&servicio=otro")
    assert "ocu" in _options(form, "idioma") and "Pjiekakjoo" in form.text()
    service = make_service(languages=["es", "ocu"])
    db.session.commit()
    definition = citizen.get(f"/open311/v2/services/{service.code}.json").get_json()
    language = next(a for a in definition["attributes"] if a["code"] == "idioma")
    assert {"key": "ocu", "name": "Pjiekakjoo"} in language["values"]
    assert "Tlahuica (ocuilteco)" in fetch(citizen, f"/es/servicios/{service.slug}").text()

    # Its interface is not offered until a translator's work covers the journey.
    with configured(empty_app, INTERFACE_LANGUAGE_THRESHOLD=20):
        assert "ocu" not in _switcher(citizen)
        assert citizen.get("/ocu/").status_code == 404
        answer = citizen.get("/", headers={"Accept-Language": "ocu, es;q=0.5"})
        assert answer.headers["Location"] == "/es/"
        translator = signed_in(Role.TRANSLATOR, translation_languages=["ocu"])
        assert "Pjiekakjoo" in fetch(translator, "/admin/traducciones/").text()
        _cover_part_of_the_journey(translator, 0.1)
        assert citizen.get("/ocu/").status_code == 404  # 10 % of the journey: not yet
        _cover_part_of_the_journey(translator, 0.25)
        assert "ocu" in _switcher(citizen)
        assert fetch(citizen, "/ocu/").lang == "ocu"
        answer = citizen.get("/", headers={"Accept-Language": "ocu, es;q=0.5"})
        assert answer.headers["Location"] == "/ocu/"
        row = fetch(admin, PAGE).soup.find("a", href=f"{PAGE}/ocu").find_parent("tr")
        assert row.find_all("td")[-1].get_text(strip=True) == "Sí"


def test_a_code_already_known_is_refused_next_to_the_field(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    assert _add(admin).status_code == 303
    cases = {
        "ocu": "Ya se agregó un idioma con el código «ocu».",
        "nah": "«nah» es un idioma que el portal ya trae.",
        "oto": "«oto» es un idioma que el portal ya trae.",  # Otomí's older code
        "OC1": "Escriba el código ISO 639-3: tres letras minúsculas, como ocu.",
    }
    for code, message in cases.items():
        page = fetch(admin, f"{PAGE}/nuevo", 400, method="post", data=TLAHUICA | {"codigo": code})
        assert page.soup.select_one(".error-summary") and message in page.text(), code
        assert message in page.soup.select_one("#codigo-error").get_text()
    # Every problem at once: the code's format beside the other fields'.
    page = fetch(
        admin, f"{PAGE}/nuevo", 400, method="post", data=TLAHUICA | {"codigo": "x", "nombre": ""}
    )
    assert "tres letras minúsculas" in page.soup.select_one("#codigo-error").get_text()
    assert "Escriba el nombre del idioma en el propio idioma." in page.text()
    page = fetch(
        admin,
        f"{PAGE}/nuevo",
        400,
        method="post",
        data=TLAHUICA | {"codigo": "mat", "formato": "xx"},
    )
    assert "Elija un formato de fechas y números de la lista." in page.text()
    assert db.session.scalars(select(AddedLanguage.code)).all() == ["ocu"]
    assert _actions() == ["language.added"]


def test_only_administrators_manage_languages(empty_app, signed_in):
    dependency = make_dependency()
    for role in (Role.COORDINATOR, Role.MANAGER, Role.VIEWER, Role.TRANSLATOR):
        client = signed_in(role, dependency if role in (Role.MANAGER, Role.VIEWER) else None)
        assert client.get(PAGE).status_code == 403, role
        assert _add(client).status_code == 403, role
        assert "/admin/idiomas" not in client.get("/admin/").get_data(as_text=True)
    assert db.session.scalars(select(AddedLanguage)).all() == []


def test_a_language_in_use_is_not_removed_and_says_why(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    assert _add(admin).status_code == 303
    service = make_service(languages=["es", "ocu"])
    db.session.commit()
    page = fetch(admin, f"{PAGE}/ocu/eliminar", 409, method="post")
    assert "1 trámite o servicio se atiende en este idioma." in page.text()
    assert page.soup.select_one(".error-summary")
    assert page.soup.find("input", attrs={"name": "nombre"})["value"] == "Pjiekakjoo"
    assert db.session.scalars(select(AddedLanguage.code)).all() == ["ocu"]

    changed = admin.post(f"{PAGE}/ocu", data=TLAHUICA | {"nombre_es": "Tlahuica"})
    assert changed.status_code == 303
    service.languages = ["es"]
    db.session.commit()
    response = admin.post(f"{PAGE}/ocu/eliminar")
    assert response.status_code == 303
    assert "Se quitó el idioma Tlahuica (ocu)." in fetch(admin, PAGE).text()
    assert db.session.scalars(select(AddedLanguage)).all() == []
    assert _actions() == ["language.added", "language.changed", "language.removed"]
    form = fetch(empty_app.test_client(), "/es/buzon/nuevo?tipo=queja&servicio=otro")
    assert "ocu" not in _options(form, "idioma")
    assert admin.get(f"{PAGE}/ocu").status_code == 404
    assert admin.get(f"{PAGE}/nah").status_code == 404  # built-in languages are not edited


def test_an_unreadable_database_leaves_the_built_in_languages():
    def unreachable():
        raise OperationalError("select", {}, Exception("connection refused"))

    assert LanguageStore(unreachable).languages() == BUILT_IN


def test_the_formats_named_in_spanish_say_so_on_an_english_page(empty_app, signed_in):
    admin = signed_in(Role.ADMIN, ui_language="en")
    page = fetch(admin, "/admin/idiomas/nuevo")
    assert page.soup.html["lang"] == "en"
    choices = page.soup.select("select#formato option[value]:not([value=''])")
    assert len(choices) > 100 and all(option.get("lang") == "es" for option in choices)
