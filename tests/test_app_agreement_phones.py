"""Contact agreement phones: added, edited and removed by keys, validated, flags shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, SelectionList, Static

from assessments.phones import flag_words, make_phone, number_problem
from caseload.record_history import agreement_versions, save_agreement_version
from navigator_tui.screens.agreement_form import AgreementFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.widgets.phone_editor import LABEL_LIMIT, NUMBER_LIMIT, PhoneEditor, PhoneRow
from storage.vault import read_header
from tests.app_support import SIZE, TODAY, loaded, make_vault, open_app, reopen, wait_for

OLD_PHONE = make_phone("Shared landline", "01632 960111", safe_to_call=True)


@pytest.mark.parametrize(
    "number",
    ["07700 900123", "+44 (0)7700-900123", "123456", "1" * 20, "  0161  496 0000 "],
)
def test_valid_numbers(number: str) -> None:
    assert number_problem(number) is None


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("", "Type the phone number"),
        ("0770O 900123", "only digits"),
        ("07700.900123", "only digits"),
        ("ext. 12", "only digits"),
        ("12345", "6 to 20 digits (this one has 5)"),
        ("1" * 21, "(this one has 21)"),
        ("+() - ", "(this one has 0)"),
    ],
)
def test_invalid_numbers_are_explained(number: str, words: str) -> None:
    problem = number_problem(number)
    assert problem is not None and words in problem


def test_flags_not_recorded_are_not_safe() -> None:
    assert flag_words({"number": "07700 900123", "safe_to_call": True}) == [
        ("safe to call", True),
        ("do NOT text", False),
        ("do NOT leave a voicemail", False),
    ]
    assert make_phone(" Own  mobile ", " 07700   900123 ", safe_voicemail=True) == {
        "label": "Own mobile",
        "number": "07700 900123",
        "safe_to_call": False,
        "safe_to_text": False,
        "safe_voicemail": True,
    }
    with pytest.raises(ValueError):
        make_phone("x", "123456", safe_to_email=True)


def add_agreement(path: Path, survivor_id: int) -> None:
    vault = reopen(path)
    try:
        with vault.session() as session:
            fields = {
                "agreed_on": TODAY - dt.timedelta(days=10),
                "channels": "phone_call",
                "phones": [OLD_PHONE],
            }
            save_agreement_version(session, survivor_id, fields)
            session.commit()
        vault.save()
    finally:
        vault.close()


def agreement_text(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#agreement-facts", Static).render())


async def test_add_edit_remove_phones_by_keys(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    add_agreement(vault_path, ids["Zephyrine"])
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Zephyrine"], "agreement")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        before = agreement_text(app)
        assert "Shared landline  01632 960111" in before
        assert "safe to call · do NOT text · do NOT leave a voicemail" in before

        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        form = app.screen
        editor = form.query_one(PhoneEditor)
        assert [row.value() for row in editor.rows()] == [OLD_PHONE]

        # Add a phone: a letter in the number is explained and nothing is saved.
        await pilot.press("ctrl+o")
        await pilot.pause()
        new_row = editor.rows()[-1]
        assert new_row.label_input().has_focus
        await pilot.press(*"Mobile", "tab", *"0770O", "ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "only digits" in str(new_row.query_one(".field-error", Static).render())
        assert "Phone 2:" in str(form.query_one("#form-status", Static).render())
        number = new_row.number_input()
        assert number.has_focus
        # Fix it, tick "safe to text" and "safe to leave a voicemail".
        number.value = ""
        await pilot.press(*"07700 900123", "tab", "tab", "space", "tab", "space")
        # Edit the old phone's number, then remove it with its Remove button.
        old_row = editor.rows()[0]
        old_number = old_row.query_one(".phone-number", Input)
        old_number.focus()
        await pilot.press("end", "backspace", "2")
        assert old_row.value()["number"] == "01632 960112"
        await pilot.press("tab", "tab", "tab", "tab")  # call, text, voicemail, Remove
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(editor.rows()) == 1)
        assert isinstance(editor.rows()[0], PhoneRow)
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Phone calls are agreed but the only phone left is marked do NOT call: refused.
        assert app.screen is form
        assert "no phone is marked safe to call" in str(
            form.query_one("#field-channels .field-error", Static).render()
        )
        channels = form.query_one("#input-channels", SelectionList)
        channels.deselect("phone_call")
        channels.select("text_message")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        after = agreement_text(app)
        assert "Mobile  07700 900123" in after
        assert "do NOT call · safe to text · safe to leave a voicemail" in after
        assert "Shared landline" not in after

    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            versions = agreement_versions(session, ids["Zephyrine"])
        assert [v.version for v in versions] == [2, 1]
        assert versions[0].phones == [
            {
                "label": "Mobile",
                "number": "07700 900123",
                "safe_to_call": False,
                "safe_to_text": True,
                "safe_voicemail": True,
            }
        ]
        assert versions[1].phones == [OLD_PHONE]  # the earlier version is kept as it was
    finally:
        vault.close()


async def test_phone_label_and_number_refused_when_too_long_or_with_control_characters(
    vault_path: Path,
) -> None:
    """A pasted label or number over its limit is explained, not cut; escape codes refused."""
    ids = make_vault(vault_path)
    add_agreement(vault_path, ids["Zephyrine"])
    generation = read_header(vault_path).generation
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Zephyrine"], "agreement")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        form = app.screen
        row = form.query_one(PhoneEditor).rows()[0]
        label, number = row.label_input(), row.number_input()
        cases = [
            (label, "Own\x1b[2J mobile", "Label: Remove the control characters"),
            (label, "L" * (LABEL_LIMIT + 1), f"Label: Too long: at most {LABEL_LIMIT}"),
            (number, "1" + "-" * NUMBER_LIMIT, f"Number: Too long: at most {NUMBER_LIMIT}"),
        ]
        for field, text, words in cases:
            label.value, number.value = OLD_PHONE["label"], OLD_PHONE["number"]
            field.value = ""
            field.post_message(events.Paste(text))
            await pilot.pause()
            assert field.value == text  # kept whole, so the navigator sees what to change
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form
            assert words in str(row.query_one(".field-error", Static).render())
            assert field.has_focus
            assert read_header(vault_path).generation == generation  # nothing saved
        label.value, number.value = "L" * LABEL_LIMIT, OLD_PHONE["number"]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    assert read_header(vault_path).generation == generation + 1
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            assert agreement_versions(session, ids["Zephyrine"])[0].phones[0]["label"] == (
                "L" * LABEL_LIMIT
            )
    finally:
        vault.close()
