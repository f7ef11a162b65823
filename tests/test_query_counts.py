"""Pages issue a constant number of SQL queries, whatever the size of the catalog."""

from sqlalchemy import func, select

from app.catalog.models import Dependency, Service, Topic
from app.charters.models import Charter
from app.demo.seed import seed_demo
from app.extensions import db
from tests.factories import make_charter, make_service

PAGES = [
    "/es/",
    "/es/servicios",
    "/es/servicios?q=licencia&con_carta=si",
    "/es/servicios?page=2",
    "/en/cartas",
]


def queries_per_page(app, count_queries, paths):
    client = app.test_client()
    counts = {}
    for path in paths:
        with count_queries(app) as queries:
            assert client.get(path).status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_catalog(empty_app, count_queries):
    seed_demo()
    service_slug = db.session.scalar(select(Service.slug).order_by(Service.slug))
    charter_slug = db.session.scalar(select(Charter.slug).order_by(Charter.slug))
    paths = PAGES + [f"/es/servicios/{service_slug}", f"/nah/cartas/{charter_slug}"]
    small = queries_per_page(empty_app, count_queries, paths)

    dependencies = db.session.scalars(select(Dependency)).all()
    topics = db.session.scalars(select(Topic)).all()
    for n in range(540):
        service = make_service(
            f"Licencia generada {n}", dependencies[n % len(dependencies)], topics[n % len(topics)]
        )
        if n % 5 == 0:
            make_charter([service])
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Service.id))) >= 600

    assert queries_per_page(empty_app, count_queries, paths) == small
    assert max(small.values()) <= 12, small
