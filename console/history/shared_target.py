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
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

URL_VARIABLE: Final = "NOWGG_CONSOLE_HISTORY_URL"
KEYRING_NAME: Final = "history"
"""The keyring entry (service nowgg-console) of the shared history's password."""
SCHEMES: Final = ("postgresql", "postgres")
DEFAULT_CONNECT_TIMEOUT_S: Final = 5.0


def url_problem(url: str) -> str | None:
    """Why `url` cannot name a shared history (None: it can). Says nothing of a password."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as error:
        return f"not a URL ({error})"
    if parts.scheme not in SCHEMES:
        return 'a postgresql:// URL, e.g. "postgresql://db.example/nowgg?sslmode=require"'
    if not parts.path.strip("/") and "dbname" not in dict(parse_qsl(parts.query)):
        return 'the URL names no database: add it after the host, e.g. "postgresql://host/nowgg"'
    return None


def has_password(url: str) -> bool:
    """Whether `url` carries a password (after the user name, or as `?password=`)."""
    parts = urlsplit(url.strip())
    query = {name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return parts.password is not None or "password" in query


def without_password(url: str) -> str:
    """`url` with any password removed: what may be shown, logged or stored."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    if "@" in netloc:
        user_info, _, hosts = netloc.rpartition("@")
        user = user_info.split(":", 1)[0]
        netloc = f"{user}@{hosts}" if user else hosts
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() != "password"
    ]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


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
