"""What can be wrong with the config file, said so that a person can fix it in one go.

Every problem names the file, where in it (a line for a TOML syntax error, a key path such as
`environments.staging.timeout` otherwise), what was found and what is expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ConfigProblem:
    path: Path
    key: str | None
    """The dotted key path, e.g. `environments.staging.timeout`; None for a file-wide problem."""
    found: str
    expected: str
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        if self.line is not None:
            column = f", column {self.column}" if self.column is not None else ""
            key = f" ({self.key})" if self.key is not None else ""
            return f"line {self.line}{column}{key}"
        if self.key is not None:
            return self.key
        return "the file"

    @property
    def message(self) -> str:
        """What is wrong, without where: `found …; expected …` (for a notice that shows the
        file and the line in columns of their own)."""
        return f"found {self.found}; expected {self.expected}"

    def __str__(self) -> str:
        return f"{self.path}: {self.where}: {self.message}"


def describe_problems(problems: Sequence[ConfigProblem]) -> str:
    """All problems, one a line, for an error message."""
    return "\n".join(f"  - {problem}" for problem in problems)


class ConfigError(Exception):
    """A change to the config file that was refused; nothing was written."""


class ConfigFileBroken(ConfigError):
    """The file already has problems: writing would overwrite what the user wrote, so the
    change is refused until the file is fixed by hand."""

    def __init__(self, path: Path, problems: Sequence[ConfigProblem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(
            f"{path} has problems, so it was not changed (nothing you wrote is overwritten); "
            f"fix it first:\n{describe_problems(self.problems)}"
        )


class ConfigRejected(ConfigError):
    """The change itself would make the file invalid (a bad URL, an unknown store…)."""

    def __init__(self, path: Path, problems: Sequence[ConfigProblem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        details = "; ".join(f"{p.where}: found {p.found}, expected {p.expected}" for p in problems)
        super().__init__(f"{path} was not changed: {details}")


class ConfigRefused(ConfigError):
    """A change that makes no sense: removing a built-in, editing an unknown environment…"""
