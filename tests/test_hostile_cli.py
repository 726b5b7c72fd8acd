"""Every ``navigator`` command with hostile arguments (issue 7, hostile input).

Each exits with its documented code (0 ok, 1 invalid input, 2 usage, 3 cannot unlock,
4 damaged, 5 in use) and no traceback; codes other than 2 print one sentence on stderr.
Usage errors (2) print Click's usual 'Usage:' and 'Try --help' lines and one error.
Nothing outside the intended file is changed.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from caseload.vault import Vault
from navigator_tui import cli
from navigator_tui.cli import app
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
HYPO = settings(
    max_examples=50,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and pipes")


@pytest.fixture(autouse=True)
def _cheap_kdf_and_no_app(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Cheap Argon2 parameters; the Textual app is never started (its start is recorded)."""
    monkeypatch.setenv("NAVIGATOR_INSECURE_TEST_KDF", "1")
    started: list[object] = []
    monkeypatch.setattr(cli, "_run_app", lambda path, vault=None, demo=None: started.append(path))
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
    assert "unexpected problem" not in result.output  # the catch-all for bugs
    if code == 2:  # Click's usage block, or the command's own one sentence
        lines = result.stderr.splitlines()
        assert ("Usage:" in result.stderr and "Error" in result.stderr) or len(lines) == 1
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
    [],  # no command: open the app
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


@pytest.mark.parametrize("command", VAULT_COMMANDS, ids=lambda c: "-".join(c[:2]) or "app")
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


# --- exports ------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "garbage", "", "2026-1-1", "20261",
                                   "\x1b[31m2026-01", "9" * 5000, "0000-01", "-2026-01"])
def test_bad_months_are_invalid_input(vault: Path, tmp_path: Path, month: str) -> None:
    out = tmp_path / "m.csv"
    result = _run(["--vault", str(vault), "export", "monthly", "--month", month,
                   "--out", str(out)])
    assert "--month" in _expect(result, 1)
    assert "\x1b" not in result.stderr and len(result.stderr) < 200
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "code", "fragment"),
    [
        (["--from", "2025-06", "--to", "2025-01"], 1, "--to must not be earlier"),
        (["--from", "2025-13", "--to", "2025-01"], 1, "--from"),
        (["--from", "2025-01", "--to", "garbage"], 1, "--to"),
        (["--from", "2025-01", "--to", "2025-02", "--threshold", "0"], 2, "--threshold"),
        (["--from", "2025-01", "--to", "2025-02", "--threshold", "-1"], 2, "--threshold"),
        (["--from", "2025-01", "--to", "2025-02", "--threshold", "1"], 2, "--threshold"),
        (["--from", "2025-01", "--to", "2025-02", "--threshold", str(10**9)], 2, "--threshold"),
        (["--from", "2025-01", "--to", "2025-02", "--round", "-5"], 2, "--round"),
        (["--from", "2025-01"], 2, "--to"),
        (["--from", "2999-01", "--to", "2999-02"], 1, "not started"),
    ],
    ids=["from-after-to", "bad-from", "bad-to", "threshold-0", "threshold-minus-1",
         "threshold-1", "threshold-huge", "round-negative", "no-to", "future"],
)
def test_bad_funder_periods_and_thresholds(
    vault: Path, tmp_path: Path, extra: list[str], code: int, fragment: str
) -> None:
    out = tmp_path / "f.csv"
    result = _run(["--vault", str(vault), "export", "funder", *extra, "--out", str(out)])
    _expect(result, code, fragment)
    assert not out.exists()


@pytest.mark.parametrize(
    ("out", "fragment"),
    [("{tmp}", "is a folder"), ("{tmp}/nowhere/x.csv", "does not exist"),
     ("{tmp}/exists.csv", "--force")],
    ids=["folder", "missing-folder", "exists"],
)
@pytest.mark.parametrize(
    "command",
    [["export", "monthly", "--month", "2025-01"],
     ["export", "funder", "--from", "2025-01", "--to", "2025-02"],
     ["export", "dictionary"],
     ["import", "survivors", "--template"]],
    ids=["monthly", "funder", "dictionary", "template"],
)
def test_bad_output_paths(
    vault: Path, tmp_path: Path, command: list[str], out: str, fragment: str
) -> None:
    (tmp_path / "exists.csv").write_text("keep me", encoding="utf-8")
    target = out.format(tmp=tmp_path)
    flag = [] if command[-1] == "--template" else ["--out"]
    result = _run(["--vault", str(vault), *command, *flag, target])
    assert fragment in _expect(result, 1)
    assert (tmp_path / "exists.csv").read_text(encoding="utf-8") == "keep me"


# --- backup, restore, import arguments -------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["backup", "--out", "{tmp}"], 1, "already exists"),
        (["backup", "--out", "{tmp}/nowhere/b.vault"], 1, ""),
        (["backup"], 2, "--out"),
        (["restore"], 2, "--from"),
        (["restore", "--from", "{tmp}", "--yes"], 1, "No backup at"),
        (["restore", "--from", "{tmp}/none.vault", "--yes"], 1, "No backup at"),
        (["restore", "--from", "{tmp}/junk.vault", "--yes"], 4, "not a Navigator vault"),
        (["restore", "--from", "{tmp}/junk.vault"], 1, "--yes"),
        (["import", "survivors"], 2, "FILE.csv"),
        (["import", "sideways", "x.csv"], 2, "sideways"),
        (["no-such-command"], 2, "no-such-command"),
        (["check", "--bogus"], 2, "--bogus"),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else str(v),
)
def test_backup_restore_and_import_arguments(
    vault: Path, tmp_path: Path, args: list[str], code: int, fragment: str
) -> None:
    (tmp_path / "junk.vault").write_bytes(b"\x00junk" * 100)
    before = vault.read_bytes()
    result = _run(["--vault", str(vault), *_args(args, tmp_path)])
    _expect(result, code, fragment)
    assert vault.read_bytes() == before


def test_wrong_passphrase_is_3_and_a_vault_in_use_is_5(vault: Path, tmp_path: Path) -> None:
    for command in (["check"], ["export", "monthly", "--month", "2025-01", "--out",
                                str(tmp_path / "m.csv")]):
        _expect(_run(["--vault", str(vault), *command],
                     env={"NAVIGATOR_PASSPHRASE": "not the pass phrase"}), 3)
        with Vault.open(vault, PASSPHRASE):
            _expect(_run(["--vault", str(vault), *command]), 5, "already open")


# --- a read-only folder -------------------------------------------------------------------


class ReadOnly(list[Path]):
    """Folders that refuse new files; call with a folder to add it, ``clear()`` to lift."""

    def __call__(self, folder: Path) -> None:
        self.append(folder.resolve())


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> ReadOnly:
    """Make a folder refuse new files with EACCES, as a read-only folder does for any user
    but root (the tests may run as root, where chmod would not bite)."""
    folders = ReadOnly()
    real_os_open = os.open
    real_open = builtins.open

    def blocked(path: object) -> bool:
        try:
            parent = Path(os.fsdecode(path)).resolve().parent  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return parent in folders

    def os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR) and blocked(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def open_(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+") and blocked(
            file
        ):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    return folders


def test_init_in_a_read_only_folder(
    tmp_path: Path, read_only: ReadOnly
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder)
    _expect(_run(["--vault", str(folder / "caseload.vault"), "init"]), 1)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [["export", "dictionary", "--out", "{tmp}/locked/d.md"],
     ["backup", "--out", "{tmp}/locked/b.vault"],
     ["export", "monthly", "--month", "2025-01", "--out", "{tmp}/locked/m.csv"]],
    ids=["dictionary", "backup", "monthly"],
)
def test_writing_into_a_read_only_folder(
    vault: Path, tmp_path: Path, read_only: ReadOnly, command: list[str]
) -> None:
    """Outputs into a read-only folder: one sentence, exit 1, nothing changed."""
    locked = tmp_path / "locked"
    locked.mkdir()
    read_only(locked)
    before = vault.read_bytes()
    message = _expect(_run(["--vault", str(vault), *_args(command, tmp_path)]), 1)
    assert "denied" in message.lower() or "permission" in message.lower(), message
    assert list(locked.iterdir()) == [] and vault.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [["check"], ["backup", "--out", "{tmp}/out/b.vault"], ["restore", "--list"],
     ["export", "monthly", "--month", "2025-01", "--out", "{tmp}/out/m.csv"],
     ["export", "funder", "--from", "2025-01", "--to", "2025-03", "--out", "{tmp}/out/f.csv"]],
    ids=["check", "backup", "restore-list", "monthly", "funder"],
)
def test_reading_a_vault_on_read_only_media(
    vault: Path, tmp_path: Path, read_only: ReadOnly, command: list[str]
) -> None:
    """A vault whose folder cannot be written (no lock file can be made beside it) is
    opened read-only with a note: checking, copying and exporting work, nothing is saved."""
    (tmp_path / "out").mkdir()
    read_only(vault.parent)
    before = sorted(p.name for p in vault.parent.iterdir()), vault.read_bytes()
    result = _run(["--vault", str(vault), *_args(command, tmp_path)])
    _expect(result, 0)
    if command != ["restore", "--list"]:  # the listing opens no vault
        assert "Opened read-only" in result.stderr, result.stderr
    assert (sorted(p.name for p in vault.parent.iterdir()), vault.read_bytes()) == before
    written = 0 if command[0] in ("check", "restore") else 1
    assert len(list((tmp_path / "out").iterdir())) == written


def test_saving_commands_refuse_a_vault_on_read_only_media(
    vault: Path, tmp_path: Path, read_only: ReadOnly
) -> None:
    data = tmp_path / "in.csv"
    data.write_text("case_ref\r\n", encoding="utf-8")
    read_only(vault.parent)
    before = vault.read_bytes()
    message = _expect(_run(["--vault", str(vault), "import", "survivors", str(data)]), 1)
    assert "cannot be written" in message and "nothing was changed" in message, message
    assert vault.read_bytes() == before


def test_import_whose_save_meets_a_read_only_folder_keeps_the_vault(
    vault: Path, tmp_path: Path, read_only: ReadOnly
) -> None:
    """The import itself is fine; the save fails, so nothing is imported and the vault on
    disk is unchanged."""
    from sqlmodel import select

    from caseload.models import Survivor
    from exports.import_survivors import COLUMNS
    from storage import vault as vault_module

    data = tmp_path / "in.csv"
    names = [c.name for c in COLUMNS if c.required]
    data.write_text(",".join(names) + "\r\nOLD-1,Testa,Example,,,female,,labour,nrm,Testshire,"
                    "2024-01-01,open\r\n", encoding="utf-8")
    before = vault.read_bytes()
    real_open = vault_module.Vault.open.__func__  # type: ignore[attr-defined]

    def open_then_lock_folder(cls: type, path: Path, *args: object, **kwargs: object) -> object:
        opened = real_open(cls, path, *args, **kwargs)
        read_only(Path(path).parent)  # the folder turns read-only once the vault is open
        return opened

    vault_module_patch = pytest.MonkeyPatch()
    vault_module_patch.setattr(vault_module.Vault, "open", classmethod(open_then_lock_folder))
    try:
        result = _run(["--vault", str(vault), "import", "survivors", str(data)])
    finally:
        vault_module_patch.undo()
        read_only.clear()
    message = _expect(result, 1)
    assert "unchanged" in message or "read-only" in message, message
    assert vault.read_bytes() == before
    with Vault.open(vault, PASSPHRASE) as reopened, reopened.session() as s:
        assert list(s.exec(select(Survivor))) == []


# --- secrets from the environment ---------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "command", "code"),
    [
        ({"NAVIGATOR_RECOVERY_KEY": "garbage"}, ["recover"], 3),
        ({"NAVIGATOR_RECOVERY_KEY": "A" * 100_000}, ["recover"], 3),
        ({"NAVIGATOR_RECOVERY_KEY": "\x1b[2J;rm -rf"}, ["recover"], 3),
        ({**ENV, "NAVIGATOR_NEW_PASSPHRASE": "short"}, ["passphrase"], 1),
        ({**ENV, "NAVIGATOR_NEW_PASSPHRASE": ""}, ["passphrase"], 1),
        ({"NAVIGATOR_PASSPHRASE": "x" * 1_000_000}, ["check"], 3),
    ],
    ids=["key-garbage", "key-huge", "key-escapes", "new-weak", "new-empty", "huge-passphrase"],
)
def test_hostile_secrets(
    vault: Path, env: dict[str, str], command: list[str], code: int
) -> None:
    before = vault.read_bytes()
    _expect(_run(["--vault", str(vault), *command], env=env), code)
    assert "\x1b" not in _run(["--vault", str(vault), *command], env=env).output
    assert vault.read_bytes() == before


@HYPO
@given(month=st.text(max_size=30))
def test_any_month_text_is_invalid_input_or_a_month(vault_path: Path, month: str) -> None:
    """Checked before the vault is opened: with no vault here, a valid month reaches
    'No vault at' (also exit 1); nothing else may happen."""
    assume("\x00" not in month)
    result = _run(["--vault", str(vault_path), "export", "monthly", "--month", month,
                   "--out", str(vault_path.parent / "m.csv")])
    _expect(result, 1)


@HYPO
@given(start=st.text(max_size=12), end=st.text(max_size=12))
def test_any_funder_period_text_is_invalid_input(vault_path: Path, start: str, end: str) -> None:
    assume("\x00" not in start + end)
    result = _run(["--vault", str(vault_path), "export", "funder", "--from", start, "--to",
                   end, "--out", str(vault_path.parent / "f.csv")])
    _expect(result, 1)
