"""psycopg's errors as `HistoryUnavailable`: one line that names the shared history (never its
password) and what a person can do about it."""

from __future__ import annotations

from typing import Final

import psycopg
from psycopg import errors as pg_errors

from console.history.errors import HistoryUnavailable, SharedHistoryUnreachable
from console.history.shared_target import KEYRING_NAME, URL_VARIABLE

_PASSWORD_WAYS: Final = (
    f"store it with `nowgg-console key set {KEYRING_NAME}` (the OS keyring), in ~/.pgpass, "
    "or in PGPASSWORD — never in the config file"
)
_AUTH_WORDS: Final = (
    "password authentication failed",
    "no password supplied",
    "authentication failed",
    "password is required",
)


def detail_of(error: BaseException) -> str:
    """The driver's message on one line (libpq's never holds the password)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " ".join(lines)[:300] or type(error).__name__


def asks_password(error: BaseException) -> bool:
    """The server wants a password and was given none, or a wrong one."""
    lowered = detail_of(error).lower()
    return isinstance(error, pg_errors.InvalidPassword) or any(w in lowered for w in _AUTH_WORDS)


def is_connection_problem(error: BaseException) -> bool:
    """The server could not be reached, or the connection to it broke: the history itself is
    fine and answers again when the server does."""
    return isinstance(error, psycopg.OperationalError) and not isinstance(
        error, pg_errors.LockNotAvailable | pg_errors.QueryCanceled
    )


def is_retryable(error: BaseException) -> bool:
    return isinstance(error, pg_errors.SerializationFailure | pg_errors.DeadlockDetected)


def unavailable(error: BaseException, location: str) -> HistoryUnavailable:
    detail = detail_of(error)
    lowered = detail.lower()
    where = f"the shared history at {location}"
    if asks_password(error):
        return SharedHistoryUnreachable(
            f"{where} refused the password ({detail})",
            f"give the console the right password: {_PASSWORD_WAYS}",
        )
    if isinstance(error, pg_errors.InvalidCatalogName) or (
        "does not exist" in lowered and ("database" in lowered)
    ):
        return HistoryUnavailable(
            f"{where} names a database the server does not have ({detail})",
            "create it (createdb, or CREATE DATABASE), then run `nowgg-console history migrate`;"
            f" or fix the URL in [history] url / {URL_VARIABLE}",
        )
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return HistoryUnavailable(
            f"{where} refused this user the history table ({detail})",
            "ask the server's owner to GRANT SELECT, INSERT, UPDATE, DELETE on history (and "
            "USAGE on its sequence) to your user",
        )
    if isinstance(error, pg_errors.LockNotAvailable | pg_errors.QueryCanceled):
        return HistoryUnavailable(
            f"{where} kept a lock held by another console for too long",
            "try again in a moment; `SELECT * FROM pg_stat_activity` on the server shows who "
            "holds it",
            busy=True,
        )
    if is_connection_problem(error):
        return SharedHistoryUnreachable(
            f"cannot reach {where} ({detail})",
            f"check that the server is running and reachable (pg_isready -d '{location}'), "
            f"and the URL in [history] url or {URL_VARIABLE}",
        )
    return HistoryUnavailable(
        f"{where} cannot be used ({detail})",
        "check the server's log; `nowgg-console history migrate` brings its schema up to date",
    )
