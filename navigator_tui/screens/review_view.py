"""The review view: one survivor's recovery to go through with them at a review.

Per recovery domain, in the domains' order: the level at intake and the latest level,
the survivor's and the navigator's side by side, as text bars (the part gained since the
intake in green, the part lost in red), and the domain's goal from the support plan.
Made to be read across a table: large, one screen at 80x24 for the six domains.
Read only; escape goes back to the file. The goals are free text: hidden in discreet mode.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from assessments.scale import current_scale
from assessments.schedule import intake_assessment
from assessments.scoring import latest_assessment, overall
from caseload import categories as cat
from caseload.case import CaseRecord
from caseload.domains import DOMAIN_LABELS, DOMAINS
from caseload.records import AssessmentRecord
from navigator_tui.discreet import one_line, private
from navigator_tui.fact_lines import shown
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.snapshot import full_name
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.key_bar import KeyBar

RATER_SHORT = {"survivor": "Survivor", "navigator": "Navigator"}
LABEL_WIDTH = max(len(label) for label in DOMAIN_LABELS.values()) + 1


def _level(a: AssessmentRecord | None, domain: str, rater: str) -> int | None:
    return a.level(domain, rater) if a is not None else None


def level_bar(before: int | None, after: int | None, unit: int, highest: int) -> Text:
    """A bar as long as the latest level: the part at intake solid, the gain green, a
    loss (the intake's level beyond the latest) red and light; ``unit`` cells a level."""
    bar = Text()
    if after is None and before is None:
        return Text("·" * (unit * highest), style="dim")
    if after is None:
        after = before
    assert after is not None
    kept = after if before is None else min(before, after)
    bar.append("█" * (kept * unit), style="bold")
    if before is not None and after > before:
        bar.append("█" * ((after - before) * unit), style="bold green")
    if before is not None and before > after:
        bar.append("░" * ((before - after) * unit), style="red")
    bar.append("·" * (max(0, highest - max(after, before or 0)) * unit), style="dim")
    return bar


def _change(before: int | None, after: int | None) -> Text:
    if before is None or after is None:
        return Text("    ")
    step = after - before
    style = "bold green" if step > 0 else ("bold red" if step < 0 else "")
    return Text(f"{step:+d}".rjust(3) + " ", style=style)


def _levels(before: int | None, after: int | None) -> str:
    words = "-" if before is None else str(before)
    return f"{words}→{'-' if after is None else after}"


class ReviewViewScreen(NavScreen[None]):
    BINDINGS = [Binding("escape", "back", "Back to the file", id="review.back")]

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="review-body"):
            yield Static("", id="review-title")
            yield Static("", id="review-levels")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        case = self.case
        title = self.query_one("#review-title", Static)
        levels = self.query_one("#review-levels", Static)
        if case is None:
            title.update("This file is not available.")
            levels.update("")
            return
        title.update(self._title(case))
        levels.update(self._levels(case))

    def _pair(self, case: CaseRecord) -> tuple[AssessmentRecord | None, AssessmentRecord | None]:
        first = intake_assessment(case.assessments)
        latest = latest_assessment(case.assessments)
        return first, (None if latest is first else latest)

    def _title(self, case: CaseRecord) -> Text:
        discreet = self.nav_app.discreet
        name = case.survivor.initials if discreet else full_name(case.survivor, False)
        first, latest = self._pair(case)
        text = Text(f"Review · {case.case_ref} · {name}\n", style="bold")
        if first is None:
            text.append("No assessment yet: record the intake assessment (a on the file).")
            return text
        text.append(f"Intake {shown(first.date)}")
        if latest is None:
            text.append(" · no review since: the levels at intake only")
        else:
            text.append(f" → {cat.ASSESSMENT_KIND.label(latest.kind).lower()} {shown(latest.date)}")
        return text

    def _levels(self, case: CaseRecord) -> Text:
        first, latest = self._pair(case)
        width = self.size.width or 80
        scale = current_scale()
        highest = scale.highest
        # Two cells a level at 80 columns; more on a wide screen (read across a table).
        unit = max(1, min(4, (width - LABEL_WIDTH - 2 * 10 - 6) // (2 * highest)))
        # A wide screen names the latest level too; a tall one spaces the domains out.
        named = width >= 130
        spaced = (self.size.height or 24) >= 36
        column = 5 + unit * highest + 1 + 4 + (12 if named else 0)
        goals = {g.domain: g for g in case.goals}
        discreet = self.nav_app.discreet
        text = Text()
        text.append(" " * LABEL_WIDTH)
        for rater in ("survivor", "navigator"):
            heading = f"{RATER_SHORT[rater]} (intake→latest)"
            text.append(heading, style="bold underline")
            text.append(" " * max(1, column - len(heading)))
        text.append("\n\n" if spaced else "\n")
        for domain in DOMAINS:
            text.append(DOMAIN_LABELS[domain].ljust(LABEL_WIDTH), style="bold")
            for rater in ("survivor", "navigator"):
                before = _level(first, domain, rater)
                after = _level(latest, domain, rater) if latest is not None else None
                text.append(_levels(before, after).ljust(5))
                if latest is None:  # no review yet: the level at intake
                    bar = level_bar(before, before, unit, highest)
                elif after is None:  # not rated at the latest: nothing to compare
                    bar = Text("·" * (unit * highest), style="dim")
                else:
                    bar = level_bar(before, after, unit, highest)
                text.append_text(bar)
                text.append(" ")
                text.append_text(_change(before, after))
                if named:
                    shown_level = after if latest is not None else before
                    name = scale.level_name(shown_level) if shown_level in scale.levels else ""
                    text.append(name.ljust(12), style="italic")
            text.append("\n")
            goal = goals.get(domain)
            words = private(one_line(goal.goal), discreet) if goal else ""
            line = f"  Goal: {words}" if words else "  Goal: none yet (e on the Plan tab)"
            limit = max(20, width - 2)
            if len(line) > limit:
                line = line[: limit - 1] + "…"
            text.append(line + "\n", style="italic" if goal else "dim italic")
            if spaced:
                text.append("\n")
        if first is not None:
            text.append("Overall ", style="bold")
            for rater in ("survivor", "navigator"):
                before = overall(first, rater)
                after = overall(latest, rater) if latest is not None else None
                words = "-" if before is None else f"{before:.1f}"
                if latest is not None:
                    words += f"→{'-' if after is None else f'{after:.1f}'}"
                text.append(f"{RATER_SHORT[rater]} {words}   ")
            text.append("\n")
        text.append("█ at intake ", style="bold")
        text.append("█ gained ", style="bold green")
        text.append("░ lost ", style="red")
        text.append(f"(levels {scale.lowest}-{highest})", style="dim")
        return text

    def action_back(self) -> None:
        self.dismiss(None)
