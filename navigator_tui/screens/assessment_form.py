"""Record a recovery assessment: six domains, each rated by the survivor and the navigator.

The level descriptors of the current scale (``assessments.scale``) for the focused
domain stay on screen while choosing.  Typing a digit 1-5 rates the focused domain
and moves on, so a whole assessment is twelve key presses.  A missing rating needs a
reason.  Dismisses with the assessment's id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from assessments.domains import DOMAIN_LABELS, DOMAINS, RATERS
from assessments.scale import SCALE_VERSION, current_scale
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec
from navigator_tui.widgets.rating_picker import RatingPicker
from storage import categories as cat
from storage.models import Assessment

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", "Date", "date", required=True),
    FieldSpec("kind", "Kind", "choice", cat.ASSESSMENT_KIND, required=True),
    FieldSpec("note", "Note", max_length=2000),
)


class AssessmentFormScreen(FormScreen[int]):
    form_title = "Record an assessment"
    AUTO_FOCUS = "RatingPicker"

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.record_id: int | None = None
        self.scale = current_scale()

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        cases = self.nav_app.cases
        case = cases.get(self.survivor_id) if cases else None
        first = case is None or not case.assessments
        return {"date": self.nav_app.today(), "kind": "intake" if first else "review"}

    def compose_extra(self) -> ComposeResult:
        yield Static(
            "Ratings: digits 1-5 rate the focused domain and move on; m marks it missing "
            "(then d declined, n not discussed, a not applicable).",
            classes="field-help",
        )
        for domain in DOMAINS:
            with Horizontal(classes="rating-row"):
                yield Label(DOMAIN_LABELS[domain], classes="domain-label")
                for rater in RATERS:
                    yield RatingPicker(domain, rater, id=f"rate-{domain}-{rater}")
        yield Static("", id="descriptors")

    # --- ratings ---------------------------------------------------------------------

    def pickers(self) -> list[RatingPicker]:
        return list(self.query(RatingPicker))

    def on_rating_picker_focused(self, event: RatingPicker.Focused) -> None:
        self._show_descriptors(event.picker)

    def on_rating_picker_changed(self, event: RatingPicker.Changed) -> None:
        self.mark_dirty()
        self._show_descriptors(event.picker)
        if event.advance:
            pickers = self.pickers()
            index = pickers.index(event.picker)
            if index + 1 < len(pickers):
                pickers[index + 1].focus()
            else:
                self.set_status("All twelve ratings given: ctrl+s saves.")

    def _show_descriptors(self, picker: RatingPicker) -> None:
        scale, domain = self.scale, picker.domain
        text = Text()
        text.append(f"{DOMAIN_LABELS[domain]}", style="bold")
        text.append(f" ({picker.rater}'s rating, scale version {scale.version})\n", style="dim")
        for level in scale.levels:
            chosen = picker.value == level
            style = "reverse" if chosen else ""
            text.append(f" {scale.label(level)}: ", style=f"bold {style}")
            text.append(f"{scale.descriptor(domain, level)}\n", style=style)
        self.query_one("#descriptors", Static).update(text)

    def extra_errors(self) -> list[str]:
        incomplete = [p for p in self.pickers() if not p.is_complete]
        for picker in incomplete:
            picker.set_class(True, "-invalid")
        if not incomplete:
            return []
        first = incomplete[0]
        if not self.query("FormField.-invalid"):
            first.focus()
        if first.value == "":
            return [
                "A missing rating needs a reason: d declined, n not discussed, a not applicable."
            ]
        return [f"{len(incomplete)} rating(s) still empty: give a level 1-5, or m and a reason."]

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        if values["date"] > self.nav_app.today():
            return {"date": "An assessment cannot be dated in the future."}
        return {}

    def make_apply(self, values: dict[str, Any]) -> Callable[[Session], int]:
        ratings = Assessment.build_ratings(
            {(p.domain, p.rater): p.value for p in self.pickers() if p.value not in (None, "")}
        )

        def apply(session: Session) -> int:
            row = session.get(Assessment, self.record_id) if self.record_id else None
            if row is None:
                row = Assessment(survivor_id=self.survivor_id, date=values["date"])
            row.date = values["date"]
            row.kind = values["kind"]
            row.note = values["note"]
            row.scale_version = SCALE_VERSION
            row.ratings = ratings
            session.add(row)
            session.flush()
            assert row.id is not None
            self.record_id = row.id
            return row.id

        return apply
