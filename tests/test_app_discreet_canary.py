"""Discreet mode hides everything that identifies or locates: a file with a canary in
every free-text field, a phone number and a date of birth is walked screen by screen,
tab by tab and form by form, and no canary is on the screen, only the case reference."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from caseload.models import (
    Assessment,
    CaseNote,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    SupportGoal,
    Survivor,
)
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.screens.survivor_file import TABS, SurvivorFileScreen
from tests.app_support import (
    SIZE,
    TODAY,
    loaded,
    make_vault,
    open_app,
    reopen,
    screen_text,
    wait_for,
)

CANARY = "Canary"
PHONE = "07700 900461"
BIRTH = dt.date(1991, 7, 14)
REF = "NAV-CANRY"


def _c(field: str) -> str:
    return f"{CANARY}{field.title().replace('_', '')}"


def _fill(path: Path) -> int:
    make_vault(path, known=False)
    vault = reopen(path)
    try:
        with vault.session() as s:
            survivor = Survivor(
                case_ref=REF,
                intake_date=TODAY - dt.timedelta(days=60),
                date_of_birth=BIRTH,
                age_band="25_34",
                sex="other",
                exploitation_types="other",
                referral_route="other",
                referring_agency="other",
                **{
                    f: _c(f)
                    for f in (
                        "given_name", "family_name", "preferred_name", "sex_other",
                        "nationality", "languages", "exploitation_other",
                        "referral_route_other", "referring_agency_name", "police_force",
                        "officer_name", "officer_contact",
                    )
                },
            )
            s.add(survivor)
            s.flush()
            sid = survivor.id
            assert sid is not None
            s.add(
                ContactAgreement(
                    survivor_id=sid,
                    agreed_on=TODAY - dt.timedelta(days=60),
                    channels="phone_call;other",
                    phones=[
                        {"label": _c("phone_label"), "number": PHONE, "safe_to_call": True,
                         "safe_to_text": False, "safe_voicemail": False}
                    ],
                    update_frequency="other",
                    detail_level="other",
                    **{
                        f: _c(f)
                        for f in (
                            "who_may_contact", "channels_other", "update_frequency_other",
                            "detail_level_other", "language", "safe_places",
                            "unsafe_places", "code_word", "things_to_avoid",
                        )
                    },
                )
            )
            s.add(
                ContactLog(
                    survivor_id=sid,
                    contact_date=TODAY - dt.timedelta(days=20),
                    channel="other",
                    who="other",
                    outcome="other",
                    safety_concern=True,
                    **{f: _c(f) for f in ("channel_other", "who_other", "outcome_other")},
                    summary=_c("summary"),
                )
            )
            s.add(
                Promise(
                    survivor_id=sid,
                    made_on=TODAY - dt.timedelta(days=10),
                    due_on=TODAY,
                    by_whom="other_agency",
                    **{f: _c(f) for f in ("what", "by_whom_other", "outcome_note")},
                )
            )
            s.add(
                Milestone(
                    survivor_id=sid,
                    kind="other",
                    date=TODAY + dt.timedelta(days=2),
                    kind_other=_c("kind_other"),
                    prep_note=_c("prep_note"),
                )
            )
            s.add(Assessment(survivor_id=sid, date=TODAY - dt.timedelta(days=59), kind="intake",
                             note=_c("note")))
            s.add(CaseNote(survivor_id=sid, written_on=TODAY, text=_c("case_note")))
            s.add(
                SupportGoal(
                    survivor_id=sid, domain="mental_health", goal=_c("goal"),
                    actions=_c("actions"), agreed_on=TODAY,
                )
            )  # fmt: skip
            s.commit()
        vault.save()
    finally:
        vault.close()
    return sid


def _leaks(app: NavigatorApp) -> list[str]:
    text = screen_text(app)
    found = [word for word in (CANARY, PHONE, "07700", "1991", "14 Jul") if word in text]
    return found


async def test_discreet_mode_shows_no_canary_anywhere(vault_path: Path) -> None:
    sid = _fill(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        # Without discreet mode the canaries are there to be found (else this proves nothing).
        app.open_survivor(sid, "agreement")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        assert CANARY in screen_text(app) and PHONE in screen_text(app)
        await pilot.press("escape")

        await pilot.press("f2")
        assert app.discreet
        seen: dict[str, list[str]] = {}
        await pilot.press("f3")
        await pilot.pause()
        assert REF in screen_text(app)
        seen["today"] = _leaks(app)
        for key in ("f4", "f5", "f7"):
            await pilot.press(key)
            await pilot.pause(0.3)
            seen[key] = _leaks(app)

        app.open_survivor(sid)
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        file = app.screen
        assert isinstance(file, SurvivorFileScreen)
        await wait_for(pilot, lambda: bool(file.query("#file-tabs")))
        for tab in TABS:
            file.show_tab(tab)
            await pilot.pause()
            seen[tab] = _leaks(app)

        for name, keys in (
            ("facts form", ("e",)),
            ("agreement form", ("g",)),
            ("promise status form", ("k",)),
            ("contact form (the agreement on top)", ("c",)),
            ("note form", ("n",)),
        ):
            await pilot.press(*keys)
            await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
            await pilot.pause()
            seen[name] = _leaks(app)
            # Scroll through the whole form: what is below the fold counts too.
            for _ in range(12):
                await pilot.press("pagedown")
            await pilot.pause()
            seen[name] += _leaks(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is file)

        from navigator_tui.screens.agreement_history import AgreementHistoryScreen

        file.show_tab("agreement")
        await pilot.press("v")  # the agreement's versions
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementHistoryScreen))
        await pilot.pause()
        seen["agreement versions"] = _leaks(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is file)
        from navigator_tui.screens.review_view import ReviewViewScreen

        await pilot.press("w")  # the review view: each domain's goal
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewViewScreen))
        await pilot.pause()
        seen["review view"] = _leaks(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is file)
        for tab in ("contacts", "promises", "notes", "plan"):  # the form starts from the entry
            file.show_tab(tab)
            await pilot.pause()
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
            await pilot.pause()
            seen[f"{tab} correction"] = _leaks(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is file)

        file.show_tab("recovery")
        await pilot.pause()
        await pilot.press("enter")  # amend the assessment: its note
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.pause()
        seen["assessment form"] = _leaks(app)

    assert {where: found for where, found in seen.items() if found} == {}
