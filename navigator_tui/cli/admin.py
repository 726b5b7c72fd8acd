"""Administrative commands of ``navigator``: restoring the vault from a backup.

Registered on the Typer app in :mod:`navigator_tui.cli`. Heavy imports (the vault,
cryptography) happen inside the command so that ``navigator --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from caseload.errors import EXIT_USAGE, InvalidInput
from navigator_tui.cli.common import (
    friendly_errors,
    get_passphrase,
    get_recovery_key,
    options,
    refuse_if_in_use,
    say_error,
)


def _list_backups(vault_path: Path) -> None:
    from storage.backups import list_backups

    found = list_backups(vault_path)
    if not found:
        typer.echo(f"No backups beside {vault_path}.")
        return
    typer.echo("Backups, newest first (restore one with --from PATH):")
    for b in found:
        when = b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        typer.echo(f"  {b.path}  (save {b.generation}, kept {when})")


@friendly_errors
def restore(
    ctx: typer.Context,
    from_: Annotated[
        Path | None,
        typer.Option("--from", help="The backup file to restore (see --list).", show_default=False),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List this vault's backups and stop.")
    ] = False,
    use_recovery_key: Annotated[
        bool,
        typer.Option("--recovery-key", help="Unlock the backup with the recovery key instead."),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the vault with one of its backups (the current vault is kept as a backup)."""
    from caseload.vault import restore_backup

    opts = options(ctx)
    if list_ or from_ is None:
        _list_backups(opts.vault)
        if from_ is None and not list_:
            say_error("Choose the backup to restore with --from PATH.")
            raise typer.Exit(EXIT_USAGE)
        return
    backup_path = from_.expanduser()
    if not backup_path.is_file():
        raise InvalidInput(f"No backup at {backup_path}.")
    refuse_if_in_use(opts.vault)  # before the confirmation and the passphrase are asked
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise InvalidInput("Restoring replaces the vault: confirm with --yes.")
        typer.confirm(
            f"Replace the vault at {opts.vault} with the backup {backup_path.name}? "
            "The current vault is kept as a backup.",
            abort=True,
        )
    if use_recovery_key:
        result = restore_backup(opts.vault, backup_path, recovery_key=get_recovery_key(opts))
    else:
        secret = get_passphrase(opts, "Passphrase of the backup")
        result = restore_backup(opts.vault, backup_path, secret)
    typer.echo(
        f"Restored save {result.restored_generation} from {backup_path.name}; "
        f"the vault is now at save {result.new_generation}."
    )
    if result.previous_kept_as is not None:
        typer.echo(f"The vault as it was is kept as {result.previous_kept_as}.")
    typer.echo("It opens with the passphrase (or recovery key) it had when that backup was made.")
