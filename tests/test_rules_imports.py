"""The rules are pure: importing them pulls in neither Textual nor the vault.

Every module of ``assessments/`` is imported (found on disk, so a new module is
checked without editing this test) in a fresh interpreter; the only project
modules it may pull in are the headless core's (``caseload``) and, through it, the
container's error classes.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import assessments

RULES = sorted(f"assessments.{m.name}" for m in pkgutil.iter_modules(assessments.__path__))
ALLOWED = {"storage", "storage.errors"}
PROJECT = ("storage", "exports", "navigator_tui", "demo")


def test_every_rules_module_is_checked() -> None:
    for expected in ("assessments.schedule", "assessments.scoring", "assessments.worklist"):
        assert expected in RULES
    assert len(RULES) >= 11


def test_rules_import_without_textual_or_the_vault() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in RULES)
        + "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(result.stdout.split())
    assert set(RULES) <= loaded
    assert not {m for m in loaded if m.split(".")[0] == "textual"}
    assert not {m for m in loaded if m.startswith("storage.vault")}
    project = {m for m in loaded if m.split(".")[0] in PROJECT}
    assert project <= ALLOWED, sorted(project - ALLOWED)


def test_the_command_line_starts_without_textual_or_the_database() -> None:
    """`navigator --help` (and any command that opens neither the app nor the vault)
    loads neither Textual nor SQLAlchemy: each is imported by the command that needs it
    (issue 18: --help at most 0.25 s)."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from navigator_tui.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = {m.split(".")[0] for m in result.stdout.split()}
    assert "navigator_tui" in loaded
    assert not loaded & {"textual", "sqlalchemy", "sqlmodel", "rich_pixels", "plotext"}
