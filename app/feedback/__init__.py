"""Citizen feedback: suggestions, complaints, claims and compliments, with folios and deadlines."""
