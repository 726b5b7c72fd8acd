"""The save's streaming path: the file written a piece at a time, read back and
authenticated a chunk at a time, and backup retention applied after the save."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest

from caseload.errors import SaveFailed, VaultDamaged
from caseload.models import Survivor
from caseload.vault import Vault
from storage import backups, safe_io
from storage import vault_format as fmt
from storage.vault import unlock_bytes
from tests.conftest import PASSPHRASE

KEY = bytes(range(32))


def _header() -> fmt.Header:
    return fmt.Header(
        vault_id=b"v" * 16, generation=7, slots=(fmt.recovery_slot(KEY, b"v" * 16, b"r" * 20),)
    )


def _pieces_file(plaintext: bytes) -> tuple[fmt.Header, bytes]:
    header, pieces = fmt.encode_pieces(_header(), KEY, plaintext)
    return header, b"".join(bytes(p) for p in pieces)  # copied: the views are reused


@pytest.mark.parametrize("size", [1, fmt.CHUNK_SIZE, 2 * fmt.CHUNK_SIZE + 5])
def test_pieces_make_a_file_the_ordinary_reader_opens(size: int) -> None:
    plaintext = os.urandom(size)
    header, blob = _pieces_file(plaintext)
    parsed = fmt.parse(blob)
    assert parsed.header == header
    assert fmt.decrypt_payload(parsed, KEY) == plaintext
    fmt.verify_stream(io.BytesIO(blob), KEY, header, len(blob))


def test_verify_stream_rejects_any_changed_byte_truncation_or_other_file() -> None:
    header, blob = _pieces_file(os.urandom(fmt.CHUNK_SIZE + 100))
    for offset in (20, len(blob) // 2, len(blob) - 1):  # header, ciphertext, tag
        damaged = bytearray(blob)
        damaged[offset] ^= 1
        with pytest.raises(VaultDamaged):
            fmt.verify_stream(io.BytesIO(bytes(damaged)), KEY, header, len(damaged))
    with pytest.raises(VaultDamaged):
        fmt.verify_stream(io.BytesIO(blob[:-1]), KEY, header, len(blob) - 1)
    other_header, other = _pieces_file(os.urandom(10))
    with pytest.raises(VaultDamaged):  # a valid file, but not the one this save wrote
        fmt.verify_stream(io.BytesIO(other), KEY, header, len(other))


def test_a_temp_file_damaged_before_the_read_back_is_never_installed(
    new_vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = vault_path.read_bytes()

    def flip_a_payload_byte(step: str, when: str) -> None:
        if (step, when) == ("read_back", "before"):
            (tmp,) = safe_io.stale_temp_files(vault_path)
            data = bytearray(tmp.read_bytes())
            data[-100] ^= 1
            tmp.write_bytes(bytes(data))

    monkeypatch.setattr(safe_io, "fault_hook", flip_a_payload_byte)
    with pytest.raises(SaveFailed, match="did not read back"):
        new_vault.save()
    assert vault_path.read_bytes() == before
    assert not safe_io.stale_temp_files(vault_path)
    monkeypatch.setattr(safe_io, "fault_hook", lambda s, w: None)
    new_vault.save()
    assert (
        unlock_bytes(vault_path.read_bytes(), PASSPHRASE)[0].header.generation
        == new_vault.generation
    )


def test_retention_is_applied_after_saves(new_vault: Vault, vault_path: Path) -> None:
    for i in range(backups.KEEP_LAST + 4):
        with new_vault.session() as s:
            s.add(
                Survivor(
                    case_ref=f"NAV-R{i:03}", given_name="Fictional", intake_date=dt.date(2026, 3, 1)
                )
            )
            s.commit()
        new_vault.save()
    backups.wait_for_rotation()
    kept = backups.list_backups(vault_path)
    # All taken today: the last few (the newest of today and of this week among them).
    assert len(kept) == backups.KEEP_LAST
    assert kept[0].generation == new_vault.generation - 1
    for b in kept:
        assert new_vault.verify_file(b.path).generation == b.generation
