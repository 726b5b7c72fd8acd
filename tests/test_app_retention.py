"""Retention review in the app: list, delete, anonymise (still counted), the period setting."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from caseload.anonymising import CLEARED_TEXT_FIELDS, is_anonymised
from caseload.models import Assessment, CaseRefRegistry, Promise, Survivor
from caseload.queries import load_cases
from caseload.vault import Vault
from exports.funder import build_figures
from exports.periods import Month, Period
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.screens.retention import RetentionPeriodScreen, RetentionScreen, parse_years
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.typed_confirm import TypedConfirmScreen
from navigator_tui.settings import Settings, settings_path
from storage.vault import read_header, unlock_bytes
from tests.app_support import (
    PASSPHRASE,
    SIZE,
    TODAY,
    loaded,
    make_vault,
    open_app,
    reopen,
    screen_text,
    wait_for,
)
from tests.test_app_forms import field_error
from tests.test_deletion import CANARY, add_case

OLD_REF, RECENT_REF = "NAV-KR3MA", "NAV-KR3MC"
PERIOD = Period(Month(2016, 1), Month(2018, 12))


def make_retention_vault(path: Path) -> dict[str, int]:
    """The KNOWN open cases, one closed in 2018 (due at 6 years) and one closed in 2023."""
    make_vault(path)
    vault = reopen(path)
    try:
        with vault.session() as s:
            ids = {
                "old": add_case(s, OLD_REF, CANARY, day=dt.date(2016, 3, 1)),
                "recent": add_case(s, RECENT_REF, "Recentperson", day=dt.date(2016, 3, 1)),
            }
            for key, closed in (("old", dt.date(2018, 9, 30)), ("recent", dt.date(2023, 6, 1))):
                survivor = s.get(Survivor, ids[key])
                assert survivor is not None
                survivor.status, survivor.closed_on = "closed", closed
                survivor.closure_reason = "support_completed"
                survivor.record_key = 1  # weight 1: the funder figures count each once
                s.add(survivor)
                s.add(
                    Assessment(
                        survivor_id=ids[key],
                        date=dt.date(2016, 7, 1),
                        kind="review",
                        ratings=Assessment.build_ratings(
                            {("safety", "survivor"): 5, ("safety", "navigator"): 5}
                        ),
                    )
                )
                promise = s.exec(select(Promise).where(col(Promise.survivor_id) == ids[key])).one()
                promise.status, promise.status_changed_on = "kept", dt.date(2016, 4, 1)
                s.add(promise)
            for ref in (OLD_REF, RECENT_REF):
                s.add(CaseRefRegistry(case_ref=ref))
            s.commit()
        vault.save()
    finally:
        vault.close()
    return ids


def figures(vault: Vault) -> list[tuple[object, ...]]:
    with vault.session() as s:
        cases = load_cases(s)
    found, _ = build_figures(cases, PERIOD, TODAY)
    return [(f.measure, f.group, f.category, f.value, f.base) for f in found]


def saved_figures(path: Path) -> list[tuple[object, ...]]:
    vault = reopen(path)
    try:
        return figures(vault)
    finally:
        vault.close()


def listed(app: NavigatorApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, RetentionScreen)
    return [item.case_ref for item in screen.due()]


async def confirm_typed(pilot, app: NavigatorApp, key: str, case_ref: str) -> None:  # noqa: ANN001
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
    assert isinstance(app.screen, TypedConfirmScreen) and app.screen.case_ref == case_ref
    await pilot.press(*case_ref, "enter")


async def test_anonymise_keeps_the_case_in_the_funder_figures_without_a_name(
    vault_path: Path,
) -> None:
    ids = make_retention_vault(vault_path)
    before = saved_figures(vault_path)
    supported = dict(((m, g, c), v) for m, g, c, v, _ in before)[
        ("survivors_supported", "all", "all")
    ]
    assert supported == 2  # both closed cases were open during the period
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        # Opened from the command palette.
        await pilot.press("ctrl+p", *"Retention review")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RetentionScreen))
        await pilot.pause()
        assert listed(app) == [OLD_REF]  # the 2023 closure is not due at 6 years
        assert "6 years" in screen_text(app)
        # Cancelling the dialog changes nothing.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RetentionScreen))
        generation = read_header(vault_path).generation
        await confirm_typed(pilot, app, "a", OLD_REF)
        await wait_for(pilot, lambda: isinstance(app.screen, RetentionScreen))
        await wait_for(
            pilot,
            lambda: app.cases is not None and is_anonymised(app.cases.files[ids["old"]].survivor),
        )
        await pilot.pause()
        assert listed(app) == []  # an anonymised record is not listed again
        assert read_header(vault_path).generation == generation + 1
        # The case is still in the caseload, shown by its reference and no name.
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await pilot.pause()
        assert OLD_REF in screen_text(app) and CANARY not in screen_text(app)
        app.open_survivor(ids["old"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        assert OLD_REF in screen_text(app) and CANARY not in screen_text(app)
    assert saved_figures(vault_path) == before
    assert CANARY.encode() not in unlock_bytes(vault_path.read_bytes(), PASSPHRASE)[2]
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            survivor = s.get(Survivor, ids["old"])
            assert survivor is not None and is_anonymised(survivor)
            assert all(getattr(survivor, name) == "" for name in CLEARED_TEXT_FIELDS)
            assert survivor.date_of_birth is None and survivor.exploitation_types
            recent = s.get(Survivor, ids["recent"])
            assert recent is not None and recent.given_name.startswith("Recentperson")
    finally:
        vault.close()


async def test_period_setting_then_delete_a_case(vault_path: Path) -> None:
    ids = make_retention_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, RetentionScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, RetentionPeriodScreen))
        await pilot.pause()
        form = app.screen
        for typed in ("abc", "0", "51", "-3", "2.5"):
            form.query_one("#input-years").value = ""  # type: ignore[attr-defined]
            await pilot.press(*typed, "ctrl+s")
            await pilot.pause()
            assert app.screen is form, typed
            assert "whole number of years from 1 to 50" in field_error(app, "years"), typed
        assert app.settings.retention_years == 6
        form.query_one("#input-years").value = ""  # type: ignore[attr-defined]
        await pilot.press("2", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RetentionScreen))
        await pilot.pause()
        assert listed(app) == [OLD_REF, RECENT_REF]
        assert "2 years" in screen_text(app)
        await pilot.press("down")
        await confirm_typed(pilot, app, "d", RECENT_REF)
        await wait_for(
            pilot, lambda: app.cases is not None and ids["recent"] not in app.cases.files
        )
        await pilot.pause()
        assert listed(app) == [OLD_REF]
    # The period is in the settings file, with nothing personal beside it.
    raw = settings_path().read_text(encoding="utf-8")
    assert json.loads(raw)["retention_years"] == 2
    assert set(json.loads(raw)) == {f.name for f in fields(Settings)}  # preferences only
    for personal in (CANARY, "Recentperson", "Quillon", "NAV-"):
        assert personal not in raw
    assert Settings.load().retention_years == 2
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            assert s.get(Survivor, ids["recent"]) is None
            assert s.get(Survivor, ids["old"]) is not None
    finally:
        vault.close()


@pytest.mark.parametrize(
    ("stored", "loaded_years"),
    [(1, 1), (50, 50), (0, 6), (51, 6), (-2, 6), (6.5, 6), ("6", 6), (True, 6), (None, 6)],
)
def test_retention_setting_bounds(tmp_path: Path, stored: object, loaded_years: int) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"retention_years": stored}), encoding="utf-8")
    assert Settings.load(path).retention_years == loaded_years


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        ("1", 1),
        ("50", 50),
        (" 7 ", 7),
        ("0", None),
        ("51", None),
        ("", None),
        ("x", None),
        ("٣", None),
        ("1e1", None),
        ("+5", None),
    ],
)
def test_parse_years(typed: str, years: int | None) -> None:
    assert parse_years(typed) == years


async def test_a_case_with_an_open_form_is_not_removed(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_retention_vault(vault_path)
    generation = read_header(vault_path).generation
    app = open_app(vault_path)
    told: list[str] = []
    notify = app.notify

    def recording_notify(message: str, **kwargs: Any) -> None:
        told.append(message)
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", recording_notify)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["old"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("c")  # a contact form of the old case, then the review on top
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, RetentionScreen))
        await pilot.pause()
        for key in ("a", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, RetentionScreen)
        assert sum("save or cancel it first" in message for message in told) == 2
    assert read_header(vault_path).generation == generation
