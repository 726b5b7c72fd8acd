"""Helpers for the app tests: real vaults (TEST_KDF) with a small fictional caseload."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlmodel import Session
from textual import events
from textual.pilot import Pilot

from caseload.case_refs import new_case_ref
from caseload.models import Survivor
from caseload.vault import Vault
from demo.generator import populate
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.confirm import SETTLE_S
from storage.vault_format import TEST_KDF

#: Short, so that typing it through the pilot stays fast (each key press waits a frame).
PASSPHRASE = "pass 1"
TODAY = dt.date(2026, 3, 2)
SIZE = (120, 40)

#: Fictional survivors with names the tests look for on screen.
KNOWN = (
    ("Quillon", "Testcase", "Quill", "Avon and Somerset (demo)", "DC Example"),
    ("Zephyrine", "Placeholder", "", "Kent (demo)", "DS Sample"),
    ("Marigold", "Madeup", "Goldie", "Kent (demo)", "DC Example"),
)


def make_vault(path: Path, demo: int = 0, known: bool = True) -> dict[str, int]:
    """Create a vault at ``path`` holding the KNOWN survivors (and ``demo`` demo ones).

    Returns the ids of the known survivors by given name.
    """
    vault, _recovery = Vault.create(path, PASSPHRASE, TEST_KDF)
    ids: dict[str, int] = {}
    try:
        with vault.session() as session:
            if demo:
                populate(session, demo, 7, TODAY)
            if known:
                for given, family, preferred, force, officer in KNOWN:
                    survivor = Survivor(
                        case_ref=new_case_ref(session),
                        given_name=given,
                        family_name=family,
                        preferred_name=preferred,
                        police_force=force,
                        officer_name=officer,
                        intake_date=TODAY - dt.timedelta(days=30),
                    )
                    session.add(survivor)
                    session.flush()
                    assert survivor.id is not None
                    ids[given] = survivor.id
            session.commit()
        vault.save()
    finally:
        vault.close()
    return ids


def make_vault_with_key(path: Path) -> str:
    vault, recovery = Vault.create(path, PASSPHRASE, TEST_KDF)
    vault.close()
    return recovery


def open_app(path: Path, **kwargs: Any) -> NavigatorApp:
    """An app started unlocked on the vault at ``path`` (as ``navigator demo`` does)."""
    vault = Vault.open(path, PASSPHRASE)
    kwargs.setdefault("today", TODAY)
    return NavigatorApp(path, vault, **kwargs)


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 10.0
) -> None:
    """Let the app run until ``condition()`` is true (workers post back asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


async def loaded(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, NavigatorApp)
    await wait_for(pilot, lambda: app.cases is not None)
    await pilot.pause()


async def answer(pilot: Pilot[Any], key: str) -> None:
    """Answer a confirmation as a person does: after reading it, not amid typing
    (:mod:`navigator_tui.screens.confirm` ignores a key that comes too soon)."""
    await pilot.pause(SETTLE_S + 0.05)
    await pilot.press(key)


def type_fast(app: NavigatorApp, *keys: str) -> None:
    """Deliver keys as a terminal does when typed fast: all queued at once, nothing
    waited for between them (``Pilot.press`` waits for each to be handled)."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


def screen_text(app: NavigatorApp) -> str:
    """Everything currently drawn on the screen (the text of an SVG screenshot)."""
    svg = html.unescape(app.export_screenshot())
    return re.sub(r"<[^>]+>", "", svg).replace("\xa0", " ")


def reopen(path: Path) -> Vault:
    return Vault.open(path, PASSPHRASE)


@contextmanager
def saved_session(path: Path) -> Iterator[Session]:
    """A session on the vault at ``path``: what it adds is committed and saved."""
    vault = reopen(path)
    try:
        with vault.session() as session:
            yield session
            session.commit()
        vault.save()
    finally:
        vault.close()
