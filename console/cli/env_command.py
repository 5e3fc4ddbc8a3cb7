"""`nowgg-console env list|show|add|edit|remove|use`: the environments and the default one."""

from __future__ import annotations

import argparse

from console.settings.config import LoadedSettings, load_settings
from console.settings.config_edit import (
    EnvironmentFields,
    WriteResult,
    add_environment,
    edit_environment,
    remove_environment,
    set_default_environment,
)
from console.settings.config_problems import ConfigError, ConfigRefused, ConfigRejected
from console.settings.environments import Environment
from console.settings.keyring_errors import KeyringUnavailable
from console.settings.keyring_store import delete_key
from console.settings.paths import config_path

from .common import insecure_http_warning
from .exit_codes import ExitCode
from .output import Output
from .targets import UsageError


def _fields(args: argparse.Namespace) -> EnvironmentFields:
    return EnvironmentFields(
        base_url=args.base_url,
        label=args.label,
        colour=args.colour,
        production=args.production,
        read_only=args.read_only,
        timeout=args.timeout,
        default_store=args.default_store,
        verify_path=args.verify_path,
        allow_insecure_http=args.allow_insecure_http,
    )


def environment_json(environment: Environment, default: str) -> dict[str, object]:
    return {
        "name": environment.name,
        "label": environment.label,
        "baseUrl": environment.base_url,
        "host": environment.host,
        "colour": environment.colour,
        "production": environment.production,
        "readOnly": environment.read_only,
        "timeout": environment.timeout_s,
        "defaultStore": environment.default_store.value,
        "verifyPath": environment.verify_path,
        "allowInsecureHttp": environment.allow_insecure_http,
        "sendsKeyInClear": environment.sends_key_in_clear,
        "builtin": environment.builtin,
        "default": environment.name == default,
    }


def _loaded(output: Output) -> LoadedSettings:
    settings = load_settings()
    message = settings.ignored_message()
    if message:
        output.note(f"nowgg-console: {message}")
    return settings


def _flags(environment: Environment) -> str:
    flags = []
    if environment.production:
        flags.append("PRODUCTION")
    if environment.read_only:
        flags.append("read-only")
    if environment.builtin:
        flags.append("built-in")
    if environment.sends_key_in_clear:
        flags.append("INSECURE http://")
    return ", ".join(flags)


async def run_list(args: argparse.Namespace, output: Output) -> int:
    settings = _loaded(output)
    default = settings.default_environment
    if args.json:
        output.json(
            {
                "config": str(settings.path),
                "ignored": settings.ignored,
                "default": default,
                "environments": [environment_json(env, default) for env in settings.environments],
            }
        )
        return ExitCode.OK
    width = max(len(env.name) for env in settings.environments)
    lines = []
    for env in settings.environments:
        marker = "*" if env.name == default else " "
        name = env.name.ljust(width)
        if env.production:
            name = output.style.paint(name, "bad")
        lines.append(f"{marker} {name}  {env.host:<36} {_flags(env)}")
    lines += [
        "",
        output.style.paint(f"* the default (`env use NAME`); config file: {settings.path}", "dim"),
    ]
    output.lines(lines)
    return ExitCode.OK


async def run_show(args: argparse.Namespace, output: Output) -> int:
    settings = _loaded(output)
    environment = settings.find(args.name)
    if environment is None:
        raise UsageError(f"no environment {args.name!r}; see `nowgg-console env list`")
    body = environment_json(environment, settings.default_environment)
    if args.json:
        output.json(body)
        return ExitCode.OK
    labels = {
        "name": "Name",
        "label": "Label",
        "baseUrl": "Base URL",
        "colour": "Colour",
        "production": "Production",
        "readOnly": "Read-only",
        "timeout": "Reply timeout (s)",
        "defaultStore": "Default store",
        "verifyPath": "Verify path",
        "allowInsecureHttp": "Insecure http ok",
        "builtin": "Built in",
        "default": "The default",
    }
    lines = [f"{labels[key]:<18} {_shown(body[key])}" for key in labels]
    if environment.embedded_sandbox:
        lines[2] = f"{'Base URL':<18} embedded sandbox on a free loopback port"
    lines.append(f"{'API key':<18} see `nowgg-console key status`")
    output.lines(lines)
    return ExitCode.OK


def _shown(value: object) -> str:
    if value is None:
        return "(default)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _report(result: WriteResult, message: str, output: Output) -> int:
    output.lines([message])
    if result.backup is not None:
        output.note(
            f"nowgg-console: the file had comments, which rewriting drops; they were kept in "
            f"{result.backup}"
        )
    return ExitCode.OK


def _config_failure(error: ConfigError, output: Output) -> int:
    output.note(f"nowgg-console: {error}")
    # A change that is wrong in itself is a usage error; a file that cannot take any change
    # (broken by hand, or a disk that refuses) is a local problem to fix first.
    if isinstance(error, ConfigRejected | ConfigRefused):
        return ExitCode.USAGE
    return ExitCode.UNAVAILABLE


async def run_add(args: argparse.Namespace, output: Output) -> int:
    try:
        result = add_environment(config_path(), args.name, _fields(args))
    except ConfigError as error:
        return _config_failure(error, output)
    _warn_if_in_clear(args.name, output)
    return _report(
        result,
        f"Added environment {args.name!r}. Give it a key with `nowgg-console key set {args.name}`.",
        output,
    )


async def run_edit(args: argparse.Namespace, output: Output) -> int:
    fields = _fields(args)
    if not fields.given() and not args.clear:
        raise UsageError("nothing to change: give at least one option (see `env edit --help`)")
    try:
        result = edit_environment(config_path(), args.name, fields, clear=tuple(args.clear))
    except ConfigError as error:
        return _config_failure(error, output)
    _warn_if_in_clear(args.name, output)
    return _report(result, f"Changed environment {args.name!r}.", output)


def _warn_if_in_clear(name: str, output: Output) -> None:
    """A plain http:// base URL to another machine is accepted (production only with
    `--allow-insecure-http`: the file's rule), and always said."""
    environment = load_settings().find(name)
    if environment is not None and environment.sends_key_in_clear:
        output.note(insecure_http_warning(environment))


async def run_remove(args: argparse.Namespace, output: Output) -> int:
    try:
        result = remove_environment(config_path(), args.name)
    except ConfigError as error:
        return _config_failure(error, output)
    message = f"Removed environment {args.name!r}."
    if result.default_reset:
        message += " It was the default; the default is the sandbox again."
    try:
        # A stale key would otherwise serve a later environment of the same name.
        if delete_key(args.name):
            message += " Its key was deleted from the keyring."
    except KeyringUnavailable as error:
        output.note(
            f"nowgg-console: could not check the keyring for its key: {error.reason}; run "
            f"`nowgg-console key delete {args.name}` once the keyring works"
        )
    return _report(result, message, output)


async def run_use(args: argparse.Namespace, output: Output) -> int:
    try:
        result = set_default_environment(config_path(), args.name)
    except ConfigError as error:
        return _config_failure(error, output)
    return _report(result, f"The default environment is now {args.name!r}.", output)
