"""The charters' files uploaded in the workspace (``app.core.spreadsheet_uploads``): their CSV
files, a workbook, or the ZIP archive the workspace exports."""

from app.charters.exchange.format import CHARTERS
from app.charters.exchange.importing import import_charters
from app.core.lazy_text import lazy_gettext as _l
from app.core.spreadsheet_uploads import SpreadsheetUploads


def _import(tables, problems, _folder, **options):
    return import_charters(tables, problems, **options)


UPLOADS = SpreadsheetUploads(
    folder="charter-imports",
    format=CHARTERS,
    importer=_import,
    choose=_l("Elija los archivos CSV de las cartas o un libro XLSX."),
    foreign=lambda name, expected: _l(
        "«%(name)s» no es un archivo de las cartas (%(expected)s).", name=name, expected=expected
    ),
    foreign_entry=lambda name: _l("«%(name)s» no es un archivo de las cartas.", name=name),
)
