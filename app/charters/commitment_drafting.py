"""A draft's commitments and their indicators, edited in the charter workspace: added,
reworded, moved and removed, each save checked against the draft's lock version and audited
(``drafting`` holds the rules every change of a draft shares)."""

from __future__ import annotations

from app.charters.checks import indicator_problems
from app.charters.drafting import _changes, _editable, _es, _plain, _saved, _spanish
from app.charters.models import CharterVersion, Commitment, Indicator
from app.core.rules import RuleError
from app.extensions import db
from app.staff.models import User


def add_commitment(
    version: CharterVersion, text: str, by: User, ip: str | None = None, lock: int | None = None
) -> Commitment:
    """A new commitment at the end of a draft."""
    _editable(version, lock)
    commitment = Commitment(position=len(version.commitments) + 1, text=_es(text))
    version.commitments.append(commitment)
    db.session.flush()
    _saved(version, "charter.commitment_added", by, {"commitment": commitment.id, "text": text}, ip)
    return commitment


def save_commitment(
    commitment: Commitment, text: str, by: User, ip: str | None = None, lock: int | None = None
) -> None:
    """Reword a commitment of a draft."""
    version = commitment.version
    _editable(version, lock)
    old = commitment.text.get("es")
    if old == text:
        return
    commitment.text = {**commitment.text, "es": text}
    detail = {"commitment": commitment.id, "changes": {"text": [old, text]}}
    _saved(version, "charter.commitment_updated", by, detail, ip)


def _renumber(rows) -> None:
    # Positions are rewritten through a gap so that no two rows share one in between.
    for n, row in enumerate(rows, 1):
        row.position = n


def remove_commitment(
    commitment: Commitment, by: User, ip: str | None = None, lock: int | None = None
) -> None:
    """Take a commitment (and its indicators) out of a draft."""
    version = commitment.version
    _editable(version, lock)
    version.commitments.remove(commitment)
    _renumber(version.commitments)
    detail = {"commitment": commitment.id, "text": commitment.text.get("es")}
    _saved(version, "charter.commitment_removed", by, detail, ip)


def move_commitment(
    commitment: Commitment, offset: int, by: User, ip: str | None = None, lock: int | None = None
) -> None:
    """Move a commitment up (``offset`` -1) or down (+1) in its draft."""
    version = commitment.version
    _editable(version, lock)
    rows = list(version.commitments)
    at = rows.index(commitment)
    to = min(max(at + offset, 0), len(rows) - 1)
    if to == at:
        return
    rows.insert(to, rows.pop(at))
    _renumber(rows)
    version.commitments[:] = rows
    detail = {"commitment": commitment.id, "from": at + 1, "to": to + 1}
    _saved(version, "charter.commitment_moved", by, detail, ip)


def save_indicator(
    commitment: Commitment,
    indicator: Indicator | None,
    values: dict,
    by: User,
    ip: str | None = None,
    lock: int | None = None,
) -> Indicator:
    """Create (``indicator`` None) or change an indicator of a draft's commitment; its texts in
    ``values`` are ``{"es": …}``. Refused when the definition contradicts itself."""
    version = commitment.version
    _editable(version, lock)
    problems = indicator_problems(values)
    if problems:
        raise RuleError(problems)
    values = _spanish(indicator, values)
    if indicator is None:
        indicator = Indicator(position=len(commitment.indicators) + 1, **values)
        commitment.indicators.append(indicator)
        changed = {name: [None, _plain(value)] for name, value in values.items()}
        action = "charter.indicator_added"
    else:
        changed = _changes(indicator, values)
        if not changed:
            return indicator
        for name, value in values.items():
            setattr(indicator, name, value)
        action = "charter.indicator_updated"
    db.session.flush()
    detail = {"commitment": commitment.id, "indicator": indicator.id, "changes": changed}
    _saved(version, action, by, detail, ip)
    return indicator


def remove_indicator(
    indicator: Indicator, by: User, ip: str | None = None, lock: int | None = None
) -> None:
    """Take an indicator out of a draft's commitment."""
    commitment = indicator.commitment
    version = commitment.version
    _editable(version, lock)
    commitment.indicators.remove(indicator)
    _renumber(commitment.indicators)
    detail = {"commitment": commitment.id, "indicator": indicator.id}
    _saved(version, "charter.indicator_removed", by, detail, ip)
