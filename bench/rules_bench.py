"""Caseload rules and exports on an open vault: loading the caseload, the daily worklist,
the monthly summary and the funder aggregates (each export timed end to end, file included)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from assessments.case_status import contacts_read
from assessments.worklist import build_worklist
from bench.measure import time_runs
from caseload.queries import load_cases
from caseload.vault import Vault
from exports.funder import write_funder_aggregates
from exports.monthly import write_monthly_summary
from exports.periods import Month, Period


def rules_costs(vault: Vault, today: dt.date, runs: int) -> dict[str, Any]:
    with vault.session() as session:
        load = time_runs(lambda: load_cases(session), runs)
        # What the app loads at unlock: each contact log only as far back as the rules read.
        recent = contacts_read(today)
        load_recent = time_runs(lambda: load_cases(session, recent), runs)
        cases = load_cases(session)
        worklist = time_runs(lambda: build_worklist(cases, today), runs)
        actions = len(build_worklist(cases, today))

        month = Month.of(today.replace(day=1) - dt.timedelta(days=1))
        period = Period(Month(month.year, 1), month)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            monthly = time_runs(
                lambda: write_monthly_summary(session, month, out / "monthly.csv", True, today),
                runs,
            )
            funder = time_runs(
                lambda: write_funder_aggregates(session, period, out / "funder.csv", True, today),
                runs,
            )
    return {
        "load_cases": load.as_dict(),
        "load_cases_recent": load_recent.as_dict(),
        "worklist": {**worklist.as_dict(), "actions": actions},
        "export_monthly": monthly.as_dict(),
        "export_funder": funder.as_dict(),
    }
