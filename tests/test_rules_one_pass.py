"""The rules that find one record in a single pass pick what sorting the whole list picked.

intake_assessment, latest_assessment and last_successful_contact used to sort their
input and take an end of it; they now scan once (sorting each case's lists on every
call dominated the worklist and the exports). These properties compare them with the
sorted definitions on random lists, ties and ids missing (records not yet saved)
included; and case_as_of, which no longer sorts its filtered lists, with a case built
and sorted from scratch.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.contact_cadence import is_successful, last_successful_contact
from assessments.schedule import intake_assessment
from assessments.scoring import latest_assessment
from caseload.case import CaseRecord, assessment_key, contact_key
from caseload.records import AssessmentRow, ContactRow, PromiseRow
from exports.as_of import case_as_of
from tests.case_builders import agreement, case, promise, survivor

START = dt.date(2025, 1, 1)
days = st.integers(0, 6).map(lambda n: START + dt.timedelta(days=n))
ids = st.one_of(st.none(), st.integers(1, 4))

assessments = st.lists(
    st.builds(
        AssessmentRow,
        id=ids,
        survivor_id=st.just(1),
        date=days,
        kind=st.sampled_from(["intake", "review", "closing"]),
        scale_version=st.just(1),
        ratings=st.just({}),
        note=st.just(""),
    ),
    max_size=8,
)

contacts = st.lists(
    st.builds(
        ContactRow,
        id=ids,
        survivor_id=st.just(1),
        contact_date=days,
        contact_time=st.one_of(st.none(), st.sampled_from([dt.time(0), dt.time(9), dt.time(17)])),
        channel=st.just("phone_call"),
        who=st.just("navigator"),
        who_other=st.just(""),
        outcome=st.sampled_from(["spoke", "no_answer", "message_left"]),
        update_given=st.booleans(),
        safety_concern=st.booleans(),
        summary=st.just(""),
    ),
    max_size=10,
)


def _sorted_intake(items: list[AssessmentRow]) -> AssessmentRow | None:
    if not items:
        return None
    ordered = sorted(items, key=lambda a: (a.date, 0 if a.kind == "intake" else 1))
    return next((a for a in ordered if a.kind == "intake"), ordered[0])


@settings(max_examples=300, deadline=None)
@given(assessments)
def test_intake_and_latest_assessment_are_those_of_the_sorted_list(
    items: list[AssessmentRow],
) -> None:
    assert intake_assessment(items) is _sorted_intake(items)
    expected = sorted(items, key=assessment_key)[-1] if items else None
    assert latest_assessment(items) is expected


@settings(max_examples=300, deadline=None)
@given(contacts, st.one_of(st.none(), days))
def test_last_successful_contact_is_that_of_the_sorted_log(
    items: list[ContactRow], today: dt.date | None
) -> None:
    logged = sorted(
        (c for c in items if today is None or c.contact_date <= today), key=contact_key
    )
    expected = next((c for c in reversed(logged) if is_successful(c)), None)
    assert last_successful_contact(items, today) is expected


def test_case_as_of_equals_the_case_rebuilt_and_sorted() -> None:
    kept_later = promise("2025-02-01", "2025-03-01", "kept", status_changed_on=dt.date(2025, 5, 2))
    whole = case(
        survivor(intake="2025-01-10", status="closed", closed_on=dt.date(2025, 6, 1)),
        agreement_history=[agreement(agreed="2025-01-10"), agreement(agreed="2025-04-01")],
        promises=[kept_later, promise("2025-04-20", None), promise("2025-05-20", None)],
    )
    day = dt.date(2025, 4, 30)
    then = case_as_of(whole, day)
    rebuilt = CaseRecord(
        survivor=then.survivor,
        assessments=[a for a in whole.assessments if a.date <= day],
        agreement_history=list(reversed(then.agreement_history)),
        contacts=[c for c in whole.contacts if c.contact_date <= day],
        promises=list(reversed(then.promises)),
        milestones=list(whole.milestones),
        consents=list(then.consents),
    )
    assert then == rebuilt
    assert then.survivor.status == "open" and then.survivor.closed_on is None
    assert isinstance(then.promises[0], PromiseRow) and then.promises[0].status == "open"
    assert [p.made_on for p in then.promises] == [dt.date(2025, 2, 1), dt.date(2025, 4, 20)]
    assert whole.survivor.status == "closed" and whole.promises[0] is kept_later  # unchanged


def test_restricted_copies_without_touching_the_case() -> None:
    whole = case(survivor(), promises=[promise("2025-02-01", None), promise("2025-03-01", None)])
    view = whole.restricted(promises=whole.promises[:1])
    assert len(view.promises) == 1 and len(whole.promises) == 2
    assert view.survivor is whole.survivor
    with pytest.raises(TypeError):
        whole.restricted(promise=[])
