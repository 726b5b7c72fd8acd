"""The encrypted vault: round trips, wrong keys, damage, safe saves, locking, backups."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import stat
import struct
from pathlib import Path

import pytest
from sqlmodel import select

from caseload import migrations
from caseload.errors import (
    SaveFailed,
    VaultChangedOnDisk,
    VaultDamaged,
    VaultExists,
    VaultInUse,
    VaultTooNew,
    WrongPassphrase,
)
from caseload.models import Survivor
from caseload.vault import Vault
from storage import backups, safe_io
from storage import vault_format as fmt
from storage.vault import read_header
from tests.conftest import PASSPHRASE


def _add_survivor(vault: Vault, ref: str = "NAV-TEST1", name: str = "Alder Example") -> None:
    with vault.session() as s:
        s.add(Survivor(case_ref=ref, given_name=name, intake_date=dt.date(2026, 1, 5)))
        s.commit()


def _refs(vault: Vault) -> list[str]:
    with vault.session() as s:
        return sorted(s.exec(select(Survivor.case_ref)).all())


def test_round_trip_with_non_ascii_passphrase(vault_path: Path) -> None:
    passphrase = "Ŝtörmý nïght – 雨の夜 – 🌧️ pass"
    vault, _ = Vault.create(vault_path, passphrase, fmt.TEST_KDF)
    _add_survivor(vault, name="Żółw Exämple")
    vault.save()
    vault.close()
    with Vault.open(vault_path, passphrase) as reopened:
        with reopened.session() as s:
            names = s.exec(select(Survivor.given_name)).all()
    assert names == ["Żółw Exämple"]


def test_file_is_not_plaintext_sqlite(new_vault: Vault, vault_path: Path) -> None:
    _add_survivor(new_vault, name="Plaintextcanary")
    new_vault.save()
    blob = vault_path.read_bytes()
    assert blob.startswith(fmt.MAGIC)
    assert b"SQLite format" not in blob
    assert b"Plaintextcanary" not in blob


def test_wrong_passphrase_is_refused_and_file_unchanged(new_vault: Vault, vault_path: Path) -> None:
    _add_survivor(new_vault)
    new_vault.save()
    new_vault.close()
    before = vault_path.read_bytes()
    with pytest.raises(WrongPassphrase) as info:
        Vault.open(vault_path, "not the passphrase at all")
    assert info.value.exit_code == 3
    assert vault_path.read_bytes() == before


def _value_offset(blob: bytes, start: int, key: str) -> int:
    """Offset of the first character of the JSON value of ``key``, searched from ``start``."""
    return blob.index(f'"{key}":'.encode(), start) + len(key) + 3


def _locate_parts(blob: bytes) -> dict[str, int]:
    """Byte offsets, one inside each part of a vault file (see storage.vault_format)."""
    _, _, header_len = fmt.PREFIX.unpack_from(blob, 0)
    header = json.loads(blob[fmt.PREFIX.size : fmt.PREFIX.size + header_len])
    end = fmt.PREFIX.size + header_len
    parts = {
        "magic": 2,
        "version": 9,
        "header_length": 12,
        "header_json": fmt.PREFIX.size + 3,
        "generation": _value_offset(blob, 0, "generation"),
        "payload_length": _value_offset(blob, 0, "payload_length") + 1,
        "payload_nonce": _value_offset(blob, 0, "payload_nonce") + 3,
        "vault_id": _value_offset(blob, 0, "vault_id") + 3,
        "checksum": end + 5,
        "payload": end + 32 + (len(blob) - end - 32) // 2,
        "tag": len(blob) - 3,
    }
    for slot in header["slots"]:
        kind = slot["kind"]
        start = blob.index(f'"kind":"{kind}"'.encode())
        slot_start = blob.rindex(b"{", 0, blob.rindex(b'"kdf":', 0, start))
        parts[f"slot_{kind}_kdf"] = _value_offset(blob, slot_start, "name") + 2
        for field in ("nonce", "salt", "wrapped_key"):
            parts[f"slot_{kind}_{field}"] = _value_offset(blob, start, field) + 5
        if kind == "passphrase":
            parts["slot_passphrase_kdf_memory"] = _value_offset(blob, slot_start, "memory_kib")
    return parts


def test_flipped_byte_in_every_part_is_reported_as_damage(
    new_vault: Vault, vault_path: Path
) -> None:
    """Each part of the file, flipped on its own: always exit 4 (damage), never exit 3.

    The version field too: the checksum is checked before the version is believed, so a
    flipped version byte is damage, not "written by a newer Navigator".
    """
    _add_survivor(new_vault)
    new_vault.save()
    new_vault.close()
    good = vault_path.read_bytes()
    parts = _locate_parts(good)
    assert len(set(parts.values())) == len(parts), "each part is hit at its own offset"
    for kind in ("passphrase", "recovery"):
        assert {f"slot_{kind}_{f}" for f in ("kdf", "nonce", "salt", "wrapped_key")} <= set(parts)
    for part, offset in parts.items():
        for mask in (0x01, 0x80):
            damaged = bytearray(good)
            damaged[offset] ^= mask
            vault_path.write_bytes(bytes(damaged))
            with pytest.raises(VaultDamaged) as info:
                Vault.open(vault_path, PASSPHRASE)
            assert info.value.exit_code == 4, part
            assert vault_path.read_bytes() == bytes(damaged), "a refused file is left as it is"
    vault_path.write_bytes(good)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert _refs(vault) == ["NAV-TEST1"]


def test_tampered_header_with_recomputed_checksum_is_refused(
    new_vault: Vault, vault_path: Path
) -> None:
    """The checksum is not a secret: the header is also authenticated by the payload's tag."""
    new_vault.save()
    new_vault.close()
    blob = vault_path.read_bytes()
    _, version, header_len = fmt.PREFIX.unpack_from(blob, 0)
    header = json.loads(blob[fmt.PREFIX.size : fmt.PREFIX.size + header_len])
    header["generation"] += 100
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    prefix = fmt.PREFIX.pack(fmt.MAGIC, version, len(raw)) + raw
    rest = blob[fmt.PREFIX.size + header_len + 32 :]
    vault_path.write_bytes(prefix + hashlib.sha256(prefix).digest() + rest)
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE)


def test_truncation_at_many_lengths_is_damage(new_vault: Vault, vault_path: Path) -> None:
    _add_survivor(new_vault)
    new_vault.save()
    new_vault.close()
    good = vault_path.read_bytes()
    lengths = sorted({0, 1, 7, 8, 13, 14, 100, 200, len(good) // 2, len(good) - 17, len(good) - 1})
    lengths += list(range(0, len(good), max(1, len(good) // 40)))
    for length in lengths:
        vault_path.write_bytes(good[:length])
        with pytest.raises(VaultDamaged):
            Vault.open(vault_path, PASSPHRASE)
    vault_path.write_bytes(good + b"\x00")
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE)


def _with_version(blob: bytes, version: int, header_extra: dict[str, object]) -> bytes:
    """The file with another version field and header keys, its checksum recomputed (as a
    newer Navigator, or someone who knows the unkeyed checksum, would write it)."""
    _, _, header_len = fmt.PREFIX.unpack_from(blob, 0)
    header = json.loads(blob[fmt.PREFIX.size : fmt.PREFIX.size + header_len])
    raw = json.dumps({**header, **header_extra}, sort_keys=True, separators=(",", ":")).encode()
    prefix = fmt.PREFIX.pack(fmt.MAGIC, version, len(raw)) + raw
    rest = blob[fmt.PREFIX.size + header_len + fmt.CHECKSUM_SIZE :]
    return prefix + hashlib.sha256(prefix).digest() + rest


def test_newer_format_version_is_refused_clearly(new_vault: Vault, vault_path: Path) -> None:
    new_vault.close()
    newer = fmt.FORMAT_VERSION + 1
    # A newer format names its version inside its header too (the rule later formats keep).
    vault_path.write_bytes(_with_version(vault_path.read_bytes(), newer, {"format": newer}))
    with pytest.raises(VaultTooNew, match="newer version of Navigator"):
        Vault.open(vault_path, PASSPHRASE)


def test_altered_version_field_is_damage_not_a_newer_format(
    new_vault: Vault, vault_path: Path
) -> None:
    """Only the version field changed, its checksum recomputed: the header it vouches for
    does not say that version, so the file is damaged or altered (exit 4), not newer."""
    new_vault.close()
    blob = bytearray(vault_path.read_bytes())
    struct.pack_into(">H", blob, 8, fmt.FORMAT_VERSION + 1)
    end = fmt.PREFIX.size + fmt.PREFIX.unpack_from(blob, 0)[2]
    blob[end : end + fmt.CHECKSUM_SIZE] = hashlib.sha256(blob[:end]).digest()
    vault_path.write_bytes(bytes(blob))
    with pytest.raises(VaultDamaged, match="version field does not match") as caught:
        Vault.open(vault_path, PASSPHRASE)
    assert caught.value.exit_code == 4


def test_hostile_kdf_parameters_are_refused_before_deriving(
    new_vault: Vault, vault_path: Path
) -> None:
    new_vault.close()
    blob = vault_path.read_bytes()
    _, version, header_len = fmt.PREFIX.unpack_from(blob, 0)
    header = json.loads(blob[fmt.PREFIX.size : fmt.PREFIX.size + header_len])
    header["slots"][0]["kdf"]["memory_kib"] = 64 * 1024 * 1024  # 64 GiB
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    prefix = fmt.PREFIX.pack(fmt.MAGIC, version, len(raw)) + raw
    rest = blob[fmt.PREFIX.size + header_len + 32 :]
    vault_path.write_bytes(prefix + hashlib.sha256(prefix).digest() + rest)
    with pytest.raises(VaultDamaged, match="out of range"):
        Vault.open(vault_path, PASSPHRASE)


def test_generation_increases_and_backups_are_kept(new_vault: Vault, vault_path: Path) -> None:
    start = new_vault.generation
    for i in range(3):
        _add_survivor(new_vault, ref=f"NAV-G{i}")
        new_vault.save()
    assert new_vault.generation == start + 3
    assert read_header(vault_path).generation == start + 3
    kept = backups.list_backups(vault_path)
    assert [b.generation for b in kept[:3]] == [start + 2, start + 1, start]
    for b in kept:
        assert new_vault.verify_file(b.path).generation == b.generation
        assert b"NAV-G" not in b.path.read_bytes()


def _three_a_day_for_forty_days(vault_path: Path, now: dt.datetime, data: bytes) -> int:
    gen = 0
    for day in range(40, 0, -1):  # oldest first
        for hour in (9, 12, 15):
            gen += 1
            taken = now - dt.timedelta(days=day) + dt.timedelta(hours=hour - 12)
            backups.take_backup(vault_path, data, gen, now=taken)
    return gen


def test_backup_retention_keeps_the_last_few_and_one_a_day_and_a_week(tmp_path: Path) -> None:
    vault_path = tmp_path / "caseload.vault"
    now = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
    gen = _three_a_day_for_forty_days(vault_path, now, b"x")
    backups.rotate(vault_path, now)
    kept = {b.generation for b in backups.list_backups(vault_path)}
    last_four = set(range(gen - 3, gen + 1))

    def newest_of_day(days_ago: int) -> int:  # the 15:00 backup
        return gen - 3 * (days_ago - 1)

    each_day = {newest_of_day(d) for d in (1, 2)}  # today has none: days 0-2
    each_week = {newest_of_day(d) for d in (1, 7, 14)}  # the newest of weeks 0, 1 and 2
    assert kept == last_four | each_day | each_week
    assert len(kept) <= backups.KEEP_LAST + backups.KEEP_DAYS + backups.KEEP_WEEKS


def test_backups_never_take_more_than_ten_times_the_vault(tmp_path: Path) -> None:
    """A vault that shrank (a retention deletion) keeps fewer of its large old copies;
    the newest is always kept."""
    vault_path = tmp_path / "caseload.vault"
    now = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
    gen = _three_a_day_for_forty_days(vault_path, now, b"x" * 300)
    vault_path.write_bytes(b"v" * 100)
    backups.rotate(vault_path, now)
    kept = backups.list_backups(vault_path)
    assert sum(b.path.stat().st_size for b in kept) <= backups.MAX_TOTAL_RATIO * 100
    assert [b.generation for b in kept] == [gen, gen - 1, gen - 2]  # newest first
    vault_path.write_bytes(b"v")  # even far smaller: the newest backup stays
    backups.rotate(vault_path, now)
    assert [b.generation for b in backups.list_backups(vault_path)] == [gen]


def test_save_refuses_to_overwrite_a_vault_changed_on_disk(vault_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    _add_survivor(vault)
    vault.save()
    stale = vault_path.read_bytes()
    vault.save()
    newer = vault_path.read_bytes()
    vault_path.write_bytes(stale)  # someone copied an older vault over it
    with pytest.raises(VaultChangedOnDisk):
        vault.save()
    assert vault_path.read_bytes() == stale
    vault.close()
    assert newer != stale


def test_full_disk_part_way_through_a_write_leaves_the_vault_intact(
    new_vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_survivor(new_vault, ref="NAV-OLD1")
    new_vault.save()
    before = vault_path.read_bytes()
    _add_survivor(new_vault, ref="NAV-NEW1")

    real_write = safe_io.os.write
    written = {"n": 0}

    def write_then_fill_up(fd: int, data: memoryview | bytes) -> int:
        if written["n"] >= 512:
            raise OSError(errno.ENOSPC, "No space left on device")
        chunk = bytes(data[:256])
        written["n"] += len(chunk)
        return real_write(fd, chunk)

    monkeypatch.setattr(safe_io.os, "write", write_then_fill_up)
    with pytest.raises(SaveFailed, match="disk is full"):
        new_vault.save()
    monkeypatch.setattr(safe_io.os, "write", real_write)

    assert vault_path.read_bytes() == before
    assert safe_io.stale_temp_files(vault_path) == []
    # The caseload is still in memory, so saving again once there is space works.
    new_vault.save()
    new_vault.close()
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert _refs(vault) == ["NAV-NEW1", "NAV-OLD1"]


def test_stale_temp_files_are_cleaned_at_open(new_vault: Vault, vault_path: Path) -> None:
    new_vault.save()
    new_vault.save()
    new_vault.close()
    stale = safe_io.temp_name(vault_path)
    stale.write_bytes(b"half a vault")
    unrelated = vault_path.with_name("notes.txt")
    unrelated.write_text("keep me")
    backup_stale = safe_io.temp_name(backups.backup_dir(vault_path) / "caseload-g3-x.vault")
    backup_stale.write_bytes(b"half a backup")
    kept = backups.list_backups(vault_path)
    assert kept  # the real backups must survive the clean-up
    with Vault.open(vault_path, PASSPHRASE):
        pass
    assert not stale.exists()
    assert not backup_stale.exists()
    assert unrelated.exists()
    assert backups.list_backups(vault_path) == kept


def test_an_existing_folder_keeps_its_permissions(tmp_path: Path) -> None:
    """A vault put straight into a home or documents folder leaves that folder as it was."""
    if safe_io.IS_WINDOWS:  # pragma: no cover - POSIX modes only
        pytest.skip("Windows relies on profile-folder ACLs")
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    vault, _ = Vault.create(home / "caseload.vault", PASSPHRASE, kdf=fmt.TEST_KDF)
    vault.save()
    vault.close()
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    assert backups.backup_dir(home / "caseload.vault").stat().st_mode & 0o077 == 0
    assert (home / "caseload.vault").stat().st_mode & 0o077 == 0


def test_a_second_open_of_the_same_vault_is_refused(new_vault: Vault, vault_path: Path) -> None:
    with pytest.raises(VaultInUse) as info:
        Vault.open(vault_path, PASSPHRASE)
    assert info.value.exit_code == 5
    new_vault.close()
    with Vault.open(vault_path, PASSPHRASE):
        pass


def test_create_refuses_to_overwrite(new_vault: Vault, vault_path: Path) -> None:
    new_vault.close()
    before = vault_path.read_bytes()
    with pytest.raises(VaultExists):
        Vault.create(vault_path, "another long passphrase", fmt.TEST_KDF)
    assert vault_path.read_bytes() == before


def test_passphrase_change_and_recovery_key(vault_path: Path) -> None:
    vault, recovery = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    _add_survivor(vault)
    vault.save()
    size_before = len(vault_path.read_bytes())
    vault.change_passphrase("a brand new long passphrase")
    vault.close()
    assert len(vault_path.read_bytes()) == size_before
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)
    with Vault.open(vault_path, "a brand new long passphrase") as v:
        assert _refs(v) == ["NAV-TEST1"]
    assert len(recovery.split("-")) == 8
    with Vault.open(vault_path, recovery_key=recovery.lower().replace("-", " ")) as v:
        assert _refs(v) == ["NAV-TEST1"]
        v.change_passphrase("forgotten and replaced passphrase")
    with Vault.open(vault_path, "forgotten and replaced passphrase") as v:
        assert _refs(v) == ["NAV-TEST1"]
    wrong = fmt.format_recovery_key(fmt.new_recovery_key())
    with pytest.raises(WrongPassphrase, match="recovery key"):
        Vault.open(vault_path, recovery_key=wrong)
    with pytest.raises(WrongPassphrase, match="not a recovery key"):
        Vault.open(vault_path, recovery_key="ABCD-EFGH")


def test_production_kdf_is_the_default_and_meets_the_floor(tmp_path: Path) -> None:
    """The one test that pays for the real Argon2 parameters (about a second)."""
    import inspect

    assert inspect.signature(Vault.create).parameters["kdf"].default is fmt.PRODUCTION_KDF
    p = fmt.PRODUCTION_KDF
    assert p.memory_kib >= 64 * 1024 and p.iterations >= 3 and p.lanes >= 4
    path = tmp_path / "prod.vault"
    vault, _ = Vault.create(path, PASSPHRASE)
    vault.close()
    slot = read_header(path).slot("passphrase")
    assert slot.kdf == fmt.PRODUCTION_KDF
    with Vault.open(path, PASSPHRASE):
        pass


def test_owner_only_permissions(new_vault: Vault, vault_path: Path) -> None:
    if safe_io.IS_WINDOWS:  # pragma: no cover - POSIX modes only
        pytest.skip("Windows relies on profile-folder ACLs")
    new_vault.save()
    assert vault_path.stat().st_mode & 0o077 == 0
    assert vault_path.parent.stat().st_mode & 0o077 == 0
    assert backups.backup_dir(vault_path).stat().st_mode & 0o077 == 0
    for b in backups.list_backups(vault_path):
        assert b.path.stat().st_mode & 0o077 == 0


def test_pragmas_are_on(new_vault: Vault) -> None:
    with new_vault.session() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2


def test_newer_schema_is_refused(
    new_vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with new_vault.session() as s:
        s.connection().exec_driver_sql(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
        s.commit()
    new_vault.save()
    new_vault.close()
    with pytest.raises(VaultTooNew, match="newer version"):
        Vault.open(vault_path, PASSPHRASE)


def test_older_schema_is_backed_up_then_migrated(
    new_vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_survivor(new_vault)
    new_vault.save()
    new_vault.close()
    generation = read_header(vault_path).generation
    current = migrations.SCHEMA_VERSION

    def add_column(con: object) -> None:
        con.execute("ALTER TABLE survivor ADD COLUMN pronouns VARCHAR DEFAULT ''")  # type: ignore[attr-defined]

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, current, add_column)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert vault.migrated_from == current
        assert vault.schema_version == current + 1
        with vault.session() as s:
            cols = [r[1] for r in s.connection().exec_driver_sql("PRAGMA table_info(survivor)")]
        assert "pronouns" in cols
        assert _refs(vault) == ["NAV-TEST1"]
        pre = [b for b in backups.list_backups(vault_path) if b.generation == generation]
        assert pre, "a backup of the unmigrated vault is kept"


def test_a_vault_replaced_by_an_older_copy_is_noticed_at_open(vault_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    vault.save()
    older = vault_path.read_bytes()
    vault.save()
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert reopened.copy_warning is None
    vault_path.write_bytes(older)
    with Vault.open(vault_path, PASSPHRASE) as rolled_back:
        assert rolled_back.copy_warning is not None
        assert "older copy" in rolled_back.copy_warning.happened
