"""What a flow may ask of the screen it serves, and nothing more: the widgets it drives, the
session, the screen's workers and toasts, and the few things one flow asks of another (the
screen routes those, so no flow holds another or the screen itself).

`MainScreen` provides it; a flow is given it as `host`. Kept to what the flows use today: a new
need is a new line here, which is the point — the screen's surface a flow can touch is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import ModalScreen
    from textual.widget import Widget
    from textual.worker import Worker

    from console.desk import LookupOutcome
    from console.tui.in_flight import InFlightRequest
    from console.tui.palette import PlainCommand
    from console.tui.session import ConsoleSession
    from console.tui.widgets.acknowledge_form import AcknowledgeForm
    from console.tui.widgets.consume_form import ConsumeForm
    from console.tui.widgets.environment_banner import EnvironmentBanner
    from console.tui.widgets.lookup_pane import LookupPane, LookupRequest
    from console.tui.widgets.result_area import ResultArea
    from console.tui.widgets.unknown_consumes_bar import UnknownConsumesBar

Answer = TypeVar("Answer")
Work = Callable[[], Coroutine[None, None, None]]


class FlowHost(Protocol):
    # --- the session and the widgets flows drive -----------------------------------------

    @property
    def session(self) -> ConsoleSession: ...

    @property
    def result(self) -> ResultArea: ...

    @property
    def form(self) -> ConsumeForm: ...

    @property
    def acknowledge_form(self) -> AcknowledgeForm: ...

    @property
    def lookup_pane(self) -> LookupPane: ...

    @property
    def banner(self) -> EnvironmentBanner: ...

    @property
    def unknown_bar(self) -> UnknownConsumesBar: ...

    @property
    def focused(self) -> Widget | None: ...

    def tab_content(self, tab: str) -> Widget | None:
        """What a lazily built tab holds, once it was first shown."""

    # --- the screen's services ----------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def refresh_bindings(self) -> None: ...

    def start_worker(
        self, work: Work, *, name: str, group: str, exclusive: bool = False
    ) -> Worker[None]:
        """Run `work` as the screen's worker (workers.py): Escape and a failure are handled
        in one place, whichever flow started it."""

    def cancel_workers(self, group: str) -> None: ...

    def busy(self, group: str) -> bool: ...

    async def ask(self, dialog: ModalScreen[Answer]) -> Answer:
        """Show a dialog and wait for its answer."""

    def offer(self, dialog: ModalScreen[Answer], answered: Callable[[Answer | None], None]) -> None:
        """Show a dialog; `answered` gets its answer."""

    def pick(self, entries: Sequence[PlainCommand], placeholder: str) -> None:
        """A palette of plain-text entries (palette.py); choosing one runs it."""

    def in_flight(self, request: InFlightRequest) -> AbstractContextManager[None]:
        """While the block runs, the screen says what is in flight (in_flight.py)."""

    @property
    def in_flight_requests(self) -> tuple[InFlightRequest, ...]:
        """What is in flight now, oldest first."""

    def copy_to_clipboard(self, text: str, copied: str, title: str) -> None:
        """Copy `text`; say `copied` only where the clipboard is known to receive it, else
        offer it in the copy box titled `title` (honest_copy.py)."""

    def clear_notifications(self) -> None: ...

    def batch_update(self) -> AbstractContextManager[None]:
        """Everything the block changes on screen is drawn in one frame."""

    def lay_out_now(self) -> None:
        """Lay the screen out and draw it now, not at the update timer's next turn
        (prompt_layout.py): an answer that replaced the loading indicator."""

    # --- what one flow asks of another (the screen routes it) ----------------------------

    @property
    def consuming(self) -> bool:
        """A consume was sent and its outcome is not shown yet."""

    def show_tab(self, tab: str) -> None: ...

    async def build_tab(self, tab: str) -> None:
        """Show a tab and wait until its content is mounted."""

    async def ready(self) -> None:
        """Wait until answers can be shown: the workspace open, the panes that show them
        mounted (both happen right after the first frame)."""

    def show_banner(self) -> None: ...

    def start_lookup(self, request: LookupRequest) -> None: ...

    def show_outcome(self, outcome: LookupOutcome) -> None: ...

    def refresh_consume_preview(self) -> None:
        """The write forms' verdicts on the purchase on screen (after a lookup, a change)."""

    def request_consume(self) -> None: ...

    def update_worklist_row(self, outcome: LookupOutcome) -> None: ...

    def report_history_failures(self) -> None: ...

    def refresh_history(self) -> None:
        """The history pane reads the history again (if built)."""

    def refresh_unknown_count(self) -> None:
        """Count the consumes of unknown outcome again, for the environment on the banner."""
