"""Command palette (ctrl+p): the main actions, and opening a survivor by reference or name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from navigator_tui.app import NavigatorApp

#: Survivors offered when searching the palette (the best matches only).
MAX_SURVIVOR_HITS = 20


class NavigatorCommands(Provider):
    """Main actions of the app; survivors by case reference (and name unless discreet)."""

    def _actions(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        app: NavigatorApp = self.app  # type: ignore[assignment]
        if app.vault is None:
            return
        yield ("New survivor", app.action_new_survivor, "Add a survivor to the caseload")
        for title, action, help_text in (
            ("Record assessment", "assessment", "Record a recovery assessment for the open file"),
            ("Log contact", "contact", "Log a contact or attempt for the open file"),
            ("Add promise", "promise", "Record a promise made to the open file's survivor"),
            ("Add milestone", "milestone", "Add a tipping point (court date, NRM decision...)"),
            ("Edit contact agreement", "agreement", "Change how the survivor wants contact"),
            ("Contact agreement versions", "agreement_history",
             "Every version of the open file's agreement, with what each changed"),
            ("Pause, resume or close the case", "status",
             "Change the open file's case status, with the day and the reason"),
            ("Record consent", "consent", "Record, change or withdraw a consent for the open file"),
            (
                "Delete survivor",
                "delete",
                "Delete the open file's survivor and every record of theirs (asks first)",
            ),
        ):
            yield (title, partial(app.run_survivor_action, action), help_text)
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
            "Add survivors or assessments from a CSV file (all rows or none)",
        )
        yield (
            "Retention review",
            app.action_retention,
            "Closed cases past the retention period: delete or anonymise",
        )
        yield ("Lock", app.action_lock, "Lock the vault now")
        yield (
            "Toggle discreet mode",
            app.action_toggle_discreet,
            "Show case references and initials instead of names",
        )
        yield ("Help", app.action_help, "List every key binding")

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
        from navigator_tui.snapshot import shown_name

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
            else:
                label = f"Open {survivor.case_ref} {survivor.display_name}"
            score = matcher.match(label)
            if score > 0:
                hits.append(
                    Hit(
                        score,
                        matcher.highlight(label),
                        partial(app.open_survivor, survivor_id),
                        help="Open the survivor's file",
                    )
                )
        hits.sort(key=lambda h: -h.score)
        return hits[:MAX_SURVIVOR_HITS]
