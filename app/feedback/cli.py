"""``flask feedback …``: housekeeping of citizen feedback."""

import click
from flask import current_app
from sqlalchemy import select

from app.core.clock import local_today, utcnow
from app.core.commands import Command, Group
from app.extensions import db
from app.feedback.models import Feedback
from app.feedback.services.erasure import erase_personal_data
from app.feedback.services.worklist import escalate_overdue, queue_digests
from app.feedback.uploads import purge_pending

feedback = Group("feedback", help="Housekeeping of citizen feedback.")


@feedback.command("purge")
@click.option(
    "--hours",
    type=click.IntRange(min=0),
    default=None,
    help="Age in hours (default PENDING_UPLOAD_HOURS).",
)
def purge(hours: int | None) -> None:
    """Delete attachments of forms that were never sent (run it daily)."""
    hours = current_app.config["PENDING_UPLOAD_HOURS"] if hours is None else hours
    click.echo(f"{purge_pending(hours)} unsent attachments deleted.")


@feedback.command("erase")
@click.argument("folio")
@click.option(
    "--text", is_flag=True, help="Also the person's words: the message and their notes in it."
)
def erase(folio: str, text: bool) -> None:
    """Erase the personal data of an item when the person cancels it (ARCO): contact data,
    place, files and voice message, and their address in the outbox. The case and its figures
    stay. Audited."""
    found = db.session.scalar(select(Feedback).where(Feedback.folio == folio.strip().upper()))
    if found is None:
        raise click.ClickException(f"no item with folio {folio}")
    files = erase_personal_data(found, text=text)
    click.echo(f"Personal data of {found.folio} erased ({files} files deleted).")


@feedback.command("escalate")
def escalate() -> None:
    """Escalate overdue unanswered items: their dependency's managers are e-mailed, and the
    coordinators once FEEDBACK_ESCALATE_COORDINATORS_DAYS working days late; never twice for
    the same item and level (run it once a day, before `flask outbox send`)."""
    escalated = escalate_overdue(local_today(), utcnow())
    db.session.commit()
    click.echo(f"{escalated} overdue items escalated.")


@click.command("digest", cls=Command)
def digest() -> None:
    """Queue each staff member's daily e-mail of items overdue or due soon, and of the charters
    to renew or recertify within 90 days (run it once a day, before `flask outbox send`)."""
    queued = queue_digests(local_today())
    db.session.commit()
    click.echo(f"{queued} digests queued.")
