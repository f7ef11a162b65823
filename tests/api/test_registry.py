"""The registry's field types: one description gives the JSON value, its schema and CSV cells."""

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from app.api.registry import Field, choice_filter, parse_integer, parse_text, to_json
from app.core.types import Period

COMPONENTS = {
    "components": {
        "schemas": {
            "Translated": {
                "type": "object",
                "required": ["es"],
                "additionalProperties": {"type": "string"},
            },
            "Period": {"type": "string"},
        }
    }
}


def valid(field: Field, value) -> bool:
    """Whether ``value``, sent as the API sends it, matches the field's schema."""
    sent = json.loads(json.dumps(value, default=to_json))
    return Draft202012Validator({**field.schema(), **COMPONENTS}).is_valid(sent)


@pytest.mark.parametrize(
    "field, value, cells",
    [
        (
            Field("name", "translated", "Name."),
            {"es": "Sí", "nah": "Kema", "maz": "Jo"},
            ["Sí", "", "Kema", "", "Jo"],
        ),
        (Field("cases", "translated", "Cases.", nullable=True), None, ["", "", "", "", ""]),
        (Field("cost", "decimal", "Cost.", nullable=True), Decimal("12.50"), ["12.50"]),
        (Field("cost", "decimal", "Cost.", nullable=True), None, [""]),
        (Field("on", "date", "Day."), date(2026, 7, 1), ["2026-07-01"]),
        (Field("at", "datetime", "Moment."), datetime(2026, 7, 1, 9, 5), ["2026-07-01T09:05:00Z"]),
        (Field("period", "period", "Period."), Period(2026, "T", 3), ["2026-T3"]),
        (Field("tags", "strings", "Tags."), ["a", "b"], ["a | b"]),
        (Field("content", "object", "Snapshot."), {"b": 1, "a": "ñ"}, ['{"a": "ñ", "b": 1}']),
        (Field("kind", "string", "Kind.", enum=("x", "y")), "x", ["x"]),
        (Field("kind", "string", "Kind.", nullable=True, enum=("x", "y")), None, [""]),
    ],
)
def test_a_field_gives_its_schema_and_csv_cells(field, value, cells):
    assert field.cells(value) == cells
    assert len(field.columns()) == len(cells)
    assert valid(field, value)
    assert field.schema()["description"].startswith(field.description)


def test_schemas_refuse_what_a_field_cannot_hold():
    assert not valid(Field("kind", "string", "Kind.", enum=("x", "y")), "z")
    assert not valid(Field("kind", "string", "Kind.", enum=("x", "y")), None)
    assert not valid(Field("name", "translated", "Name."), {"en": "Only English"})
    assert not valid(Field("n", "integer", "Count."), None)


def test_translated_fields_take_one_column_per_language():
    # Otomí and Mazahua are content languages too: an institution publishes in them.
    assert Field("name", "translated", "Name.").columns() == [
        "name_es",
        "name_en",
        "name_nah",
        "name_ots",
        "name_maz",
    ]


def test_decimals_are_exact_json_numbers():
    assert to_json(Decimal("90.00")) == 90 and isinstance(to_json(Decimal("90.00")), int)
    assert repr(to_json(Decimal("93.33"))) == "93.33"
    assert repr(to_json(Decimal("123456789012.34"))) == "123456789012.34"


@pytest.mark.parametrize("text", ["", "0", "-1", "1.5", "x", "٣", "9" * 20])
def test_integers_in_queries_are_plain_positive_digits(text):
    with pytest.raises(ValueError):
        parse_integer(text)


def test_texts_in_queries_have_no_control_characters():
    assert parse_text("tesoreria") == "tesoreria"
    for text in ("", "a\x00b", "a\nb", "a" * 201):
        with pytest.raises(ValueError):
            parse_text(text)


def test_choice_filters_name_their_values():
    status = choice_filter("status", "Status.", ("met", "not_met"), lambda s, v: s)
    assert status.parse("met") == "met"
    with pytest.raises(ValueError, match="met, not_met"):
        status.parse("draft")
    assert status.schema == {"type": "string", "enum": ["met", "not_met"]}
