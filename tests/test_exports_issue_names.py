"""Every column and measure that issue 5 names is there, spelt exactly as the issue spells it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from exports import import_assessments, import_survivors
from exports.funder_measures import HEADER as FUNDER_HEADER
from exports.monthly_columns import HEADER as MONTHLY_HEADER

GOLDEN = Path(__file__).parent / "golden"
DOMAINS = ("mental_health", "physical_health", "financial_stability", "social_connection",
           "safety", "legal_status")
RATERS = ("survivor", "navigator")


def test_survivor_import_columns() -> None:
    names = [c.name for c in import_survivors.COLUMNS]
    for column in ("case_ref", "given_name", "family_name", "preferred_name", "date_of_birth",
                   "sex", "nationality", "exploitation_types", "referral_route",
                   "police_force", "intake_date", "status"):
        assert column in names


def test_assessment_import_columns() -> None:
    assert [c.name for c in import_assessments.COLUMNS] == [
        "case_ref", "date", "kind", "rater", *DOMAINS, "note"
    ]


def test_monthly_columns() -> None:
    levels = [f"{d}_{r}" for d in DOMAINS for r in RATERS]
    assert MONTHLY_HEADER == (
        "case_ref", "status", "intake_month", "assessments_to_date", "latest_assessment_date",
        *levels,
        "overall_survivor", "overall_navigator", "change_since_intake_survivor",
        "change_since_intake_navigator", "next_assessment_due", "assessment_overdue",
        "contacts_in_month", "updates_in_month", "next_update_due", "promises_open",
        "promises_kept_in_month", "promises_broken_in_month",
        "contacts_outside_agreement",  # issue 12
        "referrals_made_in_month", "referrals_open", "has_support_plan",  # issue 16
    )


def test_funder_measures() -> None:
    assert FUNDER_HEADER == ("measure", "group", "category", "value", "base", "suppressed")
    text = (GOLDEN / "funder_2024-10_2025-03_seed2026.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    keys = {(r["measure"], r["group"], r["category"]) for r in rows}
    groups = {(r["measure"], r["group"]) for r in rows}
    expected = {
        ("survivors_supported", "all", "all"), ("new_cases", "all", "all"),
        ("closed_cases", "all", "all"), ("assessments_completed", "all", "all"),
        ("reviews_on_time_pct", "all", "all"), ("promises_kept_pct", "all", "all"),
        ("excluded_declined_reporting", "all", "all"),
        *(("improved_overall_pct", "rater", g) for g in (*RATERS, "both")),
        *((f"mean_change_{r}", "domain", d) for r in RATERS for d in DOMAINS),
    }
    assert expected <= keys
    for group in ("exploitation_type", "age_band", "sex", "nationality_group", "referral_route"):
        assert ("survivors_supported", group) in groups
    assert {r["category"] for r in rows if r["group"] == "nationality_group"} >= {"uk", "non_uk"}
    about = {r["measure"] for r in rows if r["group"] == "about"}
    assert {"period_from", "period_to", "threshold", "scale_version"} <= about
    for r in rows:
        if r["measure"] in ("improved_overall_pct", "reviews_on_time_pct") and r["value"]:
            assert r["base"], "a percentage is published with its base"
