"""The demo programs shipped in ``app/demo/programs/``, imported by ``flask seed-demo``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.programs.models import Program
from app.programs.services.csv_format import read_files
from app.programs.services.importing import import_program

DEMO_PROGRAMS = Path(__file__).resolve().parents[2] / "demo" / "programs"


def seed_demo_programs() -> bool:
    """Import the demo programs shipped in ``app/demo/programs/`` that are not loaded yet;
    True if one was imported."""
    imported = False
    for folder in sorted(p for p in DEMO_PROGRAMS.iterdir() if p.is_dir()):
        files = read_files([folder])
        slug = next(csv.DictReader(io.StringIO(files["program.csv"].decode("utf-8-sig"))))["slug"]
        if db.session.scalar(select(Program.id).where(Program.slug == slug)) is None:
            import_program(files)
            imported = True
    return imported
