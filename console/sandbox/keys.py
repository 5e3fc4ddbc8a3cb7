"""The sandbox's API key.

It is public on purpose: it is printed by `nowgg-console sandbox serve`, written in the docs and
used by tests. It is shaped to be obviously not a real now.gg key, so that nobody mistakes a
sandbox environment for production or pastes it into a real one.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final


SANDBOX_API_KEY: Final = "sandbox-key-nowgg-console-0000"
