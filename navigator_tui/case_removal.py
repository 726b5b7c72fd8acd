"""Delete a survivor, or reduce a closed case to an anonymised record, from the app.

Both are irreversible, so both go through :class:`TypedConfirmScreen` (the user types
the case reference).  The change itself is :func:`caseload.deletion.delete_survivor` or
:func:`caseload.retention.anonymise_case`, applied and saved through the vault's atomic
save in the app's save worker like every other change.  Older encrypted backups still
hold the case until they rotate out; when the user asks for it, every backup is
removed once the save has succeeded (:func:`caseload.deletion.purge_backups`), in a
thread worker.

Messages name the case by its reference only, never by name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from caseload.case import CaseRecord
from caseload.changes.cases import anonymise_case, delete_case
from caseload.deletion import purge_backups
from caseload.saving import Change, SaveFailed, Session
from navigator_tui.screens.typed_confirm import Confirmed, TypedConfirmScreen
from storage.backups import KEEP_DAYS

if TYPE_CHECKING:
    from navigator_tui.app import NavigatorApp

BACKUP_NOTE = (
    "Older encrypted backups of the vault still hold these records until they rotate "
    f"out (within {KEEP_DAYS} days). Tick the box to remove every older backup as soon "
    "as the change is saved."
)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _versions(case: CaseRecord) -> str:
    return _count(
        len(case.agreement_history), "contact agreement version", "contact agreement versions"
    )


def records_removed(case: CaseRecord) -> str:
    """What deleting the case removes, counted from the in-memory case."""
    return ", ".join(
        (
            "the case facts",
            _count(len(case.assessments), "assessment", "assessments")
            + " (with their amendment history)",
            _versions(case),
            _count(case.contact_count, "contact log entry", "contact log entries"),
            _count(len(case.promises), "promise", "promises"),
            _count(len(case.consents), "consent", "consents"),
            _count(len(case.milestones), "milestone", "milestones"),
        )
    )


def deletion_body(case: CaseRecord) -> Text:
    text = Text()
    text.append("Every record of this case is removed from the vault: ")
    text.append(records_removed(case), style="bold")
    text.append(". The case reference stays reserved so it is never given to anybody else.\n\n")
    text.append(BACKUP_NOTE)
    return text


def anonymise_body(case: CaseRecord) -> Text:
    text = Text()
    text.append("The case is reduced to an anonymised record that still counts in the figures: ")
    text.append(
        "age band, categories, exploitation types, case dates, scores and promise outcomes "
        "are kept. ",
        style="bold",
    )
    text.append(
        "Removed for good: names, date of birth, contact details, every free-text note, "
        f"{_versions(case)} and "
        f"{_count(case.contact_count, 'contact log entry', 'contact log entries')}.\n\n"
    )
    text.append(BACKUP_NOTE)
    return text


def _removable(app: NavigatorApp, survivor_id: int) -> CaseRecord | None:
    """The case, unless it is gone, the vault is locked, or one of its forms is open.

    A form left open under the retention review (F7 works from anywhere) would otherwise
    save into a case that no longer exists, or put back text that was just removed.
    """
    from navigator_tui.screens.form_screen import FormScreen

    case = app.cases.get(survivor_id) if app.cases is not None else None
    if case is None or app.vault is None:
        return None
    if any(
        isinstance(screen, FormScreen) and screen.survivor_id == survivor_id
        for screen in app.screen_stack
    ):
        app.notify(
            f"A form of {case.survivor.case_ref} is open: save or cancel it first.",
            severity="warning",
            timeout=6,
        )
        return None
    return case


def confirm_delete(
    app: NavigatorApp, survivor_id: int, on_done: Callable[[str], None] | None = None
) -> None:
    """Ask (typed case reference), then delete the survivor and save."""
    case = _removable(app, survivor_id)
    if case is None:
        return
    case_ref = case.survivor.case_ref

    def apply(session: Session) -> str:
        return delete_case(session, survivor_id) or case_ref

    def answered(choice: Confirmed | None) -> None:
        if choice is not None:
            _save(app, survivor_id, apply, "deleted", choice.purge_backups, on_done)

    app.push_screen(
        TypedConfirmScreen(
            case_ref, f"Delete {case_ref} permanently?", deletion_body(case), "Delete for good"
        ),
        answered,
    )


def confirm_anonymise(
    app: NavigatorApp, survivor_id: int, on_done: Callable[[str], None] | None = None
) -> None:
    """Ask (typed case reference), then reduce the closed case to an anonymised record."""
    case = _removable(app, survivor_id)
    if case is None:
        return
    case_ref = case.survivor.case_ref
    today = app.today()

    def apply(session: Session) -> str:
        return anonymise_case(session, survivor_id, today)

    def answered(choice: Confirmed | None) -> None:
        if choice is not None:
            _save(app, survivor_id, apply, "anonymised", choice.purge_backups, on_done)

    app.push_screen(
        TypedConfirmScreen(
            case_ref,
            f"Reduce {case_ref} to an anonymised record?",
            anonymise_body(case),
            "Anonymise for good",
        ),
        answered,
    )


def _save(
    app: NavigatorApp,
    survivor_id: int,
    apply: Change[str],
    done_word: str,
    purge: bool,
    on_done: Callable[[str], None] | None,
) -> None:
    vault_path = app.vault_path

    def saved(case_ref: str) -> None:
        if on_done is not None:
            on_done(case_ref)
        if purge:
            app.run_worker(
                lambda: _purge(app, vault_path, case_ref, done_word),
                thread=True,
                group="purge-backups",
                exit_on_error=False,
            )
        else:
            app.notify(
                f"{case_ref} {done_word}. Older backups still hold it (encrypted) for up to "
                f"{KEEP_DAYS} days.",
                timeout=8,
            )

    def failed(failure: SaveFailed) -> None:
        app.notify(failure.message, severity="error", timeout=10)

    app.notify("Saving...", timeout=2)
    app.save_changes(apply, saved, failed, survivor_id=survivor_id)


def _purge(app: NavigatorApp, vault_path: Path, case_ref: str, done_word: str) -> None:
    try:
        removed = purge_backups(vault_path)
    except OSError:
        app.call_from_thread(
            app.notify,
            f"{case_ref} {done_word}, but the older backups could not all be removed.",
            severity="error",
            timeout=10,
        )
        return
    app.call_from_thread(
        app.notify,
        f"{case_ref} {done_word}; {_count(removed, 'older backup', 'older backups')} removed.",
        timeout=8,
    )
