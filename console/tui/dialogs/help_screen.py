"""F1: every key of every scope — the app, the main screen, its panes, each dialog — one table
per scope, made from the same tables and keymap the bindings are made of (keys/), with each
binding's id (what `[keybindings]` in the config file remaps), its current key, and where that
key does not reach it (a text field types `j`)."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from console.text_safety import printable
from console.tui.keys.bindings import key_notes, keymap_of, scope_bindings, use_keymap
from console.tui.keys.keymap import Keymap
from console.tui.keys.scopes import HELP, SCOPES, Scope

# Textual's own keys, which belong to a widget rather than to a table.
CONTEXT_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "in the token field: look it up; on a list: choose the row"),
    ("Tab / shift+Tab", "move between fields and panes"),
    ("arrows, pgup/pgdn", "move in a list or table, scroll a pane"),
)

# Fits the 110-column help box: key ~14, action 26, help 58, plus cell padding.
_ACTION_WIDTH = 26
_HELP_WIDTH = 58


def scope_rows(scope: Scope, keymap: Keymap) -> list[tuple[Text, Text, Text]]:
    """(key, "Title\\n(binding id)", what it does) for each binding of `scope`: Text cells,
    as a string cell is read as markup and a key comes from the config file."""
    rows = []
    for binding in scope.bindings:
        lines = textwrap.wrap(binding.help, _HELP_WIDTH) or [binding.help]
        what = Text("\n".join(lines))
        for note in key_notes(scope, binding, keymap):
            what.append("\n" + "\n".join(textwrap.wrap(f"({note})", _HELP_WIDTH)), style="dim")
        key = Text(printable(keymap.shown(binding.id)))
        if binding.id in keymap.remapped:
            key.stylize("bold")
        rows.append((key, Text(f"{binding.title}\n({binding.id})"), what))
    return rows


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

    BINDINGS = scope_bindings(HELP)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = HELP

    def __init__(self) -> None:
        super().__init__()
        use_keymap(self, HELP)

    def compose(self) -> ComposeResult:
        keymap = keymap_of(self)
        with VerticalScroll():
            yield Static(
                Content.assemble(
                    ("Keys", "bold"),
                    f"   {keymap.shown('help.close')} closes. Remap any of them in the config "
                    'file\'s [keybindings] table: binding_id = "key", e.g. '
                    '"worklist.next" = "j" (a remapped key is in bold).',
                )
            )
            for scope in SCOPES:
                yield Static(
                    Content.assemble((scope.title, "bold"), ("  " + scope.where, "$text-muted"))
                )
                yield DataTable(id=f"help-keys-{scope.id}", cursor_type="none", zebra_stripes=True)
            yield Static(Content.styled("Textual's own keys", "bold"))
            yield DataTable(id="help-context", cursor_type="none")

    def on_mount(self) -> None:
        keymap = keymap_of(self)
        for scope in SCOPES:
            table = self.query_one(f"#help-keys-{scope.id}", DataTable)
            table.add_column("Key")
            table.add_column("Action (binding id)", width=_ACTION_WIDTH)
            table.add_column("What it does", width=_HELP_WIDTH)
            for key, name, what in scope_rows(scope, keymap):
                table.add_row(key, name, what, height=None)
        context = self.query_one("#help-context", DataTable)
        context.add_columns("Key", "What it does")
        for key_name, meaning in CONTEXT_KEYS:
            context.add_row(Text(key_name), Text(meaning))

    def action_close(self) -> None:
        self.dismiss(None)
