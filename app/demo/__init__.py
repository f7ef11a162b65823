"""Demo institution: a municipality modelled on Metepec, with its catalog, charters and results."""
