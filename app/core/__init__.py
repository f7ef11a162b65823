"""Shared building blocks: languages, translated fields, types, pagination, security headers."""
