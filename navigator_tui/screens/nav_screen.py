"""What every Navigator screen declares to the app (instead of attributes guessed by name).

The app asks a screen three things: which survivor it is about (a deletion closes that
survivor's screens; a save reloads that survivor), whether it holds input not saved yet
(locking asks first), and to redraw from the caseload after a change.  Screens reach the
app through :attr:`NavScreen.nav_app`, typed, in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from navigator_tui.app import NavigatorApp

R = TypeVar("R")


class NavScreen(Screen[R], Generic[R]):
    #: The survivor this screen is about (None: the whole caseload, or nobody yet).
    survivor_id: int | None = None
    #: Something was typed since the screen opened that is not saved.
    is_dirty: bool = False

    @property
    def nav_app(self) -> NavigatorApp:
        return cast("NavigatorApp", self.app)

    def refresh_data(self) -> None:
        """Redraw from the app's caseload and discreet mode (after a save or a reload)."""
