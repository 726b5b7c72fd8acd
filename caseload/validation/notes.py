"""A case note: a dated free-text note on the file, apart from contact summaries.

Written today or about a day gone by, never ahead. Free text no rule reads: it is
never exported and discreet mode hides it.
"""

from __future__ import annotations

from caseload.validation.records import Field, RecordKind

#: Longest note accepted (a page of text).
NOTE_MAX_LENGTH = 4000

FIELDS: tuple[Field, ...] = (
    Field("text", "note", required=True, max_length=NOTE_MAX_LENGTH),
    Field("written_on", "date", required=True),
)

CASE_NOTE = RecordKind("case note", FIELDS)
