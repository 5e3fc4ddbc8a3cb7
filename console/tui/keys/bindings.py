"""Textual bindings made from a scope's table and the keymap in force, and what F1 says beside
each binding about where its key works.

Which binding comes first when two want a key is decided per key, not per binding:

- a key that types (`j`, `/`) or that a field, list, menu or button needs to work (Escape,
  Enter, the arrows, space…) is an ordinary binding: the focused widget has it first, so an
  Input still types `j` and a menu still closes on Escape — F1 says so beside the binding;
- any other key (`ctrl+g`, `f6`) is a priority binding: it works whichever widget has focus,
  before an Input turns ctrl+e into "end of line";
- except that a main-screen key also bound in one of its panes (the worklist's ctrl+r) stays
  ordinary, so the focused pane's own binding comes first there, as it always did.

Textual's own keymap (`App.set_keymap`) keeps each binding's priority whatever key it is given,
so a remap to `j` would steal `j` from every text field. So each scope's widget gets its
bindings made here, from the keymap, when it is created (`use_keymap`).
"""

from __future__ import annotations

from typing import Final

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from .key_names import NAVIGATION_KEYS, is_typing_key
from .keymap import DEFAULT_KEYMAP, Keymap
from .scopes import MAIN, NESTED_IN_MAIN, KeyBinding, Scope

PALETTE_ACTION: Final = "command_palette"


def keymap_of(node: DOMNode) -> Keymap:
    """The keymap of the app `node` belongs to; the defaults outside the console (a widget
    tested on its own, or made before any app runs)."""
    try:
        app = node.app
    except RuntimeError:  # Textual's NoActiveAppError: no app yet
        return DEFAULT_KEYMAP
    keymap = getattr(app, "keymap", None)
    return keymap if isinstance(keymap, Keymap) else DEFAULT_KEYMAP


def _nested_keys(keymap: Keymap) -> set[str]:
    return {key for scope in NESTED_IN_MAIN for b in scope.bindings for key in keymap.keys_of(b.id)}


def has_priority(scope: Scope, binding: KeyBinding, key: str, keymap: Keymap) -> bool:
    if binding.yields or key in NAVIGATION_KEYS or is_typing_key(key):
        return False
    return not (scope is MAIN and key in _nested_keys(keymap))


def scope_bindings(scope: Scope, keymap: Keymap = DEFAULT_KEYMAP) -> list[Binding]:
    """One Textual binding per key of each binding of `scope` (a footer label on the first)."""
    made: list[Binding] = []
    for binding in scope.bindings:
        # The footer draws the palette's key on its right by itself, from its label.
        listed = binding.footer is not None and binding.action != PALETTE_ACTION
        for index, key in enumerate(keymap.keys_of(binding.id)):
            made.append(
                Binding(
                    key,
                    binding.action,
                    binding.footer or binding.title,
                    show=listed and index == 0,
                    id=binding.id,
                    priority=has_priority(scope, binding, key, keymap),
                    tooltip=binding.help,
                    system=binding.yields,
                )
            )
    return made


def use_keymap(node: DOMNode, scope: Scope) -> None:
    """Give `node` (whose class BINDINGS are `scope_bindings(scope)`) the keys of the keymap
    in force. Bindings the node inherits from Textual (a screen's Tab) are kept."""
    keymap = keymap_of(node)
    if keymap.keys == DEFAULT_KEYMAP.keys:
        return  # the class's bindings are these already
    ours = {binding.id for binding in scope.bindings}
    inherited = [binding for _, binding in node._bindings if binding.id not in ours]
    # Textual keeps a node's bindings here (its own App adds the palette key the same way).
    node._bindings = BindingsMap([*inherited, *scope_bindings(scope, keymap)])


def key_notes(scope: Scope, binding: KeyBinding, keymap: Keymap) -> list[str]:
    """Where the binding's key does not reach it, for F1."""
    keys = keymap.keys_of(binding.id)
    notes: list[str] = []
    if binding.yields:
        notes.append("a text field's own use of the key comes first")
    elif any(is_typing_key(key) for key in keys):
        notes.append("in a text field this key types; it works wherever the cursor is not in one")
    elif any(key in NAVIGATION_KEYS for key in keys):
        notes.append("the focused field, list or menu uses this key first")
    if scope is MAIN:
        for nested in NESTED_IN_MAIN:
            for other in nested.bindings:
                if set(keymap.keys_of(other.id)) & set(keys):
                    notes.append(f"{nested.where}, {other.id} comes first")
    return notes


def numbered_keys(keymap: Keymap, id_prefix: str) -> str:
    """The keys of `<id_prefix>_1` … `_9`, for a line of help: "1-9" while they are the
    digits, else each one's key."""
    ids = [f"{id_prefix}_{number}" for number in range(1, 10)]
    if all(keymap.keys_of(binding_id) == (binding_id[-1],) for binding_id in ids):
        return "1-9"
    return " ".join(keymap.shown(binding_id) for binding_id in ids)
