"""What Spanish text each translation was written from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class TranslationSource(db.Model):
    """The Spanish text (its SHA-256) a translation of one field was written or reviewed from.

    ``kind`` and ``owner_id`` name the row the translators' editor edits (a service, an
    office…), ``path`` the field within it (``name``, or ``requirements.2.notes`` for a child
    row by position: the catalog's editor and importer replace child rows, their positions
    stay). A translation whose source differs from today's Spanish needs review: ``marker``
    then holds ``review_marker(lang, spanish, translation)``, which is how public pages, that
    only see the texts, recognise it. Rows exist only for translations written or reviewed
    since tracking began, and for those whose Spanish changed after that."""

    __tablename__ = "translation_sources"
    __table_args__ = (
        UniqueConstraint("kind", "owner_id", "path", "lang"),
        Index("ix_translation_sources_lang_marker", "lang", "marker"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int]
    path: Mapped[str] = mapped_column(String(120))
    lang: Mapped[str] = mapped_column(String(10))
    source_hash: Mapped[str] = mapped_column(String(64))
    marker: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class InterfaceTranslation(db.Model):
    """A translator's translation of an interface string (a msgid of the gettext catalogs) into
    one language: ``strings`` holds it, or one text per plural form. The application lays these
    over the shipped catalog when it loads it (``app.core.i18n.InterfaceCatalogs``), so a
    community translator's work reaches the portal without a developer compiling catalogs."""

    __tablename__ = "interface_translations"
    __table_args__ = (UniqueConstraint("lang", "msgid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(10))
    msgid: Mapped[str] = mapped_column(Text)
    strings: Mapped[list] = mapped_column(JSON)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AddedLanguage(db.Model):
    """A language an administrator added in the workspace (``/admin/idiomas``), beside the
    built-in ones of ``app.core.languages``: citizens may be answered in it, services attended
    in it, translators may translate the interface into it. It is never a content language (the
    columns of the open data and of the import files stay the built-in ones)."""

    __tablename__ = "added_languages"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)  # ISO 639-3
    tag: Mapped[str] = mapped_column(String(35))  # BCP 47
    name: Mapped[str] = mapped_column(String(80))  # in the language itself
    name_es: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str] = mapped_column(String(20))  # CLDR locale of dates and numbers
    answers: Mapped[bool]
    interface: Mapped[bool]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
