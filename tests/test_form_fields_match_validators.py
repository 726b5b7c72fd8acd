"""Each record form's fields (label, help, masking) say the same kind, choices, required
mark and limits as the core's validator of that record, so the '*' a form shows and the
check it runs cannot drift apart."""

from __future__ import annotations

import pytest

from navigator_tui.screens import (
    agreement_form,
    assessment_form,
    consent_form,
    contact_form,
    goal_form,
    milestone_form,
    note_form,
    promise_form,
    promise_status,
    status_form,
    survivor_form,
)

FORMS = {
    "survivor": (survivor_form.FIELDS, survivor_form.SurvivorFormScreen),
    "contact": (contact_form.FIELDS, contact_form.ContactFormScreen),
    "promise": (promise_form.FIELDS, promise_form.PromiseFormScreen),
    "promise status": (promise_status.FIELDS, promise_status.PromiseStatusScreen),
    "milestone": (milestone_form.FIELDS, milestone_form.MilestoneFormScreen),
    "agreement": (agreement_form.FIELDS, agreement_form.AgreementFormScreen),
    "assessment": (assessment_form.FIELDS, assessment_form.AssessmentFormScreen),
    "consent": (consent_form.FIELDS, consent_form.ConsentFormScreen),
    "status": (status_form.FIELDS, status_form.StatusFormScreen),
    "note": (note_form.FIELDS, note_form.NoteFormScreen),
    "goal": (goal_form.FIELDS, goal_form.GoalFormScreen),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_form_shows_what_its_validator_checks(name: str) -> None:
    specs, screen = FORMS[name]
    kind = screen.record_kind
    assert kind is not None
    assert [spec.as_field() for spec in specs] == list(kind.fields)
