"""The catalog's files uploaded in the workspace (``app.core.spreadsheet_uploads``): its CSV
files, a workbook, or the ZIP archive the workspace exports, with the recordings' audio files in
its ``recordings`` folder (checked by the import like uploads)."""

from app.catalog.exchange.format import CATALOG, RECORDINGS
from app.catalog.exchange.importing import import_catalog
from app.catalog.exchange.recordings import FILE_NAME
from app.core.lazy_text import lazy_gettext as _l
from app.core.spreadsheet_uploads import SpreadsheetUploads


def _import(tables, problems, folder, **options):
    # The recordings' audio files are read from the folder the files are kept in.
    return import_catalog(tables, problems, folder=folder, **options)


UPLOADS = SpreadsheetUploads(
    folder="catalog-imports",
    format=CATALOG,
    importer=_import,
    choose=_l("Elija los archivos CSV del catálogo o un libro XLSX."),
    foreign=lambda name, expected: _l(
        "«%(name)s» no es un archivo del catálogo (%(expected)s).", name=name, expected=expected
    ),
    foreign_entry=lambda name: _l(
        "«%(name)s» no es un archivo del catálogo ni una grabación de la carpeta %(folder)s.",
        name=name,
        folder=RECORDINGS,
    ),
    also_in_archive=lambda folder, name: folder == RECORDINGS and bool(FILE_NAME.fullmatch(name)),
)
