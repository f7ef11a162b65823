"""``flask users …``: staff accounts from the command line (the first admin, for one)."""

import click
from sqlalchemy import select

from app.catalog.models import Dependency
from app.core.commands import Group
from app.extensions import db
from app.staff.models import Role
from app.staff.services import create_user

users = Group("users", help="Staff accounts.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--dependency", "dependency_slug", help="Slug of the dependency (its scope).")
@click.option("--languages", default="es", help="Codes it can answer in, comma-separated.")
@click.password_option(help="Asked for when not given (at least 12 characters).")
def create(email, name, role, dependency_slug, languages, password):
    """Create a staff account. Admins and coordinators see every dependency; the other roles
    need --dependency (they see it and its children)."""
    dependency = None
    if dependency_slug:
        dependency = db.session.scalar(select(Dependency).filter_by(slug=dependency_slug))
        if dependency is None:
            raise click.ClickException(f"no dependency with the slug {dependency_slug!r}")
    codes = [code.strip() for code in languages.split(",") if code.strip()]
    try:
        user = create_user(email, name, Role(role), password, dependency, codes)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created user {user.id} ({user.role.value}).")
