"""The data dictionary is written from the code's own definitions and covers everything."""

from __future__ import annotations

import datetime as dt

from sqlmodel import SQLModel

from assessments.scale import current_scale
from caseload.categories import ALL_CATEGORIES
from exports import dictionary, field_docs, funder_measures, import_assessments, import_survivors
from exports.monthly_columns import COLUMNS as MONTHLY


def test_every_table_and_field_is_described() -> None:
    described = {m.__tablename__ for m in field_docs.TABLES}
    assert described == set(SQLModel.metadata.tables)
    for model, fields in field_docs.TABLES.items():
        assert set(fields) == set(model.model_fields), model.__name__
        assert all(doc.meaning for doc in fields.values())


def test_dictionary_mentions_everything() -> None:
    text = dictionary.render(dt.date(2025, 3, 15))
    assert "Generated on 2025-03-15" in text
    for model, fields in field_docs.TABLES.items():
        assert f"### {model.__name__}" in text
        for name in fields:
            assert f"| `{name}` |" in text
    for category in ALL_CATEGORIES:
        assert f"### `{category.name}`" in text
        for choice in category.choices:
            assert f"| `{choice.code}` | {choice.label} |" in text
    for spec in (*import_survivors.COLUMNS, *import_assessments.COLUMNS):
        assert f"| `{spec.name}` |" in text
    for column in MONTHLY:
        assert f"| `{column.name}` |" in text
    for measure in (*funder_measures.ABOUT, *funder_measures.MEASURES):
        assert f"| `{measure.name}` |" in text
    scale = current_scale()
    for level in scale.levels:
        assert scale.level_name(level) in text
        assert scale.descriptor("legal_status", level).replace("|", "\\|") in text
    assert "secondary suppression" in text.lower()
    assert "a suppressed cell may be 0" in " ".join(text.split())
    assert "### Record weights" in text and "cell-key" in text and "export ledger" in text
    assert "What it costs the funder" in text


def test_monthly_header_matches_the_issue() -> None:
    names = [c.name for c in MONTHLY]
    for required in ("case_ref", "status", "intake_month", "assessments_to_date",
                     "latest_assessment_date", "mental_health_survivor",
                     "legal_status_navigator", "overall_survivor", "overall_navigator",
                     "change_since_intake_survivor", "change_since_intake_navigator",
                     "next_assessment_due", "assessment_overdue", "contacts_in_month",
                     "updates_in_month", "next_update_due", "promises_open",
                     "promises_kept_in_month", "promises_broken_in_month"):
        assert required in names
    assert len(names) == len(set(names))
