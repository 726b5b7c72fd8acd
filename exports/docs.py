"""Small shared record for documenting export columns and measures."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnDoc:
    """A column of an export (or a measure of the funder file) and how it is computed."""

    name: str
    type: str
    meaning: str
