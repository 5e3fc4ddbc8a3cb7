"""Keys as Textual names them, so that a key in `[keybindings]` is one a key press can match.

Textual turns what the terminal sends into a key name (textual/_xterm_parser.py): a named key
from `textual.keys.Keys` (`f6`, `escape`, `pageup`…) or a character's name (`j`, `J`,
`slash`, `question_mark`: `_character_to_key`), with modifiers `alt ctrl hyper meta shift
super` joined by `+` in alphabetical order (`ctrl+shift+up`). A binding fires only when its
key is exactly such a name, and Textual takes any string as a binding's key: `"not a key!!"`
or `"shift+ctrl+up"` would be accepted and never fire. So every key from the config file is
read here: normalised to Textual's spelling (modifiers sorted, `/` → `slash`, `F6` → `f6`) or
refused with the reason.
"""

from __future__ import annotations

import re
from typing import Final

# The function Textual applies to every one-character key of a binding or keymap
# (binding.py, app.py): imported rather than copied, so both read a character the same way.
from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character

MODIFIERS: Final = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""In the order Textual writes them (it sorts them)."""

# Names in `Keys` that no key press produces: the press of Return is `enter`, ctrl+space
# `ctrl+at`; "<…>" entries are Textual's internal markers.
_NEVER_PRESSED: Final = frozenset({"return", "ctrl-at", "@"})
NAMED_KEYS: Final = frozenset(
    name
    for name in (key.value.split("+")[-1] for key in Keys)
    if not name.startswith("<") and len(name) > 1 and name not in _NEVER_PRESSED
)
"""escape, enter, tab, space, backspace, delete, insert, home, end, pageup, pagedown, the
arrows, f1–f24 and the characters Textual names in `Keys`."""

NAVIGATION_KEYS: Final = frozenset(
    {
        "escape",
        "enter",
        "tab",
        "shift+tab",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
        "backspace",
        "delete",
        "space",
    }
)
"""Keys the focused field, list, menu or button uses to work (a menu's Escape, a list's
arrows, a button's Enter): a binding on one of them lets that widget have it first."""


_FUNCTION_KEY: Final = re.compile(r"f[0-9]{1,2}")


class KeyRefused(ValueError):
    """Not a key Textual can report; the message says why, in a few words."""


def character_of(key: str) -> str | None:
    """The character a key types (`slash` → `/`, `J` → `J`), or None: a named key, or one
    with a modifier other than shift."""
    *modifiers, name = key.split("+")
    if any(modifier != "shift" for modifier in modifiers):
        return None
    if len(name) == 1:
        return name
    # Textual's own lookup misses the names it renamed (`slash` is SOLIDUS to unicodedata).
    return key_to_character(name) or key_to_character(REPLACED_KEYS.get(name, name))


def is_typing_key(key: str) -> bool:
    """A key that types a character in a text field (the field takes it first)."""
    character = character_of(key)
    return character is not None and character.isprintable()


def _name(token: str) -> str:
    if len(token) == 1:
        if not token.isprintable() or token.isspace():
            raise KeyRefused("a space or an invisible character is no key name")
        return _character_to_key(token)
    name = token.lower()
    if name in NAMED_KEYS:
        return name
    if key_to_character(name) is not None or key_to_character(REPLACED_KEYS.get(name, name)):
        return name  # a character's name: comma, question_mark, full_stop…
    if name in MODIFIERS:
        raise KeyRefused(f"{name} is a modifier: it needs a key after it, e.g. {name}+e")
    raise KeyRefused(f"{token!r} is not a key name")


def normalise_key(text: str) -> str:
    """One key as Textual names it, from how a person writes it: `F6` → `f6`,
    `shift+ctrl+Up` → `ctrl+shift+up`, `/` → `slash`, `shift+j` → `J`. Raises `KeyRefused`."""
    token = text.strip()
    if not token:
        raise KeyRefused("it is empty")
    # `+` joins modifiers and the key, and is a key itself: `+`, `ctrl++`.
    if token == "+":
        modifier_tokens, last = [], "+"
    elif token.endswith("++"):
        modifier_tokens, last = token[:-2].split("+"), "+"
    else:
        *modifier_tokens, last = token.split("+")
    if not last.strip():
        raise KeyRefused("nothing follows the last +")
    modifiers: list[str] = []
    for modifier in (part.strip().lower() for part in modifier_tokens):
        if modifier not in MODIFIERS:
            raise KeyRefused(f"{modifier!r} is not a modifier ({', '.join(MODIFIERS)})")
        if modifier in modifiers:
            raise KeyRefused(f"{modifier} is written twice")
        modifiers.append(modifier)
    name = _name(last.strip())
    if modifiers == ["shift"] and len(name) == 1 and name.isalpha() and name.islower():
        return name.upper()  # what Textual reports for shift and a letter
    if modifiers and len(name) == 1:
        name = name.lower()
    return "+".join([*sorted(modifiers), name])


def normalise_keys(text: str) -> tuple[str, ...]:
    """`"n, down"` → `("n", "down")`: comma-separated keys, each normalised, repeats dropped.
    Raises `KeyRefused` naming the first key that is not one."""
    keys: list[str] = []
    for part in text.split(","):
        try:
            key = normalise_key(part)
        except KeyRefused as refused:
            raise KeyRefused(f"{part.strip()!r}: {refused}") from None
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def shown_key(key: str) -> str:
    """A key as a person reads and writes it: `slash` → `/`, `ctrl+question_mark` → `ctrl+?`,
    `f1` → `F1` (each of those is accepted back in the config file); others as they are."""
    *modifiers, name = key.split("+")
    character = character_of(name) if len(name) > 1 else None
    if character is not None and character.isprintable() and character not in " ,+":
        name = character
    elif _FUNCTION_KEY.fullmatch(name):
        name = name.upper()
    return "+".join([*modifiers, name])


def shown_keys(keys: tuple[str, ...]) -> str:
    return ", ".join(shown_key(key) for key in keys)
