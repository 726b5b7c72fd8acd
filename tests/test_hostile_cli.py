"""Every ``navigator`` command with hostile arguments (issue 7, hostile input).

Each exits with its documented code (0 ok, 1 invalid input, 2 usage, 3 cannot unlock,
4 damaged, 5 in use) and no traceback; codes other than 2 print one sentence on stderr.
Usage errors (2) print Click's usual 'Usage:' and 'Try --help' lines and one error.
Nothing outside the intended file is changed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from navigator_tui import cli
from navigator_tui.cli import app
from storage.vault import Vault
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and pipes")


@pytest.fixture(autouse=True)
def _cheap_kdf_and_no_app(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Cheap Argon2 parameters; the Textual app is never started (its start is recorded)."""
    monkeypatch.setenv("NAVIGATOR_INSECURE_TEST_KDF", "1")
    started: list[object] = []
    monkeypatch.setattr(cli, "_run_app", lambda path, vault=None: started.append(path))
    return started


@pytest.fixture
def vault(vault_path: Path) -> Path:
    created, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    created.close()
    return vault_path


def _run(args: list[str], env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, args, env=ENV if env is None else env)


def _expect(result: Result, code: int, *fragments: str) -> str:
    """The exit code, no traceback, and (except for usage errors) one sentence on stderr."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    if code == 2:
        assert "Usage:" in result.stderr and "Error" in result.stderr
    elif code != 0:
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].endswith("."), lines[0]
        assert len(lines[0]) < 300 and lines[0].isprintable()
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)
    return result.stderr.strip()


# --- --vault --------------------------------------------------------------------------

VAULT_COMMANDS = [
    ["check"],
    ["open"],
    ["passphrase"],
    ["backup", "--out", "{tmp}/copy.vault"],
    ["export", "monthly", "--month", "2025-01", "--out", "{tmp}/m.csv"],
    ["export", "funder", "--from", "2025-01", "--to", "2025-02", "--out", "{tmp}/f.csv"],
    ["import", "survivors", "{tmp}/in.csv"],
]


def _args(command: list[str], tmp_path: Path) -> list[str]:
    return [part.format(tmp=tmp_path) for part in command]


@pytest.mark.parametrize("command", VAULT_COMMANDS, ids=lambda c: "-".join(c[:2]))
@pytest.mark.parametrize(
    ("where", "code", "fragment"),
    [
        ("{tmp}/nowhere/caseload.vault", 1, "No vault at"),
        ("{tmp}", 1, "is a folder"),
        ("", 1, "is a folder"),
        ("{tmp}/junk.vault", 4, "not a Navigator vault"),
    ],
    ids=["missing", "folder", "empty", "junk"],
)
def test_hostile_vault_paths(
    tmp_path: Path, command: list[str], where: str, code: int, fragment: str
) -> None:
    (tmp_path / "junk.vault").write_bytes(b"\x00junk" * 100)
    (tmp_path / "in.csv").write_text("case_ref\r\n", encoding="utf-8")
    result = _run(["--vault", where.format(tmp=tmp_path), *_args(command, tmp_path)],
                  env={**ENV, "NAVIGATOR_NEW_PASSPHRASE": "a new and long pass phrase"})
    _expect(result, code)
    assert fragment.lower() in result.stderr.lower()


@POSIX
@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "fifo"])
def test_devices_and_pipes_as_the_vault_are_refused_as_damaged(
    tmp_path: Path, device: str
) -> None:
    if device == "fifo":
        device = str(tmp_path / "fifo.vault")
        os.mkfifo(device)
    _expect(_run(["--vault", device, "check"]), 4, "not a Navigator vault")


@pytest.mark.parametrize("where", ["{tmp}", "", "."])
def test_init_on_a_folder_says_folder_not_already_exists(tmp_path: Path, where: str) -> None:
    """Regression: 'init' on a folder said 'A vault already exists', and an empty --vault
    (or '.') crashed with a ValueError traceback in every command that opens the vault."""
    message = _expect(_run(["--vault", where.format(tmp=tmp_path), "init"]), 1)
    assert "is a folder" in message


# --- --passphrase-file ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        (None, 1, "Cannot read the passphrase file"),  # a folder
        (b"\xff\xfe\x00\x01\x80binary", 1, "not UTF-8"),
        (b"", 1, "empty"),
        (b"\n\n", 1, "empty"),
        (b"not the passphrase\n", 3, "passphrase"),
        (b"x" * (2 * 1024 * 1024), 1, "too long"),
    ],
    ids=["folder", "binary", "empty", "blank-lines", "wrong", "huge-line"],
)
def test_hostile_passphrase_files(
    vault: Path, tmp_path: Path, content: bytes | None, code: int, fragment: str
) -> None:
    secret = tmp_path / "secret"
    if content is None:
        secret.mkdir()
    else:
        secret.write_bytes(content)
    result = _run(["--vault", str(vault), "--passphrase-file", str(secret), "check"], env={})
    assert fragment in _expect(result, code)


def test_missing_passphrase_file(vault: Path, tmp_path: Path) -> None:
    result = _run(["--vault", str(vault), "--passphrase-file", str(tmp_path / "no"), "check"],
                  env={})
    assert "Cannot read the passphrase file" in _expect(result, 1)


@POSIX
def test_endless_passphrase_file_is_read_only_up_to_a_bound(vault: Path) -> None:
    """Regression: --passphrase-file /dev/zero read without end (memory grew until killed)."""
    result = _run(["--vault", str(vault), "--passphrase-file", "/dev/zero", "check"], env={})
    assert "too long" in _expect(result, 1)


@POSIX
def test_passphrase_from_a_pipe_still_works(vault: Path, tmp_path: Path) -> None:
    """Process substitution (--passphrase-file <(pass show ...)) gives a pipe, not a file."""
    import threading

    fifo = tmp_path / "secret.fifo"
    os.mkfifo(fifo)

    def writer() -> None:
        with fifo.open("w", encoding="utf-8") as handle:
            handle.write(PASSPHRASE + "\n")

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    result = _run(["--vault", str(vault), "--passphrase-file", str(fifo), "check"], env={})
    thread.join(5)
    _expect(result, 0, "All good")


# --- demo ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", ["0", "-1", str(10**9), "many", ""])
def test_absurd_demo_sizes_are_usage_errors(vault: Path, tmp_path: Path, count: str) -> None:
    target = tmp_path / "demo.vault"
    result = _run(["--vault", str(vault), "demo", "--survivors", count, "--no-open",
                   "--vault", str(target)])
    _expect(result, 2, "--survivors")
    assert not target.exists()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("notes.txt", b"my own notes, not a vault\n", "replaces only an earlier demo vault"),
        ("caseload-copy.vault", None, "replaces only an earlier demo vault"),
        ("demo-notes.txt", b"my own notes, not a vault\n", "not a Navigator vault"),
    ],
    ids=["other-file", "real-vault-elsewhere", "demo-named-non-vault"],
)
def test_demo_never_replaces_a_file_that_is_not_an_earlier_demo(
    vault: Path, tmp_path: Path, name: str, content: bytes | None, fragment: str
) -> None:
    """Regression: 'navigator demo --vault PATH' deleted whatever was at PATH (and its
    backups) unless it was the very vault named by the global --vault."""
    target = tmp_path / name
    if content is None:
        target.write_bytes(vault.read_bytes())  # a real caseload kept under another name
    else:
        target.write_bytes(content)
    before = target.read_bytes()
    result = _run(["--vault", str(vault), "demo", "--survivors", "3", "--no-open",
                   "--vault", str(target)], env={})
    assert fragment in _expect(result, 1)
    assert target.read_bytes() == before


def test_demo_on_a_folder_is_one_sentence(vault: Path, tmp_path: Path) -> None:
    result = _run(["--vault", str(vault), "demo", "--survivors", "3", "--no-open",
                   "--vault", str(tmp_path)], env={})
    assert "is a folder" in _expect(result, 1)
    assert tmp_path.is_dir()


def test_demo_still_replaces_an_earlier_demo(vault: Path, tmp_path: Path) -> None:
    target = tmp_path / "demo.vault"
    args = ["--vault", str(vault), "demo", "--survivors", "3", "--no-open", "--vault",
            str(target)]
    _expect(_run(args, env={}), 0, "Wrote a demo caseload of 3")
    first = target.read_bytes()
    _expect(_run(args, env={}), 0, "Wrote a demo caseload of 3")
    assert target.read_bytes() != first
