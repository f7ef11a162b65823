"""Pages issue a constant number of SQL queries, whatever the size of the catalog."""

import re

from sqlalchemy import event, func, select

from app.catalog.models import Dependency, Inspection, RequestFormat, Service, Step, Topic
from app.charters.models import Charter
from app.extensions import db
from tests.factories import make_charter, make_dependency, make_service

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


def test_query_counts_do_not_grow_with_the_catalog(demo, count_queries, clock_stopped):
    service_slug = db.session.scalar(select(Service.slug).order_by(Service.slug))
    charter_slug = db.session.scalar(select(Charter.slug).order_by(Charter.slug))
    paths = PAGES + [f"/es/servicios/{service_slug}", f"/nah/cartas/{charter_slug}"]
    demo.test_client().get("/es/")  # a worker reads translators' interface work once
    small = queries_per_page(demo, count_queries, paths)

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

    assert queries_per_page(demo, count_queries, paths) == small
    # A charter reads its results, claims, ratings and reports; pages in English or Náhuatl
    # also read which translations wait for review (one query).
    assert max(small.values()) <= 14, small


def test_typed_dependencies_read_as_much_with_many_dependencies(empty_app, count_queries):
    """Beyond ``DEPENDENCY_LIST_LIMIT`` the dependency filters search in SQL and read a few rows,
    whether there are fifty dependencies or five hundred."""
    empty_app.config["DEPENDENCY_LIST_LIMIT"] = 5

    def add_offices(start: int, how_many: int) -> None:
        for n in range(start, start + how_many):
            make_service(f"Trámite {n}", make_dependency(f"Oficina regional {n:03d}"))
        db.session.commit()
        db.session.expire_all()

    make_service("Pago del predial", make_dependency("Tesorería", acronym="TM", slug="tesoreria"))
    add_offices(0, 50)
    paths = [
        "/es/servicios?dependencia=tesoreria",
        "/es/servicios?dependencia=tm",
        # The services listed read their own dependencies: one service, whatever the data.
        "/es/servicios?dependencia=oficina%20regional&q=predial",
        "/es/resultados?dependencia=tesoreria",
        "/es/tablero?dependencia=tm",
        "/es/tablero?dependencia=oficina",
    ]

    def measure():
        loaded = []

        def count(dependency, _context):
            loaded.append(dependency.id)

        client = empty_app.test_client()
        counts = {}
        event.listen(Dependency, "load", count)
        try:
            for path in paths:
                # What the request reads, not what an earlier one left in the session's identity
                # map (weakly held: whether it is still there depended on the garbage collector).
                db.session.expunge_all()
                with count_queries(empty_app) as queries:
                    assert client.get(path).status_code == 200, path
                counts[path] = len(queries)
            return counts, len(loaded)
        finally:
            event.remove(Dependency, "load", count)

    empty_app.test_client().get("/es/tablero")  # the dashboard counts its figures once
    few = measure()
    add_offices(50, 450)
    assert measure() == few  # as many queries, and as many dependencies read


# A search's word that is a dependency's acronym finds its services: a lookup, not a list.
ACRONYM_LOOKUP = re.compile(
    r"\(SELECT dependencies\.id\s+FROM dependencies\s+WHERE lower\(dependencies\.acronym\)[^)]*\)"
)


def lists_dependencies(statement: str) -> bool:
    """Whether ``statement`` is the dependency filter's: counting the dependencies (up to the
    limit of a list), or reading them in order."""
    statement = ACRONYM_LOOKUP.sub("", statement)
    return "FROM dependencies" in statement and (
        "count(*)" in statement or "ORDER BY dependencies.slug" in statement
    )


def test_an_htmx_update_reads_no_dependency_list_it_does_not_show(
    empty_app, count_queries, signed_in
):
    """The results a filter form swaps in (the dashboard refreshes itself so every 30 seconds)
    leave the dependency filter out: with no dependency asked for, none is read, and one asked
    for still filters."""
    from app.staff.models import Role

    make_service("Pago del predial", make_dependency("Tesorería", acronym="TM", slug="tesoreria"))
    make_service("Licencia de obra", make_dependency("Obras Públicas", slug="obras"))
    db.session.commit()
    client = signed_in(Role.ADMIN)
    htmx = {"HX-Request": "true"}
    client.get("/es/tablero")  # the dashboard counts its figures once
    for path in ("/es/tablero", "/es/servicios?q=licencia", "/es/resultados", "/admin/buzon"):
        with count_queries(empty_app) as whole:
            page = client.get(path)
        with count_queries(empty_app) as swapped:
            fragment = client.get(path, headers=htmx)
        assert page.status_code == fragment.status_code == 200, path
        assert 'name="dependencia"' in page.text and 'name="dependencia"' not in fragment.text
        assert any(map(lists_dependencies, whole)), path
        assert not any(map(lists_dependencies, swapped)), (path, swapped)
    filtered = client.get("/es/servicios?q=licencia&dependencia=tesoreria", headers=htmx)
    assert filtered.status_code == 200
    assert "Licencia de obra" not in filtered.text
    unfiltered = client.get("/es/servicios?q=licencia", headers=htmx)
    assert "Licencia de obra" in unfiltered.text


def test_a_service_page_reads_only_the_lists_the_service_has(empty_app, count_queries):
    """Steps, inspections and forms are read only for a service that has them (its row says
    so): their texts show, and a service without them reads three statements fewer."""
    bare = make_service("Trámite sin pasos")
    full = make_service("Trámite con pasos")
    full.steps.append(Step(position=1, text={"es": "Acuda a la ventanilla única"}))
    full.inspections.append(
        Inspection(position=1, subject={"es": "Extintores"}, purpose={"es": "Prevenir"})
    )
    full.request_formats.append(RequestFormat(position=1, name={"es": "Formato de alta"}))
    db.session.commit()
    client = empty_app.test_client()
    counts = {}
    for service in (bare, full):
        client.get(f"/es/servicios/{service.slug}")  # a worker's first request reads more
        with count_queries(empty_app) as queries:
            page = client.get(f"/es/servicios/{service.slug}").get_data(as_text=True)
        counts[service.slug] = len(queries)
    for text in ("Acuda a la ventanilla única", "Extintores", "Formato de alta"):
        assert text in page
    assert counts[full.slug] - counts[bare.slug] == 3, counts


# A limit, an offset or a day sent as a parameter hides it from PostgreSQL's planner, which then
# plans the statement again at every execution (see app/core/pagination.py). (SQLite's dialect
# adds an ``OFFSET ?`` of its own to every limit.)
HIDDEN_FROM_THE_PLANNER = re.compile(r"(LIMIT|valid_from <=) (%\(|\?)|OFFSET %\(")


def test_lists_write_their_limits_and_day_into_the_sql(demo, count_queries):
    client = demo.test_client()
    paths = PAGES + ["/es/resultados", "/api/v1/services?page=2&per_page=5", "/es/programas"]
    for path in paths:
        with count_queries(demo) as statements:
            assert client.get(path).status_code == 200, path
        hidden = [s for s in statements if HIDDEN_FROM_THE_PLANNER.search(" ".join(s.split()))]
        assert not hidden, (path, hidden)
