"""The main screen: the banner, the lookup pane, the answer with the consume form beside it,
the history and the worklist. It composes them and routes keys and messages to the flows
(`console/tui/flows/`), one job each; every operation goes through the desk (DESIGN.md).

It is the flows' `FlowHost` (flows/host.py): what a flow asks of another goes through here, so
no flow holds another, nor this screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from console.desk import LookupOutcome
from console.tui.crash_report import report_crash
from console.tui.flows.consume_flow import ConsumeFlow
from console.tui.flows.copy_flow import CopyFlow
from console.tui.flows.elsewhere_flow import ElsewhereFlow
from console.tui.flows.environment_flow import EnvironmentFlow
from console.tui.flows.history_flow import HistoryFlow
from console.tui.flows.host import Work
from console.tui.flows.key_flow import KeyFlow
from console.tui.flows.lookup_flow import LookupFlow
from console.tui.flows.tab_flow import HISTORY_TAB, PURCHASE_TAB, WORKLIST_TAB, TabFlow
from console.tui.flows.workers import failed_worker_message, start_worker
from console.tui.flows.worklist_flow import WorklistFlow
from console.tui.keys.bindings import scope_bindings, use_keymap
from console.tui.keys.scopes import DETAIL, ELSEWHERE, HISTORY, MAIN, WORKLIST, Scope
from console.tui.palette import PlainCommand, plain_palette
from console.tui.session import ConsoleSession, session_of
from console.tui.start import StartRequest
from console.tui.widgets.consume_form import ConsumeForm
from console.tui.widgets.elsewhere_panel import ElsewherePanel
from console.tui.widgets.environment_banner import EnvironmentBanner
from console.tui.widgets.error_callout import ErrorCallout
from console.tui.widgets.history_pane import HistoryPane
from console.tui.widgets.key_prompt import KeyPrompt
from console.tui.widgets.lazy_tab_pane import LazyTabPane
from console.tui.widgets.lookup_pane import LookupPane, LookupRequest
from console.tui.widgets.purchase_detail import FieldTable
from console.tui.widgets.result_area import ResultArea
from console.tui.widgets.steady_footer import SteadyFooter
from console.tui.widgets.worklist import Worklist

Answer = TypeVar("Answer")


class MainScreen(Screen[None]):
    DEFAULT_CSS = """
    MainScreen #panes {
        height: 1fr;
    }
    MainScreen #purchase-row {
        height: 1fr;
    }
    """

    BINDINGS = scope_bindings(MAIN)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = MAIN

    def __init__(self, start: StartRequest) -> None:
        super().__init__()
        use_keymap(self, MAIN)
        self._start = start
        self.started = datetime.now(UTC)
        """This console's start: the history marks entries made since as this session's."""
        self.tab_flow = TabFlow(self, lambda: self.query_one("#panes", TabbedContent))
        self.environment_flow = EnvironmentFlow(self)
        self.lookup_flow = LookupFlow(self)
        self.elsewhere_flow = ElsewhereFlow(self)
        self.consume_flow = ConsumeFlow(self)
        self.key_flow = KeyFlow(self)
        self.copy_flow = CopyFlow(self)
        self.history_flow = HistoryFlow(self)
        self.worklist_flow = WorklistFlow(self)

    @property
    def session(self) -> ConsoleSession:
        return session_of(self)

    @property
    def consuming(self) -> bool:
        """A consume was sent and its outcome is not shown yet."""
        return self.consume_flow.consuming

    def compose(self) -> ComposeResult:
        session = self.session
        workspace = session.workspace
        yield EnvironmentBanner(id="banner")
        yield LookupPane(session.environment.default_store, id="lookup")
        with TabbedContent(id="panes"):
            with TabPane("Purchase", id=PURCHASE_TAB), Horizontal(id="purchase-row"):
                yield ResultArea(id="result")
                yield ConsumeForm(id="consume-form")
            yield LazyTabPane(
                "History",
                lambda: HistoryPane(workspace, session_started=self.started),
                id=HISTORY_TAB,
            )
            yield LazyTabPane(
                "Worklist",
                lambda: Worklist(workspace, lambda: self.session.desk),
                id=WORKLIST_TAB,
            )
        yield SteadyFooter()

    @property
    def result(self) -> ResultArea:
        return self.query_one(ResultArea)

    @property
    def form(self) -> ConsumeForm:
        return self.query_one(ConsumeForm)

    @property
    def lookup_pane(self) -> LookupPane:
        return self.query_one(LookupPane)

    @property
    def banner(self) -> EnvironmentBanner:
        return self.query_one(EnvironmentBanner)

    def on_mount(self) -> None:
        self.environment_flow.show_banner()
        self.lookup_pane.token_input.focus()
        environment = self.session.environment
        if not self.session.workspace.has_key(environment):
            self.result.show_key_prompt(environment, None)
        if self._start.token:
            request = LookupRequest(self._start.token, environment.default_store.value, None, None)
            self.lookup_pane.fill(request)
            self.lookup_flow.start(self.lookup_pane.request())
        if self._start.worklist_text:
            self.worklist_flow.start_with(self._start.worklist_text)
        for note in self._start.worklist_notes:
            self.notify(note, title="tokens file", severity="warning", timeout=12)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that mean nothing now are dimmed in the footer (None), and the search in
        other environments shows only after an invalid token (False hides it)."""
        try:
            outcome = self.result.outcome
        except NoMatches:  # asked before the panes exist
            return True
        if action == "lookup_elsewhere":
            return self.elsewhere_flow.offered()
        if action in ("toggle_raw", "copy_value", "copy_curl"):
            return True if outcome is not None else None
        return True

    def environment_changed(self, show: LookupOutcome | None = None) -> None:
        """The app switched: nothing of the old environment may stay on screen."""
        self.environment_flow.changed(show)

    # --- actions: the keys, the footer and the command palette (actions.py) ---------------

    def action_switch_environment(self) -> None:
        self.environment_flow.choose()

    def action_lookup(self) -> None:
        self.lookup_flow.look_up_or_focus()

    def action_cancel(self) -> None:
        self.lookup_flow.cancel()

    def action_toggle_raw(self) -> None:
        self.lookup_flow.toggle_raw()

    @on(ErrorCallout.SearchElsewhere)
    def action_lookup_elsewhere(self) -> None:
        self.elsewhere_flow.search()

    def action_consume(self) -> None:
        self.consume_flow.request()

    def action_set_key(self) -> None:
        self.key_flow.ask()

    def action_copy_value(self) -> None:
        self.copy_flow.copy_value()

    def action_copy_curl(self) -> None:
        self.copy_flow.copy_curl()

    def action_show_purchase(self) -> None:
        self.tab_flow.show(PURCHASE_TAB)

    async def action_show_history(self) -> None:
        await self.history_flow.open()

    async def action_open_worklist(self) -> None:
        await self.worklist_flow.open()

    def action_choose_theme(self) -> None:
        self.session.action_choose_theme()

    def action_help(self) -> None:
        self.session.action_help()

    async def scope_node(self, scope: Scope) -> Widget | None:
        """The widget whose bindings are `scope`'s: this screen, or a pane inside it (a tab
        is built and shown first, as its key would find it)."""
        if scope is MAIN:
            return self
        if scope is DETAIL:
            return self.query_one(FieldTable)
        if scope is ELSEWHERE:
            return self.query_one(ElsewherePanel)
        tab = {WORKLIST: WORKLIST_TAB, HISTORY: HISTORY_TAB}.get(scope)
        if tab is None:
            return None
        await self.build_tab(tab)
        return self.tab_content(tab)

    # --- FlowHost: the screen's services, and what one flow asks of another ---------------

    def tab_content(self, tab: str) -> Widget | None:
        return self.tab_flow.content(tab)

    def start_worker(self, work: Work, *, name: str, group: str, exclusive: bool = False) -> None:
        start_worker(self, work, name=name, group=group, exclusive=exclusive)

    def cancel_workers(self, group: str) -> None:
        self.workers.cancel_group(self, group)

    def busy(self, group: str) -> bool:
        return any(worker.group == group and worker.is_running for worker in self.workers)

    async def ask(self, dialog: ModalScreen[Answer]) -> Answer:
        return await self.app.push_screen_wait(dialog)

    def offer(self, dialog: ModalScreen[Answer], answered: Callable[[Answer | None], None]) -> None:
        self.app.push_screen(dialog, answered)

    def pick(self, entries: Sequence[PlainCommand], placeholder: str) -> None:
        self.app.push_screen(plain_palette(self, entries, placeholder))

    def copy_to_clipboard(self, text: str) -> None:
        self.app.copy_to_clipboard(text)

    def clear_notifications(self) -> None:
        self.app.clear_notifications()

    def show_tab(self, tab: str) -> None:
        self.tab_flow.show(tab)

    async def build_tab(self, tab: str) -> None:
        await self.tab_flow.build(tab)

    def show_banner(self) -> None:
        self.environment_flow.show_banner()

    def start_lookup(self, request: LookupRequest) -> None:
        self.lookup_flow.start(request)

    def show_outcome(self, outcome: LookupOutcome) -> None:
        self.lookup_flow.show_outcome(outcome)

    def refresh_consume_preview(self) -> None:
        self.consume_flow.refresh_preview()

    def request_consume(self) -> None:
        self.consume_flow.request()

    def update_worklist_row(self, outcome: LookupOutcome) -> None:
        self.worklist_flow.update_row(outcome)

    def report_history_failures(self) -> None:
        self.history_flow.report_write_failures()

    # --- messages from the widgets --------------------------------------------------------

    @on(LookupPane.Submitted)
    def _lookup_submitted(self, event: LookupPane.Submitted) -> None:
        if event.request.token.strip():
            self.lookup_flow.start(event.request)

    @on(ElsewherePanel.SwitchTo)
    def _switch_to_found(self, event: ElsewherePanel.SwitchTo) -> None:
        self.elsewhere_flow.switch_to(event.found)

    @on(ConsumeForm.Changed)
    def _consume_form_changed(self) -> None:
        self.consume_flow.refresh_preview()

    @on(ConsumeForm.Requested)
    def _consume_requested(self, event: ConsumeForm.Requested) -> None:
        event.stop()
        self.consume_flow.request()

    @on(KeyPrompt.Submitted)
    def _key_submitted(self, event: KeyPrompt.Submitted) -> None:
        event.stop()
        self.key_flow.submitted(event.environment, event.value)

    @on(FieldTable.CopyRequested)
    def _copy_field(self, event: FieldTable.CopyRequested) -> None:
        self.copy_flow.copy_field(event.field)

    @on(TabbedContent.TabActivated, "#panes")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.tab_flow.activated(event.pane)
        if event.pane.id == HISTORY_TAB:
            # The desk wrote to the history meanwhile: show what it wrote.
            self.history_flow.refresh()

    @on(HistoryPane.ShowEntry)
    def _history_entry(self, event: HistoryPane.ShowEntry) -> None:
        self.history_flow.entry_chosen(event.entry)

    @on(HistoryPane.RerunLookup)
    def _history_rerun(self, event: HistoryPane.RerunLookup) -> None:
        self.history_flow.rerun(event.entry)

    @on(Worklist.Selected)
    def _worklist_selected(self, event: Worklist.Selected) -> None:
        self.worklist_flow.row_selected(event.outcome)

    @on(Worklist.ConsumeRequested)
    def _worklist_consume(self, event: Worklist.ConsumeRequested) -> None:
        self.worklist_flow.consume_row(event.outcome)

    # --- a bug below must not take the screen down mid-incident -------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.node is not self:
            return
        error = event.worker.error
        message = failed_worker_message(event.worker.group, error)
        if error is not None:
            # The screen stays up; the details go where a crash's would (crash_report.py).
            session = self.session
            report = report_crash(
                error,
                session.data_directory,
                keys=session.known_keys(),
                context=[f"worker: {event.worker.name} ({event.worker.group})"],
            )
            where = report.log or report.log_problem
            message += f" Details: {where}"
        self.result.show_hint(message)
        self.notify(message, title="Bug in the console", severity="error", timeout=15)
