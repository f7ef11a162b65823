"""The reusable answers of each dependency: staff who manage a dependency write them, staff who
answer adapt them before publishing."""

from __future__ import annotations

from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.extensions import db
from app.feedback.models import ResponseTemplate
from app.staff.models import User
from app.staff.services import audit, scope


def save(
    template: ResponseTemplate | None,
    dependency_id: int,
    title: str,
    body: str,
    by: User,
    *,
    ip: str | None,
) -> ResponseTemplate:
    """Create a template (``template`` is ``None``) or change one, for a dependency within the
    scope of the one who writes it. Raises ``RuleError``."""
    allowed = scope(by)
    if allowed is not None and dependency_id not in allowed:
        raise RuleError(_l("Elija una dependencia de la lista."), field="dependencia")
    template = template or ResponseTemplate()
    template.dependency_id, template.title, template.body = dependency_id, title, body
    db.session.add(template)
    db.session.flush()  # the audit row names a new template by its id
    audit("response_template.saved", by, target=template, ip=ip)
    db.session.commit()
    return template


def delete(template: ResponseTemplate, by: User, *, ip: str | None) -> None:
    audit("response_template.deleted", by, target=template, ip=ip)
    db.session.delete(template)
    db.session.commit()
