"""Every fixed list of the data model, in one place.

Forms (drop-downs), validation, importers and the data dictionary all read these
definitions, so a category cannot mean one thing on screen and another in an export.
Codes are stored in the vault; labels are shown to people.

Open lists: every list that describes something in the world (a survivor's sex,
exploitation, referral, a way of getting in touch, an outcome, a wish, a consent, a
milestone...) includes ``other`` ("Other (specify)", or ``other_agency`` with the
agency's name), and the model keeps the specification in free text beside the field
(``*_other``; see :data:`OTHER_TEXT_FIELDS`).  Reality is wider than any list, and a
forced wrong choice is worse than an honest "other".  A rule that reads such a field
gives ``other`` a documented meaning: an outcome "other" is not a successful contact;
an update frequency "other" is reminded every :data:`OTHER_UPDATE_INTERVAL_DAYS` days.

Closed lists (no ``other``), each because the app's own logic or an outside
definition fixes every value:

- statuses (``case_status``, ``promise_status``, ``consent_status``,
  ``referral_status``) and kinds (``assessment_kind``, ``activity_kind``): the rules
  (schedule, reminders, follow-ups, funder figures) act on each value; a status they
  could not interpret would silently drop out of them.
- decisions (``nrm_decision``): the outcomes the NRM process itself defines.
- raters (``rater``) and the recovery scale's levels (``assessments.scale``): the
  assessment method has exactly two raters and five levels; a rating outside them
  cannot be scored or compared.
- missing reasons (``missing_reason``): they say why a value is absent; "other" would
  be a reason that explains nothing.
- exhaustive or derived answers: ``yes_no_unknown``, ``promise_told`` (yes, not
  yet: the worklist reminds until they are), ``exploitation_location`` (UK,
  overseas, both, not known), ``nationality_group`` (UK / non-UK, for funders),
  ``age_band`` (derived from the date of birth) and the weekdays.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    choices: tuple[Choice, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def label(self, code: str | None) -> str:
        for choice in self.choices:
            if choice.code == code:
                return choice.label
        return "" if code is None else code

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def _cat(name: str, description: str, *choices: tuple[str, str] | tuple[str, str, str]) -> Category:
    return Category(name, description, tuple(Choice(*c) for c in choices))


MISSING_REASON = _cat(
    "missing_reason",
    "Why a value is not recorded. A blank is never left without a reason.",
    ("declined", "Declined", "The survivor chose not to answer."),
    ("not_discussed", "Not discussed", "The question has not come up yet."),
    ("not_applicable", "Not applicable", "The question does not apply to this survivor."),
    ("not_known", "Not known", "Nobody knows the answer yet (for example, date of birth)."),
)

SEX = _cat(
    "sex",
    "Sex as the survivor describes it.",
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other (specify)"),
    ("not_recorded", "Not recorded"),
)

AGE_BAND = _cat(
    "age_band",
    "Age bands used by policing research; derived from the date of birth when it is known.",
    ("17_and_under", "17 and under"),
    ("18_24", "18-24"),
    ("25_34", "25-34"),
    ("35_44", "35-44"),
    ("45_54", "45-54"),
    ("55_plus", "55+"),
    ("not_known", "Not known"),
)

NATIONALITY_GROUP = _cat(
    "nationality_group",
    "UK or non-UK nationality, as reported to funders.",
    ("uk", "UK"),
    ("non_uk", "Non-UK"),
    ("not_known", "Not known"),
)

EXPLOITATION_TYPE = _cat(
    "exploitation_type",
    "Kinds of exploitation experienced; several may apply at once.",
    ("criminal", "Criminal"),
    ("labour", "Labour"),
    ("sexual", "Sexual"),
    ("domestic_servitude", "Domestic servitude"),
    ("other", "Other (specify)"),
)

YES_NO_UNKNOWN = _cat(
    "yes_no_unknown",
    "A yes/no answer that may not be known yet.",
    ("yes", "Yes"),
    ("no", "No"),
    ("not_known", "Not known"),
)

EXPLOITATION_LOCATION = _cat(
    "exploitation_location",
    "Where the exploitation happened.",
    ("uk_only", "UK only"),
    ("overseas_only", "Overseas only"),
    ("both", "UK and overseas"),
    ("not_known", "Not known"),
)

REFERRAL_ROUTE = _cat(
    "referral_route",
    "How the survivor was referred.",
    ("nrm", "NRM referral", "Referred into the National Referral Mechanism with consent."),
    ("ms1", "MS1 (Duty to Notify)", "Adult who did not consent to the NRM; MS1 form submitted."),
    ("none", "None"),
    ("other", "Other (specify)"),
)

REFERRING_AGENCY = _cat(
    "referring_agency",
    "Who made the referral.",
    ("police_force", "The police force itself"),
    ("other_agency", "Another agency (specify)"),
    ("not_known", "Not known"),
)

NRM_DECISION = _cat(
    "nrm_decision",
    "An NRM decision (reasonable grounds or conclusive grounds).",
    ("pending", "Pending"),
    ("positive", "Positive"),
    ("negative", "Negative"),
    ("not_applicable", "Not applicable", "No NRM referral was made."),
)

CASE_STATUS = _cat(
    "case_status",
    "Where the case stands.",
    ("open", "Open"),
    ("paused", "Paused", "Support paused (for example, the survivor asked for a break)."),
    ("closed", "Closed"),
)

CLOSURE_REASON = _cat(
    "closure_reason",
    "Why a case was closed.",
    ("support_complete", "Support complete"),
    ("disengaged", "Survivor disengaged"),
    ("relocated", "Relocated / transferred"),
    ("declined", "Survivor declined further support"),
    ("other", "Other (specify)"),
)

ASSESSMENT_KIND = _cat(
    "assessment_kind",
    "Which point in the case an assessment belongs to.",
    ("intake", "Intake", "The first assessment, due within 14 days of the intake date."),
    ("review", "Review", "Every four calendar months after the intake assessment."),
    ("closing", "Closing", "Offered when a case closes."),
)

RATER = _cat(
    "rater",
    "Who gave a rating.",
    ("survivor", "Survivor", "The survivor's own rating (self-assessment)."),
    ("navigator", "Navigator", "The navigator's rating."),
)

CONTACT_CHANNEL = _cat(
    "contact_channel",
    "Ways of getting in touch.",
    ("phone_call", "Phone call"),
    ("text_message", "Text message"),
    ("secure_app", "Secure messaging app"),
    ("email", "Email"),
    ("in_person", "In person"),
    ("via_navigator_only", "Through the navigator only"),
    ("other", "Other (specify)"),
)

#: An update frequency "other" cannot silence "no updates are still updates": it is
#: reminded as often as "monthly", with the survivor's own words shown beside it.
OTHER_UPDATE_INTERVAL_DAYS = 30

UPDATE_FREQUENCY = _cat(
    "update_frequency",
    "How often the survivor wants to hear about their case. 'No updates are still updates.'",
    ("every_2_days", "Every 2 days"),
    ("weekly", "Weekly"),
    ("fortnightly", "Fortnightly"),
    ("monthly", "Monthly"),
    ("only_news", "Only when there is news"),
    (
        "other",
        "Other (specify)",
        f"Reminded every {OTHER_UPDATE_INTERVAL_DAYS} days, the specification shown in words.",
    ),
)

#: Days between updates for each frequency; ``None`` means no fixed cadence.
UPDATE_INTERVAL_DAYS: dict[str, int | None] = {
    "every_2_days": 2,
    "weekly": 7,
    "fortnightly": 14,
    "monthly": 30,
    "only_news": None,
    "other": OTHER_UPDATE_INTERVAL_DAYS,
}

DETAIL_LEVEL = _cat(
    "detail_level",
    "How much detail the survivor wants in updates.",
    ("full", "Full detail"),
    ("summary", "A short summary"),
    ("essentials", "Only the essentials"),
    ("other", "Other (specify)"),
)

CONTACT_WHO = _cat(
    "contact_who",
    "Who made or attempted the contact.",
    ("navigator", "Navigator"),
    ("officer", "Officer in the case"),
    ("other", "Other (specify)"),
)

CONTACT_OUTCOME = _cat(
    "contact_outcome",
    "What happened. Only 'spoke' counts as a successful contact.",
    ("spoke", "Spoke", "Spoke or met with the survivor."),
    ("message_left", "Message left"),
    ("no_answer", "No answer"),
    ("survivor_cancelled", "Survivor cancelled"),
    ("other", "Other (specify)", "Not a successful contact."),
)

SUCCESSFUL_OUTCOMES = frozenset({"spoke"})

PROMISE_BY = _cat(
    "promise_by",
    "Who made the promise.",
    ("navigator", "Navigator"),
    ("officer", "Officer"),
    ("other_agency", "Other agency (specify)"),
)

PROMISE_STATUS = _cat(
    "promise_status",
    "Where a promise stands.",
    ("open", "Open"),
    ("kept", "Kept"),
    ("broken", "Broken"),
    (
        "renegotiated",
        "Renegotiated",
        "Changed with the survivor's agreement; a new promise may follow.",
    ),
    ("withdrawn", "Withdrawn", "Withdrawn; the outcome note explains why."),
)

PROMISE_TOLD = _cat(
    "promise_told",
    "For a broken promise: whether the survivor has been told it was broken.",
    ("yes", "Yes, they have been told"),
    ("not_yet", "Not yet"),
)

CONSENT_KIND = _cat(
    "consent_kind",
    "What the survivor may agree to.",
    ("navigator_support", "Support from the navigator"),
    ("share_with_police", "Information shared with the police"),
    ("share_with_agency", "Information shared with a named agency"),
    ("anonymised_reporting", "Inclusion in anonymised reporting"),
    ("other", "Other (specify)"),
)

CONSENT_STATUS = _cat(
    "consent_status",
    "The survivor's answer. 'Not recorded' is different from 'declined'.",
    ("given", "Given"),
    ("declined", "Declined"),
    ("withdrawn", "Withdrawn"),
    ("not_recorded", "Not recorded"),
)

CONSENT_METHOD = _cat(
    "consent_method",
    "How consent was given.",
    ("verbal", "Verbal"),
    ("written", "Written / signed"),
    ("through_interpreter", "Verbal, through an interpreter"),
    ("other", "Other (specify)"),
)

MILESTONE_KIND = _cat(
    "milestone_kind",
    "Tipping points in a case, where bad news without warning does harm.",
    ("abe_interview", "ABE (video-recorded) interview"),
    ("nrm_decision", "NRM decision"),
    ("charging_decision", "Charging decision"),
    ("court_date", "Court date"),
    ("perpetrator_release", "Perpetrator release"),
    ("relocation", "Relocation"),
    ("other", "Other (specify)"),
)

REFERRAL_SERVICE = _cat(
    "referral_service",
    "The kind of service a survivor is referred to.",
    ("housing", "Housing"),
    ("counselling", "Counselling or therapy"),
    ("health", "GP or health"),
    ("mental_health", "Mental health"),
    ("legal", "Legal or immigration advice"),
    ("money", "Benefits and money"),
    ("education", "Education or English classes"),
    ("employment", "Employment"),
    ("accommodation", "Safe accommodation"),
    ("nrm_support", "NRM support"),
    ("advocacy", "Advocacy (ISVA or other)"),
    ("other", "Other (specify)"),
)

REFERRAL_STATUS = _cat(
    "referral_status",
    "Where a referral stands.",
    ("planned", "Planned", "Agreed with the survivor, not sent yet."),
    ("referred", "Referred", "Sent to the provider; no answer yet."),
    ("accepted", "Accepted", "The provider accepted the referral."),
    ("waiting", "Waiting", "On the provider's waiting list."),
    ("started", "Started", "The survivor is receiving the service."),
    ("completed", "Completed", "The service has ended as planned."),
    ("declined", "Declined by the survivor"),
    ("refused", "Refused by the provider"),
    ("withdrawn", "Withdrawn"),
)

#: Referral statuses that are settled: no follow-up is due.
REFERRAL_CLOSED = frozenset({"completed", "declined", "refused", "withdrawn"})

ACTIVITY_KIND = _cat(
    "activity_kind",
    "The work beyond the caseload.",
    ("strategic_advice", "Strategic advice to an investigation"),
    ("day_of_action", "Day of action"),
    ("training", "Training delivered"),
)

ADVICE_THEME = _cat(
    "advice_theme",
    "What strategic advice to an investigation was about.",
    ("age_assessment", "Age assessment"),
    ("identification", "Identification of victims"),
    ("nrm", "NRM"),
    ("victim_care", "Victim care and engagement"),
    ("safeguarding", "Safeguarding"),
    ("other", "Other (specify)"),
)

SITE_KIND = _cat(
    "site_kind",
    "The kind of site visited on a day of action.",
    ("airport", "Airport or port"),
    ("brothel", "Brothel or sex work premises"),
    ("nail_bar", "Nail bar"),
    ("car_wash", "Car wash"),
    ("care_home", "Care home"),
    ("asylum_welfare", "Asylum welfare check"),
    ("other", "Other (specify)"),
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ALL_CATEGORIES: tuple[Category, ...] = (
    MISSING_REASON,
    SEX,
    AGE_BAND,
    NATIONALITY_GROUP,
    EXPLOITATION_TYPE,
    YES_NO_UNKNOWN,
    EXPLOITATION_LOCATION,
    REFERRAL_ROUTE,
    REFERRING_AGENCY,
    NRM_DECISION,
    CASE_STATUS,
    CLOSURE_REASON,
    ASSESSMENT_KIND,
    RATER,
    CONTACT_CHANNEL,
    UPDATE_FREQUENCY,
    DETAIL_LEVEL,
    CONTACT_WHO,
    CONTACT_OUTCOME,
    PROMISE_BY,
    PROMISE_STATUS,
    PROMISE_TOLD,
    CONSENT_KIND,
    CONSENT_STATUS,
    CONSENT_METHOD,
    MILESTONE_KIND,
    REFERRAL_SERVICE,
    REFERRAL_STATUS,
    ACTIVITY_KIND,
    ADVICE_THEME,
    SITE_KIND,
)

#: Every field with an ``other`` choice and the free-text field that specifies it, by
#: table (``caseload.models``): forms require the text, anonymising clears it, and
#: exports never include it.
OTHER_TEXT_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "survivor": (
        ("sex", "sex_other"),
        ("exploitation_types", "exploitation_other"),
        ("referral_route", "referral_route_other"),
        ("referring_agency", "referring_agency_name"),
        ("closure_reason", "closure_reason_other"),
    ),
    "contactagreement": (
        ("channels", "channels_other"),
        ("update_frequency", "update_frequency_other"),
        ("detail_level", "detail_level_other"),
        # Said in the survivor's words whether or not "other" is ticked (kept).
        ("may_contact", "who_may_contact"),
    ),
    "contactlog": (
        ("channel", "channel_other"),
        ("who", "who_other"),
        ("outcome", "outcome_other"),
    ),
    "promise": (("by_whom", "by_whom_other"),),
    "consent": (
        ("kind", "kind_other"),
        ("method", "method_other"),
    ),
    "milestone": (("kind", "kind_other"),),
    "referral": (("service_kind", "service_other"),),
    "provider": (("service_kinds", "service_other"),),
    "activity": (("theme", "theme_other"), ("site_kind", "site_other")),
}
