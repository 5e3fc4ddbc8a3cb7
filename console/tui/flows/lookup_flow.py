"""A lookup, from the token field to the answer on screen: start it in a worker, show what
came back (the purchase, or the error where it would be, with the key prompt when a key is
the way out), cancel it with Escape, switch to the reply as it came."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.tui import long_lived
from console.tui.in_flight import InFlightRequest, RequestKind

from .tab_flow import PURCHASE_TAB
from .workers import LOOKUP_GROUP, TEAM_GROUP

if TYPE_CHECKING:
    from console.desk import LookupOutcome
    from console.settings.environments import Environment
    from console.tui.widgets.lookup_pane import LookupRequest

    from .host import FlowHost


_CANCELLED: dict[RequestKind | None, str] = {
    RequestKind.CHECK_BEFORE_CONSUME: "Cancelled before the confirmation: nothing was sent "
    "but a verify.",
    RequestKind.CHECK_BEFORE_ACKNOWLEDGE: "Cancelled before the confirmation: nothing was "
    "sent but a verify.",
    RequestKind.RESOLVE: "Resolving stopped: what was settled stays settled.",
    RequestKind.ELSEWHERE: "The search in the other environments was cancelled.",
}
"""What Escape stopped, said as such (a lookup otherwise)."""


def _newest_cancellable(host: FlowHost) -> RequestKind | None:
    # A sent consume or acknowledge cannot be cancelled; the worklist's verifies stop from
    # the worklist.
    held = (*_SENT_WRITES, RequestKind.WORKLIST)
    kinds = [r.kind for r in host.in_flight_requests if r.kind not in held]
    return kinds[-1] if kinds else None


_SENT_WRITES = (RequestKind.CONSUME, RequestKind.ACKNOWLEDGE)
"""Requests that, once sent, run to their outcome: Escape never stops them."""


class LookupFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host
        self._last_token: str | None = None
        """The field's text at the last lookup started from it."""
        self._told: str | None = None
        """The text last said to be no token: asked again, it is sent as typed."""

    def look_up_or_focus(self) -> None:
        """ctrl+l: to the token field; with a new token there, look it up. The token just
        looked up is selected instead, so the next paste replaces it (Enter looks it up again)."""
        host = self._host
        host.show_tab(PURCHASE_TAB)
        field = host.lookup_pane.token_input
        if field.value.strip() and host.focused is field and field.value != self._last_token:
            self.start(host.lookup_pane.request())
        elif field.value.strip():
            host.lookup_pane.select_token()
        field.focus()

    def start(self, request: LookupRequest) -> None:
        """Look the token up; a text that reads as something else (an order id, a code, …)
        is said first, and sent as typed when asked again (an e-mail address never is)."""
        host = self._host
        host.show_tab(PURCHASE_TAB)
        self._last_token = host.lookup_pane.token_input.value
        from console.payments import recognise  # pure and light

        recognised = recognise(request.token)
        if recognised.said_before_sending and (
            recognised.never_sent or request.token != self._told
        ):
            self._told = request.token
            host.form.clear("Nothing to consume: nothing was looked up.")
            host.start_worker(
                partial(self._identify, request.token),
                name="identify",
                group=LOOKUP_GROUP,
                exclusive=True,
            )
            return
        self._told = None
        host.form.clear("Looking up…")
        host.result.show_loading()
        environment = host.session.environment
        host.start_worker(
            partial(self._lookup, environment, request),
            name="lookup",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _identify(self, text: str) -> None:
        from console.desk import identify
        from console.payments import PasteKind

        host = self._host
        await host.ready()
        identified = await identify(host.session.workspace, text)
        recognised = identified.recognised
        lines = [f"{recognised.title}: {recognised.text}", "", recognised.says]
        if recognised.kind is PasteKind.ORDER_ID:
            lines.append("")
            if identified.history_problem is not None:
                lines.append(f"The history could not be searched: {identified.history_problem}")
            elif not identified.seen_with:
                lines.append("The history has no token seen with this order id.")
            else:
                lines.append("Seen in the history with this order id (paste one to look it up):")
                lines += [
                    f"  {seen.token}   {seen.environment}, {seen.at:%Y-%m-%d %H:%M} UTC"
                    for seen in identified.seen_with
                ]
        lines.append("")
        if recognised.never_sent:
            lines.append("Nothing was sent: an e-mail address is never sent to now.gg.")
        else:
            lines.append("Nothing was sent. Press Enter again to send it as typed anyway.")
        host.result.show_hint("\n".join(lines))
        host.lookup_pane.select_token()

    async def _lookup(self, environment: Environment, request: LookupRequest) -> None:
        session = self._host.session
        await self._host.ready()  # at once, but in the first instant after start
        desk = session.workspace.desk(environment)
        query = desk.read_query(
            request.token,
            store=request.store,
            product_id=request.product_id,
            currency=request.currency,
        )
        from console.payments import mask_token

        request_shown = InFlightRequest(RequestKind.VERIFY, desk.host, mask_token(query.token))
        with self._host.in_flight(request_shown):
            outcome = await desk.lookup(query)
        self._host.report_history_failures()
        if environment == session.environment:
            self.show_outcome(outcome)
        if outcome.decoded is None:
            # No history read follows (`_show_touched`): the first lookup loaded the HTTP
            # stack all the same, and it lives as long as the console (long_lived.py).
            long_lived.settle_if_loaded()

    def show_outcome(self, outcome: LookupOutcome) -> None:
        host = self._host
        parts_before = host.result.parts_shown
        host.show_banner()  # the embedded sandbox's address is known now
        host.lookup_pane.show_changes(outcome.token_changes)
        host.lookup_pane.select_token()
        host.result.show_lookup(outcome, offer_elsewhere=True)
        failure = outcome.failure
        if failure is not None and failure.needs_key:
            host.result.show_key_prompt(outcome.environment, failure.reason)
        if outcome.decoded is not None:
            host.form.fill(outcome)
            # After the answer is on screen, never before it: the history is read in a thread.
            host.start_worker(
                partial(self._show_touched, outcome),
                name="who else touched it",
                group=TEAM_GROUP,
                exclusive=True,
            )
        else:
            host.form.clear("Nothing to consume: the lookup failed.")
        host.refresh_consume_preview()  # the write forms follow the purchase on screen
        host.refresh_bindings()
        if host.result.parts_shown != parts_before:
            # The answer took the loading indicator's place: drawn in a frame of its own,
            # before a key pressed meanwhile is served (prompt_layout.py).
            host.lay_out_now()

    async def _show_touched(self, outcome: LookupOutcome) -> None:
        from console.history import HistoryUnavailable

        try:
            others = await self._host.session.workspace.others_touched(outcome)
        except HistoryUnavailable:
            return  # the history's trouble is said where it is (banner, notices)
        finally:
            # The answer is on screen and what its first showing loaded (the HTTP stack, the
            # write forms' modules) lives as long as the console: out of full collections.
            long_lived.settle_if_loaded()
        self._host.result.show_touched(outcome, others.lines())

    def cancel(self) -> None:
        """Escape: stop a running lookup, never a consume that was sent."""
        host = self._host
        if host.busy(LOOKUP_GROUP):
            cancelled = _CANCELLED.get(_newest_cancellable(host), "Lookup cancelled.")
            host.cancel_workers(LOOKUP_GROUP)
            host.result.show_hint(f"{cancelled} Press Enter in the token field to try again.")
            host.form.clear()
            host.refresh_bindings()
            host.notify(cancelled, timeout=3)
        elif host.consuming:
            sent = [r.kind for r in host.in_flight_requests if r.kind in _SENT_WRITES]
            what = sent[-1].value if sent else RequestKind.CONSUME.value
            host.notify(
                f"The {what} was sent and cannot be cancelled: waiting for its outcome.",
                severity="warning",
            )
        else:
            host.lookup_pane.token_input.focus()

    def toggle_raw(self) -> None:
        host = self._host
        host.show_tab(PURCHASE_TAB)
        if host.result.outcome is None:
            host.notify("Look a purchase up first: there is no reply to show.")
            return
        host.result.toggle_raw(host.session.known_keys())
