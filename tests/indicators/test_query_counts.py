"""The results page, the dashboard and the catalog's compliance lines issue a constant number
of SQL queries, whatever the number of charters, results and feedback items."""

from datetime import date, datetime

from sqlalchemy import select

from app.catalog.models import Dependency, Topic
from app.core.types import Period
from app.extensions import db
from app.indicators.services.engine import record_measurement
from tests.factories import make_charter, make_feedback, make_service
from tests.test_query_counts import queries_per_page

PATHS = [
    "/es/servicios?q=generada",
    "/es/resultados",
    "/es/resultados?periodo=2025-T1&dependencia=secretaria-del-ayuntamiento",
    "/es/resultados?periodo=2025-T1&cumplimiento=alguno_incumplido",
    "/es/tablero",
    "/es/tablero?dependencia=secretaria-del-ayuntamiento",
]


def add_services_with_charters(how_many: int, start: int) -> str:
    """Services covered by two charters each, with results in 2025-T1; the last slug."""
    dependencies = db.session.scalars(select(Dependency).order_by(Dependency.id)).all()
    topics = db.session.scalars(select(Topic)).all()
    service = None
    for n in range(start, start + how_many):
        service = make_service(
            f"Licencia generada {n:03d}", dependencies[n % len(dependencies)], topics[0]
        )
        for target in (40 + n % 10, 47):
            charter = make_charter([service])
            db.session.flush()
            indicator = charter.versions[0].commitments[0].indicators[0]
            record_measurement(indicator, Period(2025, "T", 1), target, 50)
        make_feedback(
            folio=f"SQR-2026-9{n:05d}",
            dependency_id=dependencies[n % len(dependencies)].id,
            received_at=datetime(2026, 11, 3, 15),
            due_on=date(2026, 11, 18),
        )
    db.session.commit()
    db.session.expire_all()
    return service.slug


def test_query_counts_do_not_grow_with_charters_and_results(demo, count_queries, clock_stopped):
    slug = add_services_with_charters(1, 0)
    paths = PATHS + [f"/es/servicios/{slug}"]
    demo.test_client().get("/es/")  # a worker reads translators' interface work once
    # The dashboard's figures move to the institution's day once, on its first page that day:
    # a suite that passes midnight there would count that move as growth.
    demo.test_client().get("/es/tablero")
    small = queries_per_page(demo, count_queries, paths)
    slug = add_services_with_charters(60, 1)
    client = demo.test_client()
    page = client.get("/es/servicios?q=generada").get_data(as_text=True)
    assert page.count("charter-compliance") == 40  # a full page, two charters per service
    assert "de 1 indicador cumplido en el trimestre 1 de 2025" in page
    large = queries_per_page(demo, count_queries, PATHS + [f"/es/servicios/{slug}"])
    assert list(large.values()) == list(small.values()), (small, large)
    # The institution (name, contacts) is read once per page built: 13 at most.
    assert max(small.values()) <= 13, small
    # The dashboard: its filter's dependencies, the day its figures were counted for, the
    # figures by month and type, the ranking of dependencies with their names, the institution.
    assert small["/es/tablero"] <= 6, small
