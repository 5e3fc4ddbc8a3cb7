"""A purchase's anomalies, each title with what it means indented under it on every line,
wrapped to the room the list has and wrapped again whenever that room changes.

Everything from the reply is shown through `SafeText` inside `Content`, never as markup."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from console.payments import Anomaly, DecodedPurchase
from console.tui import steady_text
from console.tui.outside_text import SafeText, safe_text
from console.tui.tones import MUTED_STYLE, SEVERITY_MARK, SEVERITY_STYLE
from console.tui.widgets.wrapping import pane_width, wrapped


class AnomalyList(Static):
    """The anomalies, wrapped to the room they have, each meaning indented under its title on
    every line. Wrapped again whenever that room changes: the pane's width, or the scrollbar
    of the box around the list coming or going — which resizes the list, not the pane."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._decoded: DecodedPurchase | None = None
        self._room = 0
        """The width when last laid out: kept while hidden (as while a lookup runs), so an
        answer is wrapped right in its first frame, and its showing has nothing to redo."""

    def show(self, decoded: DecodedPurchase) -> None:
        self._decoded = decoded
        self._wrap()

    def on_resize(self) -> None:
        self._wrap()

    def _wrap(self) -> None:
        if self._decoded is None:
            return
        width = self.content_region.width
        if width > 0:
            self._room = width
        elif not self._room:
            # Never laid out yet: the pane's width, so that the first frame is most likely
            # right (the resize that follows wraps it again otherwise).
            self._room = max(pane_width(self) - self.styles.gutter.width, 0)
        content = anomalies_content(
            self._decoded, safe_text(self), width=self._room, titles_first=True
        )
        # The same words at the same width (a resize that kept it, the same purchase looked
        # up again): nothing is laid out or drawn again.
        steady_text.show(self, content)


_MEANING_INDENT = "    "


def anomalies_content(
    decoded: DecodedPurchase, safe: SafeText, *, width: int = 0, titles_first: bool = False
) -> Content:
    """The anomalies, each title with its meaning indented under it (the indent kept on every
    wrapped line: `width` is the room, 0 when not known yet). `titles_first`: every title,
    then the meanings — on a small screen all titles fit above the fold."""
    if not decoded.anomalies:
        return Content.styled("No anomalies: the reply is consistent.", MUTED_STYLE)
    parts: list[str | tuple[str, str]] = [
        (f"Anomalies ({len(decoded.anomalies)})", "bold"),
    ]

    def title(anomaly: Anomaly) -> list[str | tuple[str, str]]:
        style = SEVERITY_STYLE[anomaly.severity]
        return ["\n", (f"{SEVERITY_MARK[anomaly.severity]}  {safe(anomaly.title)}", style)]

    def meaning(anomaly: Anomaly) -> list[str | tuple[str, str]]:
        text = safe(anomaly.meaning)
        if width > len(_MEANING_INDENT) + 8:
            text = wrapped(text, width - len(_MEANING_INDENT)).replace("\n", "\n" + _MEANING_INDENT)
        return ["\n", (_MEANING_INDENT + text, "")]

    if titles_first and len(decoded.anomalies) > 1:
        for anomaly in decoded.anomalies:
            parts += title(anomaly)
        parts += ["\n"]
        for anomaly in decoded.anomalies:
            parts += title(anomaly) + meaning(anomaly)
    else:
        for anomaly in decoded.anomalies:
            parts += title(anomaly) + meaning(anomaly)
    return Content.assemble(*parts)
