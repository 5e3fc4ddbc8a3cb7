"""The console's tests run in whatever terminal pytest has: the clipboard is taken as known to
receive copies (NOWGG_CONSOLE_OSC52=1), so a copy says "Copied" — except in the tests of the
copy box, which say otherwise."""

from __future__ import annotations

import pytest

from console.tui.clipboard_reach import OSC52_VARIABLE


@pytest.fixture(autouse=True)
def clipboard_known_to_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OSC52_VARIABLE, "1")
