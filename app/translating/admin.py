"""``/admin/traducciones``: per language, what is missing or waits for review, and the editor
that shows the Spanish source beside the translation. Translators work on the languages
assigned to them, the institution's roles on every language, managers on their dependencies'
rows; nobody here touches a Spanish text or the catalog's structure."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.catalog.editing import EditConflict
from app.core.forms import show_problems
from app.core.i18n import LANGUAGES
from app.core.languages import REGISTRY
from app.core.pagination import ListPagination, page_number
from app.extensions import db
from app.staff.access import require_staff
from app.translating import interface, services
from app.translating.forms import (
    REVIEWED,
    SHOWN,
    STATE_LABELS,
    FilterForm,
    PoUploadForm,
    editor_form,
)
from app.translating.registry import KINDS

bp = Blueprint("translations_admin", __name__, url_prefix="/admin/traducciones")
bp.before_request(require_staff)

PAGE_SIZE = 50


def _languages() -> list[str]:
    languages = services.languages_for(current_user)
    if not languages:
        abort(403)
    return languages


def _language(lang: str) -> str:
    """``lang`` if the person may translate into it (404 otherwise, Spanish included)."""
    if lang not in _languages():
        abort(404)
    return lang


@bp.get("/")
def index():
    content = services.languages_for(current_user)
    ui = interface.interface_languages_for(current_user)
    if not content and not ui:
        abort(403)
    figures = [
        services.progress(items, lang)
        for lang, items in services.worklists(current_user, content).items()
    ]
    ui_figures = [interface.interface_progress(code) for code in ui]
    return render_template(
        "translating/index.html", figures=figures, ui_figures=ui_figures, names=REGISTRY
    )


def _interface_language(code: str) -> str:
    """``code`` if the person may translate its interface (403 otherwise)."""
    if code not in interface.interface_languages_for(current_user):
        abort(403)
    return code


@bp.route("/interfaz/<code>", methods=["GET", "POST"])
def interface_language(code: str):
    lang = _interface_language(code)
    form = PoUploadForm()
    if form.validate_on_submit():
        try:
            changed = interface.import_po(
                lang, form.archivo.data.read(), current_user, request.remote_addr
            )
        except interface.PoProblem as error:
            nothing = _("No se guardó ninguna traducción del archivo.")
            form.archivo.errors = [nothing, *error.problems]
        else:
            flash(
                ngettext(
                    "Se guardó %(num)d traducción de la interfaz.",
                    "Se guardaron %(num)d traducciones de la interfaz.",
                    changed,
                )
            )
            return redirect(url_for(".interface_language", code=lang), 303)
    return render_template(
        "translating/interface.html",
        form=form,
        language=REGISTRY[lang],
        figures=interface.interface_progress(lang),
    ), 400 if form.errors else 200


@bp.get("/interfaz/<code>/messages.po")
def interface_download(code: str):
    lang = _interface_language(code)
    return Response(
        interface.export_po(lang),
        mimetype="text/x-gettext-translation",
        headers={"Content-Disposition": f'attachment; filename="{lang}.po"'},
    )


@bp.get("/<code>")
def language(code: str):
    lang = _language(code)
    form = FilterForm(request.args)
    form.validate()
    items = services.worklists(current_user, [lang])[lang]
    figures = services.progress(items, lang)
    shown = SHOWN[form.estado.data] if not form.estado.errors else SHOWN[form.estado.default]
    if shown is not None:
        items = [item for item in items if item.state in shown]
    # A list built in Python: the states come from the texts themselves.
    page = ListPagination(items, request.args.get("page", 1, type=page_number), PAGE_SIZE)
    return render_template(
        "translating/language.html",
        form=form,
        page=page,
        figures=figures,
        language=LANGUAGES[lang],
        states=STATE_LABELS,
    ), 400 if form.errors else 200


def _row(kind_key: str, row_id: int):
    kind = KINDS.get(kind_key)
    row = db.session.get(kind.model, row_id) if kind is not None else None
    if (
        row is None
        or not services.translated(kind, row)
        or not services.Reach(current_user).allows(kind, row)
    ):
        abort(404)
    return kind, row


@bp.route("/<code>/<kind_key>/<int:row_id>", methods=["GET", "POST"])
def edit(code: str, kind_key: str, row_id: int):
    lang = _language(code)
    kind, row = _row(kind_key, row_id)
    slots = services.slots(kind, row)
    waiting = services.in_review(kind, row, lang)
    lock = getattr(row, kind.lock) if kind.lock else None
    form = editor_form(slots, lang, waiting, lock)
    if form.validate_on_submit():
        texts = {slot.path: form[slot.name].data or "" for slot in slots}
        reviewed = {
            slot.path for slot in slots if slot.path in waiting and form[REVIEWED + slot.name].data
        }
        opened = form.version.data if lock is not None else ""
        try:
            changed, marked = services.save_translations(
                kind,
                row,
                lang,
                texts,
                reviewed,
                current_user,
                request.remote_addr,
                int(opened) if opened.isdigit() else None,
            )
        except EditConflict as error:
            show_problems(form, error)
            # Saving again is then a choice made knowing it: it replaces the other change.
            form.version.data = str(lock)
            return _editor(form, kind, row, slots, waiting, lang, 409)
        if changed or marked:
            flash(
                _(
                    "Se guardaron %(changed)d traducciones y se revisaron %(reviewed)d.",
                    changed=changed,
                    reviewed=marked,
                )
            )
        else:
            flash(_("No había nada que cambiar."))
        return redirect(url_for(".edit", code=lang, kind_key=kind.key, row_id=row.id), 303)
    return _editor(form, kind, row, slots, waiting, lang, 400 if form.errors else 200)


def _editor(form, kind, row, slots, waiting, lang, status):
    return render_template(
        "translating/edit.html",
        form=form,
        kind=kind,
        row=row,
        title=kind.title(row),
        heading=kind.heading(row),
        slots=slots,
        waiting=waiting,
        language=LANGUAGES[lang],
        reviewed_prefix=REVIEWED,
    ), status
