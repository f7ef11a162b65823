"""The charters as spreadsheets, like the catalog (``app.catalog.exchange``):

* ``format``: the files (tables) of the format;
* ``exporting``: the charters, their versions, commitments, indicators and indicator revisions
  into those tables;
* ``importing``: checking every row, then creating and changing what differs, all or nothing;
  a published or archived version is never edited;
* ``values``: the checks of one row's values (measures, an indicator's definition, periods);
* ``references``: what the files refer to in the catalog (dependencies, services).

The format is documented in ``docs/charter-format.md``.
"""
