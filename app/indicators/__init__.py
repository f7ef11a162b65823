"""Measurements of indicators and, later, the computation engine, reports and the dashboard."""
