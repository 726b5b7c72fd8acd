"""What locking keeps, so that no work is lost: the screens the navigator had open (the
survivor file and its tab included) and any open form with what was typed in it.

It is kept in memory only, never on disk, and only until the next unlock: the screens
are closed at the lock (the caseload leaves the screen and memory as before) and built
again from the reloaded caseload once the vault is open again.  Dialogs (a question, the
help) are not kept: they are asked again if still needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual.screen import Screen

from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.screens.nav_screen import NavScreen


@dataclass
class KeptScreen:
    """One screen to build again, and for a form what was typed in it."""

    rebuild: Callable[[], NavScreen[Any]]
    form_state: dict[str, Any] | None = None


@dataclass
class KeptWork:
    screens: list[KeptScreen] = field(default_factory=list)

    @property
    def has_form(self) -> bool:
        return any(kept.form_state is not None for kept in self.screens)


def keep_work(stack: Sequence[Screen[Any]]) -> KeptWork:
    """The navigator's screens, bottom to top (the app's default screen left out)."""
    kept = KeptWork()
    for screen in stack:
        if not isinstance(screen, NavScreen):
            continue
        if isinstance(screen, FormScreen) and screen.busy:
            # Its save is under way and finishes before the vault closes: shown again,
            # the form would save a second copy.
            continue
        state = screen.form_state() if isinstance(screen, FormScreen) else None
        kept.screens.append(KeptScreen(screen.rebuilder(), state))
    return kept


def rebuild(kept: KeptScreen) -> NavScreen[Any]:
    """The screen again; a form gets what was typed back once it is on screen."""
    screen = kept.rebuild()
    if isinstance(screen, FormScreen) and kept.form_state is not None:
        screen.restore_when_ready(kept.form_state)
    return screen
