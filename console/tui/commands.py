"""The command palette (ctrl+p): every action under its plain name, from the same table as
the keys, plus one entry per environment ("Switch environment: staging"). Entries are plain
text (palette.py): an environment's label comes from the config file, and a help text such
as `… [ctrl+l]` would otherwise be read as markup."""

from __future__ import annotations

from functools import partial

from textual.command import Hits, Provider

from console.tui.actions import ACTIONS, effective_key
from console.tui.outside_text import SafeText
from console.tui.palette import PlainCommand, discovery_hits, search_hits
from console.tui.session import ConsoleSession, session_of

_SWITCH = "Switch environment: "


class ConsoleCommands(Provider):
    @property
    def session(self) -> ConsoleSession:
        return session_of(self.screen)

    def _entries(self) -> list[PlainCommand]:
        app = self.session
        safe = SafeText()
        entries: list[PlainCommand] = [
            (
                action.title,
                partial(app.run_console_action, action.action),
                f"{action.help}  [{safe(effective_key(action, app.keymap))}]",
            )
            for action in ACTIONS
        ]
        for environment in app.workspace.environments:
            marks = " (PRODUCTION)" if environment.production else ""
            entries.append(
                (
                    f"{_SWITCH}{safe(environment.name)}",
                    partial(app.switch_environment, environment),
                    f"{safe(environment.label)}{marks} · {safe(environment.host)}",
                )
            )
        return entries

    async def discover(self) -> Hits:
        actions = [entry for entry in self._entries() if not entry[0].startswith(_SWITCH)]
        for hit in discovery_hits(actions):
            yield hit

    async def search(self, query: str) -> Hits:
        for hit in search_hits(self.matcher(query), self._entries()):
            yield hit
