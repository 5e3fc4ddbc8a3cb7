"""Every key binding of the console, one table per scope: the app (keys that work on every
screen), the main screen, the panes inside it, and each dialog. A binding has a stable id —
what `[keybindings]` in the config file remaps —, a default key, the action it runs on its
scope's widget, and its name and help for F1 and the command palette.

The widgets' bindings, F1, the command palette and the footer are all made from these tables
(bindings.py), so a key shown anywhere is the key that works. No Textual here, and no widget:
F1 lists the worklist's keys without loading the worklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class KeyBinding:
    id: str
    """Stable and documented: the name in `[keybindings]`."""
    key: str
    """The default key(s), comma-separated, as Textual names them."""
    action: str
    """The scope widget's action (`action_<name>`, with arguments if any)."""
    title: str
    """Its name in F1 and the command palette."""
    help: str
    footer: str | None = None
    """The footer's label, for the common ones; None keeps it out of the footer."""
    yields: bool = False
    """The focused widget's own use of the key always comes first (ctrl+c copies in a field)."""


@dataclass(frozen=True)
class Scope:
    id: str
    title: str
    """F1's heading and the palette's prefix."""
    where: str
    """Where its keys work, for F1 and messages ("in the worklist")."""
    bindings: tuple[KeyBinding, ...]


def _digits(id_prefix: str, action: str, title: str, help_text: str) -> tuple[KeyBinding, ...]:
    return tuple(
        KeyBinding(
            f"{id_prefix}_{number}",
            str(number),
            f"{action}({number})",
            title.format(number=number),
            help_text.format(number=number),
        )
        for number in range(1, 10)
    )


EVERYWHERE: Final = Scope(
    "app",
    "Everywhere",
    "on every screen and dialog",
    (
        KeyBinding("quit", "ctrl+q", "quit", "Quit", "Leave the console"),
        KeyBinding(
            "command_palette",
            "ctrl+p",
            "command_palette",
            "Command palette",
            "Every action by name",
            "palette",
        ),
        KeyBinding(
            "quit_hint",
            "ctrl+c",
            "help_quit",
            "How to quit",
            "Copies in a text field; elsewhere it says which key quits",
            yields=True,
        ),
    ),
)

MAIN: Final = Scope(
    "main",
    "Main screen",
    "on the main screen",
    (
        KeyBinding("help", "f1", "help", "Help", "The keys and what they do", "Help"),
        KeyBinding(
            "lookup",
            "ctrl+l",
            "lookup",
            "Look up purchase",
            "To the token field; a new token there is looked up, the last one selected",
            "Look up",
        ),
        KeyBinding(
            "switch_environment",
            "ctrl+e",
            "switch_environment",
            "Switch environment",
            "Choose where calls go (then a digit picks directly)",
            "Environment",
        ),
        KeyBinding(
            "consume",
            "ctrl+o",
            "consume",
            "Consume purchase",
            "Consume the purchase on screen: verify again, confirm, consume, verify",
            "Consume",
        ),
        KeyBinding(
            "acknowledge",
            "ctrl+k",
            "acknowledge",
            "Acknowledge subscription",
            "Acknowledge the subscription purchase on screen before its 3-day deadline: "
            "verify again, confirm, acknowledge once",
        ),
        KeyBinding(
            "raw_json",
            "ctrl+r",
            "toggle_raw",
            "Show raw JSON",
            "Switch between the decoded purchase and the reply as it came",
            "Raw JSON",
        ),
        KeyBinding(
            "copy_value",
            "ctrl+y",
            "copy_value",
            "Copy value…",
            "Copy the selected field's value (or pick one) to the clipboard",
            "Copy",
        ),
        KeyBinding(
            "lookup_elsewhere",
            "ctrl+f",
            "lookup_elsewhere",
            "Look up in other environments",
            "After 3901: look the token up, read-only, where there is a key",
            "Elsewhere",
        ),
        KeyBinding(
            "history",
            "ctrl+g",
            "show_history",
            "Show history",
            "This session's calls and the saved history",
            "History",
        ),
        KeyBinding(
            "worklist",
            "ctrl+t",
            "open_worklist",
            "Open worklist",
            "Many tokens verified together; step through them",
            "Worklist",
        ),
        KeyBinding(
            "show_purchase", "ctrl+b", "show_purchase", "Show purchase", "Back to the purchase pane"
        ),
        KeyBinding(
            "open_pasted_tokens",
            "ctrl+s",
            "open_pasted_tokens",
            "Open pasted tokens as worklist",
            "A paste of several tokens into the token field (which looks up one): load them all "
            "into the worklist tab and verify them",
        ),
        KeyBinding(
            "copy_curl",
            "f3",
            "copy_curl",
            "Copy as curl",
            "The last request as a curl line; the key stays in its variable",
        ),
        KeyBinding(
            "set_key",
            "f2",
            "set_key",
            "Set API key",
            "Store this environment's API key in the OS keyring",
        ),
        KeyBinding("theme", "f4", "choose_theme", "Theme", "Choose a theme (remembered)"),
        KeyBinding(
            "resolve_unknown",
            "f7",
            "resolve_unknown",
            "Resolve unknown consumes",
            "Verify each consume of unknown outcome (every environment), record what is found "
            "on its own row, show the proof",
        ),
        KeyBinding(
            "check_environment",
            "f10",
            "check_environment",
            "Check environment",
            "Is this environment reachable and its key accepted? DNS, TCP, TLS, the verify "
            "path, the key: each step with its time",
        ),
        KeyBinding(
            "dismiss_notice",
            "f8",
            "dismiss_notice",
            "Dismiss notice",
            "Close the notice about the config file (the file stays as it is)",
        ),
        KeyBinding(
            "explain_code",
            "ctrl+n",
            "explain_code",
            "Explain a code…",
            "Type an error code: the server's and the client SDK's meanings side by side",
        ),
        KeyBinding(
            "cancel",
            "escape",
            "cancel",
            "Cancel lookup",
            "Stop a running lookup (never a consume that was sent)",
        ),
    ),
)

DETAIL: Final = Scope(
    "detail",
    "Purchase fields",
    "in the purchase's field table",
    (
        KeyBinding(
            "detail.copy_field",
            "c",
            "copy_field",
            "Copy this field",
            "Copy the value of the field under the cursor, as now.gg sent it",
            "Copy value",
        ),
    ),
)

ELSEWHERE: Final = Scope(
    "elsewhere",
    "Other environments",
    "in the list of other environments (after 3901)",
    _digits(
        "elsewhere.switch",
        "switch",
        "Switch to environment {number}",
        "Switch to environment {number} of the switcher (ctrl+e) when the token was found "
        "there, showing what was found",
    ),
)

WORKLIST: Final = Scope(
    "worklist",
    "Worklist",
    "in the worklist",
    (
        KeyBinding(
            "worklist.verify_all",
            "ctrl+r",
            "verify_all",
            "Verify list",
            "Verify every token pasted, 8 at a time",
            "Verify list",
        ),
        KeyBinding(
            "worklist.next", "n,j", "next", "Next row", "Step to the next token (or ↓)", "Next"
        ),
        KeyBinding(
            "worklist.previous",
            "p,k",
            "previous",
            "Previous row",
            "Step to the previous token (or ↑)",
            "Previous",
        ),
        KeyBinding(
            "worklist.detail",
            "enter",
            "open_detail",
            "Row detail",
            "The current row's detail, full-size (beside the table at 120 columns and wider)",
        ),
        KeyBinding(
            "worklist.consume",
            "c",
            "consume",
            "Consume row…",
            "Consume this row's purchase, through the same dialog as ctrl+o; back on this row",
            "Consume…",
        ),
        KeyBinding(
            "worklist.reverify",
            "r",
            "reverify",
            "Re-verify row",
            "Verify this row's token again",
            "Re-verify",
        ),
        KeyBinding(
            "worklist.filter",
            "slash",
            "focus_filter",
            "Filter rows",
            "By verdict (paid, consumed, unpaid, failed, client, error, pending), store:S, "
            "test, error:CODE or text",
            "Filter",
        ),
        KeyBinding(
            "worklist.select",
            "space",
            "toggle_select",
            "Select row",
            "Select or unselect this row",
            "Select",
        ),
        KeyBinding(
            "worklist.select_all",
            "a",
            "select_all",
            "Select all shown",
            "Select every row shown (the filtered ones); again: select none",
        ),
        KeyBinding(
            "worklist.consume_selected",
            "C",
            "consume_selected",
            "Consume selected…",
            "Consume the selected rows after one confirmation, each checked, consumed and "
            "verified in turn",
            "Consume selected…",
        ),
        KeyBinding(
            "worklist.export",
            "x",
            "export",
            "Export rows…",
            "The selected, filtered or all rows as Markdown, CSV or JSON",
            "Export",
        ),
        KeyBinding(
            "worklist.notices",
            "w",
            "toggle_notices",
            "Show notices",
            "Show or hide the lines of the list that were not verified, and why",
        ),
        KeyBinding(
            "worklist.edit",
            "i",
            "edit_list",
            "Edit list",
            "Back to the paste area, to change the list (ctrl+r verifies it)",
        ),
        KeyBinding(
            "worklist.stop",
            "escape",
            "escape",
            "Stop / leave filter",
            "Leave the filter; stop a bulk consume before its next row; stop verifying",
            "Stop",
        ),
    ),
)

WORKLIST_DETAIL: Final = Scope(
    "worklist_detail",
    "Worklist row detail",
    "in a worklist row's full-size detail",
    (
        KeyBinding(
            "worklist_detail.close",
            "escape,enter,q",
            "close",
            "Close detail",
            "Back to the same row of the worklist",
            "Back",
        ),
    ),
)

EXPORT: Final = Scope(
    "export",
    "Worklist export",
    "in the worklist's export dialog",
    (
        KeyBinding("export.markdown", "m", "choose('md')", "Markdown", "A ticket or a test report"),
        KeyBinding("export.csv", "v", "choose('csv')", "CSV", "For a spreadsheet"),
        KeyBinding("export.json", "j", "choose('json')", "JSON", "For a script"),
        KeyBinding("export.cancel", "escape", "cancel", "Cancel export", "Write nothing", "Cancel"),
    ),
)

HISTORY: Final = Scope(
    "history",
    "History",
    "in the history",
    (
        KeyBinding(
            "history.mark", "space", "toggle_mark", "Mark entry", "Mark or unmark it", "Mark"
        ),
        KeyBinding(
            "history.mark_all",
            "a",
            "mark_all",
            "Mark all",
            "Mark every entry listed (again: unmark them)",
            "Mark all",
        ),
        KeyBinding(
            "history.export",
            "x",
            "export",
            "Export for ticket",
            "The marked entries (or this one) as Markdown: clipboard and a file",
            "Export for ticket",
        ),
        KeyBinding(
            "history.ticket_reply",
            "y",
            "ticket_reply",
            "Reply for the ticket",
            "The marked entries (or this one) in words: found, done, what to tell the player, "
            "and a refund request draft; clipboard and a file",
            "Reply",
        ),
        KeyBinding(
            "history.note",
            "t",
            "edit_note",
            "Ticket note",
            "Add, change or remove this entry's ticket note",
            "Ticket note",
        ),
        KeyBinding(
            "history.rerun",
            "r",
            "rerun",
            "Re-run lookup",
            "Look this entry's token up again, in its environment",
            "Re-run lookup",
        ),
        KeyBinding(
            "history.resolve",
            "v",
            "resolve",
            "Resolve entry",
            "This consume of unknown outcome: verify it, record what is found on its row, "
            "show the proof",
            "Resolve",
        ),
        KeyBinding(
            "history.session_only",
            "s",
            "session_only",
            "This session only",
            "Show only this session's entries (again: all)",
            "This session",
        ),
        KeyBinding(
            "history.filter",
            "slash",
            "focus_filter",
            "Filter",
            "To the filter: a token, an order id, a note or an environment",
            "Filter",
        ),
        KeyBinding(
            "history.operator",
            "o",
            "filter_operator",
            "Filter by operator",
            "Only this entry's operator's entries (again: every operator's); or type a name "
            "in the Operator field",
            "Operator",
        ),
    ),
)

CONFIRM: Final = Scope(
    "confirm",
    "Consume dialog",
    "in the consume dialog",
    (
        KeyBinding(
            "confirm.cancel",
            "escape",
            "cancel",
            "Cancel consume",
            "Close the dialog: nothing is consumed",
            "Cancel",
        ),
    ),
)

ACKNOWLEDGE_CONFIRM: Final = Scope(
    "acknowledge_confirm",
    "Acknowledge dialog",
    "in the acknowledge dialog",
    (
        KeyBinding(
            "acknowledge_confirm.cancel",
            "escape",
            "cancel",
            "Cancel acknowledge",
            "Close the dialog: nothing is acknowledged",
            "Cancel",
        ),
    ),
)

PICKER: Final = Scope(
    "picker",
    "Environment picker",
    "in the environment picker",
    (
        KeyBinding(
            "picker.cancel",
            "escape",
            "dismiss_picker",
            "Keep environment",
            "Close the picker: the environment stays",
            "Cancel",
        ),
        *_digits(
            "picker.choose",
            "pick",
            "Choose environment {number}",
            "Switch to the environment listed {number}",
        ),
    ),
)

NOTE: Final = Scope(
    "note",
    "Ticket note dialog",
    "in the ticket-note dialog",
    (
        KeyBinding(
            "note.cancel",
            "escape",
            "cancel",
            "Cancel note",
            "Close the dialog: the note stays as it was",
            "Cancel",
        ),
    ),
)

RESOLVED: Final = Scope(
    "resolved",
    "Resolve dialog",
    "in the dialog of what resolving found",
    (
        KeyBinding("resolved.close", "escape", "close", "Close", "Back to where you were", "Close"),
        KeyBinding(
            "resolved.now",
            "n",
            "resolve_now",
            "Resolve now",
            "Resolve at once those left for their request's deadline (never one a live "
            "console holds)",
            "Resolve now",
        ),
    ),
)

CHECK: Final = Scope(
    "check",
    "Environment check",
    "in the environment check",
    (
        KeyBinding(
            "check.close",
            "escape",
            "close",
            "Close check",
            "Close the dialog; a check under way stops",
            "Close",
        ),
        KeyBinding("check.again", "r", "again", "Check again", "Run every step again", "Again"),
    ),
)

EXPLAIN: Final = Scope(
    "explain",
    "Explain box",
    "in the box that explains a code",
    (KeyBinding("explain.close", "escape", "close", "Close", "Back to where you were", "Close"),),
)

COPY_BOX: Final = Scope(
    "copy_box",
    "Copy box",
    "in the box offering text the clipboard may not have received",
    (KeyBinding("copy_box.close", "escape", "close", "Close", "Back to where you were", "Close"),),
)

HELP: Final = Scope(
    "help",
    "Help",
    "on this help screen",
    (
        KeyBinding(
            "help.close", "escape,f1,q", "close", "Close help", "Back to where you were", "Close"
        ),
    ),
)

SCOPES: Final = (
    EVERYWHERE,
    MAIN,
    DETAIL,
    ELSEWHERE,
    WORKLIST,
    HISTORY,
    CONFIRM,
    ACKNOWLEDGE_CONFIRM,
    PICKER,
    NOTE,
    RESOLVED,
    CHECK,
    EXPLAIN,
    COPY_BOX,
    HELP,
    WORKLIST_DETAIL,
    EXPORT,
)

NESTED_IN_MAIN: Final = (DETAIL, ELSEWHERE, WORKLIST, HISTORY)
"""Panes inside the main screen: focused, their own key comes before the screen's."""

BY_ID: Final = {binding.id: binding for scope in SCOPES for binding in scope.bindings}
SCOPE_OF: Final = {binding.id: scope for scope in SCOPES for binding in scope.bindings}
