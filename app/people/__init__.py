"""People: staff accounts managed in the product (list, roles, scopes, deactivation),
invitations and password resets by single-use links."""
