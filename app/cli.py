"""Flask command groups: ``flask seed-demo`` and ``flask translate …``."""

# subprocess runs pybabel with this file's arguments, never a shell (bandit B404, B603).
import subprocess  # nosec B404
import sys
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po
from flask import Flask

from app.core.commands import Command, Group
from app.core.i18n import SOURCE_LANGUAGE, TRANSLATIONS_DIR
from app.core.languages import BUILT_IN
from app.extensions import init_migrations

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = TRANSLATIONS_DIR / "messages.pot"


@click.command("seed-demo", cls=Command)
def seed_demo_command() -> None:
    """Load the demo institution (does nothing if it is already loaded)."""
    from app.demo.seed import seed_demo

    if seed_demo():
        click.echo("Demo data loaded.")
    else:
        click.echo("Demo data already present; nothing changed.")


class Migrations(click.Command):
    """``flask db …``: Flask-Migrate's commands, which attach it to the app only when one runs
    (see ``init_migrations``)."""

    def __init__(self, app: Flask) -> None:
        super().__init__("db", help="Database migrations (Flask-Migrate, Alembic).")
        self.app = app

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        from flask_migrate.cli import db

        init_migrations(self.app)
        return db.make_context(info_name, args, parent=parent, **extra)


@click.group("translate", cls=Group)
def translate() -> None:
    """Extract, update and compile the gettext catalogs."""


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.run(command, cwd=ROOT).returncode:  # nosec B603
        raise click.ClickException(f"pybabel {args[0]} failed (its message is above)")


@translate.command("extract")
def extract() -> None:
    """Write app/translations/messages.pot from the code and templates."""
    if not (ROOT / "babel.cfg").exists():  # an installed package has no sources to extract
        raise click.ClickException("extracting strings needs the source checkout (its babel.cfg)")
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-o",
        str(TEMPLATE),
        ".",
    )


@translate.command("update")
def update() -> None:
    """Extract, then merge new strings into every catalog (creating missing ones)."""
    extract.callback()
    # Shipped catalogs only: a language added at /admin/idiomas lives in the database, its
    # catalog is the translators' uploads.
    for code, language in BUILT_IN.items():
        if code == SOURCE_LANGUAGE or not language.interface:
            continue
        po = TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            _init_catalog(code, po)
        _pybabel(
            "update",
            "-i",
            str(TEMPLATE),
            "-d",
            str(TRANSLATIONS_DIR),
            "-l",
            code,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )


def _init_catalog(code: str, po: Path) -> None:
    # `pybabel init` refuses locales CLDR does not know (nah), so the catalog is written directly.
    with TEMPLATE.open("rb") as f:
        catalog = read_po(f)
    language = BUILT_IN[code]
    catalog.locale = None
    catalog.fuzzy = False
    catalog.language_team = language.name
    catalog.project, catalog.version = "cartas-portal", ""
    catalog.header_comment = f"# {language.name} ({code}) catalog of the citizen-charter portal.\n"
    if not language.reviewed:
        catalog.header_comment += (
            "# PENDING REVIEW: this translation awaits review by native speakers.\n"
        )
    catalog._num_plurals, catalog._plural_expr = 2, "(n != 1)"
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as f:
        write_po(f, catalog)


@translate.command("compile")
def compile_catalogs() -> None:
    """Compile every catalog to the .mo files the application reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--statistics")


def init_app(app: Flask) -> None:
    from app.catalog.cli import catalog
    from app.charters.cli import charters
    from app.dev.cli import dev
    from app.feedback.cli import digest, feedback
    from app.indicators.cli import indicators
    from app.outbox.cli import outbox
    from app.programs.cli import programs
    from app.staff.cli import users

    app.cli.add_command(Migrations(app))
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(translate)
    outbox.add_command(digest)  # `flask outbox digest`: the mail, built from feedback
    app.cli.add_command(outbox)
    app.cli.add_command(feedback)
    app.cli.add_command(users)
    app.cli.add_command(indicators)
    app.cli.add_command(programs)
    app.cli.add_command(catalog)
    app.cli.add_command(charters)
    app.cli.add_command(dev)
