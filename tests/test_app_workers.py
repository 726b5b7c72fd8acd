"""Workers are described in a few words, never by the repr of their arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.dom import DOMNode

from navigator_tui.app import NavigatorApp
from navigator_tui.screens.caseload_recovery import CaseloadRecoveryScreen
from navigator_tui.screens.unlock import UnlockScreen
from tests.app_support import KNOWN, PASSPHRASE, SIZE, TODAY, loaded, make_vault, wait_for


async def test_no_worker_description_holds_data_or_a_secret(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_vault(vault_path, demo=5)
    descriptions: list[str] = []
    run_worker = DOMNode.run_worker

    def recording(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
        descriptions.append(kwargs.get("description", ""))
        return run_worker(self, *args, **kwargs)

    monkeypatch.setattr(DOMNode, "run_worker", recording)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")  # unlock worker, then the load
        await loaded(pilot)
        app.action_caseload_recovery()  # the caseload figures worker, given every case
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadRecoveryScreen))
        app.save_changes(lambda _session: None, lambda _r: None, lambda _m: None)
        await wait_for(pilot, lambda: not app.saving)
        app.lock_now()  # closing the vault, freeing the caseload
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.pause(0.2)
    names = [part for given, family, preferred, *_ in KNOWN for part in (given, family, preferred)]
    assert len(descriptions) >= 6
    for description in descriptions:
        assert description and len(description) < 40, description
        assert PASSPHRASE not in description
        assert not [name for name in names if name and name in description]
