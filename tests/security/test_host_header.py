"""A forged Host header never reaches a link: absolute URLs (the Atom feed, the API, e-mails) are
built from PUBLIC_BASE_URL, so caches and feed readers never keep links to another site."""

import pytest

PATHS = [
    "/es/cartas/informes.atom",
    "/api/v1/",
    "/api/v1/services?per_page=1",
    "/api/v1/programs",
    "/api/v1/programs/pat-2024",
]
FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.mark.parametrize("path", PATHS)
def test_links_name_the_public_address_whatever_the_host_header_says(client, path):
    response = client.get(path, headers=FORGED)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "evil.example" not in body
    assert "http://127.0.0.1:5000/" in body


def test_a_public_address_with_a_path_prefix_is_kept(app, client):
    app.config["PUBLIC_BASE_URL"] = "https://portal.example.gob.mx/cartas"
    try:
        index = client.get("/api/v1/", headers=FORGED).json
    finally:
        app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:5000"
    assert index["openapi"] == "https://portal.example.gob.mx/cartas/api/v1/openapi.json"


def test_relative_links_and_redirects_are_unchanged(client):
    response = client.get("/es/buzon/seguimiento/SQR-2026-000001", headers=FORGED)
    assert response.status_code == 302
    assert response.headers["Location"] == "/es/buzon/seguimiento"
