"""The unlock screen: passphrase (masked) or recovery key, key derivation in a worker.

``Vault.open`` runs Argon2id (about a second by design), so it runs in a thread
worker while the screen shows "Unlocking...".  After repeated failures the screen
makes the user wait longer and longer before the next attempt (see
:meth:`NavigatorApp.unlock_delay`).  The typed secret is cleared from the field as
soon as an attempt starts.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Input, Label, Static

from caseload.errors import NavigatorError
from caseload.vault import Vault
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.widgets.key_bar import KeyBar
from navigator_tui.widgets.secret_input import SecretInput

if TYPE_CHECKING:
    pass


class UnlockScreen(NavScreen[None]):
    """Ask for the passphrase (or the recovery key) and open the vault."""

    AUTO_FOCUS = "#passphrase"
    #: The hint under the field, by whether the recovery key is being typed.
    HINTS = {
        False: "Enter to unlock · ctrl+r to use the recovery key instead",
        True: "Enter to unlock · ctrl+r to use the passphrase instead",
    }
    # One key, two descriptions: the footer names what ctrl+r switches to (check_action).
    BINDINGS = [
        Binding(
            "ctrl+r", "use_recovery(True)", "Recovery key", id="unlock.recovery", priority=True
        ),
        Binding(
            "ctrl+r", "use_recovery(False)", "Passphrase", id="unlock.passphrase", priority=True
        ),
        # The recovery key is masked like the passphrase (it unlocks everything); copying it
        # from paper is easier seen, so it can be shown on purpose.
        Binding("ctrl+e", "reveal_key(True)", "Show key", id="unlock.show_key", priority=True),
        Binding("ctrl+e", "reveal_key(False)", "Hide key", id="unlock.hide_key", priority=True),
    ]

    def __init__(
        self, vault_path: Path, message: str = "", demo_passphrase: str | None = None
    ) -> None:
        super().__init__()
        self.vault_path = vault_path
        self._message = message
        #: Set only by ``navigator demo`` for the vault it just made with a passphrase it
        #: chose: after the auto-lock, someone trying the demo could not know what to type.
        self.demo_passphrase = demo_passphrase
        self.busy = False
        self.use_recovery = False
        self._wait_until = 0.0


    def compose(self) -> ComposeResult:
        with Center(id="unlock-center"), Vertical(id="unlock-box"):
            yield Static("Navigator", id="unlock-title")
            yield Static(f"Vault: {self.vault_path.name}", id="unlock-vault")
            if self.demo_passphrase:
                yield Static(
                    f"Demo vault: the passphrase is {self.demo_passphrase}",
                    id="unlock-demo",
                    markup=False,
                )
            yield Label("Passphrase", id="unlock-label", classes="field-label")
            yield SecretInput(password=True, id="passphrase", placeholder="Passphrase")
            yield SecretInput(
                password=True,
                id="recovery-key",
                placeholder="Recovery key, e.g. XXXXX-XXXXX-...",
                classes="hidden",
            )
            yield Static(self._message, id="unlock-status")
            yield Static(self.HINTS[False], id="unlock-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        delay = self.nav_app.unlock_delay()
        if delay and self.nav_app.unlock_failures:
            self._start_wait(delay)

    # --- switching between passphrase and recovery key -------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_recovery":
            return parameters != (self.use_recovery,)
        if action == "reveal_key":
            shown = not self.query_one("#recovery-key", Input).password
            return self.use_recovery and parameters != (shown,)
        return True

    def action_reveal_key(self, show: bool) -> None:
        self.query_one("#recovery-key", Input).password = not show
        self.refresh_bindings()

    def action_use_recovery(self, recovery: bool) -> None:
        if recovery != self.use_recovery:
            self.action_toggle_recovery()

    def action_toggle_recovery(self) -> None:
        if self.busy:
            return
        self.use_recovery = not self.use_recovery
        self.query_one("#unlock-hint", Static).update(self.HINTS[self.use_recovery])
        self.refresh_bindings()
        passphrase = self.query_one("#passphrase", Input)
        recovery = self.query_one("#recovery-key", Input)
        passphrase.set_class(self.use_recovery, "hidden")
        recovery.set_class(not self.use_recovery, "hidden")
        self.query_one("#unlock-label", Label).update(
            "Recovery key" if self.use_recovery else "Passphrase"
        )
        (recovery if self.use_recovery else passphrase).focus()

    # --- unlocking -------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        remaining = self._wait_until - time.monotonic()
        if remaining > 0:
            self._status(f"Please wait {remaining:.0f} more seconds before trying again.")
            return
        secret = event.value
        event.input.value = ""
        if not secret.strip():
            self._status("Type the recovery key." if self.use_recovery else "Type the passphrase.")
            return
        self._set_busy(True)
        self._status("Unlocking...")
        self._unlock_worker(secret, self.use_recovery)

    # A description: Textual's default is the repr of the arguments, the secret included.
    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False, description="unlock")
    def _unlock_worker(self, secret: str, recovery: bool) -> None:
        try:
            if recovery:
                vault = Vault.open(self.vault_path, recovery_key=secret)
            else:
                vault = Vault.open(self.vault_path, secret)
        except NavigatorError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(self._failed, "The vault could not be opened.")
            return
        self.app.call_from_thread(self._succeeded, vault)

    def _succeeded(self, vault: Vault) -> None:
        if not self.is_attached:
            vault.close()
            return
        self._status("Opening the caseload...")
        self.nav_app.unlocked(vault)

    def _failed(self, message: str) -> None:
        app = self.nav_app
        app.unlock_failures += 1
        self._set_busy(False)
        delay = app.unlock_delay()
        if delay:
            self._start_wait(delay, message)
        else:
            self._status(message)

    def _start_wait(self, delay: float, message: str = "") -> None:
        self._wait_until = time.monotonic() + delay
        self._set_busy(True)
        prefix = f"{message} " if message else ""
        self._status(f"{prefix}Too many failed attempts: wait {delay:.0f} seconds.")
        self.set_timer(delay, self._end_wait)

    def _end_wait(self) -> None:
        if not self.is_attached:
            return
        self._set_busy(False)
        self._status("You can try again now.")
        self._focus_secret()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for field in self.query(Input):
            field.disabled = busy
        if not busy:
            self._focus_secret()

    def _focus_secret(self) -> None:
        self.query_one("#recovery-key" if self.use_recovery else "#passphrase", Input).focus()

    def _status(self, text: str) -> None:
        self.query_one("#unlock-status", Static).update(text)
