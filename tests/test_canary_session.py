"""A full scripted session leaves no personal data anywhere outside the vault.

A canary string is put into every kind of record (every name and free-text field of a
survivor, an assessment and its amendment, a contact agreement with a phone, a contact
log, a promise, a consent, a milestone). Then: `navigator init`, `navigator demo`,
`navigator check`, `backup`, `restore --list`, the monthly/funder/dictionary exports, and
an app session through Textual's pilot (unlock, caseload, every tab of the survivor's
file, discreet mode, a change saved through the app's save worker, lock, quit).

Afterwards every file under the test's folder - the vault's folder and its backups, the
demo vault, the exports, the per-user data/state/config/cache folders and the temporary
folder (all pointed there) - and everything printed (stdout/stderr, CLI output, the
app's title and subtitle) is searched for the canary, also in UTF-16 and lower case.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import select as sql_select
from typer.testing import CliRunner

from caseload.models import ContactLog, Survivor
from caseload.vault import Vault
from navigator_tui.cli import app as cli_app
from navigator_tui.settings import settings_path
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE
from tests.test_deletion import CANARY, add_case

ROOT = Path(__file__).resolve().parents[1]

NEEDLES = [
    CANARY.encode(),
    CANARY.lower().encode(),
    CANARY.encode("utf-16-le"),
    CANARY.encode("utf-16-be"),
]


def _scan_files(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(n in data or n in data.lower() for n in NEEDLES):
                found.append(str(path.relative_to(root)))
    return found


def _clean(text: str) -> bool:
    return CANARY.lower() not in text.lower()


@pytest.fixture
def session_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    scratch = tmp_path / "tmp"
    for folder in (work, scratch):
        folder.mkdir()
    monkeypatch.chdir(work)  # exports without --out land here
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("NAVIGATOR_INSECURE_TEST_KDF", "1")
    monkeypatch.setenv("NAVIGATOR_PASSPHRASE", PASSPHRASE)
    # Debug output on: whatever it adds is scanned too (it may show tracebacks, which is
    # why it is for demo and test vaults only; a clean session must still print none).
    monkeypatch.setenv("NAVIGATOR_DEBUG", "1")
    return work


async def test_full_session_writes_no_canary_outside_the_vault(
    tmp_path: Path, session_env: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    vault_path = tmp_path / "home" / "data" / "navigator" / "caseload.vault"
    exports = session_env / "exports"
    exports.mkdir()
    runner = CliRunner()
    outputs: list[str] = []

    def cli(*args: str, code: int = 0) -> None:
        result = runner.invoke(cli_app, ["--vault", str(vault_path), *args])
        outputs.extend([result.stdout, result.stderr])
        assert result.exit_code == code, (args, result.stdout, result.stderr)

    cli("init")
    with Vault.open(vault_path, PASSPHRASE) as vault:
        with vault.session() as s:
            sid = add_case(s, "NAV-CNRY1", CANARY)
            add_case(s, "NAV-PLAN2", "Plainfictional")
        vault.save()

    cli("demo", "--no-open", "--survivors", "5", "--seed", "7")
    cli("check")
    cli("backup", "--out", str(session_env / "copy.vault"))
    cli("restore", "--list")
    month = dt.date.today().strftime("%Y-%m")
    cli("export", "monthly", "--month", month, "--out", str(exports / "monthly.csv"))
    cli("export", "funder", "--from", "2025-01", "--to", month, "--out", str(exports / "f.csv"))
    cli("export", "dictionary", "--out", str(exports / "dictionary.md"))
    cli("--passphrase-file", str(session_env / "missing.txt"), "check", code=1)
    assert (exports / "monthly.csv").read_text(encoding="utf-8-sig").count("NAV-CNRY1") == 1

    await _app_session(vault_path, sid)

    captured = capfd.readouterr()
    outputs.extend([captured.out, captured.err])
    assert all(_clean(text) for text in outputs)
    assert _scan_files(tmp_path) == []
    # The canary really is in the vault: the scan could have found it had it leaked.
    with Vault.open(vault_path, PASSPHRASE) as vault, vault.session() as s:
        assert CANARY in (s.get(Survivor, sid) or Survivor(intake_date=dt.date.today())).given_name
        assert any(CANARY in c.summary for c in s.exec(sql_select(ContactLog)).all())
    assert (tmp_path / "home").is_dir() and os.listdir(tmp_path / "home")
    # The app wrote its settings file (discreet mode was switched), so it was scanned; it
    # holds the preferences and nothing else.
    settings = json.loads(settings_path().read_text(encoding="utf-8"))
    assert settings_path().is_relative_to(tmp_path)
    assert set(settings) == {
        "idle_timeout",
        "discreet",
        "theme",
        "retention_years",
        "open_promise_threshold",
    }


async def _app_session(vault_path: Path, sid: int) -> None:
    from navigator_tui.app import NavigatorApp
    from navigator_tui.screens.survivor_file import TABS

    titles: list[str] = []
    app = NavigatorApp(vault_path, Vault.open(vault_path, PASSPHRASE), today=dt.date.today())
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.cases is not None:
                break
        assert app.cases is not None, "the caseload did not load"
        titles += [app.title, app.sub_title, app.screen.title or "", app.screen.sub_title or ""]
        await pilot.press("f4")  # caseload
        await pilot.pause()
        app.discreet = True
        await pilot.pause()
        # Discreet mode: no name on the caseload screen.
        shot = app.export_screenshot()
        assert f"{CANARY}Given" not in shot and f"{CANARY}Pref" not in shot
        app.discreet = False
        await pilot.pause()
        for tab in TABS:
            app.open_survivor(sid, tab)
            await pilot.pause(0.1)
            titles += [app.title, app.sub_title, app.screen.title or "", app.screen.sub_title or ""]
            app.pop_screen()
            await pilot.pause()

        saved: list[object] = []

        def apply(session):  # type: ignore[no-untyped-def]
            log = ContactLog(
                survivor_id=sid,
                contact_date=dt.date.today(),
                summary=f"{CANARY}AppLog",
            )
            session.add(log)
            return log.survivor_id

        app.save_changes(apply, saved.append, lambda message: saved.append(message))
        for _ in range(100):
            await pilot.pause(0.05)
            if saved:
                break
        assert saved == [sid]
        titles += [app.title, app.sub_title]
        await pilot.press("ctrl+l")  # lock
        await pilot.pause(0.2)
        titles += [app.title, app.sub_title, app.screen.title or ""]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert all(_clean(t) for t in titles)


#: Operating system commands that set a terminal's window or tab title (OSC 0, 1 and 2),
#: up to their terminator (BEL or ST); a terminal shows and often logs them.
_TITLE = re.compile(rb"\x1b\][012];(.*?)(?:\x07|\x1b\\)", re.DOTALL)


def _read_until(fd: int, done: Callable[[bytes], bool], limit: float) -> bytes:
    """What the terminal is sent until ``done`` holds of it, EOF, or ``limit`` seconds."""
    out = bytearray()
    deadline = time.monotonic() + limit
    while not done(bytes(out)) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    return bytes(out)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX only")
def test_the_real_terminal_is_never_given_a_title_with_personal_data(
    tmp_path: Path, vault_path: Path
) -> None:
    """`navigator open` in a real (pseudo-)terminal, with debug output on: every byte the
    program sends the terminal is read, and no title it sets (if any) holds the canary,
    while the caseload on screen does show it (so the capture really sees the app)."""
    import fcntl
    import pty
    import termios

    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    with vault.session() as s:
        add_case(s, "NAV-CNRY1", CANARY, day=dt.date.today() - dt.timedelta(days=30))
    vault.save()
    vault.close()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NAVIGATOR_PASSPHRASE": PASSPHRASE,
        "NAVIGATOR_INSECURE_TEST_KDF": "1",
        "NAVIGATOR_DEBUG": "1",
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
    }
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from navigator_tui.cli import main; main()",
            "--vault",
            str(vault_path),
            "open",
        ],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        cwd=tmp_path,
        close_fds=True,
    )
    os.close(child)
    try:
        # The app is up once it draws its key bar; F4 shows the caseload, names and all
        # (discreet mode is off); ctrl+q quits.
        shown = _read_until(main, lambda out: b"Caseload" in out, limit=30)
        os.write(main, b"\x1bOS")
        shown += _read_until(main, lambda out: b"NAV-CNRY1" in out, limit=15)
        os.write(main, b"\x11")
        shown += _read_until(main, lambda out: False, limit=15)
        assert process.wait(timeout=15) == 0, shown[-2000:]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    assert b"NAV-CNRY1" in shown and CANARY.encode() in shown  # the capture sees the screen
    titles = _TITLE.findall(shown)
    assert not [t for t in titles if CANARY.lower().encode() in t.lower()]
    assert not [t for t in titles if b"NAV-" in t]  # not even a case reference
    assert b"Traceback" not in shown
    assert _scan_files(tmp_path / "home") == []
