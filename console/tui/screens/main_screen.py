"""The main screen: the banner, the lookup pane, the answer with the consume form beside it,
the history and the worklist — and the flows between them. Each request runs in a worker, so
the screen never freezes; every operation goes through the desk (DESIGN.md).

Workers: lookups (and the verify-first of a consume, and the search in other environments) are
in the group `lookup`, which Escape cancels — they only read. A consume that was sent is in the
group `consume`, which nothing cancels: its outcome must be known and shown.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Footer, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from console.desk import ConsumePlan, ConsumeStatus, LookupOutcome, preview_consume
from console.desk.workspace import Elsewhere
from console.history.scrub import scrub
from console.payments.apikey import ApiKey
from console.settings.environments import Environment
from console.settings.keyring_errors import KeyringUnavailable
from console.tui.actions import bindings
from console.tui.clipboard import copy_choices, ticket_summary
from console.tui.screens.confirm_consume import ConfirmConsume
from console.tui.screens.environment_picker import EnvironmentPicker
from console.tui.start import StartRequest
from console.tui.widgets.consume_form import ConsumeForm, ConsumeRequest
from console.tui.widgets.elsewhere_panel import ElsewherePanel
from console.tui.widgets.environment_banner import EnvironmentBanner
from console.tui.widgets.error_callout import INVALID_PURCHASE_TOKEN, ErrorCallout
from console.tui.widgets.history_pane import HistoryPane
from console.tui.widgets.key_prompt import KeyPrompt
from console.tui.widgets.lookup_pane import LookupPane, LookupRequest
from console.tui.widgets.purchase_detail import FieldTable, copyable
from console.tui.widgets.result_area import ResultArea
from console.tui.widgets.worklist import Worklist

if TYPE_CHECKING:
    from console.tui.app import ConsoleApp

LOOKUP_GROUP = "lookup"
CONSUME_GROUP = "consume"
INVALID_AUTHORIZATION_KEY = 3900


class MainScreen(Screen[None]):
    DEFAULT_CSS = """
    MainScreen #panes {
        height: 1fr;
    }
    MainScreen #purchase-row {
        height: 1fr;
    }
    """

    BINDINGS = bindings()  # type: ignore[assignment]

    def __init__(self, start: StartRequest) -> None:
        super().__init__()
        self._start = start
        self.consuming = False

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        workspace = self.console.workspace
        yield EnvironmentBanner(id="banner")
        yield LookupPane(self.console.environment.default_store, id="lookup")
        with TabbedContent(id="panes"):
            with TabPane("Purchase", id="purchase-tab"), Horizontal(id="purchase-row"):
                yield ResultArea(id="result")
                yield ConsumeForm(id="consume-form")
            with TabPane("History", id="history-tab"):
                yield HistoryPane(workspace)
            with TabPane("Worklist", id="worklist-tab"):
                yield Worklist(workspace, lambda: self.console.desk)
        yield Footer()

    @property
    def result(self) -> ResultArea:
        return self.query_one(ResultArea)

    @property
    def form(self) -> ConsumeForm:
        return self.query_one(ConsumeForm)

    @property
    def lookup_pane(self) -> LookupPane:
        return self.query_one(LookupPane)

    def on_mount(self) -> None:
        self._show_banner()
        self.lookup_pane.token_input.focus()
        environment = self.console.environment
        if not self.console.workspace.has_key(environment):
            self.result.show_key_prompt(environment, None)
        if self._start.token:
            token = self._start.token
            self.lookup_pane.fill(LookupRequest(token, environment.default_store.value, None, None))
            self._start_lookup(self.lookup_pane.request())
        if self._start.worklist_text:
            self._show_tab("worklist-tab")
            self.query_one(Worklist).load_text(self._start.worklist_text)
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
            failure = outcome.failure if outcome else None
            return failure is not None and failure.api_code == INVALID_PURCHASE_TOKEN
        if action in ("toggle_raw", "copy_value", "copy_curl"):
            return True if outcome is not None else None
        return True

    # --- environment --------------------------------------------------------------------

    def _show_banner(self) -> None:
        environment = self.console.environment
        self.query_one(EnvironmentBanner).show(
            environment, self.console.desk.host, self.console.workspace.has_key(environment)
        )

    def environment_changed(self, show: LookupOutcome | None = None) -> None:
        """The app switched: nothing of the old environment may stay on screen."""
        self.workers.cancel_group(self, LOOKUP_GROUP)
        environment = self.console.environment
        self._show_banner()
        self.lookup_pane.reset_store(environment.default_store)
        self.lookup_pane.show_changes(())
        self.form.clear()
        self.result.show_hint()
        self._show_tab("purchase-tab")
        if show is not None and show.environment == environment:
            if show.query is not None:
                query = show.query
                self.lookup_pane.fill(
                    LookupRequest(query.token, query.store.value, query.product_id, query.currency)
                )
            self._show_outcome(show)
        elif not self.console.workspace.has_key(environment):
            self.result.show_key_prompt(environment, None)
        self.refresh_bindings()
        self.notify(f"Now on {environment.name} · {self.console.desk.host}", timeout=3)

    def action_switch_environment(self) -> None:
        workspace = self.console.workspace
        keys = {env.name: workspace.has_key(env) for env in workspace.environments}

        def chosen(environment: Environment | None) -> None:
            if environment is not None:
                self.console.switch_environment(environment)

        self.app.push_screen(
            EnvironmentPicker(workspace.environments, self.console.environment, keys), chosen
        )

    # --- lookup -------------------------------------------------------------------------

    def action_lookup(self) -> None:
        self._show_tab("purchase-tab")
        field = self.lookup_pane.token_input
        if field.value.strip() and self.focused is field:
            self._start_lookup(self.lookup_pane.request())
        field.focus()

    @on(LookupPane.Submitted)
    def _lookup_submitted(self, event: LookupPane.Submitted) -> None:
        if event.request.token.strip():
            self._start_lookup(event.request)

    def _start_lookup(self, request: LookupRequest) -> None:
        self._show_tab("purchase-tab")
        self.form.clear("Looking up…")
        self.result.show_loading()
        self._lookup(self.console.environment, request)

    @work(exclusive=True, group=LOOKUP_GROUP, exit_on_error=False)
    async def _lookup(self, environment: Environment, request: LookupRequest) -> None:
        desk = self.console.workspace.desk(environment)
        outcome = await desk.lookup(
            request.token, store=request.store, product_id=request.product_id,
            currency=request.currency,
        )
        if environment == self.console.environment:
            self._show_outcome(outcome)

    def _show_outcome(self, outcome: LookupOutcome) -> None:
        self._show_banner()  # the embedded sandbox's address is known once it runs
        self.lookup_pane.show_changes(outcome.token_changes)
        self.result.show_lookup(outcome, offer_elsewhere=True)
        failure = outcome.failure
        if failure is not None and (
            failure.category == "key" or failure.api_code == INVALID_AUTHORIZATION_KEY
        ):
            self.result.show_key_prompt(outcome.environment, failure.reason)
        if outcome.decoded is not None:
            self.form.fill(outcome)
            self._refresh_preview()
        else:
            self.form.clear("Nothing to consume: the lookup failed.")
        self.refresh_bindings()

    def action_cancel(self) -> None:
        running = [
            worker for worker in self.workers
            if worker.group == LOOKUP_GROUP and worker.is_running
        ]
        if running:
            self.workers.cancel_group(self, LOOKUP_GROUP)
            self.result.show_hint("Lookup cancelled. Press Enter in the token field to try again.")
            self.form.clear()
            self.refresh_bindings()
            self.notify("Lookup cancelled.", timeout=3)
        elif self.consuming:
            self.notify(
                "The consume was sent and cannot be cancelled: waiting for its outcome.",
                severity="warning",
            )
        else:
            self.lookup_pane.token_input.focus()

    # --- other environments (after 3901) ------------------------------------------------

    @on(ErrorCallout.SearchElsewhere)
    def action_lookup_elsewhere(self) -> None:
        outcome = self.result.outcome
        failure = outcome.failure if outcome else None
        if outcome is None or outcome.query is None or failure is None or (
            failure.api_code != INVALID_PURCHASE_TOKEN
        ):
            self.notify(
                "Looking in the other environments is for an invalid token (3901).",
                severity="information",
            )
            return
        self.result.searching_elsewhere(outcome.query.token)
        self._elsewhere(self.console.environment, outcome)

    @work(exclusive=True, group=LOOKUP_GROUP, exit_on_error=False)
    async def _elsewhere(self, environment: Environment, outcome: LookupOutcome) -> None:
        query = outcome.query
        assert query is not None
        results: list[Elsewhere] = await self.console.workspace.lookup_elsewhere(
            query.token, exclude=environment.name, store=query.store.value,
            product_id=query.product_id, currency=query.currency,
        )
        if environment == self.console.environment:
            self.result.show_elsewhere(results)

    @on(ElsewherePanel.SwitchTo)
    def _switch_to_found(self, event: ElsewherePanel.SwitchTo) -> None:
        self.console.switch_environment(event.found.environment, show=event.found.outcome)

    # --- consume ------------------------------------------------------------------------

    @on(ConsumeForm.Changed)
    def _refresh_preview(self) -> None:
        if self.form.token is None:
            return
        self.form.show_preview(
            preview_consume(
                self.console.environment, self.result.outcome,
                store=self.form.store(), force=self.form.force,
            )
        )

    def action_consume(self) -> None:
        if self.consuming:
            self.notify("A consume is already in flight.", severity="warning")
            return
        request = self.form.request()
        if request is None:
            self.notify("Look a purchase up first: only a verified purchase can be consumed.")
            return
        preview = preview_consume(
            self.console.environment, self.result.outcome, store=request.store,
            force=request.force,
        )
        if preview.refusal is not None:
            self.form.show_preview(preview)
            self.notify(preview.refusal.message, title="Consume refused", severity="error")
            return
        self._check_then_confirm(self.console.environment, request)

    @on(ConsumeForm.Requested)
    def _consume_requested(self, event: ConsumeForm.Requested) -> None:
        event.stop()
        self.action_consume()

    @work(exclusive=True, group=LOOKUP_GROUP, exit_on_error=False)
    async def _check_then_confirm(self, environment: Environment, request: ConsumeRequest) -> None:
        """Verify afresh through the desk's guards, then ask. Cancellable until the dialog
        is answered: nothing has been sent but a verify."""
        desk = self.console.workspace.desk(environment)
        self.notify("Verifying again before consuming…", timeout=2)
        plan = await desk.check_consume(
            request.token, store=request.store, product_id=request.product_id,
            currency=request.currency, developer_payload=request.developer_payload,
            force=request.force,
        )
        if environment != self.console.environment:
            return
        if not plan.allowed:
            refusal = plan.refusal
            if plan.check is not None:
                self._show_outcome(plan.check)
            if refusal is not None:
                self.notify(refusal.message, title="Consume refused", severity="error")
            return
        confirmed = await self.app.push_screen_wait(ConfirmConsume(plan, environment, desk.host))
        if not confirmed:
            self.notify("Cancelled: nothing was consumed.", timeout=4)
            return
        if environment != self.console.environment:
            self.notify("The environment changed: nothing was consumed.", severity="warning")
            return
        self._consume(environment, plan)

    @work(group=CONSUME_GROUP, exit_on_error=False)
    async def _consume(self, environment: Environment, plan: ConsumePlan) -> None:
        self.consuming = True
        self.form.set_busy(True)
        self.result.show_loading()
        desk = self.console.workspace.desk(environment)
        try:
            # Shielded: once sent, a consume runs to its outcome (recorded by the desk) even
            # if this worker is torn down; Escape never reaches this group.
            outcome = await asyncio.shield(desk.consume(plan))
        finally:
            self.consuming = False
            self.form.set_busy(False)
        self.result.show_consume(outcome)
        if outcome.proof is not None and outcome.proof.decoded is not None:
            self.form.fill(outcome.proof)
            self.query_one(Worklist).update_row(outcome.proof)
        self._refresh_preview()
        self.notify(
            outcome.summary, title=f"Consume: {outcome.status.value}",
            severity="information" if outcome.status is ConsumeStatus.CONSUMED else "warning",
        )

    # --- API key ------------------------------------------------------------------------

    def action_set_key(self) -> None:
        environment = self.console.environment
        if environment.embedded_sandbox:
            self.notify("The built-in sandbox needs no key: it supplies its own.")
            return
        self._show_tab("purchase-tab")
        self.result.show_key_prompt(
            environment, f"Store (or replace) the API key of {environment.name!r}."
        )

    @on(KeyPrompt.Submitted)
    def _key_submitted(self, event: KeyPrompt.Submitted) -> None:
        event.stop()
        try:
            key = ApiKey(event.value)
        except ValueError as error:
            self.result.show_key_problem(str(error), ())
            return
        self._store_key(event.environment, key)

    @work(group="key", exit_on_error=False)
    async def _store_key(self, environment: Environment, key: ApiKey) -> None:
        try:
            stored = await self.console.workspace.store_key(environment, key)
        except KeyringUnavailable as problem:
            self.result.show_key_problem(problem.reason, problem.ways_out)
            return
        except ValueError as error:
            self.result.show_key_problem(str(error), ())
            return
        self.notify(
            f"API key for {stored.environment} stored ({stored.masked}) in {stored.backend}."
        )
        if stored.shadowed_by:
            self.notify(
                f"{stored.shadowed_by} is set in this shell and is used instead of the "
                "keyring until it is unset.", severity="warning", timeout=10,
            )
        if environment != self.console.environment:
            return
        self._show_banner()
        request = self.lookup_pane.request()
        if request.token.strip():
            self._start_lookup(request)
        else:
            self.result.show_hint()
            self.lookup_pane.token_input.focus()

    # --- raw, copy, curl ----------------------------------------------------------------

    def action_toggle_raw(self) -> None:
        self._show_tab("purchase-tab")
        if self.result.outcome is None:
            self.notify("Look a purchase up first: there is no reply to show.")
            return
        self.result.toggle_raw(self.console.workspace.secrets())

    def action_copy_value(self) -> None:
        focused = self.focused
        if isinstance(focused, FieldTable) and (field := focused.selected()) is not None:
            self._copy_field(FieldTable.CopyRequested(field))
            return
        outcome = self.result.outcome
        if outcome is None:
            self.notify("Nothing to copy yet: look a purchase up first.")
            return
        choices = copy_choices(outcome)
        self.app.search_commands(
            [
                (label, partial(self.copy, label, value), preview)
                for label, value, preview in choices
            ],
            placeholder="Copy which value?",
        )

    @on(FieldTable.CopyRequested)
    def _copy_field(self, event: FieldTable.CopyRequested) -> None:
        value = copyable(event.field)
        if value is None:
            self.notify(f"{event.field.label}: not in the reply, nothing to copy.")
            return
        self.copy(event.field.label, value)

    def copy(self, label: str, value: str) -> None:
        """To the clipboard (OSC 52), scrubbed of any key the session knows."""
        text = scrub(value, self.console.workspace.secrets())
        self.app.copy_to_clipboard(text)
        shown = text if len(text) <= 60 else text[:57] + "…"
        self.notify(f"Copied {label}: {shown}", timeout=4)

    def action_copy_curl(self) -> None:
        outcome = self.result.outcome
        if outcome is None or outcome.request is None:
            self.notify("No request to copy yet: look a purchase up first.")
            return
        desk = self.console.workspace.desk(outcome.environment)
        self.copy("curl line (the key stays in its variable)", desk.curl_for(outcome.request))

    def copy_summary(self) -> None:
        outcome = self.result.outcome
        if outcome is not None:
            self.copy("summary for the ticket", ticket_summary(outcome))

    # --- a bug below must not take the screen down mid-incident -------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.node is not self:
            return
        error = event.worker.error
        if event.worker.group == CONSUME_GROUP:
            message = (
                "The consume's outcome is unknown because of an internal error "
                f"({type(error).__name__}). Do not consume again: look the token up to see "
                "whether it went through."
            )
        else:
            message = f"Internal error ({type(error).__name__}: {error}); nothing was changed."
        self.result.show_hint(message)
        self.notify(message, title="Bug in the console", severity="error", timeout=15)

    # --- tabs and the rest --------------------------------------------------------------

    def _show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        # Focus left in a hidden pane would pull its tab back to the front.
        focused = self.focused
        ancestors = focused.ancestors if focused is not None else []
        panes = [node for node in ancestors if isinstance(node, TabPane)]
        if panes and panes[0].id != tab and tab == "purchase-tab":
            self.lookup_pane.token_input.focus()

    def action_show_purchase(self) -> None:
        self._show_tab("purchase-tab")

    def action_show_history(self) -> None:
        self._show_tab("history-tab")
        pane = self.query_one(HistoryPane)
        pane.refresh_entries()
        for table in pane.query(DataTable):
            table.focus()

    def action_open_worklist(self) -> None:
        self._show_tab("worklist-tab")
        worklist = self.query_one(Worklist)
        focus = worklist.query("#worklist-table" if worklist.items else "#worklist-input")
        for widget in focus:
            widget.focus()

    @on(TabbedContent.TabActivated, "#panes")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "history-tab":
            # The desk wrote to the history meanwhile: show what it wrote.
            self.query_one(HistoryPane).refresh_entries()

    # --- the history and the worklist ---------------------------------------------------

    @on(HistoryPane.ShowEntry)
    def _history_entry(self, event: HistoryPane.ShowEntry) -> None:
        """A past call is shown by the history pane itself; here its token is put in the
        lookup fields, ready to look up again, never shown as if it were current."""
        entry = event.entry
        self.lookup_pane.fill(
            LookupRequest(entry.token, entry.store, entry.product_id, entry.currency)
        )
        where = (
            "" if entry.environment == self.console.environment.name
            else f" It was made on {entry.environment}: r re-runs it there."
        )
        self.notify(f"Token in the lookup field: ctrl+l looks it up here.{where}", timeout=5)

    @on(HistoryPane.RerunLookup)
    def _history_rerun(self, event: HistoryPane.RerunLookup) -> None:
        entry = event.entry
        environment = self.console.workspace.settings.find(entry.environment)
        if environment is None:
            self.notify(
                f"The environment {entry.environment!r} of this entry no longer exists.",
                severity="error",
            )
            return
        if environment != self.console.environment:
            self.console.switch_environment(environment)
            if environment != self.console.environment:
                return  # refused: a consume is in flight
        request = LookupRequest(entry.token, entry.store, entry.product_id, entry.currency)
        self.lookup_pane.fill(request)
        self._start_lookup(request)

    @on(Worklist.Selected)
    def _worklist_selected(self, event: Worklist.Selected) -> None:
        """The worklist's current row, shown in the purchase pane (ctrl+b) when it belongs to
        the environment on the banner."""
        if event.outcome.environment == self.console.environment and not self.consuming:
            self._show_outcome(event.outcome)

    @on(Worklist.ConsumeRequested)
    def _worklist_consume(self, event: Worklist.ConsumeRequested) -> None:
        outcome = event.outcome
        if outcome.environment != self.console.environment:
            self.notify(
                f"This row was verified on {outcome.environment.name}; switch there (or "
                "verify the list again) to consume it.", severity="warning",
            )
            return
        self._show_tab("purchase-tab")
        self._show_outcome(outcome)
        self.action_consume()

    def action_choose_theme(self) -> None:
        self.console.action_choose_theme()

    def action_help(self) -> None:
        self.console.action_help()
