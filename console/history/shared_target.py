"""Which PostgreSQL server holds a team's shared history, and how to reach it without ever
writing its password down.

The URL comes from `[history] url` in the config or `NOWGG_CONSOLE_HISTORY_URL`. A password in
the config file's URL is refused (the settings layer names the line); the password comes from
the OS keyring (`nowgg-console key set history`), libpq's own password or service file
(~/.pgpass, ~/.pg_service.conf) or `PGPASSWORD` — libpq reads those itself. `location` is the
URL as shown to a person: never a password. Import-light (no psycopg): the settings read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# The URL rules live with the settings that read the config file (a console's first frame reads
# the config and must not load the history package); named here too for the history's users.
from console.settings.history_url import (
    DEFAULT_CONNECT_TIMEOUT_S,
    KEYRING_NAME,
    SCHEMES,
    URL_VARIABLE,
    has_password,
    url_problem,
    without_password,
)

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT_S",
    "KEYRING_NAME",
    "SCHEMES",
    "URL_VARIABLE",
    "SharedTarget",
    "choose",
    "has_password",
    "url_problem",
    "without_password",
]


@dataclass(frozen=True)
class SharedTarget:
    """A shared history to connect to. `password` is asked at connect time (the keyring);
    None from it, or no `password` at all: libpq finds one itself (PGPASSWORD, ~/.pgpass, a
    service file) or the server needs none."""

    url: str = field(repr=False)
    password: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S

    @property
    def location(self) -> str:
        return without_password(self.url)

    def __repr__(self) -> str:
        return f"SharedTarget({self.location!r})"


def choose(
    environ: Mapping[str, str],
    configured_url: str | None,
    *,
    password: Callable[[], str | None] | None = None,
) -> SharedTarget | None:
    """The shared history this console uses: `NOWGG_CONSOLE_HISTORY_URL` (set and not blank)
    wins over `[history] url`; neither: None, the local SQLite file. A variable set to an
    empty value means the local file for this one command."""
    if URL_VARIABLE in environ:
        url = environ[URL_VARIABLE].strip()
        return SharedTarget(url, password) if url else None
    return SharedTarget(configured_url, password) if configured_url else None
