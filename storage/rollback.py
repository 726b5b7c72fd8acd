"""Older copies and swapped vaults: what this computer remembers about the vaults it used.

Every save increases the vault's generation, and the generation is authenticated (it
is in the header, which is the payload's associated data), so it cannot be raised
without the key. What an attacker, a sync tool or a careless copy *can* do is put an
older, genuine copy of the vault back, or copy a different vault (same passphrase)
over it. This computer remembers, per vault id, the highest generation it has opened
or saved, and per vault path the id of the vault last used there. At open the vault is
an **older copy** when its generation is below the highest seen, **another vault**
when the path last held a different id, and **behind its backups** when a backup of
the same vault beside it has a higher generation (see :func:`assess`).

Such a vault is never saved over silently: :meth:`storage.vault.Vault.save` refuses
(exit 6) until the user either restores a backup or accepts this copy
(:func:`accept`, remembered so the warning stops for this copy; its next save is
numbered above every generation seen, so old backups and copies stay recognisable).

The state file holds random vault ids, numbers and SHA-256 digests of vault paths (no
path in clear, no personal data): ``generations.json`` in the user state folder
(platformdirs), or in ``$NAVIGATOR_STATE_DIR`` when set (tests point it at a temporary
folder). A missing or unreadable state file is treated as empty: this must never stop
anyone from opening their caseload.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from storage import safe_io

ENV_STATE_DIR = "NAVIGATOR_STATE_DIR"
STATE_FILE = "generations.json"
#: More vaults than anyone keeps; the state file stays tiny.
MAX_ENTRIES = 1000

OLDER = "older"
FOREIGN = "foreign"
BEHIND_BACKUPS = "behind_backups"


@dataclass(frozen=True)
class CopyWarning:
    """Why this vault may not be the one to save over; ``happened`` is one sentence."""

    kind: str
    happened: str
    #: The highest generation known for this vault (seen here, or of a backup beside it).
    newest_known: int


@dataclass
class _State:
    seen: dict[str, int] = field(default_factory=dict)
    accepted: dict[str, int] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"version": 2, "seen": self.seen, "accepted": self.accepted, "paths": self.paths}


def state_dir() -> Path:
    env = os.environ.get(ENV_STATE_DIR)
    if env:
        return Path(env)
    from platformdirs import user_state_path

    return user_state_path("navigator", appauthor=False)


def _state_path() -> Path:
    return state_dir() / STATE_FILE


def path_key(path: Path) -> str:
    """A digest of the vault's absolute path: the state file never names a folder."""
    text = os.path.normcase(str(Path(path).absolute().resolve()))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _numbers(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        return {}
    return {
        k: v
        for k, v in raw.items()
        if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
    }


def _load(path: Path) -> _State:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _State()
    if not isinstance(data, dict):
        return _State()
    if data.get("version") != 2:  # the first format: {vault id: highest generation}
        return _State(seen=_numbers(data))
    paths = data.get("paths")
    return _State(
        seen=_numbers(data.get("seen")),
        accepted=_numbers(data.get("accepted")),
        paths={
            k: v for k, v in paths.items() if isinstance(k, str) and isinstance(v, str)
        } if isinstance(paths, dict) else {},
    )


def _bounded(entries: dict[str, object]) -> None:
    while len(entries) > MAX_ENTRIES:
        entries.pop(next(iter(entries)))  # the least recently written go first


def _change(update: Callable[[_State], bool]) -> None:
    """Apply ``update`` to the state file under its lock; it returns whether to write."""
    folder = state_dir()
    try:
        safe_io.ensure_private_dir(folder)
        with FileLock(str(folder / (STATE_FILE + ".lock")), timeout=5, mode=0o600):
            path = folder / STATE_FILE
            state = _load(path)
            if not update(state):
                return
            for entries in (state.seen, state.accepted, state.paths):
                _bounded(entries)  # type: ignore[arg-type]
            safe_io.atomic_write(path, json.dumps(state.to_json()).encode("utf-8"))
    except (OSError, Timeout):
        # Best effort: a read-only or busy state folder must not stop the work.
        return


def _put(entries: dict[str, int] | dict[str, str], key: str, value: object) -> None:
    entries.pop(key, None)
    entries[key] = value  # type: ignore[assignment]  # most recent last


def highest_seen(vault_id: bytes) -> int | None:
    """The highest generation of this vault opened or saved on this machine, if any."""
    return _load(_state_path()).seen.get(vault_id.hex())


def record(vault_id: bytes, generation: int, path: Path | None = None) -> None:
    """Remember ``generation`` if it is the highest seen (after opens and saves), and
    ``path`` as this vault's (after creating, saving or restoring it there)."""
    key = vault_id.hex()

    def update(state: _State) -> bool:
        changed = False
        if state.seen.get(key, -1) < generation:
            _put(state.seen, key, generation)
            # A save past the accepted copy ends the acceptance: putting that copy back
            # again is noticed again.
            if key in state.accepted and state.accepted[key] < generation:
                del state.accepted[key]
            changed = True
        if path is not None and state.paths.get(path_key(path)) != key:
            _put(state.paths, path_key(path), key)
            changed = True
        return changed

    _change(update)


def accept(vault_id: bytes, generation: int, path: Path) -> None:
    """The user keeps this copy: no warning for it at ``path`` from now on."""
    key = vault_id.hex()

    def update(state: _State) -> bool:
        _put(state.accepted, key, generation)
        _put(state.paths, path_key(path), key)
        return True

    _change(update)


def assess(
    path: Path, vault_id: bytes, generation: int, newest_backup: int | None
) -> CopyWarning | None:
    """Whether the vault at ``path`` (opened at ``generation``) is an older copy, another
    vault, or behind its backups; ``newest_backup`` is the highest generation of a backup
    of this vault beside it. A vault that is none of these is remembered for next time."""
    state = _load(_state_path())
    key = vault_id.hex()
    seen = state.seen.get(key)
    known_id = state.paths.get(path_key(path))
    newest = max(seen or 0, newest_backup or 0, generation)
    if state.accepted.get(key) == generation and known_id in (None, key):
        record(vault_id, generation, path)
        return None
    warning: CopyWarning | None = None
    if known_id is not None and known_id != key:
        warning = CopyWarning(
            FOREIGN,
            f"The file at {Path(path).name} is a different vault from the one last used "
            "there on this computer (another vault id): it may have been copied over it.",
            newest,
        )
    elif seen is not None and generation < seen:
        warning = CopyWarning(
            OLDER,
            f"This vault is an older copy: it is at save {generation}, but this computer "
            f"has used save {seen} of it, so the changes made since may be missing.",
            newest,
        )
    elif newest_backup is not None and newest_backup > generation:
        warning = CopyWarning(
            BEHIND_BACKUPS,
            f"This vault is older than its own backups (save {generation}, newest backup "
            f"save {newest_backup}): it was probably replaced by an older copy.",
            newest,
        )
    if warning is None:
        record(vault_id, generation, path)
    return warning
