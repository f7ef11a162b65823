"""The printable charter (cartel): the QR codes that take a person at the counter to the
feedback form and the satisfaction survey of the service (the A4 PDF is in ``poster_pdf``).

QR codes are made on the server by segno (no script, no image service): inline SVG for the web
page, squares drawn by fpdf2 in the PDF, both from the same matrix, with the URL printed beside
each and, in the PDF, a link over the code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from markupsafe import Markup

from app.catalog.models import Service
from app.charters.models import Charter
from app.core.urls import public_url

if TYPE_CHECKING:
    import segno

# Medium error correction: a poster gets scratched and photographed at an angle.
ERROR_CORRECTION = "m"


@dataclass(frozen=True)
class PosterCode:
    """One QR code of the poster: what it is for, the URL it opens and its matrix."""

    label: str
    url: str
    qr: segno.QRCode

    def svg(self) -> Markup:
        """The code as inline SVG (scalable, no style attribute: the CSP allows no inline
        style), named by its title for screen readers."""
        svg = self.qr.svg_inline(
            scale=1, border=4, omitsize=True, title=self.label, svgclass="qr-code", lineclass=None
        )
        # segno writes only its own markup and escapes the title, our sole text in it.
        return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # nosec B704


def poster_services(charter: Charter) -> list[Service]:
    """The services of a charter still offered, in catalog order (by code); the poster's codes
    are for one. A retired service's form and survey take nothing more: no code leads there."""
    offered = [service for service in charter.services if service.retired_on is None]
    return sorted(offered, key=lambda service: service.code)


def poster_codes(service: Service, language: str) -> list[PosterCode]:
    """The codes of a poster: the feedback form for ``service`` and its satisfaction survey, as
    absolute public URLs in ``language``."""
    import segno  # loaded by the first poster, not in every process

    targets = [
        (
            _("Envíe una sugerencia, queja, reclamación o felicitación"),
            public_url("feedback.start", lang=language, servicio=service.slug),
        ),
        (
            _("Califique el servicio en la encuesta de satisfacción"),
            public_url("feedback.survey", lang=language, slug=service.slug),
        ),
    ]
    return [
        PosterCode(label, url, segno.make(url, error=ERROR_CORRECTION, boost_error=False))
        for label, url in targets
    ]
