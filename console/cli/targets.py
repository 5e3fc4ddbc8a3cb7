"""What the command line says that cannot be used: one error type, exit code 2.

The checks themselves are in `flag_values.py`, one function per kind of value.
"""

from __future__ import annotations


class UsageError(Exception):
    """Bad command-line input; the message says what is expected."""
