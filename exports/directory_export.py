"""Export the service directory as CSV, in the columns the directory import reads.

Owner-only and formula-safe (:mod:`exports.files`, :mod:`exports.csv_safety`): a cell
a spreadsheet would run gets a ``'`` in front, which the import takes off again.
Kinds of service are written as codes, several separated by ';'. Providers hold no
survivor data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from caseload.queries import load_providers
from exports.csv_safety import to_csv
from exports.files import write_export
from exports.import_providers import COLUMN_NAMES

DIRECTORY_NAME = "navigator-service-directory.csv"


@dataclass(frozen=True)
class DirectoryExport:
    path: Path
    rows: int


def directory_csv(session: Session) -> tuple[bytes, int]:
    """The directory as CSV bytes, ordered by name, and how many providers it holds."""
    providers = load_providers(session)
    rows = [[getattr(p, name) or "" for name in COLUMN_NAMES] for p in providers]
    return to_csv(COLUMN_NAMES, rows), len(rows)


def write_directory(session: Session, path: Path | str, force: bool = False) -> DirectoryExport:
    data, count = directory_csv(session)
    return DirectoryExport(write_export(path, data, force), count)
