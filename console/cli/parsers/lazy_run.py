"""Commands loaded only when they run.

- `LazyRun` names a command's implementation rather than importing it: only the command that
  runs loads what it needs (the desk, httpx, the history...).
- `SubCommands` registers each command by name and help line, and adds its arguments only
  when it is the command on the command line: building every command's arguments costs
  more than Python takes to start, and `explain` needs only its own.

`nowgg-console explain` and `--help` so start about as fast as Python and argparse do.
"""

from __future__ import annotations

import argparse
import importlib

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from collections.abc import Coroutine, Sequence
    from typing import Any, Protocol

    from console.cli.one_shot import OneShot
    from console.cli.output import Output

    # argparse's sub-command action; its parser class is ours, which the stubs cannot express.
    _SubParsersAction = argparse._SubParsersAction[Any]

    class Command(Protocol):
        """A command's implementation: an exit code, or a coroutine for one (run by
        `asyncio.run`, which a command that needs no I/O does not import), or a one-shot
        coroutine for one (run without an event loop: one_shot.py)."""

        def __call__(
            self, args: argparse.Namespace, output: Output
        ) -> int | Coroutine[Any, Any, int] | OneShot: ...

else:
    _SubParsersAction = argparse._SubParsersAction


class LazyRun:
    """`console.cli.<module>.<function>`, imported when the command runs."""

    __slots__ = ("function", "module")

    def __init__(self, module: str, function: str) -> None:
        self.module = module
        self.function = function

    def load(self) -> Command:
        loaded = importlib.import_module(f"console.cli.{self.module}")
        command: Command = getattr(loaded, self.function)
        return command

    def __repr__(self) -> str:
        return f"LazyRun({self.module!r}, {self.function!r})"


class CommandLine:
    """A command as `--help` lists it; its arguments come from `parsers/<name>.py`."""

    __slots__ = ("description", "help", "name")

    def __init__(self, name: str, *, help: str, description: str) -> None:
        self.name = name
        self.help = help
        self.description = description


class SubCommands(_SubParsersAction):
    """argparse's sub-commands, each one's parser built when it is chosen: argparse calls this
    action with the command's name before it parses the rest with that command's parser, and
    only then is the parser made and `console.cli.parsers.<name>` imported to add its
    arguments. `nowgg-console --help` lists the commands from their help lines alone, and an
    unknown name is refused from the names alone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._commands: dict[str, CommandLine] = {}
        # What argparse checks a name against, and lists when it is none of them.
        self.choices = self._commands

    def add_command(self, command: CommandLine) -> None:
        """What `add_parser` does for `--help`, without making the parser yet."""
        self._commands[command.name] = command
        self._choices_actions.append(self._ChoicesPseudoAction(command.name, (), command.help))

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if isinstance(values, list) and values:  # argparse hands the rest over as a list
            command = self._commands.get(str(values[0]))
            if command is not None and command.name not in self._name_parser_map:
                chosen = self.add_parser(command.name, description=command.description)
                arguments = importlib.import_module(f"{__package__}.{command.name}")
                arguments.add_arguments(chosen)
        super().__call__(parser, namespace, values, option_string)
