"""Asking for an environment's API key, inline, when it has none: a masked input whose value
goes to the OS keyring and nowhere else (not the screen, a toast, the history or a file) — or,
chosen with the second button, is kept for this session only: in memory, masked, gone when
the console exits (for a machine whose keyring is unusable). When the keyring refuses a key,
its reason and the ways out are shown, this one first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from console.settings.environments import Environment
from console.settings.key_variables import key_variable
from console.tui.outside_text import safe_text


class KeyPrompt(Vertical):
    DEFAULT_CSS = """
    KeyPrompt {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        border: round $warning;
        border-title-style: bold;
    }
    KeyPrompt #key-input {
        margin-top: 1;
    }
    KeyPrompt #key-buttons {
        height: auto;
    }
    KeyPrompt #key-session {
        margin-left: 2;
    }
    KeyPrompt #key-problem {
        height: auto;
        margin-top: 1;
    }
    """

    class Submitted(Message):
        """A key to store (or, `session_only`, to keep in memory for this session). The
        value travels only to the keyring call or the workspace."""

        def __init__(self, environment: Environment, value: str, *, session_only: bool) -> None:
            super().__init__()
            self.environment = environment
            self.value = value
            self.session_only = session_only

        def __repr__(self) -> str:  # a message log must never show the key
            return f"KeyPrompt.Submitted({self.environment.name}, ••••)"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.environment: Environment | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="key-why")
        yield Input(
            password=True,
            placeholder="Payment API key (from nowStudio, credentials)",
            id="key-input",
        )
        with Horizontal(id="key-buttons"):
            yield Button("Store in the OS keyring and retry", id="key-store", variant="primary")
            yield Button("Use for this session only", id="key-session")
        yield Static("", id="key-problem")

    def ask(self, environment: Environment, reason: str | None) -> None:
        self.environment = environment
        safe = safe_text(self)
        # Content: a border title given as a string is read as markup.
        self.border_title = Content(f"API key for {safe(environment.name)}")
        variable = key_variable(environment.name)
        # The reason may quote the server (a 3900's codeMsg).
        why = safe(reason) if reason else f"{environment.name!r} has no API key yet."
        self.query_one("#key-why", Static).update(
            Content.assemble(
                (why, "bold"),
                "\nPaste the key below: it is stored in the OS keyring only, shown masked, "
                "and never written to a file — or used for this session only (memory only, "
                "gone on exit). For this shell only instead: "
                f"read -rs {variable} && export {variable}",
            )
        )
        self.query_one("#key-input", Input).value = ""
        self.query_one("#key-problem", Static).update(Content())

    def show_problem(self, reason: str, ways_out: tuple[str, ...]) -> None:
        safe = safe_text(self)
        parts: list[str | tuple[str, str]] = [("Not stored: ", "bold $text-error"), safe(reason)]
        parts += ["\n", ("Ways out:", "bold")]
        parts.append(
            '\n  • paste the key again and choose "Use for this session only": kept in '
            "memory, masked, gone when the console exits"
        )
        for way in ways_out:
            parts += ["\n  • ", safe(way)]
        self.query_one("#key-problem", Static).update(Content.assemble(*parts))

    def focus_input(self) -> None:
        self.query_one("#key-input", Input).focus()

    @on(Input.Submitted, "#key-input")
    @on(Button.Pressed, "#key-store")
    def _submit(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self._send(session_only=False)

    @on(Button.Pressed, "#key-session")
    def _session_only(self, event: Button.Pressed) -> None:
        event.stop()
        self._send(session_only=True)

    def _send(self, *, session_only: bool) -> None:
        field = self.query_one("#key-input", Input)
        if self.environment is not None and field.value.strip():
            value = field.value
            field.value = ""  # the key leaves the widget at once
            self.post_message(self.Submitted(self.environment, value, session_only=session_only))
