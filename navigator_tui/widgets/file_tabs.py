"""Textual's tabs, safe while their screen is taken down.

Textual's ``Tabs`` makes its first tab active in its own mount handler and raises
``ValueError("No Tab with id ...")`` when that tab is already gone, which happens when
the screen is taken down while the tabs are still mounting (a survivor's file opened
and closed within a few keys under load: found by tests/test_app_monkey.py). The
error escaped into Textual's message loop and stopped the app.

``TabbedContent`` finds its tabs by their exact class, so a subclass cannot stand in;
instead :func:`guard_tabs` wraps ``Tabs._on_mount`` of Textual 8.2.8 (pinned exactly in
pyproject.toml) so that tabs whose tab is gone skip making it active: there is nothing
left to show. The app calls it once at import; tests/test_app_tabs_closing.py fails if
the guard stops taking effect, and shows the failure without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.events import Mount
from textual.widgets import Tabs

_GUARDED = "_navigator_guarded"


def guard_tabs() -> None:
    """Wrap ``Tabs._on_mount`` once (idempotent)."""
    original: Callable[[Tabs, Mount], Any] = Tabs._on_mount
    if getattr(original, _GUARDED, False):
        return

    def _on_mount(self: Tabs, event: Mount) -> Any:
        first = self._first_active
        if first is not None and not self.query(f"#tabs-list > #{first}"):
            return None  # taken down while mounting: no tab to make active
        return original(self, event)

    setattr(_on_mount, _GUARDED, True)
    _on_mount.__wrapped__ = original  # type: ignore[attr-defined]
    Tabs._on_mount = _on_mount  # type: ignore[method-assign]
