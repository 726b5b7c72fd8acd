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
)
