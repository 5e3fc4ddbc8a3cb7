"""Command-palette entries as plain text: Textual reads a hit's prompt and help as markup, so a
value picked from a reply (`[/v2/order/consumePurchase] not found`) would crash the palette or
lose its bracketed words. Here every entry is built as `Content` — the name with its fuzzy
match highlighted, the help on a second line — and nothing is ever parsed.

Used by the copy picker (ctrl+y), the theme chooser and the console's own commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Matcher, SimpleProvider
from textual.content import Content
from textual.screen import Screen

PlainCommand = tuple[str, Callable[[], Any], str | None]
"""(name, what choosing it does, help shown under it) — names and help as plain text."""

_HELP_STYLE = "$text-muted"


def entry_content(name: str, help_text: str | None, matcher: Matcher | None = None) -> Content:
    """The name, its matched letters highlighted, and the help under it: no markup."""
    content = Content(name)
    if matcher is not None and matcher.query:
        _, offsets = matcher.fuzzy_search.match(matcher.query, name)
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    if help_text:
        content = Content.assemble(content, "\n", (help_text, _HELP_STYLE))
    return content


def search_hits(matcher: Matcher, entries: Iterable[PlainCommand]) -> Iterable[Hit]:
    for name, command, help_text in entries:
        score = matcher.match(name)
        if score > 0:
            yield Hit(score, entry_content(name, help_text, matcher), command, text=name)


def discovery_hits(entries: Iterable[PlainCommand]) -> Iterable[DiscoveryHit]:
    for name, command, help_text in entries:
        yield DiscoveryHit(entry_content(name, help_text), command, text=name)


class PlainCommands(SimpleProvider):
    """A fixed list of entries, shown as plain text (a `SimpleProvider`, which the palette
    takes as an instance)."""

    def __init__(self, screen: Screen[Any], commands: Sequence[PlainCommand]) -> None:
        super().__init__(screen, [])
        self._plain = list(commands)

    async def search(self, query: str) -> Hits:
        for hit in search_hits(self.matcher(query), self._plain):
            yield hit

    async def discover(self) -> Hits:
        for hit in discovery_hits(self._plain):
            yield hit


def plain_palette(
    screen: Screen[Any], commands: Sequence[PlainCommand], placeholder: str
) -> CommandPalette:
    """What `App.search_commands` opens, with entries that are never parsed as markup."""
    # The palette takes a SimpleProvider instance (as `App.search_commands` passes one), which
    # its annotation does not say.
    providers = [PlainCommands(screen, commands)]
    return CommandPalette(providers=providers, placeholder=placeholder)  # type: ignore[arg-type]
