"""Older copies, swapped vaults, altered headers and synchronised folders, through the
``navigator`` command (Typer's runner): each gets one sentence and its exit code, and a
command that would save refuses an older copy unless told --accept-older-copy."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner, Result

from caseload.models import Survivor
from caseload.vault import Vault
from exports.import_survivors import COLUMNS
from navigator_tui.cli import app
from storage import backups
from storage import vault_format as fmt
from tests.conftest import PASSPHRASE

runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE, "NAVIGATOR_INSECURE_TEST_KDF": "1"}


def _run(vault: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, ["--vault", str(vault), *args], env=env or ENV)


def _csv(tmp_path: Path, ref: str) -> Path:
    data = tmp_path / f"{ref}.csv"
    names = [c.name for c in COLUMNS if c.required]
    data.write_text(",".join(names) + f"\r\n{ref},Testa,Example,,,female,,labour,nrm,Testshire,"
                    "2024-01-01,open\r\n", encoding="utf-8")
    return data


def _refs(vault_path: Path) -> list[str]:
    with Vault.open(vault_path, PASSPHRASE) as vault, vault.session() as s:
        return sorted(x.case_ref for x in s.exec(select(Survivor)))


@pytest.fixture
def older_copy(vault_path: Path, tmp_path: Path) -> Path:
    """A vault with three imports, then the file as it was after the first put back (the
    last import is lost with the file it was in; the second is in a backup)."""
    assert _run(vault_path, "init").exit_code == 0
    assert _run(vault_path, "import", "survivors", str(_csv(tmp_path, "OLD-1"))).exit_code == 0
    shutil.copyfile(vault_path, tmp_path / "copy.vault")
    assert _run(vault_path, "import", "survivors", str(_csv(tmp_path, "NEW-2"))).exit_code == 0
    assert _run(vault_path, "import", "survivors", str(_csv(tmp_path, "NEW-3"))).exit_code == 0
    shutil.copyfile(tmp_path / "copy.vault", vault_path)
    return vault_path


def _one_sentence(result: Result) -> str:
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_check_exits_6_naming_what_happened_and_what_to_do(older_copy: Path) -> None:
    result = _run(older_copy, "check")
    assert result.exit_code == 6, result.output
    message = _one_sentence(result)
    assert "older copy" in message and "--accept-older-copy" in message
    assert "restore --list" in message
    assert "All good" not in result.stdout


def test_a_saving_command_refuses_an_older_copy_and_changes_nothing(
    older_copy: Path, tmp_path: Path
) -> None:
    before = older_copy.read_bytes()
    result = _run(older_copy, "import", "survivors", str(_csv(tmp_path, "LOST-3")))
    assert result.exit_code == 6, result.output
    message = _one_sentence(result)
    assert "Nothing was changed" in message and "--accept-older-copy" in message
    assert older_copy.read_bytes() == before
    # The first save no longer raises the generation back past the lost saves: still 6.
    assert _run(older_copy, "check").exit_code == 6


def test_accepting_the_older_copy_is_remembered(older_copy: Path, tmp_path: Path) -> None:
    result = _run(
        older_copy, "import", "survivors", str(_csv(tmp_path, "KEPT-3")), "--accept-older-copy"
    )
    assert result.exit_code == 0, result.output
    assert "Kept as the vault" in result.stderr
    assert _refs(older_copy) == ["KEPT-3", "OLD-1"]
    check = _run(older_copy, "check")
    assert check.exit_code == 0 and check.stderr == "" and "All good." in check.stdout


def test_check_can_accept_the_copy_too(older_copy: Path) -> None:
    assert _run(older_copy, "check", "--accept-older-copy").exit_code == 0
    assert _run(older_copy, "check").exit_code == 0


def test_exports_warn_and_go_on(older_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = _run(older_copy, "export", "monthly", "--month", "2024-01", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "older copy" in _one_sentence(result) and out.exists()


def test_restoring_the_newest_backup_ends_it(older_copy: Path) -> None:
    newest = max(backups.list_backups(older_copy), key=lambda b: b.generation)
    restored = _run(older_copy, "restore", "--from", str(newest.path), "--yes")
    assert restored.exit_code == 0, restored.output
    assert _refs(older_copy) == ["NEW-2", "OLD-1"]
    assert _run(older_copy, "check").exit_code == 0


def test_a_different_vault_copied_into_place(vault_path: Path, tmp_path: Path) -> None:
    assert _run(vault_path, "init").exit_code == 0
    assert _run(vault_path, "import", "survivors", str(_csv(tmp_path, "OURS-1"))).exit_code == 0
    other = tmp_path / "other" / "caseload.vault"
    assert _run(other, "init").exit_code == 0
    shutil.copyfile(other, vault_path)
    result = _run(vault_path, "check")
    assert result.exit_code == 6, result.output
    assert "different vault" in result.stderr.splitlines()[0]
    refused = _run(vault_path, "import", "survivors", str(_csv(tmp_path, "THEIRS")))
    assert refused.exit_code == 6 and "different vault" in refused.stderr


# --- honest diagnosis of an altered header ---------------------------------------------


def _rewrite_header(path: Path, change: object) -> None:
    """Change the header JSON and recompute the unkeyed checksum, as an attacker can."""
    blob = path.read_bytes()
    _, version, header_len = fmt.PREFIX.unpack_from(blob, 0)
    end = fmt.PREFIX.size + header_len
    header = json.loads(blob[fmt.PREFIX.size : end])
    change(header)  # type: ignore[operator]
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    prefix = fmt.PREFIX.pack(fmt.MAGIC, version, len(raw)) + raw
    path.write_bytes(prefix + hashlib.sha256(prefix).digest() + blob[end + fmt.CHECKSUM_SIZE :])


def _init_with_key(vault_path: Path) -> str:
    result = _run(vault_path, "init")
    assert result.exit_code == 0
    return next(line.strip() for line in result.stdout.splitlines() if line.count("-") == 7)


def _flip_hex(value: str) -> str:
    return ("0" if value[0] != "0" else "1") + value[1:]


def test_an_altered_passphrase_slot_reads_as_wrong_passphrase_and_says_what_tells(
    vault_path: Path,
) -> None:
    key = _init_with_key(vault_path)

    def alter(header: dict) -> None:  # type: ignore[type-arg]
        slot = next(s for s in header["slots"] if s["kind"] == "passphrase")
        slot["wrapped_key"] = _flip_hex(slot["wrapped_key"])

    _rewrite_header(vault_path, alter)
    result = _run(vault_path, "check")
    assert result.exit_code == 3
    message = _one_sentence(result)
    assert "Wrong passphrase" in message and "recovery key" in message
    assert "altered" in message
    # The recovery key tells them apart: it unwraps the data key, but the header it
    # authenticates was altered, so this is tampering (exit 4), not a forgotten passphrase.
    recovered = _run(vault_path, "recover", env={**ENV, "NAVIGATOR_RECOVERY_KEY": key,
                                                  "NAVIGATOR_NEW_PASSPHRASE": "x" * 30})
    assert recovered.exit_code == 4
    assert "damaged or was altered" in _one_sentence(recovered)


def test_a_forgotten_passphrase_is_told_apart_by_the_recovery_key(vault_path: Path) -> None:
    key = _init_with_key(vault_path)
    wrong = _run(vault_path, "check", env={**ENV, "NAVIGATOR_PASSPHRASE": "not it at all"})
    assert wrong.exit_code == 3 and "recovery key opens it too" in _one_sentence(wrong)
    with Vault.open(vault_path, recovery_key=key):
        pass  # the file is sound: the passphrase was the problem


def test_an_altered_vault_id_refuses_both_secrets_and_says_it_was_altered(
    vault_path: Path,
) -> None:
    key = _init_with_key(vault_path)
    _rewrite_header(vault_path, lambda h: h.update(vault_id=_flip_hex(h["vault_id"])))
    assert _run(vault_path, "check").exit_code == 3
    result = _run(vault_path, "recover", env={**ENV, "NAVIGATOR_RECOVERY_KEY": key,
                                                "NAVIGATOR_NEW_PASSPHRASE": "x" * 30})
    assert result.exit_code == 3
    message = _one_sentence(result)
    assert "does not unlock" in message and "altered" in message and "restore" in message


def test_an_altered_payload_once_unlocked_is_damage(vault_path: Path) -> None:
    _init_with_key(vault_path)
    blob = bytearray(vault_path.read_bytes())
    blob[-20] ^= 0x01
    vault_path.write_bytes(bytes(blob))
    result = _run(vault_path, "check")
    assert result.exit_code == 4 and "damaged or was altered" in _one_sentence(result)


def test_an_altered_version_field_is_damage(vault_path: Path) -> None:
    _init_with_key(vault_path)
    blob = bytearray(vault_path.read_bytes())
    blob[9] += 1  # the low byte of the version
    end = fmt.PREFIX.size + fmt.PREFIX.unpack_from(blob, 0)[2]
    blob[end : end + fmt.CHECKSUM_SIZE] = hashlib.sha256(blob[:end]).digest()
    vault_path.write_bytes(bytes(blob))
    result = _run(vault_path, "check")
    assert result.exit_code == 4, result.output
    assert "damaged or was altered" in _one_sentence(result)


# --- synchronised folders ---------------------------------------------------------------


def test_init_in_a_synchronised_folder_warns(tmp_path: Path) -> None:
    path = tmp_path / "Dropbox" / "work" / "caseload.vault"
    result = _run(path, "init")
    assert result.exit_code == 0
    assert "Dropbox synchronises" in result.stderr and "move the vault" in result.stderr
    check = _run(path, "check")
    assert check.exit_code == 0 and "Dropbox synchronises" in check.stderr


def test_onedrive_variable_is_recognised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import synced_folders

    root = tmp_path / "Work files"  # a OneDrive folder renamed by the organisation
    monkeypatch.setenv("OneDriveCommercial", str(root))
    assert synced_folders.service_for(root / "sub" / "caseload.vault") == "OneDrive"
    assert synced_folders.service_for(tmp_path / "elsewhere" / "caseload.vault") is None
