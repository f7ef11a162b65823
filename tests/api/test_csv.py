"""The CSV files of /api/v1: the same rows and fields as the JSON lists, flattened, whole."""

import csv
import io
import json

import pytest

from app.api.registry import registry
from app.core.i18n import LANGUAGES
from tests.api.conftest import all_rows
from tests.api.test_resources import NAMES, orm_count


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("name", NAMES)
def test_csv_is_the_whole_dataset_with_the_json_fields_flattened(full_app, full_client, name):
    response = full_client.get(f"/api/v1/{name}.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    assert response.is_streamed
    text = response.get_data(as_text=True)
    header = next(csv.reader(io.StringIO(text)))
    resource = registry.resources[name]
    assert header == resource.columns()
    expected = []
    for field in resource.fields:
        if not field.in_csv:
            continue  # rows with a file of their own (a service's recordings)
        if field.type == "translated":
            expected += [f"{field.name}_{code}" for code in LANGUAGES]
        else:
            expected.append(field.name)
    assert header == expected

    rows = read_csv(response)
    assert len(rows) == orm_count(full_app, name), "not paginated: every row"
    json_rows = all_rows(full_client, name)
    assert [int(row["id"]) for row in rows] == [row["id"] for row in json_rows]
    for cells, row in zip(rows, json_rows, strict=True):
        for field in resource.fields:
            value = row[field.name]
            if not field.in_csv:
                assert field.name not in cells
            elif field.type == "translated":
                for code in LANGUAGES:
                    assert cells[f"{field.name}_{code}"] == ((value or {}).get(code) or "")
            elif value is None:
                assert cells[field.name] == ""
            elif field.type == "decimal":
                assert float(cells[field.name]) == value
            elif field.type == "strings":
                assert cells[field.name] == " | ".join(value)
            elif field.type == "object":
                assert json.loads(cells[field.name]) == value
            elif field.type == "boolean":
                assert cells[field.name] == ("true" if value else "false")
            else:
                assert field.type in ("integer", "string", "date", "datetime", "period")
                assert cells[field.name] == str(value)


def test_csv_keeps_accents_and_nahuatl(client):
    rows = read_csv(client.get("/api/v1/dependencies.csv"))
    treasury = next(row for row in rows if row["slug"] == "tesoreria")
    assert treasury["name_es"] == "Tesorería Municipal"
    assert treasury["name_nah"]


def test_csv_takes_the_same_filters(client):
    rows = read_csv(client.get("/api/v1/measurements.csv?status=not_met"))
    assert rows and {row["status"] for row in rows} == {"not_met"}
    assert (
        len(rows) == client.get("/api/v1/measurements?status=not_met").get_json()["meta"]["total"]
    )
    response = client.get("/api/v1/measurements.csv?period=T3")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("period must be")
