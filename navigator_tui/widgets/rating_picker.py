"""One rating of one domain by one rater: a level 1-5, or missing with a reason.

Keyboard first: digits 1-5 set the level (and the form moves on to the next
rating), ``m`` marks the rating missing and then ``d`` / ``n`` / ``a`` give the
reason (declined, not discussed, not applicable); backspace clears it.  Clicking
a level works too.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from caseload.categories import MISSING_REASON

#: Reasons a rating may be missing, by key.
REASON_KEYS = {"d": "declined", "n": "not_discussed", "a": "not_applicable"}
LEVELS = (1, 2, 3, 4, 5)


class RatingPicker(Widget, can_focus=True):
    """``value`` is an int level, a missing-reason code, ``""`` (missing, no reason yet) or None."""

    BINDINGS = [
        Binding("1", "rate(1)", "Rate", key_display="1-5", id="rating.rate"),
        Binding("2", "rate(2)", "Rate 2", show=False, id="rating.rate2"),
        Binding("3", "rate(3)", "Rate 3", show=False, id="rating.rate3"),
        Binding("4", "rate(4)", "Rate 4", show=False, id="rating.rate4"),
        Binding("5", "rate(5)", "Rate 5", show=False, id="rating.rate5"),
        Binding("m", "missing", "Missing", id="rating.missing"),
        Binding("d", "reason('d')", "Declined", id="rating.declined"),
        Binding("n", "reason('n')", "Not discussed", id="rating.not_discussed"),
        Binding("a", "reason('a')", "Not applicable", id="rating.not_applicable"),
        Binding("backspace", "clear", "Clear", id="rating.clear"),
        Binding("left", "step(-1)", "Lower", show=False, id="rating.lower"),
        Binding("right", "step(1)", "Higher", show=False, id="rating.higher"),
    ]

    value: reactive[int | str | None] = reactive(None)

    class Changed(Message):
        def __init__(self, picker: RatingPicker, advance: bool) -> None:
            super().__init__()
            self.picker = picker
            #: The user finished this rating (a level or a reason): move to the next.
            self.advance = advance

    class Focused(Message):
        def __init__(self, picker: RatingPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(
        self, domain: str, rater: str, value: int | str | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.domain = domain
        self.rater = rater
        self.set_reactive(RatingPicker.value, value)

    @property
    def is_complete(self) -> bool:
        return isinstance(self.value, int) or (isinstance(self.value, str) and bool(self.value))

    def render(self) -> Text:
        text = Text()
        text.append(f"{self.rater.capitalize():<10}", style="bold")
        for level in LEVELS:
            # The chosen level is bracketed as well as reversed: readable without colour.
            if self.value == level:
                text.append(f"[{level}]", style="reverse bold")
            else:
                text.append(f" {level} ")
        text.append(" ")
        if isinstance(self.value, str):
            if self.value:
                text.append(f"missing: {MISSING_REASON.label(self.value)}", style="reverse")
            else:
                text.append("why? d/n/a", style="bold")
        return text  # not rated: no level bracketed (the form says which are still empty)

    def _set(self, value: int | str | None, advance: bool) -> None:
        self.value = value
        self.set_class(False, "-invalid")
        self.post_message(self.Changed(self, advance))

    def action_rate(self, level: int) -> None:
        self._set(level, advance=True)

    def action_missing(self) -> None:
        self._set("", advance=False)

    def action_reason(self, key: str) -> None:
        if self.value == "" or isinstance(self.value, str):
            self._set(REASON_KEYS[key], advance=True)

    def action_clear(self) -> None:
        self._set(None, advance=False)

    def action_step(self, step: int) -> None:
        current = self.value if isinstance(self.value, int) else (0 if step > 0 else 6)
        self._set(min(5, max(1, current + step)), advance=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reason":
            return isinstance(self.value, str)
        return True

    def on_focus(self, _event: events.Focus) -> None:
        self.post_message(self.Focused(self))

    def on_click(self, event: events.Click) -> None:
        # Levels are drawn from column 10, three cells each.
        index = (event.x - 10 - self.styles.padding.left) // 3
        if 0 <= index < len(LEVELS):
            self._set(LEVELS[index], advance=False)
