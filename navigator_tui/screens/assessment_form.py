"""Record a recovery assessment: six domains, each rated by the survivor and the navigator.

The level descriptors of the current scale (``assessments.scale``) for the focused
domain stay on screen while choosing (in a panel under the scrolling form).  The form
opens on its Date (a date typed into a rating would rate domains digit by digit);
enter there goes to the first rating.  Typing a digit 1-5 rates the focused domain
and moves on, so a whole assessment is twelve key presses after it.  A missing rating
needs a reason.  Dismisses with the assessment's id.

Opened with ``assessment_id`` it amends a saved assessment instead: the form is
pre-filled, saving goes through ``caseload.changes.assessments.amend_assessment`` (one
recorded amendment per changed field, nothing silently overwritten) and the
amendments made so far are listed under the ratings (read from the vault in a
worker, because the in-memory caseload does not hold them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from assessments.scale import current_scale
from assessments.wording import day_words
from caseload import categories as cat
from caseload.changes.assessments import amend_assessment, record_assessment
from caseload.domains import DOMAIN_LABELS, DOMAINS, RATERS
from caseload.record_history import amendment_history
from caseload.saving import Change, Session, read
from caseload.validation.assessments import ASSESSMENT
from caseload.vault import Vault
from navigator_tui.amendment_words import AmendmentEntry, change_lines, when_words
from navigator_tui.discreet import one_line, private
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec
from navigator_tui.widgets.rating_picker import RatingPicker

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", "Date", "date", required=True, after_intake=True),
    FieldSpec("kind", "Kind", "choice", cat.ASSESSMENT_KIND, required=True),
    FieldSpec("note", "Note", max_length=2000),
)


class AssessmentFormScreen(FormScreen[int]):
    form_title = "Record an assessment"
    record_kind = ASSESSMENT

    def __init__(
        self, survivor_id: int, assessment_id: int | None = None, kind: str | None = None
    ) -> None:
        super().__init__()
        #: The kind a new assessment starts as (closing, when offered at a closure).
        self.kind = kind
        self.survivor_id = survivor_id
        #: The saved assessment this form amends (None: a new assessment).
        self.assessment_id = assessment_id
        self.record_id: int | None = assessment_id
        self.scale = current_scale()
        #: The amendments shown (None until read, or when they could not be read).
        self.amendments: list[AmendmentEntry] | None = None
        if assessment_id is not None:
            self.form_title = "Amend an assessment (every change is recorded)"

    def _saved_assessment(self) -> Any:
        case = self.case
        if case is None or self.assessment_id is None:
            return None
        return next((a for a in case.assessments if a.id == self.assessment_id), None)

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        saved = self._saved_assessment()
        if saved is not None:
            self.form_title = (
                f"Amend the assessment of {day_words(saved.date)} (every change is recorded)"
            )
            return {"date": saved.date, "kind": saved.kind, "note": saved.note}
        case = self.case
        first = case is None or not case.assessments
        kind = self.kind or ("intake" if first else "review")
        if kind == "closing":
            self.form_title = "The case is closed: record the closing assessment"
        return {"date": self.nav_app.today(), "kind": kind}

    def compose_extra(self) -> ComposeResult:
        yield Static(
            "Ratings: digits 1-5 rate the focused domain and move on; m marks it missing "
            "(then d declined, n not discussed, a not applicable).",
            classes="field-help",
        )
        saved = self._saved_assessment()
        ratings = saved.ratings if saved is not None else {}
        for domain in DOMAINS:
            # The label beside its two ratings; on a narrow terminal above them, so
            # that each rating shows all five levels.
            with Horizontal(classes="rating-row"):
                yield Label(DOMAIN_LABELS[domain], classes="domain-label")
                with Horizontal(classes="rating-pair"):
                    for rater in RATERS:
                        value = (ratings.get(domain) or {}).get(rater)
                        yield RatingPicker(domain, rater, value, id=f"rate-{domain}-{rater}")
        if self.assessment_id is not None:
            yield Static("Changes to this assessment", classes="section-title")
            yield Static("Reading the changes...", id="amendments", classes="field-help")

    def extra_state(self) -> Any:
        return {picker.id: picker.value for picker in self.query(RatingPicker)}

    def restore_extra(self, state: Any) -> None:
        for picker in self.query(RatingPicker):
            if picker.id in state:
                picker.value = state[picker.id]

    def compose_docked(self) -> ComposeResult:
        # Below the scrolling form, so the descriptors stay in view whichever rating has
        # the focus (inside it they were under the twelfth rating, off a 40-line screen).
        yield Static("", id="descriptors")

    def on_mount(self) -> None:
        super().on_mount()
        vault = self.nav_app.vault
        if self.assessment_id is not None and vault is not None:
            self._history_worker(vault, self.assessment_id)

    @work(thread=True, exclusive=True, group="amendment-history", exit_on_error=False)
    def _history_worker(self, vault: Vault, assessment_id: int) -> None:
        try:
            entries = [
                AmendmentEntry(a.changed_at, a.changed_by, a.field, a.old_value, a.new_value)
                for a in read(vault, lambda session: amendment_history(session, assessment_id))
            ]
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(
                self._show_history, None, "The changes could not be read from the vault."
            )
            return
        self.app.call_from_thread(self._show_history, entries, "")

    def _show_history(self, entries: list[AmendmentEntry] | None, problem: str) -> None:
        if not self.is_attached:
            return
        self.amendments = entries
        widget = self.query_one("#amendments", Static)
        if entries is None:
            widget.update(problem)
            return
        if not entries:
            widget.update("None yet: this assessment is as it was first saved.")
            return
        text = Text()
        for entry in entries:
            for line in change_lines(entry):
                text.append(f"{when_words(entry.changed_at)}  ", style="bold")
                text.append(f"{line}  ({entry.changed_by})\n")
        widget.update(text)

    # --- ratings ---------------------------------------------------------------------

    def pickers(self) -> list[RatingPicker]:
        return list(self.query(RatingPicker))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the date or the note goes on to the first rating not given yet
        (prevent_default: not also to the next field, as in other forms)."""
        event.stop()
        event.prevent_default()
        waiting = [p for p in self.pickers() if not p.is_complete] or self.pickers()
        waiting[0].focus()

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
        """The focused rating's level descriptors.  On a short terminal (under 32
        lines) the levels' names on one line and only the chosen level's words: the
        five descriptors took 14 of 24 lines and hid the ratings themselves."""
        scale, domain = self.scale, picker.domain
        self._described = picker
        text = Text()
        text.append(f"{DOMAIN_LABELS[domain]}", style="bold")
        text.append(f" ({picker.rater}'s rating, scale version {scale.version})\n", style="dim")
        goal = self._goal_line(domain)
        if goal:
            text.append(goal + "\n", style="italic")
        if picker.value == "":
            text.append(
                "Missing: why? d declined · n not discussed · a not applicable\n",
                style="bold reverse",
            )
        if self.has_class("-short"):
            for index, level in enumerate(scale.levels):
                text.append(" · " if index else "")
                chosen = picker.value == level
                text.append(scale.label(level), style="bold reverse" if chosen else "")
            if isinstance(picker.value, int):
                text.append(f"\n{scale.descriptor(domain, picker.value)}")
        else:
            for level in scale.levels:
                chosen = picker.value == level
                style = "reverse" if chosen else ""
                text.append(f" {scale.label(level)}: ", style=f"bold {style}")
                text.append(f"{scale.descriptor(domain, level)}\n", style=style)
        self.query_one("#descriptors", Static).update(text)

    def _goal_line(self, domain: str) -> str:
        """The support plan beside the ratings: the domain's goal and agreed actions."""
        case = self.case
        goal = next((g for g in case.goals if g.domain == domain), None) if case else None
        if goal is None or not goal.goal:
            return ""
        discreet = self.nav_app.discreet
        line = f"Their goal: {private(one_line(goal.goal), discreet)}"
        if goal.actions:
            line += f" · agreed: {private(one_line(goal.actions), discreet)}"
        return line

    def on_resize(self) -> None:
        described = getattr(self, "_described", None)
        if described is not None:
            self._show_descriptors(described)

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

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        ratings = {
            (p.domain, p.rater): p.value for p in self.pickers() if p.value not in (None, "")
        }
        survivor_id, record_id, today = self.survivor_id, self.record_id, self.nav_app.today()
        scale = (self.scale.version, tuple(self.scale.levels))
        assessment_id = self.assessment_id

        def apply(session: Session) -> int:
            if assessment_id is not None:
                # Unchanged fields record nothing, so a retry amends nothing twice.
                amend_assessment(session, assessment_id, values, ratings, scale[1], today)
                return assessment_id
            return record_assessment(
                session, survivor_id, values, ratings, scale, today, record_id
            )

        return apply

    def committed(self, result: Any) -> None:
        self.record_id = result
