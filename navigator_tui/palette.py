"""Command palette (ctrl+p): what the screen it was opened on can do, the main actions,
and opening a survivor by reference, any of their names or their officer.

On a survivor's file it offers the case actions (log a contact, pause or close...);
on another screen, that screen's keys by name; everywhere, the app's own actions.
In discreet mode a survivor is found by case reference only, and shown by initials.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from navigator_tui.app import NavigatorApp

#: Survivors offered when searching the palette (the best matches only).
MAX_SURVIVOR_HITS = 20

#: What can be done to the case whose file is open: (title, file action, help).
CASE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Record assessment", "assessment", "Record a recovery assessment for the open file"),
    ("Log contact", "contact", "Log a contact or attempt for the open file"),
    ("Add promise", "promise", "Record a promise made to the open file's survivor"),
    ("Mark a promise kept or broken", "promise_status",
     "Kept, broken, renegotiated or withdrawn: the promise selected on the Promises tab"),
    ("Add milestone", "milestone", "Add a tipping point (court date, NRM decision...)"),
    ("Edit contact agreement", "agreement", "Change how the survivor wants contact"),
    ("Contact agreement versions", "agreement_history",
     "Every version of the open file's agreement, with what each changed"),
    ("Pause, resume or close the case", "status",
     "Change the open file's case status, with the day and the reason"),
    ("Record consent", "consent", "Record, change or withdraw a consent for the open file"),
    ("Edit the survivor's facts", "facts", "Names, dates, exploitation, NRM, police"),
    ("Write a note", "note", "A dated note on the open file (never exported)"),
    ("Search the notes", "search_notes", "Find the open file's notes by any of their words"),
    ("Set a support plan goal", "goal",
     "The goal of the domain selected on the Plan tab: their words, the actions agreed"),
    ("Review view", "review",
     "Intake and latest levels of each domain side by side, with the goals (for a review)"),
    ("Correct the selected entry", "correct_row",
     "The contact, promise, milestone or note selected on its tab (the old values are kept)"),
    ("Delete the selected entry", "delete_row",
     "The contact, promise, milestone, note or goal selected on its tab (asks first; kept "
     "in history)"),
    ("Delete survivor", "delete",
     "Delete the open file's survivor and every record of theirs (asks first)"),
)  # fmt: skip


class NavigatorCommands(Provider):
    """Main actions of the app; survivors by case reference (and name unless discreet)."""

    def _actions(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        app: NavigatorApp = self.app  # type: ignore[assignment]
        if app.vault is None:
            return
        yield ("New survivor", app.action_new_survivor, "Add a survivor to the caseload")
        yield from self._screen_actions(app)
        yield ("Today", app.action_today, "Today's worklist")
        yield ("Caseload", app.action_caseload, "Every survivor in a table")
        yield (
            "Recovery across the caseload",
            app.action_caseload_recovery,
            "Share improved, mean change, first and latest level per domain",
        )
        yield ("Export", app.action_export, "Export reports (CSV) or the data dictionary")
        yield (
            "Import from a spreadsheet",
            app.action_import_data,
            "Add survivors, assessments, referrals or activities from CSV (all rows or none)",
        )
        yield (
            "Service directory",
            app.action_directory,
            "Providers to refer survivors to: add, change, delete, filter by language",
        )
        yield (
            "Retention review",
            app.action_retention,
            "Closed cases past the retention period: delete or anonymise",
        )
        yield (
            "The work beyond the caseload",
            app.action_activities,
            "Strategic advice, days of action and training delivered",
        )
        yield ("Lock", app.action_lock, "Lock the vault now")
        yield (
            "Toggle discreet mode",
            app.action_toggle_discreet,
            "Show case references and initials instead of names",
        )
        yield ("Help", app.action_help, "List every key binding")

    def _screen_actions(self, app: NavigatorApp) -> Iterator[tuple[str, Callable[[], Any], str]]:
        """The case actions on a survivor's file; elsewhere the screen's keys by name."""
        from navigator_tui.screens.survivor_file import SurvivorFileScreen

        screen = self.screen
        if isinstance(screen, SurvivorFileScreen):
            for title, action, help_text in CASE_ACTIONS:
                yield (title, partial(app.run_survivor_action, action), help_text)
            return
        seen: set[str] = set()
        for key, (node, binding, enabled, tooltip) in screen.active_bindings.items():
            if node is app or not enabled or not binding.description or binding.action in seen:
                continue
            if binding.action in ("back", "cancel", "app.pop_screen"):
                continue
            seen.add(binding.action)
            title = f"{binding.description} ({app.get_key_display(binding) or key})"
            run = partial(app.run_action, binding.action, node)
            yield (title, run, tooltip or binding.description)

    async def discover(self) -> Hits:
        for title, callback, help_text in self._actions():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
        for hit in self._survivor_hits(query):
            yield hit

    def _survivor_hits(self, query: str) -> list[Hit]:
        from navigator_tui.snapshot import full_name, shown_name

        app: NavigatorApp = self.app  # type: ignore[assignment]
        cases = app.cases
        if cases is None or len(query) < 2:
            return []
        matcher = self.matcher(query)
        hits: list[Hit] = []
        for survivor_id, case in cases.files.items():
            survivor = case.survivor
            if app.discreet:
                label = f"Open {shown_name(survivor, True)}"
                score = matcher.match(label)
                help_text = "Open the survivor's file"
            else:
                label = f"Open {survivor.case_ref} {full_name(survivor, False)}"
                officer = survivor.officer_name
                help_text = f"Officer: {officer}" if officer else "Open the survivor's file"
                score = max(matcher.match(label), matcher.match(officer) if officer else 0)
            if score > 0:
                hits.append(
                    Hit(
                        score,
                        matcher.highlight(label),
                        partial(app.open_survivor, survivor_id),
                        help=help_text,
                    )
                )
        hits.sort(key=lambda h: -h.score)
        return hits[:MAX_SURVIVOR_HITS]
