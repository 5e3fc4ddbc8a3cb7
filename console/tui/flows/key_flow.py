"""An environment's API key, asked for inline (F2, or when a lookup found none or now.gg
refused it) and stored in the OS keyring — never anywhere else — then the lookup retried."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.payments import ApiKey
from console.settings.environments import Environment
from console.settings.keyring_errors import KeyringUnavailable

from .tab_flow import PURCHASE_TAB
from .workers import KEY_GROUP, start_worker

if TYPE_CHECKING:
    from console.tui.screens.main_screen import MainScreen


class KeyFlow:
    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def ask(self) -> None:
        screen = self._screen
        environment = screen.console.environment
        if environment.embedded_sandbox:
            screen.notify("The built-in sandbox needs no key: it supplies its own.")
            return
        screen.tab_flow.show(PURCHASE_TAB)
        screen.result.show_key_prompt(
            environment, f"Store (or replace) the API key of {environment.name!r}."
        )

    def submitted(self, environment: Environment, value: str) -> None:
        try:
            key = ApiKey(value)
        except ValueError as error:
            self._screen.result.show_key_problem(str(error), ())
            return
        start_worker(
            self._screen, partial(self._store, environment, key), name="store key", group=KEY_GROUP
        )

    async def _store(self, environment: Environment, key: ApiKey) -> None:
        screen = self._screen
        console = screen.console
        try:
            stored = await console.workspace.store_key(environment, key)
        except KeyringUnavailable as problem:
            screen.result.show_key_problem(problem.reason, problem.ways_out)
            return
        except ValueError as error:
            screen.result.show_key_problem(str(error), ())
            return
        screen.notify(
            f"API key for {stored.environment} stored ({stored.masked}) in {stored.backend}."
        )
        if stored.shadowed_by:
            screen.notify(
                f"{stored.shadowed_by} is set in this shell and is used instead of the "
                "keyring until it is unset.",
                severity="warning",
                timeout=10,
            )
        if environment != console.environment:
            return
        screen.environment_flow.show_banner()
        request = screen.lookup_pane.request()
        if request.token.strip():
            screen.lookup_flow.start(request)
        else:
            screen.result.show_hint()
            screen.lookup_pane.token_input.focus()
