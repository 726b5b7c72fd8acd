"""Across the caseload: average level at intake and now, per domain, by rater.

Grouped horizontal bars drawn with Rich: for each domain (and the overall score) a
"first" bar (light shade) above a "latest" bar (solid), the survivor's ratings on
the left in one colour and the navigator's on the right in another, each bar with
its number.  Why not plotext here: seven groups of four bars in a vertical plotext
chart leave bars two or three cells wide with no gap between groups at 120 columns,
and plotext's horizontal bars need twice the height; a row per bar with its value
reads at a glance and stays legible without colour (shade vs solid, left vs right).
The figures come from ``assessments.caseload_trends`` (computed in the screen's
worker).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from assessments.caseload_trends import CaseloadTrends, FirstLatest
from caseload.domains import DOMAIN_LABELS, DOMAINS, RATERS
from navigator_tui.widgets.caseload_chart import RATER_COLOURS

#: Cells per level: a level-5 bar is 25 cells long.
CELLS_PER_LEVEL = 5
MAX_LEVEL = 5
LABEL_WIDTH = 20
RATER_TITLES = {"survivor": "Survivor's ratings", "navigator": "Navigator's ratings"}
ROWS = (("first", "intake", "░"), ("latest", "latest", "█"))


def _bar(value: float | None, glyph: str, style: str) -> Text:
    width = CELLS_PER_LEVEL * MAX_LEVEL
    if value is None:
        return Text(f"{'':<{width}}   -", style="dim")
    cells = max(1, round(value * CELLS_PER_LEVEL))
    text = Text(glyph * cells, style=style)
    text.append(" " * (width - cells))
    text.append(f" {value:.1f}")
    return text


def _group(label: str, by_rater: dict[str, FirstLatest]) -> Text:
    text = Text()
    for row, (attr, words, glyph) in enumerate(ROWS):
        text.append(f"{label if row == 0 else '':<{LABEL_WIDTH}}", style="bold")
        for rater in RATERS:
            pair = by_rater[rater]
            text.append(f"{words:>7} ", style="dim")
            text.append_text(_bar(getattr(pair, attr), glyph, RATER_COLOURS[rater]))
            base = f"(n={pair.base})" if row == 0 else ""
            text.append(f" {base:<8}")
        text.append("\n")
    return text


def trend_text(trends: CaseloadTrends) -> Text:
    """The whole chart as Rich text (also what the tests read)."""
    text = Text()
    text.append("Average level at intake and at the latest assessment", style="bold")
    text.append(f" ({trends.survivors} survivors with a review since intake)\n")
    column = 8 + CELLS_PER_LEVEL * MAX_LEVEL + 4 + 9  # words, bar, value, base
    text.append(" " * LABEL_WIDTH)
    for rater in RATERS:
        text.append(f"{RATER_TITLES[rater]:<{column}}", style=f"bold {RATER_COLOURS[rater]}")
    text.append("\n")
    if not trends.survivors:
        text.append("No survivor has a review after their intake yet.\n", style="dim")
        return text
    for domain in DOMAINS:
        text.append_text(
            _group(DOMAIN_LABELS[domain], {r: trends.domains[r][domain] for r in RATERS})
        )
    text.append_text(_group("Overall score", trends.overall))
    text.append("░ at intake   █ latest   n: survivors with both ratings", style="dim")
    return text


class CaseloadTrendChart(Widget):
    DEFAULT_CSS = """
    CaseloadTrendChart {
        height: auto;
        padding: 1 1 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.trends: CaseloadTrends | None = None

    def show(self, trends: CaseloadTrends) -> None:
        self.trends = trends
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.trends is None:
            return Text("Working out the averages...", style="dim")
        return trend_text(self.trends)
