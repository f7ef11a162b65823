"""``/admin/cartas``: the charter workspace. Managers draft their dependency's charters and send
them for review; coordinators and administrators return them with comments or approve them (at
once or from a date). Every staff role reads the charters in its scope, drafts included (a
viewer or responder of the dependency follows its charter's preparation); outside it, 404."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.catalog.models import Dependency, Service
from app.charters import checks, drafting
from app.charters.forms import (
    VERSION_FIELDS,
    ApproveForm,
    CharterFilterForm,
    CommitmentForm,
    LockForm,
    NewCharterForm,
    ReturnForm,
    VersionForm,
)
from app.charters.models import (
    APPROVED_STATUSES,
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
)
from app.charters.states import STATES, version_states
from app.core import clock
from app.core.forms import by_label, options, show_problems
from app.core.i18n import tr_text
from app.core.pagination import page_number
from app.core.rules import RuleError
from app.extensions import db
from app.staff.access import require_staff, roles
from app.staff.models import INSTITUTION_ROLES, MANAGING_ROLES, READING_ROLES
from app.staff.services import scope

bp = Blueprint("charters_admin", __name__, url_prefix="/admin/cartas")
bp.before_request(require_staff)

PAGE_SIZE = 50


def _in_scope(statement, column):
    allowed = scope(current_user)
    return statement if allowed is None else statement.where(column.in_(allowed))


def _charter(charter_id: int) -> Charter:
    """The charter with its versions, if it is in the person's scope (404 otherwise)."""
    charter = db.session.get(
        Charter,
        charter_id,
        options=[selectinload(Charter.versions), selectinload(Charter.services)],
    )
    allowed = scope(current_user) if charter is not None else None
    if charter is None or (allowed is not None and charter.dependency_id not in allowed):
        abort(404)
    return charter


def _version(charter_id: int, number: int) -> CharterVersion:
    """A version of a charter in scope (404 otherwise)."""
    charter = _charter(charter_id)
    version = next((v for v in charter.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def _commitment(charter_id: int, number: int, commitment_id: int) -> Commitment:
    version = _version(charter_id, number)
    commitment = next((c for c in version.commitments if c.id == commitment_id), None)
    if commitment is None:
        abort(404)
    return commitment


def _drafter(charter: Charter) -> None:
    """Only the charter's drafters change it (a reader in scope gets 403)."""
    if not drafting.may_draft(current_user, charter):
        abort(403)


def _back(version: CharterVersion, anchor: str | None = None):
    url = url_for(".version", charter_id=version.charter_id, number=version.number, _anchor=anchor)
    return redirect(url, 303)


@bp.get("/")
@roles(*READING_ROLES)
def index():
    form = CharterFilterForm(request.args)
    dependencies = by_label(db.session.scalars(_in_scope(select(Dependency), Dependency.id)))
    form.dependencia.choices = [("", _("Todas")), *dependencies.items()]
    form.estado.choices = options({"": _("Todos"), **{s.value: s.label for s in CharterStatus}})
    form.validate()
    statement = _in_scope(select(Charter), Charter.dependency_id)
    if form.q.data and not form.q.errors:
        typed = form.q.data.lower()
        statement = statement.where(
            or_(
                Charter.slug.contains(typed, autoescape=True),
                func.lower(Charter.title["es"].as_string()).contains(typed, autoescape=True),
            )
        )
    if form.dependencia.data and not form.dependencia.errors:
        statement = statement.where(
            Charter.dependency.has(Dependency.slug == form.dependencia.data)
        )
    if form.estado.data and not form.estado.errors:
        statement = statement.where(
            Charter.versions.any(CharterVersion.status == CharterStatus(form.estado.data))
        )
    page = db.paginate(
        statement.options(
            selectinload(Charter.dependency), selectinload(Charter.versions)
        ).order_by(Charter.slug),
        page=request.args.get("page", 1, type=page_number),
        per_page=PAGE_SIZE,
    )
    today = clock.local_today()
    return render_template(
        "charters/admin/index.html",
        form=form,
        page=page,
        states={c.id: version_states(c, today) for c in page.items},
        labels=STATES,
        may_create=current_user.role in MANAGING_ROLES,
        may_import=current_user.role in INSTITUTION_ROLES,
    ), (400 if form.errors else 200)


def _service_choices(dependency_ids=None) -> list[tuple[str, str]]:
    statement = _in_scope(select(Service), Service.dependency_id).where(
        Service.retired_on.is_(None)
    )
    if dependency_ids is not None:
        statement = statement.where(Service.dependency_id.in_(dependency_ids))
    rows = db.session.scalars(statement.options(selectinload(Service.dependency))).all()
    return sorted(
        ((str(s.id), f"{tr_text(s.name)} ({tr_text(s.dependency.name)})") for s in rows),
        key=lambda c: c[1],
    )


def _services(form) -> list[Service]:
    ids = [int(value) for value in form.servicios.data or () if value.isdigit()]
    return list(db.session.scalars(select(Service).where(Service.id.in_(ids)))) if ids else []


@bp.route("/nueva", methods=["GET", "POST"])
@roles(*MANAGING_ROLES)
def new():
    form = NewCharterForm()
    dependencies = by_label(db.session.scalars(_in_scope(select(Dependency), Dependency.id)))
    form.dependencia.choices = [("", _("Elija una dependencia")), *dependencies.items()]
    form.servicios.choices = _service_choices()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("charters/admin/new.html", form=form), status
    dependency = db.session.scalar(select(Dependency).filter_by(slug=form.dependencia.data))
    try:
        charter = drafting.create_charter(
            dependency,
            _services(form),
            form.clave.data,
            form.titulo.data,
            current_user,
            request.remote_addr,
        )
    except RuleError as error:
        show_problems(form, error)
        return render_template("charters/admin/new.html", form=form), 400
    flash(_("Se creó la carta con su borrador. Adapte los cinco compromisos propuestos."))
    return redirect(url_for(".version", charter_id=charter.id, number=1), 303)


@bp.get("/<int:charter_id>")
@roles(*READING_ROLES)
def charter(charter_id: int):
    found = _charter(charter_id)
    latest = max(found.versions, key=lambda v: v.number)
    return redirect(url_for(".version", charter_id=found.id, number=latest.number))


@bp.post("/<int:charter_id>/nueva-version")
@roles(*MANAGING_ROLES)
def new_version(charter_id: int):
    found = _charter(charter_id)
    _drafter(found)
    form = LockForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = drafting.new_version(found, current_user, request.remote_addr)
    except RuleError as error:
        flash(str(next(iter(error.problems.values()))), "error")
        return redirect(url_for(".charter", charter_id=found.id), 303)
    flash(_("Se creó la versión %(number)d, copiada de la anterior.", number=version.number))
    return _back(version)


def _version_form(version: CharterVersion) -> VersionForm:
    data = {
        name: (getattr(version, attribute) or {}).get("es", "")
        for name, attribute in VERSION_FIELDS.items()
    }
    data |= {
        "version": str(version.lock_version),
        "servicios": [str(s.id) for s in version.services],
        "vigente_desde": version.valid_from,
        "vigente_hasta": version.valid_until,
        "certificadora": version.certifier or "",
        "certificada_el": version.certified_on,
        "certificacion_vence": version.certification_expires,
    }
    form = VersionForm(data=data)
    charter = version.charter
    if any(v.status in APPROVED_STATUSES for v in charter.versions):
        form.servicios.description = _(
            "La carta publicada sigue cubriendo sus trámites hasta que esta versión entre en vigor."
        )
    subtree = drafting._descendants(charter.dependency_id)
    form.servicios.choices = _service_choices(subtree) + [
        (str(s.id), tr_text(s.name)) for s in version.services if s.dependency_id not in subtree
    ]
    return form


def _version_page(version: CharterVersion, status: int = 200, **forms):
    charter = version.charter
    may_draft = drafting.may_draft(current_user, charter)
    is_draft = version.status is CharterStatus.DRAFT
    today = clock.local_today()
    lock = {"version": str(version.lock_version)}
    forms.setdefault("form", _version_form(version) if may_draft and is_draft else None)
    forms.setdefault("commitment_form", CommitmentForm(data=lock, formdata=None))
    forms.setdefault("return_form", ReturnForm(data=lock, formdata=None))
    forms.setdefault(
        "approve_form",
        ApproveForm(data={**lock, "publicar_desde": max(version.valid_from, today)}, formdata=None),
    )
    forms.setdefault("lock_form", LockForm(data=lock, formdata=None))
    return render_template(
        "charters/admin/version.html",
        charter=charter,
        version=version,
        states=version_states(charter, today),
        labels=STATES,
        may_draft=may_draft,
        editable=may_draft and is_draft,
        may_review=drafting.may_review(current_user),
        open_version=drafting.open_version(charter),
        problems=checks.publication_problems(version) if is_draft else [],
        **forms,
    ), status


@bp.route("/<int:charter_id>/versiones/<int:number>", methods=["GET", "POST"])
@roles(*READING_ROLES)
def version(charter_id: int, number: int):
    found = _version(charter_id, number)
    if request.method == "GET":
        return _version_page(found)
    _drafter(found.charter)
    form = _version_form(found)
    form.process(request.form)
    if not form.validate_on_submit():
        return _version_page(found, 400, form=form)
    values = {
        attribute: {"es": form[name].data or ""} for name, attribute in VERSION_FIELDS.items()
    }
    values |= {
        "valid_from": form.vigente_desde.data,
        "valid_until": form.vigente_hasta.data,
        "certifier": form.certificadora.data or None,
        "certified_on": form.certificada_el.data,
        "certification_expires": form.certificacion_vence.data,
    }
    try:
        drafting.save_version(
            found, values, _services(form), current_user, request.remote_addr, form.lock()
        )
    except RuleError as error:
        show_problems(form, error)
        if isinstance(error, drafting.EditConflict):
            # Saving again is a choice made knowing it: it replaces the other person's change.
            form.version.data = str(found.lock_version)
        return _version_page(found, drafting.refusal_status(error), form=form)
    flash(_("Se guardó el borrador."))
    return _back(found)


def _draft_change(version: CharterVersion, change, form=None, anchor=None, **page_form):
    """Run a change of a draft from a small form (a button): a refused change comes back to
    the version page with its message."""
    form = form or LockForm()
    if not form.validate_on_submit():
        return _version_page(version, 400, **{page_form.get("name", "lock_form"): form})
    try:
        change(form)
    except RuleError as error:
        show_problems(form, error)
        status = drafting.refusal_status(error)
        if status == 409:  # the buttons shown again act on the version as it is now
            form.version.data = str(version.lock_version)
        return _version_page(version, status, **{page_form.get("name", "lock_form"): form})
    return None


@bp.post("/<int:charter_id>/versiones/<int:number>/enviar")
@roles(*MANAGING_ROLES)
def submit(charter_id: int, number: int):
    found = _version(charter_id, number)
    _drafter(found.charter)
    refused = _draft_change(
        found, lambda form: drafting.submit(found, current_user, request.remote_addr, form.lock())
    )
    if refused:
        return refused
    flash(_("Se envió la versión %(number)d a revisión.", number=found.number))
    return _back(found)


def _reviewer() -> None:
    if not drafting.may_review(current_user):
        abort(403)


@bp.post("/<int:charter_id>/versiones/<int:number>/devolver")
@roles(*READING_ROLES)
def return_version(charter_id: int, number: int):
    found = _version(charter_id, number)
    _reviewer()
    refused = _draft_change(
        found,
        lambda form: drafting.return_to_draft(
            found, form.comentario.data, current_user, request.remote_addr, form.lock()
        ),
        ReturnForm(),
        name="return_form",
    )
    if refused:
        return refused
    flash(_("Se devolvió la versión %(number)d con sus comentarios.", number=found.number))
    return _back(found)


@bp.post("/<int:charter_id>/versiones/<int:number>/aprobar")
@roles(*READING_ROLES)
def approve(charter_id: int, number: int):
    found = _version(charter_id, number)
    _reviewer()
    refused = _draft_change(
        found,
        lambda form: drafting.approve(
            found, form.publicar_desde.data, current_user, request.remote_addr, form.lock()
        ),
        ApproveForm(),
        name="approve_form",
    )
    if refused:
        return refused
    if found.valid_from > clock.local_today():
        flash(
            _(
                "Se aprobó la versión %(number)d. Se publicará el %(date)s.",
                number=found.number,
                date=format_date(found.valid_from, "long"),
            )
        )
    else:
        flash(_("Se aprobó y publicó la versión %(number)d.", number=found.number))
    return _back(found)


# Its routes join this blueprint.
from app.charters import admin_transfer  # noqa: E402, F401
