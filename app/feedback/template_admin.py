"""Staff pages of the dependencies' response templates (on the inbox's blueprint): the list,
a template's form and its deletion, for the people who manage a dependency."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import options, show_problems
from app.core.i18n import tr_text
from app.core.rules import RuleError
from app.feedback.admin import _template, _templates, _visible_dependencies, bp
from app.feedback.models import ResponseTemplate
from app.feedback.services import response_templates
from app.feedback.staff_forms import TemplateForm
from app.staff.access import roles
from app.staff.models import MANAGING_ROLES
from app.staff.services import scope


def _template_form(template: ResponseTemplate | None = None) -> TemplateForm:
    """The template form: what was posted, else the template being edited."""
    saved = {}
    if template is not None:
        saved = {"dependencia": str(template.dependency_id), "titulo": template.title,
                 "texto": template.body}  # fmt: skip
    form = TemplateForm(data=saved)
    form.dependencia.choices = options(
        {str(d.id): tr_text(d.name) for d in _visible_dependencies(scope(current_user))}
    )
    return form


@bp.get("/plantillas")
def templates():
    return render_template(
        "feedback/admin/templates.html", templates=_templates(scope(current_user))
    )


@bp.route("/plantillas/nueva", methods=["GET", "POST"], defaults={"template_id": None})
@bp.route("/plantillas/<int:template_id>", methods=["GET", "POST"])
@roles(*MANAGING_ROLES)
def edit_template(template_id: int | None):
    template = _template(template_id) if template_id else None
    form = _template_form(template)
    if form.validate_on_submit():
        try:
            response_templates.save(
                template,
                int(form.dependencia.data),
                form.titulo.data,
                form.texto.data,
                current_user,
                ip=request.remote_addr,
            )
            flash(_("Se guardó la plantilla «%(title)s».", title=form.titulo.data))
            return redirect(url_for(".templates"), 303)
        except RuleError as error:
            show_problems(form, error)
    page = render_template("feedback/admin/template_form.html", form=form, template=template)
    return page, 400 if form.errors else 200


@bp.post("/plantillas/<int:template_id>/borrar")
@roles(*MANAGING_ROLES)
def delete_template(template_id: int):
    response_templates.delete(_template(template_id), current_user, ip=request.remote_addr)
    flash(_("Se borró la plantilla."))
    return redirect(url_for(".templates"), 303)
