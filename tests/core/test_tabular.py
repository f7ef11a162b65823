"""The spreadsheet side of the import formats: what a workbook the portal writes holds."""

import io

from openpyxl import load_workbook

from app.core.table_format import Format
from app.core.tabular import FileSpec

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
