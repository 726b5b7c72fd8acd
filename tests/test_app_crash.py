"""An unexpected error in the app ends it with one sentence, never a traceback with locals."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseload.vault import Vault
from navigator_tui.app import NavigatorApp
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

CANARY = "ZZCRASHCANARY"


async def test_a_crash_shows_one_sentence_and_no_personal_data(
    vault_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    app = NavigatorApp(vault_path, vault, settings_file=vault_path.parent / "settings.json")

    def explode() -> None:
        secret_name = CANARY  # a local variable Textual's traceback would have printed
        raise RuntimeError(f"boom near {len(secret_name)} characters")

    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await pilot.pause()
            app.call_later(explode)
            await pilot.pause(0.2)
    out, err = capfd.readouterr()
    assert CANARY not in out + err
    assert "Traceback" not in out + err
    assert "unexpected problem (RuntimeError)" in out + err
