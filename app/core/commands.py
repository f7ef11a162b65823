"""Command classes whose failures end in one line on stderr, never in a traceback.

A traceback tells the person at the command line nothing they can act on, and SQLAlchemy's carry
the statement's parameters (a password hash, for one). Every ``flask`` command group of the app is
built on these classes; a command's own mistakes (an unknown slug, say) raise
``click.ClickException`` with their message.
"""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError


def database_problem(error: SQLAlchemyError) -> str:
    """The driver's own first line: the statement and its parameters stay out."""
    lines = str(getattr(error, "orig", None) or error).splitlines()
    reason = lines[0] if lines else type(error).__name__
    missing_table = "no such table" in reason or "does not exist" in reason
    if isinstance(error, OperationalError | ProgrammingError) and missing_table:
        reason += " (has `flask db upgrade` run?)"
    return f"database error: {reason}"


class OneLineErrors:
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SQLAlchemyError as error:
            raise click.ClickException(database_problem(error)) from None
        except OSError as error:  # a file that cannot be read or written
            raise click.ClickException(str(error)) from None


class Group(OneLineErrors, AppGroup):
    """A ``flask`` command group (its commands run in the app context)."""


class Command(OneLineErrors, click.Command):
    """A single ``flask`` command."""


def progress_line(table: str, done: int, total: int) -> None:
    """A progress line of an import on stderr (the summary stays alone on stdout)."""
    click.echo(f"{table}: {done}/{total}", err=True)


def import_tables(source: Path, dry_run: bool, read, run, progress=None) -> None:
    """An import command of a spreadsheet format (``flask catalog import``, ``flask charters
    import``): ``read(source, problems)`` gives the tables, ``run(tables, problems,
    dry_run=...)`` imports them and gives its ``Summary`` or raises ``ImportRefused``, whose
    problems are listed one a line before the command fails. ``progress`` (as
    ``progress_line``) hears the rows read of each table."""
    from app.core.tabular import ImportRefused

    if not source.exists():
        raise click.ClickException(f"no such file or folder: {source}")
    problems: list = []
    tables = read(source, problems)
    if progress is not None:
        for name, (_where, rows) in tables.items():
            progress(f"{name} (read)", len(rows), len(rows))
    try:
        summary = run(tables, problems, dry_run=dry_run)
    except ImportRefused as refused:
        for problem in refused.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"nothing imported: {len(refused.problems)} problem(s)"
        ) from None
    if dry_run:
        click.echo("Dry run: the files are clean; nothing was changed. An import would give:")
    for line in summary.lines():
        click.echo(line)


def export_tables(folder: Path, xlsx: Path | None, exporting) -> None:
    """An export command of a spreadsheet format: the CSV files into ``folder`` and, with
    ``xlsx``, the workbook (``exporting`` has ``export_folder`` and ``export_workbook``)."""
    for path in exporting.export_folder(folder):
        click.echo(str(path))
    if xlsx is not None:
        click.echo(str(exporting.export_workbook(xlsx)))
