"""One survivor's file, in tabs: overview, recovery, contact agreement, contact log,
promises, consent, support plan and notes.

Every record is added or edited from here through the validated forms.  The screen
redraws from the app's in-memory caseload after each save and when discreet mode
changes; it never queries the vault itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane, Tabs

from assessments.contact_cadence import UpdateDue, next_update_due
from assessments.promises import open_promises
from assessments.referrals import open_referrals, referrals_due
from assessments.schedule import next_assessment
from assessments.scoring import change_since_intake, change_since_previous, overall, rating_gaps
from caseload import categories as cat
from caseload.case import CaseRecord
from caseload.consent_state import answer_order, latest_consents
from caseload.domains import DOMAIN_LABELS, DOMAINS, RATERS
from caseload.records import PromiseRecord, ReferralRecord
from caseload.validation.contact_agreement import phone_of
from navigator_tui.discreet import one_line, private
from navigator_tui.fact_lines import agreement_facts, fact_lines, shown, specified
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.snapshot import full_name
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.key_bar import KeyBar
from navigator_tui.widgets.recovery_chart import RecoveryChart

if TYPE_CHECKING:
    pass

TABS = (
    "overview", "recovery", "agreement", "contacts", "promises", "referrals", "consents",
    "plan", "notes",
)
TAB_LABELS = {
    "overview": "Overview",
    "recovery": "Recovery",
    "agreement": "Contact agreement",
    "contacts": "Contact log",
    "promises": "Promises",
    "referrals": "Referrals",
    "consents": "Consent",
    "plan": "Plan",
    "notes": "Notes",
}
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "milestones-table": ("Date", "Milestone", "Preparation"),
    "assessments-table": ("Date", "Kind")
    + tuple(DOMAIN_LABELS[d] for d in DOMAINS)
    + ("Overall S", "Overall N"),
    "contacts-table": (
        "Date", "Time", "Channel", "Who", "Outcome", "Update", "Safety", "Agreement", "Summary",
    ),
    "promises-table": ("What", "By", "Made", "Due", "Status", "Outcome"),
    # What a navigator acts on first, so that it shows at 80 columns.
    "referrals-table": ("Service", "Status", "Follow up", "Provider", "Referred", "Started",
                        "Ended", "Domains"),
    "consents-table": ("Answered", "Consent to", "Answer", "How", "Withdrawn", "Note"),
    # Actions last: at 80 columns they are in the selected domain's detail below.
    "plan-table": ("Domain", "Their goal", "Agreed", "Referrals", "Actions agreed"),
    "notes-table": ("Date", "Note"),
}
#: The table of each tab that has one (its rows are what up/down move through).
TAB_TABLES = {
    "overview": "milestones-table",
    "recovery": "assessments-table",
    "contacts": "contacts-table",
    "promises": "promises-table",
    "referrals": "referrals-table",
    "consents": "consents-table",
    "plan": "plan-table",
    "notes": "notes-table",
}


#: Consents every case is expected to have an answer to (the Overview names those missing).
USUAL_CONSENTS = ("navigator_support", "share_with_police", "anonymised_reporting")
CONSENT_SHORT = {
    "navigator_support": "Support",
    "share_with_police": "Sharing with police",
    "anonymised_reporting": "Anonymised reporting",
}


def _decision(code: str, day: Any) -> str:
    return f"{cat.NRM_DECISION.label(code)} {shown(day)}".strip()


def _named(category: cat.Category, code: str, name: str, discreet: bool) -> str:
    """Who, by the name given (free text: the choice's label in discreet mode)."""
    return name if name and not discreet else category.label(code)


def _update_words(update: UpdateDue | None) -> str:
    if update is None:
        return "-"
    if update.state == "no_agreement":
        return "none agreed yet: record the contact agreement (g)"
    if update.due_on is None:
        return "only when there is news"
    return f"{shown(update.due_on)} ({update.state})"


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _promise_status(promise: PromiseRecord) -> str | Text:
    """A broken promise stands out, with whether the survivor has been told."""
    label = cat.PROMISE_STATUS.label(promise.status)
    if promise.status != "broken":
        return label
    told = {"yes": "they were told", "not_yet": "NOT YET TOLD"}.get(promise.survivor_told, "")
    return Text(f"{label} · {told}" if told else label, style="bold red")


def _promise_summary(promises: Sequence[PromiseRecord]) -> str:
    broken = [p for p in promises if p.status == "broken"]
    untold = sum(p.survivor_told == "not_yet" for p in broken)
    words = f"{len(open_promises(promises))} open"
    if broken:
        words += f", {len(broken)} broken"
        words += f" ({untold} not yet told)" if untold else ""
    return (
        f"{words} of {len(promises)} promises. "
        "Press p to add one, k to mark the selected one kept, broken or renegotiated; "
        "enter or e corrects its wording or dates, x deletes one made by mistake."
    )


def _referral_summary(referrals: Sequence[ReferralRecord], today: dt.date) -> str:
    waiting = len(list(referrals_due(referrals, today)))
    words = f"{open_referrals(referrals)} open of {len(referrals)} referrals"
    if waiting:
        words += f", {waiting} to chase or check (see Today)"
    return (
        f"{words}. Press r to add one; enter or e moves the selected one on (accepted, "
        "started, ended) or corrects it, x deletes one made by mistake."
    )


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _cut(text: str, width: int = 40) -> str:
    """A table cell's text at most ``width`` long (the rest is in the detail below)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _has_words(text: str, words: Sequence[str]) -> bool:
    """Whether ``text`` has every one of ``words`` in it (any letter case)."""
    lowered = text.lower()
    return all(word in lowered for word in words)


class SurvivorFileScreen(NavScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="file.back"),
        # Early in the list so that the footer shows it on an ordinary terminal width.
        Binding("ctrl+d", "delete_survivor", "Delete", id="file.delete"),
        Binding("a", "form('assessment')", "Assessment", id="file.assessment"),
        Binding("c", "form('contact')", "Log contact", id="file.contact"),
        Binding("p", "form('promise')", "Promise", id="file.promise"),
        Binding(
            "k",
            "promise_status",
            "Kept/broken",
            id="file.promise_status",
            tooltip="Mark the selected promise kept, broken, renegotiated or withdrawn",
        ),
        Binding("m", "form('milestone')", "Milestone", id="file.milestone"),
        Binding(
            "r",
            "form('referral')",
            "Referral",
            id="file.referral",
            tooltip="Refer the survivor to a service (the directory suggests providers)",
            show=False,  # the footer row is full: F1, the palette and the tab's line name it
        ),
        Binding("g", "form('agreement')", "Agreement", id="file.agreement"),
        Binding(
            "v",
            "agreement_history",
            "Agreement versions",
            id="file.agreement_history",
            tooltip="Every version of the contact agreement, with what each changed",
            show=False,  # the footer row is full: F1, the palette and the tab's line name it
        ),
        Binding(
            "s",
            "form('status')",
            "Pause/close",
            id="file.status",
            tooltip="Pause, resume or close the case, with the day and the reason",
            show=False,  # the footer row is full: F1 and the palette name it
        ),
        Binding(
            "o",
            "form('consent')",
            "Consent",
            id="file.consent",
            tooltip="Record a consent; on the Consent tab, a change to the selected answer",
            # The footer row is full: F1, the palette and the Overview's line name it.
            show=False,
        ),
        Binding(
            "n",
            "form('note')",
            "Note",
            id="file.note",
            tooltip="Write a note on the file (dated; never exported, hidden in discreet mode)",
            show=False,  # the footer row is full: F1, the palette and the Notes tab name it
        ),
        Binding(
            "slash",
            "search_notes",
            "Search notes",
            key_display="/",
            id="file.search_notes",
            tooltip="Find notes by any of their words (enter or escape goes back to the list)",
            show=False,
        ),
        Binding(
            "w",
            "review",
            "Review view",
            id="file.review",
            tooltip="Intake and latest levels of each domain side by side, with the goals: "
            "to go through at a review",
            show=False,  # the footer row is full: F1, the palette and the Plan tab name it
        ),
        Binding("e", "form('facts')", "Edit facts", id="file.facts"),
        # On the Recovery tab "e" amends the selected assessment instead (check_action).
        Binding(
            "e",
            "amend_assessment",
            "Amend",
            id="file.amend",
            tooltip="Amend the selected assessment (every change is recorded)",
        ),
        # On the Contact log, Promises and Notes tabs "e" corrects the selected row
        # instead; on the Plan tab it sets the selected domain's goal.
        Binding(
            "e",
            "correct_row",
            "Correct",
            id="file.correct",
            tooltip="Correct the selected entry (its old values are kept in its history)",
        ),
        Binding(
            "e",
            "set_goal",
            "Set goal",
            id="file.set_goal",
            tooltip="Set the selected domain's goal: their words, the actions agreed",
        ),
        Binding(
            "x",
            "delete_row",
            "Delete entry",
            id="file.delete_row",
            tooltip="Delete the selected contact, promise, milestone, note or goal (asks first; "
            "kept in the case's history)",
            show=False,  # the footer row is full: F1, the palette and the tab's line name it
        ),
        # One footer entry for both tab keys (the row of keys is full); F1 lists both.
        Binding(
            "right_square_bracket",
            "next_tab",
            "Tabs",
            key_display="[ ]",
            id="file.next_tab",
            tooltip="] next tab, [ previous tab",
        ),
        Binding(
            "left_square_bracket", "previous_tab", "Previous tab", id="file.prev_tab", show=False
        ),
        # The tabs keep the focus (left/right change tab), so up/down move the row
        # cursor of the tab's table: the row k marks or enter amends, without a tab key.
        Binding("down", "move_row(1)", "Next row", id="file.row_down", show=False),
        Binding("up", "move_row(-1)", "Previous row", id="file.row_up", show=False),
        Binding(
            "enter",
            "open_row",
            "Amend or correct the selected row",
            id="file.open_row",
            show=False,
        ),
    ]

    def __init__(self, survivor_id: int, tab: str = "overview") -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.initial_tab = tab if tab in TABS else "overview"
        self._tabs: TabbedContent | None = None
        self._building: set[str] = set()
        #: A note just written, to select once the Notes tab draws it.
        self._new_note: int | None = None


    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="file-header")
        with TabbedContent(initial=self.initial_tab, id="file-tabs"):
            for tab, label in TAB_LABELS.items():
                with TabPane(label, id=tab):
                    if tab == self.initial_tab:  # the others are built when first shown
                        yield self._tab_body(tab)
        yield KeyBar()

    def _tab_body(self, tab: str) -> VerticalScroll:
        """A tab's widgets: made the first time the tab is shown (issue 18: a file
        opened on its overview mounts a sixth of what it used to)."""
        if tab == "overview":
            parts = [
                Static("", id="overview-facts", classes="file-facts"),
                Static("Milestones", classes="section-title"),
            ]
        elif tab == "recovery":
            parts = [
                RecoveryChart(id="recovery-chart"),
                Static("", id="recovery-scores", classes="file-facts"),
                Static(
                    "Assessments (survivor / navigator): enter or e on a row amends it",
                    classes="section-title",
                ),
            ]
        elif tab == "agreement":
            parts = [Static("", id="agreement-facts", classes="file-facts")]
        elif tab == "notes":
            parts = [
                Static("", id="notes-summary", classes="file-facts"),
                Input(
                    placeholder="Search the notes: any words (/ to search, enter to go back)",
                    id="notes-search",
                ),
            ]
        else:
            parts = [Static("", id=f"{tab}-summary", classes="file-facts")]
        table_id = TAB_TABLES.get(tab)
        if table_id is not None:
            table: DataTable[Any] = DataTable(id=table_id, classes="file-table", cursor_type="row")
            for label in TABLE_COLUMNS[table_id]:
                table.add_column(label)
            parts.append(table)
        if tab in ("notes", "plan"):  # the selected row in full, below its table
            parts.append(Static("", id=f"{tab}-detail", classes="file-facts row-detail"))
        return VerticalScroll(*parts)

    def _built_tabs(self) -> list[str]:
        return [tab for tab in TABS if self.query(f"#{tab} > VerticalScroll")]

    async def _build_tab(self, tab: str) -> None:
        """Mount a tab's widgets the first time it is shown, then fill them."""
        if tab not in TABS or self.query(f"#{tab} > VerticalScroll") or tab in self._building:
            return
        self._building.add(tab)
        try:
            await self.query_one(f"#{tab}", TabPane).mount(self._tab_body(tab))
        finally:
            self._building.discard(tab)
        case = self.case
        if case is not None and self.is_attached:
            self._fill(tab, case)

    def on_mount(self) -> None:
        self._tabs = self.query_one("#file-tabs", TabbedContent)
        self.refresh_data()

    # --- drawing ---------------------------------------------------------------------

    def refresh_data(self) -> None:
        case = self.case
        if case is None:
            self.query_one("#file-header", Static).update("This file is not available.")
            return
        survivor = case.survivor
        discreet = self.nav_app.discreet
        name = survivor.initials if discreet else full_name(survivor, False)
        self.query_one("#file-header", Static).update(
            f"{survivor.case_ref} · {name} · {cat.CASE_STATUS.label(survivor.status)}"
        )
        if not case.contacts_complete:
            self.nav_app.ensure_full_case(self.survivor_id)
        for tab in self._built_tabs():
            self._fill(tab, case)

    def _fill(self, tab: str, case: CaseRecord) -> None:
        {
            "overview": self._overview,
            "recovery": self._recovery,
            "agreement": self._agreement,
            "contacts": self._contacts,
            "promises": self._promises,
            "referrals": self._referrals,
            "consents": self._consents,
            "plan": self._plan,
            "notes": self._notes,
        }[tab](case)

    def _p(self, value: str) -> str:
        """Free text, or that it is hidden (discreet mode)."""
        return private(value, self.nav_app.discreet)

    def _overview(self, case: CaseRecord) -> None:
        s, p, discreet = case.survivor, self._p, self.nav_app.discreet
        types = ", ".join(cat.EXPLOITATION_TYPE.label(t) for t in s.exploitation_type_list)
        if s.exploitation_other:
            types += f" ({p(s.exploitation_other)})"
        today = self.nav_app.today()
        due = next_assessment(case, today)
        update = next_update_due(case, today)
        facts = [
            ("Next assessment", f"{due.kind} {shown(due.due_on)} ({due.state})" if due else "-"),
            ("Next update", _update_words(update)),
            ("Intake", shown(s.intake_date)),
            ("Age band", cat.AGE_BAND.label(s.age_band)),
            ("Sex", _named(cat.SEX, s.sex, s.sex_other, discreet)),
            (
                "Nationality",
                f"{p(s.nationality)} ({cat.NATIONALITY_GROUP.label(s.nationality_group)})",
            ),
            (
                "Languages",
                p(", ".join(part.strip() for part in s.languages.split(";") if part)),
            ),
            ("Interpreter", cat.YES_NO_UNKNOWN.label(s.interpreter_needed)),
            ("Exploitation", types),
            ("County lines", cat.YES_NO_UNKNOWN.label(s.county_lines)),
            ("Where", cat.EXPLOITATION_LOCATION.label(s.exploitation_location)),
            (
                "Referral",
                _named(cat.REFERRAL_ROUTE, s.referral_route, s.referral_route_other, discreet),
            ),
            (
                "Referred by",
                _named(
                    cat.REFERRING_AGENCY, s.referring_agency, s.referring_agency_name, discreet
                ),
            ),
            ("Police force", p(s.police_force)),
            (
                "Officer in the case",
                " · ".join(p(part) for part in (s.officer_name, s.officer_contact) if part),
            ),
            (
                "NRM reasonable grounds",
                _decision(s.nrm_reasonable_grounds, s.nrm_reasonable_grounds_date),
            ),
            (
                "NRM conclusive grounds",
                _decision(s.nrm_conclusive_grounds, s.nrm_conclusive_grounds_date),
            ),
            (
                "Support offered / accepted",
                f"{cat.YES_NO_UNKNOWN.label(s.support_offered)} / "
                f"{cat.YES_NO_UNKNOWN.label(s.support_accepted)}",
            ),
            ("Supports police action", cat.YES_NO_UNKNOWN.label(s.supports_police_action)),
        ]
        if s.status == "closed":
            reason = _named(cat.CLOSURE_REASON, s.closure_reason, s.closure_reason_other, discreet)
            facts.append(("Closed", f"{shown(s.closed_on)} {reason}"))
        facts += self._status_history(case)
        facts += self._consent_glance(case)
        self.query_one("#overview-facts", Static).update(fact_lines(facts))
        table = self.query_one("#milestones-table", DataTable)
        table.clear()
        for m in case.milestones:
            kind = specified(cat.MILESTONE_KIND, m.kind, m.kind_other, discreet)
            table.add_row(shown(m.date), kind, p(one_line(m.prep_note)), key=str(m.id))

    def _recovery(self, case: CaseRecord) -> None:
        series = {
            rater: [(a.date, overall(a, rater)) for a in case.assessments] for rater in RATERS
        }
        self.query_one("#recovery-chart", RecoveryChart).show(case.assessments, series)
        table = self.query_one("#assessments-table", DataTable)
        table.clear()
        for a in case.assessments:
            gaps = {gap.domain for gap in rating_gaps(a)}
            cells: list[Any] = [shown(a.date), cat.ASSESSMENT_KIND.label(a.kind)]
            for domain in DOMAINS:
                pair = self._pair(a.level(domain, "survivor"), a.level(domain, "navigator"))
                if domain in gaps:
                    pair.append(" gap", style="bold dark_orange")
                cells.append(pair)
            cells += [_score(overall(a, "survivor")), _score(overall(a, "navigator"))]
            table.add_row(*cells, key=str(a.id))
        self.query_one("#recovery-scores", Static).update(self._score_summary(case))

    @staticmethod
    def _score_summary(case: CaseRecord) -> Text:
        if not case.assessments:
            return Text("No assessment yet: press a to record the intake assessment.")
        latest = case.assessments[-1]
        text = Text()
        for rater in RATERS:
            score = overall(latest, rater)
            text.append(f"{rater.capitalize()}'s overall score: ", style="bold")
            text.append(_score(score) or "incomplete (fewer than 4 domains rated)")
            changes = [(change_since_intake(case.assessments, rater), "since intake")]
            if len(case.assessments) > 2:  # with two, "since the previous" says it again
                changes.append(
                    (change_since_previous(case.assessments, rater), "since the previous one")
                )
            words = [
                f"{change.overall:+.1f} {since}"
                for change, since in changes
                if change is not None and change.overall is not None
            ]
            if words:
                text.append(f"  ({', '.join(words)})")
            text.append("\n")
        gaps = rating_gaps(latest)
        if gaps:
            names = ", ".join(DOMAIN_LABELS[g.domain] for g in gaps)
            text.append(
                f"Latest ratings two or more levels apart: {names} (worth a conversation).",
                style="dark_orange",
            )
        return text

    @staticmethod
    def _pair(survivor: int | None, navigator: int | None) -> Text:
        left = "-" if survivor is None else str(survivor)
        right = "-" if navigator is None else str(navigator)
        return Text(f"{left} / {right}")

    def _agreement(self, case: CaseRecord) -> None:
        agreement = case.agreement
        widget = self.query_one("#agreement-facts", Static)
        if agreement is None:
            widget.update("No contact agreement yet: press g to record how they want contact.")
            return
        text = agreement_facts(agreement, self.nav_app.discreet)
        earlier = len(case.agreement_history) - 1
        if earlier:
            text.append(
                f"\n{earlier} earlier version{'s' if earlier != 1 else ''}: "
                "press v to read them and what changed.",
                style="italic",
            )
        widget.update(text)

    def _contacts(self, case: CaseRecord) -> None:
        p, discreet = self._p, self.nav_app.discreet
        table = self.query_one("#contacts-table", DataTable)
        table.clear()
        for c in reversed(case.contacts):
            channel = specified(cat.CONTACT_CHANNEL, c.channel, c.channel_other, discreet)
            phone = self._phone_label(case, c.phone)
            outside: str | Text = ""
            if c.outside_agreement_reason:
                outside = Text("outside: ", style="bold dark_orange")
                outside.append(p(c.outside_agreement_reason))
            table.add_row(
                shown(c.contact_date),
                shown(c.contact_time),
                f"{channel} · {phone}" if phone else channel,
                _named(cat.CONTACT_WHO, c.who, c.who_other, discreet),
                specified(cat.CONTACT_OUTCOME, c.outcome, c.outcome_other, discreet),
                "yes" if c.update_given else "",
                Text("CONCERN", style="bold red") if c.safety_concern else "",
                outside,
                p(one_line(c.summary)),
                key=str(c.id),
            )
        if case.contacts_complete:
            summary = (
                f"{len(case.contacts)} contacts logged (newest first). Press c to log one; "
                "enter or e corrects the selected one, x deletes it."
            )
        else:
            summary = (
                f"{case.contact_count} contacts logged; the latest {len(case.contacts)} "
                "are shown while the rest are read."
            )
        self.query_one("#contacts-summary", Static).update(summary)

    def _phone_label(self, case: CaseRecord, number: str) -> str:
        """The phone a contact used, by its label in the agreement (else the number)."""
        if not number:
            return ""
        for version in reversed(case.agreement_history):
            phone = phone_of(version, number)
            if phone is not None and phone.get("label"):
                return self._p(str(phone["label"]))
        return self._p(number)

    def _promises(self, case: CaseRecord) -> None:
        table = self.query_one("#promises-table", DataTable)
        table.clear()
        hide, discreet = self._p, self.nav_app.discreet
        for p in case.promises:
            table.add_row(
                hide(p.what),
                _named(cat.PROMISE_BY, p.by_whom, p.by_whom_other, discreet),
                shown(p.made_on),
                shown(p.due_on),
                _promise_status(p),
                hide(one_line(p.outcome_note)),
                key=str(p.id),
            )
        self.query_one("#promises-summary", Static).update(_promise_summary(case.promises))

    def _referrals(self, case: CaseRecord) -> None:
        table = self.query_one("#referrals-table", DataTable)
        table.clear()
        hide = self._p
        for r in case.referrals:
            service = cat.REFERRAL_SERVICE.label(r.service_kind)
            if r.service_kind == "other" and r.service_other:
                service = hide(r.service_other)
            table.add_row(
                service,
                cat.REFERRAL_STATUS.label(r.status),
                shown(r.follow_up_on),
                hide(r.provider_name) if r.provider_name else "-",
                shown(r.referred_on),
                shown(r.started_on),
                shown(r.ended_on),
                ", ".join(DOMAIN_LABELS[d] for d in r.domain_list if d in DOMAIN_LABELS),
                key=str(r.id),
            )
        self.query_one("#referrals-summary", Static).update(
            _referral_summary(case.referrals, self.nav_app.today())
        )

    def _status_history(self, case: CaseRecord) -> list[tuple[str, str]]:
        """Every pause, resume and closure, oldest first (a reason in discreet mode is
        free text, so hidden; a closure's reason is a category)."""
        lines = []
        for index, change in enumerate(case.status_history):
            reason = change.reason
            if change.status == "closed":
                reason = cat.CLOSURE_REASON.label(reason) if reason else ""
            else:
                reason = self._p(reason)
            words = cat.CASE_STATUS.label(change.status).lower()
            if change.status == "open":
                words = "resumed" if index else "opened"
            lines.append(
                (
                    "Status history" if index == 0 else "",
                    f"{words} {shown(change.changed_on)}" + (f" ({reason})" if reason else ""),
                )
            )
        return lines

    def _consent_to(self, consent: Any) -> str:
        discreet = self.nav_app.discreet
        if consent.kind == "share_with_agency" and consent.agency_name and not discreet:
            return f"Sharing with {consent.agency_name}"
        return specified(cat.CONSENT_KIND, consent.kind, consent.kind_other, discreet)

    def _consent_glance(self, case: CaseRecord) -> list[tuple[str, str]]:
        """The latest answer to each consent asked, and which of the usual ones were not
        (short names: a line fits beside its label on an 80-column terminal)."""
        latest = latest_consents(case.consents)
        lines = [
            (
                "Consent" if index == 0 else "",
                f"{self._consent_short(c)}: {cat.CONSENT_STATUS.label(c.status).lower()}"
                + (f" {shown(c.withdrawn_on or c.recorded_on)}" if c.recorded_on else ""),
            )
            for index, c in enumerate(latest.values())
        ]
        asked = {kind for kind, _ in latest}
        never = [CONSENT_SHORT[k] for k in USUAL_CONSENTS if k not in asked]
        if never:
            lines.append(
                ("Consent" if not lines else "", "not recorded: " + "; ".join(never) + " (o)")
            )
        return lines

    def _consent_short(self, consent: Any) -> str:
        if consent.kind in ("share_with_agency", "other"):
            words = self._consent_to(consent)
            return words if len(words) <= 30 else words[:29] + "…"
        return CONSENT_SHORT[consent.kind]

    def _consents(self, case: CaseRecord) -> None:
        table = self.query_one("#consents-table", DataTable)
        table.clear()
        p, discreet = self._p, self.nav_app.discreet
        for c in sorted(case.consents, key=answer_order, reverse=True):
            table.add_row(
                shown(c.recorded_on),
                self._consent_to(c),
                cat.CONSENT_STATUS.label(c.status),
                specified(cat.CONSENT_METHOD, c.method, c.method_other, discreet)
                if c.method
                else "",
                shown(c.withdrawn_on),
                p(c.note),
                key=str(c.id),
            )
        self.query_one("#consents-summary", Static).update(
            f"{len(case.consents)} answers recorded (newest first; a change is a new answer, "
            "the earlier ones stay). Press o to record one, or o on a row to change it."
        )

    def _plan(self, case: CaseRecord) -> None:
        """One row a recovery domain: their goal, the actions agreed, when, referrals."""
        table = self.query_one("#plan-table", DataTable)
        row = table.cursor_row
        table.clear()
        p = self._p
        goals = {g.domain: g for g in case.goals}
        wide = 50 if self.size.width >= 120 else 30
        for domain in DOMAINS:
            goal = goals.get(domain)
            referrals = [r for r in case.referrals if domain in r.domain_list]
            table.add_row(
                DOMAIN_LABELS[domain],
                _cut(p(one_line(goal.goal)), wide) if goal else Text("no goal yet", style="dim"),
                shown(goal.agreed_on) if goal else "",
                str(len(referrals)) if referrals else "",
                _cut(p(one_line(goal.actions)), wide) if goal else "",
                key=domain,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        set_goals = sum(d in goals for d in DOMAINS)
        self.query_one("#plan-summary", Static).update(
            f"Support plan: {set_goals} of {len(DOMAINS)} domains have a goal. Enter or e sets "
            "the selected domain's goal (their words, the actions agreed), x removes it; "
            "w opens the review view."
        )
        self._show_plan_detail(case)

    def _selected_domain(self) -> str | None:
        found = self.query("#plan-table")
        table = found.first(DataTable) if found else None
        if table is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if key in DOMAINS else None

    def _show_plan_detail(self, case: CaseRecord) -> None:
        domain = self._selected_domain()
        widget = self.query_one("#plan-detail", Static)
        if domain is None:
            widget.update("")
            return
        p, discreet = self._p, self.nav_app.discreet
        goal = next((g for g in case.goals if g.domain == domain), None)
        facts: list[tuple[str, str]] = [
            ("Domain", DOMAIN_LABELS[domain]),
            ("Their goal", p(goal.goal) if goal else "none yet: press e to set it"),
            ("Actions agreed", p(goal.actions) if goal else ""),
            ("Agreed on", shown(goal.agreed_on) if goal else ""),
        ]
        referrals = [r for r in case.referrals if domain in r.domain_list]
        for index, r in enumerate(referrals):
            service = specified(cat.REFERRAL_SERVICE, r.service_kind, r.service_other, discreet)
            provider = f" · {p(r.provider_name)}" if r.provider_name else ""
            facts.append(
                (
                    "Referrals" if index == 0 else "",
                    f"{service}{provider} · {cat.REFERRAL_STATUS.label(r.status)}",
                )
            )
        if not referrals:
            facts.append(("Referrals", "none for this domain"))
        promises = open_promises(case.promises)
        for index, promise in enumerate(promises):
            due = f" (due {shown(promise.due_on)})" if promise.due_on else ""
            facts.append(("Open promises" if index == 0 else "", p(one_line(promise.what)) + due))
        if not promises:
            facts.append(("Open promises", "none"))
        widget.update(fact_lines(facts))

    def _notes(self, case: CaseRecord) -> None:
        """The notes, newest first, those with every word searched for (any case)."""
        table = self.query_one("#notes-table", DataTable)
        search = self.query_one("#notes-search", Input)
        discreet = self.nav_app.discreet
        # Hidden words are not searched on a screen others see, nor the words searched shown.
        search.disabled = search.password = discreet
        words = [] if discreet else search.value.lower().split()
        selected = self._selected_row_id() if self._active_tab() == "notes" else None
        if self._new_note is not None:
            selected, self._new_note = self._new_note, None
        table.clear()
        shown_notes = [n for n in reversed(case.notes) if _has_words(n.text, words)]
        for note in shown_notes:
            table.add_row(
                shown(note.written_on), _cut(self._p(_first_line(note.text)), 70),
                key=str(note.id),
            )  # fmt: skip
        index = next((i for i, n in enumerate(shown_notes) if n.id == selected), 0)
        if table.row_count:
            table.move_cursor(row=index)
        if not case.contacts_complete:
            summary = "Reading the notes..."
        elif not case.notes:
            summary = "No notes yet. Press n to write one (never exported)."
        else:
            found = f"{len(shown_notes)} of " if words else ""
            plural = "s" if len(case.notes) != 1 else ""
            summary = (
                f"{found}{len(case.notes)} note{plural} (newest first). n writes one, / searches, "
                "enter or e corrects the selected one, x deletes it. Never exported."
            )
            if discreet:
                summary += " Hidden in discreet mode (F2 shows them)."
        self.query_one("#notes-summary", Static).update(summary)
        self._show_note_detail(case)

    def _show_note_detail(self, case: CaseRecord) -> None:
        widget = self.query_one("#notes-detail", Static)
        found = self.query("#notes-table")
        table = found.first(DataTable) if found else None
        note = None
        if table is not None and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            note = next((n for n in case.notes if str(n.id) == key), None)
        if note is None:
            widget.update("")
            return
        text = Text(f"{shown(note.written_on)}\n", style="bold")
        text.append(self._p(note.text))
        widget.update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        case = self.case
        if case is None:
            return
        if event.data_table.id == "notes-table":
            self._show_note_detail(case)
        elif event.data_table.id == "plan-table":
            self._show_plan_detail(case)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "notes-search":
            case = self.case
            if case is not None:
                self._notes(case)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "notes-search":
            event.stop()
            self._focus_tabs()

    def _focus_tabs(self) -> None:
        found = self.query("#file-tabs Tabs")
        if found:
            found.first(Tabs).focus()

    async def action_search_notes(self) -> None:
        if self.nav_app.discreet:
            self.notify("Notes are not searched in discreet mode (F2 leaves it).", timeout=3)
            return
        self.show_tab("notes")
        await self._build_tab("notes")
        self.query_one("#notes-search", Input).focus()

    def action_review(self) -> None:
        from navigator_tui.screens.review_view import ReviewViewScreen

        if self.case is not None:
            self.app.push_screen(ReviewViewScreen(self.survivor_id))

    async def action_set_goal(self) -> None:
        from navigator_tui.screens.goal_form import GoalFormScreen

        if self.case is None:
            return
        self.show_tab("plan")
        await self._build_tab("plan")
        domain = self._selected_domain() or DOMAINS[0]
        self.app.push_screen(GoalFormScreen(self.survivor_id, domain))

    # --- actions ---------------------------------------------------------------------

    def action_back(self) -> None:
        if isinstance(self.focused, Input):  # escape in the notes' search: back to the list
            self._focus_tabs()
            return
        self.dismiss(None)

    def action_next_tab(self) -> None:
        self._step_tab(1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        tabs = self.query_one("#file-tabs", TabbedContent)
        index = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(index + step) % len(TABS)]

    def _active_tab(self) -> str:
        """The tab shown (kept, not searched for: every binding check asks)."""
        tabs = self._tabs
        return str(tabs.active) if tabs is not None and tabs.active else self.initial_tab

    def _active_table(self) -> DataTable[Any] | None:
        table_id = TAB_TABLES.get(self._active_tab())
        if table_id is None:
            return None
        found = self.query(f"#{table_id}")
        return found.first(DataTable) if found else None

    def action_move_row(self, step: int) -> None:
        table = self._active_table()
        if table is not None and table.row_count:
            table.move_cursor(row=table.cursor_row + step)

    def action_open_row(self) -> None:
        if self._active_tab() == "recovery":
            self.action_amend_assessment()
        elif self._active_tab() == "plan":
            self.call_later(self.action_set_goal)
        else:
            self.action_correct_row()

    def _selected_row_id(self) -> int | None:
        """The id of the record selected in the active tab's table (None: no row)."""
        table = self._active_table()
        if table is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key and key.isdigit() else None

    def action_correct_row(self) -> None:
        """Correct the selected contact, promise or milestone (the form starts from it)."""
        from navigator_tui.screens.contact_form import ContactFormScreen
        from navigator_tui.screens.milestone_form import MilestoneFormScreen
        from navigator_tui.screens.note_form import NoteFormScreen
        from navigator_tui.screens.promise_form import PromiseFormScreen
        from navigator_tui.screens.referral_form import ReferralFormScreen

        forms: dict[str, Any] = {
            "contacts": ContactFormScreen,
            "promises": PromiseFormScreen,
            "referrals": ReferralFormScreen,
            "overview": MilestoneFormScreen,
            "notes": NoteFormScreen,
        }
        tab = self._active_tab()
        record_id = self._selected_row_id()
        if tab not in forms or record_id is None:
            self.notify("Nothing selected to correct.", timeout=3)
            return
        self.app.push_screen(forms[tab](self.survivor_id, record_id))

    def action_delete_row(self) -> None:
        """Delete the selected contact, promise or milestone, once asked (the record is
        kept whole in the case's history, not in the file)."""
        from caseload.changes.contacts import delete_contact
        from caseload.changes.goals import delete_goal
        from caseload.changes.milestones import delete_milestone
        from caseload.changes.notes import delete_note
        from caseload.changes.promises import delete_promise
        from caseload.changes.referrals import delete_referral
        from navigator_tui.screens.confirm import ConfirmScreen

        case, tab, record_id = self.case, self._active_tab(), self._selected_row_id()
        deleters: dict[str, tuple[str, str, Callable[[Any, int], None]]] = {
            "contacts": ("contact", "contacts", delete_contact),
            "promises": ("promise", "promises", delete_promise),
            "referrals": ("referral", "referrals", delete_referral),
            "overview": ("milestone", "milestones", delete_milestone),
            "notes": ("note", "notes", delete_note),
            "plan": ("goal", "goals", delete_goal),
        }
        if tab == "plan" and case is not None:  # its rows are domains: the domain's goal
            domain = self._selected_domain()
            goal = next((g for g in case.goals if g.domain == domain), None)
            record_id = goal.id if goal is not None else None
            if record_id is None:
                self.notify("This domain has no goal to remove.", timeout=3)
                return
        if case is None or tab not in deleters or record_id is None:
            self.notify("Nothing selected to delete.", timeout=3)
            return
        noun, attr, delete = deleters[tab]
        row = next((r for r in getattr(case, attr) if r.id == record_id), None)
        if row is None:
            return
        day = getattr(row, "contact_date", None) or getattr(row, "made_on", None)
        day = day or getattr(row, "date", None) or getattr(row, "written_on", None)
        day = day or getattr(row, "referred_on", None)
        what = f"this {noun} of {shown(day)}"
        if tab == "plan":
            what = f"the goal for {DOMAIN_LABELS[getattr(row, 'domain')].lower()}"  # noqa: B009
        question = (
            f"Delete {what}? It leaves the file; the case's history keeps it as it was."
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.nav_app.save_changes(
                lambda session: delete(session, record_id),
                lambda _result: self.notify(f"The {noun} was deleted.", timeout=3),
                lambda failure: self.notify(failure.message, severity="error", timeout=10),
                survivor_id=self.survivor_id,
            )

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep it"), answered)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        if event.pane.id is not None:
            await self._build_tab(event.pane.id)  # "e" means "amend assessment" on the Recovery tab

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One "e" a tab: facts (most tabs), amend (Recovery), correct (contacts,
        promises and notes), set goal (Plan); enter and x act on the active tab's
        selected row."""
        tab = self._active_tab()
        if action == "form" and parameters == ("facts",):
            return tab not in ("recovery", "contacts", "promises", "referrals", "notes", "plan")
        if action == "amend_assessment":
            return tab == "recovery"
        if action == "correct_row":
            return tab in ("contacts", "promises", "referrals", "notes")
        if action == "set_goal":
            return tab == "plan"
        if action == "open_row":
            return tab in (
                "recovery", "contacts", "promises", "referrals", "overview", "notes", "plan"
            )
        if action == "delete_row":
            return tab in ("contacts", "promises", "referrals", "overview", "notes", "plan")
        return True

    def action_amend_assessment(self) -> None:
        case = self.case
        table = self.query_one("#assessments-table", DataTable)
        if case is None or not case.assessments or table.row_count == 0:
            self.notify("No assessment to amend: press a to record one.", timeout=3)
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self._amend(row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "assessments-table":
            event.stop()
            self._amend(event.row_key.value)
        elif event.data_table.id in (
            "contacts-table", "promises-table", "referrals-table", "milestones-table",
            "notes-table",
        ):
            event.stop()
            self.action_correct_row()
        elif event.data_table.id == "plan-table":
            event.stop()
            self.call_later(self.action_set_goal)

    def _amend(self, key: str | None) -> None:
        from navigator_tui.screens.assessment_form import AssessmentFormScreen

        if key is None or not key.isdigit():
            return
        self.app.push_screen(AssessmentFormScreen(self.survivor_id, int(key)))

    def rebuilder(self) -> Callable[[], NavScreen[Any]]:
        survivor_id, tab = self.survivor_id, self._active_tab()
        return lambda: SurvivorFileScreen(survivor_id, tab)

    def show_tab(self, tab: str) -> None:
        if tab in TABS:
            self.query_one("#file-tabs", TabbedContent).active = tab

    def run_action(self, action: str) -> None:
        if action == "delete":
            self.action_delete_survivor()
        elif action == "agreement_history":
            self.action_agreement_history()
        elif action == "promise_status":
            self.call_later(self.action_promise_status)
        elif action == "correct_row":
            self.action_correct_row()
        elif action == "delete_row":
            self.action_delete_row()
        elif action == "review":
            self.action_review()
        elif action == "goal":
            self.call_later(self.action_set_goal)
        elif action == "search_notes":
            self.call_later(self.action_search_notes)
        else:
            self.action_form(action)

    def action_delete_survivor(self) -> None:
        """Delete this survivor and every record of theirs, once the case reference is typed."""
        from navigator_tui.case_removal import confirm_delete

        if self.case is not None:
            confirm_delete(self.nav_app, self.survivor_id, self._deleted)

    def _deleted(self, _case_ref: str) -> None:
        if self.is_current:
            self.dismiss(None)

    def action_form(self, kind: str) -> None:
        from navigator_tui.screens.agreement_form import AgreementFormScreen
        from navigator_tui.screens.assessment_form import AssessmentFormScreen
        from navigator_tui.screens.consent_form import ConsentFormScreen
        from navigator_tui.screens.contact_form import ContactFormScreen
        from navigator_tui.screens.milestone_form import MilestoneFormScreen
        from navigator_tui.screens.note_form import NoteFormScreen
        from navigator_tui.screens.promise_form import PromiseFormScreen
        from navigator_tui.screens.referral_form import ReferralFormScreen
        from navigator_tui.screens.status_form import StatusFormScreen
        from navigator_tui.screens.survivor_form import SurvivorFormScreen

        if self.case is None:
            return
        forms: dict[str, tuple[Any, str]] = {
            "assessment": (AssessmentFormScreen, "recovery"),
            "contact": (ContactFormScreen, "contacts"),
            "promise": (PromiseFormScreen, "promises"),
            "referral": (ReferralFormScreen, "referrals"),
            "milestone": (MilestoneFormScreen, "overview"),
            "agreement": (AgreementFormScreen, "agreement"),
            "facts": (SurvivorFormScreen, "overview"),
        }
        if kind == "status":
            self.app.push_screen(StatusFormScreen(self.survivor_id), self._status_changed)
            return
        if kind == "note":
            self.show_tab("notes")
            self.app.push_screen(NoteFormScreen(self.survivor_id), self._note_written)
            return
        if kind == "consent":
            based_on = self._selected_consent()
            self.show_tab("consents")
            self.app.push_screen(ConsentFormScreen(self.survivor_id, based_on))
            return
        if kind not in forms:
            return
        form_class, tab = forms[kind]
        self.show_tab(tab)
        self.app.push_screen(form_class(self.survivor_id))

    def _note_written(self, note_id: int | None) -> None:
        """The note just written is the one selected (and shown in full)."""
        case = self.case
        if note_id is None or case is None or not self.query("#notes-table"):
            return
        self._new_note = note_id
        self._notes(case)

    def action_agreement_history(self) -> None:
        from navigator_tui.screens.agreement_history import AgreementHistoryScreen

        case = self.case
        if case is None:
            return
        self.show_tab("agreement")
        if not case.agreement_history:
            self.notify("No contact agreement yet: press g to record one.", timeout=3)
            return
        self.app.push_screen(AgreementHistoryScreen(self.survivor_id))

    def _status_changed(self, entry_id: int | None) -> None:
        """A closure offers the closing assessment at once, its kind set to closing."""
        from navigator_tui.screens.assessment_form import AssessmentFormScreen

        case = self.case
        if entry_id is not None and case is not None and case.survivor.status == "closed":
            self.show_tab("recovery")
            self.app.push_screen(AssessmentFormScreen(self.survivor_id, kind="closing"))

    def _selected_consent(self) -> int | None:
        """The answer selected on the Consent tab (a change starts from it)."""
        if self._active_tab() != "consents":
            return None
        table = self.query_one("#consents-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key and key.isdigit() else None

    async def action_promise_status(self) -> None:
        from navigator_tui.screens.promise_status import PromiseStatusScreen

        case = self.case
        if case is None:
            return
        self.show_tab("promises")
        await self._build_tab("promises")  # the selected promise is read from its table
        table = self.query_one("#promises-table", DataTable)
        if not case.promises or table.row_count == 0:
            self.notify("No promise to update: press p to add one.", timeout=3)
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None or not key.isdigit():
            return
        self.app.push_screen(PromiseStatusScreen(self.survivor_id, int(key)), self._promise_updated)

    def _promise_updated(self, promise_id: int | None) -> None:
        """A promise just marked broken offers a follow-up promise at once."""
        from navigator_tui.screens.confirm import ConfirmScreen
        from navigator_tui.screens.promise_form import PromiseFormScreen

        case = self.case
        promise = next((p for p in case.promises if p.id == promise_id), None) if case else None
        if promise is None or promise.status != "broken":
            return

        def answered(follow_up: bool | None) -> None:
            if follow_up:
                self.app.push_screen(PromiseFormScreen(self.survivor_id, follows=promise.what))

        self.app.push_screen(
            ConfirmScreen(
                "The promise is marked broken. Make a follow-up promise now?",
                yes="Make one",
                no="Not now",
            ),
            answered,
        )
