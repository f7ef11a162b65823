"""Open data: the public rows of each resource and their serialization as plain dicts.

Only what the public site shows: published charter versions and the archived ones (which were
public), never drafts; published reports; aggregate measurements. Never feedback, survey answers,
staff, folios, evidence of measurements or audit data, nor any e-mail address but the
institution's own (its offices', and the mailboxes of the public servants the law asks each
service to name).

Each resource is described once (a ``Resource``, see ``registry.py``) in the module of its area;
``routes.py`` adds their ``RESOURCES`` to the registry, and the same dicts feed the JSON pages
and the CSV files. The modules:

* ``catalog``: dependencies, offices, services and their steps, requirements, inspections and
  forms;
* ``charters``: charters, their public versions, commitments and indicators;
* ``results``: measurements and reports;
* ``shared``: the public statuses, query schemas, filters and placement the areas share;
* ``reading``: a page of rows, one item, the CSV file and its fingerprint.
"""
