"""The demo's yearly evaluation: the quality unit's conclusions about one charter's 2025,
published through the same service staff use at ``/admin/cartas/<slug>/evaluacion/<year>``."""

from __future__ import annotations

from datetime import date

from app.charters.models import Charter
from app.indicators.models import Conclusion
from app.indicators.services.evaluations import (
    CommitmentConclusion,
    assemble_evaluation,
    publish_evaluation,
)

YEAR = 2025
KEEP = "Los resultados del año y las reclamaciones recibidas no piden cambios: se mantiene."
RAISE = (
    "El compromiso cumplió su meta en todos los resultados medidos del año: se propone una "
    "meta más exigente en la siguiente versión de la carta."
)
OVERALL = (
    "La carta cumplió la mayoría de sus compromisos en 2025. Las acciones de mejora de los "
    "trimestres no cumplidos siguen en curso; la siguiente versión revisará las metas que se "
    "cumplieron con holgura todo el año."
)


def seed_demo_evaluation(charter: Charter) -> None:
    """Publish the charter's evaluation of 2025 as the quality unit would at the start of 2026:
    a commitment met all year gets a more demanding target, the others are kept."""
    content = assemble_evaluation(charter, YEAR)
    conclusions = {}
    for entry in content["commitments"]:
        met_all_year = entry["results"] and entry["met"] == entry["results"]
        conclusions[entry["commitment_id"]] = (
            CommitmentConclusion(Conclusion.CHANGE_TARGET, RAISE)
            if met_all_year
            else CommitmentConclusion(Conclusion.KEEP, KEEP)
        )
    publish_evaluation(charter, YEAR, conclusions, OVERALL, None, today=date(YEAR + 1, 1, 30))
