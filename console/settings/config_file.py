"""Reading the config file into a TOML document, turning every way that can fail into a
problem (never an exception): a missing or unreadable file, something that is not a regular
file (a named pipe, a directory, a device), a file over 1 MiB, bad UTF-8, a TOML syntax error,
nesting or numbers no settings file has (`toml_reading.py`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .config_problems import ConfigProblem
from .file_reading import UnreadableFile, read_small_file

if TYPE_CHECKING:
    import tomllib

# tomllib ends its messages with "(at line N, column M)" or "(at end of document)".
_POSITION: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END: Final = re.compile(r"\s*\(at end of document\)\s*$")
_TOML_EXPECTED: Final = "valid TOML (https://toml.io): key = value lines and [table] headers"
_SANE_SHAPE: Final = "a settings file: tables a few levels deep, numbers of ordinary size"
MAX_CONFIG_BYTES: Final = 1024 * 1024
"""Far above any real config file (a hundred environments take 20 KB); a bigger file is the
wrong file, and reading it whole could exhaust memory."""


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    exists: bool
    text: str = ""
    document: dict[str, Any] = field(default_factory=dict)
    problems: tuple[ConfigProblem, ...] = ()
    """Problems of reading or TOML syntax; the schema's are found later, by `parse_document`."""


def _syntax_problem(path: Path, text: str, error: tomllib.TOMLDecodeError) -> ConfigProblem:
    message = str(error)
    position = _POSITION.search(message)
    if position:
        found = message[: position.start()]
        line, column = int(position.group(1)), int(position.group(2))
        return ConfigProblem(
            path, None, f"a TOML syntax error: {found}", _TOML_EXPECTED, line=line, column=column
        )
    at_end = _AT_END.search(message)
    found = message[: at_end.start()] if at_end else message
    last_line = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    return ConfigProblem(
        path,
        None,
        f"a TOML syntax error at the end: {found}",
        _TOML_EXPECTED,
        line=max(last_line, 1),
    )


def read_config_file(path: Path) -> ConfigFile:
    try:
        raw = read_small_file(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return ConfigFile(path, exists=False)
    except UnreadableFile as error:
        problem = ConfigProblem(
            path, None, f"a file that cannot be used: {error.reason}", "a readable TOML file"
        )
        return ConfigFile(path, exists=True, problems=(problem,))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problem = ConfigProblem(
            path, None, "bytes that are not UTF-8 text", "a UTF-8 text file", line=line
        )
        return ConfigFile(path, exists=True, problems=(problem,))
    # Imported once there is a file to parse: the built-ins alone need no TOML reader.
    import tomllib

    from .toml_reading import TomlRefused, parse_toml

    try:
        document = parse_toml(text)
    except tomllib.TOMLDecodeError as error:
        return ConfigFile(
            path, exists=True, text=text, problems=(_syntax_problem(path, text, error),)
        )
    except TomlRefused as refused:
        problem = ConfigProblem(path, refused.key, refused.found, _SANE_SHAPE, line=refused.line)
        return ConfigFile(path, exists=True, text=text, problems=(problem,))
    return ConfigFile(path, exists=True, text=text, document=document)
