"""What each field of the data model means, for the data dictionary.

Kept beside the model rather than in it so that the model stays a plain schema.
A test checks that every field of every table is described here and that no
description names a field that no longer exists, so the dictionary cannot drift.
Category-valued fields name their :class:`caseload.categories.Category`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import SQLModel

from caseload import categories as c
from caseload import models as m


@dataclass(frozen=True)
class FieldDoc:
    meaning: str
    category: c.Category | None = None
    several: bool = False  # ';'-separated codes


F = FieldDoc
_ID = F("Internal row number (never exported).")
_SURVIVOR_ID = F("The survivor this row belongs to (deleted with them).")
_CREATED = F("When the row was created (UTC).")

TABLES: dict[type[SQLModel], dict[str, FieldDoc]] = {
    m.CaseRefRegistry: {
        "case_ref": F("A case reference ever issued; kept so that it is never reused."),
        "issued_at": F("When it was issued (UTC)."),
    },
    m.Survivor: {
        "id": _ID,
        "case_ref": F("The case reference: letters, digits and hyphens; safe to say aloud."),
        "given_name": F("Given name."),
        "family_name": F("Family name."),
        "preferred_name": F("The name the survivor wants to be called."),
        "date_of_birth": F("Date of birth; when absent, `missing` says why."),
        "age_band": F("Age band: from the date of birth when known.", c.AGE_BAND),
        "sex": F("Sex as the survivor describes it.", c.SEX),
        "sex_other": F("The survivor's own words when sex is 'other'."),
        "nationality": F("Nationality in words."),
        "nationality_group": F("UK or non-UK, as reported to funders.", c.NATIONALITY_GROUP),
        "languages": F("Languages spoken, ';'-separated, preferred first."),
        "interpreter_needed": F("Whether an interpreter is needed.", c.YES_NO_UNKNOWN),
        "exploitation_types": F("Kinds of exploitation.", c.EXPLOITATION_TYPE, several=True),
        "exploitation_other": F("What the exploitation was when a type is 'other'."),
        "county_lines": F("County lines involvement.", c.YES_NO_UNKNOWN),
        "exploitation_location": F("Where the exploitation happened.", c.EXPLOITATION_LOCATION),
        "referral_route": F("How the survivor was referred.", c.REFERRAL_ROUTE),
        "referral_route_other": F("The route when referral_route is 'other'."),
        "referring_agency": F("Who made the referral.", c.REFERRING_AGENCY),
        "referring_agency_name": F("The other agency's name, when it was another agency."),
        "police_force": F("The police force the case is with."),
        "officer_name": F("The officer in the case (one point of contact)."),
        "officer_contact": F("How to reach the officer in the case."),
        "nrm_reasonable_grounds": F("NRM reasonable grounds decision.", c.NRM_DECISION),
        "nrm_reasonable_grounds_date": F("Date of the reasonable grounds decision."),
        "nrm_conclusive_grounds": F("NRM conclusive grounds decision.", c.NRM_DECISION),
        "nrm_conclusive_grounds_date": F("Date of the conclusive grounds decision."),
        "intake_date": F("The day the case opened."),
        "status": F("Where the case stands.", c.CASE_STATUS),
        "status_changed_on": F("The day the status last changed."),
        "closed_on": F("The day the case closed (status 'closed')."),
        "closure_reason": F("Why the case closed.", c.CLOSURE_REASON),
        "closure_reason_other": F("The reason when closure_reason is 'other'."),
        "support_offered": F("Engagement: support was offered.", c.YES_NO_UNKNOWN),
        "support_accepted": F("Engagement: support was accepted.", c.YES_NO_UNKNOWN),
        "supports_police_action": F("Engagement: supports police action.", c.YES_NO_UNKNOWN),
        "missing": F("Why optional facts are not recorded: field name -> reason.",
                     c.MISSING_REASON),
        "record_key": F("Permanent random number drawn at intake (never exported): it gives "
                        "the survivor's weight in the funder figures (see the funder file's "
                        "'Disclosure control')."),
        "created_at": _CREATED,
        "updated_at": F("When the row last changed (UTC)."),
    },
    m.Assessment: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "date": F("The day of the assessment."),
        "kind": F("Which point in the case it belongs to.", c.ASSESSMENT_KIND),
        "scale_version": F("The version of the recovery scale the levels belong to."),
        "ratings": F("domain -> rater -> a level of the scale, or the reason it is missing.",
                     c.MISSING_REASON),
        "note": F("Free-text note (never exported)."),
        "created_at": _CREATED,
        "updated_at": F("When the assessment last changed (UTC); see the amendments."),
    },
    m.AssessmentAmendment: {
        "id": _ID,
        "assessment_id": F("The assessment that was changed."),
        "changed_at": F("When it was changed (UTC)."),
        "changed_by": F("Who changed it."),
        "field": F("Which field changed."),
        "old_value": F("The value before (JSON)."),
        "new_value": F("The value after (JSON)."),
    },
    m.RecordCorrection: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "record_kind": F("What was corrected: contact, milestone, promise, referral, note "
                         "(a case note) or goal (a support plan goal)."),
        "record_id": F("Which record (its id in its own table)."),
        "action": F("edited (one row per changed field) or deleted (the whole record)."),
        "changed_at": F("When it was corrected (UTC)."),
        "field": F("Which field changed (empty for a deletion)."),
        "old_value": F("The value before, or the whole deleted record (JSON)."),
        "new_value": F("The value after (JSON; empty for a deletion)."),
    },
    m.ContactAgreement: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "version": F("Agreement version; the highest is current, earlier ones are history."),
        "agreed_on": F("The day it was agreed."),
        "review_on": F("The day it should be reviewed; past it, a review is due."),
        "who_may_contact": F("Who may contact the survivor, in their words."),
        "may_contact": F(
            "Who may contact (';'-separated); empty: not said, so not checked.",
            c.CONTACT_WHO,
            several=True,
        ),
        "channels": F("Ways of getting in touch.", c.CONTACT_CHANNEL, several=True),
        "channels_other": F("The other way, when channels include 'other' (never exported)."),
        "phones": F("Phone numbers, each with whether calls, texts and voicemail are safe."),
        "safe_days": F("Weekdays (mon..sun, ';'-separated) when contact is safe; empty: any."),
        "safe_time_from": F("Start of the safe time of day."),
        "safe_time_to": F("End of the safe time of day."),
        "update_frequency": F("How often the survivor wants updates.", c.UPDATE_FREQUENCY),
        "update_frequency_other": F(
            "How often, in words, when 'other' (never exported); reminded every "
            f"{c.OTHER_UPDATE_INTERVAL_DAYS} days."
        ),
        "detail_level": F("How much detail the survivor wants.", c.DETAIL_LEVEL),
        "detail_level_other": F("How much detail, in words, when 'other' (never exported)."),
        "language": F("Language for contact."),
        "interpreter_needed": F("Whether an interpreter is needed.", c.YES_NO_UNKNOWN),
        "safe_places": F("Where it is safe to meet."),
        "unsafe_places": F("Where it is not safe to meet."),
        "code_word": F("A code word meaning 'not safe to talk'."),
        "things_to_avoid": F("What must never happen (a voicemail, a visit in uniform...)."),
        "created_at": _CREATED,
    },
    m.ContactLog: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "contact_date": F("The day of the contact or attempt."),
        "contact_time": F("The time of day, when recorded."),
        "channel": F("How contact was made or tried.", c.CONTACT_CHANNEL),
        "channel_other": F("How, when 'other' (never exported)."),
        "who": F("Who made or attempted the contact.", c.CONTACT_WHO),
        "who_other": F("Who it was, when 'other'."),
        "outcome": F("What happened.", c.CONTACT_OUTCOME),
        "outcome_other": F(
            "What happened, when 'other' (never exported); not a successful contact."
        ),
        "update_given": F("Whether an update on the case was given (true/false)."),
        "safety_concern": F("Whether a safety concern came up (true/false)."),
        "summary": F("Free-text summary (never exported)."),
        "phone": F("The agreement's phone a call or text used (its number; never exported)."),
        "outside_agreement_reason": F(
            "Why the contact went outside the contact agreement (free text, never exported; "
            "counted in the monthly summary)."
        ),
        "created_at": _CREATED,
    },
    m.Promise: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "what": F("What was promised (never exported)."),
        "to_whom": F("Who the promise was made to."),
        "by_whom": F("Who made the promise.", c.PROMISE_BY),
        "by_whom_other": F("The other agency, when 'other_agency'."),
        "made_on": F("The day it was made."),
        "due_on": F("The day it is due, when there is one."),
        "status": F("Where the promise stands.", c.PROMISE_STATUS),
        "status_changed_on": F("The day the status last changed (kept, broken...)."),
        "outcome_note": F("Free-text note on the outcome (never exported)."),
        "survivor_told": F(
            "For a broken promise, whether the survivor has been told; empty otherwise.",
            c.PROMISE_TOLD,
        ),
        "created_at": _CREATED,
    },
    m.Consent: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "kind": F("What the survivor may agree to.", c.CONSENT_KIND),
        "kind_other": F("What was agreed to, when 'other' (never exported)."),
        "agency_name": F("The agency, for 'share_with_agency'."),
        "status": F("The survivor's answer.", c.CONSENT_STATUS),
        "recorded_on": F("The day the answer was recorded."),
        "method": F("How consent was given.", c.CONSENT_METHOD),
        "method_other": F("How, when 'other' (never exported)."),
        "withdrawn_on": F("The day consent was withdrawn."),
        "note": F("Free-text note (never exported)."),
    },
    m.Milestone: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "kind": F("The kind of tipping point.", c.MILESTONE_KIND),
        "kind_other": F("What it is, when 'other'."),
        "date": F("The day it happens or happened."),
        "prep_note": F("Free-text preparation note (never exported)."),
        "created_at": _CREATED,
    },
    m.CaseStatusChange: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "changed_on": F("The day the case was paused, resumed, closed or reopened."),
        "status": F("The status the case took that day.", c.CASE_STATUS),
        "reason": F("Why, for a closure (the closure reason)."),
        "created_at": _CREATED,
    },
    m.Provider: {
        "id": _ID,
        "name": F("The service's name (the directory holds no survivor data)."),
        "service_kinds": F("The kinds of service it offers, ';'-separated.",
                           c.REFERRAL_SERVICE),
        "service_other": F("The service in words, when its kinds include 'other'."),
        "languages": F("Languages its staff speak, ';'-separated, in words."),
        "area": F("Where it works (town, county or force area)."),
        "how_to_refer": F("How to refer someone to it."),
        "contact": F("How to reach it (the service's own contact details)."),
        "notes": F("Notes for the team about the service."),
        "created_at": _CREATED,
    },
    m.Referral: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "service_kind": F("The kind of service.", c.REFERRAL_SERVICE),
        "service_other": F("The service, when 'other' (never exported)."),
        "provider_id": F("The directory entry it was made to, if chosen from the directory "
                         "(emptied if that entry is removed)."),
        "provider_name": F("The provider's name as it was when referred (never exported)."),
        "domains": F("The recovery domains it serves, ';'-separated domain codes."),
        "status": F("Where the referral stands.", c.REFERRAL_STATUS),
        "referred_on": F("The day it was sent."),
        "accepted_on": F("The day the provider accepted it."),
        "started_on": F("The day the service started."),
        "ended_on": F("The day the service ended, or the referral was settled otherwise."),
        "follow_up_on": F("When to chase or check on it (the worklist says so)."),
        "note": F("Free-text note (never exported)."),
        "created_at": _CREATED,
        "updated_at": F("When the row last changed (UTC)."),
    },
    m.SupportGoal: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "domain": F("The recovery domain the goal is for (one goal per domain)."),
        "goal": F("The survivor's goal in their own words (never exported)."),
        "actions": F("The actions agreed towards it (never exported)."),
        "agreed_on": F("The day the goal was agreed or last changed with the survivor."),
        "created_at": _CREATED,
        "updated_at": F("When the row last changed (UTC)."),
    },
    m.CaseNote: {
        "id": _ID,
        "survivor_id": _SURVIVOR_ID,
        "written_on": F("The day the note is about."),
        "text": F("Free-text case note (never exported; hidden in discreet mode)."),
        "created_at": _CREATED,
    },
    m.Activity: {
        "id": _ID,
        "kind": F("The kind of work beyond the caseload.", c.ACTIVITY_KIND),
        "date": F("The day of the advice, the day of action or the training."),
        "force": F("The police force it was with or for."),
        "reference": F("Strategic advice: the operation or reference."),
        "theme": F("Strategic advice: what it was about.", c.ADVICE_THEME),
        "theme_other": F("What it was about, when 'other'."),
        "site_kind": F("Day of action: the kind of site visited.", c.SITE_KIND),
        "site_other": F("The kind of site, when 'other'."),
        "people_encountered": F("Day of action: people encountered."),
        "potential_victims_identified": F("Day of action: potential victims identified."),
        "referred": F("Day of action: of those, how many were referred for support."),
        "audience": F("Training: who was trained (for example response officers)."),
        "organisation": F("Training: the organisation trained."),
        "attendees": F("Training: how many attended."),
        "improved_pct": F("Training: the share of those giving feedback who reported an "
                          "improved ability to identify and assist potential victims (0-100); "
                          "empty when no feedback was collected."),
        "note": F("Free-text note; never a survivor's name (never exported)."),
        "record_key": F("Permanent random number drawn when the activity is recorded (never "
                        "exported): it gives the activity's weight in the funder figures, as "
                        "a survivor's record key gives theirs (see 'Record weights')."),
        "created_at": _CREATED,
    },
}


def type_name(model: type[SQLModel], field: str) -> str:
    """A plain-words type for the dictionary."""
    annotation = str(model.model_fields[field].annotation)
    optional = "None" in annotation
    for token, name in (
        ("datetime.datetime", "date and time (UTC)"),
        ("datetime.date", "date (YYYY-MM-DD)"),
        ("datetime.time", "time of day (HH:MM)"),
        ("dict", "JSON object"),
        ("list", "JSON list"),
        ("bool", "true/false"),
        ("int", "whole number"),
        ("str", "text"),
    ):
        if token in annotation:
            return name + (", may be empty" if optional and field != "id" else "")
    return annotation
