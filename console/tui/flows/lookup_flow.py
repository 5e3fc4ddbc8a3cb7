"""A lookup, from the token field to the answer on screen: start it in a worker, show what
came back (the purchase, or the error where it would be, with the key prompt when a key is
the way out), cancel it with Escape, switch to the reply as it came."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.desk import LookupOutcome
from console.settings.environments import Environment
from console.tui.widgets.lookup_pane import LookupRequest

from .tab_flow import PURCHASE_TAB
from .workers import LOOKUP_GROUP, start_worker

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen


class LookupFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def look_up_or_focus(self) -> None:
        """ctrl+l: to the token field; with a token already there, look it up."""
        screen = self._screen
        screen.tab_flow.show(PURCHASE_TAB)
        field = screen.lookup_pane.token_input
        if field.value.strip() and screen.focused is field:
            self.start(screen.lookup_pane.request())
        field.focus()

    def start(self, request: LookupRequest) -> None:
        screen = self._screen
        screen.tab_flow.show(PURCHASE_TAB)
        screen.form.clear("Looking up…")
        screen.result.show_loading()
        environment = screen.console.environment
        start_worker(
            screen,
            partial(self._lookup, environment, request),
            name="lookup",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _lookup(self, environment: Environment, request: LookupRequest) -> None:
        console = self._screen.console
        desk = console.workspace.desk(environment)
        query = desk.read_query(
            request.token,
            store=request.store,
            product_id=request.product_id,
            currency=request.currency,
        )
        outcome = await desk.lookup(query)
        self._screen.history_flow.report_write_failures()
        if environment == console.environment:
            self.show_outcome(outcome)

    def show_outcome(self, outcome: LookupOutcome) -> None:
        screen = self._screen
        screen.environment_flow.show_banner()  # the embedded sandbox's address is known now
        screen.lookup_pane.show_changes(outcome.token_changes)
        screen.result.show_lookup(outcome, offer_elsewhere=True)
        failure = outcome.failure
        if failure is not None and failure.needs_key:
            screen.result.show_key_prompt(outcome.environment, failure.reason)
        if outcome.decoded is not None:
            screen.form.fill(outcome)
            screen.consume_flow.refresh_preview()
        else:
            screen.form.clear("Nothing to consume: the lookup failed.")
        screen.refresh_bindings()

    def cancel(self) -> None:
        """Escape: stop a running lookup, never a consume that was sent."""
        screen = self._screen
        running = [
            worker
            for worker in screen.workers
            if worker.group == LOOKUP_GROUP and worker.is_running
        ]
        if running:
            screen.workers.cancel_group(screen, LOOKUP_GROUP)
            screen.result.show_hint(
                "Lookup cancelled. Press Enter in the token field to try again."
            )
            screen.form.clear()
            screen.refresh_bindings()
            screen.notify("Lookup cancelled.", timeout=3)
        elif screen.consume_flow.consuming:
            screen.notify(
                "The consume was sent and cannot be cancelled: waiting for its outcome.",
                severity="warning",
            )
        else:
            screen.lookup_pane.token_input.focus()

    def toggle_raw(self) -> None:
        screen = self._screen
        screen.tab_flow.show(PURCHASE_TAB)
        if screen.result.outcome is None:
            screen.notify("Look a purchase up first: there is no reply to show.")
            return
        screen.result.toggle_raw(screen.console.workspace.secrets())
