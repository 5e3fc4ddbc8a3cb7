"""Where a token that is invalid here (3901) exists instead: the other environments that have
a key, looked up read-only. The usual answer on call is "wrong environment", so each hit
carries its environment's number in the switcher (ctrl+e) — one digit means one environment
everywhere — and that digit switches there, showing what was found."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from console.desk.workspace import Elsewhere
from console.tui.keys.bindings import keymap_of, scope_bindings, use_keymap
from console.tui.keys.scopes import ELSEWHERE
from console.tui.outside_text import safe_text


class ElsewherePanel(Static, can_focus=True):
    DEFAULT_CSS = """
    ElsewherePanel {
        height: auto;
        padding: 0 1;
        margin-top: 1;
        border: round $secondary;
    }
    ElsewherePanel:focus {
        border: round $accent;
    }
    """

    BINDINGS = scope_bindings(ELSEWHERE)  # type: ignore[assignment]

    class SwitchTo(Message):
        """Switch to the environment where the token was found, and show it there."""

        def __init__(self, found: Elsewhere) -> None:
            super().__init__()
            self.found = found

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        use_keymap(self, ELSEWHERE)
        self.hits: list[Elsewhere] = []
        self._numbers: dict[str, int] = {}
        """Environment name → its number in the switcher."""

    def searching(self, token: str) -> None:
        self.hits = []
        self.border_title = "Other environments"
        # Content, not a markup string: the token was pasted.
        token_shown = safe_text(self)(token)
        self.update(Content(f"Looking {token_shown} up, read-only, in the other environments…"))

    def show(self, results: list[Elsewhere], numbers: dict[str, int]) -> None:
        """`numbers`: each environment's number in the switcher (ctrl+e)."""
        self.hits = [item for item in results if item.found]
        self._numbers = dict(numbers)
        self.border_title = "Other environments"
        safe = safe_text(self)
        parts: list[str | tuple[str, str]] = []
        if not results:
            parts.append("There are no other environments. Add one with `nowgg-console env add`.")
        for item in results:
            if parts:
                parts.append("\n")
            name = safe(item.environment.name)
            outcome = item.outcome
            if item.found and outcome is not None and outcome.decoded is not None:
                number = self._numbers.get(item.environment.name, 0)
                key = keymap_of(self).shown(f"elsewhere.switch_{number}") if 0 < number < 10 else ""
                label = f"[{number}] {name}" if number else name
                parts += [
                    (label, "bold $text-success"),
                    f"  FOUND: {safe(outcome.decoded.headline)}  ",
                    (f"press {key} to switch there" if key else "", "$text-accent"),
                ]
            elif outcome is None:
                parts.append((f"    {name}  skipped: {safe(item.skipped or '')}", "$text-muted"))
            elif outcome.failure is not None:
                title = safe(outcome.failure.explanation.title)
                parts.append(f"    {name}  not there: {title}")
        if results and not self.hits:
            parts += ["\n\n", ("Not found anywhere this console has a key for.", "bold")]
        self.update(Content.assemble(*parts))

    def action_switch(self, number: int) -> None:
        for hit in self.hits:
            if self._numbers.get(hit.environment.name) == number:
                self.post_message(self.SwitchTo(hit))
                return
        self.notify(
            f"The token was not found in environment {number}: only the numbers marked "
            "FOUND switch from here (ctrl+e lists every environment).",
            severity="warning",
            timeout=5,
        )
