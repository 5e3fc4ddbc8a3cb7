"""Themes as TOML files: the shipped ones (top-level `themes/`, inside the wheel as
`console/themes/`) and the user's own (`settings.paths.themes_dir()`).

A theme file holds the fields of `textual.theme.Theme`::

    name = "my-theme"          # optional: defaults to the file name without .toml
    dark = true
    primary = "#4C9AFF"        # required; every other colour is optional
    background = "#111318"
    [variables]                # optional Textual design variables
    "footer-key-foreground" = "#FFB454"

A file that does not parse, or holds an unknown key or a colour Textual cannot read, is
skipped with a notice naming the file: a typo in one user theme must not stop the console. So
is anything at a `*.toml` path that is not a small regular file (a named pipe, a directory, a
device, a file over 256 KiB), and nesting or numbers no theme has.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from textual.color import Color, ColorParseError
from textual.theme import Theme

import console
from console.settings.file_reading import UnreadableFile, read_small_file
from console.settings.printable import printable
from console.settings.toml_reading import TomlRefused, parse_toml

DEFAULT_THEME: Final = "nowgg-dark"
MAX_THEME_BYTES: Final = 256 * 1024
"""A theme is a few hundred bytes; a bigger file is the wrong file."""
MAX_THEME_NAME_CHARS: Final = 64
SHIPPED_THEMES: Final = ("nowgg-dark", "nowgg-light", "nowgg-high-contrast")

_COLOUR_FIELDS: Final = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_NUMBER_FIELDS: Final = ("luminosity_spread", "text_alpha")
_KNOWN_KEYS: Final = ("name", "dark", "variables", *_COLOUR_FIELDS, *_NUMBER_FIELDS)


class ThemeFileError(ValueError):
    """What is wrong with a theme file, in one line."""


@dataclass(frozen=True)
class LoadedThemes:
    themes: tuple[Theme, ...]
    """In loading order: shipped first, then the user's (a user theme of the same name wins)."""
    notices: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(theme.name for theme in self.themes)


def shipped_themes_dir() -> Path:
    """Inside an installed wheel, `console/themes`; in a source tree or an editable install,
    the repository's top-level `themes/`."""
    package = Path(console.__file__).resolve().parent
    installed = package / "themes"
    if installed.is_dir():
        return installed
    return package.parent / "themes"


def _colour(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f'{key} must be a colour string such as "#4C9AFF"')
    try:
        Color.parse(value)
    except ColorParseError:
        shown = printable(value)
        raise ThemeFileError(f"{key} = {shown} is not a colour Textual can read") from None
    return value


def _number(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ThemeFileError(f"{key} must be a number between 0 and 1")
    return float(value)


def _variables(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and isinstance(setting, str) for name, setting in value.items()
    ):
        raise ThemeFileError('[variables] must map names to strings, e.g. "border" = "#FFFFFF"')
    return dict(value)


def _shown_key(key: str) -> str:
    return key if key.isprintable() and len(key) <= MAX_THEME_NAME_CHARS else printable(key)


def _shown_path(path: Path) -> str:
    """A theme's path for a notice: file names come from wherever the theme was found, and
    one may hold an escape sequence."""
    text = str(path)
    return text if text.isprintable() else printable(text, len(text))


def theme_from_document(document: Mapping[str, Any], default_name: str) -> Theme:
    """A `Theme` from a parsed TOML document; raises `ThemeFileError`."""
    unknown = sorted(set(document) - set(_KNOWN_KEYS))
    if unknown:
        raise ThemeFileError(
            f"unknown key{'s' * (len(unknown) > 1)} {', '.join(map(_shown_key, unknown))}; "
            f"known: {', '.join(_KNOWN_KEYS)}"
        )
    name = document.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError("name must be a non-empty string")
    if not name.isprintable() or len(name.strip()) > MAX_THEME_NAME_CHARS:
        # The name is shown in the palette and written to the config file's [ui] theme.
        raise ThemeFileError(
            f"name {printable(name)} must be printable and at most {MAX_THEME_NAME_CHARS} "
            "characters"
        )
    if "primary" not in document:
        raise ThemeFileError('primary is required, e.g. primary = "#4C9AFF"')
    dark = document.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError("dark must be true or false")
    theme = Theme(
        name=name.strip(),
        primary=_colour("primary", document["primary"]),
        dark=dark,
        variables=_variables(document.get("variables", {})),
    )
    # Set one by one: Theme is a plain dataclass, and its defaults stay where a file is silent.
    for key in _COLOUR_FIELDS:
        if key in document:
            setattr(theme, key, _colour(key, document[key]))
    for key in _NUMBER_FIELDS:
        if key in document:
            setattr(theme, key, _number(key, document[key]))
    return theme


def read_theme_file(path: Path) -> Theme:
    """Read one theme file; raises `ThemeFileError` with the reason. The rules of the config
    file apply (`settings/file_reading.py`, `settings/toml_reading.py`): a named pipe, a
    directory or a device is refused without being read, as is a file over 256 KiB, nesting
    deeper than 16 levels or a number of thousands of digits."""
    try:
        raw = read_small_file(path, MAX_THEME_BYTES)
    except FileNotFoundError:
        raise ThemeFileError("is gone (removed while the console started)") from None
    except UnreadableFile as error:
        raise ThemeFileError(f"cannot be used: {error.reason}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ThemeFileError(f"is not UTF-8 text (line {line})") from None
    try:
        document = parse_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"is not valid TOML ({error})") from None
    except TomlRefused as refused:
        where = f"line {refused.line}" if refused.line else refused.key or "the file"
        raise ThemeFileError(f"holds {refused.found} ({where})") from None
    return theme_from_document(document, path.stem)


def load_themes(directories: Iterable[Path]) -> LoadedThemes:
    """Every `*.toml` of each directory, in name order; a missing directory is no problem
    (the user's exists only once they add a theme)."""
    found: dict[str, Theme] = {}
    notices: list[str] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = read_theme_file(path)
            except ThemeFileError as error:
                notices.append(f"theme file {_shown_path(path)} skipped: {error}")
                continue
            found[theme.name] = theme
    return LoadedThemes(tuple(found.values()), tuple(notices))
