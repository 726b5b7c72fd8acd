"""Every descriptive list allows 'Other' with a free-text specification (issue 2).

The closed lists are exactly those the categories docstring names, each for a reason;
every other list has an 'other' code, and every field of the model that takes one has
its specification column, documented in the data dictionary.
"""

from __future__ import annotations

import datetime as dt

from caseload import categories as cat
from exports import dictionary, field_docs

#: Lists without 'other', and why (see the caseload.categories docstring).
CLOSED = {
    "case_status", "promise_status", "consent_status", "referral_status",  # statuses
    "assessment_kind", "activity_kind",  # kinds the rules act on
    "nrm_decision",  # decisions
    "rater",  # raters
    "missing_reason",  # missing reasons
    "yes_no_unknown", "promise_told", "exploitation_location", "nationality_group",
    "age_band",  # exhaustive
}  # fmt: skip


def _has_other(category: cat.Category) -> bool:
    return any(code.startswith("other") for code in category.codes)


def test_only_the_documented_lists_are_closed() -> None:
    closed = {c.name for c in cat.ALL_CATEGORIES if not _has_other(c)}
    assert closed == CLOSED
    doc = cat.__doc__ or ""
    assert all(f"``{name}``" in doc for name in CLOSED)
    for category in cat.ALL_CATEGORIES:
        if "other" in category.codes:
            assert category.label("other") == "Other (specify)", category.name


def test_every_field_taking_other_has_its_documented_specification() -> None:
    pairs = {
        (model.__tablename__, name)
        for model, fields in field_docs.TABLES.items()
        for name, doc in fields.items()
        if doc.category is not None and _has_other(doc.category)
    }
    listed = {(table, code) for table, fields in cat.OTHER_TEXT_FIELDS.items()
              for code, _ in fields}  # fmt: skip
    assert listed == pairs
    models = {m.__tablename__: m for m in field_docs.TABLES}
    for table, fields in cat.OTHER_TEXT_FIELDS.items():
        for _code, text in fields:
            assert models[table].model_fields[text].annotation is str, (table, text)
            assert field_docs.TABLES[models[table]][text].category is None


def test_the_dictionary_lists_the_new_values_and_fields() -> None:
    text = dictionary.render(dt.date(2025, 3, 15))
    for category in (cat.CONTACT_CHANNEL, cat.CONTACT_OUTCOME, cat.UPDATE_FREQUENCY,
                     cat.DETAIL_LEVEL, cat.CONSENT_KIND, cat.CONSENT_METHOD):  # fmt: skip
        section = text.split(f"### `{category.name}`", 1)[1].split("###", 1)[0]
        assert "| `other` | Other (specify) |" in section, category.name
    for name in ("channels_other", "update_frequency_other", "detail_level_other",
                 "channel_other", "outcome_other", "kind_other", "method_other"):  # fmt: skip
        assert f"| `{name}` |" in text
    assert "Reminded every 30 days" in text
    assert "not a successful contact" in text.lower()
