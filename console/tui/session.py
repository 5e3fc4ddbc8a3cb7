"""What the screens, dialogs and the command palette need of the console app, as a Protocol:
they talk to `ConsoleApp` through this, never import it (`console/tui/` has no import circle,
not even one only type checking follows).

The app is the session: the settings (from the start), the workspace (history, keys, one desk
per environment: opened after the first frame, opening.py), the environment on the banner, the
keymap. A screen reaches it as `session_of(self)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from console.desk import Desk, LookupOutcome
    from console.desk.workspace import Workspace
    from console.settings.config import LoadedSettings
    from console.settings.environments import Environment
    from console.tui.keys.keymap import Keymap
    from console.tui.keys.scopes import Scope


class ConsoleSession(Protocol):
    @property
    def settings(self) -> LoadedSettings:
        """The environments and the config file: known from the first frame."""

    @property
    def is_open(self) -> bool:
        """The workspace is open."""

    @property
    def workspace(self) -> Workspace:
        """History, keys and desks for this run — once open: after a lookup, or `opened()`."""

    async def opened(self) -> Workspace:
        """The workspace, waiting for it to open if need be."""

    async def has_key(self, environment: Environment) -> bool:
        """Whether `environment` has an API key (asked off the event loop)."""

    @property
    def environment(self) -> Environment:
        """Where calls go now: the environment on the banner."""

    @property
    def desk(self) -> Desk:
        """The current environment's desk (once open): every operation goes through it."""

    @property
    def data_directory(self) -> Path:
        """Where crash logs go."""

    @property
    def keymap(self) -> Keymap:
        """Every binding id's key(s), as they work now."""

    def known_keys(self) -> list[str]:
        """Every API key the session knows, to mask wherever text is shown."""

    def switch_environment(
        self, environment: Environment, show: LookupOutcome | None = None
    ) -> None:
        """Switch (refused while a consume is in flight); `show`: a lookup made there."""

    def run_binding(self, screen: Screen[Any], scope: Scope, action: str, title: str) -> None:
        """Run a binding's action as its key would, from the palette opened over `screen`."""

    def action_choose_theme(self) -> None: ...

    def action_help(self) -> None: ...


def session_of(node: DOMNode) -> ConsoleSession:
    """The session `node` belongs to: only the console app mounts the screens that ask."""
    return cast("ConsoleSession", node.app)
