"""Property: whatever the caseload, the funder file publishes no small count and no
suppressed cell of an additive breakdown can be worked out from the published total."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from caseload import categories as cat
from caseload.case import CaseRecord
from caseload.models import RECORD_KEY_SPACE, Consent, Survivor
from exports.csv_safety import to_csv
from exports.funder import funder_rows
from exports.funder_measures import HEADER
from exports.monthly import monthly_rows
from exports.monthly_columns import HEADER as MONTHLY_HEADER
from exports.periods import Month, Period
from exports.record_weights import weight

TODAY = dt.date(2025, 3, 15)
PERIOD = Period(Month(2025, 1), Month(2025, 2))
ADDITIVE = ("age_band", "sex", "nationality_group", "referral_route")

person = st.tuples(
    st.sampled_from(cat.SEX.codes),
    st.sampled_from(cat.NATIONALITY_GROUP.codes),
    st.sampled_from(cat.AGE_BAND.codes),
    st.sampled_from(cat.REFERRAL_ROUTE.codes),
    st.lists(st.sampled_from(cat.EXPLOITATION_TYPE.codes), max_size=2, unique=True),
    st.booleans(),  # declined anonymised reporting
    st.integers(min_value=0, max_value=RECORD_KEY_SPACE - 1),
)


def _cases(people: list[tuple]) -> list[CaseRecord]:
    cases = []
    for i, (sex, group, band, route, kinds, declined, key) in enumerate(people, start=1):
        survivor = Survivor(id=i, case_ref=f"P-{i}", intake_date=dt.date(2024, 12, 1), sex=sex,
                            nationality_group=group, age_band=band, referral_route=route,
                            exploitation_types=";".join(kinds), record_key=key)
        consents = [Consent(id=i, survivor_id=i, kind="anonymised_reporting",
                            status="declined", recorded_on=dt.date(2025, 1, 1))] if declined else []
        cases.append(CaseRecord(survivor=survivor, consents=consents))
    return cases


@settings(max_examples=60, deadline=None)
@given(st.lists(person, max_size=30), st.integers(min_value=2, max_value=8))
def test_funder_file_is_safe_for_any_caseload(people: list[tuple], threshold: int) -> None:
    rows = funder_rows(_cases(people), PERIOD, TODAY, threshold)
    text = to_csv(HEADER, rows).decode()
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    counts = [r for r in table if r["group"] != "about" and r["base"] == ""
              and not r["measure"].endswith("_pct") and not r["measure"].startswith("mean_")]
    for r in counts:
        if r["suppressed"] == "true":
            assert r["value"] == ""
        else:
            assert not 0 < int(r["value"]) < threshold
    for r in table:
        if r["base"]:
            assert int(r["base"]) >= threshold
    total = next(r for r in table if r["measure"] == "survivors_supported" and r["group"] == "all")
    included = sum(weight(p[6]) for p in people if not p[5])  # the weighted count
    assert total["value"] in ("", str(included))
    if total["suppressed"] == "true":
        return
    for group in ADDITIVE:
        cells = [r for r in table if r["measure"] == "survivors_supported" and r["group"] == group]
        hidden = [r for r in cells if r["suppressed"] == "true"]
        if len(hidden) == len(cells):
            continue  # all in one category: only the total is said
        if hidden:
            remainder = included - sum(int(r["value"]) for r in cells if r["value"])
            assert len(hidden) >= 2 and remainder >= threshold and remainder > len(hidden)


def test_text_cells_of_an_export_are_neutralised() -> None:
    """A case reference that bypassed validation still cannot run as a formula."""
    survivor = Survivor(id=1, case_ref="=cmd|' /C calc'!A0", intake_date=dt.date(2025, 1, 2))
    rows = monthly_rows([CaseRecord(survivor=survivor)], Month(2025, 2), TODAY)
    line = to_csv(MONTHLY_HEADER, rows).decode().splitlines()[1]
    assert line.startswith("\"'=cmd|' /C calc'!A0\",open,2025-01,0,")
