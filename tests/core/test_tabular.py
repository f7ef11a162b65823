"""The spreadsheet side of the import formats: what a workbook the portal writes holds."""

import io

from openpyxl import load_workbook

from app.core.table_format import Format
from app.core.tabular import FileSpec, read_csv

NOTES = Format("notes", {"notes.csv": FileSpec("notes.csv", columns=("slug", "note"))})


def test_a_text_that_looks_like_a_formula_is_written_as_text_and_read_back_as_it_was():
    formula = '=HYPERLINK("http://evil.example","Haga clic")'
    rows = [{"slug": "a", "note": formula}, {"slug": "b", "note": "@SUM(A1)"}, {"slug": "c"}]
    data = NOTES.write_workbook({"notes.csv": (["slug", "note"], rows)})
    sheet = load_workbook(io.BytesIO(data))["notes"]
    cell = sheet["B2"]
    assert cell.data_type == "s" and cell.value == formula  # text, not a formula to run
    assert sheet["B3"].value == "@SUM(A1)" and sheet["B4"].value is None
    problems = []
    tables = NOTES.read_workbook("notes.xlsx", data, problems)
    assert not problems
    assert [row["note"] for _, row in tables["notes.csv"][1]] == [formula, "@SUM(A1)", ""]


def test_a_csv_row_is_named_by_the_line_it_starts_on_after_blank_lines_and_empty_rows():
    """Spreadsheets save formatted empty rows as ",,," and people leave blank lines: neither is
    a row (as in a workbook), and the rows after them keep their own line numbers."""
    data = 'slug,note\r\na,uno\r\n\r\n,\r\n , \r\nb,"dos\r\nlíneas"\r\nc,tres\r\n'.encode()
    problems = []
    rows = read_csv(NOTES.files["notes.csv"], data, problems)
    assert problems == []
    assert [(line, row["slug"]) for line, row in rows] == [(2, "a"), (6, "b"), (8, "c")]
    too_many = read_csv(NOTES.files["notes.csv"], b"slug,note\n\n\na,b,c\n", problems)
    assert too_many == [] and [(p.line, p.file) for p in problems] == [(4, "notes.csv")]
