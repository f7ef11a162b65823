"""Mistakes at the command line end in one clear line on stderr and a non-zero exit: never a
traceback, never a password or its hash."""

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import app.cli
from app.core.commands import Command
from app.extensions import db
from app.staff.models import Role, User
from app.staff.services import create_user
from tests.factories import make_dependency, make_service

PASSWORD = "frase larga de prueba"


def refused(result, message: str, one_line: bool = True) -> None:
    """The command stopped with ``message`` on stderr and let nothing through that leaks."""
    assert result.exit_code != 0, result.output
    # An exception the command did not turn into a message would be a traceback in a terminal.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert message in result.stderr
    if one_line:
        assert result.stderr.strip().count("\n") == 0, result.stderr
    for leak in ("Traceback", "$argon2", PASSWORD):
        assert leak not in result.output


def create(runner, *options: str):
    args = ["users", "create", "--name", "Nora", "--password", PASSWORD, *options]
    return runner.invoke(args=args)


def test_users_create_refuses_each_mistake_in_one_line(empty_app):
    make_dependency(slug="agua")
    db.session.commit()
    runner = empty_app.test_cli_runner()
    assert create(runner, "--email", "nora@example.org", "--role", "admin").exit_code == 0

    refused(
        create(runner, "--email", " NORA@example.org", "--role", "viewer", "--dependency", "agua"),
        "an account with the e-mail nora@example.org already exists",
    )
    refused(
        create(runner, "--email", "b@example.org", "--role", "manager", "--dependency", "nada"),
        "no dependency with the slug 'nada'",
    )
    refused(create(runner, "--email", "b@example.org", "--role", "manager"), "needs a dependency")
    refused(create(runner, "--email", "sin-arroba", "--role", "admin"), "not an e-mail address")
    refused(
        create(runner, "--email", "b@example.org", "--role", "admin", "--languages", "es,xx"),
        "unknown language xx",
    )
    refused(
        create(runner, "--email", "b@example.org", "--role", "boss"),
        "'boss' is not one of 'admin'",
        one_line=False,  # click's usage error: the usage, then the error
    )
    short = runner.invoke(
        args=["users", "create", "--email", "b@example.org", "--name", "B", "--role", "admin",
              "--password", "corta"]
    )  # fmt: skip
    refused(short, "at least 12 characters")
    assert "corta" not in short.output
    assert db.session.scalars(select(User.email)).all() == ["nora@example.org"]


def test_commands_on_a_database_without_tables_say_to_migrate(empty_app):
    db.drop_all()
    runner = empty_app.test_cli_runner()
    refused(runner.invoke(args=["seed-demo"]), "has `flask db upgrade` run?")
    refused(create(runner, "--email", "a@example.org", "--role", "admin"), "database error:")


def test_database_errors_show_the_reason_but_not_the_statement_or_its_parameters():
    statement = "INSERT INTO users (email, password_hash) VALUES (?, ?)"
    parameters = ("a@example.org", "$argon2id$v=19$m=65536$secret")

    @click.command(cls=Command)
    def duplicate():
        raise IntegrityError(statement, parameters, Exception("UNIQUE constraint failed"))

    @click.command(cls=Command)
    def unwritable():
        raise PermissionError(13, "Permission denied", "/srv/portal/informe.csv")

    result = CliRunner().invoke(duplicate)
    refused(result, "database error: UNIQUE constraint failed")
    assert "INSERT" not in result.output and "a@example.org" not in result.output
    refused(CliRunner().invoke(unwritable), "Permission denied: '/srv/portal/informe.csv'")


@pytest.mark.parametrize(
    ("args", "message", "one_line"),
    [
        (["programs", "import", "/no/such/folder"], "does not exist", False),
        (["programs", "export", "nada", "/tmp/nada"], "no program 'nada'", True),
        (["outbox", "send", "--batch", "0"], "0 is not in the range x>=1", False),
        (["feedback", "purge", "--hours", "-1"], "-1 is not in the range x>=0", False),
        (["indicators", "recompute", "--period", "2026-Q3"], "a quarter (2026-T3)", False),
        (["dev", "generate", "--services", "0"], "0 is not in the range x>=1", False),
    ],
)
def test_commands_refuse_bad_arguments(empty_app, args, message, one_line):
    refused(empty_app.test_cli_runner().invoke(args=args), message, one_line)


def test_outbox_send_names_an_unknown_transport(empty_app):
    empty_app.config["MAIL_TRANSPORT"] = "paloma"
    result = empty_app.test_cli_runner().invoke(args=["outbox", "send"])
    refused(result, "MAIL_TRANSPORT must be smtp, folder or console, not 'paloma'")


def test_dev_generate_refuses_a_database_with_data(empty_app):
    make_service()
    db.session.commit()
    result = empty_app.test_cli_runner().invoke(args=["dev", "generate", "--services", "1"])
    refused(result, "already has services or feedback: run it on a new database")


def test_programs_import_lists_every_problem_then_refuses(empty_app, tmp_path):
    (tmp_path / "program.csv").write_bytes(b"\xff\xfe not UTF-8")
    result = empty_app.test_cli_runner().invoke(args=["programs", "import", str(tmp_path)])
    refused(result, "Error: nothing imported", one_line=False)
    assert "program.csv:1: no es texto UTF-8" in result.stderr


def test_translate_extract_needs_the_source_checkout(empty_app, tmp_path, monkeypatch):
    monkeypatch.setattr(app.cli, "ROOT", tmp_path)  # where an installed package has no babel.cfg
    result = empty_app.test_cli_runner().invoke(args=["translate", "extract"])
    refused(result, "needs the source checkout")


def test_users_create_with_every_option_right_still_works(empty_app):
    water = make_dependency(slug="agua")
    db.session.commit()
    result = create(
        empty_app.test_cli_runner(),
        *("--email", "Rosa@Example.org", "--role", "responder", "--dependency", "agua"),
        *("--languages", "es, nah"),
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="rosa@example.org"))
    assert (user.role, user.dependency, user.languages) == (Role.RESPONDER, water, ["es", "nah"])
    with pytest.raises(ValueError, match="already exists"):
        create_user("ROSA@example.org", "Otra", Role.ADMIN, PASSWORD)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"APP_CONFIG": "production"}, "Error: set SECRET_KEY in the environment"),
        ({"APP_CONFIG": "staging"}, "Error: APP_CONFIG must be one of development, production"),
    ],
)
def test_a_missing_setting_stops_a_command_in_one_line(tmp_path, environment, message):
    """Without a setting the app cannot start, a command says which, in one line."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "APP_CONFIG", "FLASK_APP"}
    }
    env.update(environment, INSTANCE_PATH=str(tmp_path))
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [flask, "--app", "app", "users", "list"],
        cwd=tmp_path,  # no .env from a checkout
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip().startswith(message) and result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.stderr
