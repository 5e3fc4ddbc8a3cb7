"""Who is at the keyboard, for the `operator` column.

Named `operator_name` rather than `operator` so that nothing run from this folder can shadow
the standard library's `operator` module.
"""

from __future__ import annotations

import getpass
import os

FALLBACK = "unknown"


def current_operator() -> str:
    """The OS user name; never raises, because a missing name must not lose a history entry.

    `getpass.getuser()` fails in containers whose uid has no passwd entry and no USER/LOGNAME
    variable; the uid is then the most useful thing we can still say.
    """
    try:
        name = getpass.getuser()
    except Exception:
        name = ""
    name = " ".join(name.split())
    if name:
        return name
    try:
        return f"uid {os.getuid()}"
    except Exception:  # no getuid on Windows
        return FALLBACK
