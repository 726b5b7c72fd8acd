"""An assessment's own fields (its date, kind and note).

The twelve ratings are checked by the scale they use (:mod:`assessments.scale`), which
the rules layer owns; this checks what the form and the importer share besides them.
"""

from __future__ import annotations

from caseload import categories as cat
from caseload.validation.records import Field, RecordKind

FIELDS: tuple[Field, ...] = (
    Field("date", "date", required=True, after_intake=True),
    Field("kind", "choice", cat.ASSESSMENT_KIND, required=True),
    Field("note", max_length=2000),
)

ASSESSMENT = RecordKind("assessment", FIELDS)
