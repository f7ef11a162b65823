"""The working calendar in the staff workspace (``/admin/calendario``): everyone on staff reads
it; coordinators and admins declare, change and remove days and periods, and import or export
them as iCalendar."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.calendar import services
from app.calendar.forms import ImportForm, PeriodForm, RemoveForm
from app.core.calendar import NonWorkingPeriod
from app.core.clock import local_today
from app.core.forms import show_problems, translated_data
from app.core.i18n import tr_text
from app.core.rules import RuleError
from app.extensions import db
from app.feedback.services.workflow import OPEN
from app.staff.access import require_staff, roles
from app.staff.models import INSTITUTION_ROLES, READING_ROLES

bp = Blueprint("calendar_admin", __name__, url_prefix="/admin/calendario")
bp.before_request(require_staff)


def _year() -> int:
    year = request.args.get("anio", type=int) or local_today().year
    if year not in services.YEARS:
        abort(404)
    return year


def _period(period_id: int) -> NonWorkingPeriod:
    return db.get_or_404(NonWorkingPeriod, period_id)


def _confirm(message: str, outcome: services.Outcome) -> None:
    """Flash the confirmation, what moved, and the published reports to correct."""
    flash(message, "success")
    # Dismissed items move too, but are not open and get no e-mail.
    if moved := [item for item in outcome.moved if item.status in OPEN]:
        flash(
            ngettext(
                "Cambió el plazo de %(num)d mensaje abierto; si quien lo envió dejó su correo, le "
                "avisamos.",
                "Cambió el plazo de %(num)d mensajes abiertos; avisamos por correo a quienes "
                "dejaron uno.",
                len(moved),
            ),  # fmt: skip
            "success",
        )
    if outcome.remeasured:
        flash(
            _(
                "Cambió el tiempo de respuesta de %(count)d mensajes respondidos.",
                count=len(outcome.remeasured),
            ),  # fmt: skip
            "success",
        )
    for report in outcome.reports:
        flash(
            {
                "charter": tr_text(report.charter.title),
                "period": str(report.period),
                "url": url_for(
                    "indicators_admin.report", slug=report.charter.slug, period=str(report.period)
                ),
            },
            "correction",
        )


def _page(year: int, form: PeriodForm, status: int = 200):
    can_edit = current_user.role in INSTITUTION_ROLES
    return render_template(
        "calendar/admin/index.html",
        year=year,
        entries=services.year_entries(year),
        form=form if can_edit else None,
        can_edit=can_edit,
    ), status


@bp.get("")
@roles(*READING_ROLES)
def index():
    return _page(_year(), PeriodForm(formdata=None))


@bp.post("")
@roles(*INSTITUTION_ROLES)
def add():
    year = _year()
    form = PeriodForm()
    if form.validate():
        try:
            period, outcome = services.declare(
                form.desde.data, form.last_day(), form.reason(), current_user,
                ip=request.remote_addr,
            )  # fmt: skip
        except RuleError as error:
            show_problems(form, error)
        else:
            _confirm(_("Declaramos %(what)s.", what=_describe(period)), outcome)
            return redirect(url_for(".index", anio=period.first_day.year), 303)
    return _page(year, form, 400)


@bp.route("/<int:period_id>", methods=["GET", "POST"])
@roles(*INSTITUTION_ROLES)
def edit(period_id: int):
    period = _period(period_id)
    form = PeriodForm(
        formdata=None if request.method == "GET" else request.form,
        data={
            "desde": period.first_day,
            "hasta": period.last_day if period.last_day != period.first_day else None,
            **translated_data("motivo", period.reason),
        },
    )
    if request.method == "POST" and form.validate():
        try:
            outcome = services.change(
                period, form.desde.data, form.last_day(), form.reason(), current_user,
                ip=request.remote_addr,
            )  # fmt: skip
        except RuleError as error:
            show_problems(form, error)
        else:
            _confirm(_("Guardamos %(what)s.", what=_describe(period)), outcome)
            return redirect(url_for(".index", anio=period.first_day.year), 303)
    return render_template(
        "calendar/admin/edit.html", period=period, form=form, remove_form=RemoveForm()
    ), 400 if form.errors else 200


@bp.post("/<int:period_id>/eliminar")
@roles(*INSTITUTION_ROLES)
def remove(period_id: int):
    period = _period(period_id)
    form = RemoveForm()
    if not form.validate():
        abort(400)
    what, year = _describe(period), period.first_day.year
    outcome = services.remove(period, current_user, ip=request.remote_addr)
    _confirm(_("Quitamos %(what)s.", what=what), outcome)
    return redirect(url_for(".index", anio=year), 303)


@bp.get("/<int:year>.ics")
@roles(*READING_ROLES)
def export(year: int):
    from app.calendar import ical  # icalendar loads only where a calendar file is made or read

    if year not in services.YEARS:
        abort(404)
    national = request.args.get("nacionales") == "1"
    return Response(
        ical.export_year(year, national=national),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="calendario-{year}.ics"'},
    )


@bp.route("/importar", methods=["GET", "POST"])
@roles(*INSTITUTION_ROLES)
def import_file():
    from app.calendar import ical  # see export

    form = ImportForm()
    entries: list = []
    known = 0  # periods of the file the calendar already has, as they are
    if request.method == "POST" and form.validate():
        confirming = bool(form.contenido.data) and not form.archivo.data
        try:
            text = form.contenido.data if confirming else ical.read_upload(form.archivo.data)
            if text is None:
                raise RuleError({"archivo": _("Elija un archivo .ics.")})
            read = ical.parse(text)
            entries = services.not_declared(read)
            known = len(read) - len(entries)
            if confirming and entries:
                added, outcome = services.declare_many(
                    entries, current_user, ip=request.remote_addr
                )
                _confirm(_("Importamos %(count)d días y periodos.", count=len(added)), outcome)
                return redirect(url_for(".index", anio=added[0].first_day.year), 303)
            services.check_many(entries)
        except RuleError as error:
            show_problems(form, error)
            entries = []
        else:
            form.contenido.data = text
    return render_template(
        "calendar/admin/import.html", form=form, entries=entries, known=known
    ), 400 if form.errors else 200


def _describe(period: NonWorkingPeriod) -> str:
    reason = tr_text(period.reason)
    if period.first_day == period.last_day:
        return _("el día %(day)s (%(reason)s)", day=period.first_day.isoformat(), reason=reason)
    return _(
        "el periodo del %(first)s al %(last)s (%(reason)s)",
        first=period.first_day.isoformat(),
        last=period.last_day.isoformat(),
        reason=reason,
    )
