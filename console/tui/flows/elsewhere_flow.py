"""After 3901 (a token now.gg does not know here): look it up, read-only, in the other
environments that have a key — on call the usual answer is "wrong environment" — and switch
to the one where it was found."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.desk import LookupOutcome
from console.desk.workspace import Elsewhere
from console.settings.environments import Environment

from .workers import LOOKUP_GROUP, start_worker

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen


class ElsewhereFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def offered(self) -> bool:
        """Only after an unknown token: the footer hides ctrl+f otherwise."""
        outcome = self._screen.result.outcome
        failure = outcome.failure if outcome else None
        return failure is not None and failure.unknown_token

    def search(self) -> None:
        screen = self._screen
        outcome = screen.result.outcome
        if outcome is None or outcome.query is None or not self.offered():
            screen.notify(
                "Looking in the other environments is for an invalid token (3901).",
                severity="information",
            )
            return
        screen.result.searching_elsewhere(outcome.query.token)
        start_worker(
            screen,
            partial(self._search, screen.console.environment, outcome),
            name="lookup elsewhere",
            group=LOOKUP_GROUP,
            exclusive=True,
        )

    async def _search(self, environment: Environment, outcome: LookupOutcome) -> None:
        console = self._screen.console
        query = outcome.query
        assert query is not None
        results: list[Elsewhere] = await console.workspace.lookup_elsewhere(
            query, exclude=environment.name
        )
        self._screen.history_flow.report_write_failures()
        if environment == console.environment:
            self._screen.result.show_elsewhere(results)

    def switch_to(self, found: Elsewhere) -> None:
        self._screen.console.switch_environment(found.environment, show=found.outcome)
