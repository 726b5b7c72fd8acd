"""The Navigator Textual app: unlock, today's worklist, caseload, survivor file, forms.

Threading: every blocking call (``Vault.open``'s Argon2 key derivation, loading the
caseload, ``vault.save``) runs in a thread worker that posts its result back with
``call_from_thread``, so the interface never freezes.  Results that arrive after the
vault was locked are dropped (each unlock starts a new *epoch*).

Locking (on demand, or after the idle timeout) closes the vault, pops every screen
that shows decrypted data, drops the in-memory caseload and returns to the unlock
screen.

Every worker is given a description: Textual's default is the ``repr`` of its
arguments, made on the UI thread, which for a caseload took seconds at 10,000
survivors and copied its personal data into a debugging string.

A caseload nothing uses any more (after locking, a full reload, or a load that
arrived too late) is freed in a worker a survivor at a time (:meth:`Caseload.release`):
dropped at once, freeing a 10,000-survivor caseload froze the interface for 0.4 s.

The worker that loads a caseload also makes the caseload table's opening cells
(:func:`navigator_tui.screens.caseload.opening_cells`), and the warm-up imports wait
for a moment without input: both took the UI thread's turns at 10,000 survivors.
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import WorkerState

from caseload.errors import NavigatorError
from caseload.queries import load_case
from caseload.saving import Change, SaveFailed, commit_change, read
from caseload.vault import Vault
from navigator_tui.collector import release_frozen
from navigator_tui.kept_work import KeptWork, keep_work, rebuild
from navigator_tui.key_gate import KeyGate
from navigator_tui.palette import NavigatorCommands
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.settings import Settings
from navigator_tui.snapshot import Caseload, load_caseload, reload_case
from navigator_tui.widgets.file_tabs import guard_tabs

if TYPE_CHECKING:
    from caseload.case import CaseRecord
    from navigator_tui.screens.caseload import OpeningCells

T = TypeVar("T")

guard_tabs()  # Textual's tabs stopped the app when a file closed as it opened

#: Seconds between idle checks (at most); short timeouts in tests check more often.
IDLE_CHECK_SECONDS = 1.0
#: Input that counts as activity for the idle lock (mouse movement alone does not).
ACTIVITY_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
#: Modules of the screens a user opens next, imported in a worker once the caseload shows
#: (plotext alone takes 0.1-0.2 s to import, which would freeze the first chart shown).
WARM_UP_MODULES = (
    "navigator_tui.screens.caseload",
    "navigator_tui.screens.survivor_file",
    "navigator_tui.screens.caseload_recovery",
    "plotext",
)
#: Seconds without input, while locked, before the collector's pass over what was frozen.
COLLECT_WHEN_IDLE_FOR = 1.0
#: Seconds after the first caseload is shown before the warm-up starts (the first
#: screen is drawn and filled without the warm-up competing for the interpreter).
WARM_UP_DELAY = 1.0
#: ... and seconds without input it waits for: importing takes the interpreter from the
#: UI thread half the time (plotext for 0.2 s), which doubled what a key press cost.
WARM_UP_WHEN_IDLE_FOR = 0.5


class NavigatorApp(App[None]):
    """A navigator's caseload, unlocked from an encrypted vault."""

    TITLE = "Navigator"
    CSS_PATH = ["styles/app.tcss", "styles/forms.tcss"]
    COMMANDS = App.COMMANDS | {NavigatorCommands}
    #: Screens under 100 columns get "-narrow" (forms put labels above their fields);
    #: from 120, "-very-wide" (a long form of short fields takes two a line).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (120, "-very-wide")]
    #: Screens under 32 lines get "-short" (the assessment's descriptors shrink).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", priority=True),
        Binding("f2", "toggle_discreet", "Discreet", id="app.discreet", priority=True),
        Binding("f3", "today", "Today", id="app.today", priority=True),
        Binding("f4", "caseload", "Caseload", id="app.caseload", priority=True),
        Binding("f5", "caseload_recovery", "Recovery", id="app.recovery", priority=True),
        Binding("f6", "export", "Export", id="app.export", priority=True),
        Binding("f7", "retention", "Retention", id="app.retention", priority=True),
        Binding("f8", "import_data", "Import", id="app.import", priority=True),
        Binding("ctrl+l", "lock", "Lock", id="app.lock", priority=True),
        Binding("ctrl+s", "save_vault", "Save", id="app.save", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    #: Names are replaced by case references and initials on every screen.
    discreet: reactive[bool] = reactive(False)

    def __init__(
        self,
        vault_path: Path,
        vault: Vault | None = None,
        *,
        settings: Settings | None = None,
        settings_file: Path | None = None,
        today: dt.date | None = None,
        unlock_delay_base: float = 2.0,
        demo_passphrase: str | None = None,
    ) -> None:
        super().__init__()
        self.vault_path = Path(vault_path)
        #: The passphrase ``navigator demo`` chose for the demo vault it made (else None):
        #: the unlock screen shows it. Never set for a vault the demo did not just make.
        self.demo_passphrase = demo_passphrase
        self.vault: Vault | None = None
        self.cases: Caseload | None = None
        #: The caseload table's first cells, made with ``cases`` by the loading worker.
        self.opening_cells: OpeningCells | None = None
        self.settings_file = settings_file
        self.settings = settings or Settings.load(settings_file)
        self._fixed_today = today
        self._initial_vault = vault
        #: Failed unlock attempts since the app started (drives the growing delay).
        self.unlock_failures = 0
        self.unlock_delay_base = unlock_delay_base
        #: True when a change is in memory but the last save to disk failed.
        self.unsaved = False
        self.saving = False
        self._epoch = 0
        self._last_activity = time.monotonic()
        #: Keys typed fast go to the widget focused once the keys before them are done.
        self._key_gate = KeyGate(self, self._handle_event)
        self.warm_up_modules: tuple[str, ...] = WARM_UP_MODULES
        #: Survivors whose whole case (every contact) is being read for an open file.
        self._full_cases_pending: set[int] = set()
        #: Today and Caseload, kept from the first time they are shown until the lock.
        self._homes: dict[type[NavScreen[Any]], NavScreen[Any]] = {}
        #: Increased each time the screens are asked to redraw (a save, a reload, discreet
        #: mode): a kept screen shown again redraws only if it drew an older version.
        self.data_version = 0
        #: The screens and typed forms of the last lock, built again after the unlock.
        self._kept: KeptWork | None = None
        self._warm_up_timer: Timer | None = None
        self.set_reactive(NavigatorApp.discreet, self.settings.discreet)

    # --- lifecycle ------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        interval = min(IDLE_CHECK_SECONDS, max(0.05, self.settings.idle_timeout / 4))
        self.set_interval(interval, self._check_idle, name="idle-lock")
        self._update_subtitle()
        if self._initial_vault is not None:
            vault, self._initial_vault = self._initial_vault, None
            self.unlocked(vault)
        else:
            self.push_screen(self._unlock_screen())

    def on_unmount(self) -> None:
        if self.vault is not None:
            vault, self.vault = self.vault, None
            self.cases = None
            vault.close()
        release_frozen(collect=False)

    def _fatal_error(self) -> None:
        """Exit after an unexpected error with one sentence instead of Textual's traceback.

        Textual's own report prints local variables, which here would put survivors'
        details on the screen. This overrides a private method of Textual 8.2.8 (pinned
        exactly); tests/test_app_crash.py fails if the override stops taking effect.
        """
        from rich.text import Text

        self.bell()
        kind = type(self._exception).__name__ if self._exception is not None else "error"
        self._exit_renderables.append(
            Text(
                f"Navigator stopped after an unexpected problem ({kind}). Everything saved "
                "before it is safe in the vault; open Navigator again."
            )
        )
        self._close_messages_no_wait()

    def today(self) -> dt.date:
        return self._fixed_today or dt.date.today()

    def _unlock_screen(self, message: str = "") -> Screen[Any]:
        from navigator_tui.screens.unlock import UnlockScreen

        return UnlockScreen(self.vault_path, message, self.demo_passphrase)

    # --- unlocking and loading --------------------------------------------------------

    def unlock_delay(self) -> float:
        """Seconds before the next attempt: none after the first two failures, then doubling."""
        if self.unlock_failures < 3:
            return 0.0
        return min(60.0, self.unlock_delay_base * 2 ** (self.unlock_failures - 3))

    def unlocked(self, vault: Vault) -> None:
        """Called on the UI thread once a vault is open: show the work screens and load data."""
        from navigator_tui.screens.today import TodayScreen

        self._epoch += 1
        self.unlock_failures = 0
        self.vault = vault
        self.cases = None
        self.opening_cells = None
        self.unsaved = False
        self._last_activity = time.monotonic()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._drop_home_screens()  # another vault's (a restore opens the vault again)
        if not self._restore_kept_work():
            self.push_screen(self._home_screen(TodayScreen))
        self._tell_vault_state(vault)
        self._load_worker(vault, self._epoch)

    def _tell_vault_state(self, vault: Vault) -> None:
        """What must not scroll past in a toast: a read-only or synchronised folder (a
        notice to acknowledge), and an older copy (a choice, before anything is saved)."""
        from navigator_tui.screens.notice import NoticeScreen

        notes = []
        if vault.read_only:
            notes.append(
                "The vault's folder or disk cannot be written, so it was opened read-only: "
                "you can read and export, but nothing you change can be saved."
            )
        if vault.synced_warning:
            notes.append(vault.synced_warning)
        if notes:
            title = "Opened read-only" if vault.read_only else "A synchronised folder"
            self.push_screen(NoticeScreen(title, " ".join(notes)))
        if vault.copy_warning is not None:
            from navigator_tui.screens.older_copy import LOCK, OlderCopyScreen

            def chosen(choice: str | None) -> None:
                if choice == LOCK:
                    self.lock_now("Locked: nothing was saved to the older copy.")
                elif self.vault is vault:
                    self.notify(
                        "Kept this copy as the vault; this computer will not warn about it "
                        "again.",
                        timeout=8,
                    )

            self.push_screen(OlderCopyScreen(vault), chosen)

    def detach_vault(self) -> Vault | None:
        """Let go of the open vault without closing it (a restore replaces it): nothing
        on screen reads it from here on."""
        self._epoch += 1
        vault, self.vault = self.vault, None
        cases, self.cases = self.cases, None
        self.opening_cells = None
        self._drop_worker(cases)
        return vault

    def vault_lost(self, message: str) -> None:
        """The vault was let go and could not be opened again: back to the unlock screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._drop_home_screens()
        self.push_screen(self._unlock_screen(message))

    @work(thread=True, group="load", exit_on_error=False, description="load the caseload")
    def _load_worker(self, vault: Vault, epoch: int) -> None:
        try:
            today, settings = self.today(), self.settings.worklist_settings()
            cases = read(vault, lambda session: load_caseload(session, today, settings))
            opening = self._opening_cells(cases)
        except Exception:  # noqa: BLE001 - shown as one sentence, never a traceback
            self.call_from_thread(
                self._load_failed, epoch, "The caseload could not be read from the vault."
            )
            return
        self.call_from_thread(self._caseload_ready, epoch, cases, opening)

    def _opening_cells(self, cases: Caseload) -> OpeningCells:
        """The caseload table's first cells (in the worker that loaded ``cases``)."""
        from navigator_tui.screens.caseload import opening_cells

        return opening_cells(cases.rows.values(), self.discreet, cases.today)

    def _load_failed(self, epoch: int, message: str) -> None:
        if epoch == self._epoch:
            self.notify(message, severity="error", timeout=10)

    def _caseload_ready(self, epoch: int, cases: Caseload, opening: OpeningCells) -> None:
        if epoch != self._epoch or self.vault is None:
            self._drop_worker(cases)
            return
        self.cases, self.opening_cells = cases, opening
        self.refresh_screens()
        if self._warm_up_timer is None:
            self._warm_up_timer = self.set_timer(WARM_UP_DELAY, self._warm_up_when_idle)

    def _warm_up_when_idle(self) -> None:
        """Start the warm-up once the keyboard has been left alone a moment."""
        idle = time.monotonic() - self._last_activity
        if idle >= WARM_UP_WHEN_IDLE_FOR:
            self._warm_up()
        else:
            self._warm_up_timer = self.set_timer(
                WARM_UP_WHEN_IDLE_FOR - idle, self._warm_up_when_idle
            )

    @work(thread=True, group="warm-up", exit_on_error=False, description="warm up")
    def _warm_up(self) -> None:
        """Import what the next screens need, off the UI thread (which keeps its turns)."""
        for name in self.warm_up_modules:
            try:
                importlib.import_module(name)
            except ImportError:
                return  # imported again when needed, which shows the problem then

    def refresh_screens(self) -> None:
        """Ask every screen on the stack to redraw from ``self.cases`` and ``self.discreet``
        (a kept screen off the stack redraws when shown again)."""
        self.data_version += 1
        for screen in self.screen_stack:
            if isinstance(screen, NavScreen) and screen.is_mounted:
                # A screen still being composed draws itself from on_mount.
                screen.refresh_data()
                screen.drawn_version = self.data_version

    def ensure_full_case(self, survivor_id: int) -> None:
        """Read the whole of one survivor's case (the caseload holds only the recent part
        of each contact log) and redraw the screens once it is in."""
        case = self.cases.get(survivor_id) if self.cases is not None else None
        if self.vault is None or case is None or case.contacts_complete:
            return
        if survivor_id in self._full_cases_pending:
            return
        self._full_cases_pending.add(survivor_id)
        self._full_case_worker(self.vault, self._epoch, survivor_id)

    @work(thread=True, group="full-case", exit_on_error=False, description="read a case")
    def _full_case_worker(self, vault: Vault, epoch: int, survivor_id: int) -> None:
        try:
            case = read(vault, lambda session: load_case(session, survivor_id))
        except Exception:  # noqa: BLE001 - one sentence for the user, never a traceback
            case = None
        self.call_from_thread(self._full_case_read, epoch, survivor_id, case)

    def _full_case_read(self, epoch: int, survivor_id: int, case: CaseRecord | None) -> None:
        self._full_cases_pending.discard(survivor_id)
        if epoch != self._epoch or self.cases is None:
            return
        current = self.cases.get(survivor_id)
        if current is None or current.contacts_complete:
            return  # removed, or a save read it again whole meanwhile
        if case is None:
            self.notify(
                "The full contact log could not be read; the recent part is shown.",
                severity="error",
                timeout=8,
            )
            return
        self.cases = self.cases.with_case(survivor_id, case)
        self.refresh_screens()

    # --- saving -------------------------------------------------------------------

    def save_changes(
        self,
        apply: Change[T],
        on_saved: Callable[[T], None],
        on_failed: Callable[[SaveFailed], None],
        survivor_id: int | None = None,
    ) -> None:
        """Apply a change to the caseload, save the vault and reload, all in a worker.

        ``apply`` runs in the worker thread inside a session (committed afterwards) and
        calls the core's change functions; the callbacks run on the UI thread.  A
        failure comes as a :class:`SaveFailed`: when it says the change was committed,
        the change is in memory (saved with the next save) and a retry must rewrite the
        rows it wrote (``SaveFailed.result`` names them), not add them again.
        With ``survivor_id`` only that survivor is read again afterwards.
        """
        if self.vault is None:
            on_failed(SaveFailed("The vault is locked; unlock it and try again."))
            return
        self.saving = True
        self._save_worker(self.vault, self._epoch, apply, on_saved, on_failed, survivor_id)

    @work(thread=True, group="save", exit_on_error=False, description="save a change")
    def _save_worker(
        self,
        vault: Vault,
        epoch: int,
        apply: Change[T],
        on_saved: Callable[[T], None],
        on_failed: Callable[[SaveFailed], None],
        survivor_id: int | None,
    ) -> None:
        changed = False
        result: T | None = None
        opening: OpeningCells | None = None
        # Only a one-survivor reload needs the caseload as it was (and a full reload
        # must not keep it alive: see _save_done).
        current = self.cases if survivor_id is not None else None
        try:
            result = commit_change(vault, apply)
            changed = True
            vault.save()
            today, settings = self.today(), self.settings.worklist_settings()
            if survivor_id is not None and current is not None:
                cases = read(vault, lambda session: reload_case(session, current, survivor_id))
            else:
                cases = read(vault, lambda session: load_caseload(session, today, settings))
            if current is None:
                opening = self._opening_cells(cases)
        except NavigatorError as exc:
            failure = SaveFailed(exc.message, changed, result, exc)
            self.call_from_thread(self._save_failed, epoch, failure, on_failed)
            return
        except Exception:  # noqa: BLE001 - one sentence for the user, never a traceback
            message = "The change could not be saved; nothing was written to disk."
            failure = SaveFailed(message, changed, result)
            self.call_from_thread(self._save_failed, epoch, failure, on_failed)
            return
        self.call_from_thread(self._save_done, epoch, cases, result, on_saved, opening)

    def _save_failed(
        self, epoch: int, failure: SaveFailed, on_failed: Callable[[SaveFailed], None]
    ) -> None:
        if epoch != self._epoch:
            return
        self.saving = False
        self.unsaved = self.unsaved or failure.committed
        self._update_subtitle()
        on_failed(failure)

    def _save_done(
        self,
        epoch: int,
        cases: Caseload,
        result: Any,
        on_saved: Callable[[Any], None],
        opening: OpeningCells | None,
    ) -> None:
        """``opening`` comes with a caseload reloaded whole (None: one survivor read again)."""
        reloaded_all = opening is not None
        if epoch != self._epoch:
            if reloaded_all:
                self._drop_worker(cases)
            return
        self.saving = False
        self.unsaved = False
        replaced, self.cases = self.cases, cases
        if opening is not None:
            self.opening_cells = opening
        if reloaded_all and replaced is not None and self._saves_running() <= 1:
            # A one-survivor reload shares its records with the caseload it replaces,
            # and another save still running may be reading that one: release only
            # a caseload replaced whole, when this save is the only one.
            self._drop_worker(replaced)
        del replaced
        self._update_subtitle()
        on_saved(result)
        self.refresh_screens()
        self.notify("Saved.", timeout=2)

    def action_save_vault(self) -> None:
        """Retry saving after a failed save (the change is still in memory)."""
        if self.vault is None:
            return

        def failed(failure: SaveFailed) -> None:
            self.notify(failure.message, severity="error", timeout=10)

        self.save_changes(lambda _session: None, lambda _result: None, failed)

    # --- locking --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY_EVENTS):
            self._last_activity = time.monotonic()
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self._key_gate.on_event(event)  # in order, to the widget meant
            return
        await super().on_event(event)

    async def _handle_event(self, event: events.Event) -> None:
        await super().on_event(event)

    def _check_idle(self) -> None:
        if self.vault is None:
            return
        if time.monotonic() - self._last_activity >= self.settings.idle_timeout:
            self.lock_now("Locked after a period without activity.")

    def has_unsaved_input(self) -> bool:
        return any(
            isinstance(screen, NavScreen) and screen.is_dirty for screen in self.screen_stack
        )

    def action_lock(self) -> None:
        if self.vault is None:
            return
        # An open form is kept across the lock; a save that failed is not in the vault.
        if self.unsaved:
            from navigator_tui.screens.confirm import ConfirmScreen

            question = (
                "The last save failed, so recent changes are not in the vault. "
                "Lock anyway and lose them?"
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self.lock_now()

            self.push_screen(ConfirmScreen(question, yes="Lock", no="Keep working"), answered)
            return
        # Keys typed just before ctrl+l may still wait in the focused field's queue (a
        # priority binding jumps it): lock once they are in, so the kept form has them.
        focused = self.focused
        if focused is not None:
            focused.call_later(self.lock_now)
        else:
            self.lock_now()

    def lock_now(self, message: str = "Locked.") -> None:
        """Close the vault, drop every decrypted record and screen, show the unlock screen."""
        if self.vault is None:
            return
        self._epoch += 1
        # Kept in memory only; the screens themselves go, with the caseload they show.
        self._kept = keep_work(self.screen_stack)
        if self._kept.has_form:
            message += " The form you were filling in is kept and comes back when you unlock."
        vault, self.vault = self.vault, None
        cases, self.cases = self.cases, None
        self.opening_cells = None
        self.unsaved = False
        self.saving = False
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._drop_home_screens()
        self.push_screen(self._unlock_screen(message))
        self._close_worker(vault)
        # Results of workers still running are dropped (new epoch), so nothing reads
        # the caseload any more.
        self._drop_worker(cases)
        del cases

    def _restore_kept_work(self) -> bool:
        """At an unlock, the screens the lock closed, forms with what was typed (each
        draws its records once the caseload is in, as every screen does)."""
        kept, self._kept = self._kept, None
        if kept is None or not kept.screens:
            return False
        for screen in kept.screens:
            self.push_screen(rebuild(screen))
        return True

    @work(thread=True, group="close", exit_on_error=False, description="close the vault")
    def _close_worker(self, vault: Vault) -> None:
        # Waits for a save still running in another worker (the vault serialises them).
        vault.close()

    @work(thread=True, group="drop", exit_on_error=False, description="free a caseload")
    def _drop_worker(self, cases: Caseload | None) -> None:
        """Free a caseload nothing uses any more, a survivor at a time."""
        if cases is not None:
            cases.release()
        self.call_from_thread(self._collect_when_idle)

    def _collect_when_idle(self) -> None:
        """While locked, once the keyboard has been left alone a moment, collect what the
        last load froze and has become garbage since (a pass of about 0.1 s: not amid
        typing). Unlocked meanwhile, it waits for the next lock."""
        if self.vault is not None:
            return
        if time.monotonic() - self._last_activity >= COLLECT_WHEN_IDLE_FOR:
            release_frozen()
        else:
            self.set_timer(COLLECT_WHEN_IDLE_FOR, self._collect_when_idle)

    def _saves_running(self) -> int:
        states = (WorkerState.PENDING, WorkerState.RUNNING)
        return sum(1 for w in self.workers if w.group == "save" and w.state in states)

    # --- navigation and modes ---------------------------------------------------------

    def _go_home(self, screen: Screen[Any], attempt: int = 0) -> None:
        if self.vault is None:
            return
        if attempt < 20 and any(getattr(s, "_dismissed_once", False) for s in self.screen_stack):
            # A screen has given its result and is still closing: switching now popped
            # its result callback a second time and stopped the app (the monkey test).
            self.set_timer(0.05, lambda: self._go_home(screen, attempt + 1))
            return
        if self.has_unsaved_input():
            # Going home closes every screen on top, forms included: ask first.
            from navigator_tui.screens.confirm import ConfirmScreen

            if isinstance(self.screen, ConfirmScreen):
                return  # already asking

            def answered(leave: bool | None) -> None:
                if leave:
                    for open_screen in self.screen_stack:
                        if isinstance(open_screen, NavScreen):
                            open_screen.is_dirty = False
                    self._go_home(screen)

            question = "A form has input that is not saved. Leave it and lose what was typed?"
            self.push_screen(ConfirmScreen(question, yes="Leave", no="Keep editing"), answered)
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if type(self.screen) is type(screen):
            return
        self.switch_screen(screen)

    def action_today(self) -> None:
        from navigator_tui.screens.today import TodayScreen

        self._go_home(self._home_screen(TodayScreen))

    def action_caseload(self) -> None:
        from navigator_tui.screens.caseload import CaseloadScreen

        self._go_home(self._home_screen(CaseloadScreen))

    def _home_screen(self, kind: type[NavScreen[Any]]) -> NavScreen[Any]:
        """Today and Caseload are made once per unlock and kept (installed), so F3 and F4
        show them again as they were (issue 18: a new screen each time cost 170-200 ms);
        a screen shown again redraws only if the caseload changed meanwhile."""
        screen = self._homes.get(kind)
        if screen is None:
            screen = kind()
            self._homes[kind] = screen
            self.install_screen(screen, name=f"home-{kind.__name__}")
        return screen

    def _drop_home_screens(self) -> None:
        """At the lock: the kept screens go with the caseload they show. Call once they
        are off the stack (a popped screen that is no longer installed is removed)."""
        homes, self._homes = list(self._homes.values()), {}
        for screen in homes:
            self.uninstall_screen(screen)
            if screen not in self.screen_stack and screen.is_attached:
                screen.remove()

    def action_caseload_recovery(self) -> None:
        from navigator_tui.screens.caseload_recovery import CaseloadRecoveryScreen

        if self.cases is not None and not isinstance(self.screen, CaseloadRecoveryScreen):
            self.push_screen(CaseloadRecoveryScreen())

    def action_command_palette(self) -> None:
        """The palette, once: Textual's checks only the top screen, so ctrl+p with the
        palette under another screen (F1 pressed while it was open) tried to open a
        second one and stopped the app (found by tests/test_app_monkey.py)."""
        from textual.command import CommandPalette

        if any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            return
        super().action_command_palette()

    def action_help(self) -> None:
        from navigator_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    #: Actions that need an unlocked vault: hidden from the footer and help while locked.
    UNLOCKED_ACTIONS = frozenset(
        {"today", "caseload", "caseload_recovery", "export", "retention", "import_data", "lock",
         "directory"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.UNLOCKED_ACTIONS:
            return self.vault is not None
        return True

    def action_toggle_discreet(self) -> None:
        if self.vault is None:
            # At a locked laptop anyone could turn discreet mode off for the next unlock.
            self.bell()
            return
        self.discreet = not self.discreet

    def watch_discreet(self, discreet: bool) -> None:
        self.settings.discreet = discreet
        self._store_settings()
        self._update_subtitle()
        self.refresh_screens()

    def _remember_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str) and name != self.settings.theme:
            self.settings.theme = name
            self._store_settings()

    def _store_settings(self) -> None:
        try:
            self.settings.save(self.settings_file)
        except OSError:
            self.notify("Settings could not be saved to the config folder.", severity="warning")

    def _update_subtitle(self) -> None:
        parts = []
        if self.discreet:
            parts.append("discreet mode")
        if self.unsaved:
            parts.append("NOT SAVED: ctrl+s to retry")
        self.sub_title = " · ".join(parts)

    # --- actions offered by the command palette ----------------------------------------

    def action_new_survivor(self) -> None:
        from navigator_tui.screens.survivor_form import SurvivorFormScreen

        if self.vault is not None and self.cases is not None:
            self.push_screen(SurvivorFormScreen(), self._open_new_survivor)

    def _open_new_survivor(self, survivor_id: int | None) -> None:
        if survivor_id is not None:
            self.open_survivor(survivor_id)

    def open_survivor(self, survivor_id: int, tab: str = "overview") -> None:
        from navigator_tui.screens.survivor_file import SurvivorFileScreen

        if self.cases is None or self.cases.get(survivor_id) is None:
            return
        self.push_screen(SurvivorFileScreen(survivor_id, tab))

    def current_survivor_id(self) -> int | None:
        """The survivor of the survivor file on top of the stack, if any."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, NavScreen) and screen.survivor_id is not None:
                return screen.survivor_id
        return None

    def run_survivor_action(self, action: str) -> None:
        """Run a survivor-file action (record assessment, log contact...) on the open file."""
        from navigator_tui.screens.survivor_file import SurvivorFileScreen

        screen = self.screen
        if isinstance(screen, SurvivorFileScreen):
            screen.run_action(action)
        else:
            self.notify("Open a survivor's file first (Enter on the caseload).", timeout=4)

    def action_export(self) -> None:
        from navigator_tui.screens.export import ExportScreen

        if self.vault is not None and not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def action_import_data(self) -> None:
        """Add survivors or assessments from a spreadsheet (CSV), all rows or none."""
        from navigator_tui.screens.import_data import ImportScreen

        if self.cases is not None and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())

    def action_retention(self) -> None:
        """Closed cases past the retention period, to delete or anonymise."""
        from navigator_tui.screens.retention import RetentionScreen

        if self.cases is not None and not isinstance(self.screen, RetentionScreen):
            self.push_screen(RetentionScreen())

    def action_directory(self) -> None:
        """The service directory: providers to refer survivors to."""
        from navigator_tui.screens.directory import DirectoryScreen

        if self.vault is not None and not isinstance(self.screen, DirectoryScreen):
            self.push_screen(DirectoryScreen())

    def action_activities(self) -> None:
        """The work beyond the caseload: strategic advice, days of action, training."""
        from navigator_tui.screens.activities import ActivitiesScreen

        if self.vault is not None and not isinstance(self.screen, ActivitiesScreen):
            self.push_screen(ActivitiesScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        # Of Textual's own commands only Theme and Quit: "Screenshot" writes the screen,
        # names and phone numbers included, as plain SVG to the Downloads folder.
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Quit"):
                yield command
        if self.vault is None:
            return
        yield SystemCommand("Lock", "Lock the vault now", self.action_lock)
        yield SystemCommand(
            "Toggle discreet mode",
            "Show case references and initials instead of names",
            self.action_toggle_discreet,
        )


    def save_screenshot(self, *_args: Any, **_kwargs: Any) -> str | None:
        """Screenshots are refused: an SVG of the screen is personal data in plain text."""
        self.notify(
            "Screenshots are turned off: they would save the caseload on disk unencrypted.",
            severity="warning",
        )
        return None

    def deliver_screenshot(self, *_args: Any, **_kwargs: Any) -> str | None:
        return self.save_screenshot()


def run_app(
    vault_path: Path, vault: Vault | None = None, demo_passphrase: str | None = None
) -> None:
    """Run the app until the user quits; the vault is closed on the way out."""
    app = NavigatorApp(vault_path, vault, demo_passphrase=demo_passphrase)
    try:
        app.run()
    finally:
        if app.vault is not None:
            app.vault.close()
