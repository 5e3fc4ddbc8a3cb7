"""The keymap in force: every binding id's key(s), from the defaults (scopes.py) and the config
file's `[keybindings]` table.

A remap that cannot work is refused with a notice naming the config file and the line, and the
binding keeps its default key: an unknown id, a value that is not a key string, a key Textual
cannot report (key_names.py), and two ids on one key in one scope (the app's keys count in
every scope: they work on every screen). Nothing here is fatal: a typo in a key must not stop
the console, and a half-applied swap must not leave a key doing something unexpected.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config_lines import KeyLines, keybinding_lines
from .key_names import KeyRefused, normalise_keys, shown_keys
from .scopes import BY_ID, EVERYWHERE, SCOPE_OF, SCOPES, KeyBinding, Scope

DEFAULT_KEYS: Mapping[str, tuple[str, ...]] = {
    binding.id: tuple(key.strip() for key in binding.key.split(",")) for binding in BY_ID.values()
}


@dataclass(frozen=True)
class Keymap:
    keys: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_KEYS))
    """Every binding id → the keys that work now, as Textual names them."""
    remapped: frozenset[str] = frozenset()
    """Ids whose keys come from the config file."""
    notices: tuple[str, ...] = ()
    """What was refused, one line each, to show once at start."""

    def keys_of(self, binding_id: str) -> tuple[str, ...]:
        return self.keys.get(binding_id) or DEFAULT_KEYS[binding_id]

    def shown(self, binding_id: str) -> str:
        """The key(s) of a binding as F1, the palette and messages show them (`n, down`)."""
        return shown_keys(self.keys_of(binding_id))


DEFAULT_KEYMAP = Keymap()


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, object]]:
    """`worklist.next = "j"` is a nested table to TOML; `"worklist.next" = "j"` is not. Both
    name the id `worklist.next`. A table is never a key, even under an id's name: `worklist`
    is the tab's id and the worklist's ids' first part."""
    for name, value in table.items():
        binding_id = f"{prefix}{name}"
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{binding_id}.")
        else:
            yield binding_id, value


def _neighbours(scope: Scope) -> tuple[KeyBinding, ...]:
    """The bindings whose keys must differ from each other: the scope's, plus the app's,
    which work wherever the scope does."""
    if scope is EVERYWHERE:
        return EVERYWHERE.bindings
    return (*EVERYWHERE.bindings, *scope.bindings)


class _Notices:
    def __init__(self, path: Path | None, text: Callable[[], str | None]) -> None:
        self._path = path
        self._text = text
        self._lines: KeyLines | None = None
        self.found: list[str] = []

    def where(self, binding_id: str) -> str:
        """`/…/config.toml, line 7`: the file, and the line once the text is read (only when
        there is something to say, so a clean file costs no second read)."""
        if self._lines is None:
            text = self._text()
            self._lines = keybinding_lines(text) if text else KeyLines()
        line = self._lines.line_of(binding_id)
        file = str(self._path) if self._path is not None else "the config file"
        return f"{file}, line {line}" if line is not None else file

    def add(self, binding_id: str, problem: str) -> None:
        self.found.append(f"{self.where(binding_id)}: [keybindings] {problem}")


def _quoted(value: str) -> str:
    """As the file writes it: "ctrl+e"."""
    import json  # here: only a refused entry is quoted, and the first frame needs no json

    return json.dumps(value, ensure_ascii=False)


def _unknown(binding_id: str) -> str:
    close = difflib.get_close_matches(binding_id, list(BY_ID), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{binding_id!r} is not a binding id{hint}; it was ignored. F1 lists every id."


def _clashes(keys: dict[str, tuple[str, ...]], remapped: set[str]) -> Iterator[tuple[str, str]]:
    """(id, the other id on its key) for each remapped id that shares a key in a scope,
    reverting it to its default until no scope has a shared key. A default never clashes
    (a test keeps the tables so), so reverting always ends."""
    while True:
        reverted = False
        for scope in SCOPES:
            owners: dict[str, list[str]] = {}
            for binding in _neighbours(scope):
                for key in keys[binding.id]:
                    owners.setdefault(key, []).append(binding.id)
            for ids in owners.values():
                if len(set(ids)) < 2:
                    continue
                for binding_id in ids:
                    if binding_id in remapped:
                        other = next(other for other in ids if other != binding_id)
                        yield binding_id, other
                        keys[binding_id] = DEFAULT_KEYS[binding_id]
                        remapped.discard(binding_id)
                        reverted = True
            if reverted:
                break
        if not reverted:
            return


def keymap_from_config(
    table: Mapping[str, Any] | None,
    *,
    path: Path | None = None,
    text: Callable[[], str | None] = lambda: None,
) -> Keymap:
    """The keymap of `[keybindings]` (`binding_id = "key[,key…]"`). `path` and `text` (the
    file's TOML, read only if there is a problem to place) name the line in every notice."""
    notices = _Notices(path, text)
    keys = dict(DEFAULT_KEYS)
    remapped: set[str] = set()
    lines: dict[str, str] = {}
    for binding_id, value in _flatten(table or {}):
        if binding_id not in BY_ID:
            notices.add(binding_id, _unknown(binding_id))
            continue
        default = shown_keys(DEFAULT_KEYS[binding_id])
        if not isinstance(value, str):
            notices.add(
                binding_id,
                f'{binding_id} must be a key in quotes, such as "ctrl+e" or "n"; '
                f"it keeps {default}",
            )
            continue
        try:
            parsed = normalise_keys(value)
        except KeyRefused as refused:
            notices.add(
                binding_id,
                f"{binding_id} = {_quoted(value)} is not a key Textual can read ({refused}); "
                f"it keeps {default}. Keys look like ctrl+e, f6, n, shift+tab, escape.",
            )
            continue
        keys[binding_id] = parsed
        remapped.add(binding_id)
        lines[binding_id] = value
    for binding_id, other in _clashes(keys, remapped):
        scope = SCOPE_OF[binding_id]
        where = SCOPE_OF[other].where if scope is EVERYWHERE else scope.where
        notices.add(
            binding_id,
            f"{binding_id} = {_quoted(lines[binding_id])} is also the key of {other} {where}; "
            f"{binding_id} keeps {shown_keys(DEFAULT_KEYS[binding_id])}",
        )
    return Keymap(keys, frozenset(remapped), tuple(notices.found))
