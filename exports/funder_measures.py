"""The measures of the anonymised funder file, with how each is computed.

Used by :mod:`exports.funder` and documented by :mod:`exports.dictionary`.
The file is long-format CSV with the columns :data:`HEADER`.
"""

from __future__ import annotations

from assessments import schedule
from exports.docs import ColumnDoc

HEADER = ("measure", "group", "category", "value", "base", "suppressed")

#: Breakdowns of ``survivors_supported`` (group -> documented meaning).
BREAKDOWNS = {
    "exploitation_type": "Kinds of exploitation; a survivor with several kinds is counted under "
    "each, and 'none_recorded' counts those with none, so these cells add up to more than "
    "the total.",
    "age_band": "Age band as recorded on the case.",
    "sex": "Sex as recorded on the case.",
    "nationality_group": "UK, non-UK or not known.",
    "referral_route": "How the survivor was referred.",
}

#: Breakdowns of ``referrals_made`` (group -> documented meaning).
REFERRAL_BREAKDOWNS = {
    "service_kind": "The kind of service each referral was to.",
}

C = ColumnDoc

ABOUT = (
    C("period_from", "about", "First month of the period: in `category`, as YYYY-MM."),
    C("period_to", "about", "Last month of the period: in `category`, as YYYY-MM."),
    C("threshold", "about", "The disclosure threshold: counts from 1 to threshold-1 are "
      "suppressed."),
    C("rounding", "about", "Published counts are rounded to a multiple of this; 0 = no rounding."),
    C("scale_version", "about", "Version of the recovery scale the levels belong to."),
)

MEASURES = (
    C("survivors_supported", "count", "Survivors whose case was open (or paused) on at least "
      "one day of the period. Group 'all' is the total; the other groups break it down."),
    C("new_cases", "count", "Of those, cases whose intake date falls in the period."),
    C("closed_cases", "count", "Of those, cases closed in the period."),
    C("excluded_declined_reporting", "count", "Survivors supported in the period who declined "
      "(or withdrew) inclusion in anonymised reporting: left out of every other figure. A "
      "consent that is not recorded counts as included."),
    C("assessments_completed", "count", "Assessments (intake, review or closing) dated in the "
      "period."),
    C("referrals_made", "count", "Referrals to services sent in the period (their "
      "`referred_on` date), of the survivors included. Group 'service_kind' breaks them down "
      "by the kind of service (each referral has one)."),
    C("referrals_started_pct", "percentage", "Of those referrals, the percentage whose "
      "service had started by the period's end (or today): started or completed. Base: the "
      "referrals made."),
    C("survivors_with_support_plan", "count", "Survivors supported in the period with a "
      "support plan: a goal agreed for at least one recovery domain by the period's end."),
    C("reviews_on_time_pct", "percentage", "Review due dates that fell in the period and whose "
      f"window ({schedule.WINDOW_DAYS} days either side) had closed by the period's end (or "
      "today) and whose outcome is decided (on time, late or missed; reviews excused by a pause "
      "do not count): the percentage met by a review inside the window. Base: those due dates."),
    C("improved_overall_pct", "percentage", "Among survivors supported in the period who had "
      "an intake assessment and at least one review by the period's end: the percentage whose "
      "latest overall score is above their intake overall score, by the survivor's rating, the "
      "navigator's, and both. Base: survivors with both scores complete for that rater "
      "(for 'both', for each rater)."),
    C("mean_change_survivor", "mean", "Per domain: the mean change in the "
      "survivor's level from the intake assessment to the latest assessment by the period's "
      "end, over survivors with both ratings. Base: those survivors."),
    C("mean_change_navigator", "mean", "The same for the navigator's ratings."),
    C("promises_kept_pct", "percentage", "Promises marked kept or broken in the period: the "
      "percentage kept (kept / (kept + broken)). Base: kept + broken."),
    C("strategic_advice_cases", "count", "The work beyond the caseload: strategic advice "
      "given to investigations, dated in the period. Like survivors, each activity has a "
      "permanent random record key and counts as many times as its weight (see 'Record "
      "weights'), in this and the next five measures."),
    C("days_of_action", "count", "Days of action (site visits with the police) in the period."),
    C("potential_victims_identified", "count", "Potential victims identified on those days "
      "of action (the sum of each day's number, each day counted by its weight)."),
    C("training_sessions", "count", "Training sessions delivered in the period."),
    C("people_trained", "count", "Attendees of those sessions (the sum of each session's "
      "number)."),
    C("training_improved_pct", "percentage", "Over the sessions of the period with "
      "feedback: the mean share of attendees reporting an improved ability to identify and "
      "assist potential victims, each session's share weighted by its attendees. Base: the "
      "attendees of those sessions."),
)

#: The mechanism against differencing, compared with the anchors the issue named, and
#: what it costs the funder (the data dictionary's "Record weights").
MECHANISM = """\
**Which mechanism.** Navigator uses *record weights*, a member of the cell-key family.
Every survivor has a permanent random record key, drawn when the case is created and
never exported. It gives them a weight: 0 for one survivor in 16, 2 for one in 16, 1
for everyone else. Every figure is computed over the survivors counted as many times as
their weight, and only then suppressed and rounded; so every number in every funder
file depends on the weighted caseload alone. Subtracting numbers from any files (other
periods, other thresholds, with or without rounding) gives at best a weighted count of
some group, and a weighted count never fixes the true one: a survivor of weight 0 can be
added to any group without changing any file.

**Against the anchors.**

- *Cell-key method (ONS 2021 Census flexible tables, ABS TableBuilder).* Also a
  permanent record key per person, but each cell gets a small bounded perturbation looked
  up from the sum of its contributors' keys. Because the perturbation is per cell and
  bounded, many overlapping tables give many intervals around the same true counts, and
  their intersection can pin a count: a small risk for national tables with large
  cells, a large one for caseloads of 40. Record weights perturb
  each *person* rather than each cell, so every table is consistent with every other
  and differencing only ever reaches weighted counts.
- *Fixed reporting periods with consistent suppression.* Protects only the periods it
  allows (a funder could not ask for April to September), needs a solver to keep
  suppression consistent across nested periods, and still leaks through
  breakdowns of overlapping groups.
- *An export ledger.* Checking each new file against every earlier one needs an exact
  solver at every export, grows with every file, and is lost when a backup is restored
  or the vault is handed over, after which the next file can undo the protection.

**What it costs the funder.** Totals are not exact: the difference from the true count
has a standard deviation of about the square root of n/8 (about 2 at 40 survivors,
about 9 at 650) and is the same in every file. About 1 survivor in 16 counts in no
figure and 1 in 16 counts twice; percentages and means are computed over the weighted
survivors, which changes them by a few points on a caseload of one navigator and less
on a programme. A published 0 can hide survivors of weight 0. The true numbers are in
the vault, for the navigator; they are never published."""
