"""Every action of the console, in one table: its stable binding id (what `[keybindings]` in
the config file remaps), its default key, and its plain name in the command palette.

The main screen's bindings, the command palette, the footer and the help screen are all made
from this table, so a key shown anywhere is the key that works.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from textual.binding import Binding


@dataclass(frozen=True)
class ConsoleAction:
    id: str
    """The binding id: stable, documented, used in `[keybindings]`."""
    key: str
    """The default key(s), comma-separated. Every action has one, so every one can be
    remapped (Textual's keymap replaces keys of existing bindings only)."""
    action: str
    """The main screen's action (`action_<name>`)."""
    title: str
    """Its name in the command palette and the help screen."""
    help: str
    footer: bool = False
    """Shown in the footer (the common ones)."""
    footer_label: str | None = None


ACTIONS: Final[tuple[ConsoleAction, ...]] = (
    ConsoleAction("help", "f1", "help", "Help", "The keys and what they do", True, "Help"),
    ConsoleAction(
        "lookup",
        "ctrl+l",
        "lookup",
        "Look up purchase",
        "Put the cursor in the token field; with a token there, look it up",
        True,
        "Look up",
    ),
    ConsoleAction(
        "switch_environment",
        "ctrl+e",
        "switch_environment",
        "Switch environment",
        "Choose where calls go (then 1-9 picks directly)",
        True,
        "Environment",
    ),
    ConsoleAction(
        "consume",
        "ctrl+o",
        "consume",
        "Consume purchase",
        "Consume the purchase on screen: verify again, confirm, consume, verify",
        True,
        "Consume",
    ),
    ConsoleAction(
        "raw_json",
        "ctrl+r",
        "toggle_raw",
        "Show raw JSON",
        "Switch between the decoded purchase and the reply as it came",
        True,
        "Raw JSON",
    ),
    ConsoleAction(
        "copy_value",
        "ctrl+y",
        "copy_value",
        "Copy value…",
        "Copy the selected field's value (or pick one) to the clipboard",
        True,
        "Copy",
    ),
    ConsoleAction(
        "lookup_elsewhere",
        "ctrl+f",
        "lookup_elsewhere",
        "Look up in other environments",
        "After 3901: look the token up, read-only, where there is a key",
        True,
        "Elsewhere",
    ),
    ConsoleAction(
        "history",
        "ctrl+g",
        "show_history",
        "Show history",
        "This session's calls and the saved history",
        True,
        "History",
    ),
    ConsoleAction(
        "worklist",
        "ctrl+t",
        "open_worklist",
        "Open worklist",
        "Many tokens verified together; step through them",
        True,
        "Worklist",
    ),
    ConsoleAction(
        "show_purchase",
        "ctrl+b",
        "show_purchase",
        "Show purchase",
        "Back to the purchase pane",
        False,
    ),
    ConsoleAction(
        "copy_curl",
        "f3",
        "copy_curl",
        "Copy as curl",
        "The last request as a curl line; the key stays in its variable",
    ),
    ConsoleAction(
        "set_key",
        "f2",
        "set_key",
        "Set API key",
        "Store this environment's API key in the OS keyring",
    ),
    ConsoleAction("theme", "f4", "choose_theme", "Theme", "Choose a theme (remembered)"),
    ConsoleAction(
        "cancel",
        "escape",
        "cancel",
        "Cancel lookup",
        "Stop a running lookup (never a consume that was sent)",
    ),
    ConsoleAction("quit", "ctrl+q", "app.quit", "Quit", "Leave the console"),
)

ACTION_IDS: Final = frozenset(action.id for action in ACTIONS)
# Before any focused widget: an input must not turn ctrl+e into "end of line" while the
# operator is trying to leave the wrong environment.
PRIORITY: Final = frozenset({"switch_environment", "quit"})


def bindings() -> list[Binding]:
    """The main screen's bindings. A focused widget's own keys come first (the worklist's
    ctrl+r, a menu's Escape), except for the few in PRIORITY."""
    return [
        Binding(
            action.key,
            action.action,
            action.footer_label or action.title,
            show=action.footer,
            id=action.id,
            priority=action.id in PRIORITY,
            tooltip=action.help,
        )
        for action in ACTIONS
    ]


@dataclass(frozen=True)
class Keymap:
    keys: dict[str, str]
    """Binding id → key(s), ready for `App.set_keymap`."""
    notices: tuple[str, ...] = ()


def keymap_from_config(table: Mapping[str, Any] | None) -> Keymap:
    """`[keybindings]` of the config file: `binding_id = "key"`. An unknown id or a value
    that is not a key string is reported and skipped, never fatal."""
    keys: dict[str, str] = {}
    notices: list[str] = []
    for binding_id, value in (table or {}).items():
        if binding_id not in ACTION_IDS:
            notices.append(
                f"[keybindings] {binding_id!r} is not a binding id and was ignored; "
                f"the ids are: {', '.join(sorted(ACTION_IDS))}"
            )
            continue
        if not isinstance(value, str) or not value.strip():
            notices.append(
                f'[keybindings] {binding_id} must be a key such as "ctrl+e"; it was ignored'
            )
            continue
        keys[binding_id] = ",".join(part.strip() for part in value.split(",") if part.strip())
    return Keymap(keys, tuple(notices))


def effective_key(action: ConsoleAction, keymap: Mapping[str, str]) -> str:
    """The key that works now: the config's, else the default."""
    return keymap.get(action.id, action.key)
