"""The console's workspace, opened after the first frame, off the event loop.

A workspace brings the history (SQLite), the OS keyring and the API client (httpx): more than
the first screen needs, and what makes the console slow to appear. The first frame needs the
settings only — the banner names the environment from the config file at once — so the
console starts with these and opens the workspace in a thread once the screen is drawn. Whoever
needs it (a lookup, the history tab) awaits `wait()`, which is immediate after the first
moments: the person sees no hitch, at most a lookup typed in the first instant waits for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.desk.workspace import Workspace
    from console.settings.config import LoadedSettings


class WorkspaceOpening:
    def __init__(self, settings: LoadedSettings, opener: Callable[[], Workspace]) -> None:
        """`opener` makes the workspace; it runs in a thread, once, on the first `wait()`."""
        self.settings = settings
        self.opener = opener
        self.workspace: Workspace | None = None
        """Once open."""
        self._opening: asyncio.Future[Workspace] | None = None

    @classmethod
    def of(cls, workspace: Workspace) -> WorkspaceOpening:
        """A workspace opened already (tests, and whoever opened it before the app)."""
        opening = cls(workspace.settings, lambda: workspace)
        opening.workspace = workspace
        return opening

    @property
    def started(self) -> bool:
        """Opening has begun (or was never needed)."""
        return self._opening is not None or self.workspace is not None

    async def wait(self) -> Workspace:
        if self.workspace is not None:
            return self.workspace
        if self._opening is None:
            self._opening = asyncio.ensure_future(asyncio.to_thread(self.opener))
        # Shielded: a cancelled lookup that waited must not cancel the opening itself.
        workspace = await asyncio.shield(self._opening)
        self.workspace = workspace
        return workspace
