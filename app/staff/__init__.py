"""Staff: users, roles and dependency scopes, sign-in, and the audit log of staff actions."""
