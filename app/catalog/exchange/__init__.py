"""The whole catalog as spreadsheets, one module per seam:

* ``format``: the files (tables) of the format, reading them from a CSV folder or an XLSX
  workbook and writing a workbook;
* ``exporting``: the catalog into those tables;
* ``validating``: checking every row of the tables, against one another and what is stored;
* ``importing``: the checked rows, creating and changing what differs, all or nothing.

The format is documented in ``docs/catalog-format.md``.
"""
