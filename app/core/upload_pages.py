"""The two pages of an import uploaded in the workspace (the catalog's, the charters', a work
program's): the files are checked, every problem listed and nothing changed; then what
importing them would do is shown, and imported once the person confirms it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core.forms import Form, show_problems
from app.core.rules import RuleError
from app.core.tabular import ImportRefused, Stale
from app.staff.access import roles
from app.staff.models import Role

NAMES_SHOWN = 100  # names listed per kind of change on the confirmation page


@dataclass(frozen=True)
class UploadPages:
    """``uploads`` checks, keeps and imports the files (``check``, ``pending``, ``confirm``);
    ``form(**kwargs)`` is the upload form (its files in ``archivos``); ``imported(done)`` says
    what the confirmed import did and where to go next. ``route`` adds the pages to a
    workspace's blueprint as ``upload`` and ``confirm_upload``."""

    uploads: object
    form: Callable[..., Form]
    template: str
    confirm_template: str
    imported: Callable[[object], tuple[str, str]]

    def route(self, blueprint: Blueprint, *allowed: Role) -> None:
        """``…/importar`` and ``…/importar/<token>`` on ``blueprint``, for the ``allowed``
        roles (the others get 403)."""
        methods = ["GET", "POST"]
        only = roles(*allowed)
        blueprint.add_url_rule("/importar", "upload", only(self.upload), methods=methods)
        blueprint.add_url_rule(
            "/importar/<token>", "confirm_upload", only(self.confirm), methods=methods
        )

    def upload(self):
        form = self.form()
        if not form.validate_on_submit():
            return self._upload_page(form, 400 if form.errors else 200)
        files = [(file.filename, file.read()) for file in form.archivos.data or ()]
        try:
            found = self.uploads.check(files, current_user)
        except RuleError as error:
            show_problems(form, error)
            return self._upload_page(form, 400)
        except ImportRefused as refused:
            return self._refused(form, refused)
        return redirect(url_for(".confirm_upload", token=found.token), 303)

    def confirm(self, token: str):
        found = self.uploads.pending(token, current_user)
        if request.method == "GET":
            if found is None:
                abort(404)
            return self._confirm_page(found)
        if found is None:
            flash(_("Esos archivos ya se importaron o ya no están disponibles."))
            return redirect(url_for(".upload"), 303)
        if not Form().validate_on_submit():
            return self._confirm_page(found, 400)
        try:
            done = self.uploads.confirm(found, current_user, request.remote_addr)
        except Stale:
            return self._confirm_page(found, 409, stale=True)
        except ImportRefused as refused:
            return self._refused(self.form(formdata=None), refused)
        if done is None:
            flash(_("Esos archivos ya se importaron o ya no están disponibles."))
            return redirect(url_for(".upload"), 303)
        message, address = self.imported(done)
        flash(message)
        return redirect(address, 303)

    def _upload_page(self, form, status=200, problems=()):
        return render_template(self.template, form=form, problems=problems), status

    def _refused(self, form, refused: ImportRefused):
        form.archivos.errors = [
            ngettext(
                "Los archivos tienen %(num)d problema: corríjalo y súbalos de nuevo. "
                "No se importó nada.",
                "Los archivos tienen %(num)d problemas: corríjalos y súbalos de nuevo. "
                "No se importó nada.",
                len(refused.problems),
            )
        ]
        return self._upload_page(form, 400, [str(problem) for problem in refused.problems])

    def _confirm_page(self, found, status=200, stale=False):
        return render_template(
            self.confirm_template,
            upload=found,
            form=Form(),
            stale=stale,
            names_shown=NAMES_SHOWN,
        ), status
