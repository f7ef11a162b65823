"""Work programs: objectives, strategies, action lines, commitments, mechanisms and progress."""
