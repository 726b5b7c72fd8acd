"""Rollback detection: notice a vault replaced on disk by an older copy of itself.

Every save increases the vault's generation, and the generation is authenticated (it
is in the header, which is the payload's associated data), so it cannot be raised
without the key. What an attacker, a sync tool or a careless copy *can* do is put an
older, genuine copy of the vault back. This machine remembers, per vault id, the
highest generation it has opened or saved; a lower one at the next open means the
file went back in time, and the user is warned.

The state file holds vault ids and generation numbers only (random identifiers, no
personal data): ``generations.json`` in the user state folder (platformdirs), or in
``$NAVIGATOR_STATE_DIR`` when set (tests point it at a temporary folder). A missing
or unreadable state file is treated as empty: rollback detection must never stop
anyone from opening their caseload.

The vault does the checking itself: :meth:`storage.vault.Vault.open` compares (and sets
``rollback_warning``), every save records, and a restore accepts the restored vault's
generation as the new reference point. Nothing else calls this module.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from filelock import FileLock, Timeout

from storage import safe_io

ENV_STATE_DIR = "NAVIGATOR_STATE_DIR"
STATE_FILE = "generations.json"
#: More vaults than anyone keeps; the state file stays tiny.
MAX_ENTRIES = 1000


def state_dir() -> Path:
    env = os.environ.get(ENV_STATE_DIR)
    if env:
        return Path(env)
    from platformdirs import user_state_path

    return user_state_path("navigator", appauthor=False)


def _state_path() -> Path:
    return state_dir() / STATE_FILE


def _load(path: Path) -> dict[str, int]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: v
        for k, v in data.items()
        if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
    }


def highest_seen(vault_id: bytes) -> int | None:
    """The highest generation of this vault opened or saved on this machine, if any."""
    return _load(_state_path()).get(vault_id.hex())


def _update(vault_id: bytes, generation: int, *, force: bool = False) -> None:
    folder = state_dir()
    try:
        safe_io.ensure_private_dir(folder)
        with FileLock(str(folder / (STATE_FILE + ".lock")), timeout=5, mode=0o600):
            path = folder / STATE_FILE
            state = _load(path)
            key = vault_id.hex()
            if not force and state.get(key, -1) >= generation:
                return
            state.pop(key, None)
            state[key] = generation  # most recent last
            while len(state) > MAX_ENTRIES:
                state.pop(next(iter(state)))
            safe_io.atomic_write(path, json.dumps(state, sort_keys=False).encode("utf-8"))
    except (OSError, Timeout):
        # Best effort: a read-only or busy state folder must not stop the work.
        return


def record(vault_id: bytes, generation: int) -> None:
    """Remember ``generation`` if it is the highest seen for this vault (call after saves)."""
    _update(vault_id, generation)


def accept(vault_id: bytes, generation: int) -> None:
    """Make ``generation`` the reference point, even if lower (after a deliberate restore)."""
    _update(vault_id, generation, force=True)


def warning_for(vault_id: bytes, generation: int) -> str | None:
    """Compare with what this machine last saw and remember the new generation.

    Returns one plain sentence when the vault went backwards, else None.
    """
    seen = highest_seen(vault_id)
    record(vault_id, generation)
    if seen is None or generation >= seen:
        return None
    return (
        f"This vault is older than the copy last used on this computer (save {generation}, "
        f"earlier {seen}): it may have been replaced by an old copy, so recent changes may "
        "be missing. Check it, and restore a backup if needed."
    )
