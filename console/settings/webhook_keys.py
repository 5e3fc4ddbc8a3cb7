"""The webhook key of an environment: the key now.gg puts in `Authorization` when it calls the
studio's own endpoint ([public] docs). A key of its own — never the payments API key, which is
never looked at here — so one kind can never be sent where the other belongs.

Found in `NOWGG_CONSOLE_WEBHOOK_KEY_<ENV>` first, then in the OS keyring (service
`nowgg-console`, user `webhook:<env>`: a colon no environment name can hold, so a webhook key
and an API key never share an entry). `nowgg-console webhook key ENV` stores one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from console.payments import ApiKey

from .keys import KeyUnavailable

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

VARIABLE_PREFIX: Final = "NOWGG_CONSOLE_WEBHOOK_KEY"


def webhook_key_variable(environment: str) -> str:
    return f"{VARIABLE_PREFIX}_{environment.upper().replace('-', '_')}"


def keyring_user(environment: str) -> str:
    return f"webhook:{environment}"


def resolve_webhook_key(
    environment: str,
    environ: Mapping[str, str] | None = None,
    backend: KeyringBackend | None = None,
) -> ApiKey:
    """The webhook key, or `KeyUnavailable` saying how to give one."""
    variable = webhook_key_variable(environment)
    value = (os.environ if environ is None else environ).get(variable, "")
    ways = (
        f"store it in the OS keyring: nowgg-console webhook key {environment}",
        f"or for this shell only: read -rs {variable} && export {variable}",
    )
    if value.strip():
        try:
            return ApiKey(value)
        except ValueError as error:
            raise KeyUnavailable(
                environment, f"the webhook key in {variable} is unusable: {error}", ways
            ) from None
    # Loaded here: a key from a variable needs no keyring.
    from .keyring_backends import trusted_backend
    from .keyring_errors import KEYRING_ERRORS, KeyringUnavailable, explain
    from .keyring_store import SERVICE

    unusable = f"no webhook key for {environment!r}: {variable} is not set, and the OS keyring"
    try:
        stored = trusted_backend(backend, environment).get_password(
            SERVICE, keyring_user(environment)
        )
    except KeyringUnavailable as problem:
        raise KeyUnavailable(
            environment, f"{unusable} is unusable: {problem.reason}", ways
        ) from None
    except KEYRING_ERRORS as error:
        raise KeyUnavailable(
            environment, f"{unusable} is unusable: {explain(error)}", ways
        ) from None
    if not stored:
        raise KeyUnavailable(
            environment,
            f"no webhook key for {environment!r}: none in the OS keyring, and {variable} is "
            "not set",
            ways,
        )
    try:
        return ApiKey(stored)
    except ValueError as error:
        raise KeyUnavailable(
            environment, f"the webhook key in the OS keyring is unusable: {error}", ways
        ) from None


def store_webhook_key(environment: str, key: ApiKey) -> str:
    """Store (or replace) it; returns the keyring backend in words. Raises
    `KeyringUnavailable`."""
    from .keyring_backends import describe, trusted_backend
    from .keyring_errors import KEYRING_ERRORS, KeyringUnavailable, unavailable, ways_out
    from .keyring_store import SERVICE

    chosen = trusted_backend(None, environment)
    user = keyring_user(environment)
    try:
        chosen.set_password(SERVICE, user, key.reveal())
        stored = chosen.get_password(SERVICE, user)
    except KEYRING_ERRORS as error:
        raise unavailable(error, environment, describe(chosen)) from None
    if stored != key.reveal():
        raise KeyringUnavailable(
            f"{describe(chosen)} accepted the webhook key but does not give it back",
            ways_out(environment),
            describe(chosen),
        )
    return describe(chosen)
