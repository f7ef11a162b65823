"""``/admin/idiomas``: the languages of the portal (administrators only). The built-in ones are
listed as such; the ones added here can be changed, and removed while nothing names them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import show_problems
from app.core.i18n import Fallback, interface_catalogs, is_offered
from app.core.languages import BUILT_IN, REGISTRY
from app.core.rules import RuleError
from app.extensions import db
from app.staff.access import require_staff, roles
from app.staff.models import Role
from app.translating import languages
from app.translating.forms import LanguageForm, RemoveLanguageForm
from app.translating.models import AddedLanguage

bp = Blueprint("languages_admin", __name__, url_prefix="/admin/idiomas")
bp.before_request(require_staff)


@bp.get("")
@roles(Role.ADMIN)
def index():
    catalogs = interface_catalogs()
    rows = [
        {
            "language": lang,
            "built_in": code in BUILT_IN,
            "coverage": catalogs.coverage(code) if lang.interface else None,
            "offered": lang.interface and is_offered(code),
        }
        for code, lang in REGISTRY.items()
    ]
    return render_template("translating/languages/index.html", rows=rows)


def _form(row: AddedLanguage | None = None, posted: bool = True) -> LanguageForm:
    """The language's form: what was sent when ``posted``, else the saved values."""
    data = None
    if row is not None:
        data = {
            "etiqueta": row.tag,
            "nombre": row.name,
            "nombre_es": row.name_es,
            "formato": row.locale,
            "responde": row.answers,
            "interfaz": row.interface,
        }
    return LanguageForm(
        formdata=request.form if posted and request.method == "POST" else None,
        data=data,
        # Named in Spanish whatever the page's language: each option says so to screen readers.
        locales={code: Fallback(name, "es") for code, name in languages.locales().items()},
        adding=row is None,
    )


@bp.route("/nuevo", methods=["GET", "POST"])
@roles(Role.ADMIN)
def add():
    form = _form()
    if request.method == "POST" and form.validate():
        try:
            row = languages.add(form.codigo.data, form.values(), current_user, request.remote_addr)
        except RuleError as error:
            show_problems(form, error)
        else:
            flash(
                _("Se agregó el idioma %(name)s (%(code)s).", name=row.name_es, code=row.code),
                "success",
            )
            return redirect(url_for(".index"), 303)
    return render_template(
        "translating/languages/edit.html", form=form, row=None
    ), 400 if form.errors else 200


def _added(code: str) -> AddedLanguage:
    """The added language ``code`` (404 for a built-in or unknown one: those are not edited)."""
    return db.first_or_404(db.select(AddedLanguage).filter_by(code=code))


@bp.route("/<code>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit(code: str):
    row = _added(code)
    form = _form(row)
    if request.method == "POST" and form.validate():
        try:
            languages.change(row, form.values(), current_user, request.remote_addr)
        except RuleError as error:
            show_problems(form, error)
        else:
            flash(
                _("Se guardó el idioma %(name)s (%(code)s).", name=row.name_es, code=row.code),
                "success",
            )
            return redirect(url_for(".index"), 303)
    return _edit_page(row, form, 400 if form.errors else 200)


def _edit_page(row: AddedLanguage, form: LanguageForm, status: int):
    return render_template(
        "translating/languages/edit.html", form=form, row=row, remove_form=RemoveLanguageForm()
    ), status


@bp.post("/<code>/eliminar")
@roles(Role.ADMIN)
def remove(code: str):
    row = _added(code)
    form = RemoveLanguageForm()
    if not form.validate():
        abort(400)
    name = row.name_es
    try:
        languages.remove(row, current_user, request.remote_addr)
    except RuleError as error:
        # Why not, in the page's one error summary, above the language's saved values.
        shown = _form(row, posted=False)
        show_problems(shown, error)
        return _edit_page(row, shown, 409)
    flash(_("Se quitó el idioma %(name)s (%(code)s).", name=name, code=code), "success")
    return redirect(url_for(".index"), 303)
