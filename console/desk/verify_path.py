"""The verify path's two spellings (API.md, "Path spelling"): `v2/seller/…` in the vendor's
headings, `v2/sellers/…` in every newer code sample.

The client keeps `seller`. When a verify — safe to repeat — is answered code 150 ("interface
not exist", the gateway's word for a path it does not route), the other spelling is tried
once; if that one reaches the endpoint (any answer but 150), it is what this environment uses
from then on: remembered by the desk's connection, and written to the config file as the
environment's `verify_path` (atomically, as every config write; a file with problems is left
alone and the note says so). A consume is never retried this way, nor in any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from console.payments import (
    CODE_INTERFACE_NOT_EXIST,
    VERIFY_PATHS,
    ApiError,
    PaymentsClient,
    PaymentsError,
    PreparedRequest,
    PurchaseQuery,
    VerifyResult,
)
from console.settings.environments import ADHOC

from .connection import Connection


@dataclass(frozen=True)
class SpellingTried:
    """The other spelling's try: its request, and its result or error."""

    request: PreparedRequest
    result: VerifyResult | None
    """Set when it succeeded."""
    error: PaymentsError | None
    note: str


def answered_150(error: PaymentsError) -> bool:
    return isinstance(error, ApiError) and error.code == CODE_INTERFACE_NOT_EXIST


async def try_other_spelling(
    connection: Connection,
    client: PaymentsClient,
    query: PurchaseQuery,
    config_path: Path | None,
) -> SpellingTried:
    """Verify on the other spelling, once; remember it when it reaches the endpoint."""
    first, other = connection.verify_spelling, connection.other_spelling
    request = client.prepare_verify(query, path=VERIFY_PATHS[other])
    result: VerifyResult | None = None
    error: PaymentsError | None = None
    try:
        result = await client.send_verify(request)
    except PaymentsError as failed:
        error = failed
    tried = f"{VERIFY_PATHS[first]} answered code 150 (interface not exist); {VERIFY_PATHS[other]}"
    if error is not None and answered_150(error):
        note = (
            f"{tried} answered 150 too: neither spelling of the verify path is routed here, "
            "so the base URL probably points at the wrong host or prefix"
        )
        return SpellingTried(request, None, error, note)
    if error is not None and not isinstance(error, ApiError):
        note = f"{tried} was tried once and failed ({error.reason}); nothing was remembered"
        return SpellingTried(request, None, error, note)
    connection.use_spelling(other)
    saved = await _remember(connection, other, config_path)
    note = f"{tried} answered, so this environment uses {other!r} from now on ({saved})"
    return SpellingTried(request, result, error, note)


async def _remember(connection: Connection, spelling: str, config_path: Path | None) -> str:
    """Write `verify_path = spelling` for the environment; where it was remembered, in words."""
    environment = connection.environment
    if environment.name == ADHOC or config_path is None:
        return "for this run: a --base-url has no config entry to keep it in"
    from console.settings.config_edit import EnvironmentFields, edit_environment
    from console.settings.config_problems import ConfigError

    try:
        await connection.off_loop.call(
            edit_environment,
            config_path,
            environment.name,
            EnvironmentFields(verify_path=spelling),
        )
    except ConfigError as problem:
        first_line = str(problem).splitlines()[0]
        return f"for this run only; not saved to the config file: {first_line}"
    return f'saved as verify_path = "{spelling}" for {environment.name} in {config_path}'
