"""The environment check (the doctor, `nowgg-console env check` in the console): each step —
DNS, TCP, TLS, the verify path's spelling, the key — with its verdict, its words and its time,
so an on-call engineer sees at once whether the host, the network path, the certificate, the
path or the key is what fails.

The check runs in this dialog's own worker (a verify of a token that cannot exist, recorded
nowhere); while it runs the in-flight line says so and Escape stops it. `r` runs it again.
Every value is the server's or the config's text: `SafeText` in `Content`, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from console.tui.flows.workers import start_worker
from console.tui.in_flight import InFlightRequest, RequestKind
from console.tui.keys.bindings import keymap_of, scope_bindings, use_keymap
from console.tui.keys.scopes import CHECK, Scope
from console.tui.outside_text import SafeText, safe_text
from console.tui.widgets.in_flight_line import InFlightLine

if TYPE_CHECKING:
    from console.desk.environment_check import EnvironmentCheck
    from console.desk.workspace import Workspace
    from console.settings.environments import Environment

_CHECK_GROUP = "environment check"
_MARKS: dict[str, tuple[str, str]] = {
    "ok": ("  ok  ", "bold $text-success"),
    "warn": (" warn ", "bold $text-warning"),
    "fail": (" FAIL ", "bold $text-error"),
    "skipped": (" skip ", "$text-muted"),
}


def check_content(check: EnvironmentCheck, safe: SafeText) -> Content:
    environment = check.environment
    verdict = (
        ("Every step passed.", "bold $text-success")
        if check.ok
        else (f"It fails ({check.failure.value if check.failure else 'see below'}).", "bold")
    )
    parts: list[str | tuple[str, str]] = [
        (f"{safe(environment.name)}", "bold"),
        f"  ·  {safe(check.base_url)}\n",
        verdict,
    ]
    for step in check.steps:
        mark, style = _MARKS.get(step.status.value, (step.status.value, "bold"))
        took = f"{step.elapsed_ms:7.0f} ms" if step.elapsed_ms is not None else "       —  "
        parts += ["\n", (mark, style), f" {safe(step.name):<12} {took}  ", safe(step.detail)]
    for note in check.notes:
        parts += ["\n", ("note: ", "$text-muted"), safe(note)]
    return Content.assemble(*parts)


class EnvironmentCheckDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    EnvironmentCheckDialog {
        align: center middle;
    }
    EnvironmentCheckDialog > Vertical {
        width: 110;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    EnvironmentCheckDialog #check-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    EnvironmentCheckDialog Button {
        margin-left: 2;
    }
    """

    BINDINGS = scope_bindings(CHECK)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = CHECK

    def __init__(self, workspace: Workspace, environment: Environment, host: str) -> None:
        super().__init__()
        use_keymap(self, CHECK)
        self._workspace = workspace
        self._environment = environment
        self._host = host
        self.check: EnvironmentCheck | None = None
        """The last check's result, once one finished."""

    def compose(self) -> ComposeResult:
        keymap = keymap_of(self)
        with Vertical():
            yield Static(Content.assemble(("Environment check", "bold")), id="check-title")
            yield InFlightLine(cancel_binding="check.close", id="check-in-flight")
            yield Static("", id="check-steps")
            with Horizontal(id="check-buttons"):
                yield Button(Content(f"Again ({keymap.shown('check.again')})"), id="check-again")
                yield Button(Content("Close"), id="check-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#check-close", Button).focus()
        self.action_again()

    def action_again(self) -> None:
        start_worker(self, self._run, name="environment check", group=_CHECK_GROUP, exclusive=True)

    async def _run(self) -> None:
        steps = self.query_one("#check-steps", Static)
        steps.update(Content("DNS, TCP, TLS, the verify path, the key: one after the other…"))
        line = self.query_one(InFlightLine)
        request = InFlightRequest(
            RequestKind.ENVIRONMENT_CHECK, self._host, safe_text(self)(self._environment.name)
        )
        line.track([request])
        try:
            check = await self._workspace.check_environment(self._environment)
        finally:
            line.track([])
        self.check = check
        steps.update(check_content(check, safe_text(self)))

    @on(Button.Pressed, "#check-again")
    def _again(self) -> None:
        self.action_again()

    @on(Button.Pressed, "#check-close")
    def action_close(self) -> None:
        self.workers.cancel_group(self, _CHECK_GROUP)
        self.dismiss(None)
