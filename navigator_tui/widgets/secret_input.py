"""An input whose masked text never leaves it: no copy, no cut.

Textual's ``Input`` copies a selection to the system clipboard (through the terminal,
OSC 52) on ctrl+c and ctrl+x even when it masks its text, so shift+home then ctrl+c
put a passphrase where clipboard managers keep it.  While ``password`` is on (the
passphrase, the recovery key, names masked in discreet mode) this input copies nothing;
unmasked it behaves as Textual's.
"""

from __future__ import annotations

from textual.widgets import Input


class SecretInput(Input):
    def action_copy(self) -> None:
        if self.password:
            self.app.bell()
            return
        super().action_copy()

    def action_cut(self) -> None:
        if self.password:
            self.app.bell()
            return
        super().action_cut()
