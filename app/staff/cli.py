"""``flask users …``: staff accounts from the command line (the first admin, for one)."""

import click
from sqlalchemy import select

from app.catalog.models import Dependency
from app.core.commands import Group
from app.core.rules import RuleError
from app.extensions import db
from app.staff.models import Role, User
from app.staff.services import create_user

users = Group("users", help="Staff accounts.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--dependency", "dependency_slug", help="Slug of the dependency (its scope).")
@click.option("--languages", default="es", help="Codes it can answer in, comma-separated.")
@click.option("--translates", default="", help="Translator: codes it translates into.")
@click.password_option(help="Asked for when not given (at least 12 characters).")
def create(email, name, role, dependency_slug, languages, translates, password):
    """Create a staff account. Admins, coordinators and translators see every dependency; the
    other roles need --dependency (they see it and its children). Translators need
    --translates."""
    dependency = None
    if dependency_slug:
        dependency = db.session.scalar(select(Dependency).filter_by(slug=dependency_slug))
        if dependency is None:
            raise click.ClickException(f"no dependency with the slug {dependency_slug!r}")
    codes = [code.strip() for code in languages.split(",") if code.strip()]
    try:
        user = create_user(email, name, Role(role), password, dependency, codes, _codes(translates))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created user {user.id} ({user.role.value}).")


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def _problem(error: RuleError) -> click.ClickException:
    return click.ClickException(" ".join(str(message) for message in error.problems.values()))


@users.command("list")
@click.option("--role", type=click.Choice([r.value for r in Role]), help="Only this role.")
@click.option("--inactive", is_flag=True, help="Only deactivated or invited accounts.")
def list_(role, inactive):
    """List the staff accounts: e-mail, role, dependency, languages and status."""
    from app.people.services import is_pending

    query = select(User).order_by(User.email)
    if role:
        query = query.where(User.role == Role(role))
    if inactive:
        query = query.where(User.active.is_(False))
    for user in db.session.scalars(query):
        status = "invited" if is_pending(user) else "active" if user.active else "inactive"
        dependency = user.dependency.slug if user.dependency else "-"
        languages = ",".join(user.languages)
        click.echo(f"{user.email}\t{user.role.value}\t{dependency}\t{languages}\t{status}")


@users.command("deactivate")
@click.argument("email")
def deactivate(email):
    """Deactivate an account: its sessions end, its open items go back to their queue."""
    from app.people.services import deactivate as close_account

    user = db.session.scalar(select(User).filter_by(email=email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account with the e-mail {email}")
    if not user.active:
        raise click.ClickException(f"the account {user.email} is already inactive")
    returned = close_account(user, None)
    click.echo(f"Deactivated {user.email}; {returned} open items went back to their queue.")


@users.command("invite")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--dependency", "dependency_slug", help="Slug of the dependency (its scope).")
@click.option("--languages", default="es", help="Codes it can answer in, comma-separated.")
@click.option("--translates", default="", help="Translator: codes it translates into.")
def invite(email, name, role, dependency_slug, languages, translates):
    """Invite a person by e-mail (through the outbox): a single-use link lets them choose
    their own password. Inviting again replaces a link not yet used."""
    from app.core.languages import ANSWER_LANGUAGES
    from app.people.services import invite as send_invitation

    dependency = None
    if dependency_slug:
        dependency = db.session.scalar(select(Dependency).filter_by(slug=dependency_slug))
        if dependency is None:
            raise click.ClickException(f"no dependency with the slug {dependency_slug!r}")
    codes = [code.strip() for code in languages.split(",") if code.strip()]
    unknown = sorted(set(codes) - set(ANSWER_LANGUAGES))
    if unknown or not codes:
        known = ", ".join(ANSWER_LANGUAGES)
        raise click.ClickException(f"unknown language {', '.join(unknown)} (known: {known})")
    try:
        translation_languages = _codes(translates)
        user = send_invitation(
            email, name, Role(role), dependency, codes, None, None, translation_languages
        )
    except RuleError as error:
        raise _problem(error) from None
    click.echo(f"Invited {user.email} ({user.role.value}); the e-mail waits in the outbox.")
