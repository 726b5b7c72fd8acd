"""Hostile and broken vault files: every one is refused with exit 4 (damaged) or 3 (cannot
unlock), never another exception, never a hang, never an unbounded allocation.

The reader is exercised at three levels: :func:`storage.vault_format.parse` (structure and
checksum), :func:`storage.vault.unlock_bytes` (keys and authentication) and
:meth:`storage.vault.Vault.open` on real files. Mutations whose checksum is recomputed
(SHA-256 is not a secret, so an attacker can always do that) reach the header decoder and
the key derivation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseload.errors import EXIT_CANNOT_UNLOCK, EXIT_DAMAGED, VaultDamaged, WrongPassphrase
from caseload.models import Survivor
from caseload.vault import Vault
from storage import vault_format as fmt
from storage.vault import unlock_bytes

PASSPHRASE = "hostile input pass phrase"
REFUSALS = (VaultDamaged, WrongPassphrase)

HYPO = settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HYPO_FILES = settings(
    max_examples=40,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def valid() -> Iterator[tuple[bytes, str]]:
    """(bytes of a valid vault holding one fictional survivor, its recovery key)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "caseload.vault"
        vault, recovery = Vault.create(path, PASSPHRASE, fmt.TEST_KDF)
        with vault.session() as s:
            s.add(
                Survivor(
                    case_ref="NAV-HSTL1", given_name="Fictional", intake_date=dt.date(2026, 1, 5)
                )
            )
            s.commit()
        vault.save()
        vault.close()
        yield path.read_bytes(), recovery


def _split(blob: bytes) -> tuple[int, dict[str, Any], bytes]:
    """(format version, header JSON, ciphertext) of a valid file."""
    _magic, version, header_len = fmt.PREFIX.unpack_from(blob, 0)
    end = fmt.PREFIX.size + header_len
    header = json.loads(blob[fmt.PREFIX.size : end])
    return version, header, blob[end + fmt.CHECKSUM_SIZE :]


def _assemble(header_bytes: bytes, ciphertext: bytes, version: int = fmt.FORMAT_VERSION) -> bytes:
    """A file with a *correct* checksum over an arbitrary header."""
    prefix = fmt.PREFIX.pack(fmt.MAGIC, version, len(header_bytes)) + header_bytes
    return prefix + hashlib.sha256(prefix).digest() + ciphertext


class _BoundedArgon2id:
    """Stands in for Argon2id: asserts the parameters are within the bounds, and only runs
    the real (cheap) derivation for test-sized parameters; anything bigger yields a random
    key, which is what a wrong key looks like. Proves no hostile file reaches the KDF with
    unbounded cost, without spending a gigabyte per example."""

    real = fmt.Argon2id

    def __init__(
        self, *, salt: bytes, length: int, iterations: int, lanes: int, memory_cost: int
    ) -> None:
        assert 1 <= lanes <= fmt.KDF_MAX_LANES
        assert 1 <= iterations <= fmt.KDF_MAX_ITERATIONS
        assert 8 * lanes <= memory_cost <= fmt.KDF_MAX_MEMORY_KIB
        self.args = dict(
            salt=salt, length=length, iterations=iterations, lanes=lanes, memory_cost=memory_cost
        )

    def derive(self, secret: bytes) -> bytes:
        if self.args["memory_cost"] <= 1024 and self.args["iterations"] <= 2:
            return self.real(**self.args).derive(secret)
        return bytes(32)


@contextmanager
def bounded_kdf() -> Iterator[None]:
    with mock.patch.object(fmt, "Argon2id", _BoundedArgon2id):
        yield


def assert_refused(blob: bytes, original: bytes, recovery: str) -> None:
    """Every way of reading ``blob`` either succeeds (only if it is the original) or refuses."""
    with bounded_kdf():
        try:
            fmt.parse(blob)
        except REFUSALS as exc:
            assert exc.exit_code in (EXIT_DAMAGED, EXIT_CANNOT_UNLOCK)
            assert exc.message and "\n" not in exc.message
        for kwargs in ({"passphrase": PASSPHRASE}, {"recovery_key": recovery}):
            try:
                unlock_bytes(blob, **kwargs)
            except REFUSALS:
                continue
            assert blob == original, "a modified vault was accepted"


# --- any byte string ------------------------------------------------------------------


@HYPO
@given(st.binary(max_size=2048))
def test_any_bytes_are_refused(blob: bytes) -> None:
    with pytest.raises(REFUSALS):
        fmt.parse(blob)
    with pytest.raises(REFUSALS):
        unlock_bytes(blob, PASSPHRASE)


@HYPO
@given(st.integers(0, 2**16 - 1), st.integers(0, 2**32 - 1), st.binary(max_size=1024))
def test_any_bytes_after_the_magic_are_refused(version: int, length: int, rest: bytes) -> None:
    blob = fmt.PREFIX.pack(fmt.MAGIC, version, length) + rest
    with pytest.raises(REFUSALS):
        unlock_bytes(blob, PASSPHRASE)


# --- mutations of a valid vault ---------------------------------------------------------


@HYPO
@given(data=st.data())
def test_bit_flips_are_refused(valid: tuple[bytes, str], data: st.DataObject) -> None:
    original, recovery = valid
    blob = bytearray(original)
    flips = data.draw(
        st.lists(st.integers(0, len(blob) * 8 - 1), min_size=1, max_size=4, unique=True)
    )
    for bit in flips:
        blob[bit // 8] ^= 1 << (bit % 8)
    assert_refused(bytes(blob), original, recovery)


@HYPO
@given(data=st.data())
def test_truncations_are_refused(valid: tuple[bytes, str], data: st.DataObject) -> None:
    original, recovery = valid
    cut = data.draw(st.integers(0, len(original) - 1))
    with pytest.raises(VaultDamaged):
        fmt.parse(original[:cut])
    assert_refused(original[:cut], original, recovery)


@HYPO
@given(extra=st.binary(min_size=1, max_size=4096))
def test_extensions_are_refused(valid: tuple[bytes, str], extra: bytes) -> None:
    original, recovery = valid
    with pytest.raises(VaultDamaged):
        fmt.parse(original + extra)
    assert_refused(original + extra, original, recovery)


@HYPO
@given(data=st.data())
def test_overwritten_and_inserted_ranges_are_refused(
    valid: tuple[bytes, str], data: st.DataObject
) -> None:
    original, recovery = valid
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 256)))
    noise = data.draw(st.binary(max_size=256))
    blob = original[:start] + noise + original[end:]
    assert_refused(blob, original, recovery)


# --- header mutations with a recomputed checksum ---------------------------------------------

ABSURD_INTS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 2**31, 2**32, 2**63, 2**64, fmt.KDF_MAX_MEMORY_KIB + 1, 10**30]),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | ABSURD_INTS | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _kdf_values() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "name": st.sampled_from(["argon2id", "argon2i", "hkdf-sha256", ""]),
            "memory_kib": ABSURD_INTS,
            "iterations": ABSURD_INTS,
            "lanes": ABSURD_INTS,
        }
    )


def _mutate_header(header: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    header = json.loads(json.dumps(header))
    slots: list[dict[str, Any]] = header["slots"]
    how = data.draw(
        st.sampled_from(
            [
                "absurd_kdf",
                "swap_slot_contents",
                "swap_slot_kinds",
                "duplicate_slot",
                "drop_slot",
                "many_slots",
                "field_value",
                "drop_field",
                "payload_length",
                "generation",
                "slot_field",
            ]
        )
    )
    passphrase_slot = next(s for s in slots if s["kind"] == "passphrase")
    recovery_slot = next(s for s in slots if s["kind"] == "recovery")
    if how == "absurd_kdf":
        passphrase_slot["kdf"] = data.draw(_kdf_values())
    elif how == "swap_slot_contents":
        for key in ("salt", "nonce", "wrapped_key"):
            passphrase_slot[key], recovery_slot[key] = recovery_slot[key], passphrase_slot[key]
    elif how == "swap_slot_kinds":
        passphrase_slot["kind"], recovery_slot["kind"] = "recovery", "passphrase"
        passphrase_slot["kdf"], recovery_slot["kdf"] = recovery_slot["kdf"], passphrase_slot["kdf"]
    elif how == "duplicate_slot":
        slots.append(dict(data.draw(st.sampled_from(slots))))
    elif how == "drop_slot":
        slots.remove(data.draw(st.sampled_from(slots)))
    elif how == "many_slots":
        header["slots"] = slots * data.draw(st.integers(2, 200))
    elif how == "field_value":
        header[data.draw(st.sampled_from(sorted(header)))] = data.draw(JSON_VALUES)
    elif how == "drop_field":
        del header[data.draw(st.sampled_from(sorted(header)))]
    elif how == "payload_length":
        header["payload_length"] = data.draw(ABSURD_INTS)
    elif how == "generation":
        header["generation"] = data.draw(ABSURD_INTS)
    else:
        slot = data.draw(st.sampled_from(slots))
        slot[data.draw(st.sampled_from(sorted(slot)))] = data.draw(JSON_VALUES)
    return header


@HYPO
@given(data=st.data())
def test_header_mutations_with_recomputed_checksum_are_refused(
    valid: tuple[bytes, str], data: st.DataObject
) -> None:
    original, recovery = valid
    version, header, ciphertext = _split(original)
    mutated = _mutate_header(header, data)
    raw = json.dumps(mutated, sort_keys=data.draw(st.booleans())).encode()
    assert_refused(_assemble(raw, ciphertext, version), original, recovery)


@HYPO
@given(raw=st.binary(max_size=2048) | st.text(max_size=512).map(str.encode))
def test_arbitrary_header_bytes_with_recomputed_checksum_are_refused(
    valid: tuple[bytes, str], raw: bytes
) -> None:
    original, recovery = valid
    _version, _header, ciphertext = _split(original)
    assert_refused(_assemble(raw, ciphertext), original, recovery)


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 60_000 + b"]" * 60_000,  # nesting deeper than the recursion limit
        b'{"generation": ' + b"9" * 60_000 + b"}",  # an integer too long to convert
        b'{"cipher": "' + b"x" * 65_000 + b'"}',  # the biggest header allowed
        b'{"a": 1e999999}',
    ],
    ids=["deep-nesting", "huge-integer", "huge-string", "huge-float"],
)
def test_pathological_json_headers_are_refused(valid: tuple[bytes, str], raw: bytes) -> None:
    original, recovery = valid
    raw = raw[: fmt.MAX_HEADER_SIZE]
    _version, _header, ciphertext = _split(original)
    blob = _assemble(raw, ciphertext)
    with pytest.raises(VaultDamaged):
        fmt.parse(blob)
    assert_refused(blob, original, recovery)


def test_header_length_beyond_the_limit_is_refused_before_reading_it(
    valid: tuple[bytes, str],
) -> None:
    original, _ = valid
    for length in (fmt.MAX_HEADER_SIZE + 1, 2**31, 2**32 - 1):
        blob = fmt.PREFIX.pack(fmt.MAGIC, fmt.FORMAT_VERSION, length) + original[fmt.PREFIX.size :]
        with pytest.raises(VaultDamaged):
            fmt.parse(blob)


def test_flipped_version_field_is_damage_not_a_newer_vault(valid: tuple[bytes, str]) -> None:
    """A bit flip in the format version must not be reported as 'written by a newer
    Navigator' (exit 1, 'update Navigator'): the checksum covers the version."""
    original, _ = valid
    for bit in range(16):
        blob = bytearray(original)
        blob[8 + bit // 8] ^= 1 << (bit % 8)
        with pytest.raises(VaultDamaged):
            fmt.parse(bytes(blob))


def test_a_genuinely_newer_format_is_still_reported_as_newer(valid: tuple[bytes, str]) -> None:
    from caseload.errors import VaultTooNew

    original, _ = valid
    _version, header, ciphertext = _split(original)
    newer = fmt.FORMAT_VERSION + 1
    raw = json.dumps({**header, "format": newer}, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(VaultTooNew):
        fmt.parse(_assemble(raw, ciphertext, version=newer))
    # The same version field over a header that does not say it: altered, not newer.
    plain = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(VaultDamaged, match="version field"):
        fmt.parse(_assemble(plain, ciphertext, version=newer))


def test_kdf_parameters_at_the_bounds_are_the_most_a_file_can_ask_for(
    valid: tuple[bytes, str],
) -> None:
    """In-range maxima reach the KDF (through the bounded stand-in); one more is refused."""
    original, recovery = valid
    version, header, ciphertext = _split(original)
    top = {
        "name": "argon2id",
        "memory_kib": fmt.KDF_MAX_MEMORY_KIB,
        "iterations": fmt.KDF_MAX_ITERATIONS,
        "lanes": fmt.KDF_MAX_LANES,
    }
    for key, value in [
        (None, None),
        ("memory_kib", top["memory_kib"] + 1),
        ("iterations", top["iterations"] + 1),
        ("lanes", top["lanes"] + 1),
    ]:
        kdf = dict(top)
        if key:
            kdf[key] = value
        mutated = json.loads(json.dumps(header))
        next(s for s in mutated["slots"] if s["kind"] == "passphrase")["kdf"] = kdf
        blob = _assemble(json.dumps(mutated).encode(), ciphertext, version)
        expected = WrongPassphrase if key is None else VaultDamaged
        with bounded_kdf(), pytest.raises(expected):
            unlock_bytes(blob, PASSPHRASE)


def test_huge_payload_length_in_memory_is_refused(
    valid: tuple[bytes, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blob longer than AES-GCM can decrypt is refused as damaged, not an OverflowError."""
    original, _ = valid
    monkeypatch.setattr(fmt, "MAX_PAYLOAD_SIZE", 64)
    with pytest.raises(VaultDamaged):
        fmt.parse(original)


# --- real files ---------------------------------------------------------------------


@HYPO_FILES
@given(data=st.data())
def test_damaged_files_on_disk_are_refused_by_open(
    valid: tuple[bytes, str], tmp_path: Path, data: st.DataObject
) -> None:
    original, recovery = valid
    blob = bytearray(original)
    kind = data.draw(st.sampled_from(["flip", "truncate", "extend", "random"]))
    if kind == "flip":
        bit = data.draw(st.integers(0, len(blob) * 8 - 1))
        blob[bit // 8] ^= 1 << (bit % 8)
    elif kind == "truncate":
        del blob[data.draw(st.integers(0, len(blob) - 1)) :]
    elif kind == "extend":
        blob += data.draw(st.binary(min_size=1, max_size=512))
    else:
        blob = bytearray(data.draw(st.binary(max_size=1024)))
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "caseload.vault"
    path.write_bytes(bytes(blob))
    for kwargs in ({"passphrase": PASSPHRASE}, {"recovery_key": recovery}):
        with pytest.raises(REFUSALS):
            Vault.open(path, **kwargs)
    # Refusing released the lock and left the file alone.
    assert path.read_bytes() == bytes(blob)


def test_absurdly_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A sparse 3 GiB file (no disk space used) must be refused before it is read into memory."""
    path = tmp_path / "caseload.vault"
    with open(path, "wb") as fh:
        fh.write(struct.pack(">8sHI", fmt.MAGIC, 1, 100))
        fh.truncate(3 * 2**30)
    with pytest.raises(VaultDamaged):
        Vault.open(path, PASSPHRASE)


def test_wrong_passphrase_and_wrong_recovery_key_exit_3(
    valid: tuple[bytes, str], tmp_path: Path
) -> None:
    original, _ = valid
    path = tmp_path / "caseload.vault"
    path.write_bytes(original)
    with pytest.raises(WrongPassphrase) as exc:
        Vault.open(path, "not the passphrase")
    assert exc.value.exit_code == EXIT_CANNOT_UNLOCK
    other = fmt.format_recovery_key(fmt.new_recovery_key())
    with pytest.raises(WrongPassphrase):
        Vault.open(path, recovery_key=other)
    with pytest.raises(WrongPassphrase):
        Vault.open(path, recovery_key="not a key at all")
    assert path.read_bytes() == original


@pytest.mark.parametrize("passphrase", ["bad \udcff bytes", "\ud800", "a\udc80b\udfff"])
def test_passphrases_that_are_not_valid_text_never_crash(
    valid: tuple[bytes, str], tmp_path: Path, passphrase: str
) -> None:
    """A passphrase from the environment or a file with bytes that are not UTF-8 arrives
    with lone surrogates: refused with a sentence, or used byte for byte - never a
    UnicodeEncodeError traceback."""
    from caseload.errors import InvalidInput

    original, _ = valid
    path = tmp_path / "caseload.vault"
    path.write_bytes(original)
    with pytest.raises((WrongPassphrase, InvalidInput)):
        Vault.open(path, passphrase)
    try:
        vault, _ = Vault.create(tmp_path / "new.vault", passphrase, fmt.TEST_KDF)
    except InvalidInput:
        return
    vault.close()
    Vault.open(tmp_path / "new.vault", passphrase).close()


def test_cli_with_an_undecodable_passphrase_in_the_environment(
    valid: tuple[bytes, str], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from navigator_tui.cli import app

    original, _ = valid
    path = tmp_path / "caseload.vault"
    path.write_bytes(original)
    result = CliRunner().invoke(
        app, ["--vault", str(path), "check"], env={"NAVIGATOR_PASSPHRASE": "bad \udcff bytes"}
    )
    assert result.exit_code == EXIT_CANNOT_UNLOCK
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
