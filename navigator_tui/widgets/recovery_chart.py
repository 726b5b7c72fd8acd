"""A survivor's recovery over time, drawn with plotext 6 directly.

Why not ``textual-plotext``: it pins plotext 5.x, and the project uses plotext 6
(see pyproject.toml).  plotext 6 builds a figure into a matrix; ``build().string()``
gives ANSI text, which :meth:`rich.text.Text.from_ansi` turns into something Textual
can render.  plotext keeps global figure state, so it is only used on the UI thread,
inside :meth:`RecoveryChart.render` (a 100x16 figure builds in a few milliseconds).
plotext is imported there, on the first chart drawn, not with this module: importing
it takes 0.1-0.2 s (it builds its documentation), which froze the opening of every
first survivor file although the chart is on another tab (the app also imports it
in a worker once the caseload is showing, see ``NavigatorApp.warm_up``).

Two panels side by side, the survivor's ratings and the navigator's, each with one
line per domain (the same colour in both panels) and the overall score as a thick
white line; the legend is drawn underneath with Rich so it never hides a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widget import Widget

from caseload.domains import DOMAIN_LABELS, DOMAINS, RATERS
from caseload.models import Assessment

#: One colour per domain, in DOMAINS order (plotext colour names and Rich styles).
DOMAIN_COLOURS: dict[str, str] = dict(
    zip(DOMAINS, ("red", "green", "blue", "yellow", "magenta", "cyan"), strict=True)
)
OVERALL_COLOUR = "white"
RATER_TITLES = {"survivor": "Survivor's ratings", "navigator": "Navigator's ratings"}

#: (date, overall score or None) per rater, from the scoring rules.
OverallSeries = dict[str, list[tuple[dt.date, float | None]]]


def _points(xs: Sequence[int], ys: Sequence[float | None]) -> tuple[list[int], list[float]]:
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None]
    return [x for x, _ in pairs], [y for _, y in pairs]


def build_chart(
    assessments: Sequence[Assessment],
    width: int,
    height: int,
    overall: OverallSeries | None = None,
) -> str:
    """The chart as ANSI text (``width`` x ``height`` cells)."""
    import plotext
    from plotext._kernel.api import figure as plotext_figure

    plotext.terminal.limit(False, False)  # the widget, not the terminal, sets the size
    fig = plotext_figure
    fig.clear()
    fig.subplots(1, 2)
    fig.plot_size(max(width, 40), max(height, 8))
    dates = [a.date for a in assessments]
    xs = [d.toordinal() for d in dates]
    ticks = xs if len(xs) <= 6 else xs[:: max(1, len(xs) // 5)]
    for column, rater in enumerate(RATERS, start=1):
        sub = fig.subplot(1, column)
        sub.theme("default")
        sub.title(RATER_TITLES[rater])
        for domain in DOMAINS:
            px, py = _points(xs, [a.level(domain, rater) for a in assessments])
            if px:
                marker = plotext.marker("braille", DOMAIN_COLOURS[domain])
                sub.draw(sub.signal(px, py, marker=marker).lines())
        if overall and overall.get(rater):
            series = overall[rater]
            px, py = _points([d.toordinal() for d, _ in series], [v for _, v in series])
            if px:
                marker = plotext.marker("hd", OVERALL_COLOUR)
                sub.draw(sub.signal(px, py, marker=marker).lines())
        sub.ruler("y").lim(0.5, 5.5)
        sub.ruler("y").ticks([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"])
        if xs:
            if xs[0] == xs[-1]:
                sub.ruler("x").lim(xs[0] - 30, xs[0] + 30)
            sub.ruler("x").ticks(ticks, [dt.date.fromordinal(x).strftime("%b %y") for x in ticks])
    text = fig.build().string()
    fig.clear()
    return text


def legend() -> Text:
    text = Text()
    for domain in DOMAINS:
        text.append("━━ ", style=DOMAIN_COLOURS[domain])
        text.append(f"{DOMAIN_LABELS[domain]}  ")
    text.append("██ ", style=f"bold {OVERALL_COLOUR}")
    text.append("Overall score")
    return text


class RecoveryChart(Widget):
    """Survivor and navigator ratings per domain over time, and the overall score."""

    DEFAULT_CSS = """
    RecoveryChart {
        height: 20;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.assessments: list[Assessment] = []
        self.overall: OverallSeries | None = None

    def show(self, assessments: Sequence[Assessment], overall: OverallSeries | None = None) -> None:
        self.assessments = sorted(assessments, key=lambda a: a.date)
        self.overall = overall
        self.refresh()

    def render(self) -> RenderableType:
        if not self.assessments:
            return Text("No assessments yet: the chart appears after the first one.", style="dim")
        width, height = self.size.width, max(self.size.height - 3, 8)
        chart = Text.from_ansi(build_chart(self.assessments, width, height, self.overall))
        chart.no_wrap = True
        return Group(chart, legend())
