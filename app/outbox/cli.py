"""``flask outbox``: deliver the e-mail waiting in the transactional outbox."""

import click
from flask import current_app

from app.core.commands import Group
from app.outbox.services import send_pending, transport_from_config, waiting_count


@click.group("outbox", cls=Group)
def outbox() -> None:
    """Deliver the e-mail waiting in the outbox.

    \b
    flask outbox send [--batch N]
        Send the due messages once (at most N, default 100) through
        MAIL_TRANSPORT (smtp, folder or console) and print
        "N sent, M failed, K waiting". A message that fails stays in the
        outbox and is retried later (after 1 minute, then doubling up to
        6 hours), so the exit code is 0 even when the mail server is down.
        Run it every minute or so from cron or a systemd timer. Several
        hosts may run it at the same time on PostgreSQL: each message is
        locked while it is sent (FOR UPDATE SKIP LOCKED).
    """


@outbox.command("send")
@click.option(
    "--batch",
    default=100,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most messages to send in this run.",
)
def send(batch: int) -> None:
    """Send the due messages once; print how many were sent, failed and are waiting."""
    config = current_app.config
    try:
        transport = transport_from_config(config)
    except ValueError as exc:  # a configuration error, not a delivery failure
        raise click.ClickException(str(exc)) from None
    sent, failed = send_pending(transport, config["MAIL_SENDER"], batch=batch)
    click.echo(f"{sent} sent, {failed} failed, {waiting_count()} waiting")
