"""The people pages (``/admin/personal``): administrators manage every account, coordinators
those below them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.catalog.models import Dependency
from app.core.forms import by_label, show_problems
from app.core.pagination import page_number
from app.core.rules import RuleError
from app.extensions import db
from app.people import services
from app.people.forms import ConfirmForm, InviteForm, PeopleFilterForm, PersonForm
from app.people.services import NO_PASSWORD
from app.staff.access import require_staff, roles
from app.staff.models import INSTITUTION_ROLES, Role, User

bp = Blueprint("people_admin", __name__, url_prefix="/admin/personal")
bp.before_request(require_staff)

PAGE_SIZE = 50


def _dependencies(
    offered: bool = True, keep: Dependency | None = None
) -> tuple[dict[str, str], dict[str, Dependency]]:
    """The dependencies a form offers: those still in use (and ``keep``, the person's own), or
    every one for the list's filter (people of a retired dependency are still found)."""
    statement = select(Dependency)
    if offered:
        kept = Dependency.id == (keep.id if keep else None)
        statement = statement.where(or_(Dependency.retired_on.is_(None), kept))
    rows = db.session.scalars(statement).all()
    return by_label(rows), {row.slug: row for row in rows}


def _person(user_id: int) -> User:
    """The account, if ``current_user`` may manage it (404 otherwise: not even whether it
    exists)."""
    person = db.session.get(User, user_id)
    if person is None or not services.may_manage(current_user, person):
        abort(404)
    return person


@bp.get("/")
@roles(*INSTITUTION_ROLES)
def index():
    labels, by_slug = _dependencies(offered=False)
    allowed = services.assignable_roles(current_user)
    form = PeopleFilterForm(request.args, allowed, labels)
    form.validate()
    query = services.people_query(current_user)
    if form.rol.data and not form.rol.errors:
        query = query.where(User.role == Role(form.rol.data))
    if form.dependencia.data and not form.dependencia.errors:
        query = query.where(User.dependency_id == by_slug[form.dependencia.data].id)
    if form.estado.data == "activa":
        query = query.where(User.active.is_(True))
    elif form.estado.data == "inactiva":
        query = query.where(User.active.is_(False), User.password_hash != NO_PASSWORD)
    elif form.estado.data == "invitada":
        query = query.where(User.password_hash == NO_PASSWORD)
    page = db.paginate(
        query.options(selectinload(User.dependency)).order_by(User.name, User.id),
        page=request.args.get("page", 1, type=page_number),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    # The language filter reads a JSON list: filtered here, on the page's rows only, would
    # break the pagination, so it is applied to the ids first.
    if form.idioma.data and not form.idioma.errors:
        ids = [
            person_id
            for person_id, languages in db.session.execute(
                query.with_only_columns(User.id, User.languages)
            )
            if form.idioma.data in (languages or [])
        ]
        page = db.paginate(
            query.where(User.id.in_(ids))
            .options(selectinload(User.dependency))
            .order_by(User.name, User.id),
            page=request.args.get("page", 1, type=page_number),
            per_page=PAGE_SIZE,
            error_out=False,
        )
    status = 400 if form.errors else 200
    return render_template(
        "people/index.html", form=form, page=page, pending=services.is_pending
    ), status


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles(*INSTITUTION_ROLES)
def person(user_id):
    person = _person(user_id)
    labels, by_slug = _dependencies(keep=person.dependency)
    form = PersonForm(
        data={
            "role": person.role.value,
            "dependency": person.dependency.slug if person.dependency else "",
            "languages": person.languages,
            "translation_languages": person.translation_languages or [],
        }
    )
    form.set_choices(services.assignable_roles(current_user), labels)
    if person.id == current_user.id:
        form.role.description = _(
            "Usted no puede reducir su propia función: pídalo a otra persona con administración."
        )
    if form.validate_on_submit():
        try:
            done = services.change_person(
                person,
                Role(form.role.data),
                by_slug.get(form.dependency.data),
                form.languages.data,
                current_user,
                request.remote_addr,
                form.translation_languages.data or [],
            )
        except RuleError as error:
            show_problems(form, error)
        else:
            flash(_("Se guardaron los cambios.") if done else _("No había nada que cambiar."))
            return redirect(url_for(".person", user_id=person.id), 303)
    return render_template(
        "people/person.html",
        form=form,
        person=person,
        confirm=ConfirmForm(),
        pending=services.is_pending(person),
        own=person.id == current_user.id,
    ), 400 if form.errors else 200


@bp.post("/<int:user_id>/desactivar")
@roles(*INSTITUTION_ROLES)
def deactivate(user_id):
    person = _person(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            returned = services.deactivate(person, current_user, request.remote_addr)
        except RuleError as error:
            flash(str(next(iter(error.problems.values()))), "error")
        else:
            flash(
                _(
                    "La cuenta de %(name)s se desactivó; %(num)d mensajes volvieron a la bandeja "
                    "de su dependencia.",
                    name=person.name,
                    num=returned,
                )
            )
    return redirect(url_for(".person", user_id=person.id), 303)


@bp.post("/<int:user_id>/reactivar")
@roles(*INSTITUTION_ROLES)
def reactivate(user_id):
    person = _person(user_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.reactivate(person, current_user, request.remote_addr)
        except RuleError as error:
            flash(str(next(iter(error.problems.values()))), "error")
        else:
            flash(_("La cuenta de %(name)s se reactivó.", name=person.name))
    return redirect(url_for(".person", user_id=person.id), 303)


@bp.post("/<int:user_id>/reinvitar")
@roles(*INSTITUTION_ROLES)
def reinvite(user_id):
    """A new invitation for a person who has not accepted theirs, with their account's data."""
    person = _person(user_id)
    if ConfirmForm().validate_on_submit():
        if not services.is_pending(person):
            abort(409)
        try:
            services.reinvite(person, current_user, request.remote_addr)
        except RuleError as error:
            flash(str(next(iter(error.problems.values()))), "error")
        else:
            flash(_("Se envió otra invitación a %(email)s.", email=person.email))
    return redirect(url_for(".person", user_id=person.id), 303)


@bp.route("/invitar", methods=["GET", "POST"])
@roles(*INSTITUTION_ROLES)
def invite():
    labels, by_slug = _dependencies()
    form = InviteForm(languages=["es"])
    form.set_choices(services.assignable_roles(current_user), labels)
    if form.validate_on_submit():
        try:
            person = services.invite(
                form.email.data,
                form.name.data,
                Role(form.role.data),
                by_slug.get(form.dependency.data),
                form.languages.data,
                current_user,
                request.remote_addr,
                form.translation_languages.data or [],
            )
        except RuleError as error:
            show_problems(form, error)
        else:
            flash(_("Se envió la invitación a %(email)s.", email=person.email))
            return redirect(url_for(".person", user_id=person.id), 303)
    return render_template("people/invite.html", form=form), 400 if form.errors else 200
