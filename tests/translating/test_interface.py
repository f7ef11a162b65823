"""Community translators translate the interface of their languages by PO file: download it,
translate it, upload it; only their own languages, and a broken file, a string the portal does
not have or a lost placeholder refuse the whole file with what to correct."""

from __future__ import annotations

import io

from babel.messages.pofile import read_po
from sqlalchemy import select

from app.extensions import db
from app.staff.models import AuditLog, Role
from app.translating.models import InterfaceTranslation
from tests.conftest import configured, fetch
from tests.factories import make_dependency

PAGE = "/admin/traducciones/interfaz/{}"


def _po(entries: str, lang: str = "ots") -> bytes:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        f'"Language: {lang}\\n"\n\n{entries}'
    ).encode()


def _upload(client, lang: str, data: bytes, status: int = 303):
    response = client.post(
        PAGE.format(lang),
        data={"archivo": (io.BytesIO(data), f"{lang}.po")},
        content_type="multipart/form-data",
    )
    assert response.status_code == status, response.text
    return response


def _stored(lang: str) -> dict[str, list[str]]:
    rows = select(InterfaceTranslation).where(InterfaceTranslation.lang == lang)
    return {row.msgid: row.strings for row in db.session.scalars(rows)}


def test_a_translator_downloads_and_uploads_the_po_file_of_their_language(empty_app, signed_in):
    translator = signed_in(Role.TRANSLATOR, translation_languages=["ots"])
    index = fetch(translator, "/admin/traducciones/")
    assert "Hñähñu" in index.text() and "Jñatrjo" not in index.text()
    page = fetch(translator, PAGE.format("ots"))
    assert "todavía no se ofrece al público" in page.text()
    download = translator.get(PAGE.format("ots") + "/messages.po")
    assert download.status_code == 200
    catalog = read_po(io.BytesIO(download.data))
    assert catalog["Otomí del Estado de México"].string == "Hñähñu"
    assert catalog["Trámites y servicios"].string == ""
    assert b'"Language: ots\\n"' in download.data

    _upload(
        translator,
        "ots",
        _po(
            'msgid "Trámites y servicios"\nmsgstr "Texto de prueba"\n\n'
            '#, python-format\nmsgid "Clave"\nmsgstr ""\n'
        ),
    )
    assert _stored("ots") == {"Trámites y servicios": ["Texto de prueba"]}
    # As a Windows editor saves it, with a byte order mark.
    bom = b"\xef\xbb\xbf" + _po('msgid "Trámites y servicios"\nmsgstr "Texto de prueba"\n')
    _upload(translator, "ots", bom)
    audit = db.session.scalars(
        select(AuditLog).filter_by(action="interface_translations.uploaded")
    ).one()
    assert audit.detail == {"language": "ots", "changed": 1}
    again = read_po(io.BytesIO(translator.get(PAGE.format("ots") + "/messages.po").data))
    assert again["Trámites y servicios"].string == "Texto de prueba"
    # The portal speaks it at once (here with the language offered regardless of coverage).
    with configured(empty_app, INTERFACE_LANGUAGE_THRESHOLD=0):
        public = fetch(empty_app.test_client(), "/ots/servicios")
        assert public.h1 == "Texto de prueba"


def test_a_translator_cannot_touch_another_language(empty_app, signed_in):
    translator = signed_in(Role.TRANSLATOR, translation_languages=["ots"])
    assert translator.get(PAGE.format("maz")).status_code == 403
    assert translator.get(PAGE.format("maz") + "/messages.po").status_code == 403
    _upload(translator, "maz", _po('msgid "Clave"\nmsgstr "X"\n', "maz"), 403)
    assert _stored("maz") == {}
    clerk = signed_in(Role.VIEWER, make_dependency())
    assert clerk.get(PAGE.format("ots")).status_code == 403


def test_a_dependency_manager_cannot_change_the_interface_of_the_whole_portal(empty_app, signed_in):
    """The interface's words are on every page of the institution: a manager, whose scope is
    one dependency, neither downloads nor uploads them (an admin or a coordinator does)."""
    manager = signed_in(Role.MANAGER, make_dependency())
    for code in ("en", "nah"):
        assert manager.get(PAGE.format(code)).status_code == 403
        assert manager.get(PAGE.format(code) + "/messages.po").status_code == 403
        _upload(manager, code, _po('msgid "Clave"\nmsgstr "X"\n', code), 403)
        assert _stored(code) == {}


def test_a_wrong_file_is_refused_whole_with_what_to_correct(empty_app, signed_in):
    translator = signed_in(Role.TRANSLATOR, translation_languages=["ots"])
    cases = {
        b"\x00\xffnot a po file": "no es un archivo PO válido",
        _po('msgid "Esto no existe en el portal"\nmsgstr "X"\n'): "no existe en el portal",
        _po(
            '#, python-format\nmsgid "Traducciones: %(language)s"\nmsgstr "Sin marcador"\n'
        ): "debe conservar los marcadores %(language)s",
        _po('msgid "Clave"\nmsgstr "X"\n', "maz"): "no de «ots»",
        _po('msgid "%(num)d copia"\nmsgstr "X"\n'): "formas de plural distintas",
        # Every string is filled in: a lone percent sign would fail every page showing it.
        _po('msgid "Trámites y servicios"\nmsgstr "100 % tlamantli"\n'): "escriba «%%»",
        _po('msgid "Trámites y servicios"\nmsgstr "Tlamantli 100 %"\n'): "escriba «%%»",
    }
    for data, message in cases.items():
        page = fetch(
            translator,
            PAGE.format("ots"),
            400,
            method="post",
            data={"archivo": (io.BytesIO(data), "ots.po")},
            content_type="multipart/form-data",
        )
        assert "No se guardó ninguna traducción del archivo." in page.text()
        assert message in page.text(), message
    # A good translation beside a wrong one is not saved either.
    mixed = _po('msgid "Clave"\nmsgstr "Bueno"\n\nmsgid "No existe"\nmsgstr "Malo"\n')
    _upload(translator, "ots", mixed, 400)
    assert _stored("ots") == {}


def test_another_worker_reads_an_upload_in_time_and_keeps_its_catalog_while_nothing_changes(
    empty_app,
):
    """A worker reads the translators' work again after ``CATALOG_SECONDS`` and builds a new
    catalog only when that work changed."""
    from app.core.clock import utcnow
    from app.core.i18n import interface_catalogs

    with empty_app.app_context():
        catalogs = interface_catalogs()
        catalogs.forget()
        first = catalogs.translations("ots")
        assert first.gettext("Trámites y servicios") == "Trámites y servicios"
        catalogs._merged["ots"].until = 0  # the minute went by, nothing was uploaded
        assert catalogs.translations("ots") is first
        assert catalogs._merged["ots"].until > 0
        # Another worker took an upload: this one sees it once its minute goes by.
        db.session.add(
            InterfaceTranslation(
                lang="ots", msgid="Trámites y servicios", strings=["Texto de prueba"],
                updated_at=utcnow(),
            )
        )  # fmt: skip
        db.session.commit()
        assert catalogs.translations("ots") is first
        catalogs._merged["ots"].until = 0
        again = catalogs.translations("ots")
        assert again is not first and again.gettext("Trámites y servicios") == "Texto de prueba"
        assert "Trámites y servicios" in catalogs.translated("ots")


def test_a_translation_is_shown_as_text_never_as_markup(empty_app, signed_in):
    """A translator's upload may hold anything: pages show it as the text it is."""
    translator = signed_in(Role.TRANSLATOR, translation_languages=["ots"])
    injected = '<script>alert(1)</script> <b title="x">Trámites</b> & "más"'
    entry = injected.replace('"', '\\"')
    _upload(translator, "ots", _po(f'msgid "Trámites y servicios"\nmsgstr "{entry}"\n'))
    with configured(empty_app, INTERFACE_LANGUAGE_THRESHOLD=0):
        page = fetch(empty_app.test_client(), "/ots/servicios")
    assert page.h1 == injected
    assert not page.soup.select("main script, main b")


def test_a_translation_that_cannot_be_filled_in_never_breaks_a_page(empty_app):
    """One stored before uploads were checked for it is left out: the page shows Spanish."""
    from app.core.clock import utcnow
    from app.core.i18n import interface_catalogs

    with empty_app.app_context():
        db.session.add(
            InterfaceTranslation(
                lang="ots", msgid="Trámites y servicios", strings=["100 % tlamantli"],
                updated_at=utcnow(),
            )
        )  # fmt: skip
        db.session.commit()
        interface_catalogs().forget()
    with configured(empty_app, INTERFACE_LANGUAGE_THRESHOLD=0):
        page = fetch(empty_app.test_client(), "/ots/servicios")
    assert page.h1 == "Trámites y servicios"


def test_every_shipped_catalog_downloads_and_uploads_back_unchanged(empty_app, signed_in):
    """What translators download is always accepted back as it is (a shipped translation with
    a lone "%" made every upload of Náhuatl fail)."""
    from app.core.languages import TRANSLATION_LANGUAGES

    manager = signed_in(Role.COORDINATOR)
    for code in TRANSLATION_LANGUAGES:
        downloaded = manager.get(PAGE.format(code) + "/messages.po")
        assert downloaded.status_code == 200, code
        _upload(manager, code, downloaded.data)
