"""The footer in two rows: this screen's keys above, the keys that work everywhere below.

Textual's single-row ``Footer`` cut off the survivor file's keys and every global
key after F4 at 120 columns, so a navigator could not see half of what the keyboard
does.  :class:`KeyBar` keeps Textual's footer behaviour (click a key to press it,
disabled keys dimmed, redrawn when the focus or the bindings change) and splits the
keys by where they are bound: the screen and the focused widget (:class:`ScreenKeys`)
or the app (:class:`AppKeys`, with the command palette).  F1 lists them all.

A row never cuts a key in the middle: on a narrow terminal (80 columns) it leaves out
whole keys, the least needed first (:meth:`KeyRow.drop_order`), and keeps Lock, Help
and the palette, through which every key left out can still be found.

``FooterKey`` comes from Textual's private footer module: the project pins Textual
(pyproject.toml), and a test renders every main screen's key bar.

Textual's footer builds its keys again (new widgets, styled and laid out) each time
the bindings may have changed, and they "change" many times while a screen opens
(focus moves, tabs activate): sixteen rebuilds of the two rows while a survivor's
file opened, each as costly as the first. A row here rebuilds at most once per
refresh, and only when the keys it shows differ from what it shows already.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class ShownKey(NamedTuple):
    """One key as a row shows it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool = False


class KeyRow(Footer):
    """A footer row showing only some of the active bindings."""

    DEFAULT_CSS = """
    KeyRow {
        dock: none;
    }
    """

    def __init__(self, *, show_command_palette: bool, id: str | None = None) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=True, id=id)
        #: The keys shown now (None before the first build).
        self._shown: tuple[ShownKey, ...] | None = None
        self._rebuild_pending = False

    def wanted(self, node: DOMNode) -> bool:
        raise NotImplementedError

    def drop_order(self, keys: list[ShownKey]) -> list[ShownKey]:
        """The keys to leave out first when the row is too narrow: the last ones."""
        return list(reversed(keys))

    def fitted(self, keys: list[ShownKey]) -> list[ShownKey]:
        """``keys`` without those that do not fit the terminal's width, in order."""
        width = self.app.size.width - 1
        left_out: set[int] = set()
        total = sum(_width(k) for k in keys)
        for key in self.drop_order(keys):
            if total <= width:
                break
            left_out.add(id(key))
            total -= _width(key)
        return [k for k in keys if id(k) not in left_out]

    def on_resize(self) -> None:
        if self._shown is not None and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    def keys(self) -> tuple[ShownKey, ...]:
        """The keys this row shows for the screen's active bindings, in order."""
        active = self.screen.active_bindings
        palette_key = self.app.COMMAND_PALETTE_BINDING
        actions: set[str] = set()
        keys: list[ShownKey] = []
        for key, (node, binding, enabled, tooltip) in active.items():
            if not binding.show or not self.wanted(node) or binding.action in actions:
                continue
            if self.show_command_palette and key == palette_key:
                continue
            actions.add(binding.action)
            display = self.app.get_key_display(binding)
            keys.append(
                ShownKey(
                    binding.key, display, binding.description, binding.action, enabled, tooltip
                )
            )
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            entry = active.get(palette_key)
            if entry is not None:
                _node, binding, enabled, _tooltip = entry
                display = self.app.get_key_display(binding)
                tooltip = binding.tooltip or binding.description
                keys.append(
                    ShownKey(
                        binding.key,
                        display,
                        binding.description,
                        binding.action,
                        enabled,
                        tooltip,
                        palette=True,
                    )
                )
        return tuple(self.fitted(keys))

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown = self.keys()
        for shown in self._shown:
            if shown.palette:
                yield FooterKey(
                    shown.key,
                    shown.display,
                    shown.description,
                    shown.action,
                    classes="-command-palette",
                    disabled=not shown.enabled,
                    tooltip=shown.tooltip,
                )
            else:
                yield FooterKey(
                    shown.key,
                    shown.display,
                    shown.description,
                    shown.action,
                    disabled=not shown.enabled,
                    tooltip=shown.tooltip,
                ).data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild after the next refresh, once however many changes come before it."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self.keys() != self._shown:
            await self.recompose()


def _width(key: ShownKey) -> int:
    """Columns a key takes in a compact row ("f1 Help" and a space; the palette's key
    has a bar and a space before it)."""
    return len(key.display) + 1 + len(key.description) + (3 if key.palette else 1)


#: Keys a narrow screen row leaves out before the others (F1 and the palette list them).
SCREEN_DROP_FIRST = frozenset({"delete_survivor"})
#: Keys a narrow screen row keeps the longest (the way round the screen, and out).
SCREEN_KEEP = frozenset({"back", "cancel", "save", "next_tab"})
#: The app row's keys by how much they are needed (those after the list go first).
APP_KEEP = ("lock", "help", "command_palette", "today", "caseload", "toggle_discreet")


class ScreenKeys(KeyRow):
    """Keys of the screen and of the focused widget."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, id="screen-keys")

    def drop_order(self, keys: list[ShownKey]) -> list[ShownKey]:
        def rank(key: ShownKey) -> int:
            if key.action in SCREEN_DROP_FIRST:
                return 0
            return 2 if key.action in SCREEN_KEEP else 1

        return sorted(reversed(keys), key=rank)

    def wanted(self, node: DOMNode) -> bool:
        return node is not self.app


class AppKeys(KeyRow):
    """Keys that work on every screen (help, discreet mode, going to a screen, lock)."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=True, id="app-keys")

    def wanted(self, node: DOMNode) -> bool:
        return node is self.app

    def drop_order(self, keys: list[ShownKey]) -> list[ShownKey]:
        def need(key: ShownKey) -> int:
            action = key.action.removeprefix("app.")
            return APP_KEEP.index(action) if action in APP_KEEP else len(APP_KEEP)

        return sorted(reversed(keys), key=need, reverse=True)


class KeyBar(Vertical):
    """Both rows, docked at the bottom of the screen."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield ScreenKeys()
        yield AppKeys()
