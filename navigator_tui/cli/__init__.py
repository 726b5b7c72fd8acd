"""The ``navigator`` command (Typer): this package is the command line.

``common`` holds what every command shares (options, unlocking, one-sentence errors),
``admin`` the vault's upkeep (restore), ``data`` import and export, ``directory`` the
service directory's import and export.

Textual is imported only inside the commands that open the app, so ``--help``,
``check`` and the export commands start fast.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer

from caseload.errors import EXIT_DAMAGED, EXIT_OLDER_COPY, InvalidInput, VaultExists
from demo import DEFAULT_SEED
from navigator_tui.cli.admin import restore as restore_command
from navigator_tui.cli.common import (
    ENV_VAULT,
    Options,
    confirm_recovery_key,
    default_vault_path,
    friendly_errors,
    get_new_passphrase,
    get_passphrase,
    get_recovery_key,
    note_vault_state,
    options,
    refuse_if_in_use,
    say_error,
)
from navigator_tui.cli.data import AcceptOpt, export_app, import_app
from navigator_tui.cli.directory import directory_app

app = typer.Typer(
    name="navigator",
    help="Navigator: an encrypted caseload for victim navigators.",
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    vault: Annotated[
        Path | None,
        typer.Option(
            "--vault",
            help="The vault file (default: caseload.vault in the user data folder).",
            envvar=ENV_VAULT,
            show_default=False,
        ),
    ] = None,
    passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--passphrase-file",
            help="Read the passphrase from the first line of this file (no terminal needed).",
        ),
    ] = None,
) -> None:
    """Open the caseload (no subcommand), or run one of the commands below."""
    _harden_process()
    ctx.obj = Options(
        vault=(vault or default_vault_path()).expanduser(), passphrase_file=passphrase_file
    )
    if ctx.invoked_subcommand is None:
        open_app(ctx)


def _harden_process() -> None:
    """No core dumps from here on: every command may hold the unlocked caseload in memory."""
    from storage.process_hardening import disable_core_dumps

    disable_core_dumps()


def _run_app(
    vault_path: Path, vault: object | None = None, demo_passphrase: str | None = None
) -> None:
    from navigator_tui.app import run_app

    run_app(vault_path, vault, demo_passphrase)  # type: ignore[arg-type]


def _open_if_given(opts: Options) -> object | None:
    """Unlock before the UI starts when the passphrase comes from a file or the environment."""
    from caseload.vault import Vault
    from navigator_tui.cli.common import ENV_PASSPHRASE

    if opts.passphrase_file is None and not os.environ.get(ENV_PASSPHRASE):
        return None
    return Vault.open(opts.vault, get_passphrase(opts))


@app.command("open")
@friendly_errors
def open_app(ctx: typer.Context) -> None:
    """Unlock the vault and open the app."""
    from caseload.errors import VaultNotFound

    opts = options(ctx)
    if not opts.vault.exists():
        raise VaultNotFound(
            f"No vault at {opts.vault}. Create one with 'navigator init', "
            "or try 'navigator demo' first."
        )
    refuse_if_in_use(opts.vault)  # at once, not after the passphrase on the unlock screen
    _run_app(opts.vault, _open_if_given(opts))


@app.command()
@friendly_errors
def init(ctx: typer.Context) -> None:
    """Create a new, empty vault and show its recovery key once."""
    from caseload.vault import Vault
    from navigator_tui.cli.common import ENV_PASSPHRASE

    opts = options(ctx)
    if opts.vault.exists():
        raise VaultExists(f"A vault already exists at {opts.vault}; it was not overwritten.")
    passphrase = get_new_passphrase(opts, env=ENV_PASSPHRASE)
    vault, recovery_key = Vault.create(opts.vault, passphrase, opts.kdf())
    vault.close()
    if vault.synced_warning:
        say_error(vault.synced_warning)
    typer.echo(f"Created an encrypted vault at {opts.vault}")
    typer.echo("")
    typer.echo("Recovery key (shown once - write it on paper and keep it somewhere safe):")
    typer.echo("")
    typer.echo(f"    {recovery_key}")
    typer.echo("")
    typer.echo("It unlocks the vault if the passphrase is forgotten ('navigator recover').")
    confirm_recovery_key(recovery_key)


def _demo_passphrase() -> str:
    words = (
        "amber",
        "willow",
        "harbour",
        "lantern",
        "meadow",
        "pebble",
        "orchard",
        "comet",
        "maple",
        "river",
        "sparrow",
        "thistle",
        "velvet",
        "cobalt",
        "juniper",
        "saffron",
    )
    return "-".join(secrets.choice(words) for _ in range(4)) + f"-{secrets.randbelow(100):02d}"


def _check_replaceable_demo(target: Path) -> None:
    """The demo replaces an earlier demo vault, never another file or a real caseload."""
    from caseload.errors import NavigatorError
    from storage.vault import read_header

    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give the demo a file name with --vault.")
    if "demo" not in target.name.lower():
        raise InvalidInput(
            f"{target} already exists; the demo replaces only an earlier demo vault "
            "(a file with 'demo' in its name)."
        )
    try:
        read_header(target)
    except NavigatorError:
        raise InvalidInput(
            f"{target} is not a Navigator vault; the demo does not replace it."
        ) from None


@app.command()
@friendly_errors
def demo(
    ctx: typer.Context,
    survivors: Annotated[
        int, typer.Option(min=1, max=50_000, help="How many fictional survivors.")
    ] = 40,
    seed: Annotated[
        int, typer.Option(help="Seed: the same seed gives the same caseload.")
    ] = DEFAULT_SEED,
    vault: Annotated[
        Path | None,
        typer.Option(
            "--vault",
            help="Where to write the demo vault (default: demo.vault beside the real one).",
        ),
    ] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Only write the demo vault.")] = False,
) -> None:
    """Write a vault of obviously fictional survivors, then open the app on it."""
    from caseload.vault import Vault
    from demo.generator import write_demo_vault
    from navigator_tui.cli.common import ENV_PASSPHRASE

    opts = options(ctx)
    real = opts.vault.resolve()
    target = (vault or real.with_name("demo.vault")).expanduser().resolve()
    if target == real:
        raise InvalidInput(
            "The demo never writes over the real caseload: give the demo a different --vault."
        )
    if target.exists():
        _check_replaceable_demo(target)
    given = opts.passphrase_file is not None or bool(os.environ.get(ENV_PASSPHRASE))
    passphrase = get_passphrase(opts, vault=target) if given else _demo_passphrase()
    write_demo_vault(target, passphrase, survivors=survivors, seed=seed, kdf=opts.kdf())
    typer.echo(f"Wrote a demo caseload of {survivors} fictional survivors to {target}")
    if not given:
        typer.echo(f"Demo passphrase: {passphrase}")
    if no_open:
        return
    # The passphrase the demo chose is shown again on the unlock screen after a lock; one
    # the user gave (a file, the environment) is theirs and never shown.
    _run_app(target, Vault.open(target, passphrase), None if given else passphrase)


@app.command()
@friendly_errors
def check(ctx: typer.Context, accept_older_copy: AcceptOpt = False) -> None:
    """Unlock the vault and verify it and its backups."""
    from caseload.errors import NavigatorError
    from caseload.vault import Vault
    from storage.backups import list_backups, total_size

    opts = options(ctx)
    with Vault.open(opts.vault, get_passphrase(opts)) as vault:
        note_vault_state(vault, saving=False, accept_older_copy=accept_older_copy)
        older_copy = vault.copy_warning is not None
        problems = vault.integrity_problems()
        typer.echo(f"Vault: generation {vault.generation}, schema version {vault.schema_version}.")
        bad = 0
        found = list_backups(opts.vault)
        for backup in found:
            try:
                vault.verify_file(backup.path)
            except NavigatorError as exc:
                bad += 1
                say_error(f"Backup {backup.path.name}: {exc.message}")
        vault_size = opts.vault.stat().st_size
        size = total_size(opts.vault)
        typer.echo(
            f"Backups: {len(found) - bad} of {len(found)} verified, {_megabytes(size)} in all "
            f"({size / vault_size:.1f} times the vault's {_megabytes(vault_size)})."
            if found
            else "Backups: none yet (one is kept before each save)."
        )
    for problem in problems:
        say_error(f"Vault: {problem}")
    if problems:
        raise typer.Exit(EXIT_DAMAGED)
    if older_copy:  # said above, with what to do
        raise typer.Exit(EXIT_OLDER_COPY)
    if bad:
        raise typer.Exit(EXIT_DAMAGED)
    typer.echo("All good.")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


@app.command()
@friendly_errors
def passphrase(ctx: typer.Context, accept_older_copy: AcceptOpt = False) -> None:
    """Change the passphrase (the data key is rewrapped, not the data)."""
    from caseload.vault import Vault

    opts = options(ctx)
    with Vault.open(opts.vault, get_passphrase(opts, "Current passphrase")) as vault:
        note_vault_state(vault, saving=True, accept_older_copy=accept_older_copy)
        vault.change_passphrase(get_new_passphrase(), opts.kdf())
    typer.echo("Passphrase changed. Backups made earlier still open with the old passphrase.")


@app.command()
@friendly_errors
def recover(ctx: typer.Context, accept_older_copy: AcceptOpt = False) -> None:
    """Set a new passphrase using the recovery key."""
    from caseload.vault import Vault

    opts = options(ctx)
    with Vault.open(opts.vault, recovery_key=get_recovery_key(opts)) as vault:
        note_vault_state(vault, saving=True, accept_older_copy=accept_older_copy)
        vault.change_passphrase(get_new_passphrase(), opts.kdf())
    typer.echo("New passphrase set. Keep the recovery key: it still works.")


@app.command()
@friendly_errors
def backup(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Where to write the encrypted copy.")],
) -> None:
    """Write an encrypted copy of the vault (it opens with the same passphrase)."""
    from caseload.vault import Vault

    opts = options(ctx)
    with Vault.open(opts.vault, get_passphrase(opts)) as vault:
        note_vault_state(vault, saving=False, accept_older_copy=False)
        vault.backup_to(out)
    typer.echo(f"Wrote an encrypted copy to {out}")


app.command("restore")(restore_command)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
app.add_typer(directory_app, name="directory")


def main() -> None:
    app()
