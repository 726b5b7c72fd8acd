"""Unlock screen: wrong then right passphrase, recovery key, growing delay, no freeze."""

from __future__ import annotations

import threading
from pathlib import Path

from textual import events
from textual.widgets import Input, Static

from caseload.vault import Vault
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.today import TodayScreen
from navigator_tui.screens.unlock import UnlockScreen
from storage import vault as vault_module
from tests.app_support import (
    PASSPHRASE,
    SIZE,
    TODAY,
    loaded,
    make_vault,
    make_vault_with_key,
    screen_text,
    wait_for,
)


def status(app: NavigatorApp) -> str:
    return str(app.screen.query_one("#unlock-status", Static).render())


async def test_wrong_then_right_passphrase(vault_path: Path) -> None:
    make_vault(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#passphrase", Input)
        assert field.password  # masked
        await pilot.press(*"wrong", "enter")
        await wait_for(pilot, lambda: "Wrong passphrase" in status(app))
        assert app.vault is None
        assert field.value == ""  # the typed secret does not stay in the field
        await pilot.press(*PASSPHRASE, "enter")
        await loaded(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.vault is not None and app.cases is not None and len(app.cases) == 3


async def test_unlocking_runs_in_a_worker_and_shows_progress(vault_path: Path, monkeypatch) -> None:
    make_vault(vault_path)
    release = threading.Event()
    real_open = vault_module.Vault.open.__func__  # type: ignore[attr-defined]

    def slow_open(cls, *args, **kwargs):  # noqa: ANN001, ANN202
        release.wait(10)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(vault_module.Vault, "open", classmethod(slow_open))
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await pilot.pause(0.1)
        # The key derivation is still running, yet the UI answers.
        assert status(app) == "Unlocking..."
        assert app.screen.query_one("#passphrase", Input).disabled
        await pilot.press("f1")
        await pilot.pause(0.05)
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        release.set()
        await loaded(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_recovery_key_path(vault_path: Path) -> None:
    recovery = make_vault_with_key(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        recovery_field = app.screen.query_one("#recovery-key", Input)
        assert recovery_field.has_focus
        recovery_field.post_message(events.Paste(recovery))  # pasted, as people do
        await pilot.pause()
        # Masked like the passphrase until shown on purpose (ctrl+e), then hidden again.
        start = recovery[:14]  # the first three groups of four
        assert start not in app.export_screenshot()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert start in app.export_screenshot()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert start not in app.export_screenshot()
        await pilot.press("enter")
        await loaded(pilot)
        assert app.vault is not None


async def test_growing_delay_after_repeated_failures(vault_path: Path) -> None:
    make_vault(vault_path)
    # Long enough that a loaded machine still sees the field disabled before the delay ends.
    app = NavigatorApp(vault_path, today=TODAY, unlock_delay_base=1.5)
    async with app.run_test(size=SIZE) as pilot:
        field = app.screen.query_one("#passphrase", Input)
        for attempt in (1, 2):
            await pilot.press(*f"wrong {attempt}", "enter")
            await wait_for(pilot, lambda n=attempt: app.unlock_failures == n)
            assert not field.disabled  # no delay after the first two failures
        await pilot.press(*"wrong 3", "enter")
        await wait_for(pilot, lambda: app.unlock_failures == 3)
        assert field.disabled and "wait" in status(app)
        assert app.unlock_delay() == 1.5
        await wait_for(pilot, lambda: not field.disabled, timeout=10)
        await pilot.press(*"wrong 4", "enter")
        await wait_for(pilot, lambda: app.unlock_failures == 4)
        assert app.unlock_delay() == 3.0  # doubles
        await wait_for(pilot, lambda: not field.disabled, timeout=10)
        await pilot.press(*PASSPHRASE, "enter")
        await loaded(pilot)
        assert app.unlock_failures == 0


DEMO_PASSPHRASE = "amber-comet-thistle-maple-07"


def demo_line(app: NavigatorApp) -> str | None:
    found = app.screen.query("#unlock-demo")
    return str(found.first(Static).render()) if found else None


async def test_a_demo_vault_shows_its_passphrase_after_the_auto_lock(vault_path: Path) -> None:
    """As `navigator demo` starts it: unlocked, with the passphrase the demo chose. After
    the idle lock the unlock screen says it, and typing what it says unlocks."""
    from demo.generator import write_demo_vault
    from navigator_tui.settings import Settings
    from storage.vault_format import TEST_KDF

    demo_path = vault_path.with_name("demo.vault")
    write_demo_vault(demo_path, DEMO_PASSPHRASE, survivors=3, today=TODAY, kdf=TEST_KDF)
    app = NavigatorApp(
        demo_path,
        Vault.open(demo_path, DEMO_PASSPHRASE),
        settings=Settings(idle_timeout=1.0),
        today=TODAY,
        demo_passphrase=DEMO_PASSPHRASE,
    )
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), timeout=10)
        await pilot.pause()
        assert demo_line(app) == f"Demo vault: the passphrase is {DEMO_PASSPHRASE}"
        assert DEMO_PASSPHRASE in screen_text(app)
        await pilot.press(*DEMO_PASSPHRASE, "enter")
        await loaded(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_a_real_vault_never_shows_a_passphrase(vault_path: Path) -> None:
    """Started locked, and locked again after an unlock: no demo line, nothing typed shown."""
    make_vault(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        assert demo_line(app) is None
        await pilot.press(*PASSPHRASE, "enter")
        await loaded(pilot)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.pause()
        assert demo_line(app) is None
        text = screen_text(app)
        assert "Demo vault" not in text and PASSPHRASE not in text
