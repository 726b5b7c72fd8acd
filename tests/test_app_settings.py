"""Settings file: defaults, round trip, bad values, location from the environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from navigator_tui.settings import DEFAULT_IDLE_TIMEOUT, ENV_CONFIG_DIR, Settings, settings_path


def test_defaults_when_missing_or_damaged(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert Settings.load(path) == Settings()
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path).idle_timeout == DEFAULT_IDLE_TIMEOUT
    path.write_text(json.dumps({"idle_timeout": "soon", "discreet": "yes", "theme": 3}))
    assert Settings.load(path) == Settings()


def test_round_trip_and_floor(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    Settings(idle_timeout=90, discreet=True, theme="nord").save(path)
    assert Settings.load(path) == Settings(idle_timeout=90, discreet=True, theme="nord")
    assert set(json.loads(path.read_text())) == {
        "idle_timeout",
        "discreet",
        "theme",
        "retention_years",
        "open_promise_threshold",
    }
    path.write_text(json.dumps({"idle_timeout": 0}))
    assert Settings.load(path).idle_timeout >= 1


def test_location_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "elsewhere"))
    assert settings_path() == tmp_path / "elsewhere" / "settings.json"
    Settings(discreet=True).save()
    assert Settings.load().discreet is True
