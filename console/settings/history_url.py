"""The shared history's URL as the config file holds it: a postgresql:// URL, never with a
password (console/history/shared_target.py says where the password comes from instead)."""

from __future__ import annotations

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
