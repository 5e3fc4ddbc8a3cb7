"""The config file was ignored: said under the banner until dismissed, not in a toast that fades
while the engineer is still reading it. It names the file, each problem's line (or key) and
what was found and expected, exactly as written — `[table]` in a problem is shown as itself —
and that only the built-in environments are in use meanwhile."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from console.settings.config_problems import ConfigProblem
from console.tui.keys.bindings import keymap_of
from console.tui.outside_text import SafeText, safe_text

SHOWN_PROBLEMS = 3
"""More would push the token field off an 80x24 screen; the rest are one command away."""


def notice_content(
    path: str, problems: Sequence[ConfigProblem], dismiss_key: str, safe: SafeText
) -> Content:
    count = len(problems)
    parts: list[str | tuple[str, str]] = [
        ("The config file was ignored: ", "bold $text-error"),
        (safe(path), "bold"),
        f" ({count} problem{'s' * (count != 1)}). Only the built-in environments are in use "
        "until it is fixed; the file was not changed.",
    ]
    for problem in problems[:SHOWN_PROBLEMS]:
        parts += [
            "\n  • ",
            (safe(problem.where), "bold"),
            f": found {safe(problem.found)}; expected {safe(problem.expected)}",
        ]
    if count > SHOWN_PROBLEMS:
        parts.append(
            f"\n  … and {count - SHOWN_PROBLEMS} more: `nowgg-console env list` lists them all"
        )
    parts.append(
        f"\nFix the file, then start the console again. {dismiss_key} dismisses this notice."
    )
    return Content.assemble(*parts)


class ConfigNotice(Vertical):
    DEFAULT_CSS = """
    ConfigNotice {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border: round $error;
        border-title-style: bold;
    }
    ConfigNotice #config-notice-text {
        height: auto;
    }
    """

    class Dismissed(Message):
        """The person has read it: the screen removes it."""

    def __init__(
        self, path: str, problems: Sequence[ConfigProblem], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._path = path
        self._problems = tuple(problems)

    def compose(self) -> ComposeResult:
        key = keymap_of(self).shown("dismiss_notice")
        yield Static(
            notice_content(self._path, self._problems, key, safe_text(self)),
            id="config-notice-text",
        )
        # Content: a label given as a string is read as markup, and a key may be `[`.
        yield Button(Content(f"Dismiss ({key})"), id="config-notice-dismiss", compact=True)

    @on(Button.Pressed, "#config-notice-dismiss")
    def _dismiss(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Dismissed())
