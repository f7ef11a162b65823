"""Home, accessibility statement, privacy notice and the health check."""
