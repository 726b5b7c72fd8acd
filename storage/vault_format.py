"""The vault file format: bytes in, bytes out (this module opens no files).

Layout (all integers big-endian)::

    offset  size  field
    0       8     magic  b"NAVVAULT"
    8       2     format version (1)
    10      4     header length H (at most 64 KiB)
    14      H     header: canonical JSON (cipher, vault id, generation, key slots,
                  payload nonce and length)
    14+H    32    SHA-256 of bytes [0, 14+H): tells a damaged file from a wrong passphrase
    46+H    ...   payload: AES-256-GCM(data key, nonce, SQLite image), with bytes
                  [0, 14+H) as associated data, so the header cannot be altered unnoticed

A random 256-bit data key encrypts the payload. It is stored only wrapped
(AES-256-GCM) in key slots: a passphrase slot whose key-encryption key comes from
Argon2id with the parameters stored in the slot, and a recovery slot whose key
comes from HKDF-SHA256 over a random 160-bit recovery key (high entropy, so a
slow KDF adds nothing).  Changing the passphrase rewraps the data key only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.errors import (
    InvalidInput,
    SaveFailed,
    VaultDamaged,
    VaultError,
    VaultTooNew,
    WrongPassphrase,
)

MAGIC = b"NAVVAULT"
FORMAT_VERSION = 1
PREFIX = struct.Struct(">8sHI")
CHECKSUM_SIZE = 32
MAX_HEADER_SIZE = 64 * 1024
#: The largest caseload image a vault holds: 512 MiB, several times a 10,000-survivor
#: caseload (about 80 MB). A file that could only hold more is refused by its size
#: before a byte is read (AESGCM itself would refuse 2 GiB).
MAX_PAYLOAD_SIZE = 512 * 1024 * 1024
CIPHER = "AES-256-GCM"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters. Memory in KiB."""

    memory_kib: int
    iterations: int
    lanes: int


#: About 0.5-1 s on a 2-core laptop (0.8 s measured on the CI machine).
PRODUCTION_KDF = KdfParams(memory_kib=256 * 1024, iterations=3, lanes=4)
#: Cheap parameters for tests only; the code path is the same.
TEST_KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)

#: Bounds on parameters read from a file, so that a hostile file cannot exhaust
#: memory or hang the program.
KDF_MAX_MEMORY_KIB = 1024 * 1024
KDF_MAX_ITERATIONS = 10
KDF_MAX_LANES = 16

RECOVERY_KEY_BYTES = 20
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@dataclass(frozen=True)
class KeySlot:
    kind: str  # "passphrase" or "recovery"
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    kdf: KdfParams | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "salt": self.salt.hex(),
            "nonce": self.nonce.hex(),
            "wrapped_key": self.wrapped_key.hex(),
        }
        if self.kdf is not None:
            data["kdf"] = {
                "name": "argon2id",
                "memory_kib": self.kdf.memory_kib,
                "iterations": self.kdf.iterations,
                "lanes": self.kdf.lanes,
            }
        else:
            data["kdf"] = {"name": "hkdf-sha256"}
        return data


@dataclass(frozen=True)
class Header:
    vault_id: bytes
    generation: int
    slots: tuple[KeySlot, ...]
    payload_nonce: bytes = b""
    payload_length: int = 0

    def slot(self, kind: str) -> KeySlot:
        for s in self.slots:
            if s.kind == kind:
                return s
        raise VaultDamaged("The vault has no key slot for this kind of key; the file is damaged.")

    def with_slot(self, new: KeySlot) -> Header:
        slots = tuple(new if s.kind == new.kind else s for s in self.slots)
        return replace(self, slots=slots)

    def to_bytes(self) -> bytes:
        data = {
            "cipher": CIPHER,
            "vault_id": self.vault_id.hex(),
            "generation": self.generation,
            "slots": [s.to_json() for s in self.slots],
            "payload_nonce": self.payload_nonce.hex(),
            "payload_length": self.payload_length,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


# --- keys ---------------------------------------------------------------------------


def derive_passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    check_kdf_params(params)
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    try:
        # surrogateescape: a passphrase from the environment or a file that is not valid
        # UTF-8 arrives with its bytes escaped; they are used as given.
        secret = passphrase.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raise InvalidInput(
            "The passphrase contains characters that are not valid text; type it again."
        ) from None
    return kdf.derive(secret)


def derive_recovery_key(recovery_key: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"navigator-recovery").derive(
        recovery_key
    )


def check_kdf_params(params: KdfParams) -> None:
    if not (1 <= params.lanes <= KDF_MAX_LANES):
        raise VaultDamaged("The vault's key settings are out of range; the file is damaged.")
    if not (1 <= params.iterations <= KDF_MAX_ITERATIONS):
        raise VaultDamaged("The vault's key settings are out of range; the file is damaged.")
    if not (8 * params.lanes <= params.memory_kib <= KDF_MAX_MEMORY_KIB):
        raise VaultDamaged("The vault's key settings are out of range; the file is damaged.")


def _slot_aad(vault_id: bytes, kind: str) -> bytes:
    return b"navigator-key-slot|" + vault_id + b"|" + kind.encode("ascii")


def wrap_key(data_key: bytes, kek: bytes, vault_id: bytes, kind: str) -> tuple[bytes, bytes]:
    nonce = os.urandom(12)
    return nonce, AESGCM(kek).encrypt(nonce, data_key, _slot_aad(vault_id, kind))


PASSPHRASE_REFUSED = (
    "Wrong passphrase: the vault was not unlocked. The recovery key opens it too: if the "
    "recovery key works, the passphrase was mistyped or forgotten (set a new one); if it "
    "does not either, the file was altered, so restore a backup."
)
RECOVERY_KEY_REFUSED = (
    "That recovery key does not unlock this vault. If the passphrase does not either, the "
    "file was altered or damaged: restore a backup ('navigator restore --list')."
)


def unwrap_key(slot: KeySlot, kek: bytes, vault_id: bytes) -> bytes:
    try:
        key = AESGCM(kek).decrypt(slot.nonce, slot.wrapped_key, _slot_aad(vault_id, slot.kind))
    except InvalidTag:
        # A wrong secret and an altered slot (or vault id) look the same here: the format
        # cannot tell them apart, so the message says how to (SECURITY.md).
        if slot.kind == "recovery":
            raise WrongPassphrase(RECOVERY_KEY_REFUSED) from None
        raise WrongPassphrase(PASSPHRASE_REFUSED) from None
    if len(key) != 32:
        raise VaultDamaged("The vault's key slot is malformed; the file is damaged.")
    return key


def passphrase_slot(
    data_key: bytes, vault_id: bytes, passphrase: str, params: KdfParams
) -> KeySlot:
    salt = os.urandom(16)
    kek = derive_passphrase_key(passphrase, salt, params)
    nonce, wrapped = wrap_key(data_key, kek, vault_id, "passphrase")
    return KeySlot("passphrase", salt, nonce, wrapped, params)


def recovery_slot(data_key: bytes, vault_id: bytes, recovery_key: bytes) -> KeySlot:
    salt = os.urandom(16)
    kek = derive_recovery_key(recovery_key, salt)
    nonce, wrapped = wrap_key(data_key, kek, vault_id, "recovery")
    return KeySlot("recovery", salt, nonce, wrapped, None)


def new_recovery_key() -> bytes:
    return secrets.token_bytes(RECOVERY_KEY_BYTES)


def format_recovery_key(raw: bytes) -> str:
    """Eight groups of four letters and digits, easy to copy onto paper."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def clean_recovery_text(text: str) -> str:
    """A recovery key (or a part of one) as typed, reduced to its letters and digits."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    # People copying by hand confuse these; the alphabet has no 0, 1 or 8.
    return cleaned.replace("0", "O").replace("1", "I").replace("8", "B")


def parse_recovery_key(text: str) -> bytes:
    cleaned = clean_recovery_text(text)
    if len(cleaned) != 32 or any(ch not in _B32 for ch in cleaned):
        raise WrongPassphrase(
            "That is not a recovery key: it has 32 letters and digits in groups of four."
        )
    return base64.b32decode(cleaned)


# --- whole file -----------------------------------------------------------------------


#: Pieces of payload encrypted or checked at a time by the streaming functions: small
#: enough to stay in the CPU cache, large enough that per-call overhead does not count.
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16


def _new_prefix(header: Header, plaintext_length: int) -> tuple[Header, bytes]:
    if plaintext_length > MAX_PAYLOAD_SIZE:
        raise SaveFailed(
            "The caseload is too large for one vault file (512 MiB); nothing was saved."
        )
    header = replace(header, payload_nonce=os.urandom(12), payload_length=plaintext_length + 16)
    header_bytes = header.to_bytes()
    return header, PREFIX.pack(MAGIC, FORMAT_VERSION, len(header_bytes)) + header_bytes


def encode(header: Header, data_key: bytes, plaintext: bytes) -> tuple[Header, bytes]:
    """Encrypt ``plaintext`` under a fresh nonce and return the header used and the file bytes."""
    header, prefix = _new_prefix(header, len(plaintext))
    checksum = hashlib.sha256(prefix).digest()
    ciphertext = AESGCM(data_key).encrypt(header.payload_nonce, plaintext, prefix)
    return header, prefix + checksum + ciphertext


def encode_pieces(
    header: Header, data_key: bytes, plaintext: bytes
) -> tuple[Header, Iterator[bytes | memoryview]]:
    """The same file as :func:`encode`, as pieces to write in order, encrypted when asked for.

    No buffer of the whole file is built: the header piece, then the ciphertext a
    :data:`CHUNK_SIZE` at a time, then the tag. Each ciphertext piece is a view of one
    reused buffer, valid only until the next piece is asked for: write it first.
    """
    header, prefix = _new_prefix(header, len(plaintext))

    def pieces() -> Iterator[bytes | memoryview]:
        yield prefix + hashlib.sha256(prefix).digest()
        encryptor = Cipher(algorithms.AES(data_key), modes.GCM(header.payload_nonce)).encryptor()
        encryptor.authenticate_additional_data(prefix)
        source = memoryview(plaintext)
        out = bytearray(CHUNK_SIZE + TAG_SIZE)
        view = memoryview(out)
        for start in range(0, len(source), CHUNK_SIZE):
            n = encryptor.update_into(source[start : start + CHUNK_SIZE], out)
            yield view[:n]
        encryptor.finalize()
        yield encryptor.tag

    return header, pieces()


def _read_exactly(stream: BinaryIO, into: memoryview) -> None:
    filled = 0
    while filled < len(into):
        n = stream.readinto(into[filled:])  # type: ignore[attr-defined]
        if not n:
            raise VaultDamaged("The vault file is truncated.")
        filled += n


def verify_stream(stream: BinaryIO, data_key: bytes, expected: Header, size: int) -> None:
    """Authenticate a whole vault file read from ``stream`` (``size`` bytes) as ``expected``.

    Raises VaultDamaged unless the file is exactly the one :func:`encode_pieces` made for
    ``expected``: the same header (its nonce is fresh for every save), a valid checksum
    and the AES-GCM tag over every ciphertext byte. The plaintext is decrypted a chunk
    at a time into one small buffer and dropped: the tag proves the bytes, so nothing
    needs comparing.
    """
    start = stream.read(PREFIX.size)
    if len(start) < PREFIX.size:
        raise VaultDamaged("The vault file is truncated.")
    header_len = PREFIX.unpack(start)[2]
    if header_len > MAX_HEADER_SIZE:
        raise VaultDamaged("The vault header is damaged.")
    rest = stream.read(header_len + CHECKSUM_SIZE)
    header, end = parse_start(start + rest)
    if header != expected:
        raise VaultDamaged("The vault file is not the one that was written.")
    if size != end + CHECKSUM_SIZE + header.payload_length or header.payload_length < TAG_SIZE:
        raise VaultDamaged("The vault file is truncated or has extra bytes at its end.")
    decryptor = Cipher(algorithms.AES(data_key), modes.GCM(header.payload_nonce)).decryptor()
    decryptor.authenticate_additional_data((start + rest)[:end])
    chunk = bytearray(CHUNK_SIZE)
    out = bytearray(CHUNK_SIZE + TAG_SIZE)
    view = memoryview(chunk)
    remaining = header.payload_length - TAG_SIZE
    while remaining:
        piece = view[: min(remaining, CHUNK_SIZE)]
        _read_exactly(stream, piece)
        decryptor.update_into(piece, out)
        remaining -= len(piece)
    tag = bytearray(TAG_SIZE)
    _read_exactly(stream, memoryview(tag))
    try:
        decryptor.finalize_with_tag(bytes(tag))
    except InvalidTag:
        raise VaultDamaged(
            "The vault's contents fail their integrity check: the file is damaged or was altered."
        ) from None
    finally:
        out[:] = bytes(len(out))  # no plaintext left behind in the buffer


@dataclass(frozen=True)
class ParsedFile:
    header: Header
    prefix: bytes
    #: A view into the file's bytes, not a copy (opening holds the file once in memory).
    ciphertext: memoryview


def max_file_size() -> int:
    """The largest file a valid vault can be; anything bigger is refused unread."""
    return PREFIX.size + MAX_HEADER_SIZE + CHECKSUM_SIZE + MAX_PAYLOAD_SIZE + 16


def parse(blob: bytes) -> ParsedFile:
    """Check the structure and checksum; raise VaultDamaged/VaultTooNew on any problem.

    The prefix, header length and checksum layout is the same in every format version,
    so the checksum is checked before the version is believed: a damaged version field
    is reported as damage, not as a vault from a newer Navigator.
    """
    if len(blob) > max_file_size():
        raise VaultDamaged("The vault file is far too large to be a Navigator vault.")
    header, end = parse_start(blob)
    prefix = blob[:end]
    ciphertext = memoryview(blob)[end + CHECKSUM_SIZE :]
    if header.payload_length > MAX_PAYLOAD_SIZE + 16 or len(ciphertext) != header.payload_length:
        raise VaultDamaged("The vault file is truncated or has extra bytes at its end.")
    return ParsedFile(header, prefix, ciphertext)


#: Enough bytes from the start of a vault file to read its header.
START_READ_LIMIT = PREFIX.size + MAX_HEADER_SIZE + CHECKSUM_SIZE


def parse_start(blob: bytes) -> tuple[Header, int]:
    """Check and decode the header from the start of a file (the payload is not needed).

    Returns the header and the length of the authenticated prefix.
    """
    if len(blob) < PREFIX.size:
        raise VaultDamaged("The vault file is truncated or is not a Navigator vault.")
    magic, version, header_len = PREFIX.unpack_from(blob, 0)
    if magic != MAGIC:
        raise VaultDamaged("This file is not a Navigator vault, or its start is damaged.")
    if header_len > MAX_HEADER_SIZE:
        raise VaultDamaged("The vault header is damaged.")
    end = PREFIX.size + header_len
    if len(blob) < end + CHECKSUM_SIZE:
        raise VaultDamaged("The vault file is truncated.")
    prefix = blob[:end]
    if hashlib.sha256(prefix).digest() != blob[end : end + CHECKSUM_SIZE]:
        raise VaultDamaged("The vault header is damaged (checksum mismatch).")
    if version > FORMAT_VERSION:
        raise _newer_or_damaged(blob[PREFIX.size : end], version)
    if version < 1:
        raise VaultDamaged("The vault header is damaged.")
    return _decode_header(blob[PREFIX.size : end]), end


def _newer_or_damaged(raw_header: bytes, version: int) -> VaultError:
    """A version above this Navigator's: a newer format names its version inside its
    header too (the rule every later format keeps), so a version field that its own
    checksum-valid header does not repeat was altered or damaged, not written later."""
    try:
        data = json.loads(raw_header.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if isinstance(data, dict) and data.get("format") == version:
        return VaultTooNew(
            "This vault was written by a newer version of Navigator; update Navigator to open it."
        )
    return VaultDamaged(
        "The vault's version field does not match its header: the file is damaged or was "
        "altered; restore a backup ('navigator restore --list')."
    )


def decrypt_payload(parsed: ParsedFile, data_key: bytes) -> bytes:
    try:
        return AESGCM(data_key).decrypt(
            parsed.header.payload_nonce, parsed.ciphertext, parsed.prefix
        )
    except InvalidTag:
        raise VaultDamaged(
            "The vault's contents fail their integrity check: the file is damaged or was altered."
        ) from None


def _bytes_field(data: dict[str, Any], name: str, size: int | None = None) -> bytes:
    value = data.get(name)
    if not isinstance(value, str) or len(value) > 4096:
        raise VaultDamaged("The vault header is malformed.")
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raise VaultDamaged("The vault header is malformed.") from None
    if size is not None and len(raw) != size:
        raise VaultDamaged("The vault header is malformed.")
    return raw


def _int_field(data: dict[str, Any], name: str) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not (0 <= value < 2**63):
        raise VaultDamaged("The vault header is malformed.")
    return value


def _decode_slot(data: Any) -> KeySlot:
    if not isinstance(data, dict):
        raise VaultDamaged("A key slot in the vault header is malformed.")
    kind = data.get("kind")
    kdf = data.get("kdf")
    if kind not in ("passphrase", "recovery") or not isinstance(kdf, dict):
        raise VaultDamaged("A key slot in the vault header is malformed.")
    params: KdfParams | None = None
    if kind == "passphrase":
        if kdf.get("name") != "argon2id":
            raise VaultDamaged("A key slot in the vault header is malformed.")
        params = KdfParams(
            _int_field(kdf, "memory_kib"), _int_field(kdf, "iterations"), _int_field(kdf, "lanes")
        )
        check_kdf_params(params)
    elif kdf.get("name") != "hkdf-sha256":
        raise VaultDamaged("A key slot in the vault header is malformed.")
    return KeySlot(
        kind,
        _bytes_field(data, "salt", 16),
        _bytes_field(data, "nonce", 12),
        _bytes_field(data, "wrapped_key", 48),
        params,
    )


def _decode_header(raw: bytes) -> Header:
    try:
        data = json.loads(raw.decode("utf-8"))
    # ValueError also covers integers too long to convert (Python's int max str digits).
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise VaultDamaged("The vault header is malformed.") from None
    if not isinstance(data, dict) or data.get("cipher") != CIPHER:
        raise VaultDamaged("The vault header is malformed.")
    slots_raw = data.get("slots")
    if not isinstance(slots_raw, list) or not (1 <= len(slots_raw) <= 8):
        raise VaultDamaged("The vault header is malformed.")
    slots = tuple(_decode_slot(s) for s in slots_raw)
    if len({s.kind for s in slots}) != len(slots):
        raise VaultDamaged("The vault header is malformed.")
    return Header(
        vault_id=_bytes_field(data, "vault_id", 16),
        generation=_int_field(data, "generation"),
        slots=slots,
        payload_nonce=_bytes_field(data, "payload_nonce", 12),
        payload_length=_int_field(data, "payload_length"),
    )
