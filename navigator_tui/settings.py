"""App settings: idle timeout, discreet mode default, theme, retention period, and the
number of open promises at which the worklist warns of over-promising.

Stored as JSON in the user config folder (platformdirs), never inside the vault and
never with personal data: only the five preferences below.  ``NAVIGATOR_CONFIG_DIR``
points the file elsewhere (tests use it so they never touch the real home folder).
A missing or unreadable file gives the defaults; a bad value is replaced by its default.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from assessments.promises import OPEN_PROMISE_THRESHOLD
from assessments.retention import DEFAULT_RETENTION_YEARS
from assessments.worklist import WorklistSettings
from storage import safe_io

ENV_CONFIG_DIR = "NAVIGATOR_CONFIG_DIR"
FILE_NAME = "settings.json"
DEFAULT_IDLE_TIMEOUT = 300
MIN_IDLE_TIMEOUT = 1
DEFAULT_THEME = "textual-dark"
#: Bounds of the retention period (whole years); outside them the default is used.
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 50
#: Bounds of the over-promising threshold (open promises at once).
MIN_PROMISE_THRESHOLD = 2
MAX_PROMISE_THRESHOLD = 50


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("navigator", appauthor=False)


def settings_path() -> Path:
    return config_dir() / FILE_NAME


@dataclass
class Settings:
    #: Seconds without a key press or mouse click before the vault locks itself.
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    #: Start in discreet mode (names replaced by case references and initials).
    discreet: bool = False
    theme: str = DEFAULT_THEME
    #: Closed cases are listed for review (delete or anonymise) this many years after closing.
    retention_years: int = DEFAULT_RETENTION_YEARS
    #: The worklist warns of over-promising when a survivor has this many open promises.
    open_promise_threshold: int = OPEN_PROMISE_THRESHOLD

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        settings = cls()
        timeout = raw.get("idle_timeout")
        if isinstance(timeout, int | float) and not isinstance(timeout, bool):
            settings.idle_timeout = max(MIN_IDLE_TIMEOUT, float(timeout))
        if isinstance(raw.get("discreet"), bool):
            settings.discreet = raw["discreet"]
        if isinstance(raw.get("theme"), str) and raw["theme"]:
            settings.theme = raw["theme"]
        years = raw.get("retention_years")
        if valid_retention_years(years):
            settings.retention_years = years
        threshold = raw.get("open_promise_threshold")
        if _whole_number_within(threshold, MIN_PROMISE_THRESHOLD, MAX_PROMISE_THRESHOLD):
            settings.open_promise_threshold = threshold
        return settings

    def worklist_settings(self) -> WorklistSettings:
        """The worklist thresholds these settings tune."""
        return WorklistSettings(open_promise_threshold=self.open_promise_threshold)

    def save(self, path: Path | None = None) -> None:
        """Write the settings atomically (owner-only file); raises OSError on failure."""
        path = path or settings_path()
        safe_io.ensure_private_dir(path.parent)
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        safe_io.atomic_write(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def valid_retention_years(value: object) -> bool:
    """A whole number of years within the bounds (a bool or a float is not)."""
    return _whole_number_within(value, MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)


def _whole_number_within(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
