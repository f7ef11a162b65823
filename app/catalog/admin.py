"""``/admin/catalogo``: the catalog workspace. Administrators and coordinators edit the whole
institution's catalog, managers their dependency and its units; the other roles read it."""

import re

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.catalog import editing
from app.catalog.models import (
    ApplicantType,
    Dependency,
    Modality,
    Office,
    RequestType,
    Service,
    ServiceKind,
    Silence,
    Topic,
)
from app.catalog.services import matching
from app.catalog.workspace_forms import (
    SERVICE_TEXTS,
    RetireForm,
    ServiceFilterForm,
    ServiceForm,
)
from app.core.forms import by_label, show_problems, translated_data, translated_value
from app.core.i18n import tr_text
from app.core.pagination import page_number
from app.core.rules import RuleError
from app.core.types import WorkingDays
from app.extensions import db
from app.staff.access import require_staff, roles
from app.staff.models import MANAGING_ROLES, READING_ROLES
from app.staff.services import scope

bp = Blueprint("catalog_admin", __name__, url_prefix="/admin/catalogo")
bp.before_request(require_staff)

PAGE_SIZE = 50


def _may_edit() -> bool:
    return current_user.role in MANAGING_ROLES


def _in_scope(statement, column):
    allowed = scope(current_user)
    return statement if allowed is None else statement.where(column.in_(allowed))


def _offered(model, keep=None):
    """SQL condition: ``model`` rows still offered, and ``keep`` (what a form already has)."""
    return or_(model.retired_on.is_(None), model.id == (keep.id if keep else None))


def _dependencies(*conditions) -> dict[str, str]:
    rows = db.session.scalars(_in_scope(select(Dependency), Dependency.id).where(*conditions))
    return by_label(rows.all())


def _service(service_id: int) -> Service:
    """The service, if it is in the person's scope (404 otherwise)."""
    service = db.session.get(Service, service_id)
    if service is None or not editing.may_edit(current_user, service.dependency_id):
        abort(404)
    return service


def _by_slug(model, slug):
    return db.session.scalar(select(model).where(model.slug == slug)) if slug else None


@bp.get("/")
@roles(*READING_ROLES)
def index():
    form = ServiceFilterForm(request.args)
    form.dependencia.choices = [("", _("Todas")), *_dependencies().items()]
    form.validate()
    statement = _in_scope(select(Service), Service.dependency_id)
    if form.q.data and not form.q.errors:
        statement = statement.where(*matching(form.q.data))
    dependency = _by_slug(Dependency, form.dependencia.data if not form.dependencia.errors else "")
    if dependency is not None:
        statement = statement.where(Service.dependency_id == dependency.id)
    if form.estado.data == "vigente":
        statement = statement.where(Service.retired_on.is_(None))
    elif form.estado.data == "retirado":
        statement = statement.where(Service.retired_on.is_not(None))
    page = db.paginate(
        statement.options(selectinload(Service.dependency)).order_by(Service.slug),
        page=request.args.get("page", 1, type=page_number),
        per_page=PAGE_SIZE,
    )
    return render_template(
        "catalog/admin/index.html", form=form, page=page, may_edit=_may_edit()
    ), (400 if form.errors else 200)


def _offices(service: Service | None) -> dict[str, str]:
    """The offices the person may choose: those in their scope, and those the service has."""
    rows = db.session.scalars(
        _in_scope(select(Office), Office.dependency_id)
        .where(Office.retired_on.is_(None))
        .options(selectinload(Office.dependency))
    ).all()
    rows = list({row.id: row for row in [*rows, *(service.offices if service else [])]}.values())
    return {
        str(row.id): f"{tr_text(row.name)} ({tr_text(row.dependency.name)})"
        for row in sorted(rows, key=lambda row: tr_text(row.name))
    }


def _service_form(service: Service | None) -> ServiceForm:
    data = {}
    if service is not None:
        data = {
            "version": str(service.version),
            "codigo": service.code,
            "clave": service.slug,
            "tipo": service.kind.value,
            "modalidad": service.modality.value,
            "url_en_linea": service.online_url or "",
            "plazo": int(service.response_days),
            "silencio": service.silence.value,
            "costo": service.cost_amount,
            "dependencia": service.dependency.slug,
            "tema": service.topic.slug,
            "idiomas": list(service.languages),
            "palabras": ", ".join(service.keywords),
            "oficinas": [str(office.id) for office in service.offices],
            "requisitos": [
                {
                    **translated_data("nombre", row.name),
                    **translated_data("notas", row.notes),
                    **translated_data("emisor", row.issuer),
                    "original": row.original,
                    "copias": row.copies,
                    "producido_por": row.produced_by.code if row.produced_by else "",
                }
                for row in service.requirements
            ],
            "formatos": [
                {
                    **translated_data("nombre", row.name),
                    "url": row.url or "",
                    "publicado": row.published_on,
                }
                for row in service.request_formats
            ],
            **_law_fields_data(service),
        }
        for prefix, (model, *_rest) in SERVICE_TEXTS.items():
            data |= translated_data(prefix, getattr(service, model))
    else:
        data = {"idiomas": ["es"], "plazo": None}
    form = ServiceForm(
        data=data,
        dependencies=_dependencies(_offered(Dependency, service and service.dependency)),
        topics=by_label(
            db.session.scalars(select(Topic).where(_offered(Topic, service and service.topic)))
        ),
        offices=_offices(service),
    )
    if request.method == "GET":  # an empty row to fill in after the existing ones
        for rows in (form.pasos, form.requisitos, form.inspecciones, form.formatos):
            rows.append_entry()
    return form


def _law_fields_data(service: Service) -> dict:
    """The form's values of the fields the law asks to publish that the first version of the
    form lacked: steps, inspections, how it is requested, prevention, appointment, contact."""
    return {
        "pasos": [translated_data("texto", row.text) for row in service.steps],
        "inspecciones": [
            {**translated_data("objeto", row.subject), **translated_data("proposito", row.purpose)}
            for row in service.inspections
        ],
        "tipo_solicitud": service.request_type.value if service.request_type else "",
        "tipo_solicitante": service.applicant_type.value if service.applicant_type else "",
        "plazo_prevencion": service.prevention_days,
        "plazo_respuesta_prevencion": service.prevention_answer_days,
        "requiere_cita": service.appointment_required,
        "responsable_nombre": service.contact_name or "",
        "responsable_telefono": service.contact_phone or "",
        "responsable_correo": service.contact_email or "",
    }


def _law_fields_values(form: ServiceForm) -> dict:
    def days(field):
        return WorkingDays(field.data) if field.data is not None else None

    return {
        "request_type": RequestType(form.tipo_solicitud.data) if form.tipo_solicitud.data else None,
        "applicant_type": (
            ApplicantType(form.tipo_solicitante.data) if form.tipo_solicitante.data else None
        ),
        "prevention_days": days(form.plazo_prevencion),
        "prevention_answer_days": days(form.plazo_respuesta_prevencion),
        "appointment_required": form.requiere_cita.data,
        "contact_name": form.responsable_nombre.data or None,
        "contact_phone": form.responsable_telefono.data or None,
        "contact_email": form.responsable_correo.data or None,
    }


def _service_values(form: ServiceForm) -> dict:
    values = {
        model: translated_value(form, prefix) for prefix, (model, *_r) in SERVICE_TEXTS.items()
    }
    values |= {
        "slug": form.clave.data,
        "code": form.codigo.data,
        "kind": ServiceKind(form.tipo.data),
        "modality": Modality(form.modalidad.data),
        "online_url": form.url_en_linea.data or None,
        "response_days": form.plazo.data,
        "silence": Silence(form.silencio.data),
        "cost_amount": form.costo.data,
        "dependency": _by_slug(Dependency, form.dependencia.data),
        "topic": _by_slug(Topic, form.tema.data),
        "languages": list(form.idiomas.data),
        "keywords": [
            # "|" separates them too, as in the catalog's files (a keyword cannot hold it).
            word.strip()
            for word in re.split(r"[,|]", form.palabras.data or "")
            if word.strip()
        ],
        "offices": [db.session.get(Office, int(value)) for value in form.oficinas.data or ()],
        **_law_fields_values(form),
    }
    return values


def _edit_page(form, service, status=200):
    return render_template(
        "catalog/admin/service.html",
        form=form,
        service=service,
        may_edit=_may_edit(),
        texts=SERVICE_TEXTS,
        retire_form=RetireForm() if service is not None else None,
    ), status


@bp.route("/servicios/nuevo", methods=["GET", "POST"])
@roles(*MANAGING_ROLES)
def new_service():
    return _save_service(None)


@bp.route("/servicios/<int:service_id>", methods=["GET", "POST"])
@roles(*READING_ROLES)
def service(service_id: int):
    found = _service(service_id)
    if request.method == "POST" and not _may_edit():
        abort(403)
    return _save_service(found)


def _save_service(service: Service | None):
    form = _service_form(service)
    if request.method == "GET":
        return _edit_page(form, service)
    if form.adding():
        return _edit_page(form, service)
    if not form.validate_on_submit():
        return _edit_page(form, service, 400)
    try:
        saved = editing.save_service(
            service,
            _service_values(form),
            form.requirement_rows(),
            form.format_rows(),
            by=current_user,
            ip=request.remote_addr,
            version=int(form.version.data) if (form.version.data or "").isdigit() else None,
            steps=form.step_rows(),
            inspections=form.inspection_rows(),
        )
    except editing.EditConflict as error:
        show_problems(form, error)
        # Saving again is then a choice made knowing it: it replaces the other person's change.
        form.version.data = str(service.version)
        return _edit_page(form, service, 409)
    except RuleError as error:
        show_problems(form, error)
        return _edit_page(form, service, 400)
    flash(
        _(
            "Se guardó «%(name)s». La página pública ya muestra los cambios.",
            name=tr_text(saved.name),
        )
    )
    return redirect(url_for(".service", service_id=saved.id), 303)


@bp.post("/servicios/<int:service_id>/retirar")
@roles(*MANAGING_ROLES)
def retire(service_id: int):
    found = _service(service_id)
    form = RetireForm()
    replacement = None
    if form.validate_on_submit() and form.reemplazo.data:
        replacement = db.session.scalar(select(Service).where(Service.code == form.reemplazo.data))
        if replacement is None:
            form.reemplazo.errors = [_("No hay un trámite con esa homoclave.")]
    if form.errors:
        return render_template("catalog/admin/retire.html", form=form, service=found), 400
    try:
        editing.retire_service(
            found, form.fecha.data, replacement, current_user, request.remote_addr
        )
    except RuleError as error:
        show_problems(form, error)
        return render_template("catalog/admin/retire.html", form=form, service=found), 400
    flash(_("«%(name)s» se retiró del catálogo.", name=tr_text(found.name)))
    return redirect(url_for(".service", service_id=found.id), 303)


@bp.post("/servicios/<int:service_id>/restablecer")
@roles(*MANAGING_ROLES)
def restore(service_id: int):
    found = _service(service_id)
    try:
        editing.restore_service(found, current_user, request.remote_addr)
    except RuleError as error:
        flash(str(next(iter(error.problems.values()))), "error")
        return redirect(url_for(".service", service_id=found.id), 303)
    flash(_("«%(name)s» vuelve a ofrecerse.", name=tr_text(found.name)))
    return redirect(url_for(".service", service_id=found.id), 303)


# Dependencies, offices and topics, the upload and the downloads of the whole catalog are routes
# of this blueprint too.
from app.catalog import admin_rows, admin_transfer  # noqa: E402, F401
