"""The environment variable that may hold an environment's API key, named after it.

One variable per environment (`NOWGG_CONSOLE_API_KEY_STAGING`), so a key exported for one
environment can never be sent to another by mistake. Only the ad-hoc `--base-url`
environment, which has no name of its own, reads the generic `NOWGG_CONSOLE_API_KEY`.
"""

from __future__ import annotations

from console.payments import API_KEY_VARIABLE

from .environments import ADHOC


def key_variable(environment_name: str) -> str:
    """`NOWGG_CONSOLE_API_KEY_<NAME>`: upper-cased, `-` as `_` (a shell name cannot have `-`)."""
    if environment_name == ADHOC:
        return API_KEY_VARIABLE
    return f"{API_KEY_VARIABLE}_{environment_name.upper().replace('-', '_')}"
