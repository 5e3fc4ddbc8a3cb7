"""The main screen: the banner, the lookup pane, the answer with the consume form beside it,
the history and the worklist. It composes them and routes keys and messages to the flows
(`console/tui/flows/`), one job each; every operation goes through the desk (DESIGN.md).

It is the flows' `FlowHost` (flows/host.py): what a flow asks of another goes through here, so
no flow holds another, nor this screen.

The first frame is the banner and the token field: the environment in its colour, and where a
token is pasted, at once. Right after it the rest of the screen is mounted: the store picker,
the lines that are hidden until they have something to say (the shared history's, the unknown
consumes', the in-flight line), then the tabs, the answer pane, the consume form, the footer
(`MainBody`), their modules loaded in a thread first; and the
workspace — history, keys, the API client — opens in a thread; the history and worklist tabs
load when first shown, and a token given with `--token` is looked up once all is there. Until
then the keys that need the rest are dimmed, and Enter in the token field waits for it.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from functools import cached_property, partial
from typing import TYPE_CHECKING, ClassVar, Final, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from console.tui import long_lived, start_collections
from console.tui.crash_report import report_crash
from console.tui.flows.workers import (
    LOOKUP_GROUP,
    START_GROUP,
    failed_worker_message,
    start_worker,
)
from console.tui.keys.bindings import keymap_of, scope_bindings, use_keymap
from console.tui.keys.scopes import DETAIL, ELSEWHERE, HISTORY, MAIN, WORKLIST, Scope
from console.tui.session import ConsoleSession, session_of
from console.tui.start import StartRequest
from console.tui.widgets.environment_banner import EnvironmentBanner
from console.tui.widgets.lookup_pane import LookupPane, LookupRequest
from console.tui.widgets.tab_ids import HISTORY_TAB, PURCHASE_TAB, WORKLIST_TAB

if TYPE_CHECKING:
    from textual.widgets import TabbedContent

    from console.desk import LookupOutcome
    from console.tui.flows.acknowledge_flow import AcknowledgeFlow
    from console.tui.flows.consume_flow import ConsumeFlow
    from console.tui.flows.copy_flow import CopyFlow
    from console.tui.flows.elsewhere_flow import ElsewhereFlow
    from console.tui.flows.environment_flow import EnvironmentFlow
    from console.tui.flows.history_flow import HistoryFlow
    from console.tui.flows.host import Work
    from console.tui.flows.key_flow import KeyFlow
    from console.tui.flows.lookup_flow import LookupFlow
    from console.tui.flows.shared_history_flow import SharedHistoryFlow
    from console.tui.flows.tab_flow import TabFlow
    from console.tui.flows.unknown_flow import UnknownFlow
    from console.tui.flows.worklist_flow import WorklistFlow
    from console.tui.in_flight import InFlightRequest
    from console.tui.palette import PlainCommand
    from console.tui.widgets.acknowledge_form import AcknowledgeForm
    from console.tui.widgets.consume_form import ConsumeForm
    from console.tui.widgets.elsewhere_panel import ElsewherePanel
    from console.tui.widgets.history_pane import HistoryPane
    from console.tui.widgets.key_prompt import KeyPrompt
    from console.tui.widgets.purchase_detail import FieldTable
    from console.tui.widgets.result_area import ResultArea
    from console.tui.widgets.unknown_consumes_bar import UnknownConsumesBar
    from console.tui.widgets.worklist import Worklist

_BODY_MODULES: Final = (
    # The lines under the banner and the token field, hidden until they have news.
    "console.tui.widgets.shared_history_bar",
    "console.tui.widgets.unknown_consumes_bar",
    "console.tui.widgets.in_flight_line",
    "console.tui.widgets.main_body",
    "console.tui.widgets.steady_footer",
    # The flows the body's first messages make (its tabs, the consume form's preview).
    "console.tui.flows.tab_flow",
    "console.tui.flows.consume_flow",
)
_FIRST_FRAME_ACTIONS: Final = frozenset({"help", "lookup"})
"""What works before the rest of the screen is mounted (a few instants after start)."""
_AFTER_BODY_ACTIONS: Final = frozenset(
    {"show_purchase", "show_history", "open_worklist", "open_pasted_tokens"}
)
"""Keys pressed in those instants that wait for the body instead of being lost: an operator
who opens the console and types ctrl+t at once expects the worklist, not nothing."""

Answer = TypeVar("Answer")


class MainScreen(Screen[None]):
    BINDINGS = scope_bindings(MAIN)  # type: ignore[assignment]
    KEY_SCOPE: ClassVar[Scope] = MAIN

    def __init__(self, start: StartRequest) -> None:
        super().__init__()
        use_keymap(self, MAIN)
        self._start = start
        self.started = datetime.now(UTC)
        """This console's start: the history marks entries made since as this session's."""
        self.settled = False
        """The workspace is open and what the start asked for is under way (tests wait)."""
        self._body: asyncio.Future[None] | None = None
        self._in_flight: list[InFlightRequest] = []

    # --- the flows: each made (its module loaded) on first use, never before the first frame.
    # The first is right after it (the banner's key mark, the unknown consumes' count); the
    # rest when their key, tab or message first comes. Made once, on the event loop.

    @cached_property
    def tab_flow(self) -> TabFlow:
        from console.tui.flows.tab_flow import TabFlow

        return TabFlow(self, self._tabs)

    @cached_property
    def environment_flow(self) -> EnvironmentFlow:
        from console.tui.flows.environment_flow import EnvironmentFlow

        return EnvironmentFlow(self)

    @cached_property
    def lookup_flow(self) -> LookupFlow:
        from console.tui.flows.lookup_flow import LookupFlow

        return LookupFlow(self)

    @cached_property
    def elsewhere_flow(self) -> ElsewhereFlow:
        from console.tui.flows.elsewhere_flow import ElsewhereFlow

        return ElsewhereFlow(self)

    @cached_property
    def consume_flow(self) -> ConsumeFlow:
        from console.tui.flows.consume_flow import ConsumeFlow

        return ConsumeFlow(self)

    @cached_property
    def acknowledge_flow(self) -> AcknowledgeFlow:
        from console.tui.flows.acknowledge_flow import AcknowledgeFlow

        return AcknowledgeFlow(self)

    @cached_property
    def key_flow(self) -> KeyFlow:
        from console.tui.flows.key_flow import KeyFlow

        return KeyFlow(self)

    @cached_property
    def copy_flow(self) -> CopyFlow:
        from console.tui.flows.copy_flow import CopyFlow

        return CopyFlow(self)

    @cached_property
    def history_flow(self) -> HistoryFlow:
        from console.tui.flows.history_flow import HistoryFlow

        return HistoryFlow(self)

    @cached_property
    def worklist_flow(self) -> WorklistFlow:
        from console.tui.flows.worklist_flow import WorklistFlow

        # One confirmation at a time across the purchase tab and the worklist.
        return WorklistFlow(self, self.consume_flow.gate)

    @cached_property
    def unknown_flow(self) -> UnknownFlow:
        from console.tui.flows.unknown_flow import UnknownFlow

        return UnknownFlow(self)

    @cached_property
    def shared_history_flow(self) -> SharedHistoryFlow:
        from console.tui.flows.shared_history_flow import SharedHistoryFlow
        from console.tui.widgets.shared_history_bar import SharedHistoryBar  # with the body

        return SharedHistoryFlow(self, lambda: self.query_one("#shared-history", SharedHistoryBar))

    def _made(self, flow: str) -> bool:
        """Whether the flow named so exists yet (asking must not make it)."""
        return flow in self.__dict__

    @property
    def session(self) -> ConsoleSession:
        return session_of(self)

    @property
    def consuming(self) -> bool:
        """A consume (or an acknowledge) was sent and its outcome is not shown yet."""
        # A flow not made yet has sent nothing.
        return (
            (self._made("consume_flow") and self.consume_flow.consuming)
            or (self._made("worklist_flow") and self.worklist_flow.consuming)
            or (self._made("acknowledge_flow") and self.acknowledge_flow.acknowledging)
        )

    def compose(self) -> ComposeResult:
        # The lines that are hidden at start come right after the first frame, in their places:
        # the shared history's and the unknown consumes' under the banner, the in-flight line
        # under the lookup pane (`_mount_body_once`).
        yield EnvironmentBanner(id="banner")
        yield LookupPane(self.session.environment.default_store, id="lookup")

    async def _mount_body(self) -> None:
        """The rest of the screen, right after the first frame (once; later calls wait)."""
        if self._body is None:
            self._body = asyncio.ensure_future(self._mount_body_once())
        await asyncio.shield(self._body)

    async def _mount_body_once(self) -> None:
        # The store picker beside the token field first: the nearest to what the first
        # frame shows (lookup_pane.py).
        await self.lookup_pane.add_store_fields()
        # Loaded in a thread: the token field takes keys meanwhile.
        await asyncio.to_thread(lambda: [importlib.import_module(m) for m in _BODY_MODULES])
        from console.tui.widgets.in_flight_line import InFlightLine
        from console.tui.widgets.main_body import MainBody
        from console.tui.widgets.shared_history_bar import SharedHistoryBar
        from console.tui.widgets.steady_footer import SteadyFooter
        from console.tui.widgets.unknown_consumes_bar import UnknownConsumesBar

        # Hidden (display: none) until they have news: their places, and nothing moves.
        await self.mount_all(
            [SharedHistoryBar(id="shared-history"), UnknownConsumesBar(id="unknown-consumes")],
            after=self.banner,
        )
        await self.mount(InFlightLine(id="in-flight"), after=self.lookup_pane)
        await self.mount_all(
            [
                MainBody(
                    self._history_pane,
                    self._worklist,
                    id="body",
                    webhooks=self._webhooks_pane,
                ),
                SteadyFooter(),
            ]
        )
        self.refresh_bindings()

    @property
    def body_mounted(self) -> bool:
        return self._body is not None and self._body.done()

    def _tabs(self) -> TabbedContent:
        from textual.widgets import TabbedContent

        return self.query_one("#panes", TabbedContent)

    def _webhooks_pane(self) -> Widget:
        # Loaded, and its listener started, when the tab first shows.
        from console.tui.widgets.webhooks_pane import WebhooksPane

        session = self.session
        return WebhooksPane(session.environment, session.workspace, id="webhooks-pane")

    def _history_pane(self) -> HistoryPane:
        # Loaded when the tab first shows, once the workspace is open (tab_flow.py).
        from console.tui.widgets.history_pane import HistoryPane

        return HistoryPane(self.session.workspace, session_started=self.started)

    def _worklist(self) -> Worklist:
        from console.tui.widgets.worklist import Worklist

        return Worklist(self.session.workspace, lambda: self.session.desk, in_flight=self.in_flight)

    @property
    def result(self) -> ResultArea:
        from console.tui.widgets.result_area import ResultArea  # with the body

        return self.query_one("#result", ResultArea)

    @property
    def form(self) -> ConsumeForm:
        from console.tui.widgets.consume_form import ConsumeForm  # with the body

        return self.query_one("#consume-form", ConsumeForm)

    @property
    def acknowledge_form(self) -> AcknowledgeForm:
        from console.tui.widgets.acknowledge_form import AcknowledgeForm  # with the body

        return self.query_one("#acknowledge-form", AcknowledgeForm)

    @property
    def lookup_pane(self) -> LookupPane:
        return self.query_one(LookupPane)

    @property
    def banner(self) -> EnvironmentBanner:
        return self.query_one(EnvironmentBanner)

    @property
    def unknown_bar(self) -> UnknownConsumesBar:
        from console.tui.widgets.unknown_consumes_bar import UnknownConsumesBar  # with the body

        return self.query_one("#unknown-consumes", UnknownConsumesBar)

    def on_mount(self) -> None:
        # The banner from the config file (its key mark fills in once known).
        self.banner.show(self.session.environment, self.session.environment.host, None)
        self.lookup_pane.token_input.focus()
        self.call_after_refresh(
            self.start_worker, self._after_first_frame, name="open workspace", group=START_GROUP
        )

    async def _after_first_frame(self) -> None:
        """The rest of the screen, and the workspace (in a thread); then what needs them:
        the banner's key mark and host, the key prompt when there is no key, and what the
        start asked for."""
        # What the start made lives as long as the console; collections resume, leaving it be.
        start_collections.first_frame_drawn()
        session = self.session
        # The screen first, then the workspace: both load modules in a thread, and the one
        # that would load httpx, the keyring and SQLite meanwhile would slow the screen down.
        await self._mount_body()
        await self.ready()
        environment = session.environment
        self.environment_flow.show_banner()
        # As soon as the history is open: a consume left unknown must not be missed.
        self.unknown_flow.refresh_count()
        self.shared_history_flow.refresh()
        await self._show_config_notice()
        await self.environment_flow.check_key(prompt=True)
        if self._start.token:
            request = LookupRequest(self._start.token, environment.default_store.value, None, None)
            self.lookup_pane.fill(request)
            self.lookup_flow.start(self.lookup_pane.request())
        if self._start.worklist_text:
            # The file's skipped lines go to the worklist's notices, never toasts.
            await self.worklist_flow.start_with(
                self._start.worklist_text, self._start.worklist_notes
            )
        # The screen, the workspace and their modules now live as long as the console: full
        # garbage collections stop walking them, or one lands on a lookup's answer (~100 ms).
        long_lived.settle()
        self.settled = True

    def on_unmount(self) -> None:
        long_lived.release()

    async def _show_config_notice(self) -> None:
        """The config file was ignored: said under the banner until dismissed."""
        settings = self.session.settings
        if not settings.ignored:
            return
        from console.tui.widgets.config_notice import ConfigNotice

        notice = ConfigNotice(str(settings.path), settings.problems, id="config-notice")
        await self.mount(notice, after=self.unknown_bar)
        self.refresh_bindings()

    def action_dismiss_notice(self) -> None:
        for notice in self.query("#config-notice"):
            notice.remove()
        self.call_after_refresh(self.refresh_bindings)

    def on_config_notice_dismissed(self) -> None:
        self.action_dismiss_notice()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that mean nothing now are dimmed in the footer (None), and the search in
        other environments shows only after an invalid token (False hides it). In the few
        instants before the rest of the screen is mounted, only help and the token field."""
        if not self.body_mounted:
            return True if action in _FIRST_FRAME_ACTIONS | _AFTER_BODY_ACTIONS else None
        outcome = self.result.outcome
        if action == "lookup_elsewhere":
            return self.elsewhere_flow.offered()
        if action == "dismiss_notice":
            return True if self.query("#config-notice") else None
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
        if not self.body_mounted:
            self.lookup_pane.token_input.focus()
            return
        self.lookup_flow.look_up_or_focus()

    def action_cancel(self) -> None:
        self.lookup_flow.cancel()

    def action_toggle_raw(self) -> None:
        self.lookup_flow.toggle_raw()

    def action_lookup_elsewhere(self) -> None:
        self.elsewhere_flow.search()

    def action_consume(self) -> None:
        self.consume_flow.request()

    async def action_acknowledge(self) -> None:
        await self.acknowledge_flow.open()

    def action_set_key(self) -> None:
        self.key_flow.ask()

    def action_copy_value(self) -> None:
        self.copy_flow.copy_value()

    def action_copy_curl(self) -> None:
        self.copy_flow.copy_curl()

    async def action_show_purchase(self) -> None:
        await self._mount_body()
        self.tab_flow.show(PURCHASE_TAB)

    async def action_show_history(self) -> None:
        await self._mount_body()
        await self.history_flow.open()

    async def action_open_worklist(self) -> None:
        await self._mount_body()
        await self.worklist_flow.open()

    async def action_open_pasted_tokens(self) -> None:
        """The tokens of the last paste of several into the token field (kept by the lookup
        pane, which said so), loaded into the worklist tab and verified."""
        tokens = self.lookup_pane.take_pasted_tokens()
        if not tokens:
            worklist_key = keymap_of(self).shown("worklist")
            self.notify(
                "No paste of several tokens is waiting: paste them into the token field, or "
                f"open the worklist ({worklist_key}) and paste them there.",
                timeout=5,
            )
            return
        await self._mount_body()
        await self.worklist_flow.start_with("\n".join(tokens))

    def action_explain_code(self) -> None:
        from console.tui.dialogs.explain_box import ExplainBox

        self.app.push_screen(ExplainBox())

    def action_choose_theme(self) -> None:
        self.session.action_choose_theme()

    def action_resolve_unknown(self) -> None:
        self.unknown_flow.resolve(None)

    def action_check_environment(self) -> None:
        """The doctor, in a dialog of its own: it runs there, Escape stops it."""
        from console.tui.dialogs.environment_check import EnvironmentCheckDialog

        session = self.session
        if not session.is_open:
            self.notify("The console is still opening: check again in a moment.", timeout=3)
            return
        dialog = EnvironmentCheckDialog(session.workspace, session.environment, session.desk.host)
        self.app.push_screen(dialog)

    def action_help(self) -> None:
        self.session.action_help()

    async def scope_node(self, scope: Scope) -> Widget | None:
        """The widget whose bindings are `scope`'s: this screen, or a pane inside it (a tab
        is built and shown first, as its key would find it)."""
        if scope is MAIN:
            return self
        if scope in (DETAIL, ELSEWHERE):
            await self.ready()
            return self.query_one("#fields" if scope is DETAIL else "#elsewhere")
        tab = {WORKLIST: WORKLIST_TAB, HISTORY: HISTORY_TAB}.get(scope)
        if tab is None:
            return None
        await self.build_tab(tab)
        return self.tab_content(tab)

    # --- FlowHost: the screen's services, and what one flow asks of another ---------------

    def tab_content(self, tab: str) -> Widget | None:
        return self.tab_flow.content(tab)

    def start_worker(
        self, work: Work, *, name: str, group: str, exclusive: bool = False
    ) -> Worker[None]:
        return start_worker(self, work, name=name, group=group, exclusive=exclusive)

    def cancel_workers(self, group: str) -> None:
        self.workers.cancel_group(self, group)

    def busy(self, group: str) -> bool:
        return any(worker.group == group and worker.is_running for worker in self.workers)

    async def ask(self, dialog: ModalScreen[Answer]) -> Answer:
        return await self.app.push_screen_wait(dialog)

    def offer(self, dialog: ModalScreen[Answer], answered: Callable[[Answer | None], None]) -> None:
        self.app.push_screen(dialog, answered)

    def pick(self, entries: Sequence[PlainCommand], placeholder: str) -> None:
        from console.tui.palette import plain_palette  # with the first list to pick from

        self.app.push_screen(plain_palette(self, entries, placeholder))

    @contextmanager
    def in_flight(self, request: InFlightRequest) -> Iterator[None]:
        from console.tui.widgets.in_flight_line import InFlightLine  # with the body

        line = self.query_one("#in-flight", InFlightLine)
        self._in_flight.append(request)
        line.track(self._in_flight)
        try:
            yield
        finally:
            self._in_flight.remove(request)
            line.track(self._in_flight)

    @property
    def in_flight_requests(self) -> tuple[InFlightRequest, ...]:
        """What is in flight now, oldest first."""
        return tuple(self._in_flight)

    def copy_to_clipboard(self, text: str, copied: str, title: str) -> None:
        from console.tui.honest_copy import copy_honestly

        copy_honestly(self, text, copied, title, data_directory=self.session.data_directory)

    def clear_notifications(self) -> None:
        self.app.clear_notifications()

    def batch_update(self) -> AbstractContextManager[None]:
        return self.app.batch_update()

    def lay_out_now(self) -> None:
        from console.tui.prompt_layout import lay_out_now

        lay_out_now(self)

    def show_tab(self, tab: str) -> None:
        self.tab_flow.show(tab)

    async def build_tab(self, tab: str) -> None:
        await self.tab_flow.build(tab)

    async def ready(self) -> None:
        await self._mount_body()
        await self.session.opened()
        await self.result.prepare()

    def show_banner(self) -> None:
        self.environment_flow.show_banner()

    def start_lookup(self, request: LookupRequest) -> None:
        self.lookup_flow.start(request)

    def show_outcome(self, outcome: LookupOutcome) -> None:
        self.lookup_flow.show_outcome(outcome)

    def refresh_consume_preview(self) -> None:
        self.consume_flow.refresh_preview()
        self.acknowledge_flow.follow()

    def request_consume(self) -> None:
        self.consume_flow.request()

    def update_worklist_row(self, outcome: LookupOutcome) -> None:
        self.worklist_flow.update_row(outcome)

    def report_history_failures(self) -> None:
        self.history_flow.report_write_failures()
        # After each write: a shared history's server may have gone (or come back).
        self.shared_history_flow.refresh()

    def refresh_history(self) -> None:
        self.history_flow.refresh()

    def refresh_unknown_count(self) -> None:
        self.unknown_flow.refresh_count()

    # --- messages from the widgets --------------------------------------------------------

    @on(LookupPane.Submitted)
    def _lookup_submitted(self, event: LookupPane.Submitted) -> None:
        if not event.request.token.strip():
            return
        if self.body_mounted:
            self.lookup_flow.start(event.request)
        else:  # Enter in the first instants: the lookup starts once the screen is whole
            self.start_worker(
                partial(self._look_up_when_ready, event.request),
                name="lookup at start",
                group=LOOKUP_GROUP,
            )

    async def _look_up_when_ready(self, request: LookupRequest) -> None:
        await self._mount_body()
        self.lookup_flow.start(request)

    # Everything below the token field loads after the first frame (the body, the answer
    # parts, the history and the worklist with their tab): their messages are handled by name.

    def on_error_callout_search_elsewhere(self) -> None:
        self.elsewhere_flow.search()

    def on_elsewhere_panel_switch_to(self, event: ElsewherePanel.SwitchTo) -> None:
        self.elsewhere_flow.switch_to(event.found)

    def on_consume_form_changed(self) -> None:
        self.consume_flow.refresh_preview()

    def on_consume_form_requested(self, event: ConsumeForm.Requested) -> None:
        event.stop()
        self.consume_flow.request()

    def on_acknowledge_form_requested(self, event: AcknowledgeForm.Requested) -> None:
        event.stop()
        self.acknowledge_flow.request(event.force)

    def on_key_prompt_submitted(self, event: KeyPrompt.Submitted) -> None:
        event.stop()
        self.key_flow.submitted(event.environment, event.value, session_only=event.session_only)

    def on_field_table_copy_requested(self, event: FieldTable.CopyRequested) -> None:
        self.copy_flow.copy_field(event.field)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != "panes":
            return
        self.tab_flow.activated(event.pane)
        if event.pane.id == HISTORY_TAB:
            # The desk wrote to the history meanwhile: show what it wrote.
            self.history_flow.refresh()

    def on_history_pane_show_entry(self, event: HistoryPane.ShowEntry) -> None:
        self.history_flow.entry_chosen(event.entry)

    def on_history_pane_rerun_lookup(self, event: HistoryPane.RerunLookup) -> None:
        self.history_flow.rerun(event.entry)

    def on_history_pane_resolve_entry(self, event: HistoryPane.ResolveEntry) -> None:
        if event.entry.id is not None:
            self.unknown_flow.resolve([event.entry.id], where=event.entry.host)

    def on_worklist_selected(self, event: Worklist.Selected) -> None:
        self.worklist_flow.row_selected(event.outcome)

    def on_worklist_consume_requested(self, event: Worklist.ConsumeRequested) -> None:
        self.worklist_flow.consume_row(event.outcome, event.index, event.item)

    def on_worklist_bulk_consume_requested(self, event: Worklist.BulkConsumeRequested) -> None:
        self.worklist_flow.consume_selected(event.indices)

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
