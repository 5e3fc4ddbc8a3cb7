"""Which environment this run talks to: `--env`, else `NOWGG_CONSOLE_ENV`, else the default
the config file names (`env use`), else the sandbox."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final

from .config import LoadedSettings
from .environments import Environment

ENV_VARIABLE: Final = "NOWGG_CONSOLE_ENV"


class UnknownEnvironment(LookupError):
    """The chosen name is not an environment; the message lists the known ones."""

    def __init__(self, name: str, origin: str, settings: LoadedSettings) -> None:
        self.name = name
        self.origin = origin
        self.known = settings.names
        message = f"unknown environment {name!r} (from {origin}); known: {', '.join(self.known)}"
        if settings.ignored:
            # The likeliest reason a name the user added is missing: the file was ignored.
            message += f" — the config file {settings.path} was ignored because of its problems"
        elif not settings.file_exists:
            message += f" — add one with `nowgg-console env add {name} --base-url URL`"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


def choose_environment(
    settings: LoadedSettings,
    env_flag: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Environment:
    environ = os.environ if environ is None else environ
    from_variable = environ.get(ENV_VARIABLE, "").strip()
    if env_flag and env_flag.strip():
        name, origin = env_flag.strip(), "--env"
    elif from_variable:
        name, origin = from_variable, ENV_VARIABLE
    else:
        name, origin = settings.default_environment, f"default_environment in {settings.path}"
    environment = settings.find(name)
    if environment is None:
        raise UnknownEnvironment(name, origin, settings)
    return environment
