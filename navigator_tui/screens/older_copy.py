"""The vault just unlocked is an older copy, another vault, or behind its backups.

Nothing is saved until the navigator chooses (the vault refuses saves meanwhile):

- **Restore the newest backup** (r, when a newer backup of this vault is beside it):
  asks for that backup's passphrase (usually today's), checks it opens the backup,
  then restores it and opens it in place of this copy;
- **Keep this copy** (k): remembered on this computer, so the warning stops;
- **Lock** (escape): nothing changes; the navigator can put the right file back first.

A key within :data:`~navigator_tui.screens.confirm.SETTLE_S` of the dialog opening (an
enter or a letter typed on from the unlock screen) answers nothing.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from caseload.errors import NavigatorError
from navigator_tui.screens.confirm import SETTLE_S
from navigator_tui.screens.nav_screen import DismissOnce
from storage import backups, rollback

if TYPE_CHECKING:
    from caseload.vault import Vault
    from navigator_tui.app import NavigatorApp

TITLES = {
    rollback.OLDER: "This vault is an older copy",
    rollback.FOREIGN: "This is a different vault",
    rollback.BEHIND_BACKUPS: "This vault is older than its backups",
}
KEEP = "keep"
LOCK = "lock"


class OlderCopyScreen(DismissOnce, ModalScreen[str]):
    """Dismisses with ``"keep"`` or ``"lock"``; a restore replaces every screen instead."""

    AUTO_FOCUS = None
    BINDINGS = [
        Binding("r", "restore", "Restore newest backup", id="older.restore"),
        Binding("k", "keep", "Keep this copy", id="older.keep"),
        Binding("escape", "lock", "Lock", id="older.lock"),
    ]

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        assert vault.copy_warning is not None
        self.vault = vault
        self.warning = vault.copy_warning
        #: Only a backup of this same vault, newer than the copy, is offered.
        self.newest = backups.newest_of(vault.path, vault.header.vault_id, vault.generation)
        self._opened_at = time.monotonic()
        self._restoring = False

    @property
    def nav_app(self) -> NavigatorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="older-box", classes="dialog"):
            yield Static(TITLES[self.warning.kind], id="older-title")
            yield Static(self.warning.happened, id="older-message")
            yield Static(self._advice(), id="older-advice")
            with Horizontal(classes="dialog-buttons"):
                if self.newest is not None:
                    yield self._button("Restore newest backup (r)", "older-restore", "primary")
                yield self._button("Keep this copy (k)", "older-keep", "warning")
                yield self._button("Lock (esc)", "older-lock", "default")
            yield Static("", id="older-status")

    @staticmethod
    def _button(label: str, button_id: str, variant: str) -> Button:
        button = Button(label, id=button_id, variant=variant)  # type: ignore[arg-type]
        button.can_focus = False  # an enter typed on from the unlock screen presses nothing
        return button

    def _advice(self) -> str:
        if self.newest is not None:
            return (
                f"Nothing is saved until you choose. The newest backup beside it is save "
                f"{self.newest.generation}: restoring it keeps this copy as a backup too."
            )
        return (
            "Nothing is saved until you choose. No newer backup is beside it: if the newer "
            "file is elsewhere (another folder, a USB key), lock and put it back first."
        )

    def _status(self, text: str) -> None:
        self.query_one("#older-status", Static).update(text)

    def _deliberate(self) -> bool:
        if time.monotonic() - self._opened_at >= SETTLE_S:
            return True
        self._status("Still typing? Read the message, then choose.")
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.newest is not None and not self._restoring
        if action in ("keep", "lock"):
            return not self._restoring
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"older-restore": self.action_restore, "older-keep": self.action_keep}
        actions.get(event.button.id or "", self.action_lock)()

    def action_keep(self) -> None:
        if self._deliberate():
            self.vault.accept_copy()
            self.dismiss(KEEP)

    def action_lock(self) -> None:
        self.dismiss(LOCK)

    def action_restore(self) -> None:
        if self.newest is None or not self._deliberate():
            return
        fields = self.query("#older-passphrase").results(Input)
        field = next(fields, None)
        if field is None:  # made when asked for, so no hidden field can take the focus
            field = Input(
                password=True,
                placeholder="Passphrase of the backup (usually today's)",
                id="older-passphrase",
            )
            self.query_one("#older-box").mount(field, before="#older-status")
        field.focus()
        self._status("Type the backup's passphrase and press enter (escape: lock).")

    @on(Input.Submitted, "#older-passphrase")
    def _passphrase_given(self, event: Input.Submitted) -> None:
        event.stop()
        secret, event.input.value = event.value, ""
        if not secret.strip() or self.newest is None or self._restoring:
            return
        self._restoring = True
        self.refresh_bindings()
        self._status("Checking the backup's passphrase...")
        self._restore_worker(secret, self.newest.path)

    @work(thread=True, exclusive=True, group="restore", exit_on_error=False,
          description="restore the newest backup")
    def _restore_worker(self, secret: str, backup_path: object) -> None:
        from pathlib import Path

        from caseload.vault import Vault, restore_backup
        from storage.vault import unlock_bytes

        path = Path(str(backup_path))
        try:
            # Checked before this copy is closed: a wrong passphrase changes nothing.
            unlock_bytes(path.read_bytes(), secret)
        except NavigatorError as exc:
            self.app.call_from_thread(self._refused, exc.message)
            return
        except OSError:
            self.app.call_from_thread(self._refused, "The backup cannot be read.")
            return
        self.app.call_from_thread(self._status, "Restoring the newest backup...")
        vault = self.app.call_from_thread(self.nav_app.detach_vault)
        if vault is not None:
            vault.close()
        try:
            restore_backup(self.vault.path, path, secret)
            restored = Vault.open(self.vault.path, secret)
        except NavigatorError as exc:
            self.app.call_from_thread(self.nav_app.vault_lost, exc.message)
            return
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(
                self.nav_app.vault_lost, "Restoring the backup failed; unlock to try again."
            )
            return
        self.app.call_from_thread(self._restored, restored)

    def _refused(self, message: str) -> None:
        self._restoring = False
        self.refresh_bindings()
        self._status(message)
        self.query_one("#older-passphrase", Input).focus()

    def _restored(self, vault: Vault) -> None:
        # No dismiss: the unlock takes every screen down, this one with it.
        self.nav_app.unlocked(vault)
        self.nav_app.notify(
            f"Restored save {self.newest.generation if self.newest else ''} from the newest "
            "backup; the older copy is kept as a backup.",
            timeout=8,
        )
