"""``/admin/buzon``: the inbox, filtered and paged by keyset, with its figures per status and
language. A route of the staff feedback blueprint (``app.feedback.admin``)."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload, load_only

from app.catalog.models import Dependency, Service
from app.catalog.services import EVERY_DEPENDENCY, dependencies_where
from app.core.cache import remember
from app.core.calendar import WorkingCalendar
from app.core.clock import local_today
from app.core.htmx import render_page, wants_fragment
from app.core.i18n import tr_text
from app.feedback.admin import bp
from app.feedback.forms import ALL, CLOSED
from app.feedback.models import Channel, Feedback, FeedbackStatus, FeedbackType
from app.feedback.services import finding, worklist
from app.feedback.staff_forms import InboxForm
from app.staff.models import User
from app.staff.services import scope


@bp.get("")
def inbox():
    allowed = scope(current_user)
    # A whole institution has thousands of services and dependencies: beyond a short list, a
    # text field.
    listed = finding.listed_services(allowed, current_app.config["SERVICE_LIST_LIMIT"])
    form = InboxForm(
        request.args,
        None if listed is None else _by_name((str(row.id), tr_text(row.name)) for row in listed),
    )
    scoped = {} if allowed is None else {"scope": sorted(allowed)}
    form.dependencia.load(
        EVERY_DEPENDENCY if allowed is None else IN_SCOPE, scoped, shown=not wants_fragment()
    )
    valid = form.validate()
    dependency = form.dependencia.dependency

    def chosen(field, kind):
        return kind(field.data) if field.data and not field.errors else None

    query = worklist.InboxQuery(
        scope=allowed,
        statuses=_statuses(form.estado),
        type=chosen(form.tipo, FeedbackType),
        dependency_id=dependency.id if dependency else None,
        service_id=chosen(form.servicio, int) if form.servicio is not None else None,
        service_text=(form.servicio_texto.data or "") if form.servicio_texto is not None else "",
        channel=chosen(form.canal, Channel),
        due=form.plazo.data or None if not form.plazo.errors else None,
        impact=bool(form.impacto.data),
        text=form.q.data or "",
    )
    today = local_today()
    page = worklist.inbox_page(
        worklist.inbox(query, today),
        after=worklist.InboxKey.parse(request.args.get("despues")),
        before=worklist.InboxKey.parse(request.args.get("antes")),
        options=INBOX_ROW,
    )
    return render_page(
        "feedback/admin/inbox.html",
        "feedback/admin/_inbox_results.html",
        status=200 if valid else 400,
        form=form,
        page=page,
        bound=worklist.COUNT_BOUND,
        **_inbox_figures(allowed),
        today=today,
        calendar=WorkingCalendar.load(),
    )


# The dependencies a person may see (bound: ``scope``), for the inbox's filter.
IN_SCOPE = dependencies_where(Dependency.id.in_(bindparam("scope", expanding=True)))

# What a row of the inbox shows, and no more: not the texts, nor every field of a service
# (long translated texts, decoded row by row).
INBOX_ROW = (
    load_only(
        Feedback.folio, Feedback.type, Feedback.status, Feedback.due_on, Feedback.service_id,
        Feedback.assignee_id, Feedback.language, Feedback.institutional_impact,
        Feedback.escalation_level, Feedback.reopened_at,
    ),
    # Joined, not read by a query of their own: one row each, and a query costs more in Python
    # than a join in the database.
    joinedload(Feedback.service).load_only(Service.name),
    joinedload(Feedback.assignee).load_only(User.languages),
)  # fmt: skip


def _statuses(field) -> tuple[FeedbackStatus, ...] | None:
    """The statuses the inbox's status filter asks for (``None``: any); open ones by default."""
    if field.errors or not field.data:
        return worklist.OPEN
    if field.data == ALL:
        return None
    if field.data == CLOSED:
        return tuple(s for s in FeedbackStatus if s not in worklist.OPEN)
    return (FeedbackStatus(field.data),)


def _by_name(choices) -> dict[str, str]:
    return dict(sorted(choices, key=lambda choice: choice[1]))


def _inbox_figures(allowed: set[int] | None) -> dict:
    """Counts per status (each up to ``COUNT_BOUND``, then "more than") and response times per
    language (of the latest answered) of what is in scope: each reads a bounded number of index
    entries, however many items there are; kept for ``INBOX_FIGURES_SECONDS`` besides."""

    def compute():
        counts = worklist.status_counts(allowed)
        return {
            "counts": {status.value: n for status, n in counts.items()},
            "by_language": worklist.response_times_by_language(allowed),
        }

    scope_key = "all" if allowed is None else ",".join(map(str, sorted(allowed)))
    figures = remember(
        f"inbox-figures:{scope_key}", current_app.config["INBOX_FIGURES_SECONDS"], compute
    )
    return {
        "counts": {FeedbackStatus(value): n for value, n in figures["counts"].items()},
        "by_language": [tuple(row) for row in figures["by_language"]],
    }
