"""Anonymised aggregates for funders: counts, percentages and means under disclosure control.

Survivors supported in the period are those whose case was open (or paused) on at
least one day of it. Survivors whose latest 'anonymised_reporting' consent is
declined or withdrawn - as recorded today, not as it was in the period - are left
out of every figure; a consent that is not recorded counts as included. Their
number is published under the same disclosure control.

Recovery figures come from :func:`assessments.scoring.caseload_figures`, review
timeliness from :func:`assessments.schedule.review_outcomes` and the kept rate from
:func:`assessments.promises.caseload_kept_rate`, each applied to the cases as they
stood on the as-of day (the period's last day, or today). See
:mod:`exports.funder_measures` for what each measure means and
:mod:`exports.disclosure` for the suppression rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from assessments import promises, scoring
from assessments.scale import SCALE_VERSION
from caseload import categories
from caseload.case import CaseRecord
from caseload.consent_state import latest_answer
from caseload.domains import DOMAINS, RATERS
from caseload.errors import InvalidInput
from caseload.queries import collector_paused, load_activities, load_cases
from caseload.records import ActivityRecord
from exports import disclosure, record_weights
from exports.as_of import case_as_of
from exports.csv_safety import Cell, to_csv
from exports.disclosure import Breakdown, Figure
from exports.files import write_export
from exports.funder_measures import HEADER
from exports.periods import Month, Period, as_of, open_during, status_on

DECLINED = frozenset({"declined", "withdrawn"})
NO_EXPLOITATION_RECORDED = "none_recorded"


def declined_reporting(case: CaseRecord) -> bool:
    """The survivor's latest answer about anonymised reporting is declined or withdrawn."""
    latest = latest_answer(case.consents, "anonymised_reporting")
    return latest is not None and latest.status in DECLINED


class _Builder:
    """Collects figures and breakdowns in the order they are written."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.breakdowns: list[Breakdown] = []

    def count(self, measure: str, value: int, group: str = "all", category: str = "all") -> Figure:
        fig = Figure(measure, group, category, value)
        self.figures.append(fig)
        return fig

    def rate(self, measure: str, group: str, category: str, value: float | None, base: int,
             places: int, numerator: int | None = None) -> Figure:
        """A mean (``numerator`` None) or a percentage of ``numerator`` out of ``base``."""
        rounded = None if value is None else round(value, places)
        fig = Figure(measure, group, category, rounded, base=base, kind="rate",
                     numerator=numerator)
        self.figures.append(fig)
        return fig

    def breakdown(self, total: Figure, measure: str, group: str,
                  counts: dict[str, int], complement: str | None = None) -> None:
        """Cells of ``total``; ``complement`` names the 'in no category' cell of a
        multiple-response breakdown, whose other cells do not add up to the total."""
        cells = [self.count(measure, n, group, code) for code, n in counts.items()]
        spare = next((c for c in cells if c.category == complement), None)
        self.breakdowns.append(Breakdown(total, cells, complement is None, spare))


def _tally(codes: Sequence[str], values: Sequence[str]) -> dict[str, int]:
    counts = dict.fromkeys(codes, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _supported_breakdowns(b: _Builder, total: Figure, cases: Sequence[CaseRecord]) -> None:
    people = [c.survivor for c in cases]
    kinds = dict.fromkeys((*categories.EXPLOITATION_TYPE.codes, NO_EXPLOITATION_RECORDED), 0)
    for s in people:
        for code in s.exploitation_type_list or [NO_EXPLOITATION_RECORDED]:
            kinds[code] = kinds.get(code, 0) + 1
    b.breakdown(total, "survivors_supported", "exploitation_type", kinds,
                complement=NO_EXPLOITATION_RECORDED)
    for group, category, field in (
        ("age_band", categories.AGE_BAND, "age_band"),
        ("sex", categories.SEX, "sex"),
        ("nationality_group", categories.NATIONALITY_GROUP, "nationality_group"),
        ("referral_route", categories.REFERRAL_ROUTE, "referral_route"),
    ):
        values = [getattr(s, field) for s in people]
        b.breakdown(total, "survivors_supported", group, _tally(category.codes, values))


def _referral_figures(b: _Builder, included: Sequence[CaseRecord], period: Period,
                      day: dt.date) -> None:
    """Referrals sent in the period, by service; the share started by the as-of day; and
    survivors with a support plan (a goal agreed for at least one domain)."""
    made = [r for c in included for r in c.referrals
            if r.referred_on is not None and period.contains(r.referred_on)]
    total = b.count("referrals_made", len(made))
    b.breakdown(total, "referrals_made", "service_kind",
                _tally(categories.REFERRAL_SERVICE.codes, [r.service_kind for r in made]))
    started = sum(r.started_on is not None and r.started_on <= day for r in made)
    b.rate("referrals_started_pct", "all", "all",
           100.0 * started / len(made) if made else None, len(made), 1, started)
    b.count("survivors_with_support_plan", sum(bool(c.goals) for c in included))


def build_figures(
    cases: Sequence[CaseRecord], period: Period, today: dt.date,
    activities: Sequence[ActivityRecord] = (),
) -> tuple[list[Figure], list[Breakdown]]:
    """Every figure of the funder file before disclosure control (``activities``: the
    work beyond the caseload, for the figures of it)."""
    day = as_of(period.last_day, today)
    if day < period.first_day:
        raise InvalidInput("The period has not started yet; choose months up to this one.")
    # Each survivor counts as many times as their record weight, in every figure.
    supported = record_weights.weighted(
        c for c in cases if open_during(c.survivor, period.first_day, day)
    )
    declined = [declined_reporting(c) for c in supported]
    left_out = [c for c, no in zip(supported, declined, strict=True) if no]
    included = [case_as_of(c, day) for c, no in zip(supported, declined, strict=True) if not no]
    b = _Builder()
    total = b.count("survivors_supported", len(included))
    _supported_breakdowns(b, total, included)
    b.count("new_cases", sum(period.contains(c.survivor.intake_date) for c in included))
    b.count("closed_cases", sum(
        status_on(c.survivor, day) == "closed" and period.contains(c.survivor.closed_on)
        for c in included
    ))
    b.count("excluded_declined_reporting", len(left_out))
    b.count("assessments_completed",
            sum(period.contains(a.date) for c in included for a in c.assessments))
    _referral_figures(b, included, period, day)
    figures = scoring.caseload_figures(included, day, due_within=period.contains)
    on_time = figures.reviews_on_time  # reviews due in the period whose outcome is decided
    b.rate("reviews_on_time_pct", "all", "all", on_time.pct, on_time.base, 1, on_time.count)
    for group in scoring.IMPROVEMENT_GROUPS:
        share = figures.improved[group]
        b.rate("improved_overall_pct", "rater", group, share.pct, share.base, 1, share.count)
    for rater in RATERS:
        for domain in DOMAINS:
            mean = figures.mean_change[rater][domain]
            b.rate(f"mean_change_{rater}", "domain", domain, mean.mean, mean.base, 2)
    kept = promises.caseload_kept_rate((c.promises for c in included), period.first_day, day)
    b.rate("promises_kept_pct", "all", "all", kept.pct, kept.base, 1, kept.kept)
    _activity_figures(b, activities, period, day)
    return b.figures, b.breakdowns


def _activity_figures(
    b: _Builder, activities: Sequence[ActivityRecord], period: Period, day: dt.date
) -> None:
    """The work beyond the caseload dated in the period (up to the as-of day); each
    activity counts as many times as the weight of its record key."""
    done = record_weights.weighted_records(
        a for a in activities if period.contains(a.date) and a.date <= day
    )
    advice = [a for a in done if a.kind == "strategic_advice"]
    days = [a for a in done if a.kind == "day_of_action"]
    sessions = [a for a in done if a.kind == "training"]
    b.count("strategic_advice_cases", len(advice))
    b.count("days_of_action", len(days))
    b.count("potential_victims_identified",
            sum(a.potential_victims_identified or 0 for a in days))
    b.count("training_sessions", len(sessions))
    b.count("people_trained", sum(a.attendees or 0 for a in sessions))
    rated = [(a.attendees or 0, a.improved_pct) for a in sessions if a.improved_pct is not None]
    base = sum(n for n, _ in rated)
    improved = sum(n * pct / 100 for n, pct in rated)
    pct = improved / base * 100 if base else None
    b.rate("training_improved_pct", "all", "all", pct, base, 1, round(improved))


def _about(period: Period, threshold: int, rounding: int) -> list[list[Cell]]:
    return [
        ["period_from", "about", str(period.start), None, None, False],
        ["period_to", "about", str(period.end), None, None, False],
        ["threshold", "about", "all", threshold, None, False],
        ["rounding", "about", "all", rounding, None, False],
        ["scale_version", "about", "all", SCALE_VERSION, None, False],
    ]


def funder_rows(
    cases: Sequence[CaseRecord],
    period: Period,
    today: dt.date,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
    rounding: int = 0,
    activities: Sequence[ActivityRecord] = (),
) -> list[list[Cell]]:
    """The rows of the funder file (after the header), disclosure control applied."""
    figures, breakdowns = build_figures(cases, period, today, activities)
    disclosure.apply(figures, breakdowns, threshold)
    rows = _about(period, threshold, rounding)
    for fig in figures:
        value, base = disclosure.published(fig, rounding)
        rows.append([fig.measure, fig.group, fig.category, value, base, fig.suppressed])
    return rows


def write_funder_aggregates(
    session: Session,
    period: Period | tuple[str, str],
    out: Path | str,
    force: bool = False,
    today: dt.date | None = None,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
    rounding: int = 0,
) -> Path:
    """Write the anonymised funder file for ``period`` (or ("YYYY-MM", "YYYY-MM")) to ``out``.

    Owner-only; an existing ``out`` is replaced only with ``force``. Raises NavigatorError
    subclasses with a one-sentence ``message``.
    """
    if not isinstance(period, Period):
        period = Period(Month.parse(period[0], "--from"), Month.parse(period[1], "--to"))
    today = today or dt.date.today()
    with collector_paused():  # the loaded caseload lives only until the rows are made
        rows = funder_rows(load_cases(session), period, today, threshold, rounding,
                           load_activities(session))
        data = to_csv(HEADER, rows)
    return write_export(out, data, force)
