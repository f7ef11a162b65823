"""The indicators' domain logic, one module per part (import from the module itself):

* ``engine``: an indicator's result judged against its definition; the automatic results
  recomputed from feedback and surveys (``recompute``), counted in SQL by ``tallies``.
* ``changes``: the places and months that writes of feedback and surveys made stale, which
  the nightly ``recompute(changed=True)`` recomputes.
* ``manual``: what the quality team writes: results measured outside the system with their
  evidence, definition changes, improvement actions.
* ``reports``: quarterly reports, assembled live and published as frozen revisions.
* ``results``: the results the public pages read (quarter figures kept in step with the
  measurements, compliance per charter, a charter's history and remedies).
* ``dashboard``: the live figures of feedback received and answered.
"""
