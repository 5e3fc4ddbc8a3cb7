"""After 3901 (a token now.gg does not know here): look it up, read-only, in the other
environments that have a key — on call the usual answer is "wrong environment" — and switch
to the one where it was found."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.tui.in_flight import InFlightRequest, RequestKind

from .workers import LOOKUP_GROUP

if TYPE_CHECKING:
    from console.desk import LookupOutcome
    from console.desk.workspace import Elsewhere
    from console.settings.environments import Environment

    from .host import FlowHost


class ElsewhereFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host

    def offered(self) -> bool:
        """Only after an unknown token: the footer hides ctrl+f otherwise."""
        outcome = self._host.result.outcome
        failure = outcome.failure if outcome else None
        return failure is not None and failure.unknown_token

    def search(self) -> None:
        host = self._host
        outcome = host.result.outcome
        if outcome is None or outcome.query is None or not self.offered():
            host.notify(
                "Looking in the other environments is for an invalid token (3901).",
                severity="information",
            )
            return
        host.result.searching_elsewhere(outcome.query.token)
        host.start_worker(
            partial(self._search, host.session.environment, outcome),
            name="lookup elsewhere",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _search(self, environment: Environment, outcome: LookupOutcome) -> None:
        session = self._host.session
        query = outcome.query
        assert query is not None
        from console.payments import mask_token

        searching = InFlightRequest(
            RequestKind.ELSEWHERE, "the other environments", mask_token(query.token)
        )
        with self._host.in_flight(searching):
            results: list[Elsewhere] = await session.workspace.lookup_elsewhere(
                query, exclude=environment.name
            )
        self._host.report_history_failures()
        if environment == session.environment:
            # The switcher's numbers (ctrl+e): one digit, one environment, everywhere.
            numbers = {
                env.name: number
                for number, env in enumerate(session.settings.environments, start=1)
            }
            self._host.result.show_elsewhere(results, numbers)

    def switch_to(self, found: Elsewhere) -> None:
        self._host.session.switch_environment(found.environment, show=found.outcome)
