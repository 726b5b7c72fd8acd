"""The rules are pure: importing them pulls in neither Textual nor the vault."""

from __future__ import annotations

import subprocess
import sys

RULES = (
    "assessments.case",
    "assessments.scale",
    "assessments.schedule",
    "assessments.scoring",
    "assessments.contact_cadence",
    "assessments.promises",
    "assessments.milestones",
    "assessments.worklist",
    "assessments.phones",
    "assessments.caseload_trends",
)


def test_rules_import_without_textual_or_the_vault() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in RULES)
        + "bad = [m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m in ('storage.vault', 'storage.vault_format', 'storage.demo')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
