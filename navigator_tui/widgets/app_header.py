"""Textual's Header, safe while its screen opens or closes.

Textual's header redraws its title whenever the app's sub-title changes; when that
happens while a screen is still being built or is already being taken down (F2, which
changes the sub-title, typed fast while a form opens), the title widget is not there
and the query raised NoMatches, which stopped the app (found by
tests/test_app_monkey.py).  This header redraws only a title that is there.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class AppHeader(Header):
    def _on_mount(self, event: Mount) -> None:
        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass  # not built yet, or being taken down: drawn once it is there

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
        # Not also Header's own watchers (Textual runs every class's handler otherwise);
        # Widget's mount handler only turns on scroll bars, which a header has none of.
        event.prevent_default()
