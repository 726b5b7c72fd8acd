"""The project set-up the foundation promises: README's two commands, CI, pyproject pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_readme_gives_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    commands = _setup_commands()
    assert len(commands) == 2, commands
    demo, tests = commands
    for command in commands:
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e ")
    assert demo.endswith(".venv/bin/navigator demo")
    assert "'.[test]'" in tests and tests.endswith(".venv/bin/python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci  # a failing test fails CI
    # The same command (pip may be quiet in CI).
    assert tests in ci.splitlines()[-1].replace("pip install -q ", "pip install ")


def test_pyproject_packages_script_and_pins() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"] == ">=3.11"
    assert project["project"]["scripts"] == {"navigator": "navigator_tui.cli:main"}
    include = project["tool"]["setuptools"]["packages"]["find"]["include"]
    for package in ("navigator_tui", "storage", "assessments", "exports"):
        assert f"{package}*" in include
    deps = project["project"]["dependencies"]
    assert [d for d in deps if d.startswith("textual")] == [
        d for d in deps if re.fullmatch(r"textual==\d+\.\d+\.\d+", d)
    ], "Textual is pinned exactly"
    test_extra = project["project"]["optional-dependencies"]["test"]
    for name in ("pytest", "pytest-asyncio"):
        assert any(re.match(rf"{name}[=<>]", d) for d in test_extra), name
    for dep in deps + test_extra:
        assert "==" in dep or "<" in dep, f"{dep} has no upper bound"


def test_every_daily_use_line_of_the_readme_is_a_command_that_exists() -> None:
    """Each `navigator ...` line under "Daily use" names a command the CLI has (its
    --help runs), so the README cannot drift from the program."""
    from typer.testing import CliRunner

    from navigator_tui.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Daily use", 1)[1].split("\n## ", 1)[0]
    assert "activate" in section  # the set-up line leaves the command in .venv
    lines = [line.split("#")[0].split() for line in section.splitlines()
             if line.startswith("    navigator")]  # fmt: skip
    assert len(lines) >= 4
    for words in lines:
        command = [w for w in words[1:2] if not w.startswith("-")]
        result = CliRunner().invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (words, result.output)
