"""Citizen charters (cartas compromiso), their commitments and indicator definitions."""
