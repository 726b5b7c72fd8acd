"""What every Navigator screen declares to the app (instead of attributes guessed by name).

The app asks a screen three things: which survivor it is about (a deletion closes that
survivor's screens; a save reloads that survivor), whether it holds input not saved yet
(locking asks first), and to redraw from the caseload after a change.  Screens reach the
app through :attr:`NavScreen.nav_app`, typed, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from caseload.case import CaseRecord
    from navigator_tui.app import NavigatorApp

R = TypeVar("R")


class DismissOnce:
    """A screen that closes once: a second escape or answer typed before the first has
    taken effect does nothing (Textual's second dismiss set the screen's result twice
    and stopped the app; found by tests/test_app_monkey.py)."""

    #: Dismissed, and not on screen again since.
    _dismissed_once: bool = False
    #: A dismiss asked for while another screen was in front: done once back in front.
    _pending_dismiss: tuple[Any] | None = None

    def dismiss(self, result: Any = None) -> Any:
        if self._dismissed_once:
            return None
        app = self.app  # type: ignore[attr-defined]
        if app.screen is not self:
            # Textual pops the *top* screen: dismissing this one from under another (a key
            # routed here just before a screen was pushed over it, a save finishing under
            # a dialog) would close the wrong one and call this one's result twice.
            if self in app.screen_stack and self._pending_dismiss is None:
                self._pending_dismiss = (result,)  # the first answer counts, as in front
            return None
        self._dismissed_once = True
        return super().dismiss(result)  # type: ignore[misc]

    def on_screen_resume(self) -> None:
        self._dismissed_once = False  # on screen again (a screen pushed again after a dismiss)
        if self._pending_dismiss is not None:
            (result,), self._pending_dismiss = self._pending_dismiss, None
            self.call_later(self._dismiss_pending, result)  # type: ignore[attr-defined]

    def _dismiss_pending(self, result: Any) -> None:
        self.dismiss(result)  # not returned: Textual would await it from this screen


class NavScreen(DismissOnce, Screen[R], Generic[R]):
    #: The survivor this screen is about (None: the whole caseload, or nobody yet).
    survivor_id: int | None = None
    #: Something was typed since the screen opened that is not saved.
    is_dirty: bool = False
    #: The app's data version this screen last drew (see ``NavigatorApp.data_version``).
    drawn_version: int = -1
    _made_with: tuple[tuple[Any, ...], dict[str, Any]] = ((), {})

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # What the screen was made with, so that locking can build it again after the
        # unlock (:mod:`navigator_tui.kept_work`).
        screen = super().__new__(cls)
        screen._made_with = (args, kwargs)
        return screen

    def rebuilder(self) -> Callable[[], NavScreen[Any]]:
        """How to build this screen again, as it is now (after an unlock)."""
        args, kwargs = self._made_with
        return lambda: type(self)(*args, **kwargs)

    @property
    def nav_app(self) -> NavigatorApp:
        return cast("NavigatorApp", self.app)


    @property
    def case(self) -> CaseRecord | None:
        """This screen's survivor's case in the app's caseload (None: nobody, not loaded,
        or no longer there)."""
        cases, survivor_id = self.nav_app.cases, self.survivor_id
        return cases.get(survivor_id) if cases is not None and survivor_id is not None else None

    def on_mount(self) -> None:
        self.drawn_version = self.nav_app.data_version  # each screen draws in its on_mount

    def on_screen_resume(self) -> None:
        """A kept screen shown again (F3, F4) redraws if the caseload changed meanwhile."""
        app = self.nav_app
        if self.is_mounted and self.drawn_version != app.data_version and app.cases is not None:
            self.drawn_version = app.data_version
            self.refresh_data()

    def refresh_data(self) -> None:
        """Redraw from the app's caseload and discreet mode (after a save or a reload)."""
