"""An environment's API key, asked for inline (F2, or when a lookup found none or now.gg
refused it) and stored in the OS keyring — never anywhere else — or kept for this session only
(memory, masked, gone on exit: `Workspace.use_session_key`), then the lookup retried."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from console.payments import ApiKey

from .tab_flow import PURCHASE_TAB
from .workers import KEY_GROUP

if TYPE_CHECKING:
    from console.settings.environments import Environment

    from .host import FlowHost


class KeyFlow:
    def __init__(self, host: FlowHost) -> None:
        self._host = host

    def ask(self) -> None:
        host = self._host
        environment = host.session.environment
        if environment.embedded_sandbox:
            host.notify("The built-in sandbox needs no key: it supplies its own.")
            return
        host.show_tab(PURCHASE_TAB)
        host.result.show_key_prompt(
            environment, f"Store (or replace) the API key of {environment.name!r}."
        )

    def submitted(self, environment: Environment, value: str, *, session_only: bool) -> None:
        try:
            key = ApiKey(value)
        except ValueError as error:
            self._host.result.show_key_problem(str(error), ())
            return
        store = self._keep_for_session if session_only else self._store
        self._host.start_worker(partial(store, environment, key), name="store key", group=KEY_GROUP)

    async def _keep_for_session(self, environment: Environment, key: ApiKey) -> None:
        host = self._host
        workspace = await host.session.opened()
        workspace.use_session_key(environment, key)  # memory only: nothing is written
        host.notify(
            f"API key for {environment.name} ({key.masked}) kept for this session only: in "
            "memory, never written, gone when the console exits.",
            timeout=8,
            markup=False,
        )
        self._retry(environment)

    async def _store(self, environment: Environment, key: ApiKey) -> None:
        # Loaded with the keyring, which the workspace brings.
        from console.settings.keyring_errors import KeyringUnavailable

        host = self._host
        session = host.session
        workspace = await session.opened()
        try:
            stored = await workspace.store_key(environment, key)
        except KeyringUnavailable as problem:
            host.result.show_key_problem(problem.reason, problem.ways_out)
            return
        except ValueError as error:
            host.result.show_key_problem(str(error), ())
            return
        host.notify(
            f"API key for {stored.environment} stored ({stored.masked}) in {stored.backend}."
        )
        if stored.shadowed_by:
            host.notify(
                f"{stored.shadowed_by} is set in this shell and is used instead of the "
                "keyring until it is unset.",
                severity="warning",
                timeout=10,
            )
        self._retry(environment)

    def _retry(self, environment: Environment) -> None:
        """The key is there: the banner says so, and the lookup on screen runs again."""
        host = self._host
        if environment != host.session.environment:
            return
        host.show_banner()
        request = host.lookup_pane.request()
        if request.token.strip():
            host.start_lookup(request)
        else:
            host.result.show_hint()
            host.lookup_pane.token_input.focus()
