"""Staff pages of a draft's commitments and their indicators (on the charter workspace's
blueprint): adding a commitment, editing, moving or removing it, and adding, editing or removing
its indicators, for the managers who may draft the charter; every staff role in scope reads them."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.charters import commitment_drafting, drafting
from app.charters.admin import _back, _commitment, _draft_change, _drafter, _version, bp
from app.charters.forms import INDICATOR_FORM_FIELDS, CommitmentForm, IndicatorForm, LockForm
from app.charters.models import (
    CharterStatus,
    Commitment,
    Comparator,
    Indicator,
    IndicatorKind,
    Periodicity,
    Source,
    Unit,
)
from app.core.forms import show_problems
from app.core.rules import RuleError
from app.staff.access import roles
from app.staff.models import MANAGING_ROLES, READING_ROLES


@bp.post("/<int:charter_id>/versiones/<int:number>/compromisos")
@roles(*MANAGING_ROLES)
def add_commitment(charter_id: int, number: int):
    found = _version(charter_id, number)
    _drafter(found.charter)
    added = []

    def change(form):
        added.append(
            commitment_drafting.add_commitment(
                found, form.texto.data, current_user, request.remote_addr, form.lock()
            )
        )

    refused = _draft_change(found, change, CommitmentForm(), name="commitment_form")
    if refused:
        return refused
    flash(_("Se agregó el compromiso %(number)d.", number=added[0].position))
    return redirect(
        url_for(".commitment", charter_id=charter_id, number=number, commitment_id=added[0].id),
        303,
    )


def _commitment_page(commitment: Commitment, status: int = 200, form=None, lock_form=None):
    version = commitment.version
    lock = {"version": str(version.lock_version)}
    return render_template(
        "charters/admin/commitment.html",
        charter=version.charter,
        version=version,
        commitment=commitment,
        editable=drafting.may_draft(current_user, version.charter)
        and version.status is CharterStatus.DRAFT,
        form=form or CommitmentForm(data={**lock, "texto": commitment.text.get("es", "")}),
        lock_form=lock_form or LockForm(data=lock, formdata=None),
    ), status


@bp.route(
    "/<int:charter_id>/versiones/<int:number>/compromisos/<int:commitment_id>",
    methods=["GET", "POST"],
)
@roles(*READING_ROLES)
def commitment(charter_id: int, number: int, commitment_id: int):
    found = _commitment(charter_id, number, commitment_id)
    if request.method == "GET":
        return _commitment_page(found)
    _drafter(found.version.charter)
    form = CommitmentForm()
    if not form.validate_on_submit():
        return _commitment_page(found, 400, form)
    try:
        commitment_drafting.save_commitment(
            found, form.texto.data, current_user, request.remote_addr, form.lock()
        )
    except RuleError as error:
        show_problems(form, error)
        if isinstance(error, drafting.EditConflict):
            form.version.data = str(found.version.lock_version)
        return _commitment_page(found, drafting.refusal_status(error), form)
    flash(_("Se guardó el compromiso %(number)d.", number=found.position))
    return redirect(request.path, 303)


@bp.post("/<int:charter_id>/versiones/<int:number>/compromisos/<int:commitment_id>/<action>")
@roles(*MANAGING_ROLES)
def commitment_action(charter_id: int, number: int, commitment_id: int, action: str):
    """Move a commitment up or down, or remove it."""
    found = _commitment(charter_id, number, commitment_id)
    version = found.version
    _drafter(version.charter)
    actions = {
        "subir": lambda form: commitment_drafting.move_commitment(
            found, -1, current_user, request.remote_addr, form.lock()
        ),
        "bajar": lambda form: commitment_drafting.move_commitment(
            found, 1, current_user, request.remote_addr, form.lock()
        ),
        "quitar": lambda form: commitment_drafting.remove_commitment(
            found, current_user, request.remote_addr, form.lock()
        ),
    }
    if action not in actions:
        abort(404)
    refused = _draft_change(version, actions[action])
    if refused:
        return refused
    if action == "quitar":
        flash(_("Se quitó el compromiso."))
        return _back(version, "compromisos")
    flash(_("El compromiso quedó en el lugar %(number)d.", number=found.position))
    return _back(version, f"compromiso-{found.id}")


def _indicator_form(indicator: Indicator | None) -> IndicatorForm:
    if indicator is None:
        data = {
            "tipo": IndicatorKind.SHARE_WITHIN.value,
            "comparador": Comparator.AT_LEAST.value,
            "unidad": Unit.PERCENT.value,
            "periodicidad": Periodicity.QUARTERLY.value,
            "fuente": Source.MANUAL.value,
            "unidad_umbral": "",
        }
    else:
        data = {}
        for name, attribute in INDICATOR_FORM_FIELDS.items():
            value = getattr(indicator, attribute)
            if isinstance(value, dict):
                value = value.get("es", "")
            elif hasattr(value, "value"):
                value = value.value
            data[name] = "" if value is None and name == "unidad_umbral" else value
    return IndicatorForm(data=data)


def _indicator_values(form: IndicatorForm) -> dict:
    values = {}
    for name, attribute in INDICATOR_FORM_FIELDS.items():
        values[attribute] = form[name].data
    values["name"] = {"es": form.nombre.data}
    values["numerator"] = {"es": form.numerador.data}
    values["denominator"] = {"es": form.denominador.data} if form.denominador.data else None
    values["kind"] = IndicatorKind(form.tipo.data)
    values["comparator"] = Comparator(form.comparador.data)
    values["unit"] = Unit(form.unidad.data)
    values["threshold_unit"] = Unit(form.unidad_umbral.data) if form.unidad_umbral.data else None
    values["periodicity"] = Periodicity(form.periodicidad.data)
    values["source"] = Source(form.fuente.data)
    return values


# The indicator form's field for each attribute (where a rule's message goes).
FIELD_OF = {attribute: name for name, attribute in INDICATOR_FORM_FIELDS.items()}


def _save_indicator(commitment: Commitment, indicator: Indicator | None):
    version = commitment.version
    editable = drafting.may_draft(current_user, version.charter)
    if request.method == "POST" or indicator is None:
        _drafter(version.charter)
    form = _indicator_form(indicator)
    form.version.data = str(version.lock_version)

    def page(status=200):
        return render_template(
            "charters/admin/indicator.html",
            charter=version.charter,
            version=version,
            commitment=commitment,
            indicator=indicator,
            form=form,
            editable=editable and version.status is CharterStatus.DRAFT,
        ), status

    if indicator is None and version.status is not CharterStatus.DRAFT:
        # Only a draft takes new indicators: say so, with nothing to fill in or save.
        show_problems(form, RuleError({None: drafting.NOT_A_DRAFT}))
        return page(400)
    if request.method == "GET":
        return page()
    form.process(request.form)
    if not form.validate_on_submit():
        return page(400)
    try:
        commitment_drafting.save_indicator(
            commitment,
            indicator,
            _indicator_values(form),
            current_user,
            request.remote_addr,
            form.lock(),
        )
    except RuleError as error:
        show_problems(form, RuleError({FIELD_OF.get(k, k): v for k, v in error.problems.items()}))
        if isinstance(error, drafting.EditConflict):
            form.version.data = str(version.lock_version)
        return page(drafting.refusal_status(error))
    flash(_("Se guardó el indicador «%(name)s».", name=form.nombre.data))
    return redirect(
        url_for(
            ".commitment",
            charter_id=version.charter_id,
            number=version.number,
            commitment_id=commitment.id,
        ),
        303,
    )


@bp.route(
    "/<int:charter_id>/versiones/<int:number>/compromisos/<int:commitment_id>/indicadores/nuevo",
    methods=["GET", "POST"],
)
@roles(*MANAGING_ROLES)
def new_indicator(charter_id: int, number: int, commitment_id: int):
    return _save_indicator(_commitment(charter_id, number, commitment_id), None)


def _indicator(charter_id, number, commitment_id, indicator_id) -> Indicator:
    commitment = _commitment(charter_id, number, commitment_id)
    indicator = next((i for i in commitment.indicators if i.id == indicator_id), None)
    if indicator is None:
        abort(404)
    return indicator


@bp.route(
    "/<int:charter_id>/versiones/<int:number>/compromisos/<int:commitment_id>"
    "/indicadores/<int:indicator_id>",
    methods=["GET", "POST"],
)
@roles(*READING_ROLES)
def indicator(charter_id: int, number: int, commitment_id: int, indicator_id: int):
    found = _indicator(charter_id, number, commitment_id, indicator_id)
    return _save_indicator(found.commitment, found)


@bp.post(
    "/<int:charter_id>/versiones/<int:number>/compromisos/<int:commitment_id>"
    "/indicadores/<int:indicator_id>/quitar"
)
@roles(*MANAGING_ROLES)
def remove_indicator(charter_id: int, number: int, commitment_id: int, indicator_id: int):
    found = _indicator(charter_id, number, commitment_id, indicator_id)
    commitment = found.commitment
    _drafter(commitment.version.charter)
    form = LockForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        commitment_drafting.remove_indicator(found, current_user, request.remote_addr, form.lock())
    except RuleError as error:
        show_problems(form, error)
        return _commitment_page(commitment, drafting.refusal_status(error), lock_form=form)
    flash(_("Se quitó el indicador."))
    return redirect(
        url_for(".commitment", charter_id=charter_id, number=number, commitment_id=commitment.id),
        303,
    )
