"""Export files: owner-only, no overwrite without force, errors in one sentence."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from exports.files import ExportExists, ExportFailed, write_export


def test_new_file_is_owner_only(tmp_path: Path) -> None:
    out = write_export(tmp_path / "x.csv", b"a\r\n")
    assert out.read_bytes() == b"a\r\n"
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    target.write_bytes(b"old")
    with pytest.raises(ExportExists) as info:
        write_export(target, b"new")
    assert "--force" in info.value.message
    assert target.read_bytes() == b"old"
    write_export(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="does not exist"):
        write_export(tmp_path / "nope" / "x.csv", b"a")
    with pytest.raises(ExportFailed, match="is a folder"):
        write_export(tmp_path, b"a")


def test_without_hard_links_the_rename_fallback_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = write_export(tmp_path / "x.csv", b"data")
    assert out.read_bytes() == b"data"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]
    with pytest.raises(ExportExists):
        write_export(out, b"other")
    assert out.read_bytes() == b"data"
