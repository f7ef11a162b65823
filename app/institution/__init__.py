"""The institution that publishes the portal: name, logo, contacts (``/admin/institucion``)."""
