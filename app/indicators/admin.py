"""The quality team's workspace (``/admin/indicadores``): results measured outside the system,
definition changes, improvement actions and quarterly reports. Every query is scoped to the
charters of the person's dependencies."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.charters.models import (
    APPROVED_STATUSES,
    Charter,
    CharterVersion,
    Commitment,
    Comparator,
    Indicator,
    IndicatorRevision,
    Source,
)
from app.core.clock import local_today
from app.core.forms import options, show_problems
from app.core.i18n import tr_text
from app.core.pagination import page_number
from app.core.rules import RuleError
from app.core.templating import period_label
from app.core.types import Period
from app.extensions import db
from app.feedback import uploads
from app.indicators.forms import ActionForm, MeasurementForm, PublishForm, RevisionForm
from app.indicators.models import (
    ActionOrigin,
    ActionStatus,
    ImprovementAction,
    Measurement,
    MeasurementStatus,
    Report,
)
from app.indicators.services import engine, evaluations, manual, outcomes, reports
from app.indicators.services.comments import survey_comments
from app.staff.access import require_staff, roles
from app.staff.models import INSTITUTION_ROLES, MANAGING_ROLES
from app.staff.services import scope

bp = Blueprint("indicators_admin", __name__, url_prefix="/admin/indicadores")
COMMENTS_PER_PAGE = 50
bp.before_request(require_staff)

# The quality team: they record results, change definitions, act and publish reports.


def _in_scope(statement):
    allowed = scope(current_user)
    return statement if allowed is None else statement.where(Charter.dependency_id.in_(allowed))


def _charter(slug: str) -> Charter:
    """A charter of the person's dependencies; 404 otherwise, even if it exists."""
    charter = db.session.scalar(_in_scope(select(Charter).where(Charter.slug == slug)))
    if charter is None:
        abort(404)
    return charter


def _indicator(indicator_id: int) -> Indicator:
    """An indicator of an approved version (published or archived) of a charter in scope;
    404 otherwise. A draft's or a version in review's indicators are never measured, and their
    definition changes in the draft itself (where its lock version keeps colleagues' work)."""
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.commitment.version.status not in APPROVED_STATUSES:
        abort(404)
    _charter(indicator.commitment.version.charter.slug)
    return indicator


def _period(text: str) -> Period:
    """A quarter named in the URL; 404 for anything else."""
    try:
        period = Period.parse(text)
    except ValueError:
        abort(404)
    if period.kind != "T":
        abort(404)
    return period


def _back_to(indicator: Indicator, message: str):
    """Back to the indicator's charter, saying what was saved."""
    flash(message)
    return redirect(url_for(".charter", slug=indicator.commitment.version.charter.slug), 303)


def _say_if_reported(indicator: Indicator, period: Period) -> None:
    """After a result is corrected: whether a published report counted it otherwise."""
    quarter = period.results_quarter
    if quarter in reports.corrected_since_published(indicator.commitment.version.charter_id):
        flash(
            _(
                "El informe publicado de %(period)s ya no muestra este resultado: la unidad de "
                "calidad debe publicar una corrección con una nota.",
                period=period_label(quarter),
            )
        )


@bp.get("")
def index():
    page = db.paginate(
        _in_scope(select(Charter)).options(selectinload(Charter.dependency)).order_by(Charter.slug),
        page=request.args.get("page", 1, type=page_number),
        per_page=25,
    )
    return render_template("indicators/admin/index.html", page=page)


@bp.get("/cartas/<slug>/comentarios")
def comments(slug: str):
    """What citizens wrote in the surveys of the charter's services, newest first."""
    charter = _charter(slug)
    page = db.paginate(
        survey_comments(charter.id),
        page=request.args.get("page", 1, type=page_number),
        per_page=COMMENTS_PER_PAGE,
    )
    return render_template("indicators/admin/comments.html", charter=charter, page=page)


@bp.get("/cartas/<slug>")
def charter(slug: str):
    charter = _charter(slug)
    today = local_today()
    version = reports.version_in(charter.id, Period.quarter_of(today))
    indicators = [i for c in version.commitments for i in c.indicators] if version else []
    quarters = _reported_quarters(charter, today)
    published = db.session.execute(
        select(Report.period, func.max(Report.revision))
        .where(Report.charter_id == charter.id)
        .group_by(Report.period)
    )
    return render_template(
        "indicators/admin/charter.html",
        charter=charter,
        version=version,
        indicators=indicators,
        history=outcomes.measurement_history([i.id for i in indicators]),
        unmet=[m for q in quarters for m in manual.unmet_without_action(charter.id, q)],
        actions=db.session.scalars(
            select(ImprovementAction)
            .where(ImprovementAction.charter_id == charter.id)
            .options(selectinload(ImprovementAction.indicator))
            .order_by(ImprovementAction.id.desc())
        ).all(),
        quarters=quarters[:8],
        revisions=dict(published.tuples().all()),
        corrected=reports.corrected_since_published(charter.id),
        evaluations={e.year: e.revision for e in evaluations.published_evaluations(charter.id)},
        evaluation_years=evaluations.evaluation_years(charter.id, today),
        is_automatic=engine.is_automatic,
        can_manage=current_user.role in MANAGING_ROLES,
    )


def _reported_quarters(charter: Charter, today) -> list[Period]:
    """The quarters of every version approved so far, newest first: a quarter's report is
    still prepared after the next version has replaced the one then in force."""
    quarters = {
        quarter
        for version in charter.versions
        if version.status in APPROVED_STATUSES and version.valid_from <= today
        for quarter in Period.span(
            version.valid_from, min(version.valid_until or today, today), "T"
        )
    }
    return sorted(quarters, reverse=True)


def _measurement_form(indicator: Indicator) -> MeasurementForm:
    form = MeasurementForm()
    periods = manual.entry_periods(indicator, local_today())
    form.periodo.choices = options({str(p): period_label(p) for p in periods})
    if not form.is_submitted():
        form.fuente.data = indicator.source.value
        chosen = request.args.get("periodo")
        form.periodo.data = chosen if chosen in {str(p) for p in periods} else None
    return form


@bp.route("/indicador/<int:indicator_id>/resultado", methods=["GET", "POST"])
@roles(*MANAGING_ROLES)
def record(indicator_id: int):
    """Record or correct a result measured outside the system, with its evidence."""
    indicator = _indicator(indicator_id)
    if engine.is_automatic(indicator):
        abort(409)  # computed by the system from feedback and surveys
    form = _measurement_form(indicator)
    if form.validate_on_submit():
        evidence = manual.Evidence(
            form.evidencia_nota.data, form.evidencia_enlace.data, form.evidencia_archivo.data
        )
        period = Period.parse(form.periodo.data)
        try:
            manual.record_manual(
                indicator, period, form.numerador.data, form.denominador.data,
                Source(form.fuente.data), evidence, current_user, local_today(),
                request.remote_addr,
            )  # fmt: skip
        except RuleError as error:
            show_problems(form, error)
        else:
            saved = _back_to(indicator, _("Se guardó el resultado del indicador."))
            _say_if_reported(indicator, period)
            return saved
    history = outcomes.measurement_history([indicator.id])[indicator.id]
    status = 400 if form.errors else 200
    return render_template(
        "indicators/admin/record.html", indicator=indicator, form=form, history=history
    ), status


@bp.get("/resultados/<int:measurement_id>/evidencia")
def evidence(measurement_id: int):
    """The evidence file of a result, only for staff who may see its charter."""
    measurement = db.session.get(Measurement, measurement_id)
    if measurement is None or not measurement.evidence_file:
        abort(404)
    _indicator(measurement.indicator_id)
    manual.record_evidence_download(measurement, current_user, request.remote_addr)
    return send_file(
        uploads.path_of(measurement.evidence_file),
        mimetype=measurement.evidence_content_type,
        as_attachment=True,
        download_name=measurement.evidence_filename,
    )


def _revision_form(indicator: Indicator) -> RevisionForm:
    current = indicator.current
    today = local_today()
    version = indicator.commitment.version
    kind = indicator.periodicity.period_kind
    first = Period.containing(today, kind)
    last = version.valid_until or Period.containing(today, "A").following().end
    periods = Period.span(first.start, last, kind) if first.start <= last else []
    form = RevisionForm(
        data=None
        if request.method == "POST"
        else {
            "comparador": current.comparator.value,
            "valor_meta": current.target,
            "umbral": current.threshold,
            "numerador_texto": tr_text(current.numerator),
            "denominador_texto": tr_text(current.denominator or {}),
        }
    )
    form.desde.choices = options({str(p): period_label(p) for p in periods})
    return form


def _spanish(text: str | None) -> dict | None:
    """Staff write definitions in Spanish; other languages fall back to it."""
    return {"es": text} if text else None


@bp.route("/indicador/<int:indicator_id>/definicion", methods=["GET", "POST"])
@roles(*MANAGING_ROLES)
def revise(indicator_id: int):
    """Change an indicator's target, threshold or formula from a period on."""
    indicator = _indicator(indicator_id)
    form = _revision_form(indicator)
    if form.validate_on_submit():
        revision = IndicatorRevision(
            starts=Period.parse(form.desde.data),
            comparator=Comparator(form.comparador.data),
            target=form.valor_meta.data,
            threshold=form.umbral.data,
            threshold_unit=indicator.threshold_unit if form.umbral.data is not None else None,
            numerator=_spanish(form.numerador_texto.data),
            denominator={"es": form.denominador_texto.data}
            if form.denominador_texto.data
            else None,
            note=_spanish(form.nota.data),
        )
        try:
            manual.revise_definition(
                indicator, revision, current_user, local_today(), request.remote_addr
            )
        except RuleError as error:
            show_problems(form, error)
        else:
            return _back_to(indicator, _("Se guardó la definición del indicador."))
    return render_template(
        "indicators/admin/revise.html", indicator=indicator, form=form
    ), 400 if form.errors else 200


def _action_form(charter: Charter, action: ImprovementAction | None) -> ActionForm:
    """The action form, with the unmet results of the charter as choices (by measurement), of
    every version approved: those of a version since replaced still block its reports."""
    indicator_ids = (
        select(Indicator.id)
        .join(Commitment, Commitment.id == Indicator.commitment_id)
        .join(CharterVersion, CharterVersion.id == Commitment.version_id)
        .where(
            CharterVersion.charter_id == charter.id,
            CharterVersion.status.in_(APPROVED_STATUSES),
        )
    )
    unmet = db.session.scalars(
        select(Measurement)
        .where(Measurement.indicator_id.in_(indicator_ids))
        .where(Measurement.status == MeasurementStatus.NOT_MET)
        .options(selectinload(Measurement.indicator))
        .order_by(Measurement.period.desc())
    ).all()
    saved = {}
    if action is not None:
        chosen = next(
            (
                m
                for m in unmet
                if m.indicator_id == action.indicator_id and m.period == action.period
            ),
            None,
        )
        saved = {
            "origen": action.origin.value, "resultado": str(chosen.id) if chosen else "",
            "causa": action.cause, "accion": action.action, "responsable": action.responsible,
            "fecha_limite": action.due_on, "justificacion": action.justification,
            "estado": action.status.value,
        }  # fmt: skip
    elif request.method == "GET":
        saved = {"resultado": request.args.get("resultado", ""), "estado": "planned"}
    form = ActionForm(data=saved or None)
    labels = {str(m.id): f"{tr_text(m.indicator.name)} · {period_label(m.period)}" for m in unmet}
    form.resultado.choices = options({"": _("Ninguno"), **labels})
    form.unmet = {str(m.id): m for m in unmet}
    return form


@bp.route("/cartas/<slug>/acciones/nueva", methods=["GET", "POST"], defaults={"action_id": None})
@bp.route("/cartas/<slug>/acciones/<int:action_id>", methods=["GET", "POST"])
@roles(*MANAGING_ROLES)
def action(slug: str, action_id: int | None):
    """Add or update an improvement action (or a justification) of a charter."""
    charter = _charter(slug)
    action = None
    if action_id is not None:
        action = db.session.get(ImprovementAction, action_id)
        if action is None or action.charter_id != charter.id:
            abort(404)
    form = _action_form(charter, action)
    if form.validate_on_submit():
        plan = manual.ActionPlan(
            origin=ActionOrigin(form.origen.data),
            unmet=form.unmet.get(form.resultado.data),
            cause=form.causa.data,
            action=form.accion.data or None,
            justification=form.justificacion.data or None,
            responsible=form.responsable.data or None,
            due_on=form.fecha_limite.data,
            status=ActionStatus(form.estado.data),
        )
        manual.save_action(charter, action, plan, current_user, request.remote_addr)
        flash(_("Se guardó la acción de mejora."))
        return redirect(url_for(".charter", slug=charter.slug), 303)
    return render_template(
        "indicators/admin/action.html", charter=charter, action=action, form=form
    ), 400 if form.errors else 200


@bp.route("/cartas/<slug>/informes/<period>", methods=["GET", "POST"])
def report(slug: str, period: str):
    """A quarter's report: the draft as it stands, what blocks it, and its publication."""
    charter = _charter(slug)
    quarter = _period(period)
    today = local_today()
    form = PublishForm()
    problems: list = []
    if request.method == "POST":
        # The quality unit publishes; a dependency's manager prepares the actions it needs.
        if current_user.role not in INSTITUTION_ROLES:
            abort(403)
        if form.validate():
            try:
                report = reports.publish_report(
                    charter, quarter, current_user, form.nota.data or None, today,
                    request.remote_addr,
                )  # fmt: skip
            except reports.ReportError as error:
                problems = error.problems
            except RuleError as error:
                show_problems(form, error)
            else:
                return redirect(
                    url_for(".report", slug=slug, period=str(report.period), publicado=1), 303
                )
    content = reports.assemble_report(charter, quarter)
    problems = problems or reports.publication_problems(charter, quarter, content, today)
    return render_template(
        "indicators/admin/report.html",
        charter=charter,
        period=quarter,
        content=content,
        problems=problems,
        revisions=reports.report_revisions(charter.id, quarter),
        form=form,
        can_publish=current_user.role in INSTITUTION_ROLES,
        just_published=request.args.get("publicado"),
    ), 400 if request.method == "POST" else 200
