"""`nowgg-console key set|delete|status`: API keys in the OS keyring, shown masked only."""

from __future__ import annotations

import argparse
import getpass
import sys

from console.payments import ApiKey
from console.settings.config import load_settings
from console.settings.key_status import KeyStatus, key_status
from console.settings.keyring_errors import KeyringUnavailable
from console.settings.keyring_store import (
    HISTORY_PASSWORD,
    delete_key,
    keyring_status,
    store_history_password,
    store_key,
)

from .exit_codes import ExitCode
from .output import Output
from .targets import UsageError


def _existing_environment(name: str) -> None:
    settings = load_settings()
    environment = settings.find(name)
    if environment is None:
        raise UsageError(f"no environment {name!r}; known: {', '.join(settings.names)}")
    if environment.embedded_sandbox:
        raise UsageError("the built-in sandbox needs no key: it brings its own")


def _read_key(env: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"API key for {env} (input hidden): ")
    # Scripts pipe the key in; only the first line counts, so a trailing newline is fine.
    return sys.stdin.readline()


async def _set_history_password(output: Output) -> int:
    """`key set history`: the shared history's database password, never shown or echoed."""
    if sys.stdin.isatty():
        password = getpass.getpass("Password of the shared history's database (input hidden): ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        backend = store_history_password(password)
    except ValueError as error:
        raise UsageError(f"that is not a usable password: {error}") from None
    except KeyringUnavailable as error:
        return _keyring_failure(error, output)
    output.lines([f"Stored the shared history's password in {backend}."])
    return ExitCode.OK


async def run_set(args: argparse.Namespace, output: Output) -> int:
    if args.env == HISTORY_PASSWORD:
        return await _set_history_password(output)
    _existing_environment(args.env)
    try:
        key = ApiKey(_read_key(args.env))
    except ValueError as error:
        raise UsageError(f"that is not a usable key: {error}") from None
    except EOFError:
        raise UsageError("no key was given") from None
    try:
        backend = store_key(args.env, key)
    except KeyringUnavailable as error:
        return _keyring_failure(error, output)
    output.lines([f"Stored the key for {args.env!r} ({key.masked}) in {backend}."])
    return ExitCode.OK


async def run_delete(args: argparse.Namespace, output: Output) -> int:
    try:
        deleted = delete_key(args.env)
    except KeyringUnavailable as error:
        return _keyring_failure(error, output)
    if deleted and args.env == HISTORY_PASSWORD:
        output.lines(["Deleted the shared history's password from the keyring."])
    elif deleted:
        output.lines([f"Deleted the key for {args.env!r} from the keyring."])
    else:
        output.lines([f"The keyring held no key for {args.env!r}; nothing to delete."])
    return ExitCode.OK


def _keyring_failure(error: KeyringUnavailable, output: Output) -> int:
    lines = [f"nowgg-console: {error.reason}", "Ways out:"]
    lines += [f"  - {way}" for way in error.ways_out]
    output.note("\n".join(lines))
    return ExitCode.UNAVAILABLE


def _status_json(status: KeyStatus) -> dict[str, object]:
    return {
        "environment": status.environment,
        "present": status.present,
        "masked": status.masked,
        "source": status.source.value,
        "where": status.where,
        "variable": status.variable,
        "problem": status.problem,
    }


async def run_status(args: argparse.Namespace, output: Output) -> int:
    settings = load_settings()
    statuses = key_status(settings.environments)
    keyring = keyring_status()
    if args.json:
        output.json(
            {
                "keyring": {
                    "usable": keyring.usable,
                    "backend": keyring.backend,
                    "reason": keyring.reason,
                    "waysOut": list(keyring.ways_out),
                },
                "environments": [_status_json(status) for status in statuses],
            }
        )
        return ExitCode.OK
    width = max(len(status.environment) for status in statuses)
    lines = []
    for status in statuses:
        shown = status.masked or "—"
        line = f"  {status.environment.ljust(width)}  {shown:<9} {status.where}"
        if status.problem:
            line += output.style.paint(f"  ({status.problem})", "warn")
        lines.append(line)
    if keyring.usable:
        lines += ["", f"Keyring: {keyring.backend}"]
    else:
        lines += ["", output.style.paint(f"Keyring unusable: {keyring.reason}", "warn")]
        lines += [f"  - {way}" for way in keyring.ways_out]
    output.lines(lines)
    return ExitCode.OK
