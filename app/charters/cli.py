"""``flask charters import FILE|FOLDER [--dry-run]``, ``flask charters export FOLDER`` and
``flask charters archive``: record the versions replaced by a newer one that has started."""

from pathlib import Path

import click

from app.charters.drafting import archive_replaced
from app.charters.exchange import exporting, importing
from app.charters.exchange.format import read_source
from app.core.commands import Group, export_tables, import_tables


@click.group("charters", cls=Group)
def charters() -> None:
    """Charters: import and export them (versions, commitments, indicators) as CSV files or an
    XLSX workbook, and archive the versions a newer one replaced."""


@charters.command("archive")
def archive_command() -> None:
    """Mark archived the published versions replaced by a later version whose start date has
    come (run daily; the public pages already switch on the start date without it)."""
    click.echo(f"{archive_replaced()} versions archived")


@charters.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the files and say what would change.")
def import_command(source: Path, dry_run: bool) -> None:
    """Import charters from a folder of CSV files, one CSV file or an XLSX workbook. Every row
    is checked first; if anything is wrong, every problem is listed and nothing changes. A
    published or archived version is never changed: put changes in a new version."""
    import_tables(source, dry_run, read_source, importing.import_charters)


@charters.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Also a workbook.")
def export_command(folder: Path, xlsx: Path | None) -> None:
    """Write every charter's CSV files (the import format) into FOLDER."""
    export_tables(folder, xlsx, exporting)
