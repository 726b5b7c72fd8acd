"""A one- or two-page PDF summary of the funder figures (``navigator export report``).

Built from the same controlled figures as the funder CSV (:func:`exports.funder_words.
funder_figures`): headline sentences, a bar chart of the share improved overall by the
survivor's, the navigator's and both ratings, the mean change per domain by both raters,
survivors by kind of exploitation, and the suppression rules in a paragraph. A hidden
figure is said in words and drawn as no bar; its value never reaches this module.

Drawn with fpdf2 (rectangles for bars, the core font Helvetica, Latin-1 text): no
browser, no matplotlib, no font files. Made in memory and written by
:func:`exports.files.write_export`. fpdf2 is imported here only, when a report is made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlmodel import Session

from caseload.domains import DOMAINS, RATERS
from caseload.errors import InvalidInput
from exports import disclosure
from exports.files import write_export
from exports.funder_words import (
    EXPLOITATION_NOTE,
    GROUP_TITLES,
    RATER_TITLES,
    REPORT_TITLE,
    TOO_FEW,
    FunderFigures,
    activities_sentence,
    category_label,
    date_words,
    figures_in_vault,
    headline_sentences,
    mean_text,
    period_words,
    rounding_words,
    rules_paragraph,
    threshold_words,
    whole_percent,
)
from exports.periods import Period

PDF_SUFFIX = ".pdf"
FONT = "Helvetica"
_INK = (33, 33, 33)
_GREY = (110, 110, 110)
_RULE = (190, 190, 190)
_COLOURS = {"survivor": (31, 78, 121), "navigator": (104, 153, 196), "both": (70, 70, 70)}
_BAR = (31, 78, 121)
_LABEL_W = 58.0  # mm for the label column of every chart
_BAR_W = 95.0  # mm for the bars
_PCT_W = 80.0  # mm for 100% (room for the words after the longest bar)
_ROW_H = 7.0
_ASCII = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2022": "-", "\u2026": "...", "\u00a0": " ",
})


def check_report_target(path: Path | str) -> None:
    """The report is a PDF: refuse any other name before the vault is unlocked."""
    if Path(path).suffix.lower() != PDF_SUFFIX:
        raise InvalidInput("The report is a PDF file: give --out a name ending in .pdf.")


def latin1(text: str) -> str:
    """``text`` as the core fonts can draw it (Latin-1; typographic marks made plain)."""
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


class _Report:
    def __init__(self, figures: FunderFigures) -> None:
        self.figures = figures
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(16, 14, 16)
        pdf.set_auto_page_break(auto=True, margin=14)
        made = dt.datetime.combine(figures.made_on, dt.time(), tzinfo=dt.UTC)
        pdf.set_creation_date(made)
        pdf.set_title(latin1(f"{REPORT_TITLE}: {period_words(figures.period)}"))
        pdf.set_creator("Navigator")
        pdf.set_text_color(*_INK)
        self.pdf = pdf

    # --- text ----------------------------------------------------------------------------

    def text(self, text: str, size: float = 10, style: str = "", height: float = 5,
             colour: tuple[int, int, int] = _INK) -> None:
        self.pdf.set_font(FONT, style, size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(0, height, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_text_color(*_INK)

    def heading(self, text: str, room: float = 30) -> None:
        """A section heading, on a new page when less than ``room`` mm is left."""
        if self.pdf.get_y() + room > self.pdf.page_break_trigger:
            self.pdf.add_page()
        self.pdf.ln(3)
        self.text(text, 12, "B", 6)
        self.pdf.ln(1)

    def label(self, x: float, y: float, w: float, text: str, size: float = 9,
              style: str = "", colour: tuple[int, int, int] = _INK, align: str = "L") -> None:
        self.pdf.set_font(FONT, style, size)
        self.pdf.set_text_color(*colour)
        self.pdf.set_xy(x, y)
        self.pdf.cell(w, _ROW_H - 1, latin1(text), align=align)
        self.pdf.set_text_color(*_INK)

    def bar(self, x: float, y: float, w: float, colour: tuple[int, int, int]) -> None:
        if w <= 0:
            return
        self.pdf.set_fill_color(*colour)
        self.pdf.rect(x, y + 1, w, _ROW_H - 3, style="F")

    def axis(self, x: float, top: float, bottom: float) -> None:
        self.pdf.set_draw_color(*_RULE)
        self.pdf.line(x, top, x, bottom)

    # --- sections ------------------------------------------------------------------------

    def front(self) -> None:
        f = self.figures
        self.pdf.add_page()
        self.text(REPORT_TITLE, 17, "B", 8)
        self.text(period_words(f.period), 13, "", 7)
        self.text(f"Made on {date_words(f.made_on)}. {threshold_words(f.threshold)}; "
                  f"{rounding_words(f.rounding).lower()}.", 9, colour=_GREY)
        self.heading("Headline figures")
        for sentence in headline_sentences(f):
            self.text(f"- {sentence}", 10, height=5.5)
        self.text(f"- {activities_sentence(f)}", 10, height=5.5)

    def improved_chart(self) -> None:
        self.heading("Survivors who improved overall, by who rated", 40)
        self.text("Share whose latest overall score is above their intake score.", 9,
                  colour=_GREY)
        pdf, left = self.pdf, self.pdf.l_margin
        top = pdf.get_y() + 1
        y = top
        for group in (*RATERS, "both"):
            fig = self.figures.get("improved_overall_pct", "rater", group)
            self.label(left, y, _LABEL_W, RATER_TITLES[group])
            x0 = left + _LABEL_W
            if fig.suppressed:
                self.label(x0 + 2, y, _BAR_W, TOO_FEW, colour=_GREY, style="I")
            elif fig.value is None:
                self.label(x0 + 2, y, _BAR_W, "No survivors to compare", colour=_GREY)
            else:
                w = _PCT_W * float(fig.value) / 100
                self.bar(x0, y, w, _COLOURS[group])
                self.label(x0 + w + 2, y, 40,
                           f"{whole_percent(float(fig.value))}% of {fig.base}")
            y += _ROW_H
        self.axis(left + _LABEL_W, top, y)
        for pct in (0, 50, 100):
            self.label(left + _LABEL_W + _PCT_W * pct / 100 - 8, y, 16, f"{pct}%", 7,
                       colour=_GREY, align="C")
        pdf.set_xy(left, y + _ROW_H)

    def mean_change_chart(self) -> None:
        self.heading("Mean change in level per domain, intake to latest", 82)
        self.text("Levels run from 1 to 5; above 0 is better. The number in brackets is how "
                  "many survivors each mean is over. c: too few to show safely.", 9,
                  colour=_GREY)
        pdf, left = self.pdf, self.pdf.l_margin
        cells = {(r, d): self.figures.get(f"mean_change_{r}", "domain", d)
                 for r in RATERS for d in DOMAINS}
        shown = [abs(float(c.value)) for c in cells.values() if c.value is not None]
        scale = max([1.0, *shown])  # mm per level: the widest bar fills half the area
        half = (_BAR_W - 20) / 2
        zero = left + _LABEL_W + half
        top = pdf.get_y() + 1
        y = top
        for domain in DOMAINS:
            self.label(left, y + 1.5, _LABEL_W, category_label("domain", domain))
            for rater in RATERS:
                fig = cells[(rater, domain)]
                text = mean_text(fig)
                if fig.value is not None:
                    w = half * float(fig.value) / scale
                    self.pdf.set_fill_color(*_COLOURS[rater])
                    self.pdf.rect(min(zero, zero + w), y + 0.8, abs(w), 2.6, style="F")
                    text += f" ({fig.base})"
                self.label(zero + half + 2, y - 0.8, 38, f"{rater.capitalize()}: {text}", 7.5,
                           colour=_GREY if fig.value is None else _INK)
                y += 3.6
            y += 1.6
        self.axis(zero, top, y)
        pdf.set_xy(left, y + 1)
        self.legend()

    def legend(self) -> None:
        pdf, y = self.pdf, self.pdf.get_y()
        x = pdf.l_margin + _LABEL_W
        for rater in RATERS:
            pdf.set_fill_color(*_COLOURS[rater])
            pdf.rect(x, y + 1.5, 4, 3, style="F")
            self.label(x + 5, y, 45, RATER_TITLES[rater], 8)
            x += 50
        pdf.set_xy(pdf.l_margin, y + _ROW_H)

    def exploitation_chart(self) -> None:
        self.heading(f"Survivors by {GROUP_TITLES['exploitation_type'].lower()}", 62)
        self.text(EXPLOITATION_NOTE, 9, colour=_GREY)
        pdf, left = self.pdf, self.pdf.l_margin
        cells = self.figures.breakdown("exploitation_type")
        biggest = max([1, *(int(c.value) for c in cells if c.value is not None)])
        top = pdf.get_y() + 1
        y = top
        for fig in cells:
            self.label(left, y, _LABEL_W, category_label("exploitation_type", fig.category))
            x0 = left + _LABEL_W
            if fig.suppressed:
                self.label(x0 + 2, y, _BAR_W, "c: too few to show safely", colour=_GREY,
                           style="I")
            else:
                w = (_BAR_W - 20) * int(fig.value or 0) / biggest
                self.bar(x0, y, w, _BAR)
                self.label(x0 + w + 2, y, 20, str(fig.value))
            y += _ROW_H
        self.axis(left + _LABEL_W, top, y)
        pdf.set_xy(left, y + 2)

    def rules(self) -> None:
        self.heading("How these figures are protected", 35)
        self.text(rules_paragraph(self.figures), 9, height=4.6)

    def render(self) -> bytes:
        self.front()
        self.improved_chart()
        self.mean_change_chart()
        self.exploitation_chart()
        self.rules()
        return bytes(self.pdf.output())


def report_bytes(figures: FunderFigures) -> bytes:
    """The whole report as PDF bytes (made in memory)."""
    return _Report(figures).render()


def write_funder_report(
    session: Session,
    period: Period | tuple[str, str],
    out: Path | str,
    force: bool = False,
    today: dt.date | None = None,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
    rounding: int = 0,
) -> Path:
    """Write the funder report (PDF) for ``period`` (or ("YYYY-MM", "YYYY-MM")) to ``out``.

    The same figures as the funder CSV with the same threshold and rounding. ``out``
    must end in .pdf. Owner-only; an existing ``out`` is replaced only with ``force``.
    Raises NavigatorError subclasses with a one-sentence ``message``.
    """
    check_report_target(out)
    figures = figures_in_vault(session, period, today, threshold, rounding)
    return write_export(out, report_bytes(figures), force)
