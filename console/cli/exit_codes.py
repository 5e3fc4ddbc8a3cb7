"""Exit codes, documented in `--help` and the README; scripts rely on them."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """The operation did what was asked."""
    API_ERROR = 1
    """now.gg answered with an error code (invalid token, bad key, …)."""
    USAGE = 2
    """The command line or an input was wrong (argparse uses 2 as well)."""
    NETWORK = 3
    """No usable answer (network, HTTP, unreadable reply), or a consume's outcome is unknown."""
    REFUSED = 4
    """A guard refused: read-only environment, client-side store, unpaid, consumed, no consent."""
    UNAVAILABLE = 5
    """Something local is unusable: the OS keyring, the history database, the config file."""
    INTERNAL = 70
    """A bug in the console itself."""
    INTERRUPTED = 130


EXIT_CODES_HELP = """exit codes:
  0    success
  1    now.gg answered with an error code (e.g. 3901 invalid token, 3900 bad key)
  2    usage error: bad arguments or input (e.g. a malformed token, unknown environment)
  3    network problem or unreadable reply; for consume: the outcome is unknown
  4    refused by a guard (read-only environment, client-side store, unpaid, failed or
       already consumed purchase, no confirmation, another console's consume of the
       token in flight or of unknown outcome)
  5    something local is unusable: the OS keyring, the history database, or a
       config file that must be fixed before it can be changed
  70   internal error (a bug: please report it)
  130  interrupted (Ctrl+C)"""
