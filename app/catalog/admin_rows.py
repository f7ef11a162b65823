"""``/admin/catalogo`` dependencies, offices and topics: their lists, their forms (each with
the version it was opened at), retiring and restoring them; routes of the catalog workspace's
blueprint (``app.catalog.admin``)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog import editing
from app.catalog.admin import _by_slug, _dependencies, _in_scope, _may_edit, _offered, bp
from app.catalog.models import Dependency, Office, Topic
from app.catalog.workspace_forms import DependencyForm, OfficeForm, RetireRowForm, TopicForm
from app.core.forms import by_label, show_problems, translated_data, translated_value
from app.core.i18n import tr_text
from app.core.pagination import ListPagination, page_number
from app.core.rules import RuleError
from app.extensions import db
from app.staff.access import roles
from app.staff.models import MANAGING_ROLES, READING_ROLES


def _dependency_values(form):
    return {
        "slug": form.clave.data,
        "name": translated_value(form, "nombre"),
        "acronym": form.siglas.data or None,
        "parent": _by_slug(Dependency, form.superior.data),
    }


def _dependency_data(row):
    return {
        "clave": row.slug,
        **translated_data("nombre", row.name),
        "siglas": row.acronym or "",
        "superior": row.parent.slug if row.parent else "",
    }


def _office_values(form):
    return {
        "dependency": _by_slug(Dependency, form.dependencia.data),
        "name": translated_value(form, "nombre"),
        "address": form.direccion.data,
        "hours": translated_value(form, "horario"),
        "phone": form.telefono.data or None,
        "email": form.correo.data or None,
        "latitude": form.latitud.data,
        "longitude": form.longitud.data,
        "accessibility": translated_value(form, "accesibilidad"),
    }


def _office_data(row):
    return {
        "dependencia": row.dependency.slug,
        **translated_data("nombre", row.name),
        "direccion": row.address,
        **translated_data("horario", row.hours),
        "telefono": row.phone or "",
        "correo": row.email or "",
        "latitud": row.latitude,
        "longitud": row.longitude,
        **translated_data("accesibilidad", row.accessibility),
    }


def _topic_values(form):
    return {"slug": form.clave.data, "name": translated_value(form, "nombre")}


def _topic_data(row):
    return {"clave": row.slug, **translated_data("nombre", row.name)}


# Rows per page of the dependencies, offices and topics: a national institution has thousands.
ROWS_PER_PAGE = 100


def _list(kind: str, rows, title: str, may_edit=None):
    """The rows in alphabetical order of their name in the page's language, a page at a time."""
    page = ListPagination(
        sorted(rows, key=lambda r: tr_text(r.name).casefold()),
        request.args.get("page", 1, type=page_number),
        ROWS_PER_PAGE,
    )
    return render_template(
        "catalog/admin/rows.html",
        kind=kind,
        page=page,
        title=title,
        may_edit=_may_edit() if may_edit is None else may_edit,
    )


@bp.get("/dependencias")
@roles(*READING_ROLES)
def dependencies():
    rows = db.session.scalars(
        _in_scope(select(Dependency), Dependency.id).options(selectinload(Dependency.parent))
    ).all()
    return _list("dependency", rows, _("Dependencias"))


@bp.get("/oficinas")
@roles(*READING_ROLES)
def offices():
    rows = db.session.scalars(
        _in_scope(select(Office), Office.dependency_id).options(selectinload(Office.dependency))
    ).all()
    return _list("office", rows, _("Oficinas"))


@bp.get("/temas")
@roles(*READING_ROLES)
def topics():
    rows = db.session.scalars(select(Topic)).all()
    return _list("topic", rows, _("Temas"), current_user.role.sees_everything)


ROW_MODELS = {"dependency": Dependency, "office": Office, "topic": Topic}


def _stored_row(kind: str, row_id: int):
    """The dependency, office or topic, if it is in the person's scope (404 otherwise)."""
    row = db.session.get(ROW_MODELS[kind], row_id)
    if row is None:
        abort(404)
    if kind == "topic":  # topics are the whole institution's
        return row
    if not editing.may_edit(current_user, row.id if kind == "dependency" else row.dependency_id):
        abort(404)
    return row


def _may_edit_row(kind: str) -> bool:
    # Topics are the whole institution's: only its administrators and coordinators edit them.
    return current_user.role.sees_everything if kind == "topic" else _may_edit()


def _row_page(kind, form, row, may_edit, status=200, retire_form=None):
    return render_template(
        "catalog/admin/row.html",
        kind=kind,
        form=form,
        row=row,
        may_edit=may_edit,
        retire_form=retire_form or (RetireRowForm() if row is not None else None),
    ), status


def _edit_row(kind, row, form_class, data, values, save, choices=None, may_edit=None):
    may_edit = _may_edit() if may_edit is None else may_edit
    form = form_class(data=data(row) if row is not None else None)
    for name, labels in (choices or {}).items():
        form[name].choices = list(labels.items())
    if request.method == "POST" and not may_edit:
        abort(403)
    if row is not None and not form.is_submitted():
        form.version.data = str(row.version)
    if not form.validate_on_submit():
        return _row_page(kind, form, row, may_edit, 400 if form.errors else 200)
    opened_at = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        saved = save(row, values(form), by=current_user, ip=request.remote_addr, version=opened_at)
    except editing.EditConflict as error:
        show_problems(form, error)
        # Saving again is then a choice made knowing it: it replaces the other person's change.
        form.version.data = str(row.version)
        return _row_page(kind, form, row, may_edit, 409)
    except RuleError as error:
        show_problems(form, error)
        return _row_page(kind, form, row, may_edit, 400)
    flash(_("Se guardó «%(name)s».", name=tr_text(saved.name)))
    return redirect(url_for(LISTS[kind]), 303)


LISTS = {"dependency": ".dependencies", "office": ".offices", "topic": ".topics"}
ROW_PATHS = {"dependency": "dependencias", "office": "oficinas", "topic": "temas"}


def _row_action(kind: str, row_id: int):
    row = _stored_row(kind, row_id)
    if not _may_edit_row(kind):
        abort(403)
    return row


@roles(*MANAGING_ROLES)
def retire_row(kind: str, row_id: int):
    row = _row_action(kind, row_id)
    form = RetireRowForm()
    if form.validate_on_submit():
        try:
            editing.retire_row(row, form.fecha.data, current_user, request.remote_addr)
        except RuleError as error:
            show_problems(form, error)
        else:
            flash(_("«%(name)s» se retiró: ya no se ofrece.", name=tr_text(row.name)))
            return redirect(url_for(f".{kind}", row_id=row.id), 303)
    form_class, data, choices = ROW_FORMS[kind]
    edit_form = form_class(formdata=None, data=data(row))
    for name, labels in choices(row).items():
        edit_form[name].choices = list(labels.items())
    return _row_page(kind, edit_form, row, True, 400, retire_form=form)


@roles(*MANAGING_ROLES)
def restore_row(kind: str, row_id: int):
    row = _row_action(kind, row_id)
    editing.restore_row(row, current_user, request.remote_addr)
    flash(_("«%(name)s» vuelve a ofrecerse.", name=tr_text(row.name)))
    return redirect(url_for(f".{kind}", row_id=row.id), 303)


for _kind, _path in ROW_PATHS.items():
    for _action, _view in (("retirar", retire_row), ("restablecer", restore_row)):
        bp.add_url_rule(
            f"/{_path}/<int:row_id>/{_action}",
            view_func=_view,
            methods=["POST"],
            defaults={"kind": _kind},
        )


def _dependency_choices(row=None):
    offered = select(Dependency).where(_offered(Dependency, row and row.parent))
    return {"superior": {"": _("Ninguna"), **by_label(db.session.scalars(offered).all())}}


def _office_choices(row=None):
    return {"dependencia": _dependencies(_offered(Dependency, row and row.dependency))}


@bp.route("/dependencias/nueva", methods=["GET", "POST"])
@bp.route("/dependencias/<int:row_id>", methods=["GET", "POST"])
@roles(*READING_ROLES)
def dependency(row_id: int | None = None):
    row = _stored_row("dependency", row_id) if row_id is not None else None
    if row is None and not _may_edit():
        abort(403)
    return _edit_row(
        "dependency", row, DependencyForm, _dependency_data, _dependency_values,
        editing.save_dependency, _dependency_choices(row),
    )  # fmt: skip


@bp.route("/oficinas/nueva", methods=["GET", "POST"])
@bp.route("/oficinas/<int:row_id>", methods=["GET", "POST"])
@roles(*READING_ROLES)
def office(row_id: int | None = None):
    row = _stored_row("office", row_id) if row_id is not None else None
    if row is None and not _may_edit():
        abort(403)
    return _edit_row(
        "office", row, OfficeForm, _office_data, _office_values, editing.save_office,
        _office_choices(row),
    )  # fmt: skip


@bp.route("/temas/nuevo", methods=["GET", "POST"])
@bp.route("/temas/<int:row_id>", methods=["GET", "POST"])
@roles(*READING_ROLES)
def topic(row_id: int | None = None):
    row = _stored_row("topic", row_id) if row_id is not None else None
    may_edit = _may_edit_row("topic")
    if row is None and not may_edit:
        abort(403)
    return _edit_row(
        "topic", row, TopicForm, _topic_data, _topic_values, editing.save_topic,
        may_edit=may_edit,
    )  # fmt: skip


ROW_FORMS = {  # a row's form, what it shows and the choices of its selects
    "dependency": (DependencyForm, _dependency_data, _dependency_choices),
    "office": (OfficeForm, _office_data, _office_choices),
    "topic": (TopicForm, _topic_data, lambda row: {}),
}
