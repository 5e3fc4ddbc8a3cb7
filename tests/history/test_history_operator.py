"""The operator name never fails, even where the OS cannot say who is logged in."""

from __future__ import annotations

import getpass
import os

import pytest

from console.history import current_operator


def test_the_os_user_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "alice\n")
    assert current_operator() == "alice"


def test_a_failing_lookup_falls_back_to_the_uid(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_user() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert current_operator() == f"uid {os.getuid()}"


def test_even_without_a_uid_it_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> int:
        raise AttributeError("no getuid here")

    monkeypatch.setattr(getpass, "getuser", lambda: "")
    monkeypatch.setattr(os, "getuid", fail)
    assert current_operator() == "unknown"
