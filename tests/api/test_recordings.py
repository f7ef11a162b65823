"""Recordings of services in the open data: listed in their service and in recordings.csv with
the public address of their file; never those of a retired service."""

import csv
import io
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.catalog.models import ServiceAudio
from app.extensions import db
from tests.api.conftest import RECORDING_TRANSCRIPT, all_rows
from tests.audio_samples import ogg_opus


@pytest.fixture(scope="module")
def stored(full_app):
    """(offered, retired): the two recordings of the data, as (service slug, audio id)."""
    with full_app.app_context():
        rows = db.session.scalars(select(ServiceAudio).order_by(ServiceAudio.id)).all()
        pairs = [(row.service.slug, row.id, row.service.retired_on) for row in rows]
    (offered,) = [(slug, id_) for slug, id_, retired_on in pairs if retired_on is None]
    (retired,) = [(slug, id_) for slug, id_, retired_on in pairs if retired_on is not None]
    return offered, retired


def test_a_service_lists_its_recordings_with_the_address_of_the_file(full_client, stored):
    (slug, audio_id), _retired = stored
    service = full_client.get(f"/api/v1/services/{slug}").get_json()["data"]
    path = f"/es/servicios/{slug}/audio/{audio_id}"
    (recording,) = service["recordings"]
    url = recording["url"]
    assert url.startswith("http") and urlsplit(url).path == path
    assert service["recordings"] == [
        {
            "id": audio_id,
            "service_id": service["id"],
            "service": slug,
            "language": "nah",
            "part": "descripcion",
            "content_type": "audio/ogg",
            "seconds": 3,
            "transcript": RECORDING_TRANSCRIPT,
            "url": url,
        }
    ]
    with full_client.get(path) as played:
        assert played.status_code == 200 and played.mimetype == "audio/ogg"
        assert played.get_data() == ogg_opus(3)
    assert all_rows(full_client, "recordings") == service["recordings"]


def test_the_recordings_file_has_one_row_per_recording_and_services_csv_stays_flat(
    full_client, stored
):
    (slug, audio_id), _retired = stored
    text = full_client.get("/api/v1/recordings.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["id"], r["service"], r["language"], r["seconds"]) for r in rows] == [
        (str(audio_id), slug, "nah", "3")
    ]
    assert rows[0]["url"].endswith(f"/es/servicios/{slug}/audio/{audio_id}")
    header = full_client.get("/api/v1/services.csv").get_data(as_text=True).split("\n", 1)[0]
    assert "recordings" not in header


def test_a_retired_services_recording_is_not_published(full_client, stored):
    _offered, (slug, audio_id) = stored
    service = full_client.get(f"/api/v1/services/{slug}").get_json()["data"]
    assert service["retired_on"] and service["recordings"] == []
    assert full_client.get(f"/api/v1/recordings/{audio_id}").status_code == 404
    assert full_client.get(f"/api/v1/recordings?service={slug}").get_json()["data"] == []
    assert full_client.get(f"/es/servicios/{slug}/audio/{audio_id}").status_code == 404


def test_the_document_and_the_data_package_describe_the_recordings(full_client):
    document = full_client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert schemas["Service"]["properties"]["recordings"]["items"] == {
        "$ref": "#/components/schemas/Recording"
    }
    assert {"/recordings", "/recordings.csv", "/recordings/{id}"} <= set(document["paths"])
    package = full_client.get("/api/v1/datapackage.json").get_json()
    listed = {resource["name"]: resource for resource in package["resources"]}
    schema = listed["recordings"]["schema"]
    assert [f["name"] for f in schema["fields"]] == [
        "id", "service_id", "service", "language", "part", "content_type", "seconds",
        "transcript", "url",
    ]  # fmt: skip
    assert {"fields": ["service_id"], "reference": {"resource": "services", "fields": ["id"]}} in (
        schema["foreignKeys"]
    )
    assert "recordings" not in [f["name"] for f in listed["services"]["schema"]["fields"]]
