"""F1: every key, from the same table the bindings are made of, with each binding's id (what
`[keybindings]` in the config file remaps) so a remapped key is shown as it really is."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from console.text_safety import printable
from console.tui.actions import ACTIONS, effective_key

# Keys that belong to one widget or dialog, not to the table.
CONTEXT_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "in the token field: look it up"),
    ("c", "on a field row: copy its value"),
    ("1-9", "in the environment picker, or on the other-environments list: switch there"),
    ("Tab / shift+Tab", "move between fields and panes"),
    ("ctrl+p", "command palette: every action by name"),
)


# Fits the 110-column help box: key ~14, action 26, help 58, plus cell padding.
_ACTION_WIDTH = 26
_HELP_WIDTH = 58


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 110;
        max-width: 95%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen DataTable {
        height: auto;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close"),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Content.assemble(
                    ("Keys", "bold"),
                    "   Escape closes. Remap any of them in the config file's [keybindings] "
                    'table: binding_id = "key"',
                )
            )
            yield DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)
            yield Static(Content.styled("In context", "bold"))
            yield DataTable(id="help-context", cursor_type="none")

    def on_mount(self) -> None:
        keys = self.query_one("#help-keys", DataTable)
        keys.add_column("Key")
        keys.add_column("Action (binding id)", width=_ACTION_WIDTH)
        keys.add_column("What it does", width=_HELP_WIDTH)
        for action in ACTIONS:
            # The id under the action's name, and the help wrapped: no column is ever cut.
            name = f"{action.title}\n({action.id})"
            text = "\n".join(textwrap.wrap(action.help, _HELP_WIDTH)) or action.help
            # Text cells: a string cell is read as markup, and the key comes from the config.
            key = Text(printable(effective_key(action, self._keymap)))
            keys.add_row(key, Text(name), Text(text), height=None)
        context = self.query_one("#help-context", DataTable)
        context.add_columns("Key", "What it does")
        for key_name, meaning in CONTEXT_KEYS:
            context.add_row(Text(key_name), Text(meaning))

    def action_close(self) -> None:
        self.dismiss(None)
