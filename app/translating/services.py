"""What is missing or waits for review per language, who may translate what, and saving the
translators' work (audited, marked reviewed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog.editing import EditConflict, last_change
from app.core.cache import clear_cache
from app.core.clock import utcnow
from app.core.i18n import SOURCE_LANGUAGE, TARGET_LANGUAGES
from app.extensions import db
from app.staff.models import MANAGING_ROLES, Role, User
from app.staff.services import audit, scope
from app.translating.models import TranslationSource
from app.translating.registry import KINDS, Kind, Text, child_path
from app.translating.tracking import source_hash

MISSING, REVIEW, DONE = "faltante", "revision", "traducida"


def languages_for(user: User) -> list[str]:
    """The languages whose translations ``user`` may edit: a translator those assigned, the
    content managers every one."""
    if user.role is Role.TRANSLATOR:
        assigned = set(user.translation_languages or ())
        return [code for code in TARGET_LANGUAGES if code in assigned]
    if user.role in MANAGING_ROLES:
        return list(TARGET_LANGUAGES)
    return []


class Reach:
    """Which rows a person may translate: everything for translators and the institution's
    roles, a manager's dependencies (and their units) otherwise."""

    def __init__(self, user: User):
        self.everything = user.role is Role.TRANSLATOR or user.role.sees_everything
        self.dependencies = None if self.everything else scope(user)

    def allows(self, kind: Kind, row) -> bool:
        if self.everything:
            return True
        return kind.dependency_of is not None and kind.dependency_of(row) in self.dependencies


@dataclass
class Slot:
    """One translatable field of a row translators edit: ``holder`` is the row that stores it
    (the owner or one of its child rows)."""

    path: str
    text: Text
    holder: object
    position: int | None = None

    @property
    def value(self) -> dict:
        return getattr(self.holder, self.text.attribute) or {}

    @property
    def spanish(self) -> str:
        return self.value.get(SOURCE_LANGUAGE, "")

    @property
    def name(self) -> str:
        """The form field's name."""
        return self.path.replace(".", "-")

    @property
    def label(self) -> str:
        return f"{self.text.label} {self.position}" if self.position else str(self.text.label)


def slots(kind: Kind, row) -> list[Slot]:
    """The fields of ``row`` (and its child rows) that have a Spanish text to translate."""
    found = [Slot(text.attribute, text, row) for text in kind.own_texts()]
    for child in kind.children:
        for item in getattr(row, child.collection):
            position = getattr(item, child.position)
            found += [
                Slot(child_path(child, position, text), text, item, position)
                for text in kind.child_texts(child)
            ]
    return [slot for slot in found if slot.spanish]


def in_review(kind: Kind, row, lang: str) -> set[str]:
    """The paths of ``row``'s translations into ``lang`` that wait for review."""
    return set(
        db.session.scalars(
            select(TranslationSource.path).where(
                TranslationSource.kind == kind.key,
                TranslationSource.owner_id == row.id,
                TranslationSource.lang == lang,
                TranslationSource.marker.is_not(None),
            )
        )
    )


def state(slot: Slot, lang: str, review: bool) -> str:
    if not slot.value.get(lang):
        return MISSING
    return REVIEW if review else DONE


@dataclass
class Item:
    kind: Kind
    row: object
    slot: Slot
    state: str

    @property
    def title(self) -> str:
        return self.kind.title(self.row)

    @property
    def heading(self):
        return self.kind.heading(self.row)


def translated(kind: Kind, row) -> bool:
    return kind.include is None or kind.include(row)


def _rows(kind: Kind):
    statement = select(kind.model).options(
        *(selectinload(getattr(kind.model, child.collection)) for child in kind.children),
        *(selectinload(load) for load in kind.loads),
    )
    return [row for row in db.session.scalars(statement) if translated(kind, row)]


def worklists(user: User, languages: list[str]) -> dict[str, list[Item]]:
    """Per language, every translatable field ``user`` may translate, with its state, kind by
    kind and row by row in the order of their names (the rows are read once)."""
    reach, found = Reach(user), {lang: [] for lang in languages}
    waiting = set(
        db.session.execute(
            select(
                TranslationSource.kind,
                TranslationSource.owner_id,
                TranslationSource.path,
                TranslationSource.lang,
            ).where(TranslationSource.marker.is_not(None))
        ).tuples()
    )
    for kind in KINDS.values():
        rows = [row for row in _rows(kind) if reach.allows(kind, row)]
        for row in sorted(rows, key=kind.title):
            for slot in slots(kind, row):
                for lang in languages:
                    waits = (kind.key, row.id, slot.path, lang) in waiting
                    found[lang].append(Item(kind, row, slot, state(slot, lang, waits)))
    return found


@dataclass
class Progress:
    lang: str
    total: int
    done: int
    review: int

    @property
    def missing(self) -> int:
        return self.total - self.done - self.review

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 100


def progress(items: list[Item], lang: str) -> Progress:
    """Fields translated (and up to date) out of the fields to translate."""
    states = [item.state for item in items]
    return Progress(lang, len(states), states.count(DONE), states.count(REVIEW))


def save_translations(
    kind: Kind,
    row,
    lang: str,
    texts: dict[str, str],
    reviewed: set[str],
    by: User,
    ip: str | None = None,
    version: int | None = None,
) -> tuple[int, int]:
    """Write the translations into ``lang`` of ``row``'s fields (``texts`` by path; an empty
    text removes the translation) and mark as reviewed the unchanged ones in ``reviewed``: their
    Spanish source is the current one. The Spanish text is never written. Audits, commits and
    clears the page cache; returns how many translations changed and how many were reviewed.
    A row with a lock version saved by someone else since ``version`` is refused
    (``EditConflict``)."""
    if kind.lock is not None and version is not None and getattr(row, kind.lock) != version:
        change = last_change(row)
        raise EditConflict(
            change.user.name if change and change.user else "—", change and change.at
        )
    changes, marked = {}, []
    waiting = {
        record.path: record
        for record in db.session.scalars(
            select(TranslationSource).where(
                TranslationSource.kind == kind.key,
                TranslationSource.owner_id == row.id,
                TranslationSource.lang == lang,
                TranslationSource.marker.is_not(None),
            )
        )
    }
    for slot in slots(kind, row):
        old = slot.value.get(lang, "")
        new = texts.get(slot.path, old)
        if new != old:
            value = (
                {**slot.value, lang: new}
                if new
                else {code: text for code, text in slot.value.items() if code != lang}
            )
            setattr(slot.holder, slot.text.attribute, value)
            changes[slot.path] = [old or None, new or None]
        elif slot.path in reviewed and slot.path in waiting:
            record = waiting[slot.path]
            record.source_hash, record.marker = source_hash(slot.spanish), None
            record.updated_at = utcnow()
            marked.append(slot.path)
    if not changes and not marked:
        return 0, 0
    if changes:
        if kind.lock is not None:  # a form opened before this save must not overwrite it
            setattr(row, kind.lock, getattr(row, kind.lock) + 1)
        if kind.after_change is not None:
            kind.after_change(row)
    audit(
        "translation.saved",
        by,
        row,
        {"language": lang, "changes": changes, "reviewed": marked},
        ip,
    )
    db.session.commit()
    clear_cache()
    return len(changes), len(marked)
