"""Recovery across the caseload: mean change since intake per domain, by rater.

Drawn with plotext 6 directly (``build().string()`` -> ``Text.from_ansi``), not with
``textual-plotext``, which pins plotext 5.x.  The figures come from
``assessments.scoring.caseload_figures`` (computed by the screen in a worker).
"""

from __future__ import annotations

import plotext
from plotext._kernel.api import figure as plotext_figure
from rich.console import Group, RenderableType
from rich.text import Text
from textual.widget import Widget

from assessments.scoring import CaseloadFigures
from caseload.domains import DOMAIN_LABELS, DOMAINS, RATERS

RATER_COLOURS = {"survivor": "cyan", "navigator": "magenta"}
SHORT_LABELS = {
    "mental_health": "Mental",
    "physical_health": "Physical",
    "financial_stability": "Money",
    "social_connection": "Social",
    "safety": "Safety",
    "legal_status": "Legal",
}


def build_bars(figures: CaseloadFigures, width: int, height: int) -> str:
    plotext.terminal.limit(False, False)
    fig = plotext_figure
    fig.clear()
    fig.plot_size(max(width, 40), max(height, 8))
    fig.theme("default")
    fig.title("Mean change in level since intake (survivor / navigator)")
    labels = [SHORT_LABELS[d] for d in DOMAINS]
    heights = [[figures.mean_change[rater][d].mean or 0.0 for d in DOMAINS] for rater in RATERS]
    markers = [plotext.marker("full", RATER_COLOURS[rater]) for rater in RATERS]
    fig.draw(fig.bar(labels, heights, marker=markers))
    text = fig.build().string()
    fig.clear()
    return text


def summary(figures: CaseloadFigures) -> Text:
    text = Text()
    text.append(
        f"{figures.survivors} survivors · {figures.assessed} assessed · "
        f"{figures.with_review} with a review since intake\n"
    )
    for group, words in (
        ("survivor", "by the survivor's rating"),
        ("navigator", "by the navigator's rating"),
        ("both", "by both ratings"),
    ):
        share = figures.improved[group]
        pct = "-" if share.pct is None else f"{share.pct:.0f}%"
        text.append(f"Improved overall {words}: ", style="bold")
        text.append(f"{pct} ({share.count} of {share.base})\n")
    on_time = figures.reviews_on_time
    pct = "-" if on_time.pct is None else f"{on_time.pct:.0f}%"
    text.append("Reviews on time: ", style="bold")
    text.append(f"{pct} ({on_time.count} of {on_time.base})\n")
    for rater in RATERS:
        text.append("■ ", style=RATER_COLOURS[rater])
        text.append(f"{rater.capitalize()}  ")
    text.append("\n")
    for d in DOMAINS:
        parts = []
        for rater in RATERS:
            change = figures.mean_change[rater][d]
            parts.append("-" if change.mean is None else f"{change.mean:+.2f}")
        text.append(f"{DOMAIN_LABELS[d]}: {' / '.join(parts)}   ")
    return text


class CaseloadChart(Widget):
    DEFAULT_CSS = """
    CaseloadChart {
        height: 1fr;
        min-height: 12;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.figures: CaseloadFigures | None = None

    def show(self, figures: CaseloadFigures) -> None:
        self.figures = figures
        self.refresh()

    def render(self) -> RenderableType:
        if self.figures is None:
            return Text("Working out the caseload figures...", style="dim")
        if not self.figures.with_review:
            return summary(self.figures)
        width, height = self.size.width, max(self.size.height - 9, 8)
        chart = Text.from_ansi(build_bars(self.figures, width, height))
        chart.no_wrap = True
        return Group(summary(self.figures), chart)
