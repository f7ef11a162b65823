"""The JSON lists and items of /api/v1 on the demo: totals, pagination, ordering, filters."""

from math import ceil
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import distinct, func, select

from app.api.registry import registry
from app.catalog.models import (
    Dependency,
    Inspection,
    Office,
    RequestFormat,
    Requirement,
    Service,
    ServiceAudio,
    Step,
)
from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment, Indicator
from app.core.clock import local_today
from app.extensions import db
from app.indicators.models import Measurement, Report
from tests.api.conftest import all_rows


def _public():
    """Archived versions and published ones that have started (a version approved from a later
    date is not public before it)."""
    return (CharterVersion.status == CharterStatus.ARCHIVED) | (
        (CharterVersion.status == CharterStatus.PUBLISHED)
        & (CharterVersion.valid_from <= local_today())
    )


def _public_version_ids():
    return select(CharterVersion.id).where(_public())


# How many rows each resource must publish, counted here independently of app/api.
ORM_COUNTS = {
    "dependencies": lambda: select(func.count(Dependency.id)),
    "offices": lambda: select(func.count(Office.id)),
    "services": lambda: select(func.count(Service.id)),
    "steps": lambda: select(func.count(Step.id)),
    "requirements": lambda: select(func.count(Requirement.id)),
    "inspections": lambda: select(func.count(Inspection.id)),
    "forms": lambda: select(func.count(RequestFormat.id)),
    "recordings": lambda: select(func.count(ServiceAudio.id))
    .join(Service)
    .where(Service.retired_on.is_(None)),
    "charters": lambda: select(func.count(distinct(CharterVersion.charter_id))).where(_public()),
    "charter-versions": lambda: select(func.count(CharterVersion.id)).where(_public()),
    "commitments": lambda: select(func.count(Commitment.id)).where(
        Commitment.version_id.in_(_public_version_ids())
    ),
    "indicators": lambda: select(func.count(Indicator.id))
    .join(Commitment)
    .where(Commitment.version_id.in_(_public_version_ids())),
    "measurements": lambda: select(func.count(Measurement.id))
    .join(Indicator)
    .join(Commitment)
    .where(Commitment.version_id.in_(_public_version_ids())),
    "reports": lambda: select(func.count(Report.id)),
}
NAMES = list(ORM_COUNTS)


def orm_count(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(ORM_COUNTS[name]())


def query_of(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_every_resource_is_counted_here(app):
    assert sorted(registry.resources) == sorted(NAMES)


def test_index_links_every_resource_the_document_and_the_licence(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response.mimetype == "application/json"
    index = response.get_json()
    assert index["openapi"] == "http://127.0.0.1:5000/api/v1/openapi.json"  # PUBLIC_BASE_URL
    assert index["license"]["name"] and index["license"]["url"].startswith("https://")
    assert [r["name"] for r in index["resources"]] == list(registry.resources)
    for resource in index["resources"]:
        assert client.get(resource["url"]).status_code == 200
        assert client.get(resource["csv"]).status_code == 200
    # And what other modules serve: the Data Package, its DCAT catalogue, the work programs.
    assert index["datapackage"].endswith("/api/v1/datapackage.json")
    assert index["catalog"].endswith("/api/v1/catalog.jsonld")
    assert any(url.endswith("/api/v1/programs") for url in index["more"])
    for url in (index["datapackage"], index["catalog"], *index["more"]):
        assert client.get(url.removeprefix("http://127.0.0.1:5000")).status_code == 200


@pytest.mark.parametrize("name", NAMES)
def test_lists_page_through_every_public_row_in_id_order(full_app, full_client, name):
    total = orm_count(full_app, name)
    assert total > 0, "the fixture has rows of every resource"
    per_page = max(1, ceil(total / 3))
    response = full_client.get(f"/api/v1/{name}?per_page={per_page}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["meta"] == {
        "page": 1,
        "per_page": per_page,
        "total": total,
        "pages": ceil(total / per_page),
    }
    links = body["links"]
    assert links["prev"] is None
    assert query_of(links["first"]) == {"page": "1", "per_page": str(per_page)}
    assert query_of(links["last"])["page"] == str(body["meta"]["pages"])
    ids = [row["id"] for row in body["data"]]
    while links["next"]:
        page = full_client.get(links["next"]).get_json()
        assert page["links"]["prev"] == links["self"]
        links = page["links"]
        ids += [row["id"] for row in page["data"]]
    assert links["self"] == body["links"]["last"]
    assert len(ids) == total and ids == sorted(set(ids)), "every row once, ordered by id"
    fields = [f.name for f in registry.resources[name].fields]
    assert list(body["data"][0]) == fields


def test_a_page_past_the_last_is_empty_and_points_back(client):
    body = client.get("/api/v1/dependencies?page=99&per_page=10").get_json()
    assert body["data"] == [] and body["links"]["next"] is None
    assert body["links"]["prev"] == body["links"]["last"]


def test_default_page_size_is_fifty(client):
    meta = client.get("/api/v1/measurements").get_json()["meta"]
    assert meta["per_page"] == 50 and meta["page"] == 1


@pytest.mark.parametrize(
    "name, key",
    [
        ("dependencies", "tesoreria"),
        ("services", "acta-de-nacimiento"),
        ("charters", None),
    ],
)
def test_items_by_id_and_by_slug(client, name, key):
    first = client.get(f"/api/v1/{name}?per_page=1").get_json()["data"][0]
    key = key or first["slug"]
    by_slug = client.get(f"/api/v1/{name}/{key}")
    assert by_slug.status_code == 200
    item = by_slug.get_json()["data"]
    assert item["slug"] == key
    assert client.get(f"/api/v1/{name}/{item['id']}").get_json() == {"data": item}


@pytest.mark.parametrize("name", NAMES)
def test_an_item_is_the_same_row_as_in_the_list(full_client, name):
    row = full_client.get(f"/api/v1/{name}?per_page=1").get_json()["data"][0]
    assert full_client.get(f"/api/v1/{name}/{row['id']}").get_json() == {"data": row}


def test_filters_narrow_the_lists(app, client):
    with app.app_context():
        dependency = db.session.scalar(
            select(Dependency).join(Service).group_by(Dependency.id).order_by(Dependency.id)
        )
        services = db.session.scalar(
            select(func.count(Service.id)).where(Service.dependency_id == dependency.id)
        )
        charter = db.session.scalar(select(Charter).order_by(Charter.id))
        charter_slug, charter_dependency = charter.slug, charter.dependency.slug
        charters = db.session.scalar(
            select(func.count(Charter.id)).where(Charter.dependency_id == charter.dependency_id)
        )
        measurement = db.session.scalar(
            select(Measurement)
            .join(Measurement.indicator)
            .join(Indicator.commitment)
            .join(Commitment.version)
            .where(CharterVersion.charter_id == charter.id)
            .order_by(Measurement.id)
        )
        indicator_id, period = measurement.indicator_id, str(measurement.period)
        of_indicator = db.session.scalar(
            select(func.count(Measurement.id)).where(Measurement.indicator_id == indicator_id)
        )
        dependency_slug = dependency.slug

    body = client.get(f"/api/v1/services?dependency={dependency_slug}&per_page=500").get_json()
    assert body["meta"]["total"] == services
    assert {row["dependency"] for row in body["data"]} == {dependency_slug}
    assert "dependency=" in body["links"]["self"]

    body = client.get(f"/api/v1/charters?dependency={charter_dependency}").get_json()
    assert body["meta"]["total"] == charters

    body = client.get(f"/api/v1/measurements?indicator={indicator_id}").get_json()
    assert body["meta"]["total"] == of_indicator
    assert {row["indicator_id"] for row in body["data"]} == {indicator_id}

    body = client.get(
        f"/api/v1/measurements?indicator={indicator_id}&charter={charter_slug}&period={period}"
    ).get_json()
    assert [(row["indicator_id"], row["period"]) for row in body["data"]] == [
        (indicator_id, period)
    ]

    body = client.get("/api/v1/services?kind=tramite&modality=en_linea").get_json()
    assert body["meta"]["total"] > 0
    assert {(row["kind"], row["modality"]) for row in body["data"]} == {("tramite", "en_linea")}

    assert client.get("/api/v1/services?dependency=no-such-one").get_json()["meta"]["total"] == 0


def test_values_keep_their_types(client):
    service = client.get("/api/v1/services/acta-de-nacimiento").get_json()["data"]
    assert isinstance(service["response_days"], int)
    assert set(service["name"]) >= {"es", "en"}
    assert isinstance(service["languages"], list)
    body = client.get("/api/v1/measurements?status=met&per_page=1").get_json()
    measurement = body["data"][0]
    assert isinstance(measurement["value"], int | float)
    assert measurement["status"] == "met"
    assert measurement["recorded_at"].endswith("Z")
    assert measurement["period"].count("-T") == 1 or measurement["period"].isdigit()


@pytest.mark.parametrize("name", NAMES)
def test_query_count_does_not_grow_with_the_page_size(app, count_queries, name):
    client = app.test_client()
    counts = []
    for per_page in (5, 50):
        with count_queries() as queries:
            assert client.get(f"/api/v1/{name}?per_page={per_page}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 5


def test_the_demo_reports_are_published_as_frozen(app, client):
    with app.app_context():
        expected = [
            (r.id, r.charter.slug, str(r.period), r.revision, r.note, r.content)
            for r in db.session.scalars(select(Report).order_by(Report.id))
        ]
    rows = [
        (r["id"], r["charter"], r["period"], r["revision"], r["note"], r["content"])
        for r in all_rows(client, "reports")
    ]
    assert expected and rows == expected


def test_services_read_their_dependency_and_topic_with_the_page(app, count_queries):
    """Three statements for a page of services: the count, the page with each service's
    dependency and topic, and the recordings (a post-load for each reference cost more than
    the page's own statement)."""
    with count_queries() as queries:
        services = app.test_client().get("/api/v1/services?per_page=50").get_json()
    assert len(queries) == 3, queries
    assert services["data"] and all(row["dependency"] and row["topic"] for row in services["data"])
