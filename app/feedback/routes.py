"""The citizen's journey: choose a type, a service, write, check, send, keep the folio, follow."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog.models import Service
from app.catalog.services import map_start, service_by_slug
from app.charters.services import published_commitments
from app.core import ratelimit
from app.core.audio import AudioError
from app.core.clock import local_today, utcnow
from app.core.forms import show_problems
from app.core.i18n import current_language, languages_lead_to, tr_label
from app.core.rules import RuleError
from app.core.sealed import seal, unseal
from app.extensions import db, limiter
from app.feedback import uploads
from app.feedback.forms import (
    FeedbackForm,
    InformationForm,
    KeptFiles,
    NewCodeForm,
    RatingForm,
    ReopenForm,
    SurveyForm,
    TrackForm,
    TypeForm,
    service_step,
)
from app.feedback.models import EventKind, Feedback, FeedbackStatus, FeedbackType
from app.feedback.services import submission, workflow

bp = Blueprint("feedback", __name__, url_prefix="/<lang>")
TRACKED_KEY = "tracked"  # folios this browser proved it may follow (signed session cookie)
CODES_KEY = "new_codes"  # access codes to show once, on the confirmation page
SWITCH_MINUTES = 10  # the code is shown again in another language for so long after sending


def _submit_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT"]


def _browser_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT_BROWSER"]


def _survey_daily_limit() -> str:
    return current_app.config["RATELIMIT_SURVEY_DAILY"]


def _track_limit() -> str:
    return current_app.config["RATELIMIT_TRACK"]


def _form_limit() -> str:
    return current_app.config["RATELIMIT_FORM"]


def _new_code_limit() -> str:
    return current_app.config["RATELIMIT_NEW_CODE"]


def _new_code_folio_limit() -> str:
    return current_app.config["RATELIMIT_NEW_CODE_FOLIO"]


@bp.get("/buzon")
def start():
    return render_template("feedback/start.html", form=TypeForm(request.args or None))


def _journey():
    """The type and service chosen in the first steps (query string), or the page to show
    instead when one of them is missing or wrong."""
    type_form = TypeForm(request.args)
    if not type_form.validate():
        return None, None, (render_template("feedback/start.html", form=type_form), 400)
    kind = FeedbackType(type_form.tipo.data)
    step = service_step(request.args, scope=None)
    if step.chosen:
        return kind, step.service, None
    page = render_template("feedback/service.html", form=step.form, step=step, kind=kind)
    return kind, None, (page, step.status)


def _feedback_form(kind: FeedbackType, service: Service | None) -> FeedbackForm:
    form = FeedbackForm()
    commitments = {}
    if kind is FeedbackType.CLAIM:
        commitments = {str(c.id): tr_label(c.text) for c in _commitments(service)}
    form.set_commitments(commitments, required=bool(commitments))
    if not form.is_submitted():
        form.idioma.data = current_language().code
    return form


def _stored_files(form: KeptFiles, valid: bool) -> list[uploads.StoredFile] | None:
    """The files kept by an earlier step, and the new ones once all of them pass their checks
    (``None`` otherwise, with the errors on the form). Nothing new is read when there are too
    many files (``valid`` is false then). The new files that pass are kept even when another
    is refused: only that one is chosen again. A kept file that is gone (purged while the form
    stayed open) is asked for again: the item is never saved without it, unseen."""
    files, gone = [], []
    for value in form.adjuntos_guardados.data:
        stored = uploads.named(value)
        if stored is not None:
            (files if uploads.is_pending(stored) else gone).append(stored)
    form.adjuntos_guardados.data = [uploads.token(stored) for stored in files]
    if not form.adjuntos.errors:
        files += [uploads.keep_pending(file) for file in _checked_uploads(form.adjuntos)]
        form.adjuntos_guardados.data = [uploads.token(stored) for stored in files]
    form.adjuntos.errors = [
        *form.adjuntos.errors,
        *(
            _(
                "Ya no tenemos el archivo %(name)s que había adjuntado. Elíjalo otra vez.",
                name=stored.original_name,
            )
            for stored in gone
        ),
    ]
    return files if valid and not form.adjuntos.errors else None


def _voice(form: FeedbackForm) -> uploads.StoredFile | None:
    """The voice message: a new one once it passes its checks (then stored as pending), or the
    one kept by an earlier step; a refused one leaves its message on the form."""
    upload = form.voz.data
    if getattr(upload, "filename", ""):
        try:
            stored = uploads.keep_pending(uploads.check_voice(upload))
        except (uploads.UploadError, AudioError) as error:
            form.voz.errors = [*form.voz.errors, str(error)]
            form.voz_guardada.data = ""
            return None
        form.voz_guardada.data = uploads.token(stored)
        return stored
    kept = uploads.named(form.voz_guardada.data) if form.voz_guardada.data else None
    if kept is None or not kept.voice:
        form.voz_guardada.data = ""
        return None
    if not uploads.is_pending(kept):
        # Purged while the form stayed open: without it the message could be empty.
        form.voz.errors = [
            *form.voz.errors,
            _("Ya no tenemos el mensaje de voz que había grabado. Grábelo o adjúntelo otra vez."),
        ]
        form.voz_guardada.data = ""
        return None
    return kept


def _message_files(form: FeedbackForm) -> list[uploads.StoredFile] | None:
    """The files and the voice message (last) once the whole form is valid, else ``None``."""
    valid = form.validate()
    voice = _voice(form)
    files = _stored_files(form, valid and not form.voz.errors)
    return None if files is None else files + ([voice] if voice else [])


def _checked_uploads(field) -> list[uploads.CheckedFile]:
    """The files of an upload field that pass every check; each refused one adds its message
    to the field's errors."""
    checked = []
    for upload in field.data or []:
        if not getattr(upload, "filename", ""):
            continue
        try:
            checked.append(uploads.check(upload))
        except uploads.UploadError as error:
            field.errors = [*field.errors, str(error)]
    return checked


@bp.route("/buzon/nuevo", methods=["GET", "POST"])
@limiter.limit(_form_limit, methods=["POST"])
def new():
    kind, service, other_page = _journey()
    if other_page is not None:
        return other_page
    form = _feedback_form(kind, service)
    ratelimit.browser_id()  # the access code derives from it: a retried send shows it again
    context = dict(form=form, kind=kind, service=service)
    if not form.is_submitted() or "editar" in request.form:
        return _form_page(**context)
    files = _message_files(form)
    if files is None:
        return _form_page(**context), 400
    return render_template("feedback/check.html", files=files, **context)


def _form_page(form: FeedbackForm, kind: FeedbackType, service: Service | None) -> str:
    """The message form; with a tile server, its map starts over the service's offices."""
    return render_template(
        "feedback/form.html", form=form, kind=kind, service=service, map_bounds=map_start(service)
    )


@bp.post("/buzon/enviar")
@languages_lead_to("feedback.new")
@limiter.limit(_submit_limit)
@limiter.limit(_browser_limit, key_func=ratelimit.by_browser)
def send():
    kind, service, other_page = _journey()
    if other_page is not None:
        return other_page
    form = _feedback_form(kind, service)
    files = _message_files(form)
    if files is None:
        if submission.sent_with(form.clave_envio.data) is None:
            return _form_page(form, kind, service), 400
        # Sent before (a double tap, or changed after it was sent): its kept files went with
        # the item, so the service compares them by name.
        files = _named_files()
    if form.sitio_web.data:
        abort(400)  # only software fills the hidden field
    try:
        feedback, code = submission.submit(_submission(form, kind, service, files))
    except submission.AlreadySent as error:
        show_problems(form, error)
        form.clave_envio.data = uuid.uuid4().hex  # a new form: sending it makes a new item
        return _form_page(form, kind, service), 409
    except RuleError as error:
        show_problems(form, error)
        return _form_page(form, kind, service), 400
    if code is not None:
        # Sealed: the session cookie is signed, not encrypted, and readable by whoever holds it.
        sealed = seal(code, CODES_KEY)
        session[CODES_KEY] = {**session.get(CODES_KEY, {}), feedback.folio: sealed}
        _remember(feedback)
    return redirect(url_for(".received", folio=feedback.folio), 303)


def _submission(
    form: FeedbackForm, kind: FeedbackType, service: Service | None, files
) -> submission.Submission:
    chosen = form.compromiso.data or ""
    commitment_id = int(chosen) if chosen.isdigit() else None
    return submission.Submission(
        type=kind,
        text=form.descripcion.data or "",
        submission_key=form.clave_envio.data,
        language=form.idioma.data,
        consent=form.consentimiento.data,
        service=service,
        commitment=next((c for c in _commitments(service) if c.id == commitment_id), None),
        **form.details(),
        files=files,
        browser=ratelimit.browser_id(),
    )


def _named_files() -> list[uploads.StoredFile]:
    """The files and the voice message the sent form names, pending or not."""
    values = [*request.form.getlist("adjuntos_guardados"), request.form.get("voz_guardada")]
    named = [uploads.named(value) for value in values if value]
    return [stored for stored in named if stored is not None]


def _commitments(service: Service | None):
    if service is None:
        return []
    return published_commitments(service.id)


def tracking_proof(feedback: Feedback) -> str:
    """What a browser keeps of an item it may follow: the folio and a fingerprint of the item's
    access code as it is now, so that a new code (asked for to shut out whoever saw the old
    one) ends it in every browser that proved the old one."""
    fingerprint = hashlib.sha256(feedback.access_code_hash.encode()).hexdigest()[:16]
    return f"{feedback.folio}:{fingerprint}"


def _remember(feedback: Feedback) -> None:
    """Let this browser follow the item without typing the code again (last few only)."""
    kept = [p for p in session.get(TRACKED_KEY, []) if not p.startswith(f"{feedback.folio}:")]
    session[TRACKED_KEY] = [tracking_proof(feedback), *kept][:5]


def _proved(folio: str) -> Feedback | None:
    """The item, if this browser proved it may follow it with the item's current code."""
    proofs = session.get(TRACKED_KEY, [])
    if not any(p.startswith(f"{folio}:") for p in proofs):
        return None  # nothing read for a folio this browser never proved
    feedback = db.session.scalar(
        select(Feedback)
        .filter_by(folio=folio)
        .options(selectinload(Feedback.service), selectinload(Feedback.events))
    )
    return feedback if feedback is not None and tracking_proof(feedback) in proofs else None


def _code_to_show(folio: str) -> str | None:
    """The access code of a new item, on its first confirmation page; again only in another
    language, within ``SWITCH_MINUTES`` (the person who sent it switched the page's language),
    never on a reload in the same language (the next person at a shared computer)."""
    before, now = session.get(CODES_KEY, {}), utcnow()
    # Entries are the sealed code (not shown yet) or [sealed, language shown in, until].
    codes = {
        key: kept
        for key, kept in before.items()
        if isinstance(kept, str) or now < datetime.fromisoformat(kept[2])
    }
    kept, language = codes.get(folio), current_language().code
    shown = None
    if isinstance(kept, str):
        until = (now + timedelta(minutes=SWITCH_MINUTES)).isoformat(timespec="seconds")
        codes[folio], shown = [kept, language, until], kept
    elif kept is not None and kept[1] != language:
        codes[folio], shown = [kept[0], language, kept[2]], kept[0]
    if codes != before:
        session[CODES_KEY] = codes
    return unseal(shown, CODES_KEY) if shown is not None else None


@bp.get("/buzon/recibido/<folio>")
def received(folio: str):
    """The confirmation: the access code is shown once; a reload or bookmark shows the rest,
    only to the browser that sent the item or proved its code. Any other browser gets the same
    neutral page whether the folio exists or not."""
    feedback = _proved(folio)
    if feedback is None:
        return render_template("feedback/received_elsewhere.html")
    return render_template(
        "feedback/received.html",
        feedback=feedback,
        code=_code_to_show(feedback.folio),
        deadline=workflow.explain_deadline(feedback),
        overdue=workflow.is_overdue(feedback, local_today()),
    )


@bp.route("/buzon/seguimiento", methods=["GET", "POST"])
@limiter.limit(_track_limit, methods=["POST"])
def track():
    form = TrackForm()
    if form.validate_on_submit():
        feedback = submission.find_for_tracking(form.folio.data, form.codigo.data)
        if feedback is not None:
            _remember(feedback)
            return redirect(url_for(".status", folio=feedback.folio), 303)
        form.codigo.errors.append(
            _("El folio o el código de acceso no son correctos. Revíselos e inténtelo de nuevo.")
        )
    status = 400 if form.errors else 200
    return render_template("feedback/track.html", form=form), status


@bp.route("/buzon/seguimiento/codigo", methods=["GET", "POST"])
@limiter.limit(_new_code_limit, methods=["POST"])
@limiter.limit(
    _new_code_folio_limit,
    key_func=ratelimit.by_posted("folio", submission.normalize_folio),
    methods=["POST"],
)
def new_code():
    """A new access code by e-mail; the answer is the same whatever the folio."""
    form = NewCodeForm()
    if form.validate_on_submit():
        submission.reissue_code(form.folio.data)
        return redirect(url_for(".new_code", enviado=1), 303)
    sent = not form.is_submitted() and request.args.get("enviado") == "1"
    page = render_template("feedback/new_code.html", form=form, sent=sent)
    return page, 400 if form.errors else 200


def _tracked(folio: str) -> Feedback:
    """The item, if this browser proved it may follow it; otherwise back to the tracking form
    (the same for an unknown folio, so folios cannot be probed)."""
    feedback = _proved(folio)
    if feedback is None:
        abort(redirect(url_for(".track")))
    return feedback


@bp.get("/buzon/seguimiento/<folio>")
def status(folio: str):
    return _status_page(_tracked(folio))


def _status_page(feedback, code=200, **forms):
    today = local_today()
    return (
        render_template(
            "feedback/status.html",
            feedback=feedback,
            deadline=workflow.explain_deadline(feedback),
            overdue=workflow.is_overdue(feedback, today),
            rating_form=forms.get("rating_form") or RatingForm(),
            information_form=forms.get("information_form") or InformationForm(),
            reopen_form=forms.get("reopen_form") or ReopenForm(),
            can_rate=workflow.can_rate(feedback),
            can_reopen=workflow.can_reopen(feedback, today),
        ),
        code,
    )


def _moved_on(feedback, **forms):
    """A form the item no longer takes (staff acted while the person typed): the page as it is
    now, saying so, with what they typed to copy, not lost."""
    for form in forms.values():
        form.form_errors.append(
            _(
                "Su folio cambió mientras escribía y esto ya no se puede enviar. Abajo está lo que "
                "escribió, para que lo copie."
            )
        )
    return _status_page(feedback, 409, **forms)


@bp.post("/buzon/seguimiento/<folio>/calificacion")
@languages_lead_to("feedback.status")
def rate(folio: str):
    feedback = _tracked(folio)
    form = RatingForm()
    if not workflow.can_rate(feedback):
        if str(feedback.citizen_rating) == str(form.calificacion.data):
            return redirect(url_for(".status", folio=folio), 303)  # a double tap
        abort(409)
    if not form.validate():
        return _status_page(feedback, 400, rating_form=form)
    workflow.rate_answer(feedback, int(form.calificacion.data))
    return redirect(url_for(".status", folio=folio), 303)


@bp.post("/buzon/seguimiento/<folio>/informacion")
@languages_lead_to("feedback.status")
def inform(folio: str):
    feedback = _tracked(folio)
    form = InformationForm()
    if feedback.status is not FeedbackStatus.WAITING:
        if workflow.already_said(feedback, EventKind.INFORMATION_PROVIDED, form.respuesta.data):
            return redirect(url_for(".status", folio=folio), 303)  # a double tap
        return _moved_on(feedback, information_form=form)
    files = _stored_files(form, form.validate())
    if files is None:
        return _status_page(feedback, 400, information_form=form)
    workflow.provide_information(feedback, form.respuesta.data, files=files)
    return redirect(url_for(".status", folio=folio), 303)


@bp.post("/buzon/seguimiento/<folio>/reabrir")
@languages_lead_to("feedback.status")
def reopen(folio: str):
    """The citizen says the answer did not solve the problem: the item is reviewed again."""
    feedback = _tracked(folio)
    form = ReopenForm()
    if not workflow.can_reopen(feedback, local_today()):
        if workflow.already_said(feedback, EventKind.REOPENED, form.motivo.data):
            return redirect(url_for(".status", folio=folio), 303)  # a double tap
        return _moved_on(feedback, reopen_form=form)
    if not form.validate():
        return _status_page(feedback, 400, reopen_form=form)
    workflow.reopen(feedback, form.motivo.data)
    return redirect(url_for(".status", folio=folio), 303)


@bp.route("/encuesta/<slug>", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"])
@limiter.limit(_browser_limit, key_func=ratelimit.by_browser, methods=["POST"])
@limiter.limit(_survey_daily_limit, key_func=ratelimit.by_address_and_page, methods=["POST"])
def survey(slug: str):
    service = service_by_slug(slug)
    if service is None:
        abort(404)
    if service.slug != slug and request.method == "GET":
        # An address key the service had before (a printed poster's code): the current one.
        return redirect(url_for(".survey", slug=service.slug), 301)
    if service.retired_on is not None:
        # No longer offered: its ratings would count toward a charter that no longer covers it.
        return render_template("catalog/retired.html", service=service), 410
    form = SurveyForm()
    if form.validate_on_submit():
        if form.sitio_web.data:
            abort(400)
        submission.record_survey(
            service,
            score=int(form.calificacion.data),
            waiting=form.espera.data or None,
            attention=form.atencion.data or None,
            comment=form.comentario.data or None,
            language=current_language().code,
            submission_key=form.clave_envio.data,
        )
        return redirect(url_for(".survey_thanks", slug=service.slug), 303)
    status_code = 400 if form.errors else 200
    return render_template("feedback/survey.html", form=form, service=service), status_code


@bp.get("/encuesta/<slug>/gracias")
def survey_thanks(slug: str):
    service = service_by_slug(slug)
    if service is None:
        abort(404)
    return render_template("feedback/survey_thanks.html", service=service)
