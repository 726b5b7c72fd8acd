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

Each row is **one widget**, built once with its screen and drawn from the keys it
shows (issue 18): Textual's footer mounts a widget per key (24 for the survivor file)
and mounts them all again each time the bindings may have changed, and they "change"
many times while a screen opens (focus moves, tabs activate). Here a change of the
bindings only recomputes the keys, after the next refresh and once however many
changes come before it, and redraws the row when they differ from what it shows.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget


class ShownKey(NamedTuple):
    """One key as a row shows it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool = False


class KeyRow(Widget):
    """One row of keys: some of the screen's active bindings, drawn as one line."""

    COMPONENT_CLASSES = {"key-row--key", "key-row--description", "key-row--disabled"}
    DEFAULT_CSS = """
    KeyRow {
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        .key-row--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-row--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-row--disabled {
            text-style: dim;
        }
    }
    """
    ALLOW_SELECT = False

    def __init__(self, *, show_command_palette: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        #: The keys shown now (None before the screen's bindings are first known).
        self._shown: tuple[ShownKey, ...] | None = None
        self._update_pending = False

    @property
    def shown(self) -> tuple[ShownKey, ...]:
        """The keys this row draws, left to right (the palette's last)."""
        return self._shown or ()

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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._update_soon()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._update_soon()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Recompute after the next refresh, once however many changes come before it."""
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._update_soon()

    def _update_soon(self) -> None:
        if not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_if_changed)

    def _update_if_changed(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        keys = self.keys()
        if keys != self._shown:
            self._shown = keys
            self.refresh()

    def drawn(self, width: int | None = None) -> list[tuple[ShownKey, int, int]]:
        """Where each shown key is drawn: its first column and the column after it."""
        width = self.size.width if width is None else width
        spans: list[tuple[ShownKey, int, int]] = []
        x = 0
        for shown in self.shown:
            if not shown.palette:
                spans.append((shown, x, x + _width(shown)))
                x += _width(shown)
        for shown in self.shown:
            if shown.palette:
                start = max(x + 1, width - _width(shown))
                spans.append((shown, start, start + _width(shown)))
        return spans

    def render(self) -> Content:
        key_style = self.get_visual_style("key-row--key")
        text_style = self.get_visual_style("key-row--description")
        dim = self.get_visual_style("key-row--disabled", partial=True)
        parts: list[tuple[str, Style] | str] = []
        x = 0
        for shown, start, _end in self.drawn():
            off = Style() if shown.enabled else dim
            parts.append(" " * (start - x))
            if shown.palette:
                parts.append("\u258f")
            # The spaces go with the description, as on Textual's footer (a screenshot
            # draws a segment of spaces as a box only, with no text).
            parts += [(shown.display, key_style + off)]
            parts += [(f" {shown.description} ", text_style + off)]
            x = start + _width(shown)
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as on Textual's footer (a disabled key: nothing)."""
        for shown, start, end in self.drawn():
            if start <= event.x < end and shown.enabled:
                event.stop()
                self.app.simulate_key(shown.key)
                return


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
