"""The feedback's domain logic, one module per seam:

* ``submission``: folios, access codes, submitting (citizen or staff), tracking, surveys;
* ``workflow``: an item's events, deadline, statuses and every change staff or the citizen make;
* ``response_templates``: the reusable answers of each dependency;
* ``worklist``: the staff inbox's query, its figures and the daily digest;
* ``finding``: short lists and search of the service an item is about.
"""
