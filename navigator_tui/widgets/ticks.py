"""A checkbox and a list of choices whose ticks read without colour: ``[x]`` / ``[ ]``.

Textual draws ``▐X▌`` for ticked and unticked alike and tells them apart by colour
only, so a colour-blind navigator (or a monochrome terminal) could not see which safe
days or phone flags were ticked.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED, UNTICKED = "x", " "


class TickBox(Checkbox):
    BUTTON_LEFT, BUTTON_RIGHT = "[", "]"

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--label")
        mark = TICKED if self.value else UNTICKED
        return Content.assemble(("[", style), (mark, "bold"), ("]", style))


class TickList(SelectionList[Any]):
    """A SelectionList drawn ``[x] label`` / ``[ ] label``."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 3:
            return line
        left, inner, right = segments[:3]
        mark = TICKED if selection.value in self._selected else UNTICKED
        # The button's own colours stay; its characters now say the state.
        segments[:3] = [
            Segment("[", left.style),
            Segment(mark, inner.style),
            Segment("]", right.style),
        ]
        return Strip(segments, line.cell_length)
