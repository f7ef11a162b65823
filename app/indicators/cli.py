"""``flask indicators …``: computing the automatic indicators."""

import click

from app.core.commands import Group
from app.core.types import Period
from app.feedback.services.workflow import remeasure_response_times
from app.indicators.services.engine import recompute as recompute_results

indicators = Group("indicators", help="Indicators computed from feedback and surveys.")


def _period(_ctx, _param, value: str | None) -> Period | None:
    try:
        return None if value is None else Period.parse(value)
    except ValueError as error:
        raise click.BadParameter(
            "use a year (2026), a quarter (2026-T3) or a month (2026-M07)"
        ) from error


@indicators.command("recompute")
@click.option("--period", callback=_period, help="Only this period: 2026, 2026-T3 or 2026-M07.")
@click.option(
    "--changed",
    is_flag=True,
    help="Only the periods that feedback and surveys changed since the last run touched, those "
    "still provisional that time may change and those never computed (the nightly run).",
)
@click.option(
    "--remeasure",
    is_flag=True,
    help="First measure again every answer's response time with the rules in force (once, "
    "after an upgrade that changed them).",
)
def recompute(period: Period | None, changed: bool, remeasure: bool) -> None:
    """Recompute the indicators that come from feedback and surveys, for every charter (run it
    with --changed nightly, and without it weekly and after changing a charter's services or an
    indicator's definition; results of the current period stay provisional until it ends)."""
    if changed and (period is not None or remeasure):
        raise click.UsageError("--changed recomputes what changed: use it alone.")
    if remeasure:
        changed_times = remeasure_response_times()
        click.echo(f"{changed_times} response times measured again.")
    stored = recompute_results(period, changed=changed)
    click.echo(f"{stored} results recomputed.")
