"""The open data describes itself: a Frictionless Data Package whose Table Schemas check every
CSV's columns, types, keys and references, and a DCAT catalogue for harvesters."""

import csv
import json

from frictionless import Package, system

from app.api.registry import registry
from app.programs.services.csv_format import FILES


def package_on_disk(client, folder):
    """The descriptor and every CSV it lists, saved side by side as a harvester would fetch
    them (paths are relative to the descriptor's address)."""
    response = client.get("/api/v1/datapackage.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    descriptor = response.get_json()
    for resource in descriptor["resources"]:
        csv = client.get(f"/api/v1/{resource['path']}")
        assert csv.status_code == 200, resource["path"]
        (folder / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
        (folder / resource["path"]).write_bytes(csv.get_data())
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    return descriptor


def validate(folder):
    with system.use_context(trusted=True):
        return Package(str(folder / "datapackage.json")).validate()


def test_every_csv_is_listed_with_its_schema_and_the_licence(full_client, tmp_path):
    descriptor = package_on_disk(full_client, tmp_path)
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"] == [
        {"title": "Libre Uso MX", "path": "https://datos.gob.mx/libreusomx"}
    ]
    listed = {resource["name"]: resource for resource in descriptor["resources"]}
    programs = {name for name in listed if name.startswith("program-pat-2024-")}
    assert set(listed) == set(registry.resources) | programs
    assert len(programs) == len(FILES)
    mechanisms = listed["program-pat-2024-mechanisms"]
    assert mechanisms["path"] == "programs/pat-2024/mechanisms.csv"
    assert {"fields": ["commitment"], "reference": {
        "resource": "program-pat-2024-commitments", "fields": ["code"]}} in (
        mechanisms["schema"]["foreignKeys"]
    )  # fmt: skip
    services = listed["services"]["schema"]
    columns = [field["name"] for field in services["fields"]]
    assert columns == registry.resources["services"].columns()
    types = {field["name"]: field["type"] for field in services["fields"]}
    assert types["response_days"] == "integer"
    assert types["cost_amount"] == "number"
    assert types["updated_on"] == "date"
    assert all(field["description"] for field in services["fields"])
    assert services["primaryKey"] == ["id"]
    assert {"fields": ["dependency_id"], "reference": {"resource": "dependencies",
            "fields": ["id"]}} in services["foreignKeys"]  # fmt: skip
    dependencies = listed["dependencies"]["schema"]
    assert {"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}} in (
        dependencies["foreignKeys"]
    )


def test_frictionless_validates_types_keys_and_references(full_client, tmp_path):
    package_on_disk(full_client, tmp_path)
    report = validate(tmp_path)
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "note"])


def test_a_cell_of_the_wrong_type_fails_the_validation(full_client, tmp_path):
    package_on_disk(full_client, tmp_path)
    path = tmp_path / "services.csv"
    with path.open(newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["response_days"] = "ten"
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = validate(tmp_path)
    assert not report.valid
    assert "type-error" in {error.type for task in report.tasks for error in task.errors}


def test_a_dcat_catalogue_lists_every_dataset_and_its_files(full_client):
    response = full_client.get("/api/v1/catalog.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    catalog = json.loads(response.get_data())
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["dct:license"] == {"@id": "https://datos.gob.mx/libreusomx"}
    datasets = {dataset["dct:identifier"]: dataset for dataset in catalog["dcat:dataset"]}
    # The same datasets as the Data Package: the registry's and the work programs' files.
    package = json.loads(full_client.get("/api/v1/datapackage.json").get_data())
    assert set(datasets) == {resource["name"] for resource in package["resources"]}
    assert set(registry.resources) < set(datasets)
    program_files = [
        dataset["dcat:distribution"][0]["dcat:downloadURL"]["@id"]
        for name, dataset in datasets.items()
        if name not in registry.resources
    ]
    assert program_files and all("/api/v1/programs/" in url for url in program_files)
    assert full_client.get("/api/v1" + program_files[0].split("/api/v1", 1)[1]).status_code == 200
    files = datasets["services"]["dcat:distribution"]
    assert files[0]["dcat:downloadURL"]["@id"].endswith("/api/v1/services.csv")
    assert files[0]["dct:conformsTo"]["@id"].endswith("/api/v1/datapackage.json")
    assert files[1]["dcat:mediaType"] == "application/json"


def test_a_broken_reference_fails_the_validation(full_client, tmp_path):
    package_on_disk(full_client, tmp_path)
    path = tmp_path / "programs/pat-2024/strategies.csv"
    with path.open(newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["objective"] = "no-such-objective"
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = validate(tmp_path)
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}
