"""``flask charters archive``: record the versions replaced by a newer one that has started."""

import click

from app.charters.drafting import archive_replaced
from app.core.commands import Group


@click.group("charters", cls=Group)
def charters() -> None:
    """Charter versions."""


@charters.command("archive")
def archive_command() -> None:
    """Mark archived the published versions replaced by a later version whose start date has
    come (run daily; the public pages already switch on the start date without it)."""
    click.echo(f"{archive_replaced()} versions archived")
