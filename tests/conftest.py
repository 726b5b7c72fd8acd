"""Shared fixtures. Vaults use cheap Argon2 parameters (TEST_KDF) through the real code path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caseload.vault import Vault
from storage import safe_io
from storage.vault_format import TEST_KDF

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user folders: point every per-user folder at tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("NAVIGATOR_STATE_DIR", str(home / "state" / "navigator"))
    monkeypatch.setenv("NAVIGATOR_CONFIG_DIR", str(home / "config" / "navigator"))
    for name in (
        "NAVIGATOR_VAULT",
        "NAVIGATOR_PASSPHRASE",
        "NAVIGATOR_NEW_PASSPHRASE",
        "NAVIGATOR_RECOVERY_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(safe_io, "fault_hook", lambda step, when: None)
    # In-process CLI runs (CliRunner) must not harden the pytest process itself: every
    # child would inherit a hard core limit of 0 that it cannot raise, and
    # tests/test_hostile_process.py (which tests hardening in child processes) could no
    # longer show that it is the hardening that stops core files.
    monkeypatch.setattr("navigator_tui.cli._harden_process", lambda: None)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vaults" / "caseload.vault"


@pytest.fixture
def new_vault(vault_path: Path) -> Iterator[Vault]:
    """A freshly created, empty vault (closed after the test)."""
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    try:
        yield vault
    finally:
        try:
            vault.close()
        except Exception:
            pass
