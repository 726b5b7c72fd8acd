"""``navigator import ...`` and ``navigator export ...``: data in and out of the vault.

No Textual import here: these commands must start fast. The work is done by plain
functions in :mod:`exports`, which the app's screens call too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caseload.errors import EXIT_INVALID_INPUT, EXIT_USAGE, InvalidInput
from navigator_tui.cli.common import (
    ACCEPT_OLDER_COPY_HELP,
    friendly_errors,
    say_error,
    unlocked_vault,
)

if TYPE_CHECKING:
    from exports.kinds import ImportOutcome

# The database and the exports are imported inside each command, when it runs, so that
# `navigator --help` does not load SQLAlchemy (issue 18: --help at most 0.25 s).

import_app = typer.Typer(
    name="import",
    help="Import survivors, assessments, referrals or activities from CSV. All rows or none.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(
    name="export",
    help="Write the monthly summary, the anonymised funder file or report, or the data "
    "dictionary.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

FileArg = Annotated[
    Path | None, typer.Argument(help="The CSV file (with --template: where to write the header).")
]
TemplateOpt = Annotated[
    bool, typer.Option("--template", help="Write the header row of the expected file instead.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Where to write the file.")]
AcceptOpt = Annotated[bool, typer.Option("--accept-older-copy", help=ACCEPT_OLDER_COPY_HELP)]


def _write_template(kind: str, file: Path | None, force: bool) -> None:
    from exports.files import write_export
    from exports.kinds import IMPORT_KINDS

    data = IMPORT_KINDS[kind].template()
    if file is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    write_export(file, data, force)
    typer.echo(f"Wrote the {kind} template to {file}")


def _run_import(ctx: typer.Context, kind: str, file: Path, accept_older_copy: bool) -> None:
    from exports.import_common import ImportRejected

    # Checked before the passphrase is asked for; the importer checks again as it reads.
    if file.is_dir():
        raise InvalidInput(f"{file} is a folder, not a CSV file.")
    if not file.exists():
        raise InvalidInput(f"There is no file at {file}.")
    if not file.is_file():
        raise InvalidInput(f"{file} is not a regular file (a device or a pipe?).")
    from caseload.saving import commit_change
    from exports.kinds import IMPORT_KINDS

    run, today = IMPORT_KINDS[kind].run, dt.date.today()
    with unlocked_vault(ctx, saving=True, accept_older_copy=accept_older_copy) as vault:
        try:
            outcome = commit_change(vault, lambda session: run(session, file, today))
        except ImportRejected as exc:
            for line in exc.report_lines():
                say_error(line)
            raise typer.Exit(EXIT_INVALID_INPUT) from None
        vault.save()
    typer.echo(_summary(outcome))


def _summary(outcome: ImportOutcome) -> str:
    if outcome.kind == "survivors":
        text = f"Imported {outcome.imported} survivors"
        if outcome.generated_refs:
            text += f" ({outcome.generated_refs} new case references issued)"
    elif outcome.kind == "referrals":
        text = f"Imported {outcome.imported} referrals"
    elif outcome.kind == "activities":
        text = f"Imported {outcome.imported} activities"
    else:
        text = f"Imported {outcome.imported} assessments from {outcome.rows} rows"
    if outcome.separator == ";":
        from exports.import_common import SEMICOLON_NOTE

        return f"{text}. {SEMICOLON_NOTE}"
    return text + "."


def _import_command(kind: str, ctx: typer.Context, file: Path | None, template: bool,
                    force: bool, accept_older_copy: bool) -> None:
    if template:
        _write_template(kind, file, force)
        return
    if file is None:
        say_error(f"Give the CSV file to import, for example: navigator import {kind} FILE.csv")
        raise typer.Exit(EXIT_USAGE)
    _run_import(ctx, kind, file, accept_older_copy)


@import_app.command("survivors")
@friendly_errors
def import_survivors_command(
    ctx: typer.Context,
    file: FileArg = None,
    template: TemplateOpt = False,
    force: ForceOpt = False,
    accept_older_copy: AcceptOpt = False,
) -> None:
    """Add survivors from a CSV file (see --template and the data dictionary)."""
    _import_command("survivors", ctx, file, template, force, accept_older_copy)


@import_app.command("assessments")
@friendly_errors
def import_assessments_command(
    ctx: typer.Context,
    file: FileArg = None,
    template: TemplateOpt = False,
    force: ForceOpt = False,
    accept_older_copy: AcceptOpt = False,
) -> None:
    """Add recovery assessments from a CSV file (one row per rater)."""
    _import_command("assessments", ctx, file, template, force, accept_older_copy)


@import_app.command("referrals")
@friendly_errors
def import_referrals_command(
    ctx: typer.Context,
    file: FileArg = None,
    template: TemplateOpt = False,
    force: ForceOpt = False,
    accept_older_copy: AcceptOpt = False,
) -> None:
    """Add referrals to services from a CSV file (survivors first)."""
    _import_command("referrals", ctx, file, template, force, accept_older_copy)


@import_app.command("activities")
@friendly_errors
def import_activities_command(
    ctx: typer.Context,
    file: FileArg = None,
    template: TemplateOpt = False,
    force: ForceOpt = False,
    accept_older_copy: AcceptOpt = False,
) -> None:
    """Add activities (strategic advice, days of action, training) from a CSV file."""
    _import_command("activities", ctx, file, template, force, accept_older_copy)


@export_app.command("monthly")
@friendly_errors
def export_monthly(
    ctx: typer.Context,
    month: Annotated[str, typer.Option("--month", help="The month, as YYYY-MM.")],
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """One row per case open in the month: levels, changes, due dates, contacts, promises."""
    from caseload.saving import read
    from exports.files import check_target
    from exports.kinds import monthly_name
    from exports.monthly import check_month, in_progress_warning, write_monthly_summary
    from exports.periods import Month

    chosen, today = Month.parse(month), dt.date.today()
    in_progress = check_month(chosen, today)
    target = out or Path(monthly_name(chosen))
    check_target(target, force)
    if in_progress:
        typer.echo(in_progress_warning(chosen, today), err=True)
    with unlocked_vault(ctx) as vault:
        result = read(
            vault, lambda session: write_monthly_summary(session, chosen, target, force, today)
        )
    typer.echo(f"Wrote the summary for {chosen} ({result.rows} cases) to {result.path}")


ThresholdOpt = Annotated[
    int, typer.Option("--threshold", min=2, max=100, help="Counts below this are suppressed.")
]
RoundOpt = Annotated[
    int, typer.Option("--round", min=0, max=100, help="Round published counts to this.")
]


@export_app.command("funder")
@friendly_errors
def export_funder(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", help="First month, as YYYY-MM.")],
    end: Annotated[str, typer.Option("--to", help="Last month, as YYYY-MM.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the file: a name ending in .xlsx writes a workbook, "
        "any other a CSV file.")] = None,
    threshold: ThresholdOpt = 5,
    rounding: RoundOpt = 0,
    force: ForceOpt = False,
) -> None:
    """Anonymised aggregates for funders, with small numbers suppressed."""
    from caseload.saving import read
    from exports.files import check_target
    from exports.kinds import funder_name
    from exports.periods import Month, Period
    from exports.workbook import wants_workbook

    period = Period(Month.parse(start, "--from"), Month.parse(end, "--to"))
    target = out or Path(funder_name(period))
    check_target(target, force)
    if wants_workbook(target):  # openpyxl is loaded only for a workbook
        from exports.funder_workbook import write_funder_workbook as write
        what = "workbook"
    else:
        from exports.funder import write_funder_aggregates as write
        what = "aggregates"
    today = dt.date.today()
    with unlocked_vault(ctx) as vault:
        path = read(
            vault,
            lambda session: write(
                session, period, target, force, today, threshold=threshold, rounding=rounding
            ),
        )
    typer.echo(f"Wrote the funder {what} for {period.start} to {period.end} to {path}")


@export_app.command("report")
@friendly_errors
def export_report(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", help="First month, as YYYY-MM.")],
    end: Annotated[str, typer.Option("--to", help="Last month, as YYYY-MM.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the PDF (a name ending in .pdf).")] = None,
    threshold: ThresholdOpt = 5,
    rounding: RoundOpt = 0,
    force: ForceOpt = False,
) -> None:
    """A one- or two-page PDF summary of the funder figures, small numbers suppressed."""
    from caseload.saving import read
    from exports.files import check_target
    from exports.funder_report import check_report_target, write_funder_report
    from exports.kinds import report_name
    from exports.periods import Month, Period

    period = Period(Month.parse(start, "--from"), Month.parse(end, "--to"))
    target = out or Path(report_name(period))
    check_report_target(target)
    check_target(target, force)
    today = dt.date.today()
    with unlocked_vault(ctx) as vault:
        path = read(
            vault,
            lambda session: write_funder_report(
                session, period, target, force, today, threshold=threshold, rounding=rounding
            ),
        )
    typer.echo(f"Wrote the funder report for {period.start} to {period.end} to {path}")


@export_app.command("dictionary")
@friendly_errors
def export_dictionary(ctx: typer.Context, out: OutOpt = None, force: ForceOpt = False) -> None:
    """The data dictionary (Markdown): every field, category, column and measure."""
    from exports.dictionary import write_dictionary
    from exports.kinds import DICTIONARY_NAME

    target = out or Path(DICTIONARY_NAME)
    path = write_dictionary(target, force)
    typer.echo(f"Wrote the data dictionary to {path}")
