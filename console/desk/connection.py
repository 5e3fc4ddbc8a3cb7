"""The link from an environment to a ready API client: its key, and for the built-in sandbox
the simulator itself, started on a free loopback port the first time it is needed."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from console.payments import VERIFY_PATHS, ApiKey, PaymentsClient, Timeouts
from console.settings.environments import VERIFY_SPELLINGS, Environment
from console.settings.keys import KeyResolver

from .off_loop import IN_THREADS, OffLoop

if TYPE_CHECKING:
    import asyncio

    from console.sandbox.server import SandboxServer


class Connection:
    def __init__(
        self,
        environment: Environment,
        keys: KeyResolver,
        timeouts: Timeouts,
        *,
        off_loop: OffLoop = IN_THREADS,
    ) -> None:
        """`off_loop`: where blocking work runs (off_loop.py). Inline — a one-shot command —
        the client also sends with httpx's blocking client (console/payments/blocking.py); a
        screen keeps the async one."""
        self.environment = environment
        self.off_loop = off_loop
        self._keys = keys
        self._timeouts = (
            replace(timeouts, read=environment.timeout_s) if environment.timeout_s else timeouts
        )
        self._client: PaymentsClient | None = None
        self._sandbox: SandboxServer | None = None
        self._spelling = environment.verify_path
        # Concurrent first calls (a worklist verifying 8 at once) must share one client: without
        # the lock each would start its own embedded sandbox, and all but one would leak. Made
        # with the first client on an event loop; inline, nothing runs concurrently.
        self._starting: asyncio.Lock | None = None

    async def client(self) -> PaymentsClient:
        """The client for this environment; raises `KeyUnavailable` when there is no key."""
        if self._client is not None:
            return self._client
        if self.off_loop.inline:
            return await self._start_client()
        if self._starting is None:
            import asyncio  # on an event loop already: a one-shot command never gets here

            self._starting = asyncio.Lock()
        async with self._starting:
            return await self._start_client()

    async def _start_client(self) -> PaymentsClient:
        if self._client is None:
            base_url, key = await self._base_url_and_key()
            self._client = PaymentsClient(
                base_url,
                key,
                self._timeouts,
                verify_path=VERIFY_PATHS[self._spelling],
                blocking=self.off_loop.inline,
            )
        return self._client

    @property
    def verify_spelling(self) -> str:
        """The verify path's spelling in use here (`seller` or `sellers`)."""
        return self._spelling

    @property
    def other_spelling(self) -> str:
        return next(spelling for spelling in VERIFY_SPELLINGS if spelling != self._spelling)

    def use_spelling(self, spelling: str) -> None:
        """From now on, verify on `spelling` (a verify found the other one answers 150)."""
        self._spelling = spelling
        if self._client is not None:
            self._client.verify_path = VERIFY_PATHS[spelling]

    async def _base_url_and_key(self) -> tuple[str, ApiKey]:
        if self.environment.base_url is not None:
            # In a thread: the OS keyring talks D-Bus, and may wait for an unlock prompt.
            key = await self.off_loop.call(self._keys.resolve, self.environment)
            return self.environment.base_url, key
        # Imported here: only the built-in sandbox needs uvicorn, and scripts start faster.
        from console.sandbox.server import SandboxServer

        sandbox = SandboxServer()
        await self.off_loop.call(sandbox.start)
        self._sandbox = sandbox
        return sandbox.url, ApiKey(sandbox.api_key)

    @property
    def timeouts(self) -> Timeouts:
        """This environment's timeouts (its own reply timeout, when it has one)."""
        return self._timeouts

    @property
    def host(self) -> str:
        if self._sandbox is not None:
            return f"embedded sandbox {self._sandbox.url.rstrip('/')}"
        return self.environment.host

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._sandbox is not None:
            await self.off_loop.call(self._sandbox.stop)
            self._sandbox = None
