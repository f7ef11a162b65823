"""Open data: JSON and CSV of the public catalog, charters and results, with OpenAPI."""
