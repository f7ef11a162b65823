"""The institution's working calendar: its non-working days and vacation periods."""
