"""The staff inbox and an item's page (``/admin/buzon``): every query is scoped."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.catalog.models import Dependency, Service
from app.catalog.services import find_dependencies
from app.charters.models import CharterVersion, Commitment
from app.charters.services import published_commitments
from app.core.calendar import WorkingCalendar
from app.core.clock import local_today
from app.core.forms import options, show_problems
from app.core.htmx import wants_fragment
from app.core.i18n import tr_text
from app.core.loading import load_collections
from app.core.rules import RuleError
from app.core.sealed import unseal
from app.core.search import SHOWN_MATCHES
from app.extensions import db
from app.feedback import uploads
from app.feedback.models import (
    Attachment,
    EventKind,
    Feedback,
    FeedbackEvent,
    FeedbackStatus,
    ResponseTemplate,
)
from app.feedback.services import finding, workflow
from app.feedback.staff_forms import (
    AnswerForm,
    AssignForm,
    AssignSearchForm,
    CommitmentForm,
    ImpactForm,
    InformationRequestForm,
    NoteForm,
    RemedyForm,
    StatusForm,
)
from app.staff.access import require_staff, roles
from app.staff.models import ACTING_ROLES, User
from app.staff.services import scope

bp = Blueprint("feedback_admin", __name__, url_prefix="/admin/buzon")
bp.before_request(require_staff)


def _in_scope(allowed: set[int] | None) -> list:
    """SQL conditions: the dependency is one the person may see (``allowed``; ``None``: all)."""
    return [] if allowed is None else [Dependency.id.in_(allowed)]


def _visible_dependencies(allowed: set[int] | None) -> list[Dependency]:
    statement = select(Dependency).where(*_in_scope(allowed))
    return sorted(db.session.scalars(statement), key=lambda d: tr_text(d.name))


# An item's page: the item with what it shows of other rows, one of each, joined (of the
# service, the commitment and its charter version, what the page shows: the remedy form starts
# from the compensation the charter promises, not all of their long texts), and whether it has
# files; then its history, with who did what, and its files if it has any (most have none).
# Statements built once (see ``app.core.loading``).
_ITEM = (
    select(Feedback, exists().where(Attachment.feedback_id == Feedback.id))
    .where(Feedback.folio == bindparam("folio"))
    .options(
        joinedload(Feedback.service).load_only(Service.name),
        joinedload(Feedback.dependency),
        joinedload(Feedback.assignee),
        joinedload(Feedback.commitment)
        .load_only(Commitment.text, Commitment.version_id)
        .joinedload(Commitment.version)
        .load_only(CharterVersion.compensation_measures),
    )
)
_EVENTS = {
    "events": select(FeedbackEvent)
    .where(FeedbackEvent.feedback_id == bindparam("item"))
    .order_by(FeedbackEvent.id)
    .options(joinedload(FeedbackEvent.user))
}
_ATTACHMENTS = {
    "attachments": select(Attachment)
    .where(Attachment.feedback_id == bindparam("item"))
    .order_by(Attachment.id)
}


def _item(folio: str) -> Feedback:
    """The item, if the signed-in person may see it; 404 otherwise, even if it exists."""
    feedback, has_files = db.session.execute(_ITEM, {"folio": folio}).first() or (None, False)
    if feedback is None or not _may_see(feedback.dependency_id):
        abort(404)
    if not has_files:
        set_committed_value(feedback, "attachments", [])
    load_collections(feedback, _EVENTS | (_ATTACHMENTS if has_files else {}), item=feedback.id)
    return feedback


def _number(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None


def _assignment(feedback: Feedback, search: AssignSearchForm | None = None):
    """The assignment form. Its choices are the item's dependency and person, those posted and
    the first matches of ``search``, all within the scope of the person who assigns: never a
    list of every dependency and person (thousands at scale). Returns the form and the
    dependencies and people it offers, by id; ``form.found`` holds the search's matches."""
    allowed = scope(current_user)
    posted = request.form if request.method == "POST" else {}
    # The item's own dependency is loaded with it, and in scope (or the item would not be).
    dependencies = {feedback.dependency_id: feedback.dependency} if feedback.dependency else {}
    dependencies |= finding.dependencies_by_id(
        [_number(posted.get("dependencia_asignada"))], allowed
    )
    people = finding.assignees_by_id(
        [feedback.assignee_id, _number(posted.get("persona"))], allowed
    )
    found = None
    text = search.asignar.data if search is not None and not search.asignar.errors else None
    if text:
        found = (
            find_dependencies(
                text, Dependency.retired_on.is_(None), *_in_scope(allowed), limit=SHOWN_MATCHES
            ),
            finding.find_assignees(text, allowed, SHOWN_MATCHES),
        )
        matched = sorted(found[0].items, key=lambda d: tr_text(d.name))
        dependencies |= {d.id: d for d in matched}
        people |= {u.id: u for u in found[1].items}
    form = AssignForm(
        dependencia_asignada=str(feedback.dependency_id or ""),
        persona=str(feedback.assignee_id or ""),
    )
    form.found = found
    form.dependencia_asignada.choices = options(
        {str(key): _dependency_label(d) for key, d in dependencies.items()}
    )
    form.persona.choices = options(
        {"": _("Nadie en particular"), **{str(key): _person_label(u) for key, u in people.items()}}
    )
    return form, dependencies, people


def _dependency_label(dependency: Dependency) -> str:
    name = tr_text(dependency.name)
    return f"{name} ({dependency.acronym})" if dependency.acronym else name


def _person_label(person: User) -> str:
    where = tr_text(person.dependency.name) if person.dependency else _("Toda la institución")
    return f"{person.name} · {where}"


def _page(feedback: Feedback, status_code=200, **forms):
    allowed = scope(current_user)
    status_form = forms.get("status_form") or StatusForm()
    status_form.estado.choices = _status_options(feedback)
    search = AssignSearchForm(request.args)
    search.validate()
    assign_form = forms.get("assign_form") or _assignment(feedback, search)[0]
    calendar = WorkingCalendar.load()
    html = render_template(
        "feedback/admin/item.html",
        feedback=feedback,
        deadline=workflow.explain_deadline(feedback, calendar),
        can_act=current_user.role in ACTING_ROLES,
        status_form=status_form,
        answer_form=forms.get("answer_form") or _answer_form(feedback),
        templates=_templates(allowed, feedback.dependency_id),
        information_form=forms.get("information_form") or InformationRequestForm(),
        note_form=forms.get("note_form") or NoteForm(),
        assign_form=assign_form,
        assign_search=search,
        impact_form=forms.get("impact_form") or ImpactForm(),
        commitment_form=forms.get("commitment_form") or _commitment_form(feedback),
        remedy_form=forms.get("remedy_form") or _remedy_form(feedback),
        can_answer=FeedbackStatus.ANSWERED in workflow.TRANSITIONS[feedback.status],
        can_ask=FeedbackStatus.WAITING in workflow.TRANSITIONS[feedback.status],
        new_code=new_code(feedback.folio),
        today=local_today(),
        calendar=calendar,
    )
    # Every page that shows the item, a refused action's too, puts on record who read it;
    # once built (the commit expires what the page read), and without what a refused action
    # may have left in the session.
    if status_code != 200:
        db.session.rollback()
    workflow.record_view(feedback, current_user, ip=request.remote_addr)
    return html, status_code


def _commitments_of(feedback: Feedback) -> dict:
    """The commitments of the published charters of the item's service, by id."""
    if feedback.service_id is None:
        return {}
    return {str(c.id): c for c in published_commitments(feedback.service_id)}


def _commitment_form(feedback: Feedback) -> CommitmentForm:
    form = CommitmentForm(compromiso_vinculado=str(feedback.commitment_id or ""))
    labels = {key: tr_text(c.text) for key, c in _commitments_of(feedback).items()}
    form.compromiso_vinculado.choices = options({"": _("Ninguno"), **labels})
    return form


def _remedy_form(feedback: Feedback) -> RemedyForm | None:
    """The remedy form, for claims about a commitment only; it starts from what was recorded,
    or from the compensation measures the charter promises."""
    if not workflow.takes_remedy(feedback):
        return None
    promised = tr_text(feedback.commitment.version.compensation_measures)
    confirmed = {True: "si", False: "no"}.get(feedback.breach_confirmed)
    return RemedyForm(
        incumplimiento=confirmed, medida=feedback.remedy or promised, otorgada=feedback.remedied_on
    )


def _answer_form(feedback: Feedback) -> AnswerForm:
    """The answer form, started from a template when the page was asked for one. A template
    deleted since the link was shown (or not the person's to see) leaves the form empty and
    says so: the item's page itself is still there."""
    chosen = _number(request.args.get("plantilla"))
    if chosen is None:
        return AnswerForm()
    template = db.session.get(ResponseTemplate, chosen)
    if template is None or not _may_see(template.dependency_id):
        form = AnswerForm()
        form.respuesta.errors = [
            _("Esa plantilla ya no existe: escriba la respuesta o elija otra.")
        ]
        return form
    return AnswerForm(respuesta=template.body)


def _status_options(feedback: Feedback):
    return options({s.value: s.label for s in workflow.next_statuses(feedback)})


@bp.get("/<folio>")
def item(folio: str):
    return _page(_item(folio))


def new_code(folio: str) -> str | None:
    """The access code of an item just registered, to read out to the person once."""
    shown = session.get("staff_code") or {}
    if shown.get("folio") != folio:
        return None
    session.pop("staff_code")
    return unseal(shown.get("code"), "staff_code")


def _conflict(feedback: Feedback, name: str, form, field: str, message: str):
    """The item changed since the page was opened and no longer takes this action: the page
    again (409), with what the person typed kept in its form and why next to it."""
    show_problems(form, RuleError(message, field=field))
    return _page(feedback, 409, **{name: form})


@bp.context_processor
def _item_page_helpers() -> dict:
    return {"assignment_seen": assignment_seen}


def assignment_seen(feedback: Feedback) -> str:
    """The item's assignment as its page shows it, sent back by the assignment form."""
    return f"{feedback.dependency_id or ''}:{feedback.assignee_id or ''}"


def _changed(form, now: str) -> bool:
    """Whether the item changed since its page was opened: the form's ``visto`` (what the page
    showed) is not ``now``. A form without it (sent by other software) is not checked."""
    return bool(form.visto.data) and form.visto.data != now


def _done(feedback: Feedback, message: str):
    """Back to the item, saying what was done there."""
    flash(message)
    return redirect(url_for(".item", folio=feedback.folio), 303)


@bp.post("/<folio>/estado")
@roles(*ACTING_ROLES)
def change_status(folio: str):
    feedback = _item(folio)
    form = StatusForm()
    form.estado.choices = _status_options(feedback)
    if _changed(form, feedback.status.value):
        if form.estado.data == feedback.status.value and workflow.already_said(
            feedback, EventKind.STATUS_CHANGED, form.nota.data or None, current_user
        ):  # a double click
            return redirect(url_for(".item", folio=feedback.folio), 303)
        why = _(
            "Otra persona cambió el folio a «%(status)s» desde que abrió la página: revise si "
            "aún quiere cambiar su estado. Su texto sigue aquí.",
            status=feedback.status.label,
        )
        return _conflict(feedback, "status_form", form, "estado", why)
    if not form.validate():
        return _page(feedback, 400, status_form=form)
    try:
        workflow.change_status(
            feedback,
            FeedbackStatus(form.estado.data),
            current_user,
            form.nota.data or None,
            ip=request.remote_addr,
        )
    except RuleError as error:
        show_problems(form, error)
        return _page(feedback, 400, status_form=form)
    return _done(feedback, _("El estado cambió a «%(status)s».", status=feedback.status.label))


@bp.post("/<folio>/respuesta")
@roles(*ACTING_ROLES)
def answer(folio: str):
    feedback = _item(folio)
    form = AnswerForm()
    if FeedbackStatus.ANSWERED not in workflow.TRANSITIONS[feedback.status]:
        why = _(
            "Ya no se puede publicar esta respuesta: el folio pasó a «%(status)s» desde que "
            "abrió la página. Su texto sigue aquí para que lo copie o lo use después.",
            status=feedback.status.label,
        )
        return _conflict(feedback, "answer_form", form, "respuesta", why)
    if not form.validate():
        return _page(feedback, 400, answer_form=form)
    workflow.answer(feedback, form.respuesta.data, current_user, ip=request.remote_addr)
    return _done(feedback, _("Se publicó la respuesta: la persona ya puede leerla con su folio."))


@bp.post("/<folio>/informacion")
@roles(*ACTING_ROLES)
def request_information(folio: str):
    feedback = _item(folio)
    form = InformationRequestForm()
    if FeedbackStatus.WAITING not in workflow.TRANSITIONS[feedback.status]:
        why = _(
            "Ya no se puede pedir información: el folio pasó a «%(status)s» desde que abrió la "
            "página. Su texto sigue aquí para que lo copie o lo use después.",
            status=feedback.status.label,
        )
        return _conflict(feedback, "information_form", form, "pregunta", why)
    if not form.validate():
        return _page(feedback, 400, information_form=form)
    workflow.request_information(feedback, form.pregunta.data, current_user, ip=request.remote_addr)
    return _done(feedback, _("Se pidió información a la persona."))


@bp.post("/<folio>/nota")
@roles(*ACTING_ROLES)
def note(folio: str):
    feedback = _item(folio)
    form = NoteForm()
    if not form.validate():
        return _page(feedback, 400, note_form=form)
    workflow.add_note(feedback, form.nota_interna.data, current_user, ip=request.remote_addr)
    return _done(feedback, _("Se guardó la nota interna."))


@bp.post("/<folio>/asignacion")
@roles(*ACTING_ROLES)
def assign(folio: str):
    feedback = _item(folio)
    form, dependencies, people = _assignment(feedback)
    if _changed(form, assignment_seen(feedback)):
        if f"{form.dependencia_asignada.data}:{form.persona.data or ''}" == assignment_seen(
            feedback
        ):  # a double click, or the same choice made by someone else: nothing left to do
            return redirect(url_for(".item", folio=feedback.folio), 303)
        assigned = tr_text(feedback.dependency.name) if feedback.dependency else "–"
        if feedback.assignee is not None:
            assigned = f"{feedback.assignee.name} ({assigned})"
        why = _(
            "Otra persona asignó el folio desde que abrió la página; ahora está asignado a "
            "%(assigned)s. Revise si aún quiere cambiarlo.",
            assigned=assigned,
        )
        return _conflict(feedback, "assign_form", form, "dependencia_asignada", why)
    if not form.validate():
        return _page(feedback, 400, assign_form=form)
    dependency = dependencies[int(form.dependencia_asignada.data)]
    person = people.get(_number(form.persona.data))
    try:
        workflow.assign(feedback, dependency, person, current_user, ip=request.remote_addr)
    except RuleError as error:
        show_problems(form, error)
        return _page(feedback, 400, assign_form=form)
    if person is None:
        name = tr_text(dependency.name)
        return _done(feedback, _("Se asignó a %(dependency)s.", dependency=name))
    return _done(
        feedback,
        _(
            "Se asignó a %(person)s, de %(dependency)s.",
            person=person.name,
            dependency=tr_text(dependency.name),
        ),  # fmt: skip
    )


@bp.get("/<folio>/asignacion")
@roles(*ACTING_ROLES)
def assign_choices(folio: str):
    """The matches of the assignment search: only the choices, for htmx to swap in while the
    person types; without it, the search is sent to the item's page itself."""
    feedback = _item(folio)
    search = AssignSearchForm(request.args)
    search.validate()
    if not wants_fragment():
        return redirect(url_for(".item", folio=folio, asignar=search.asignar.data or None,
                                _anchor="asignacion"), 303)  # fmt: skip
    form = _assignment(feedback, search)[0]
    return render_template(
        "feedback/admin/_assign_choices.html", feedback=feedback, assign_form=form,
        assign_search=search, fragment=True,
    )  # fmt: skip


@bp.post("/<folio>/impacto")
@roles(*ACTING_ROLES)
def impact(folio: str):
    feedback = _item(folio)
    form = ImpactForm()
    if not form.validate():
        return _page(feedback, 400, impact_form=form)
    reason = form.impacto_motivo.data
    if (
        form.marcar.data == "si"
        and feedback.institutional_impact
        and reason
        and reason != workflow.impact_reason(feedback)  # not a double click
    ):
        # Someone marked it meanwhile, with their own reason: this one is not lost, it waits
        # in the internal note's field to be saved there.
        note = NoteForm(formdata=None, data={"nota_interna": reason})
        why = _(
            "Otra persona marcó el folio con impacto institucional desde que abrió la página. "
            "Su motivo quedó aquí: guárdelo como nota interna si quiere conservarlo."
        )
        return _conflict(feedback, "note_form", note, "nota_interna", why)
    workflow.flag_impact(
        feedback,
        form.marcar.data == "si",
        form.impacto_motivo.data or None,
        current_user,
        ip=request.remote_addr,
    )
    if feedback.institutional_impact:
        return _done(feedback, _("Se marcó con impacto institucional."))
    return _done(feedback, _("Se quitó la marca de impacto institucional."))


@bp.get("/<folio>/adjuntos/<int:attachment_id>")
def attachment(folio: str, attachment_id: int):
    """A citizen's file, only for staff who may see its item."""
    feedback = _item(folio)
    file = db.session.scalar(
        select(Attachment).filter_by(id=attachment_id, feedback_id=feedback.id)
    )
    path = uploads.path_of(file.stored_name) if file is not None else None
    if path is None or not path.is_file():
        abort(404)
    workflow.record_download(feedback, file, current_user, ip=request.remote_addr)
    return send_file(
        path,
        mimetype=file.content_type,
        as_attachment=True,
        download_name=file.original_name,
    )


@bp.get("/<folio>/voz/<int:attachment_id>")
def voice(folio: str, attachment_id: int):
    """The citizen's voice message, played in the item's page, only for staff who may see the
    item."""
    feedback = _item(folio)
    file = db.session.scalar(
        select(Attachment).filter_by(id=attachment_id, feedback_id=feedback.id, voice=True)
    )
    path = uploads.path_of(file.stored_name) if file is not None else None
    if path is None or not path.is_file():
        abort(404)
    # Players ask for the file in ranges: it is on record once per session, whatever range
    # comes first (only the one from its start was, and "bytes=1-" took all but a byte).
    heard = session.get("voices_heard", [])
    if file.id not in heard:
        workflow.record_download(feedback, file, current_user, ip=request.remote_addr)
        session["voices_heard"] = [*heard, file.id][-50:]
    return send_file(
        path, mimetype=file.content_type, download_name=file.original_name, conditional=True
    )


def _may_see(dependency_id: int | None) -> bool:
    allowed = scope(current_user)
    return allowed is None or dependency_id in allowed


# The templates of an item's dependency (bound: ``dependency``), on every page of an assigned
# item: built once (see ``app.core.loading``).
_DEPENDENCY_TEMPLATES = (
    select(ResponseTemplate)
    .where(ResponseTemplate.dependency_id == bindparam("dependency"))
    .order_by(ResponseTemplate.title)
)


def _templates(allowed: set[int] | None, dependency_id: int | None = None):
    if dependency_id is not None:
        # The item's dependency: in the person's scope, or its page would not show.
        return list(db.session.scalars(_DEPENDENCY_TEMPLATES, {"dependency": dependency_id}))
    statement = select(ResponseTemplate).options(selectinload(ResponseTemplate.dependency))
    if allowed is not None:
        statement = statement.where(ResponseTemplate.dependency_id.in_(allowed))
    return list(db.session.scalars(statement.order_by(ResponseTemplate.title)))


def _template(template_id: int) -> ResponseTemplate:
    """A template of a dependency the person may see; 404 otherwise."""
    template = db.session.get(ResponseTemplate, template_id)
    if template is None or not _may_see(template.dependency_id):
        abort(404)
    return template


@bp.post("/<folio>/compromiso")
@roles(*ACTING_ROLES)
def link_commitment(folio: str):
    feedback = _item(folio)
    form = _commitment_form(feedback)
    if not form.validate():
        return _page(feedback, 400, commitment_form=form)
    commitment = _commitments_of(feedback).get(form.compromiso_vinculado.data)
    workflow.link_commitment(feedback, commitment, current_user, ip=request.remote_addr)
    if commitment is None:
        return _done(feedback, _("Ya no está vinculado a ningún compromiso."))
    text = tr_text(commitment.text)
    return _done(feedback, _("Se vinculó al compromiso «%(commitment)s».", commitment=text))


@bp.post("/<folio>/compensacion")
@roles(*ACTING_ROLES)
def remedy(folio: str):
    feedback = _item(folio)
    form = RemedyForm()
    if not workflow.takes_remedy(feedback):
        why = _(
            "Ya no se puede registrar un incumplimiento: el folio dejó de ser una queja "
            "vinculada a un compromiso de la carta desde que abrió la página. Lo que escribió "
            "sigue aquí para que lo copie o lo use después."
        )
        return _conflict(feedback, "remedy_form", form, "medida", why)
    if not form.validate():
        return _page(feedback, 400, remedy_form=form)
    try:
        workflow.record_remedy(
            feedback,
            form.incumplimiento.data == "si",
            form.medida.data or None,
            form.otorgada.data,
            current_user,
            ip=request.remote_addr,
        )
    except RuleError as error:
        show_problems(form, error)
        return _page(feedback, 400, remedy_form=form)
    return _done(feedback, _("Se guardó el incumplimiento y la medida de compensación."))


# The inbox (the list, its filters and figures) is a route of this blueprint too.
from app.feedback import inbox_admin  # noqa: E402, F401
