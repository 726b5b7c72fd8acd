"""The footer in two rows: this screen's keys above, the keys that work everywhere below.

Textual's single-row ``Footer`` cut off the survivor file's keys and every global
key after F4 at 120 columns, so a navigator could not see half of what the keyboard
does.  :class:`KeyBar` keeps Textual's footer behaviour (click a key to press it,
disabled keys dimmed, redrawn when the focus or the bindings change) and splits the
keys by where they are bound: the screen and the focused widget (:class:`ScreenKeys`)
or the app (:class:`AppKeys`, with the command palette).  F1 lists them all.

``FooterKey`` comes from Textual's private footer module: the project pins Textual
(pyproject.toml), and a test renders every main screen's key bar.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyRow(Footer):
    """A footer row showing only some of the active bindings."""

    DEFAULT_CSS = """
    KeyRow {
        dock: none;
    }
    """

    def __init__(self, *, show_command_palette: bool, id: str | None = None) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=True, id=id)

    def wanted(self, node: DOMNode) -> bool:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        palette_key = self.app.COMMAND_PALETTE_BINDING
        shown: set[str] = set()
        for key, (node, binding, enabled, tooltip) in active.items():
            if not binding.show or not self.wanted(node) or binding.action in shown:
                continue
            if self.show_command_palette and key == palette_key:
                continue
            shown.add(binding.action)
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            entry = active.get(palette_key)
            if entry is not None:
                _node, binding, enabled, _tooltip = entry
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )


class ScreenKeys(KeyRow):
    """Keys of the screen and of the focused widget."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, id="screen-keys")

    def wanted(self, node: DOMNode) -> bool:
        return node is not self.app


class AppKeys(KeyRow):
    """Keys that work on every screen (help, discreet mode, going to a screen, lock)."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=True, id="app-keys")

    def wanted(self, node: DOMNode) -> bool:
        return node is self.app


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
