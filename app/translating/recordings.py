"""``/admin/traducciones/audio``: recordings of a service's description and requirements per
language, with their transcripts. Administrators and coordinators record every language,
translators the languages assigned to them (403 for any other); every change is audited."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.catalog import audio as service_audio
from app.catalog.models import AudioPart, Service
from app.core import audio
from app.core.i18n import LANGUAGES, tr_text
from app.extensions import db
from app.staff.access import require_staff
from app.translating.forms import AudioForm, DeleteAudioForm

bp = Blueprint("recordings_admin", __name__, url_prefix="/admin/traducciones/audio")
bp.before_request(require_staff)


@bp.app_context_processor
def recording_helpers():
    """``may_record_audio(code)``: whether the person signed in may record in a language."""
    return {
        "may_record_audio": lambda code: (
            current_user.is_authenticated and service_audio.may_record(current_user, code)
        )
    }


def limits() -> str:
    return _(
        "Ogg/Opus, MP3 o M4A, de hasta %(size)s MB y %(minutes)d minutos.",
        size=audio.megabytes(audio.max_bytes()),
        minutes=max(1, audio.max_seconds() // 60),
    )


def _load(service_id: int, code: str) -> Service:
    """The service, if the person may record in ``code`` (404 for an unknown service or
    language, 403 for a language they may not record)."""
    service = db.session.get(Service, service_id)
    if service is None or code not in LANGUAGES:
        abort(404)
    if not service_audio.may_record(current_user, code):
        abort(403)
    return service


def _part(value: str) -> AudioPart:
    try:
        return AudioPart(value)
    except ValueError:
        abort(404)


def _page(service, code, forms=None, status=200):
    forms = forms or {}
    for part in AudioPart:
        forms.setdefault(part, AudioForm(prefix=part.value))
        forms[part].audio.description = limits()
        forms[part].transcript.render_kw = {"lang": code}
    return render_template(
        "translating/audio.html",
        service=service,
        language=LANGUAGES[code],
        recordings=service_audio.recordings(service, code),
        forms=forms,
        delete_form=DeleteAudioForm(),
        parts=list(AudioPart),
    ), status


@bp.get("/<int:service_id>/<code>")
def recordings(service_id: int, code: str):
    return _page(_load(service_id, code), code)


@bp.post("/<int:service_id>/<code>/<part_value>")
def upload(service_id: int, code: str, part_value: str):
    service = _load(service_id, code)
    part = _part(part_value)
    form = AudioForm(prefix=part.value)
    recording = None
    if form.validate_on_submit():
        upload_file = form.audio.data
        try:
            with upload_file.stream:
                recording = audio.check(upload_file.filename or "audio", upload_file.stream)
        except audio.AudioError as error:
            form.audio.errors = [str(error)]
    if recording is None:
        return _page(service, code, {part: form}, 400)
    service_audio.save(
        service, code, part, recording, form.transcript.data, current_user, request.remote_addr
    )
    flash(
        _("Se guardó el audio de «%(name)s» en %(language)s.",
          name=tr_text(service.name), language=LANGUAGES[code].name)
    )  # fmt: skip
    return redirect(url_for(".recordings", service_id=service.id, code=code), 303)


@bp.post("/<int:service_id>/<code>/<part_value>/borrar")
def delete(service_id: int, code: str, part_value: str):
    service = _load(service_id, code)
    found = service_audio.recordings(service, code).get(_part(part_value))
    if found is None:
        abort(404)
    if not DeleteAudioForm().validate_on_submit():
        abort(400)
    service_audio.delete(found, current_user, request.remote_addr)
    flash(_("Se borró el audio."))
    return redirect(url_for(".recordings", service_id=service.id, code=code), 303)
