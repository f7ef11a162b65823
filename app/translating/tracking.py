"""Keeping ``TranslationSource`` right on every write through the ORM: the catalog's editor,
its importer, the translators' editor and anything added later, in the same flush.

For each translatable field that changes, and each language but Spanish:
* a translation removed forgets its source;
* a translation written (new or different text) was written from today's Spanish;
* a translation kept while its Spanish changes keeps the source it had (the old Spanish when
  none was recorded): it needs review unless the Spanish went back to that source.
Child rows (a service's requirements) are matched by position, old to new, because the
catalog's editor and importer replace them on every save.
"""

from __future__ import annotations

from hashlib import sha256

from flask import current_app, g
from sqlalchemy import delete, event, select, tuple_
from sqlalchemy.orm import Session, attributes

from app.core.cache import remember
from app.core.clock import utcnow
from app.core.i18n import SOURCE_LANGUAGE, TARGET_LANGUAGES, review_marker
from app.extensions import db
from app.translating.models import TranslationSource
from app.translating.registry import CHILDREN, OWNERS, child_path


def source_hash(text: str | None) -> str:
    return sha256((text or "").encode()).hexdigest()


def _old(row, attribute: str):
    history = attributes.get_history(row, attribute, attributes.PASSIVE_NO_INITIALIZE)
    if not history.has_changes():
        return getattr(row, attribute)
    return history.deleted[0] if history.deleted else None


def _changed(row, attribute: str) -> bool:
    return attributes.get_history(row, attribute, attributes.PASSIVE_NO_INITIALIZE).has_changes()


def _by_position(rows, child) -> dict:
    return {getattr(row, child.position): row for row in rows}


def _field_changes(session: Session):
    """``(kind, owner id, path, old value, new value)`` of every translatable field this flush
    changes in rows that already exist (a new row's translations are as new as its Spanish)."""
    for row in list(session.dirty):
        kind = OWNERS.get(type(row))
        if kind is not None:
            for text in kind.own_texts():
                if _changed(row, text.attribute):
                    old, new = _old(row, text.attribute), getattr(row, text.attribute)
                    yield kind, row.id, text.attribute, old, new
            for child in kind.children:
                history = attributes.get_history(
                    row, child.collection, attributes.PASSIVE_NO_INITIALIZE
                )
                if not history.has_changes():
                    continue
                old_rows = _by_position([*history.unchanged, *history.deleted], child)
                new_rows = _by_position([*history.unchanged, *history.added], child)
                for position in old_rows.keys() | new_rows.keys():
                    before, after = old_rows.get(position), new_rows.get(position)
                    for text in kind.child_texts(child):
                        path = child_path(child, position, text)
                        old = _old(before, text.attribute) if before is not None else None
                        new = getattr(after, text.attribute) if after is not None else None
                        yield kind, row.id, path, old, new
        found = CHILDREN.get(type(row))
        if found is not None:
            kind, child = found
            owner_id, position = getattr(row, child.owner_key), getattr(row, child.position)
            for text in kind.child_texts(child):
                if _changed(row, text.attribute):
                    old, new = _old(row, text.attribute), getattr(row, text.attribute)
                    yield kind, owner_id, child_path(child, position, text), old, new


def _before_flush(session: Session, _context, _instances) -> None:
    with session.no_autoflush:
        _track(session)


def _track(session: Session) -> None:
    changes = [c for c in _field_changes(session) if (c[3] or {}) != (c[4] or {})]
    gone = [(OWNERS[type(row)].key, row.id) for row in session.deleted if type(row) in OWNERS]
    if gone:
        session.execute(
            delete(TranslationSource).where(
                tuple_(TranslationSource.kind, TranslationSource.owner_id).in_(gone)
            )
        )
    if not changes:
        return
    stored = {(r.kind, r.owner_id, r.path, r.lang): r for r in _records(session, changes)}
    moved = _sources_by_text(changes, stored)
    now = utcnow()
    for kind, owner_id, path, old, new in changes:
        old, new = old or {}, new or {}
        spanish, old_spanish = new.get(SOURCE_LANGUAGE, ""), old.get(SOURCE_LANGUAGE, "")
        for lang in TARGET_LANGUAGES:
            key = (kind.key, owner_id, path, lang)
            record = stored.get(key)
            text = new.get(lang)
            if not text:
                if record is not None:
                    _forget(session, record)
                    del stored[key]
                continue
            if text != old.get(lang):
                # A row that only moved (one above it removed) keeps what its text was written
                # from: a translation is reviewed by a translator, never by a renumbering.
                source = moved.get((kind.key, owner_id, _field(path), lang, text))
                source = source or source_hash(spanish)
            elif spanish != old_spanish:
                source = record.source_hash if record else source_hash(old_spanish)
            else:
                continue
            if record is None:
                record = stored[key] = TranslationSource(
                    kind=kind.key, owner_id=owner_id, path=path, lang=lang
                )
                session.add(record)
            record.source_hash, record.updated_at = source, now
            stale = source != source_hash(spanish)
            record.marker = review_marker(lang, spanish, text) if stale else None


def _field(path: str) -> str:
    """A child row's field without its position (``requirements.2.name``: ``requirements.name``);
    an owner's own field as it is."""
    parts = path.split(".")
    return f"{parts[0]}.{parts[2]}" if len(parts) == 3 else path


def _sources_by_text(changes, stored) -> dict[tuple, str]:
    """What each translation of a child row was written from, before this flush, by its text:
    ``(kind, owner id, field, language, text)``: source hash."""
    found = {}
    for kind, owner_id, path, old, _new in changes:
        old = old or {}
        if path == _field(path):
            continue
        for lang in TARGET_LANGUAGES:
            if text := old.get(lang):
                record = stored.get((kind.key, owner_id, path, lang))
                source = record.source_hash if record else source_hash(old.get(SOURCE_LANGUAGE, ""))
                found[(kind.key, owner_id, _field(path), lang, text)] = source
    return found


CHUNK = 500  # owners per query: an import may change thousands of rows in one flush


def _records(session: Session, changes) -> list[TranslationSource]:
    """The stored sources of the rows that ``changes`` touch."""
    owners: dict[str, set[int]] = {}
    for kind, owner_id, *_rest in changes:
        owners.setdefault(kind.key, set()).add(owner_id)
    found = []
    for key, ids in owners.items():
        ids = sorted(ids)
        for start in range(0, len(ids), CHUNK):
            found += session.scalars(
                select(TranslationSource).where(
                    TranslationSource.kind == key,
                    TranslationSource.owner_id.in_(ids[start : start + CHUNK]),
                )
            )
    return found


def _forget(session: Session, record: TranslationSource) -> None:
    if record in session.new:
        session.expunge(record)
    else:
        session.delete(record)


def copy_sources(model: type, from_id: int, to_id: int) -> None:
    """A row copied from another (a charter's next version from the one in force) keeps what
    each translation was written from: one that awaited review still does, in the copy."""
    kind = OWNERS[model].key
    for record in db.session.scalars(
        select(TranslationSource).filter_by(kind=kind, owner_id=from_id)
    ):
        db.session.add(
            TranslationSource(
                kind=kind, owner_id=to_id, path=record.path, lang=record.lang,
                source_hash=record.source_hash, marker=record.marker,
                updated_at=record.updated_at,
            )
        )  # fmt: skip


def init_app(app) -> None:
    """Track every session's writes, and let public pages mark translations in review."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
    app.extensions["translations_in_review"] = markers_in_review
    from app.translating.interface import uploaded_translations

    # Translators' interface translations, laid over the shipped catalogs (app.core.i18n).
    app.extensions["interface_translations"] = uploaded_translations

    @app.before_request
    def read_markers_again() -> None:
        # ``in_review`` keeps them in ``g`` for the request; an app context shared by several
        # requests (a CLI command, tests) must not serve one request's with the next.
        g.pop("translations_in_review", None)


def markers_in_review(lang: str) -> frozenset[str]:
    """The markers of the translations into ``lang`` that wait for review, kept as long as
    public pages are (every save that changes them clears the cache)."""

    def read() -> list[str]:
        return sorted(
            db.session.scalars(
                select(TranslationSource.marker).where(
                    TranslationSource.lang == lang, TranslationSource.marker.is_not(None)
                )
            )
        )

    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    return frozenset(remember(f"translations-in-review.{lang}", seconds, read))
