"""Translations side by side (``/admin/traducciones``): the translator role and its languages,
translations older than their Spanish source (after an edit or an import), the per-language
lists with progress, the editor, its audit rows and the public "in review" note."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from app.catalog.models import Office, Requirement
from app.charters.models import CharterStatus
from app.extensions import db
from app.outbox.models import OutboxMessage
from app.staff.models import AuditLog, Role, User
from app.translating.models import TranslationSource
from tests.conftest import fetch
from tests.factories import (
    make_charter,
    make_dependency,
    make_feedback,
    make_service,
    make_topic,
    make_user,
)

NOTE_EN = "Translation under review"


def _service(**fields):
    """A service translated into English, with a translated requirement."""
    dependency = fields.pop("dependency", None) or make_dependency("Tesorería", slug="tesoreria")
    service = make_service(
        {"es": "Pago de predial", "en": "Property tax payment"},
        dependency=dependency,
        topic=make_topic(),
        slug="predial",
        **fields,
    )
    service.requirements = [
        Requirement(position=1, name={"es": "Identificación", "en": "Identification"}),
    ]
    db.session.commit()
    return service


def _catalog_form(service, **changes) -> dict:
    """What the catalog's edit form sends for ``service`` unchanged (every language), with
    ``changes``."""
    data = {
        "version": str(service.version),
        "codigo": service.code,
        "clave": service.slug,
        "tipo": service.kind.value,
        "modalidad": service.modality.value,
        "plazo": str(int(service.response_days)),
        "silencio": service.silence.value,
        "dependencia": service.dependency.slug,
        "tema": service.topic.slug,
        "idiomas": service.languages,
    }
    texts = {
        "nombre": service.name,
        "descripcion": service.description,
        "solicitantes": service.applicants,
        "fundamento": service.legal_basis,
    }
    for prefix, value in texts.items():
        for code, text in value.items():
            data[f"{prefix}_{code}"] = text
    for n, row in enumerate(service.requirements):
        for code, text in row.name.items():
            data[f"requisitos-{n}-nombre_{code}"] = text
    return data | changes


def _in_review(lang="en") -> set[tuple[str, str]]:
    return set(
        db.session.execute(
            select(TranslationSource.kind, TranslationSource.path).where(
                TranslationSource.lang == lang, TranslationSource.marker.is_not(None)
            )
        ).tuples()
    )


def test_a_spanish_edit_marks_its_translations_for_review_and_the_public_page_says_so(
    empty_app, signed_in
):
    service = _service()
    admin = signed_in(Role.ADMIN)
    english = fetch(empty_app.test_client(), "/en/servicios/predial")
    assert NOTE_EN not in english.text()
    data = _catalog_form(
        service,
        nombre_es="Pago del impuesto predial",
        **{"requisitos-0-nombre_es": "Identificación oficial vigente"},
    )
    response = admin.post(f"/admin/catalogo/servicios/{service.id}", data=data)
    assert response.status_code == 303
    assert _in_review() == {("servicios", "name"), ("servicios", "requirements.1.name")}
    assert _in_review("nah") == set()

    english = fetch(empty_app.test_client(), "/en/servicios/predial")
    heading = english.soup.h1
    assert "Property tax payment" in heading.get_text() and NOTE_EN in heading.get_text()
    assert "Identification" in english.text()
    assert english.text().count(NOTE_EN) >= 2
    spanish = fetch(empty_app.test_client(), "/es/servicios/predial")
    assert "Traducción en revisión" not in spanish.text()

    # Another edit that leaves the Spanish as it is changes nothing of that.
    db.session.expire_all()
    data = _catalog_form(service, palabras="predio")
    assert admin.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303
    assert len(_in_review()) == 2
    # The Spanish back to what was translated: nothing to review for the name any more.
    db.session.expire_all()
    data = _catalog_form(service, nombre_es="Pago de predial")
    assert admin.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303
    assert _in_review() == {("servicios", "requirements.1.name")}


def test_writing_both_languages_together_is_up_to_date(empty_app, signed_in):
    service = _service()
    admin = signed_in(Role.ADMIN)
    data = _catalog_form(service, nombre_es="Pago del predial", nombre_en="Paying property tax")
    assert admin.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303
    assert _in_review() == set()


def _export(app, folder: Path) -> None:
    result = app.test_cli_runner().invoke(args=["catalog", "export", str(folder)])
    assert result.exit_code == 0, result.output


def _import(app, folder: Path) -> None:
    result = app.test_cli_runner().invoke(args=["catalog", "import", str(folder)])
    assert result.exit_code == 0, result.output


def test_an_import_that_changes_a_spanish_text_marks_its_translations_once(empty_app, tmp_path):
    _service()
    _export(empty_app, tmp_path)
    path = tmp_path / "services.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0]["name_es"] = "Pago anual del impuesto predial"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")

    _import(empty_app, tmp_path)
    db.session.expire_all()
    assert _in_review() == {("servicios", "name")}
    first = db.session.scalars(select(TranslationSource)).all()
    before = [(r.path, r.lang, r.source_hash, r.marker) for r in first]
    _import(empty_app, tmp_path)  # the same files again change nothing
    db.session.expire_all()
    after = [
        (r.path, r.lang, r.source_hash, r.marker)
        for r in db.session.scalars(select(TranslationSource))
    ]
    assert after == before


def test_a_translator_sees_only_the_translations_of_its_languages(empty_app, signed_in):
    service = _service()
    translator = signed_in(Role.TRANSLATOR, translation_languages=["en"])
    home = fetch(translator, "/admin/")
    links = [a["href"] for a in home.soup.select("nav.main-nav a")]
    assert "/admin/traducciones/" in links and "/admin/buzon" not in links
    for path in (
        "/admin/buzon",
        "/admin/buzon/plantillas",
        "/admin/catalogo/",
        f"/admin/catalogo/servicios/{service.id}",
        "/admin/cartas/",
        "/admin/indicadores",
        "/admin/programas",
        "/admin/calendario",
        "/admin/cartas/vencimientos",
        "/admin/institucion",
        "/admin/personal/",
        "/admin/bitacora",
    ):
        assert translator.get(path).status_code == 403, path
    data = _catalog_form(service, nombre_es="Cambiado por quien traduce")
    assert translator.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 403
    assert translator.get("/admin/traducciones/nah").status_code == 404
    assert translator.get("/admin/traducciones/es").status_code == 404
    editor = f"/admin/traducciones/nah/servicios/{service.id}"
    assert translator.get(editor).status_code == 404
    assert translator.post(editor, data={"name": "Tlaxtlahuilli"}).status_code == 404
    fetch(translator, "/admin/traducciones/en")

    # Its editor writes English only: a Spanish text sent along is ignored.
    editor = f"/admin/traducciones/en/servicios/{service.id}"
    page = fetch(translator, editor)
    assert page.soup.select_one("#name")["lang"] == "en"
    assert not page.soup.select("[name$=_es]")
    response = translator.post(
        editor, data={"name": "Property tax", "nombre_es": "Otro nombre", "name_es": "Otro"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert service.name == {"es": "Pago de predial", "en": "Property tax"}


def test_other_roles_in_the_translations_workspace(empty_app, signed_in):
    water = make_dependency("Agua", slug="agua")
    service = _service()
    topic = service.topic
    for role in (Role.VIEWER, Role.RESPONDER):
        client = signed_in(role, water)
        assert client.get("/admin/traducciones/").status_code == 403
        assert client.get(f"/admin/traducciones/en/servicios/{service.id}").status_code == 403
    manager = signed_in(Role.MANAGER, water)
    assert manager.get(f"/admin/traducciones/en/servicios/{service.id}").status_code == 404
    assert manager.get(f"/admin/traducciones/en/temas/{topic.id}").status_code == 404
    listed = fetch(manager, "/admin/traducciones/nah?estado=todas")
    assert "Pago de predial" not in listed.text()
    own = signed_in(Role.MANAGER, service.dependency)
    fetch(own, f"/admin/traducciones/nah/servicios/{service.id}")
    coordinator = signed_in(Role.COORDINATOR)
    fetch(coordinator, f"/admin/traducciones/nah/temas/{topic.id}")
    assert coordinator.get("/admin/traducciones/es").status_code == 404
    assert coordinator.get("/admin/traducciones/xx").status_code == 404
    assert coordinator.get(f"/admin/traducciones/en/oficios/{service.id}").status_code == 404
    assert coordinator.get("/admin/traducciones/en/servicios/999999").status_code == 404


def test_progress_per_language_and_the_lists(empty_app, signed_in):
    service = _service()
    translator = signed_in(Role.TRANSLATOR, translation_languages=["en", "nah"])
    # Texts to translate: the service's name, description, applicants and legal basis, its
    # requirement, its dependency's and topic's names: 7. English has 2 of them.
    index = fetch(translator, "/admin/traducciones/")
    rows = {
        r.th.get_text(strip=True): r.get_text(" ", strip=True)
        for r in index.soup.select("table")[0].select("tbody tr")
    }
    assert "2 / 7 (28 %)" in rows["English"]
    assert "0 / 7 (0 %)" in rows["Nāhuatl"]

    service.name = {**service.name, "es": "Pago del predial"}
    db.session.commit()
    page = fetch(translator, "/admin/traducciones/en")
    assert "Traducidos y al día: 1 de 7 campos (14 %); por revisar: 1; faltantes: 5." in page.text()
    cells = [r.select("td")[1].get_text(strip=True) for r in page.soup.select("tbody tr")]
    assert len(cells) == 6 and "Requisito 1" not in cells  # pending: missing or in review
    review = fetch(translator, "/admin/traducciones/en?estado=revision")
    assert [r.select("td")[1].get_text(strip=True) for r in review.soup.select("tbody tr")] == [
        "Nombre"
    ]
    missing = fetch(translator, "/admin/traducciones/en?estado=faltante")
    assert len(missing.soup.select("tbody tr")) == 5
    everything = fetch(translator, "/admin/traducciones/en?estado=todas")
    assert len(everything.soup.select("tbody tr")) == 7
    assert translator.get("/admin/traducciones/en?estado=otro").status_code == 400
    assert translator.get("/admin/traducciones/en?page=9").status_code == 404


def test_the_editor_saves_reviews_and_audits(empty_app, signed_in):
    service = _service()
    service.name = {**service.name, "es": "Pago del predial"}
    service.requirements[0].name = {**service.requirements[0].name, "es": "INE"}
    db.session.commit()
    version = service.version
    translator = signed_in(Role.TRANSLATOR, translation_languages=["en"])
    editor = f"/admin/traducciones/en/servicios/{service.id}"
    page = fetch(translator, editor)
    assert page.soup.select_one(".source-text[lang=es]").get_text() == "Pago del predial"
    assert page.soup.select_one("#revisada-name")
    assert page.soup.select_one("#revisada-requirements-1-name")
    english = fetch(empty_app.test_client(), "/en/servicios/predial")
    assert NOTE_EN in english.text()

    response = translator.post(
        editor,
        data={
            "name": "Property tax payment",
            "revisada-name": "y",
            "requirements-1-name": "Voter ID",
            "description": "What it is for.",
        },
    )
    assert response.status_code == 303
    assert (
        "Se guardaron 2 traducciones y se revisaron 1."
        in fetch(translator, response.headers["Location"]).text()
    )
    db.session.expire_all()
    assert _in_review() == set()
    assert service.description == {"es": "Descripción.", "en": "What it is for."}
    assert service.requirements[0].name == {"es": "INE", "en": "Voter ID"}
    assert service.version == version + 1  # a catalog form opened before cannot overwrite it
    assert "what it is for" in service.search_text
    (row,) = db.session.scalars(select(AuditLog).where(AuditLog.action == "translation.saved"))
    assert row.target == "Service" and row.target_id == str(service.id)
    assert row.detail == {
        "language": "en",
        "changes": {
            "description": [None, "What it is for."],
            "requirements.1.name": ["Identification", "Voter ID"],
        },
        "reviewed": ["name"],
    }
    english = fetch(empty_app.test_client(), "/en/servicios/predial")
    assert NOTE_EN not in english.text() and "Voter ID" in english.text()

    # Emptying a translation removes it: the page shows the Spanish, marked as such.
    response = translator.post(editor, data={"name": "Property tax payment", "description": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert service.description == {"es": "Descripción."}
    english = fetch(empty_app.test_client(), "/en/servicios/predial")
    assert english.soup.find(lang="es", string="Descripción.")


def test_the_editor_refuses_too_long_text_and_keeps_what_was_typed(empty_app, signed_in):
    service = _service()
    coordinator = signed_in(Role.COORDINATOR)
    editor = f"/admin/traducciones/nah/servicios/{service.id}"
    data = {"name": "x" * 301, "description": "Tlen ika"}
    page = fetch(coordinator, editor, 400, method="post", data=data)
    assert page.soup.select_one(".error-summary a[href='#name']")
    assert "Escriba como máximo 300 caracteres." in page.text()
    assert page.soup.select_one("#description").get_text().strip() == "Tlen ika"
    db.session.expire_all()
    assert "nah" not in service.description
    saved = select(AuditLog).where(AuditLog.action == "translation.saved")
    assert not db.session.scalars(saved).all()


def test_people_admin_gives_translators_their_languages(empty_app, signed_in):
    admin = signed_in(Role.ADMIN)
    base = {
        "name": "Xochitl",
        "email": "xochitl@example.org",
        "role": "translator",
        "languages": ["es"],
    }
    page = fetch(admin, "/admin/personal/invitar", 400, method="post", data=base)
    assert "Elija al menos un idioma al que la persona traduzca." in page.text()
    page = fetch(
        admin, "/admin/personal/invitar", 400, method="post",
        data=base | {"translation_languages": ["es"]},
    )  # fmt: skip
    assert "el español es el texto de origen" in page.text()
    assert page.soup.select_one("#name")["value"] == "Xochitl"
    response = admin.post("/admin/personal/invitar", data=base | {"translation_languages": ["nah"]})
    assert response.status_code == 303
    person = db.session.scalar(select(User).filter_by(email="xochitl@example.org"))
    assert person.role is Role.TRANSLATOR and person.translation_languages == ["nah"]
    assert person.dependency is None
    data = {"role": "translator", "languages": ["es"], "translation_languages": ["nah", "en"]}
    response = admin.post(f"/admin/personal/{person.id}", data=data)
    assert response.status_code == 303
    db.session.expire_all()
    assert person.translation_languages == ["en", "nah"] or person.translation_languages == [
        "nah",
        "en",
    ]
    (row,) = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "user.translation_languages_changed")
    )
    assert row.detail["from"] == ["nah"]
    # A translator without a dependency is fine; a manager still needs one.
    page = fetch(
        admin, f"/admin/personal/{person.id}", 400, method="post", data=data | {"role": "manager"}
    )
    assert "Esta función necesita una dependencia." in page.text()


def test_translators_from_the_command_line(empty_app):
    runner = empty_app.test_cli_runner()
    args = ["users", "invite", "--email", "t@example.org", "--name", "T", "--role", "translator"]
    assert runner.invoke(args=args).exit_code != 0
    assert runner.invoke(args=[*args, "--translates", "nah"]).exit_code == 0
    person = db.session.scalar(select(User).filter_by(email="t@example.org"))
    assert person.role is Role.TRANSLATOR and person.translation_languages == ["nah"]


def test_tracking_follows_rows_written_anywhere_through_the_orm(empty_app):
    service = _service()
    office = Office(
        dependency=service.dependency,
        name={"es": "Oficina central", "en": "Main office"},
        address="Centro",
        hours={"es": "Lunes a viernes", "en": "Monday to Friday"},
    )
    db.session.add(office)
    db.session.commit()
    office.hours = {**office.hours, "es": "Lunes a viernes, de 9 a 15"}
    service.requirements = [
        Requirement(position=1, name={"es": "INE", "en": "Identification"}),
        Requirement(position=2, name={"es": "Acta", "en": "Birth certificate"}),
    ]
    db.session.commit()
    assert _in_review() == {("oficinas", "hours"), ("servicios", "requirements.1.name")}
    # The first requirement goes: the second takes its place, with a translation of its own.
    service.requirements = [Requirement(position=1, name={"es": "Acta", "en": "Birth certificate"})]
    db.session.commit()
    assert _in_review() == {("oficinas", "hours")}
    office.hours = {"es": "Lunes a viernes, de 9 a 15"}  # the translation removed
    db.session.commit()
    assert _in_review() == set()
    assert db.session.scalars(select(TranslationSource.path)).all() == ["requirements.1.name"]


def test_a_translation_in_review_stays_so_when_a_row_above_it_goes(empty_app):
    """Removing a row renumbers the ones below it: their translations keep what they were
    written from (before, the moved one counted as freshly translated, its mark gone)."""
    service = _service()
    service.requirements = [
        Requirement(position=1, name={"es": "INE", "en": "Voter card"}),
        Requirement(position=2, name={"es": "Acta", "en": "Birth certificate"}),
    ]
    db.session.commit()
    service.requirements[0].name = {**service.requirements[0].name, "es": "INE vigente"}
    service.requirements[1].name = {**service.requirements[1].name, "es": "Acta certificada"}
    db.session.commit()
    assert {path for _kind, path in _in_review()} == {
        "requirements.1.name", "requirements.2.name"
    }  # fmt: skip
    service.requirements = [
        Requirement(position=1, name={"es": "Acta certificada", "en": "Birth certificate"})
    ]
    db.session.commit()
    assert _in_review() == {("servicios", "requirements.1.name")}


def test_no_citizen_message_reaches_a_translator(empty_app, signed_in):
    service = _service()
    feedback = make_feedback(service)
    translator = make_user(Role.TRANSLATOR, name="Tere Traductora")
    db.session.commit()
    admin = signed_in(Role.ADMIN)
    page = fetch(admin, f"/admin/buzon/{feedback.folio}")
    assert "Tere Traductora" not in page.text()  # nobody can assign the item to them
    client = signed_in(translator)
    assert client.get(f"/admin/buzon/{feedback.folio}").status_code == 403
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["outbox", "digest"]).exit_code == 0
    assert not db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == translator.email)
    ).all()


def test_charter_texts_and_commitments_are_translated_too(empty_app, signed_in):
    service = _service()
    charter = make_charter([service], status=CharterStatus.ARCHIVED)
    make_charter([service], number=2, charter=charter)
    db.session.commit()
    old, current = charter.versions
    manager = signed_in(Role.MANAGER, service.dependency)
    editor = f"/admin/traducciones/en/versiones-de-carta/{current.id}"
    page = fetch(manager, editor)
    assert page.h1.startswith(f"{charter.title['es']}, versión 2")
    lock = current.lock_version
    response = manager.post(
        editor, data={"purpose": "Purpose.", "commitments-1-text": "A commitment."}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert current.commitments[0].text["en"] == "A commitment."
    assert current.lock_version == lock + 1  # a charter form opened before is refused
    assert manager.get(f"/admin/traducciones/en/versiones-de-carta/{old.id}").status_code == 404

    current.commitments[0].text = {**current.commitments[0].text, "es": "Responder en 5 días"}
    db.session.commit()
    assert _in_review() == {("versiones-de-carta", "commitments.1.text")}
    english = fetch(empty_app.test_client(), f"/en/cartas/{charter.slug}")
    commitment = english.soup.select_one(".commitment-text")
    assert "A commitment." in commitment.get_text() and NOTE_EN in commitment.get_text()


def test_a_new_version_keeps_the_translations_awaiting_review_as_they_were(empty_app, signed_in):
    """The next version copies the texts of the one in force, and with them what each
    translation was written from: one awaiting review still awaits it, in the copy, where
    translators can review it (the one in force will be archived)."""
    service = _service()
    charter = make_charter([service])
    current = charter.versions[0]
    current.commitments[0].text = {"es": "Responder en 10 días", "en": "Answer in 10 days"}
    db.session.commit()
    current.commitments[0].text = {**current.commitments[0].text, "es": "Responder en 5 días"}
    db.session.commit()
    assert _in_review() == {("versiones-de-carta", "commitments.1.text")}
    manager = signed_in(Role.MANAGER, service.dependency)
    assert manager.post(f"/admin/cartas/{charter.id}/nueva-version", data={}).status_code == 303
    db.session.expire_all()
    draft = charter.versions[-1]
    reviewed = db.session.scalars(
        select(TranslationSource).filter_by(kind="versiones-de-carta", owner_id=draft.id)
    ).all()
    assert [(r.path, r.lang, r.marker is not None) for r in reviewed] == [
        ("commitments.1.text", "en", True)
    ]
    page = fetch(manager, f"/admin/traducciones/en/versiones-de-carta/{draft.id}")
    assert "La traducción sigue siendo correcta con el español nuevo" in page.text()


def test_a_translation_over_a_newer_change_is_refused_keeping_what_was_typed(empty_app, signed_in):
    service = _service()
    translator = signed_in(Role.TRANSLATOR, translation_languages=["en"])
    editor = f"/admin/traducciones/en/servicios/{service.id}"
    opened = fetch(translator, editor).soup.select_one("[name=version]")["value"]
    admin = signed_in(Role.ADMIN, name="Ana Admin")
    data = _catalog_form(service, nombre_en="Property tax")
    assert admin.post(f"/admin/catalogo/servicios/{service.id}", data=data).status_code == 303

    typed = {"version": opened, "name": "Paying property tax"}
    page = fetch(translator, editor, 409, method="post", data=typed)
    assert "Modificado por Ana Admin" in page.text()
    assert page.soup.select_one("#name")["value"] == "Paying property tax"
    again = page.soup.select_one("[name=version]")["value"]
    response = translator.post(editor, data=typed | {"version": again})
    assert response.status_code == 303
    db.session.expire_all()
    assert service.name["en"] == "Paying property tax"


@pytest.mark.parametrize(
    "kind, path, data",
    [
        ("dependencias", "dependencias", {"clave": "tesoreria", "nombre_es": "Tesorería",
                                          "siglas": "TES", "superior": ""}),
        ("temas", "temas", {"clave": "tema-x", "nombre_es": "Pagos"}),
    ],
)  # fmt: skip
def test_a_catalog_form_opened_before_a_translation_cannot_erase_it(
    empty_app, signed_in, kind, path, data
):
    """A dependency's or a topic's form posts every language: opened before a translator
    saved, it is refused (409) instead of putting the old translation back."""
    row = make_dependency("Tesorería", slug="tesoreria") if kind == "dependencias" else None
    if row is None:
        row = make_topic("Pagos")
        row.slug = "tema-x"
    db.session.commit()
    coordinator = signed_in(Role.COORDINATOR)
    form = fetch(coordinator, f"/admin/catalogo/{path}/{row.id}")
    opened = form.soup.select_one("input[name=version]")["value"]
    translator = signed_in(Role.TRANSLATOR, translation_languages=["nah"])
    saved = translator.post(f"/admin/traducciones/nah/{kind}/{row.id}", data={"name": "Yankuik"})
    assert saved.status_code == 303
    stale = coordinator.post(f"/admin/catalogo/{path}/{row.id}", data={**data, "version": opened})
    assert stale.status_code == 409
    assert "desde que lo abrió" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert row.name.get("nah") == "Yankuik"


def test_a_name_without_translation_is_marked_spanish_on_english_pages(empty_app, signed_in):
    """An admin whose pages are in English reads a service's Spanish name (it has none in
    English yet) with a Spanish voice: the list and the editor's heading say its language."""
    service = make_service({"es": "Asesoría jurídica familiar"}, slug="asesoria")
    db.session.commit()
    admin = signed_in(Role.ADMIN, ui_language="en")
    listing = fetch(admin, "/admin/traducciones/en?tipo=servicios")
    link = listing.soup.find("a", href=lambda href: href and f"/servicios/{service.id}" in href)
    assert link.select_one('span[lang="es"]').get_text() == "Asesoría jurídica familiar"
    editor = fetch(admin, f"/admin/traducciones/en/servicios/{service.id}")
    assert editor.soup.select_one('h1 span[lang="es"]').get_text() == "Asesoría jurídica familiar"
    assert editor.soup.title.get_text().startswith("Asesoría jurídica familiar")


def test_two_translators_of_a_charter_title_do_not_overwrite_each_other(empty_app, signed_in):
    charter = make_charter([_service()])
    db.session.commit()
    editor = f"/admin/traducciones/en/cartas/{charter.id}"
    first = signed_in(Role.TRANSLATOR, translation_languages=["en"], name="Bea")
    second = signed_in(Role.TRANSLATOR, translation_languages=["en"], name="Ale")
    opened = {
        client: fetch(client, editor).soup.select_one("[name=version]")["value"]
        for client in (first, second)
    }
    saved = first.post(editor, data={"version": opened[first], "title": "Translation by Bea"})
    assert saved.status_code == 303
    typed = {"version": opened[second], "title": "Translation by Ale"}
    page = fetch(second, editor, 409, method="post", data=typed)
    assert "Modificado por Bea" in page.text()
    assert page.soup.select_one("#title")["value"] == "Translation by Ale"
    db.session.expire_all()
    assert charter.title["en"] == "Translation by Bea"
