"""Export files: a new name each time, never overwritten, readable by the user alone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from console.history.export_file import exports_dir, write_export

NOW = datetime(2024, 10, 30, 6, 8, 1, tzinfo=UTC)


def test_exports_get_a_utc_timestamped_name_and_never_overwrite(tmp_path: Path) -> None:
    directory = exports_dir(tmp_path / "data")
    first = write_export("# one\n", directory, now=NOW)
    second = write_export("# two\n", directory, now=NOW)
    assert first == tmp_path / "data" / "exports" / "history-20241030T060801Z.md"
    assert second.name == "history-20241030T060801Z-2.md"
    assert first.read_text(encoding="utf-8") == "# one\n"
    assert second.read_text(encoding="utf-8") == "# two\n"
    assert first.stat().st_mode & 0o077 == 0
    assert directory.stat().st_mode & 0o077 == 0
