"""``flask programs import FILE…`` and ``flask programs export SLUG DIRECTORY``."""

from pathlib import Path

import click
from sqlalchemy import select

from app.core.commands import Group
from app.extensions import db
from app.programs.models import Program
from app.programs.services import csv_format, exporting, importing, reading


@click.group("programs", cls=Group)
def programs() -> None:
    """Import and export work programs as CSV files (import also as an XLSX workbook)."""


@programs.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
# Older scripts pass it: a program with the same slug is now always updated in place.
@click.option("--replace", is_flag=True, hidden=True)
def import_command(files: tuple[Path, ...], replace: bool) -> None:
    """Import a program from its CSV files (a folder holding them, or one XLSX workbook with a
    sheet per file). Every row is checked first; if anything is wrong, every problem is listed
    and nothing is imported. A program with the same slug is updated (rows matched by their
    codes); the progress recorded in the workspace is kept."""
    try:
        imported = importing.import_program(csv_format.read_files(files))
    except csv_format.ImportRefused as refused:
        for problem in refused.problems:
            click.echo(str(problem), err=True)
        message = f"nothing imported: {len(refused.problems)} problem(s)"
        raise click.ClickException(message) from None
    click.echo(
        f"Imported {imported.slug}: {imported.objectives} objectives, "
        f"{imported.commitments} commitments, {imported.mechanisms} mechanisms."
    )
    for line in imported.summary.lines():
        click.echo(line)


@programs.command("export")
@click.argument("slug")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_command(slug: str, directory: Path) -> None:
    """Write a program's CSV files (the import format) into DIRECTORY."""
    if db.session.scalar(select(Program.id).where(Program.slug == slug)) is None:
        raise click.ClickException(f"no program {slug!r}")
    for path in exporting.export_program(reading.load_program(slug), directory):
        click.echo(str(path))
