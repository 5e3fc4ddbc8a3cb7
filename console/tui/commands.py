"""The command palette (ctrl+p): every binding that works where it was opened, under its plain
name with its current key and id — over the main screen the app's, the screen's and its panes'
(built when chosen), over a dialog the dialog's — plus one entry per environment ("Switch
environment: staging"). Entries are plain text (palette.py): an environment's label comes from
the config file, and a help text such as `… [ctrl+l]` would otherwise be read as markup."""

from __future__ import annotations

from functools import partial

from textual.command import Hits, Provider

from console.tui.keys.scopes import EVERYWHERE, MAIN, NESTED_IN_MAIN, KeyBinding, Scope
from console.tui.outside_text import SafeText
from console.tui.palette import PlainCommand, discovery_hits, search_hits
from console.tui.session import ConsoleSession, session_of

_SWITCH = "Switch environment: "


def palette_scopes(scope: Scope | None) -> tuple[Scope, ...]:
    """The scopes whose keys work on a screen of `scope` (its `KEY_SCOPE`)."""
    if scope is MAIN:
        return (EVERYWHERE, MAIN, *NESTED_IN_MAIN)
    return (EVERYWHERE,) if scope is None else (EVERYWHERE, scope)


def entry_name(scope: Scope, binding: KeyBinding) -> str:
    return binding.title if scope in (EVERYWHERE, MAIN) else f"{scope.title}: {binding.title}"


class ConsoleCommands(Provider):
    @property
    def session(self) -> ConsoleSession:
        return session_of(self.screen)

    def _bindings(self) -> list[PlainCommand]:
        session = self.session
        keymap = session.keymap
        safe = SafeText()
        scope_here: Scope | None = getattr(self.screen, "KEY_SCOPE", None)
        entries: list[PlainCommand] = []
        for scope in palette_scopes(scope_here):
            for binding in scope.bindings:
                name = entry_name(scope, binding)
                entries.append(
                    (
                        name,
                        partial(session.run_binding, self.screen, scope, binding.action, name),
                        f"{binding.help}  [{safe(keymap.shown(binding.id))}]  ({binding.id})",
                    )
                )
        return entries

    def _environments(self) -> list[PlainCommand]:
        session = self.session
        safe = SafeText()
        entries: list[PlainCommand] = []
        for environment in session.workspace.environments:
            marks = " (PRODUCTION)" if environment.production else ""
            entries.append(
                (
                    f"{_SWITCH}{safe(environment.name)}",
                    partial(session.switch_environment, environment),
                    f"{safe(environment.label)}{marks} · {safe(environment.host)}",
                )
            )
        return entries

    async def discover(self) -> Hits:
        for hit in discovery_hits(self._bindings()):
            yield hit

    async def search(self, query: str) -> Hits:
        for hit in search_hits(self.matcher(query), [*self._bindings(), *self._environments()]):
            yield hit
