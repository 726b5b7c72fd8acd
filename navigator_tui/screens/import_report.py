"""What a spreadsheet import did: the count added, or every problem found in the file.

The problems come from :mod:`exports.import_common` (``row N, column X: what is wrong``),
which never repeats a name or other personal data from the file's cells. They are shown
as plain text (never as markup: a column name in the file could contain ``[``), in a
scrollable list that takes the focus, so the arrow and page keys move through it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from navigator_tui.screens.nav_screen import DismissOnce


class ImportReportScreen(DismissOnce, ModalScreen[None]):
    """A title, a sentence, and (when the file was refused) the list of problems."""

    DEFAULT_CSS = """
    ImportReportScreen {
        align: center middle;
    }
    #import-report-box {
        width: 96;
        max-width: 100%;
    }
    #import-report-box.-refused {
        border: thick $error;
    }
    #import-report-title {
        text-style: bold;
        margin: 0 0 1 0;
    }
    #import-report-box.-refused #import-report-title {
        color: $error;
    }
    #import-report-problems {
        height: auto;
        max-height: 20;
        border: round $panel;
        padding: 0 1;
        margin: 1 0 0 0;
    }
    #import-report-problems:focus {
        border: round $accent;
    }
    """
    AUTO_FOCUS = "#import-report-problems, #import-report-ok"
    BINDINGS = [
        Binding("escape", "close", "Close", id="import_report.close"),
    ]

    def __init__(self, title: str, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        refused = bool(self.problems)
        with Vertical(id="import-report-box", classes="dialog -refused" if refused else "dialog"):
            yield Static(Text(self.title_text), id="import-report-title")
            yield Static(Text(self.message), id="import-report-message")
            if refused:
                with VerticalScroll(id="import-report-problems", can_focus=True):
                    yield Static(Text("\n".join(self.problems)), id="import-report-lines")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close (escape)", id="import-report-ok", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
