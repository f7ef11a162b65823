"""Files uploaded for an import (the catalog's, a work program's), kept on the server until the
person who uploaded them confirms what the dry run said.

They are kept in a folder of their own named by a random token, with what the import would do.
Confirming claims the folder by renaming it, so a second confirmation finds nothing and cannot
import twice; the folder is removed after the import, or put back with a new plan when the
import found that the data changed meanwhile. Folders left unconfirmed are removed after
``KEEP_HOURS``."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.staff.models import User

KEEP_HOURS = 24
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
PLAN = "plan.json"
CLAIMED = ".importing"


@dataclass(frozen=True)
class PendingImports:
    """The uploads of one kind of import, in ``UPLOAD_FOLDER``/``folder``."""

    folder: str

    def _root(self) -> Path:
        return Path(current_app.config["UPLOAD_FOLDER"], self.folder)

    def keep(self, files: Iterable[tuple[str, bytes]]) -> Path:
        """A new folder holding ``files`` (names already checked to be of the format)."""
        self._purge_old()
        folder = self._root() / secrets.token_urlsafe(32)
        folder.mkdir(parents=True)
        for name, data in files:
            path = folder / name  # a name of the format: nothing outside the folder
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
        return folder

    def describe(self, folder: Path, user: User, **meta) -> None:
        """Note who may confirm the files of ``folder`` and what importing them would do."""
        (folder / PLAN).write_text(json.dumps({"user": user.id, **meta}), encoding="utf-8")

    def pending(self, token: str, user: User) -> dict | None:
        """What was noted of the upload ``user`` may confirm under ``token``, if it waits."""
        if not TOKEN.match(token):
            return None
        try:
            meta = json.loads((self._root() / token / PLAN).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if meta.pop("user", None) == user.id else None

    @contextmanager
    def claimed(self, token: str) -> Iterator[Path | None]:
        """The upload's folder, claimed for this confirmation (``None``: another one has it,
        or it is gone); removed afterwards unless ``put_back``."""
        folder = self._root() / token
        claimed = folder.with_name(token + CLAIMED)
        try:
            os.rename(folder, claimed)
        except OSError:
            yield None
            return
        try:
            yield claimed
        finally:
            if claimed.exists():
                shutil.rmtree(claimed, ignore_errors=True)

    def put_back(self, claimed: Path, user: User, **meta) -> None:
        """A claimed upload waits again, with what importing it would now do."""
        self.describe(claimed, user, **meta)
        os.rename(claimed, claimed.with_name(claimed.name.removesuffix(CLAIMED)))

    def _purge_old(self) -> None:
        root = self._root()
        if not root.exists():
            return
        limit = time.time() - KEEP_HOURS * 3600
        for folder in root.iterdir():
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
