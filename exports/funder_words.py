"""The funder figures in words, shared by the funder workbook and the funder report.

Everything here starts from :func:`exports.funder.funder_rows`, the rows of the funder
CSV *after* disclosure control and rounding, so the workbook and the report can only
ever say what the CSV says: a suppressed figure has no value here at all, and every
sentence is built from published numbers (a numerator is worked back from a published
percentage and its published base only when counts are not rounded, which the CSV
already allows anyone to do).

No Textual, no openpyxl, no fpdf2: plain text and numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from caseload import categories
from caseload.case import CaseRecord
from caseload.domains import DOMAIN_LABELS, RATERS
from caseload.records import ActivityRecord
from exports import disclosure
from exports.funder import NO_EXPLOITATION_RECORDED, funder_rows
from exports.funder_measures import BREAKDOWNS
from exports.periods import Month, Period

if TYPE_CHECKING:
    from sqlmodel import Session

TITLE = "Navigator: anonymised figures for funders"
REPORT_TITLE = "Navigator: recovery summary for funders"
#: What a suppressed cell shows.
HIDDEN = "c"
HIDDEN_MEANING = "c: not shown, to protect the people it would describe; it may be 0"
TOO_FEW = "Too few survivors to show safely"
EXPLOITATION_NOTE = (
    "A survivor with several kinds of exploitation is counted under each, and 'None "
    "recorded' counts those with none, so these cells add up to more than the total."
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

#: The breakdowns of survivors supported, in the order of the funder file, with titles.
GROUP_TITLES: dict[str, str] = {
    "exploitation_type": "Kind of exploitation",
    "age_band": "Age band",
    "sex": "Sex",
    "nationality_group": "Nationality",
    "referral_route": "Referral route",
}
_GROUP_CATEGORIES: dict[str, categories.Category] = {
    "exploitation_type": categories.EXPLOITATION_TYPE,
    "age_band": categories.AGE_BAND,
    "sex": categories.SEX,
    "nationality_group": categories.NATIONALITY_GROUP,
    "referral_route": categories.REFERRAL_ROUTE,
    "service_kind": categories.REFERRAL_SERVICE,
}

MEASURE_TITLES: dict[str, str] = {
    "survivors_supported": "Survivors supported",
    "new_cases": "New cases (intake in the period)",
    "closed_cases": "Cases closed in the period",
    "excluded_declined_reporting": "Survivors left out: declined anonymised reporting",
    "assessments_completed": "Assessments completed",
    "reviews_on_time_pct": "Reviews on time",
    "improved_overall_pct": "Improved overall",
    "mean_change_survivor": "Mean change, survivor's rating",
    "mean_change_navigator": "Mean change, navigator's rating",
    "promises_kept_pct": "Promises kept",
    "referrals_made": "Referrals to services made",
    "referrals_started_pct": "Referrals whose service started",
    "survivors_with_support_plan": "Survivors with a support plan",
    "strategic_advice_cases": "Strategic advice given to investigations",
    "days_of_action": "Days of action",
    "potential_victims_identified": "Potential victims identified on days of action",
    "training_sessions": "Training sessions delivered",
    "people_trained": "People trained",
    "training_improved_pct": "Attendees reporting improved ability",
}

#: The figures of the work beyond the caseload, in the funder file's order.
ACTIVITY_MEASURES: tuple[str, ...] = (
    "strategic_advice_cases", "days_of_action", "potential_victims_identified",
    "training_sessions", "people_trained",
)

#: Who rated, for the improved-overall figures (group "rater").
RATER_TITLES: dict[str, str] = {
    "survivor": "The survivor's own rating",
    "navigator": "The navigator's rating",
    "both": "Both ratings",
}
_RATER_PHRASES: dict[str, str] = {
    "survivor": "by their own rating",
    "navigator": "by their navigator's rating",
    "both": "by both their own and their navigator's rating",
}


@dataclass(frozen=True)
class Published:
    """One figure as the funder CSV publishes it: no value when ``suppressed``."""

    measure: str
    group: str
    category: str
    value: int | float | None
    base: int | None
    suppressed: bool


@dataclass(frozen=True)
class FunderFigures:
    """The controlled funder figures of one period, with how they were controlled."""

    period: Period
    threshold: int
    rounding: int
    scale_version: int
    made_on: dt.date
    figures: tuple[Published, ...]

    def get(self, measure: str, group: str = "all", category: str = "all") -> Published:
        for fig in self.figures:
            if (fig.measure, fig.group, fig.category) == (measure, group, category):
                return fig
        raise KeyError((measure, group, category))

    def breakdown(self, group: str, measure: str = "survivors_supported") -> list[Published]:
        """The cells of one breakdown of ``measure``, in the file's order."""
        return [f for f in self.figures if f.measure == measure and f.group == group]

    @property
    def rounded(self) -> bool:
        return self.rounding > 1


def _number(value: object) -> int | float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    raise ValueError(f"not a number: {value!r}")


def funder_figures(
    cases: Sequence[CaseRecord],
    period: Period,
    today: dt.date,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
    rounding: int = 0,
    activities: Sequence[ActivityRecord] = (),
) -> FunderFigures:
    """The funder CSV's rows (disclosure control applied) as :class:`Published` figures."""
    rows = funder_rows(cases, period, today, threshold, rounding, activities)
    about = {str(row[0]): row for row in rows if row[1] == "about"}
    figures = []
    for row in rows:
        if row[1] == "about":
            continue
        measure, group, category, value, base, suppressed = row
        number = _number(value)
        figures.append(Published(
            str(measure), str(group), str(category),
            None if suppressed else number,
            None if suppressed else _int_or_none(base),
            bool(suppressed),
        ))
    return FunderFigures(
        period=period,
        threshold=int(_number(about["threshold"][3]) or 0),
        rounding=int(_number(about["rounding"][3]) or 0),
        scale_version=int(_number(about["scale_version"][3]) or 0),
        made_on=today,
        figures=tuple(figures),
    )


def _int_or_none(value: object) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


# --- Words -------------------------------------------------------------------------------


def month_words(month: Month) -> str:
    return f"{_MONTHS[month.month - 1]} {month.year}"


def period_words(period: Period) -> str:
    """``October 2024 to March 2025``, or ``March 2025`` for one month."""
    if period.start == period.end:
        return month_words(period.start)
    return f"{month_words(period.start)} to {month_words(period.end)}"


def date_words(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def threshold_words(threshold: int) -> str:
    """``Counts from 1 to 4 are not shown`` for a threshold of 5."""
    if threshold <= 1:
        return "No counts are hidden for being small"
    if threshold == 2:
        return "Counts of 1 are not shown"
    return f"Counts from 1 to {threshold - 1} are not shown"


def rounding_words(rounding: int) -> str:
    if rounding <= 1:
        return "Counts are not rounded"
    return f"Counts are rounded to the nearest {rounding}"


def category_label(group: str, code: str) -> str:
    """The words for a category code of the funder file (a breakdown, a domain, a rater)."""
    if group == "domain":
        return DOMAIN_LABELS.get(code, code)
    if group == "rater":
        return RATER_TITLES.get(code, code)
    if group == "exploitation_type" and code == NO_EXPLOITATION_RECORDED:
        return "None recorded"
    category = _GROUP_CATEGORIES.get(group)
    if category is None:
        return "All" if code == "all" else code
    # "Other (specify)" is a prompt for the form; a table says "Other".
    return category.label(code).removesuffix(" (specify)")


def group_note(group: str) -> str:
    """What a breakdown is (from the funder measures)."""
    return BREAKDOWNS.get(group, "")


def whole_percent(pct: float) -> int:
    """A percentage to the nearest whole number, halves upwards (81.5 -> 82)."""
    return int(Decimal(str(pct)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


#: A percentage has one decimal, so its count is exact from the base only below this.
_EXACT_BELOW = 1000


def numerator(fig: Published) -> int | None:
    """The count a published (unrounded) percentage is of, worked back from the
    percentage and its base; None when that would not be exact."""
    if fig.value is None or fig.base is None or fig.base >= _EXACT_BELOW:
        return None
    return int(Decimal(str(fig.value * fig.base / 100)).quantize(Decimal(1), ROUND_HALF_UP))


def _share(fig: Published, figures: FunderFigures, noun: str, plural: str, verb: str,
           hidden: str, empty: str) -> str:
    if fig.suppressed:
        return hidden
    if fig.value is None or not fig.base:
        return empty
    pct = whole_percent(float(fig.value))
    things = noun if fig.base == 1 else plural
    if figures.rounded:
        return f"{pct}% of about {fig.base} {things} {verb}"
    if fig.base >= _EXACT_BELOW:
        return f"{pct}% of {fig.base} {things} {verb}"
    return f"{numerator(fig)} of {fig.base} {things} ({pct}%) {verb}"


def survivors_sentence(figures: FunderFigures) -> str:
    fig = figures.get("survivors_supported")
    if fig.suppressed:
        return f"Survivors supported: {TOO_FEW.lower()}."
    about = "About " if figures.rounded and fig.value else ""
    noun = "survivor was" if fig.value == 1 else "survivors were"
    return f"{about}{fig.value} {noun} supported from {period_words(figures.period)}."


def improved_sentence(figures: FunderFigures, rater: str) -> str:
    """``22 of 27 survivors (81%) improved overall by their own rating``."""
    phrase = _RATER_PHRASES[rater]
    fig = figures.get("improved_overall_pct", "rater", rater)
    return _share(
        fig, figures, "survivor", "survivors", f"improved overall {phrase}.",
        f"Improved overall {phrase}: {TOO_FEW.lower()}.",
        f"No survivor had an intake assessment and a review to compare {phrase}.",
    )


def reviews_sentence(figures: FunderFigures) -> str:
    fig = figures.get("reviews_on_time_pct")
    return _share(
        fig, figures, "review", "reviews", "due in the period were done on time.",
        "Reviews on time: too few reviews to show safely.",
        "No review fell due in the period.",
    )


def promises_sentence(figures: FunderFigures) -> str:
    fig = figures.get("promises_kept_pct")
    return _share(
        fig, figures, "promise", "promises", "settled in the period were kept.",
        "Promises kept: too few promises to show safely.",
        "No promise was marked kept or broken in the period.",
    )


def activities_sentence(figures: FunderFigures) -> str:
    """The work beyond the caseload in one sentence, from its published counts."""
    parts = []
    for measure, noun in (
        ("training_sessions", "training sessions"),
        ("people_trained", "people trained"),
        ("days_of_action", "days of action"),
        ("potential_victims_identified", "potential victims identified"),
        ("strategic_advice_cases", "investigations given strategic advice"),
    ):
        parts.append(f"{count_text(figures.get(measure))} {noun}")
    about = "about " if figures.rounded else ""
    return ("Beyond the caseload (c: too few to show safely; "
            f"{about}weighted counts): " + ", ".join(parts) + ".")


def headline_sentences(figures: FunderFigures) -> list[str]:
    """The report's headline figures, one sentence each."""
    return [
        survivors_sentence(figures),
        *(improved_sentence(figures, rater) for rater in (*RATERS, "both")),
        reviews_sentence(figures),
        promises_sentence(figures),
    ]


def count_text(fig: Published) -> str:
    """A count as text: the number, or ``c``."""
    return HIDDEN if fig.suppressed else str(fig.value)


def mean_text(fig: Published) -> str:
    """A mean change as text (``+0.59``), ``c``, or "none" when nobody has both ratings."""
    if fig.suppressed:
        return HIDDEN
    if fig.value is None:
        return "none"
    return f"{float(fig.value):+.2f}"


def rules_paragraph(figures: FunderFigures) -> str:
    """The suppression rules of this file in one paragraph."""
    rounding = rounding_words(figures.rounding)
    return (
        f"{threshold_words(figures.threshold)}, and a percentage or mean is not shown when it "
        f"rests on fewer than {figures.threshold} survivors, reviews or promises, or would "
        "give away such a small count. Other cells are hidden too when they could be worked "
        f"out by subtraction from a total. {rounding}; percentages and means are worked "
        "out before rounding. "
        "Every survivor has a fixed random weight (0 for about 1 in 16, 2 for about 1 in 16, "
        "1 for everyone else), so totals are weighted and slightly noisy, and no set of "
        "reports can be subtracted to find a real count. 'c' or 'hidden' means too few to "
        "show safely; it may be 0. Survivors who declined anonymised reporting are left out "
        "of every figure."
    )


#: The breakdowns of survivors supported, in the funder file's order.
BREAKDOWN_GROUPS: tuple[str, ...] = tuple(GROUP_TITLES)


def figures_in_vault(
    session: Session,
    period: Period | tuple[str, str],
    today: dt.date | None,
    threshold: int,
    rounding: int,
) -> FunderFigures:
    """The controlled figures of ``period`` (or ("YYYY-MM", "YYYY-MM")) from the vault,
    for the workbook and the report."""
    from caseload.queries import collector_paused, load_activities, load_cases

    if not isinstance(period, Period):
        period = Period(Month.parse(period[0], "--from"), Month.parse(period[1], "--to"))
    with collector_paused():  # the loaded caseload lives only until the figures are made
        return funder_figures(load_cases(session), period, today or dt.date.today(),
                              threshold, rounding, load_activities(session))
