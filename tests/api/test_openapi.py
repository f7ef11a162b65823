"""The OpenAPI document of /api/v1: valid OpenAPI 3.1, and true: every path it lists answers,
every parameter it declares works, and every JSON answer matches the schema it declares."""

import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from app.api.registry import registry


@pytest.fixture(scope="module")
def document(full_app):
    return full_app.test_client().get("/api/v1/openapi.json").get_json()


def schema_validator(document: dict, schema: dict) -> Draft202012Validator:
    """A validator of ``schema`` whose ``#/components/...`` references resolve in ``document``."""
    return Draft202012Validator(
        {**schema, "components": document["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def check_response(document: dict, template: str, response) -> None:
    """The response has a status the document lists for the path, and a body of its schema."""
    operation = document["paths"][template]["get"]
    declared = operation["responses"].get(str(response.status_code))
    assert declared is not None, (template, response.status_code)
    if "$ref" in declared:
        declared = document["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
    content = declared.get("content", {})
    if response.status_code == 304:
        assert not content and response.get_data() == b""
    elif response.mimetype in ("application/json", "application/ld+json"):
        schema = content[response.mimetype]["schema"]
        schema_validator(document, schema).validate(json.loads(response.get_data()))
    elif response.mimetype == "text/csv":
        assert response.mimetype in content, (template, response.mimetype)
        header = response.get_data(as_text=True).split("\n", 1)[0]
        assert header.startswith("id,") or template.startswith("/programs/"), header
    else:  # a workbook: a ZIP archive
        assert response.mimetype in content, (template, response.mimetype)
        assert response.get_data().startswith(b"PK"), template


def concrete(client, template: str) -> str:
    """The path with its parameters replaced by those of an existing row (or program)."""
    if template.startswith("/programs/"):
        slug = client.get("/api/v1/programs").get_json()["data"][0]["slug"]
        return template.replace("{slug}", slug).replace("{name}", "mechanisms")
    match = re.match(r"^/([a-z-]+)/\{(key|id)\}$", template)
    if not match:
        return template
    first = client.get(f"/api/v1/{match[1]}?per_page=1").get_json()["data"][0]
    return f"/{match[1]}/{first['id']}"


def test_the_document_is_valid_openapi_3_1(document):
    validate(document, cls=OpenAPIV31SpecValidator)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "/api/v1"}]
    assert "not paginated" in document["info"]["description"]
    assert "JSON numbers" in document["info"]["description"]


def test_every_resource_has_its_three_paths(document):
    for name, resource in registry.resources.items():
        key = "{key}" if resource.slug_column is not None else "{id}"
        assert {f"/{name}", f"/{name}.csv", f"/{name}/{key}"} <= set(document["paths"])
        schema = document["components"]["schemas"][resource.schema_name]
        assert list(schema["properties"]) == [f.name for f in resource.fields]


def test_every_path_answers_200_with_the_declared_schema(full_client, document):
    for template in document["paths"]:
        response = full_client.get("/api/v1" + concrete(full_client, template))
        assert response.status_code == 200, template
        check_response(document, template, response)


def test_every_row_of_every_list_matches_the_declared_schema(full_client, document):
    for name in registry.resources:
        url = f"/api/v1/{name}?per_page=500"
        while url:
            response = full_client.get(url)
            check_response(document, f"/{name}", response)
            url = response.get_json()["links"]["next"]


# Where a valid value of each filter naming a row is found: (list, field of its first row).
FILTER_SOURCES = {
    "charter": ("charters", "slug"),
    "dependency": ("dependencies", "slug"),
    "parent": ("dependencies", "slug"),
    "service": ("services", "slug"),
    "topic": ("services", "topic"),
    "commitment": ("indicators", "commitment_id"),
    "indicator": ("measurements", "indicator_id"),
}


def example(client, parameter: dict) -> str:
    """A valid value of a declared query parameter, taken from the data where it names a row."""
    schema = parameter["schema"]
    if parameter["name"] in ("page", "per_page"):
        return "2"
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("$ref", "").endswith("/Period"):
        return "2026-T1"
    name, field = FILTER_SOURCES[parameter["name"]]
    return str(client.get(f"/api/v1/{name}?per_page=1").get_json()["data"][0][field])


def test_every_declared_parameter_works_and_a_wrong_one_is_a_declared_400(full_client, document):
    for name in registry.resources:
        for template in (f"/{name}", f"/{name}.csv"):
            for parameter in document["paths"][template]["get"]["parameters"]:
                if "$ref" in parameter:
                    parameter = document["components"]["parameters"][
                        parameter["$ref"].rsplit("/", 1)[1]
                    ]
                value = example(full_client, parameter)
                url = f"/api/v1{template}?{parameter['name']}={value}"
                response = full_client.get(url)
                assert response.status_code == 200, url
                check_response(document, template, response)
                schema = parameter["schema"]
                if "enum" in schema or "$ref" in schema or schema.get("type") == "integer":
                    wrong = full_client.get(f"/api/v1{template}?{parameter['name']}=%C3%B1")
                    assert wrong.status_code == 400, (template, parameter["name"])
                    check_response(document, template, wrong)


def test_errors_and_not_modified_are_declared(full_client, document):
    for name, resource in registry.resources.items():
        key = "{key}" if resource.slug_column is not None else "{id}"
        check_response(document, f"/{name}/{key}", full_client.get(f"/api/v1/{name}/987654"))
        listed = full_client.get(f"/api/v1/{name}")
        again = full_client.get(
            f"/api/v1/{name}", headers={"If-None-Match": listed.headers["ETag"]}
        )
        assert again.status_code == 304
        check_response(document, f"/{name}", again)


def test_another_module_adds_its_paths_with_one_call(full_client, monkeypatch):
    for attribute in ("paths", "schemas", "tags"):
        monkeypatch.setattr(registry, attribute, dict(getattr(registry, attribute)))
    registry.add_paths(
        {
            "/programs": {
                "get": {
                    "tags": ["programs"],
                    "operationId": "list_programs",
                    "responses": {
                        "200": {
                            "description": "Work programs.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ProgramList"}
                                }
                            },
                        }
                    },
                }
            }
        },
        schemas={"ProgramList": {"type": "object"}},
        tag={"name": "programs", "description": "Work programs."},
    )
    document = full_client.get("/api/v1/openapi.json").get_json()
    validate(document, cls=OpenAPIV31SpecValidator)
    assert "/programs" in document["paths"] and "/services" in document["paths"]
    assert "ProgramList" in document["components"]["schemas"]
    assert {"name": "programs", "description": "Work programs."} in document["tags"]
