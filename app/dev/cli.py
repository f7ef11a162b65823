"""``flask dev …``: tools for developers and benchmarks, never needed in production."""

import time

import click

from app.core.commands import Group


@click.group("dev", cls=Group)
def dev() -> None:
    """Developer tools: generated data at scale."""


@dev.command("generate")
@click.option(
    "--services",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Procedures and services.",
)
@click.option(
    "--feedback",
    type=click.IntRange(min=0),
    default=2000,
    show_default=True,
    help="Feedback items.",
)
@click.option(
    "--surveys",
    type=click.IntRange(min=0),
    default=None,
    help="Survey responses [half the feedback].",
)
@click.option(
    "--years",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Years of measurements and feedback.",
)
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same data).")
def generate_command(services, feedback, surveys, years, seed) -> None:
    """Fill an empty, migrated database with realistic generated data (COPY on PostgreSQL)."""
    # Imported here: web workers, which register the commands too, never generate anything.
    from app.dev.generate import GENERATED_ACCESS_CODE, NotEmpty, Sizes, generate

    started = time.perf_counter()
    try:
        report = generate(
            Sizes(services=services, feedback=feedback, surveys=surveys, years=years, seed=seed),
            echo=lambda message: click.echo(f"  {message}", err=True),
        )
    except NotEmpty as error:
        raise click.ClickException(f"{error}: run it on a new database.") from None
    for table, rows in sorted(report.counts.items()):
        click.echo(f"{table:20} {rows:>10,}")
    click.echo(f"Generated in {time.perf_counter() - started:.1f} s.")
    click.echo(f"Every generated item's access code is {GENERATED_ACCESS_CODE}.")
