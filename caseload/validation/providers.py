"""A provider in the team's service directory (no survivor data).

A provider offers one kind of service or more (``REFERRAL_SERVICE`` codes, stored
';'-separated); its languages are words as written, several separated by ';'.
"""

from __future__ import annotations

from caseload import categories as cat
from caseload.validation.records import Field, RecordKind

NAME_MAX = 100
NOTE_MAX = 1000

FIELDS: tuple[Field, ...] = (
    Field("name", required=True, max_length=NAME_MAX),
    Field("service_kinds", "multi", cat.REFERRAL_SERVICE, required=True),
    Field("service_other", max_length=200),
    Field("languages"),
    Field("area"),
    Field("how_to_refer", "note", max_length=NOTE_MAX),
    Field("contact"),
    Field("notes", "note", max_length=NOTE_MAX),
)

PROVIDER = RecordKind("provider", FIELDS, other_text=(("service_kinds", "service_other"),))
