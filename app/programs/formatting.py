"""How the program pages write a mechanism's targets and progress. Written in Python, not as
macros: a program's page writes some four hundred of them, and a macro's call, with the
helpers it called, took ten times as long."""

from decimal import Decimal

from app.core.lazy_text import ngettext
from app.core.templating import format_decimal, quantity
from app.programs.models import Mechanism, MechanismKind, Progress


def mechanism_target(mechanism: Mechanism, value: Decimal) -> str:
    """A target of ``mechanism``: deliverables without a unit counted ("3 entregables"),
    others with their comparator and unit ("al menos 90 %")."""
    if mechanism.kind is MechanismKind.DELIVERABLE and not mechanism.unit:
        count = format_decimal(value, "#,##0.#")
        return ngettext("%(num)s entregable", "%(num)s entregables", int(value), num=count)
    if mechanism.unit:
        return f"{mechanism.comparator.label} {quantity(value, mechanism.unit)}"
    return f"{mechanism.comparator.label} {format_decimal(value, '#,##0.##')}"


def progress_value(mechanism: Mechanism, progress: Progress) -> str:
    """What a progress report says: a deliverable's status, the value reached, or both."""
    text = str(progress.status.label) if progress.status else ""
    if progress.value is not None:
        if progress.status:
            text += " · "
        if mechanism.unit:
            text += quantity(progress.value, mechanism.unit)
        else:
            text += format_decimal(progress.value, "#,##0.##")
    return text
