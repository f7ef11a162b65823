"""Realistic generated data at scale, for benchmarks and load tests (``flask dev generate``).

The demo institution (its catalog and charters, in ``app/demo/``) is the template: its
dependencies, offices, services and charters are repeated once per *region* (a delegation of a
national institution), so that 10,000 services make about 150 regions. On top of that come five
years of quarterly measurements of every indicator, feedback spread over those years with its
events and answers, and satisfaction surveys. The demo's work program is imported as it is (its
units are the template's dependencies), so that its page is measured too. Its calendar of
non-working days (first: the items' due dates count them) and its identity are loaded as ``flask
seed-demo`` loads them: every page of a portal in use shows an institution's identity, and every
staff page with due dates reads its calendar.

Rows are built in memory in chunks and written with PostgreSQL's ``COPY`` (psycopg 3
``cursor.copy``) or, on other engines, with ``executemany`` inserts. Ids are assigned here, so
related rows are written without reading anything back; PostgreSQL's sequences are moved past
them at the end. The database must be migrated and empty.

This module runs the generation; ``regions`` builds the catalog and its measurements,
``feedback`` the feedback and surveys, and ``bulk`` writes the rows.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, text

from app.catalog.models import Service
from app.core.clock import local_today
from app.demo.catalog_files import demo_specs
from app.demo.seed import seed_demo_calendar, seed_demo_institution
from app.dev.bulk import Ids, Report, Writer
from app.dev.feedback import Days, write_feedback, write_surveys
from app.dev.regions import write_catalog
from app.extensions import db
from app.feedback.models import Feedback
from app.indicators.services import dashboard_counts
from app.indicators.services.results import refresh_quarter_compliance
from app.programs.services.demo import seed_demo_programs

# Every generated item can be followed with this access code (load tests of tracking).
GENERATED_ACCESS_CODE = "GENE-RADA-2345"


@dataclass(frozen=True)
class Sizes:
    """How much to generate; regions follow from the number of services."""

    services: int = 200
    feedback: int = 2_000
    surveys: int | None = None  # default: half the feedback
    years: int = 5
    seed: int = 2026

    @property
    def survey_count(self) -> int:
        return self.feedback // 2 if self.surveys is None else self.surveys

    @property
    def regions(self) -> int:
        return max(1, math.ceil(self.services / len(demo_specs().services)))


class NotEmpty(RuntimeError):
    """The database already has a catalog or feedback: generated data goes into an empty one."""


def generate(sizes: Sizes, echo: Callable[[str], None] = lambda _message: None) -> Report:
    """Fill an empty, migrated database with generated data of ``sizes``; returns the counts.
    Raises ``NotEmpty`` if there is a catalog or feedback already."""
    if db.session.scalar(select(func.count(Service.id))) or db.session.scalar(
        select(func.count(Feedback.id))
    ):
        raise NotEmpty("the database already has services or feedback")
    rng = random.Random(sizes.seed)  # nosec B311
    today = local_today()
    seed_demo_calendar()  # commits
    # Read through the session before the bulk connection takes SQLite's write lock.
    days = Days(today - timedelta(days=365 * sizes.years), today)
    db.session.remove()
    report = Report()
    with db.engine.begin() as connection:
        writer = Writer(connection, report, echo)
        ids = Ids()
        catalog = write_catalog(
            writer,
            ids,
            rng,
            today,
            regions=sizes.regions,
            services=sizes.services,
            years=sizes.years,
        )
        echo(f"catalog: {len(catalog.service_ids)} services")
        write_feedback(
            writer,
            ids,
            rng,
            today,
            catalog,
            days,
            count=sizes.feedback,
            years=sizes.years,
            access_code=GENERATED_ACCESS_CODE,
        )
        write_surveys(writer, ids, rng, today, catalog, count=sizes.survey_count, years=sizes.years)
        writer.finish(list(db.metadata.sorted_tables))
    refresh_quarter_compliance()  # the measurements were written without the session
    seed_demo_programs()
    seed_demo_institution()
    db.session.commit()
    dashboard_counts.recount()  # so were the items
    if writer.postgresql:
        # What autovacuum would do later: statistics for the planner, and a visibility map so
        # that counts can be answered from indexes alone.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return report
