"""A full disk or a read-only folder while saving from the app: the app says so in one
sentence, keeps what was typed, and nothing on disk changes; once the problem is gone the
same form saves, once.

The faults are raised by the real save path: ENOSPC part-way through writing the
temporary file, and EROFS / EACCES when the temporary file is created in the vault's
folder (simulated, so the test bites when run as root, whom folder permissions do not bind).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from textual.widgets import Select, TextArea

from caseload.models import ContactLog
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from storage import backups, safe_io
from tests.app_support import SIZE, make_vault, open_app, reopen, wait_for
from tests.test_app_forms import form_status, open_file


def _disk_full(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every write after the first 256 bytes of the temporary file fails with ENOSPC."""
    real_write = os.write
    budget = {"left": 256}

    def write(fd: int, data: Any) -> int:
        name = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else ""
        if not name.endswith(".tmp") or Path(name).parent != folder:
            return real_write(fd, data)
        if budget["left"] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = real_write(fd, bytes(memoryview(data)[: budget["left"]]))
        budget["left"] -= n
        return n

    monkeypatch.setattr(os, "write", write)


def _read_only(code: int) -> Callable[[pytest.MonkeyPatch, Path], None]:
    def install(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        real_open = os.open

        def read_only_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & os.O_CREAT and Path(str(path)).resolve().parent == folder:
                raise OSError(code, os.strerror(code), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", read_only_open)

    return install


FAULTS = {
    "disk-full": (_disk_full, "disk is full"),
    "read-only-file-system": (_read_only(errno.EROFS), "cannot be written to"),
    "read-only-folder": (_read_only(errno.EACCES), "cannot be written to"),
}


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_app_says_so_keeps_the_input_and_changes_nothing_on_disk(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    if fault == "disk-full" and not os.path.exists("/proc/self/fd"):
        pytest.skip("the disk-full stand-in names the file being written through /proc")
    install, words = FAULTS[fault]
    ids = make_vault(vault_path)
    folder = vault_path.parent.resolve()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        # No agreement: no channel is assumed (the navigator says which was used).
        app.screen.query_one("#input-channel", Select).value = "phone_call"
        summary = app.screen.query_one("#input-summary", TextArea)
        summary.focus()
        await pilot.press(*"Met at the library")
        on_disk = _files(folder)
        backups_before = {b.path for b in backups.list_backups(vault_path)}
        with monkeypatch.context() as patch:
            install(patch, folder)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: words in form_status(app))
            status = form_status(app)
        assert "\n" not in status.strip() and "Traceback" not in status
        assert isinstance(app.screen, ContactFormScreen)  # the form stays, as typed
        assert summary.text == "Met at the library"
        assert "NOT SAVED" in app.sub_title
        assert _files(folder) == on_disk  # nothing on disk changed, no temporary file left
        assert not safe_io.stale_temp_files(vault_path)
        # The problem is gone: the same form saves, once.
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        assert "NOT SAVED" not in app.sub_title
    assert backups_before <= {b.path for b in backups.list_backups(vault_path)}
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            summaries = [c.summary for c in session.exec(select(ContactLog)).all()]
        assert summaries == ["Met at the library"]
    finally:
        vault.close()
