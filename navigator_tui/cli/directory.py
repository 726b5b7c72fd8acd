"""``navigator directory ...``: the service directory in and out of the vault (CSV).

No Textual import here, and the database and the exports are imported inside each
command, so that ``navigator --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from caseload.errors import EXIT_INVALID_INPUT, EXIT_USAGE, InvalidInput
from navigator_tui.cli.common import friendly_errors, say_error, unlocked_vault
from navigator_tui.cli.data import AcceptOpt, FileArg, ForceOpt, TemplateOpt

directory_app = typer.Typer(
    name="directory",
    help="The service directory (providers to refer survivors to): import or export a "
    "CSV file.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _check_file(file: Path) -> None:
    """Checked before the passphrase is asked for; the importer checks again as it reads."""
    if file.is_dir():
        raise InvalidInput(f"{file} is a folder, not a CSV file.")
    if not file.exists():
        raise InvalidInput(f"There is no file at {file}.")
    if not file.is_file():
        raise InvalidInput(f"{file} is not a regular file (a device or a pipe?).")


@directory_app.command("import")
@friendly_errors
def import_directory(
    ctx: typer.Context,
    file: FileArg = None,
    template: TemplateOpt = False,
    force: ForceOpt = False,
    accept_older_copy: AcceptOpt = False,
) -> None:
    """Add providers from a CSV file, or update those of the same name (all rows or none)."""
    if template:
        from exports.files import write_export
        from exports.import_common import template as header_of
        from exports.import_providers import COLUMNS

        data = header_of(COLUMNS)
        if file is None:
            typer.echo(data.decode("utf-8"), nl=False)
            return
        write_export(file, data, force)
        typer.echo(f"Wrote the directory template to {file}")
        return
    if file is None:
        say_error("Give the CSV file to import, for example: navigator directory import FILE.csv")
        raise typer.Exit(EXIT_USAGE)
    _check_file(file)
    from caseload.saving import commit_change
    from exports.import_common import SEMICOLON_NOTE, ImportRejected
    from exports.import_providers import import_providers

    today = dt.date.today()
    with unlocked_vault(ctx, saving=True, accept_older_copy=accept_older_copy) as vault:
        try:
            result = commit_change(vault, lambda session: import_providers(session, file, today))
        except ImportRejected as exc:
            for line in exc.report_lines():
                say_error(line)
            raise typer.Exit(EXIT_INVALID_INPUT) from None
        vault.save()
    text = f"Service directory imported: {result.sentence()}."
    typer.echo(f"{text} {SEMICOLON_NOTE}" if result.separator == ";" else text)


@directory_app.command("export")
@friendly_errors
def export_directory(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the CSV file (default: "
        "navigator-service-directory.csv).")] = None,
    force: ForceOpt = False,
) -> None:
    """Write the service directory as CSV, in the columns the import reads."""
    from caseload.saving import read
    from exports.directory_export import DIRECTORY_NAME, write_directory
    from exports.files import check_target

    target = out or Path(DIRECTORY_NAME)
    check_target(target, force)
    with unlocked_vault(ctx) as vault:
        done = read(vault, lambda session: write_directory(session, target, force))
    noun = "provider" if done.rows == 1 else "providers"
    typer.echo(f"Wrote the service directory ({done.rows} {noun}) to {done.path}")
