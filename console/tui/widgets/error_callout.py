"""A failure explained where the purchase would have been: code and name, what it means, the
likely causes, what to do next, whether retrying is safe — coloured by severity. The same
catalog text as `nowgg-console explain`, for API codes and network, HTTP, parse and key
problems alike. On 3901 it offers the usual on-call answer: look in the other environments.

The reason quotes the server (`param [purchaseToken] is invalid`): every piece is shown
through `SafeText` as plain `Content`, never as markup, so no bracketed word is lost."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from console.desk import Failure
from console.payments import Explanation
from console.tui.keys.bindings import keymap_of
from console.tui.outside_text import SafeText, safe_text
from console.tui.tones import SEVERITY_CLASS, SEVERITY_MARK, SEVERITY_STYLE


def explanation_content(failure: Failure, safe: SafeText) -> Content:
    explanation: Explanation = failure.explanation
    style = SEVERITY_STYLE[explanation.severity]
    source = f"  ({explanation.source.value} code)" if explanation.source else ""
    parts: list[str | tuple[str, str]] = [
        (f"{SEVERITY_MARK[explanation.severity]}  {safe(explanation.title)}", style),
        (source, "$text-muted"),
        "\n",
        (safe(failure.reason), "bold"),
        "\n\n",
        ("Meaning  ", "bold"),
        safe(explanation.meaning),
    ]
    if explanation.causes:
        parts += ["\n\n", ("Likely causes", "bold")]
        for cause in explanation.causes:
            parts += ["\n  • ", safe(cause)]
    if explanation.next_steps:
        parts += ["\n\n", ("Next steps", "bold")]
        for number, step in enumerate(explanation.next_steps, start=1):
            parts += [f"\n  {number}. ", safe(step)]
    retry = (
        "safe, and it may succeed"
        if explanation.retry_safe
        else "not as it is: follow the next steps first"
    )
    parts += ["\n\n", ("Retrying  ", "bold"), retry]
    if failure.outcome_unknown:
        parts += [
            "\n",
            ("The outcome is unknown: verify (safe) before anything else.", "bold $text-error"),
        ]
    return Content.assemble(*parts)


class ErrorCallout(VerticalScroll):
    DEFAULT_CSS = """
    ErrorCallout {
        height: auto;
        max-height: 1fr;
        padding: 0 1;
        border: round $warning;
        border-title-style: bold;
    }
    ErrorCallout.-danger { border: round $error; }
    ErrorCallout.-warning { border: round $warning; }
    ErrorCallout.-info { border: round $primary; }
    ErrorCallout #search-elsewhere {
        margin-top: 1;
        display: none;
    }
    ErrorCallout.-offer-elsewhere #search-elsewhere {
        display: block;
    }
    """

    class SearchElsewhere(Message):
        """The user asked to look the failed token up in the other environments."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.failure: Failure | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="explanation")
        key = keymap_of(self).shown("lookup_elsewhere")
        yield Button(
            Content(f"Look it up in the other environments ({key})"),
            id="search-elsewhere",
            variant="primary",
        )

    @property
    def offers_elsewhere(self) -> bool:
        return self.has_class("-offer-elsewhere")

    def show(self, failure: Failure, title: str, offer_elsewhere: bool) -> None:
        self.failure = failure
        self.border_title = title
        for css_class in SEVERITY_CLASS.values():
            self.remove_class(css_class)
        self.add_class(SEVERITY_CLASS[failure.explanation.severity])
        self.set_class(offer_elsewhere and failure.unknown_token, "-offer-elsewhere")
        self.query_one("#explanation", Static).update(explanation_content(failure, safe_text(self)))

    @on(Button.Pressed, "#search-elsewhere")
    def _search(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.SearchElsewhere())
