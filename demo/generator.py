"""Deterministic demo caseload: obviously fictional survivors with realistic histories.

Used by ``navigator demo``, by tests and by benchmarks. Everything comes from
``random.Random(seed)`` and the ``today`` passed in (never the global random
generator or the clock), so the same ``(survivors, seed, today)`` always gives
the same caseload, row for row.

Names are tree and plant names paired with words like "Example" and "Placeholder";
phone numbers come from the ranges Ofcom reserves for drama (01632 960xxx,
07700 900xxx); police forces and agencies are invented and marked "(demo)".

Rows are written with SQLAlchemy Core bulk inserts (one ``executemany`` per
table), with ids assigned here, so 10,000 survivors take seconds, not minutes.

Public API: :func:`populate`, :func:`write_demo_vault`, :data:`DEFAULT_SEED`,
:data:`DEMO_GIVEN_NAMES`, :data:`DEMO_FAMILY_NAMES`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session, SQLModel

from assessments.schedule import REVIEW_MONTHS, add_months
from caseload.ages import age_band_for
from caseload.case_refs import issue_case_refs
from caseload.categories import UPDATE_INTERVAL_DAYS, WEEKDAYS
from caseload.domains import DOMAINS
from caseload.models import (
    RECORD_KEY_SPACE,
    Activity,
    Assessment,
    CaseNote,
    CaseStatusChange,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Provider,
    Referral,
    SupportGoal,
    Survivor,
)
from demo import DEFAULT_SEED
from storage import backups
from storage import vault_format as fmt

DEMO_GIVEN_NAMES: tuple[str, ...] = (
    "Alder",
    "Birch",
    "Cedar",
    "Hazel",
    "Rowan",
    "Willow",
    "Aspen",
    "Elm",
    "Juniper",
    "Laurel",
    "Maple",
    "Olive",
    "Poplar",
    "Sorrel",
    "Yarrow",
    "Linden",
    "Fern",
    "Heather",
    "Ivy",
    "Clover",
    "Bracken",
    "Hawthorn",
    "Larch",
    "Myrtle",
    "Sage",
    "Thyme",
    "Teasel",
    "Sedge",
    "Wren",
    "Basil",
)
DEMO_FAMILY_NAMES: tuple[str, ...] = (
    "Example",
    "Sample",
    "Placeholder",
    "Specimen",
    "Fictional",
    "Madeup",
    "Testcase",
    "Dummy",
    "Mockup",
    "Pretend",
    "Standin",
    "Notreal",
)

_NATIONALITIES: tuple[tuple[str, str, str, float], ...] = (
    # nationality, group, main language, weight
    ("British", "uk", "English", 0.30),
    ("Albanian", "non_uk", "Albanian", 0.14),
    ("Vietnamese", "non_uk", "Vietnamese", 0.12),
    ("Romanian", "non_uk", "Romanian", 0.08),
    ("Eritrean", "non_uk", "Tigrinya", 0.06),
    ("Sudanese", "non_uk", "Arabic", 0.06),
    ("Nigerian", "non_uk", "English", 0.06),
    ("Polish", "non_uk", "Polish", 0.05),
    ("Chinese", "non_uk", "Mandarin", 0.05),
    ("Not known", "not_known", "", 0.08),
)
_FORCES = ("Northvale Police (demo)", "Westmere Constabulary (demo)", "Eastholm Police (demo)")
_OFFICER_NAMES = ("DC Example Officer", "DC Sample Officer", "PC Placeholder Officer")
_AGENCIES = ("Example Housing Trust (demo)", "Sample Legal Advice (demo)", "Demo Counselling CIC")
_PROMISES = (
    "Find out when the NRM decision is expected",
    "Ask the officer when your phone will be returned",
    "Book an interpreter for the next appointment",
    "Call the housing team about the repair",
    "Send the letter supporting the GP registration",
    "Introduce you to the counsellor in person",
    "Check whether the court date has been set",
    "Help fill in the bank account form",
    "Find an English class near the safe house",
    "Ask the legal adviser about the asylum interview",
    "Arrange a travel warrant for the appointment",
    "Chase the charity about the clothing voucher",
)
_SUMMARIES_SPOKE = (
    "Check-in; no news on the case, explained what happens next.",
    "Talked through the next steps with the police.",
    "Shared an update from the officer in the case.",
    "Met at the agreed place; talked about housing.",
    "Short call; survivor said things are calmer this week.",
)
_SUMMARIES_OTHER = (
    "Tried the agreed number at the agreed time.",
    "Attempt at the agreed time; will try again.",
)
_SAFETY_SUMMARIES = (
    "Survivor said someone from the past tried to get in touch; safety plan reviewed.",
    "Survivor feels watched near the accommodation; officer informed.",
)
#: The demo's service directory (all fictional): name, kinds, languages, area.
_PROVIDERS = (
    ("Example Housing Trust (demo)", "housing;accommodation", "English;Albanian", "Northvale"),
    ("Demo Counselling CIC", "counselling;mental_health", "English;Romanian;Polish",
     "Westmere"),
    ("Sample Legal Advice (demo)", "legal", "English;Vietnamese;Albanian", "Northvale"),
    ("Placeholder GP Practice (demo)", "health", "English", "Eastholm"),
    ("Fictional Money Advice (demo)", "money;employment", "English;Tigrinya", "Westmere"),
    ("Demo English Classes", "education", "English;Arabic;Vietnamese", "Eastholm"),
    ("Sample Advocacy Service (demo)", "advocacy;nrm_support", "English;Polish",
     "Northvale"),
)
#: Which domains each kind of service mostly serves (for the demo's referrals).
_SERVES = {
    "housing": "safety;financial_stability", "accommodation": "safety",
    "counselling": "mental_health", "mental_health": "mental_health",
    "legal": "legal_status", "health": "physical_health", "money": "financial_stability",
    "employment": "financial_stability", "education": "social_connection",
    "advocacy": "legal_status;safety", "nrm_support": "legal_status",
}
_GOALS = {
    "mental_health": "Sleep through the night more often",
    "physical_health": "Register with a GP and get my teeth seen to",
    "financial_stability": "Have my own bank account and a steady income",
    "social_connection": "Join a class and meet people",
    "safety": "Live somewhere I feel safe",
    "legal_status": "Understand where my immigration case stands",
}
_NOTES = (
    "Spoke with the housing officer about the move; waiting for a date.",
    "Survivor prefers afternoon calls this month (college mornings).",
    "Discussed the court process in general terms; no case details.",
    "Interpreter booked for the next review.",
)

_PREP_NOTES = {
    "abe_interview": "Be there before and after; confirm the interpreter.",
    "nrm_decision": "Agree how the decision will be shared, and by whom.",
    "charging_decision": "Prepare for either outcome; call the same day.",
    "court_date": "Arrange a pre-trial visit and special measures.",
    "perpetrator_release": "Review the safety plan with the officer beforehand.",
    "relocation": "Plan the handover and introduce the new contacts in person.",
    "other": "Talk it through at the next check-in.",
}
_THINGS_TO_AVOID = (
    "Never leave a voicemail.",
    "No texts: the phone is shared.",
    "No visits in uniform or marked cars.",
    "Do not call before midday.",
    "",
)
#: Who may contact, in the survivor's words, and as the categories the contact form checks
#: (in this order: the generator's choices must not move).  Every demo agreement lets
#: the navigator and the officer contact, as the demo's contacts are made by both.
_WHO_MAY_CONTACT = {
    "Navigator and the officer in the case": "navigator;officer",
    "Navigator, or the officer by arrangement": "navigator;officer",
    "Navigator; officer by text": "navigator;officer",
}
_CODE_WORDS = ("blue umbrella", "green teapot", "paper kite", "quiet river", "")
#: Specifications of the "other" choices.  A row gets "other" in place of a value it
#: already drew, picked by its id (see :meth:`_Builder._others`): no extra random draw,
#: so every other row of a seed stays as it was, and each "other" is handled by the
#: rules like the value it replaced ("other" frequency: 30 days, like monthly; "other"
#: outcome: unsuccessful, like no answer).
#: Why a (fictional) contact went outside the agreement.
_OUTSIDE_REASONS = (
    "They texted asking for a call after work; the officer needed an answer that day",
    "Court moved the hearing to the morning: the only chance to tell them in time",
    "Returned their missed call straight away, at their request",
)

_OTHER_TEXT = {
    "channels_other": "Through her support worker at the refuge (demo)",
    "update_frequency_other": "Once a month, after the rota comes out (demo)",
    "detail_level_other": "Dates and next steps only, nothing about the suspects (demo)",
    "channel_other": "Video call (demo)",
    "outcome_other": "Call cut off after a few seconds (demo)",
    "kind_other": "Letter to the housing provider about repairs (demo)",
    "method_other": "By text message, confirmed in person (demo)",
}


def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    """Column defaults of a table, so every row dict has the same keys."""
    out: dict[str, Any] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            out[column.name] = default.arg
        else:
            out[column.name] = None
    return out


def _stamp(day: dt.date, hour: int = 12) -> dt.datetime:
    """A deterministic timestamp for a calendar day (no clock involved)."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _next_id(session: Session, model: type[SQLModel]) -> int:
    current = session.execute(select(func.max(model.id))).scalar()  # type: ignore[attr-defined]
    return int(current or 0) + 1


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, float], ...]) -> Any:
    values = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(values, weights)[0]


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


class _Builder:
    """Accumulates row dicts for one call of :func:`populate`."""

    def __init__(
        self, session: Session, rng: random.Random, today: dt.date, seed: int = 0
    ) -> None:
        self.rng = rng
        # Record keys come from their own stream, so that the rest of the demo is the
        # same as before they existed.
        self.key_rng = random.Random(f"record keys {seed}")
        # So do referrals, plans, notes and activities (schema 7).
        self.plan_rng = random.Random(f"support plans {seed}")
        self.provider_ids: list[tuple[int, str, str]] = []
        self.today = today
        self.rows: dict[type[SQLModel], list[dict[str, Any]]] = {
            m: []
            for m in (
                Provider,
                Survivor,
                Assessment,
                ContactAgreement,
                ContactLog,
                Promise,
                Consent,
                Milestone,
                CaseStatusChange,
                Referral,
                SupportGoal,
                CaseNote,
                Activity,
            )
        }
        self.defaults = {m: _defaults(m) for m in self.rows}
        self.next_ids = {m: _next_id(session, m) for m in self.rows}

    def add(self, model: type[SQLModel], **values: Any) -> int:
        row = dict(self.defaults[model])
        unknown = set(values) - set(row)
        if unknown:
            raise KeyError(f"{model.__name__} has no column {sorted(unknown)}")
        row.update(values)
        row["id"] = self.next_ids[model]
        self.next_ids[model] += 1
        self.rows[model].append(row)
        return row["id"]

    # --- one survivor -------------------------------------------------------------

    def survivor(self, index: int, case_ref: str) -> None:
        rng, today = self.rng, self.today
        given = DEMO_GIVEN_NAMES[
            (index + rng.randrange(len(DEMO_GIVEN_NAMES))) % len(DEMO_GIVEN_NAMES)
        ]
        family = rng.choice(DEMO_FAMILY_NAMES)
        intake = today - dt.timedelta(days=rng.randint(0, 730))
        end, status, closed_on, status_changed_on, closure_reason = self._status(intake)
        nationality, group, language, _ = rng.choices(
            _NATIONALITIES, [n[3] for n in _NATIONALITIES]
        )[0]
        missing: dict[str, str] = {}
        dob: dt.date | None = None
        age = rng.choice((19, 22, 24, 27, 29, 31, 33, 36, 39, 42, 47, 51, 58))
        if rng.random() < 0.8:
            dob = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
            age_band = age_band_for(age)
        else:
            missing["date_of_birth"] = rng.choice(("not_known", "declined"))
            age_band = age_band_for(age) if rng.random() < 0.6 else "not_known"
        if group == "not_known":
            missing["nationality"] = rng.choice(("not_known", "declined"))
        types = rng.sample(
            ("criminal", "labour", "sexual", "domestic_servitude"), rng.choice((1, 1, 1, 2))
        )
        if rng.random() < 0.04:
            types.append("other")
        route = _weighted(rng, (("nrm", 0.7), ("ms1", 0.2), ("none", 0.08), ("other", 0.02)))
        rg, rg_date, cg, cg_date = self._nrm(route, intake)
        interpreter = "no" if language == "English" else rng.choice(("yes", "yes", "no"))
        survivor_id = self.add(
            Survivor,
            case_ref=case_ref,
            given_name=given,
            family_name=family,
            preferred_name=given[:3] if rng.random() < 0.15 else "",
            date_of_birth=dob,
            age_band=age_band,
            sex=_weighted(
                rng, (("female", 0.55), ("male", 0.42), ("other", 0.01), ("not_recorded", 0.02))
            ),
            nationality="" if group == "not_known" else nationality,
            nationality_group=group,
            languages=language if language == "English" or not language else f"{language};English",
            interpreter_needed=interpreter if language else "not_known",
            exploitation_types=";".join(types),
            exploitation_other="Forced begging" if "other" in types else "",
            county_lines="yes"
            if "criminal" in types and rng.random() < 0.5
            else rng.choice(("no", "no", "not_known")),
            exploitation_location=rng.choice(
                ("uk_only", "uk_only", "overseas_only", "both", "not_known")
            ),
            referral_route=route,
            referral_route_other="Self-referral through a helpline" if route == "other" else "",
            referring_agency=rng.choice(("police_force", "police_force", "other_agency")),
            police_force=rng.choice(_FORCES),
            officer_name=rng.choice(_OFFICER_NAMES),
            officer_contact=f"01632 960{rng.randrange(1000):03d}",
            nrm_reasonable_grounds=rg,
            nrm_reasonable_grounds_date=rg_date,
            nrm_conclusive_grounds=cg,
            nrm_conclusive_grounds_date=cg_date,
            intake_date=intake,
            status=status,
            status_changed_on=status_changed_on,
            closed_on=closed_on,
            closure_reason=closure_reason,
            support_offered="yes",
            support_accepted=_weighted(rng, (("yes", 0.85), ("no", 0.1), ("not_known", 0.05))),
            supports_police_action=_weighted(
                rng, (("yes", 0.6), ("no", 0.25), ("not_known", 0.15))
            ),
            missing=missing,
            record_key=self.key_rng.randrange(RECORD_KEY_SPACE),
            created_at=_stamp(intake),
            updated_at=_stamp(end),
        )
        row = self.rows[Survivor][-1]
        if row["referring_agency"] == "other_agency":
            row["referring_agency_name"] = rng.choice(_AGENCIES)
        if status_changed_on is not None:  # the pause or closure, in the status history
            self.add(
                CaseStatusChange,
                survivor_id=survivor_id,
                changed_on=status_changed_on,
                status=status,
                reason=closure_reason,
                created_at=_stamp(status_changed_on),
            )
        self.assessments(survivor_id, intake, end, status, closed_on, group)
        frequency, safe_days, safe_from, safe_to = self.agreements(survivor_id, intake, end)
        self.contacts(survivor_id, intake, end, status, frequency, safe_days, safe_from, safe_to)
        self.promises(survivor_id, intake, end, status)
        self.milestones(survivor_id, intake, end, status)
        self.consents(survivor_id, intake, end)
        self.support(survivor_id, intake, end, status)

    # --- referrals, the support plan, notes (their own random stream) ----------------

    def directory(self, session: Session) -> None:
        """The demo's directory, unless the caseload has one already (then that one)."""
        have = session.execute(select(Provider.id, Provider.name, Provider.service_kinds))
        self.provider_ids = [(i, n, k) for i, n, k in have if k]
        if self.provider_ids:
            return
        for name, kinds, languages, area in _PROVIDERS:
            pid = self.add(Provider, name=name, service_kinds=kinds, languages=languages,
                           area=area, how_to_refer="Referral form on their website (demo)",
                           contact="referrals@example.invalid", created_at=_stamp(self.today))
            self.provider_ids.append((pid, name, kinds))

    def support(self, survivor_id: int, intake: dt.date, end: dt.date, status: str) -> None:
        rng, today = self.plan_rng, self.today
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            pid, name, kinds = rng.choice(self.provider_ids)
            kind = rng.choice(kinds.split(";"))
            referred = min(end, intake + dt.timedelta(days=rng.randint(3, 200)))
            state = rng.choice(("referred", "accepted", "waiting", "started", "started",
                                "completed", "declined"))
            if status != "open" and state in ("referred", "accepted", "waiting"):
                state = "completed"
            accepted = started = ended = follow_up = None
            if state in ("accepted", "waiting", "started", "completed"):
                accepted = min(today, referred + dt.timedelta(days=rng.randint(2, 20)))
            if state in ("started", "completed") and accepted is not None:
                started = min(today, accepted + dt.timedelta(days=rng.randint(0, 30)))
            if state in ("completed", "declined"):
                ended = min(end, (started or referred) + dt.timedelta(days=rng.randint(5, 120)))
            if state in ("referred", "waiting", "accepted"):
                follow_up = referred + dt.timedelta(days=rng.choice((7, 10, 14)))
            self.add(Referral, survivor_id=survivor_id, service_kind=kind, provider_id=pid,
                     provider_name=name, domains=_SERVES[kind], status=state,
                     referred_on=referred, accepted_on=accepted, started_on=started,
                     ended_on=ended, follow_up_on=follow_up, created_at=_stamp(referred),
                     updated_at=_stamp(ended or started or accepted or referred))
        if rng.random() < 0.6:
            agreed = min(end, intake + dt.timedelta(days=rng.randint(7, 40)))
            for domain in rng.sample(DOMAINS, rng.randint(1, 3)):
                self.add(SupportGoal, survivor_id=survivor_id, domain=domain,
                         goal=_GOALS[domain], actions="Agreed at the review (demo)",
                         agreed_on=agreed, created_at=_stamp(agreed),
                         updated_at=_stamp(agreed))
        if rng.random() < 0.5:
            day = min(end, intake + dt.timedelta(days=rng.randint(1, 300)))
            self.add(CaseNote, survivor_id=survivor_id, written_on=day,
                     text=rng.choice(_NOTES), created_at=_stamp(day))

    def activities(self) -> None:
        """A year of work beyond the caseload: advice, days of action and training."""
        rng, today = self.plan_rng, self.today
        for week in range(0, 52, 2):
            day = today - dt.timedelta(days=7 * week + rng.randint(0, 6))
            kind = ("strategic_advice", "day_of_action", "training")[week % 3]
            force = rng.choice(_FORCES)
            # Its weight in the funder figures, as a survivor's record key gives theirs.
            key = rng.randrange(RECORD_KEY_SPACE)
            if kind == "strategic_advice":
                self.add(Activity, kind=kind, date=day, force=force,
                         reference=f"Op Example {week + 1} (demo)",
                         theme=rng.choice(("age_assessment", "identification", "nrm")),
                         record_key=key, created_at=_stamp(day))
            elif kind == "day_of_action":
                met = rng.randint(5, 60)
                found = rng.randint(0, min(8, met))
                self.add(Activity, kind=kind, date=day, force=force,
                         site_kind=rng.choice(("airport", "nail_bar", "car_wash", "care_home")),
                         people_encountered=met, potential_victims_identified=found,
                         referred=rng.randint(0, found), record_key=key,
                         created_at=_stamp(day))
            else:
                self.add(Activity, kind=kind, date=day, force=force,
                         audience="Response officers", organisation=force,
                         attendees=rng.randint(8, 40),
                         improved_pct=None if rng.random() < 0.2 else float(rng.randint(70, 100)),
                         record_key=key, created_at=_stamp(day))

    def _status(self, intake: dt.date) -> tuple[dt.date, str, dt.date | None, dt.date | None, str]:
        """(last day of activity, status, closed on, status changed on, closure reason)."""
        rng, today = self.rng, self.today
        age_days = (today - intake).days
        roll = rng.random()
        if age_days > 150 and roll < min(0.55, age_days / 1200):
            closed_on = intake + dt.timedelta(days=rng.randint(120, age_days - 10))
            reason = _weighted(
                rng,
                (
                    ("support_complete", 0.6),
                    ("disengaged", 0.15),
                    ("relocated", 0.15),
                    ("declined", 0.1),
                ),
            )
            return closed_on, "closed", closed_on, closed_on, reason
        if age_days > 60 and roll > 0.92:
            paused_on = today - dt.timedelta(days=rng.randint(5, min(120, age_days - 30)))
            return paused_on, "paused", None, paused_on, ""
        return today, "open", None, None, ""

    def _nrm(self, route: str, intake: dt.date) -> tuple[str, dt.date | None, str, dt.date | None]:
        rng, today = self.rng, self.today
        if route != "nrm":
            return "not_applicable", None, "not_applicable", None
        rg_date = intake + dt.timedelta(days=rng.randint(3, 20))
        if rg_date > today:
            return "pending", None, "not_applicable", None
        rg = _weighted(rng, (("positive", 0.88), ("negative", 0.12)))
        if rg == "negative":
            return rg, rg_date, "not_applicable", None
        cg_date = rg_date + dt.timedelta(days=rng.randint(200, 560))
        if cg_date > today:
            return rg, rg_date, "pending", None
        return rg, rg_date, _weighted(rng, (("positive", 0.9), ("negative", 0.1))), cg_date

    def assessments(
        self,
        survivor_id: int,
        intake: dt.date,
        end: dt.date,
        status: str,
        closed_on: dt.date | None,
        nationality_group: str,
    ) -> None:
        rng = self.rng
        first = intake + dt.timedelta(
            days=_weighted(
                rng,
                ((rng.randint(0, 10), 0.8), (rng.randint(11, 14), 0.1), (rng.randint(15, 30), 0.1)),
            )
        )
        if first > end:
            return
        trend = _weighted(rng, ((0.45, 0.55), (0.25, 0.2), (0.0, 0.15), (-0.3, 0.1)))
        start = {d: rng.choice((1, 2, 2, 2, 3, 3)) for d in DOMAINS}
        lean = {d: rng.choice((-1, 0, 0, 0, 0, 1)) for d in DOMAINS}  # navigator's lean
        quiet = {d for d in DOMAINS if rng.random() < 0.04}  # a domain never discussed

        dates: list[tuple[dt.date, str]] = [(first, "intake")]
        k = 1
        while True:
            due = add_months(first, REVIEW_MONTHS * k)
            if due > end + dt.timedelta(days=14):
                break
            k += 1
            if rng.random() < 0.1:
                continue  # a missed review
            when = due + dt.timedelta(days=round(rng.gauss(0, 7)))
            if first < when <= end and when <= self.today:
                dates.append((when, "review"))
        if status == "closed" and closed_on is not None and rng.random() < 0.6:
            if closed_on > dates[-1][0]:
                dates.append((closed_on, "closing"))

        for step, (when, kind) in enumerate(dates):
            values: dict[tuple[str, str], int | str] = {}
            for d in DOMAINS:
                base = start[d] + trend * step + rng.gauss(0, 0.45)
                survivor_level = _clamp(base)
                navigator_level = _clamp(base + lean[d] * 0.6 + rng.gauss(0, 0.45))
                if rng.random() < 0.04:
                    navigator_level = _clamp(survivor_level + rng.choice((-2, 2)))
                values[(d, "survivor")] = survivor_level
                values[(d, "navigator")] = navigator_level
                if d in quiet:
                    values[(d, "survivor")] = "not_discussed"
                    values[(d, "navigator")] = "not_discussed"
                elif d == "legal_status" and nationality_group == "uk" and rng.random() < 0.7:
                    values[(d, "survivor")] = "not_applicable"
                    values[(d, "navigator")] = "not_applicable"
                elif rng.random() < 0.04:
                    values[(d, "survivor")] = rng.choice(("declined", "not_discussed"))
            if rng.random() < 0.03:  # a hard day: few domains answered (incomplete)
                for d in DOMAINS[:3]:
                    values[(d, "survivor")] = "declined"
            self.add(
                Assessment,
                survivor_id=survivor_id,
                date=when,
                kind=kind,
                scale_version=1,
                ratings=Assessment.build_ratings(values),
                note=rng.choice(
                    (
                        "",
                        "",
                        "Talked through each area together.",
                        "Survivor chose to rate on their own first.",
                    )
                ),
                created_at=_stamp(when),
                updated_at=_stamp(when),
            )

    def agreements(
        self, survivor_id: int, intake: dt.date, end: dt.date
    ) -> tuple[str, list[str], dt.time | None, dt.time | None]:
        """Contact agreement(s); returns the current frequency and safe window."""
        rng = self.rng
        versions = 2 if (end - intake).days > 120 and rng.random() < 0.3 else 1
        agreed = intake + dt.timedelta(days=rng.randint(0, 7))
        frequency, safe_days, safe_from, safe_to = "weekly", [], None, None
        for version in range(1, versions + 1):
            if version == 2:
                agreed = agreed + dt.timedelta(days=rng.randint(60, (end - agreed).days or 60))
            agreed = min(agreed, self.today)
            frequency = _weighted(
                rng,
                (
                    ("every_2_days", 0.08),
                    ("weekly", 0.42),
                    ("fortnightly", 0.3),
                    ("monthly", 0.12),
                    ("only_news", 0.08),
                ),
            )
            safe_days = (
                sorted(rng.sample(WEEKDAYS[:5], rng.randint(2, 5)), key=WEEKDAYS.index)
                if rng.random() < 0.6
                else []
            )
            if rng.random() < 0.7:
                start_hour = rng.choice((9, 10, 11, 12, 13))
                safe_from = dt.time(start_hour)
                safe_to = dt.time(min(20, start_hour + rng.choice((3, 4, 6, 8))))
            else:
                safe_from = safe_to = None
            phones = [
                {
                    "label": "Own mobile",
                    "number": f"07700 900{rng.randrange(1000):03d}",
                    "safe_to_call": True,
                    "safe_to_text": rng.random() < 0.7,
                    "safe_voicemail": rng.random() < 0.3,
                }
            ]
            if rng.random() < 0.3:
                phones.append(
                    {
                        "label": "Safe house landline",
                        "number": f"01632 960{rng.randrange(1000):03d}",
                        "safe_to_call": True,
                        "safe_to_text": False,
                        "safe_voicemail": False,
                    }
                )
            channels = ["phone_call"] + rng.sample(
                ["text_message", "secure_app", "in_person", "email"], rng.randint(0, 2)
            )
            self.add(
                ContactAgreement,
                survivor_id=survivor_id,
                version=version,
                agreed_on=agreed,
                review_on=self._review_on(survivor_id, version == versions, agreed),
                who_may_contact=(who := rng.choice(tuple(_WHO_MAY_CONTACT))),
                may_contact=_WHO_MAY_CONTACT[who],
                channels=";".join(channels),
                phones=phones,
                safe_days=";".join(safe_days),
                safe_time_from=safe_from,
                safe_time_to=safe_to,
                update_frequency=frequency,
                detail_level=rng.choice(("full", "summary", "summary", "essentials")),
                language=rng.choice(("English", "English", "First language with interpreter")),
                interpreter_needed=rng.choice(("yes", "no", "no")),
                safe_places=rng.choice(("Navigator's office", "Library café (demo)", "")),
                unsafe_places=rng.choice(("Town centre", "Near the old workplace", "")),
                code_word=rng.choice(_CODE_WORDS),
                things_to_avoid=rng.choice(_THINGS_TO_AVOID),
                created_at=_stamp(agreed),
            )
            row = self._others(
                ContactAgreement,
                ("update_frequency", "monthly", 2),
                ("detail_level", "essentials", 3),
            )
            frequency = row["update_frequency"]
            if row["id"] % 5 == 0:
                row["channels"] += ";other"
                row["channels_other"] = _OTHER_TEXT["channels_other"]
        return frequency, safe_days, safe_from, safe_to

    def _outside_agreement(self, safe_to: dt.time | None) -> None:
        """Now and then a call after the safe window, with the reason it was made (no
        random draw, so the rest of the demo is the same with or without it)."""
        row = self.rows[ContactLog][-1]
        if safe_to is None or safe_to >= dt.time(19) or row["id"] % 29:
            return
        row["channel"], row["channel_other"] = "phone_call", ""
        row["contact_time"] = dt.time(19, 30)
        row["outside_agreement_reason"] = _OUTSIDE_REASONS[row["id"] % len(_OUTSIDE_REASONS)]

    def _others(self, model: type[SQLModel], *swaps: tuple[str, str, int]) -> dict[str, Any]:
        """The last row of ``model``, with some of its values made "other" (specified).

        ``(field, value, every)``: ``field`` becomes "other", with its ``*_other`` text,
        when it holds ``value`` and the row's id is a multiple of ``every``. No random
        draw is made, so the rest of the demo is the same with or without it.
        """
        row = self.rows[model][-1]
        for field, value, every in swaps:
            if row[field] == value and row["id"] % every == 0:
                row[field] = "other"
                row[f"{field}_other"] = _OTHER_TEXT[f"{field}_other"]
        return row

    def _review_on(self, survivor_id: int, current: bool, agreed: dt.date) -> dt.date:
        """When an agreement is due for review: 3 or 6 months on.

        A current agreement is assumed to have been looked at on schedule (its review
        date moves on by six months at a time), except for one survivor in six, so the
        worklist shows a few agreements past their review date rather than dozens.
        The same random draw is made either way, so other demo data is unaffected.
        """
        review = add_months(agreed, self.rng.choice((3, 6)))
        if current and survivor_id % 6:
            while review < self.today:
                review = add_months(review, 6)
        return review

    def contacts(
        self,
        survivor_id: int,
        intake: dt.date,
        end: dt.date,
        status: str,
        frequency: str,
        safe_days: list[str],
        safe_from: dt.time | None,
        safe_to: dt.time | None,
    ) -> None:
        """Contact log: sparse older history, the agreed cadence over the last 120 days."""
        rng = self.rng
        interval = UPDATE_INTERVAL_DAYS.get(frequency) or 21
        recent_from = end - dt.timedelta(days=120)
        drifting = status == "open" and rng.random() < 0.12  # losing touch lately
        silent = status == "open" and rng.random() < 0.1  # overdue for an update
        stop = end - dt.timedelta(days=rng.randint(interval + 1, interval * 3)) if silent else end
        day = intake + dt.timedelta(days=rng.randint(0, 3))
        while day <= stop:
            if safe_days and WEEKDAYS[day.weekday()] not in safe_days:
                day += dt.timedelta(days=1)
                continue
            late = drifting and (end - day).days < interval * 4
            outcome = (
                _weighted(rng, (("no_answer", 0.6), ("message_left", 0.3), ("spoke", 0.1)))
                if late
                else _weighted(
                    rng,
                    (
                        ("spoke", 0.74),
                        ("message_left", 0.1),
                        ("no_answer", 0.13),
                        ("survivor_cancelled", 0.03),
                    ),
                )
            )
            hour = (
                rng.randint(safe_from.hour, max(safe_from.hour, (safe_to.hour - 1)))
                if safe_from and safe_to
                else rng.randint(9, 17)
            )
            concern = outcome == "spoke" and rng.random() < 0.02
            self.add(
                ContactLog,
                survivor_id=survivor_id,
                contact_date=day,
                contact_time=dt.time(hour, rng.choice((0, 15, 30, 45))),
                channel=rng.choice(("phone_call", "phone_call", "in_person", "secure_app")),
                who=_weighted(rng, (("navigator", 0.85), ("officer", 0.15))),
                outcome=outcome,
                update_given=outcome == "spoke" and rng.random() < 0.8,
                safety_concern=concern,
                summary=rng.choice(_SAFETY_SUMMARIES)
                if concern
                else rng.choice(_SUMMARIES_SPOKE if outcome == "spoke" else _SUMMARIES_OTHER),
                created_at=_stamp(day, hour),
            )
            self._others(ContactLog, ("channel", "secure_app", 4), ("outcome", "no_answer", 5))
            self._outside_agreement(safe_to)
            gap = interval if day >= recent_from else max(interval, rng.randint(14, 24))
            if outcome != "spoke" and not late:
                gap = min(gap, rng.randint(1, 3))  # try again soon
            day += dt.timedelta(days=max(1, gap + rng.choice((-1, 0, 0, 1))))

    def promises(self, survivor_id: int, intake: dt.date, end: dt.date, status: str) -> None:
        rng, today = self.rng, self.today
        count = rng.choice((1, 2, 2, 3, 3, 4, 5))
        over = status == "open" and rng.random() < 0.07  # over-promising lately
        span = max(1, (end - intake).days)
        for i in range(count + (4 if over else 0)):
            if over and i >= count:
                made = today - dt.timedelta(days=rng.randint(0, 10))
            else:
                made = intake + dt.timedelta(days=rng.randint(0, span))
            due = made + dt.timedelta(days=rng.choice((2, 3, 7, 7, 10, 14, 21)))
            if due < today - dt.timedelta(days=3) or status == "closed":
                state = _weighted(
                    rng,
                    (
                        ("kept", 0.72),
                        ("broken", 0.12),
                        ("renegotiated", 0.07),
                        ("withdrawn", 0.03),
                        ("open", 0.06),
                    ),
                )
            else:
                state = _weighted(rng, (("open", 0.85), ("kept", 0.15)))
            if status == "closed" and state == "open":
                state = "withdrawn"
            changed = (
                min(due + dt.timedelta(days=rng.randint(-3, 3)), today) if state != "open" else None
            )
            if changed is not None and changed < made:
                changed = made
            note = {
                "kept": "Done as agreed.",
                "broken": "Not done in time; apologised and explained.",
                "renegotiated": "New date agreed with the survivor.",
                "withdrawn": "No longer needed; explained to the survivor.",
            }.get(state, "")
            self.add(
                Promise,
                survivor_id=survivor_id,
                what=rng.choice(_PROMISES),
                to_whom="survivor",
                by_whom=_weighted(
                    rng, (("navigator", 0.75), ("officer", 0.2), ("other_agency", 0.05))
                ),
                made_on=made,
                due_on=due if rng.random() < 0.95 else None,
                status=state,
                status_changed_on=changed,
                outcome_note=note,
                survivor_told="yes" if state == "broken" else "",  # "apologised and explained"
                created_at=_stamp(made),
            )
            row = self.rows[Promise][-1]
            if row["by_whom"] == "other_agency":
                row["by_whom_other"] = rng.choice(_AGENCIES)

    def milestones(self, survivor_id: int, intake: dt.date, end: dt.date, status: str) -> None:
        rng, today = self.rng, self.today
        plan = [
            ("abe_interview", rng.randint(7, 40)),
            ("charging_decision", rng.randint(90, 400)),
            ("court_date", rng.randint(300, 700)),
        ]
        if rng.random() < 0.2:
            plan.append(("perpetrator_release", rng.randint(200, 700)))
        if rng.random() < 0.1:
            plan.append(("relocation", rng.randint(30, 300)))
        for kind, offset in plan:
            when = intake + dt.timedelta(days=offset)
            if status != "open" and when > end:
                continue
            if when > today + dt.timedelta(days=60):
                continue
            self.add(
                Milestone,
                survivor_id=survivor_id,
                kind=kind,
                date=when,
                prep_note=_PREP_NOTES[kind],
                created_at=_stamp(min(when, intake + dt.timedelta(days=3), today)),
            )
        if status == "open" and rng.random() < 0.25:  # something coming up soon
            when = today + dt.timedelta(days=rng.randint(0, 20))
            kind = rng.choice(("nrm_decision", "court_date", "other"))
            self.add(
                Milestone,
                survivor_id=survivor_id,
                kind=kind,
                kind_other="Housing panel" if kind == "other" else "",
                date=when,
                prep_note=_PREP_NOTES[kind],
                created_at=_stamp(today - dt.timedelta(days=7)),
            )

    def consents(self, survivor_id: int, intake: dt.date, end: dt.date) -> None:
        rng = self.rng
        method = rng.choice(("verbal", "written", "through_interpreter"))
        plan = (
            ("navigator_support", (("given", 1.0),)),
            ("share_with_police", (("given", 0.8), ("declined", 0.15), ("not_recorded", 0.05))),
            ("anonymised_reporting", (("given", 0.75), ("declined", 0.1), ("not_recorded", 0.15))),
        )
        for kind, weights in plan:
            state = _weighted(rng, weights)
            withdrawn = None
            if state == "given" and kind != "navigator_support" and rng.random() < 0.03:
                state = "withdrawn"
                withdrawn = min(end, intake + dt.timedelta(days=rng.randint(30, 300)))
            self.add(
                Consent,
                survivor_id=survivor_id,
                kind=kind,
                status=state,
                recorded_on=None if state == "not_recorded" else intake,
                method="" if state == "not_recorded" else method,
                withdrawn_on=withdrawn,
            )
            self._others(Consent, ("method", "written", 4))
        if rng.random() < 0.4:
            self.add(
                Consent,
                survivor_id=survivor_id,
                kind="share_with_agency",
                agency_name=rng.choice(_AGENCIES),
                status="given",
                recorded_on=intake + dt.timedelta(days=rng.randint(0, 30)),
                method=method,
            )
            self._others(Consent, ("method", "written", 4))
        if survivor_id % 4 == 0:  # no random draw: see _others
            self.add(
                Consent,
                survivor_id=survivor_id,
                kind="other",
                kind_other=_OTHER_TEXT["kind_other"],
                status="given",
                recorded_on=intake,
                method=method,
            )
            self._others(Consent, ("method", "written", 1))

    def write(self, session: Session) -> None:
        for model, rows in self.rows.items():
            if rows:  # the Table, not the class: Core executemany, no ORM bookkeeping
                session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]


def populate(session: Session, survivors: int, seed: int, today: dt.date) -> None:
    """Add ``survivors`` fictional survivors with their histories, then commit.

    Deterministic for a given ``(survivors, seed, today)`` on an empty caseload;
    on a caseload that already holds data, new rows take the next free ids and
    case references avoid those already issued.
    """
    if survivors < 0:
        raise ValueError("survivors must not be negative")
    rng = random.Random(seed)
    refs = issue_case_refs(session, survivors, rng, issued_at=_stamp(today))
    builder = _Builder(session, rng, today, seed)
    builder.directory(session)
    for index, ref in enumerate(refs):
        builder.survivor(index, ref)
    builder.activities()
    builder.write(session)
    session.commit()


def write_demo_vault(
    path: Path,
    passphrase: str,
    survivors: int = 40,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    kdf: fmt.KdfParams = fmt.PRODUCTION_KDF,
) -> None:
    """Create a demo vault at ``path`` (replacing an earlier one), fill it, save, close.

    Only for demo vaults: an existing file at ``path`` and its backups are deleted.
    A demo vault open in another process is not touched (VaultInUse is raised).
    """
    from caseload.vault import Vault  # the vault is only needed here
    from storage.vault import acquire_lock

    path = Path(path)
    if path.exists():
        lock = acquire_lock(path)  # refuses while another process has the demo open
        try:
            for old in backups.list_backups(path):
                old.path.unlink(missing_ok=True)
            path.unlink()
        finally:
            lock.release()
    vault, _recovery_key = Vault.create(path, passphrase, kdf)
    try:
        with vault.session() as session:
            populate(session, survivors, seed, today or dt.date.today())
        vault.save()
    finally:
        vault.close()
