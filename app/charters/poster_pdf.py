"""The printable charter as an A4 PDF, drawn by fpdf2 with the QR codes of ``poster``.

Its own module because fpdf2 (with fontTools) is the heaviest import of the portal, a third of
a second and megabytes of memory: only the PDF download loads it, not every process. It embeds
Noto Sans (vendored), subset to the letters used, so Otomí, Mazahua and Náhuatl text prints as
written."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from app.catalog.models import Service
from app.charters.models import CharterVersion
from app.charters.poster import PosterCode
from app.core.i18n import current_language, tr_text

# Regular and bold Noto Sans: it has the letters of the portal's content languages that the
# PDF core fonts lack (ʉ, ɨ, ā, the combining macron below…), and its combining marks take no
# width, so they sit on the letter before them without text shaping.
FONT_FOLDER = Path(__file__).resolve().parent.parent / "static" / "vendor" / "noto-sans"
FONT_FAMILY = "NotoSans"
FONT_FILES = {"": "NotoSans_400Regular.ttf", "B": "NotoSans_700Bold.ttf"}


def _composed(text: str) -> str:
    """``text`` composed (NFC): a letter with a precomposed glyph (ā, ä) is drawn as one,
    rather than as a base letter with a mark placed over it without shaping."""
    return unicodedata.normalize("NFC", text)


def _paragraphs(value: dict | None) -> list[str]:
    return [p.strip() for p in tr_text(value).split("\n\n") if p.strip()] if value else []


class _Poster(FPDF):
    """An A4 page with 15 mm margins and the embedded Noto Sans."""

    MARGIN = 15

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, FONT_FOLDER / name)
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.set_auto_page_break(True, margin=self.MARGIN)

    def text_block(self, text: str, size: float, style: str = "", height: float | None = None):
        self.set_font(FONT_FAMILY, style, size)
        self.multi_cell(
            0, height or size * 0.5, _composed(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )

    def code(self, code: PosterCode, x: float, y: float, side: float) -> None:
        """Draw ``code`` as black squares in a ``side`` mm square at (x, y), linked to its URL."""
        rows = list(code.qr.matrix_iter(scale=1, border=4))
        module = side / len(rows)
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(rows):
            for c, dark in enumerate(row):
                if dark:
                    self.rect(x + c * module, y + r * module, module, module, style="F")
        self.link(x, y, side, side, code.url)


def poster_pdf(
    version: CharterVersion, service: Service, codes: list[PosterCode], expired: date | None
) -> bytes:
    """The printable charter as PDF bytes: title, dependency and validity, purpose, the
    commitments, what happens when one is broken, the responsible unit and the QR codes of
    ``service``."""
    charter = version.charter
    pdf = _Poster()
    title = tr_text(charter.title)
    pdf.set_title(_composed(title))
    pdf.set_lang(current_language().code)
    pdf.set_creator("cartas-portal")
    pdf.add_page()
    pdf.text_block(_("Carta compromiso con el ciudadano"), 11)
    pdf.text_block(title, 20, "B", 9)
    validity = (
        _("Vencida: estuvo vigente hasta el %(date)s", date=_long(expired))
        if expired
        else _(
            "Vigente del %(start)s al %(end)s",
            start=_long(version.valid_from),
            end=_long(version.valid_until),
        )
        if version.valid_until
        else _("Vigente desde el %(start)s", start=_long(version.valid_from))
    )
    pdf.text_block(f"{tr_text(charter.dependency.name)} · {validity}", 10)
    if version.certifier:
        pdf.text_block(
            _(
                "Certificada conforme a la norma UNE 93200 por %(certifier)s el %(date)s.",
                certifier=version.certifier,
                date=_long(version.certified_on),
            ),
            9,
        )
    pdf.ln(2)
    for paragraph in _paragraphs(version.purpose):
        pdf.text_block(paragraph, 10)
    pdf.ln(2)
    pdf.text_block(_("Nuestros compromisos"), 14, "B", 7)
    for number, commitment in enumerate(version.commitments, 1):
        pdf.text_block(f"{number}. {tr_text(commitment.text)}", 11, height=5.5)
        pdf.ln(1)
    pdf.ln(1)
    pdf.text_block(_("Si no cumplimos"), 12, "B", 6)
    for paragraph in _paragraphs(version.compensation_measures):
        pdf.text_block(paragraph, 9, height=4.5)
    _codes(pdf, service, codes)
    pdf.ln(2)
    pdf.text_block(_("Unidad responsable"), 10, "B", 5)
    for paragraph in _paragraphs(version.responsible_unit):
        pdf.text_block(paragraph, 9, height=4.5)
    return bytes(pdf.output())


def _codes(pdf: _Poster, service: Service, codes: list[PosterCode]) -> None:
    """The codes side by side, each with what it is for and its URL, kept on one page."""
    side, gap = 42.0, 6.0
    needed = side + 36
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(3)
    pdf.text_block(_("Califique el servicio o envíenos su opinión"), 12, "B", 6)
    pdf.text_block(tr_text(service.name), 10)
    top = pdf.get_y() + 1
    width = (pdf.epw - gap) / len(codes)
    bottom = top
    for index, code in enumerate(codes):
        x = pdf.l_margin + index * (width + gap)
        pdf.code(code, x, top, side)
        pdf.set_xy(x + side + 2, top + 2)
        pdf.set_font(FONT_FAMILY, "B", 10)
        pdf.multi_cell(
            width - side - 2, 5, _composed(code.label), align="L", new_x="LEFT", new_y="NEXT"
        )
        pdf.set_font(FONT_FAMILY, "", 8)
        pdf.multi_cell(
            width - side - 2, 4, code.url, align="L", new_x="LEFT", new_y="NEXT", link=code.url
        )
        bottom = max(bottom, top + side, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 2)


def _long(day: date) -> str:
    return format_date(day, "long")
