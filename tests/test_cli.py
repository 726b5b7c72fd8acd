"""The navigator command through Typer's runner (and a subprocess for start-up and imports)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caseload.vault import Vault
from navigator_tui.cli import app
from storage.backups import list_backups
from storage.vault import read_header
from storage.vault_format import PRODUCTION_KDF, TEST_KDF
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVIGATOR_INSECURE_TEST_KDF", "1")


def _run(vault: Path, *args: str, env: dict[str, str] | None = None) -> object:
    return runner.invoke(app, ["--vault", str(vault), *args], env=env or {})


def _init(vault: Path) -> str:
    result = _run(vault, "init", env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 0, result.output
    return result.output


def test_init_prints_the_recovery_key_once_and_refuses_to_overwrite(vault_path: Path) -> None:
    out = _init(vault_path)
    key_lines = [line.strip() for line in out.splitlines() if line.count("-") == 7]
    assert len(key_lines) == 1
    before = vault_path.read_bytes()
    again = _run(vault_path, "init", env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert vault_path.read_bytes() == before
    with Vault.open(vault_path, recovery_key=key_lines[0]):
        pass


def test_init_refuses_a_weak_passphrase_with_a_reason(vault_path: Path) -> None:
    result = _run(vault_path, "init", env={"NAVIGATOR_PASSPHRASE": "short"})
    assert result.exit_code == 1
    assert "too short" in result.output
    assert not vault_path.exists()


@pytest.fixture
def known_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """The next vault's recovery key, known in advance so a test can type it back."""
    from storage import vault_format

    raw = b"fictional-key-01238h"  # its last group, GODI, has an O and an I
    monkeypatch.setattr(vault_format, "new_recovery_key", lambda: raw)
    return vault_format.format_recovery_key(raw)


@pytest.fixture
def at_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A person at a terminal types the answers (CliRunner's stdin is no terminal)."""
    from navigator_tui.cli import common as cli_common

    monkeypatch.setattr(cli_common, "_interactive", lambda: True)


def test_init_at_a_terminal_asks_twice_hidden_and_refuses_weak_ones(
    vault_path: Path, known_key: str, at_terminal: None
) -> None:
    """The interactive path: a weak one is refused with its reason, two that differ are
    asked again, and nothing typed is echoed."""
    chosen = "ochre kettle under marram"
    typed = ["tiny", chosen, "ochre kettle under marran", chosen, chosen]
    typed.append(known_key.rsplit("-", 1)[1])
    result = runner.invoke(app, ["--vault", str(vault_path), "init"], input="\n".join(typed))
    assert result.exit_code == 0, result.output
    assert "too short" in result.stderr
    assert "differ" in result.stderr
    assert result.output.count("New passphrase") == 3
    assert result.output.count("Type it again") == 2
    for text in typed[:-1]:
        assert text not in result.output
    assert [line for line in result.stdout.splitlines() if line.count("-") == 7]
    with Vault.open(vault_path, chosen):
        pass
    checked = runner.invoke(app, ["--vault", str(vault_path), "check"], input=chosen + "\n")
    assert checked.exit_code == 0, checked.output
    assert chosen not in checked.output


INIT_PASSPHRASE = "ochre kettle under marram"
KEY_QUESTION = "type its last group"


def _init_at_terminal(vault: Path, *answers: str) -> object:
    typed = [INIT_PASSPHRASE, INIT_PASSPHRASE, *answers]
    return runner.invoke(app, ["--vault", str(vault), "init"], input="\n".join(typed) + "\n")


@pytest.mark.parametrize("answer", ["last-sloppy", "whole-key"])
def test_init_has_the_last_group_typed_back_and_explains_a_wrong_one(
    vault_path: Path, known_key: str, at_terminal: None, answer: str
) -> None:
    """Typed as people copy from paper: lower case, spaces, 0 for O and 1 for I are fine,
    and so is the whole key."""
    last = known_key.rsplit("-", 1)[1]
    sloppy = " ".join(last.lower()).replace("o", "0").replace("i", "1")
    typed = sloppy if answer == "last-sloppy" else known_key.replace("-", " ")
    result = _init_at_terminal(vault_path, known_key.split("-")[0], typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.count(KEY_QUESTION) == 2
    assert result.stderr.count("not the last group") == 1
    assert "Recovery key checked" in result.stdout
    assert "\x1b" not in result.output  # not a terminal: nothing is cleared
    assert known_key in result.stdout
    with Vault.open(vault_path, recovery_key=known_key):
        pass


def test_init_at_a_terminal_clears_the_key_once_it_is_checked(
    vault_path: Path, known_key: str, at_terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from navigator_tui.cli import common as cli_common

    monkeypatch.setattr(cli_common, "_stdout_is_terminal", lambda: True)
    result = _init_at_terminal(vault_path, known_key.rsplit("-", 1)[1])
    assert result.exit_code == 0, result.output
    shown, cleared = result.stdout.split("\x1b[H\x1b[2J\x1b[3J")
    assert known_key in shown and KEY_QUESTION in shown
    assert known_key not in cleared and "Recovery key checked" in cleared


def test_init_gives_up_after_three_wrong_groups_and_leaves_the_key_on_screen(
    vault_path: Path, known_key: str, at_terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from navigator_tui.cli import common as cli_common

    monkeypatch.setattr(cli_common, "_stdout_is_terminal", lambda: True)
    result = _init_at_terminal(vault_path, "ZZZZ", "QQQ", "QQQQ", known_key.rsplit("-", 1)[1])
    assert result.exit_code == 1, result.output
    assert result.stdout.count(KEY_QUESTION) == 3
    assert "\x1b" not in result.output and known_key in result.stdout
    assert result.stderr.count("not the last group") == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "The vault was created but its recovery key was not checked: it stays on the screen "
        "above, so write it down now (it is never shown again)."
    )
    with Vault.open(vault_path, recovery_key=known_key):
        pass


def test_init_without_a_terminal_asks_nothing_back(vault_path: Path, tmp_path: Path) -> None:
    """Scripts and tests (a passphrase from the environment or a file) are not asked."""
    out = _init(vault_path)
    assert KEY_QUESTION not in out and "\x1b" not in out
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    other = tmp_path / "other.vault"
    result = runner.invoke(app, ["--vault", str(other), "--passphrase-file", str(secret), "init"])
    assert result.exit_code == 0, result.output
    assert KEY_QUESTION not in result.output


def test_init_without_terminal_or_passphrase_explains(vault_path: Path) -> None:
    result = _run(vault_path, "init")
    assert result.exit_code == 1
    assert "--passphrase-file" in result.output or "NAVIGATOR_PASSPHRASE" in result.output


def test_production_kdf_is_used_without_the_test_switch(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from navigator_tui.cli.common import Options

    monkeypatch.delenv("NAVIGATOR_INSECURE_TEST_KDF")
    assert Options(vault=vault_path).kdf() == PRODUCTION_KDF
    monkeypatch.setenv("NAVIGATOR_INSECURE_TEST_KDF", "1")
    assert Options(vault=vault_path).kdf() == TEST_KDF


def test_passphrase_change_and_recover_use_the_production_kdf(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new passphrase gets today's production parameters, not the old slot's (a vault
    made with weaker ones is brought up to date). PRODUCTION_KDF is swapped for distinct,
    cheap parameters so the test does not pay for 256 MiB of Argon2."""
    from storage import vault_format

    out = _init(vault_path)
    recovery = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    assert read_header(vault_path).slot("passphrase").kdf == TEST_KDF
    stand_in = vault_format.KdfParams(memory_kib=128, iterations=2, lanes=2)
    monkeypatch.setattr(vault_format, "PRODUCTION_KDF", stand_in)
    monkeypatch.delenv("NAVIGATOR_INSECURE_TEST_KDF")
    changed = _run(
        vault_path,
        "passphrase",
        env={"NAVIGATOR_PASSPHRASE": PASSPHRASE, "NAVIGATOR_NEW_PASSPHRASE": "second long one"},
    )
    assert changed.exit_code == 0, changed.output
    assert read_header(vault_path).slot("passphrase").kdf == stand_in
    with Vault.open(vault_path, recovery_key=recovery) as vault:
        vault.change_passphrase("third long passphrase", TEST_KDF)
    recovered = _run(
        vault_path,
        "recover",
        env={"NAVIGATOR_RECOVERY_KEY": recovery, "NAVIGATOR_NEW_PASSPHRASE": "fourth long one"},
    )
    assert recovered.exit_code == 0, recovered.output
    assert read_header(vault_path).slot("passphrase").kdf == stand_in
    with Vault.open(vault_path, "fourth long one"):
        pass


def test_wrong_passphrase_exits_3_and_changes_nothing(vault_path: Path) -> None:
    _init(vault_path)
    before = vault_path.read_bytes()
    result = _run(vault_path, "check", env={"NAVIGATOR_PASSPHRASE": "not the right words"})
    assert result.exit_code == 3
    assert "Wrong passphrase" in result.output
    assert "Traceback" not in result.output
    assert vault_path.read_bytes() == before


def test_passphrase_file_is_read(vault_path: Path, tmp_path: Path) -> None:
    _init(vault_path)
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["--vault", str(vault_path), "--passphrase-file", str(secret), "check"]
    )
    assert result.exit_code == 0, result.output
    assert "All good" in result.output


def test_damaged_vault_exits_4(vault_path: Path) -> None:
    _init(vault_path)
    blob = bytearray(vault_path.read_bytes())
    blob[-5] ^= 0xFF
    vault_path.write_bytes(bytes(blob))
    result = _run(vault_path, "check", env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 4
    assert "damaged" in result.output


def test_a_flipped_byte_in_any_part_of_the_file_exits_4(vault_path: Path) -> None:
    """Through the command: every part of the file (see tests/test_vault.py), one sentence."""
    from tests.test_vault import _locate_parts

    _init(vault_path)
    good = vault_path.read_bytes()
    for part, offset in _locate_parts(good).items():
        damaged = bytearray(good)
        damaged[offset] ^= 0x04
        vault_path.write_bytes(bytes(damaged))
        result = _run(vault_path, "check", env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
        assert result.exit_code == 4, (part, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, (part, result.stderr)
        assert "Traceback" not in result.output
        assert vault_path.read_bytes() == bytes(damaged), part


def test_no_command_open_and_demo_start_the_app(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`navigator`, `navigator open` and `navigator demo` hand the right vault to the app.

    Without a passphrase from a file or the environment the app starts locked (its unlock
    screen asks); with one, the vault is unlocked before the app starts.
    """
    from navigator_tui import cli

    started: list[tuple[Path, object]] = []
    monkeypatch.setattr(
        cli, "_run_app", lambda path, vault=None, demo=None: started.append((path, vault))
    )
    _init(vault_path)
    for args in ([], ["open"]):
        assert _run(vault_path, *args).exit_code == 0
        assert started.pop() == (vault_path, None)
        result = _run(vault_path, *args, env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
        assert result.exit_code == 0, result.output
        path, vault = started.pop()
        assert path == vault_path and isinstance(vault, Vault) and vault.path == vault_path
        vault.close()
    result = _run(vault_path, "demo", "--survivors", "3")
    assert result.exit_code == 0, result.output
    path, vault = started.pop()
    assert path == vault_path.with_name("demo.vault").resolve()
    assert isinstance(vault, Vault) and vault.path == path
    vault.close()
    assert started == []


def test_missing_vault_is_a_clear_error(vault_path: Path) -> None:
    result = _run(vault_path, "check", env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 1
    assert "navigator init" in result.output


def test_usage_error_exits_2(vault_path: Path) -> None:
    result = _run(vault_path, "no-such-command")
    assert result.exit_code == 2


def test_check_verifies_backups_and_reports_a_damaged_one(vault_path: Path) -> None:
    _init(vault_path)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        vault.save()
        vault.save()
    env = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
    ok = _run(vault_path, "check", env=env)
    assert ok.exit_code == 0, ok.output
    assert "Backups: 2 of 2 verified" in ok.output
    total = sum(b.path.stat().st_size for b in list_backups(vault_path))
    ratio = total / vault_path.stat().st_size
    assert f"{total / 1_000_000:.1f} MB in all ({ratio:.1f} times the vault's" in ok.output
    damaged = list_backups(vault_path)[0].path
    blob = bytearray(damaged.read_bytes())
    blob[-3] ^= 0x10
    damaged.write_bytes(bytes(blob))
    bad = _run(vault_path, "check", env=env)
    assert bad.exit_code == 4
    assert damaged.name in bad.output


def test_passphrase_change_and_recover(vault_path: Path) -> None:
    out = _init(vault_path)
    recovery = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    changed = _run(
        vault_path,
        "passphrase",
        env={
            "NAVIGATOR_PASSPHRASE": PASSPHRASE,
            "NAVIGATOR_NEW_PASSPHRASE": "second long passphrase",
        },
    )
    assert changed.exit_code == 0, changed.output
    with Vault.open(vault_path, "second long passphrase"):
        pass
    weak = _run(
        vault_path,
        "recover",
        env={"NAVIGATOR_RECOVERY_KEY": recovery, "NAVIGATOR_NEW_PASSPHRASE": "123"},
    )
    assert weak.exit_code == 1
    recovered = _run(
        vault_path,
        "recover",
        env={
            "NAVIGATOR_RECOVERY_KEY": recovery,
            "NAVIGATOR_NEW_PASSPHRASE": "third long passphrase",
        },
    )
    assert recovered.exit_code == 0, recovered.output
    with Vault.open(vault_path, "third long passphrase"):
        pass
    bad_key = _run(
        vault_path,
        "recover",
        env={"NAVIGATOR_RECOVERY_KEY": "AAAA-" * 7 + "AAAA", "NAVIGATOR_NEW_PASSPHRASE": "x" * 20},
    )
    assert bad_key.exit_code == 3


def test_backup_writes_an_encrypted_copy_and_refuses_to_overwrite(
    vault_path: Path, tmp_path: Path
) -> None:
    _init(vault_path)
    out = tmp_path / "copy.vault"
    env = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
    assert _run(vault_path, "backup", "--out", str(out), env=env).exit_code == 0
    assert read_header(out).vault_id == read_header(vault_path).vault_id
    again = _run(vault_path, "backup", "--out", str(out), env=env)
    assert again.exit_code == 1
    with Vault.open(out, PASSPHRASE):
        pass


def test_demo_writes_beside_the_real_vault_and_never_over_it(vault_path: Path) -> None:
    _init(vault_path)
    real_before = vault_path.read_bytes()
    result = _run(vault_path, "demo", "--survivors", "5", "--no-open")
    assert result.exit_code == 0, result.output
    demo_path = vault_path.with_name("demo.vault")
    passphrase = next(
        line.split(":", 1)[1].strip() for line in result.output.splitlines() if "passphrase" in line
    )
    with Vault.open(demo_path, passphrase):
        pass
    assert vault_path.read_bytes() == real_before
    refused = _run(vault_path, "demo", "--vault", str(vault_path), "--no-open")
    assert refused.exit_code == 1
    assert vault_path.read_bytes() == real_before


def test_libraries_import_without_textual() -> None:
    """storage, assessments, exports and the CLI module load without Textual (fast start-up)."""
    code = (
        "import importlib, json, pkgutil, sys\n"
        "names = ['navigator_tui.cli', 'navigator_tui.cli.common']\n"
        "for pkg in ('storage', 'assessments', 'exports'):\n"
        "    mod = importlib.import_module(pkg)\n"
        "    names += [f'{pkg}.{m.name}' for m in pkgutil.iter_modules(mod.__path__)]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps([len(names), sorted(m for m in sys.modules if m.startswith('textual'))]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr
    count, textual_modules = json.loads(out.stdout)
    assert count > 10
    assert textual_modules == []


def test_help_is_fast_and_lists_the_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "navigator_tui.cli", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"},
        check=True,
    )
    for command in ("init", "open", "demo", "check", "passphrase", "recover", "backup"):
        assert command in out.stdout


def test_an_unexpected_error_is_one_sentence_without_traceback(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _init(vault_path)

    def broken(self: Vault) -> list[str]:
        raise ValueError("ZZSECRETDETAIL from deep inside")

    monkeypatch.setattr(Vault, "integrity_problems", broken)
    result = _run(vault_path, "check", env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 1
    assert "unexpected problem (ValueError)" in result.output
    assert "ZZSECRETDETAIL" not in result.output
    assert "Traceback" not in result.output


def test_a_vault_open_elsewhere_is_refused_before_the_passphrase_is_asked(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from navigator_tui.cli import common as cli_common
    from tests.conftest import PASSPHRASE, TEST_KDF

    monkeypatch.setattr(cli_common, "_interactive", lambda: True)
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    try:
        result = runner.invoke(app, ["--vault", str(vault_path), "check"], input=PASSPHRASE)
    finally:
        vault.close()
    assert result.exit_code == 5, result.output
    assert "Passphrase" not in result.output and "already open" in result.output
    again = runner.invoke(app, ["--vault", str(vault_path), "check"], input=PASSPHRASE + "\n")
    assert again.exit_code == 0, again.output


#: Every command that opens an existing vault (each takes the vault's lock).
LOCKING_COMMANDS = [
    [],
    ["open"],
    ["check"],
    ["passphrase"],
    ["recover"],
    ["backup", "--out", "{tmp}/copy.vault"],
    ["restore", "--from", "{tmp}/old.vault"],
    ["restore", "--from", "{tmp}/old.vault", "--yes", "--recovery-key"],
    ["import", "survivors", "{tmp}/in.csv"],
    ["export", "monthly", "--month", "2026-01", "--out", "{tmp}/m.csv"],
    ["export", "funder", "--from", "2026-01", "--to", "2026-02", "--out", "{tmp}/f.csv"],
]


@pytest.mark.parametrize("interactive", [True, False], ids=["terminal", "script"])
@pytest.mark.parametrize(
    "command",
    LOCKING_COMMANDS,
    ids=["app", "open", "check", "passphrase", "recover", "backup", "restore", "restore-key",
         "import", "export-monthly", "export-funder"],
)
def test_every_command_refuses_a_vault_in_use_before_asking_for_anything(
    vault_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    interactive: bool,
) -> None:
    """No passphrase in a file or the environment: at a terminal the command would prompt,
    in a script it would say there is none. Either way a vault held by another Navigator
    comes first: exit 5, one sentence, no prompt, the app not started."""
    import typer

    from navigator_tui import cli
    from navigator_tui.cli import common as cli_common

    asked: list[str] = []

    def no_prompt(text: str, *args: object, **kwargs: object) -> str:
        asked.append(text)
        raise AssertionError(f"asked {text!r}")

    monkeypatch.setattr(cli_common, "_interactive", lambda: interactive)
    monkeypatch.setattr(typer, "prompt", no_prompt)
    monkeypatch.setattr(typer, "confirm", no_prompt)
    started: list[Path] = []
    monkeypatch.setattr(cli, "_run_app", lambda path, vault=None, **kw: started.append(path))
    (tmp_path / "in.csv").write_text("case_ref\r\n", encoding="utf-8")
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    try:
        vault.backup_to(tmp_path / "old.vault")
        args = [part.format(tmp=tmp_path) for part in command]
        result = runner.invoke(app, ["--vault", str(vault_path), *args], input=PASSPHRASE + "\n")
        before = vault_path.read_bytes()
    finally:
        vault.close()
    assert result.exit_code == 5, (result.output, result.exception)
    assert result.stderr.strip().splitlines() == [
        "This vault is already open in another Navigator window or process; close it first."
    ]
    assert asked == [] and started == []
    assert vault_path.read_bytes() == before
    assert not (tmp_path / "copy.vault").exists() and not (tmp_path / "m.csv").exists()


def test_a_vault_held_by_another_process_exits_5_without_reading_stdin(
    vault_path: Path, tmp_path: Path
) -> None:
    """A real second process whose stdin is a pipe kept open and never written to: had it
    waited for a passphrase there, it would hang until the timeout."""
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    try:
        for command in (["check"], ["recover"], ["backup", "--out", str(tmp_path / "c.vault")]):
            out, err = tmp_path / "out.txt", tmp_path / "err.txt"
            with out.open("w") as stdout, err.open("w") as stderr:
                child = subprocess.Popen(
                    [sys.executable, "-m", "navigator_tui.cli", "--vault", str(vault_path),
                     *command],
                    stdin=subprocess.PIPE,
                    stdout=stdout,
                    stderr=stderr,
                    cwd=ROOT,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
                try:
                    code = child.wait(timeout=60)
                finally:
                    child.kill()
                    assert child.stdin is not None
                    child.stdin.close()
            said = out.read_text() + err.read_text()
            assert code == 5, (command, said)
            assert "already open" in said and "passphrase:" not in said.lower()
    finally:
        vault.close()


def test_demo_checks_its_own_vault_not_the_real_one(vault_path: Path) -> None:
    """With a passphrase given, the demo asks whether the demo vault is in use: the real
    caseload open in another window does not stop it, an open demo vault does."""
    env = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
    real, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    try:
        made = _run(vault_path, "demo", "--survivors", "2", "--no-open", env=env)
        assert made.exit_code == 0, made.output
    finally:
        real.close()
    with Vault.open(vault_path.with_name("demo.vault"), PASSPHRASE):
        busy = _run(vault_path, "demo", "--survivors", "2", "--no-open", env=env)
    assert busy.exit_code == 5 and "already open" in busy.stderr


def test_only_the_passphrase_the_demo_chose_reaches_the_app(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`navigator demo` hands the app the passphrase it made up and printed (the unlock
    screen shows it after a lock); not one the user gave, and `open` never hands one."""
    from navigator_tui import cli

    started: list[tuple[Path, str | None]] = []

    def run_app(path: Path, vault: object = None, demo: str | None = None) -> None:
        started.append((path, demo))
        if isinstance(vault, Vault):
            vault.close()

    monkeypatch.setattr(cli, "_run_app", run_app)
    demo_path = vault_path.with_name("demo.vault").resolve()
    made = _run(vault_path, "demo", "--survivors", "2")
    assert made.exit_code == 0, made.output
    printed = next(
        line.split(":", 1)[1].strip() for line in made.output.splitlines()
        if line.startswith("Demo passphrase:")
    )
    assert started.pop() == (demo_path, printed)
    given = _run(vault_path, "demo", "--survivors", "2", env={"NAVIGATOR_PASSPHRASE": PASSPHRASE})
    assert given.exit_code == 0, given.output
    assert started.pop() == (demo_path, None)
    for env in ({}, {"NAVIGATOR_PASSPHRASE": PASSPHRASE}):
        opened = _run(demo_path, "open", env=env)
        assert opened.exit_code == 0, opened.output
        assert started.pop() == (demo_path, None)
