"""Shared pieces of the ``navigator`` command: options, passphrases, errors.

Kept free of Textual so that ``navigator --help`` and the export commands start fast.
Every failure becomes one sentence on stderr and an exit code (see caseload.errors);
no traceback reaches the user.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import typer

from caseload.errors import EXIT_INVALID_INPUT, InvalidInput, NavigatorError

APP_NAME = "navigator"
ENV_VAULT = "NAVIGATOR_VAULT"
ENV_PASSPHRASE = "NAVIGATOR_PASSPHRASE"
ENV_NEW_PASSPHRASE = "NAVIGATOR_NEW_PASSPHRASE"
ENV_RECOVERY_KEY = "NAVIGATOR_RECOVERY_KEY"
#: Show tracebacks of unexpected errors (they may contain personal data).
ENV_DEBUG = "NAVIGATOR_DEBUG"
#: Test and benchmark switch: cheap Argon2 parameters (same code path). Never for real data.
ENV_TEST_KDF = "NAVIGATOR_INSECURE_TEST_KDF"

F = TypeVar("F", bound=Callable[..., Any])


def default_vault_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "caseload.vault"


@dataclass
class Options:
    """Global options, kept on the Typer context."""

    vault: Path
    passphrase_file: Path | None = None

    def kdf(self) -> Any:
        from storage import vault_format

        if os.environ.get(ENV_TEST_KDF) == "1":
            return vault_format.TEST_KDF
        return vault_format.PRODUCTION_KDF


def options(ctx: typer.Context) -> Options:
    """The global options; a --vault that names a folder ('', '.', '/') is refused here."""
    obj = ctx.find_root().obj
    if not isinstance(obj, Options):
        obj = Options(vault=default_vault_path())
        ctx.find_root().obj = obj
    if not obj.vault.name or obj.vault.is_dir():
        raise InvalidInput(
            f"{obj.vault.absolute()} is a folder, not a vault file; give --vault a file name."
        )
    return obj


def say_error(message: str) -> None:
    typer.echo(message, err=True)


def friendly_errors(func: F) -> F:
    """Turn NavigatorError (and a few OS errors) into one stderr sentence and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NavigatorError as exc:
            say_error(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            say_error("Stopped.")
            raise typer.Exit(130) from None
        except PermissionError as exc:
            say_error(f"Permission denied: {exc.filename or 'a file'} cannot be used.")
            raise typer.Exit(EXIT_INVALID_INPUT) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as exc:
            # A bug, not a user mistake. A traceback could carry personal data (values
            # in messages and frames), so it is shown only when NAVIGATOR_DEBUG=1.
            if os.environ.get(ENV_DEBUG) == "1":
                raise
            say_error(
                f"Navigator hit an unexpected problem ({type(exc).__name__}); nothing was "
                "changed after the last save. Set NAVIGATOR_DEBUG=1 to see the details."
            )
            raise typer.Exit(EXIT_INVALID_INPUT) from None

    return wrapper  # type: ignore[return-value]


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


#: A passphrase file is read only this far (``/dev/zero`` would never end); a pipe is
#: fine (``--passphrase-file <(pass show navigator)``).
MAX_SECRET_FILE_BYTES = 64 * 1024


def _read_secret_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SECRET_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(f"Cannot read the passphrase file ({exc.strerror}).") from None
    if len(data) > MAX_SECRET_FILE_BYTES:
        end = data.find(b"\n")
        if end < 0:
            raise InvalidInput("The passphrase file's first line is too long for a passphrase.")
        data = data[:end]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("The passphrase file is not UTF-8 text.") from None
    secret = text.splitlines()[0] if text.splitlines() else ""
    if not secret:
        raise InvalidInput("The passphrase file is empty.")
    return secret


def refuse_if_in_use(vault: Path) -> None:
    """Refuse (VaultInUse, exit 5) at once when another Navigator holds the vault's lock.

    Called before any secret is asked for or read, so nobody types a passphrase (or waits
    for a script's) only to be told the vault is busy; the open takes the lock for good.
    """
    from storage.vault import refuse_if_in_use as try_lock

    try_lock(vault)


def get_passphrase(opts: Options, prompt: str = "Passphrase", vault: Path | None = None) -> str:
    """From --passphrase-file, else NAVIGATOR_PASSPHRASE, else a hidden prompt.

    ``vault`` (default: the global --vault) is the one about to be opened: it is refused
    first when another process has it open.
    """
    refuse_if_in_use(opts.vault if vault is None else vault)
    if opts.passphrase_file is not None:
        return _read_secret_file(opts.passphrase_file)
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env
    if not _interactive():
        raise InvalidInput(
            "No passphrase: run Navigator in a terminal, or give --passphrase-file PATH."
        )
    return str(typer.prompt(prompt, hide_input=True))


def get_new_passphrase(opts: Options | None = None, env: str = ENV_NEW_PASSPHRASE) -> str:
    """A new passphrase: asked twice at a terminal, else from the environment; weak ones refused."""
    from storage.passphrase_policy import weakness

    value = os.environ.get(env)
    if value is None and opts is not None and opts.passphrase_file is not None:
        value = _read_secret_file(opts.passphrase_file)
    if value is None:
        if not _interactive():
            raise InvalidInput(f"No new passphrase: run Navigator in a terminal, or set {env}.")
        while True:
            value = str(typer.prompt("New passphrase", hide_input=True))
            problem = weakness(value)
            if problem:
                say_error(problem)
                continue
            again = str(typer.prompt("Type it again", hide_input=True))
            if again != value:
                say_error("The two passphrases differ; try again.")
                continue
            return value
    problem = weakness(value)
    if problem:
        raise InvalidInput(problem)
    return value


def get_recovery_key(opts: Options) -> str:
    """From NAVIGATOR_RECOVERY_KEY, else a hidden prompt; a vault in use is refused first."""
    refuse_if_in_use(opts.vault)
    env = os.environ.get(ENV_RECOVERY_KEY)
    if env:
        return env
    if not _interactive():
        raise InvalidInput(
            f"No recovery key: run Navigator in a terminal, or set {ENV_RECOVERY_KEY}."
        )
    return str(typer.prompt("Recovery key (groups of four, dashes optional)", hide_input=True))


#: Wrong answers allowed when the new recovery key's last group is typed back.
KEY_CHECK_TRIES = 3


def _stdout_is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def clear_terminal() -> None:
    """Clear the screen and its scrollback, only when stdout is a terminal (never a pipe,
    a file or a test). ``color=True``: Click would strip the sequence from a stream it
    does not take for a terminal; on Windows it passes it through colorama."""
    if _stdout_is_terminal():
        typer.echo("\033[H\033[2J\033[3J", nl=False, color=True)


def confirm_recovery_key(recovery_key: str) -> None:
    """At a terminal, have the key's last group typed back, so it was surely written down,
    then clear it from the screen. Scripts and tests (no terminal) skip this."""
    from storage.vault_format import clean_recovery_text

    if not _interactive():
        return
    last = clean_recovery_text(recovery_key.rsplit("-", 1)[-1])
    question = "To check it is written down, type its last group (after the last dash)"
    for attempt in range(1, KEY_CHECK_TRIES + 1):
        typed = clean_recovery_text(str(typer.prompt(question)))
        if typed in (last, clean_recovery_text(recovery_key)):
            clear_terminal()
            typer.echo("Recovery key checked. Keep the paper apart from the laptop.")
            return
        if attempt < KEY_CHECK_TRIES:
            say_error(
                "That is not the last group of the key above: check the paper against the "
                "screen and type the four characters after the last dash."
            )
    raise InvalidInput(
        "The vault was created but its recovery key was not checked: it stays on the "
        "screen above, so write it down now (it is never shown again)."
    )


#: The option of every command that saves (and of ``check``), for an older copy.
ACCEPT_OLDER_COPY_HELP = (
    "Keep this vault even though it is an older copy, another vault or behind its "
    "backups (remembered on this computer)."
)


def note_vault_state(vault: Any, *, saving: bool, accept_older_copy: bool) -> None:
    """Say on stderr what the user must know about the vault just opened, and refuse a
    command that would save when it cannot (read-only, an older copy not accepted).

    Reading commands warn and go on; the app asks in a dialog instead.
    """
    from caseload.errors import FolderReadOnly, VaultIsOlderCopy

    if vault.synced_warning:
        say_error(vault.synced_warning)
    if vault.read_only:
        if saving:
            raise FolderReadOnly(
                "The vault's folder or disk cannot be written: nothing was changed; copy "
                "the vault to a writable folder to change it."
            )
        say_error("Opened read-only (the vault's folder or disk cannot be written).")
    warning = vault.copy_warning
    if warning is None:
        return
    if accept_older_copy:
        vault.accept_copy()
        say_error(
            f"{warning.happened} Kept as the vault, as asked (--accept-older-copy); "
            "this computer will not warn about this copy again."
        )
        return
    advice = (
        "restore the newest backup ('navigator restore --list'), or keep this copy "
        "with --accept-older-copy."
    )
    if saving:
        raise VaultIsOlderCopy(f"{warning.happened} Nothing was changed: {advice}")
    say_error(f"{warning.happened} To stop this warning, {advice}")


@contextmanager
def unlocked_vault(
    ctx: typer.Context, *, saving: bool = False, accept_older_copy: bool = False
) -> Iterator[Any]:
    """Open the vault named by the global options, asking for the passphrase; close it
    after. ``saving``: the command saves, so an older copy or a read-only vault is
    refused before any work (exit 6, exit 1)."""
    from caseload.vault import Vault

    opts = options(ctx)
    passphrase = get_passphrase(opts)
    vault = Vault.open(opts.vault, passphrase)
    try:
        note_vault_state(vault, saving=saving, accept_older_copy=accept_older_copy)
        yield vault
    finally:
        vault.close()
