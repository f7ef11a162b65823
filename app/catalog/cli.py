"""``flask catalog import FILE|FOLDER [--dry-run]`` and ``flask catalog export FOLDER``."""

from functools import partial
from pathlib import Path

import click

from app.catalog.exchange import exporting, importing
from app.catalog.exchange.format import read_source
from app.core.commands import Group, export_tables, import_tables, progress_line


@click.group("catalog", cls=Group)
def catalog() -> None:
    """Import and export the whole catalog as CSV files or an XLSX workbook."""


@catalog.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the files and say what would change.")
@click.option("--quiet", is_flag=True, help="No progress lines on stderr.")
def import_command(source: Path, dry_run: bool, quiet: bool) -> None:
    """Import the catalog from a folder of CSV files, one CSV file or an XLSX workbook (the
    recordings' audio files from the "recordings" folder beside them). Every row is checked
    first; if anything is wrong, every problem is listed and nothing changes. Progress goes to
    stderr (a line per table, and per thousand services)."""
    progress = None if quiet else progress_line
    # The recordings' audio files are in the "recordings" folder beside the tables.
    folder = source if source.is_dir() else source.parent
    run = partial(importing.import_catalog, progress=progress, folder=folder)
    import_tables(source, dry_run, read_source, run, progress)


@catalog.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Also a workbook.")
def export_command(folder: Path, xlsx: Path | None) -> None:
    """Write the catalog's CSV files (the import format) into FOLDER, and the recordings' audio
    files into its "recordings" folder."""
    export_tables(folder, xlsx, exporting)
