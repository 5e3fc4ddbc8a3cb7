"""The command palette (ctrl+p): every action under its plain name, from the same table as
the keys, plus one entry per environment ("Switch environment: staging")."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from console.tui.actions import ACTIONS, effective_key

if TYPE_CHECKING:
    from console.tui.app import ConsoleApp


class ConsoleCommands(Provider):
    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def _entries(self) -> list[tuple[str, str, partial[None]]]:
        app = self.console
        entries = [
            (
                action.title,
                f"{action.help}  [{effective_key(action, app.keymap)}]",
                partial(app.run_console_action, action.action),
            )
            for action in ACTIONS
        ]
        for environment in app.workspace.environments:
            marks = " (PRODUCTION)" if environment.production else ""
            entries.append(
                (
                    f"Switch environment: {environment.name}",
                    f"{environment.label}{marks} · {environment.host}",
                    partial(app.switch_environment, environment),
                )
            )
        return entries

    async def discover(self) -> Hits:
        for title, help_text, command in self._entries():
            if not title.startswith("Switch environment:"):
                yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)
