"""One plain row per survivor for the caseload table, with what the rules say about them.

Rows are built once per data change and kept in memory; the caseload screen filters
and sorts these rows (cheap) and only adds the visible ones to its DataTable.  Every
figure here comes from the rules in ``assessments/``: none is computed in the UI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from navigator_tui.snapshot import CaseFile, Caseload, shown_name
from storage.categories import CASE_STATUS


@dataclass
class CaseRow:
    survivor_id: int
    case_ref: str
    name: str
    status: str
    next_assessment: dt.date | None = None
    next_update: dt.date | None = None
    open_promises: int = 0
    score_survivor: float | None = None
    score_navigator: float | None = None
    flags: tuple[str, ...] = ()
    #: Lower-cased text the filter matches against (no names in discreet mode).
    search: str = field(default="", repr=False)

    @property
    def status_label(self) -> str:
        return CASE_STATUS.label(self.status)


def build_row(case: CaseFile, today: dt.date, discreet: bool) -> CaseRow:
    survivor = case.survivor
    assert survivor.id is not None
    searchable = [survivor.case_ref, survivor.officer_name, survivor.police_force]
    if not discreet:
        searchable += [survivor.given_name, survivor.family_name, survivor.preferred_name]
    return CaseRow(
        survivor_id=survivor.id,
        case_ref=survivor.case_ref,
        name=shown_name(survivor, discreet),
        status=survivor.status,
        open_promises=len(case.open_promises),
        search=" ".join(s for s in searchable if s).lower(),
    )


def build_rows(cases: Caseload, discreet: bool) -> list[CaseRow]:
    return [build_row(case, cases.today, discreet) for case in cases.files.values()]
