"""Which environment this run talks to: `--env`, else `NOWGG_CONSOLE_ENV`, else the default
the config file names (`env use`), else the sandbox.

An empty `--env ""` is refused, never read as "the default": a script's `--env "$TARGET"` with
`TARGET` unset would otherwise act on whatever the default is, perhaps production. The
variable follows the shell's convention instead: `NOWGG_CONSOLE_ENV=` (exactly empty) is how
one unsets it for one command, as with every variable of the console, so it counts as unset;
a value of blanks only is no such convention, and is refused like the empty flag.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from .config_values import NAME_PATTERN
from .environments import Environment
from .printable import printable

if TYPE_CHECKING:
    # Only named: the command line's parser checks `--env` here without loading the config.
    from .config import LoadedSettings

ENV_VARIABLE: Final = "NOWGG_CONSOLE_ENV"
ENV_FLAG: Final = "--env"


class UnknownEnvironment(LookupError):
    """The chosen name is not an environment; the message lists the known ones."""

    def __init__(self, name: str, origin: str, settings: LoadedSettings) -> None:
        self.name = name
        self.origin = origin
        self.known = settings.names
        message = (
            f"unknown environment {printable(name)} (from {origin}); known: {', '.join(self.known)}"
        )
        if settings.ignored:
            # The likeliest reason a name the user added is missing: the file was ignored.
            message += f" — the config file {settings.path} was ignored because of its problems"
        elif not settings.file_exists and NAME_PATTERN.fullmatch(name):
            message += f" — add one with `nowgg-console env add {name} --base-url URL`"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class BlankEnvironment(UnknownEnvironment):
    """`--env ""` or a variable of blanks: no environment named, so none is guessed."""

    def __init__(self, origin: str) -> None:
        self.name = ""
        self.origin = origin
        self.known = ()
        LookupError.__init__(self, f"{origin} is empty: name an environment (see `env list`)")


def environment_name(value: str, origin: str = ENV_FLAG) -> str:
    """The name in `--env` or the variable, blanks around it removed; `BlankEnvironment` when
    nothing is left. The one check of the flag: the CLI's parser and `choose_environment`
    both call it."""
    name = value.strip()
    if not name:
        raise BlankEnvironment(origin)
    return name


def choose_environment(
    settings: LoadedSettings,
    env_flag: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Environment:
    environ = os.environ if environ is None else environ
    from_variable = environ.get(ENV_VARIABLE, "")
    if env_flag is not None:
        name, origin = environment_name(env_flag, ENV_FLAG), ENV_FLAG
    elif from_variable:
        name, origin = environment_name(from_variable, ENV_VARIABLE), ENV_VARIABLE
    else:
        name, origin = settings.default_environment, f"default_environment in {settings.path}"
    environment = settings.find(name)
    if environment is None:
        raise UnknownEnvironment(name, origin, settings)
    return environment
