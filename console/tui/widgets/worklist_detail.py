"""The current worklist row, decoded: its verdict, what this session did to it, the anomalies
and every field — what the row's last verify returned, and when, without a new request.

Beside the table at 120 columns and wider (following the cursor), full-size on Enter below
that (dialogs/worklist_detail_screen.py). It never takes focus: the table keeps it, so `n`
and `c` always reach the worklist. Every value from a reply or a paste goes through `SafeText`
into `Content`, never markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from console.desk import LookupOutcome
from console.desk.worklist import WorklistItem
from console.desk.worklist_export import VERDICT_LABELS
from console.desk.worklist_verdicts import SessionAct, consumed_words, store_of, verdict_of
from console.tui.outside_text import SafeText
from console.tui.steady_text import same_content
from console.tui.tones import SEVERITY_MARK, SEVERITY_STYLE, TONE_STYLE

Part = str | tuple[str, str]


def detail_content(
    number: int,
    item: WorklistItem,
    outcome: LookupOutcome | None,
    act: SessionAct | None,
    safe: SafeText,
) -> Content:
    verdict = verdict_of(item, outcome)
    parts: list[Part] = [
        (f"Row {number}", "bold"),
        f"  {safe(item.token)}",
        (f"  ·  {store_of(item, outcome).value}", "$text-muted"),
        "\n",
        ("Verdict  ", "$text-muted"),
        (VERDICT_LABELS[verdict], "bold"),
    ]
    consumed = consumed_words(verdict, act)
    if consumed and consumed != "already consumed":
        parts += ["  ·  ", (consumed, "bold $text-success")]
    elif consumed:
        parts.append(f"  ·  {consumed}")
    if act is not None and consumed != act.words():
        parts += ["\n", ("This session  ", "$text-muted"), safe(act.words())]
    if outcome is None:
        parts += ["\n\n", ("Not verified yet.", "$text-muted")]
        return Content.assemble(*parts)
    when = outcome.at.astimezone().strftime("%H:%M:%S")
    latency = f" in {outcome.latency_ms:.0f} ms" if outcome.latency_ms is not None else ""
    parts += [
        "\n",
        (f"Last verified {when} on {safe(outcome.environment.name)}{latency}", "$text-muted"),
    ]
    if outcome.decoded is None:
        failure = outcome.failure
        if failure is not None:
            explanation = failure.explanation
            parts += ["\n\n", (safe(explanation.title), "bold $text-error"), "\n"]
            parts.append(safe(failure.reason))
            parts += ["\n\n", safe(explanation.meaning)]
            for step in explanation.next_steps:
                parts += ["\n  • ", safe(step)]
        return Content.assemble(*parts)
    decoded = outcome.decoded
    parts += ["\n\n", (safe(decoded.headline), "bold")]
    order_id = decoded.purchase.order_id
    parts.append(f"\nOrder {safe(order_id) if isinstance(order_id, str) else '(none)'}")
    for anomaly in decoded.anomalies:
        style = SEVERITY_STYLE[anomaly.severity]
        parts += ["\n", (f"{SEVERITY_MARK[anomaly.severity]} {safe(anomaly.title)}", style)]
    for group in decoded.groups:
        parts += ["\n\n", (safe(group.title).upper(), "bold $text-accent")]
        for field in group.fields:
            parts += ["\n", (f"{safe(field.label)}: ", "$text-muted")]
            parts.append((safe(field.text), TONE_STYLE[field.tone]))
    return Content.assemble(*parts)


class WorklistDetail(Static, can_focus=False):
    """Clipped to its pane, never scrolled: redrawn at every step of the cursor without a
    layout of the screen (a scrolling pane would lay out the whole screen again at each
    step, and the table would stutter); Enter shows all of it full-size."""

    DEFAULT_CSS = """
    WorklistDetail {
        width: 1fr;
        max-width: 70;
        height: 1fr;
        overflow: hidden hidden;
        border-left: solid $primary-darken-2;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content.styled("No row yet.", "$text-muted"), id=id)
        self._whole: Content | None = None
        """The row's whole detail; the pane is given the lines it has room for."""
        self._room = 0
        """The pane's height when its lines were last cut to it."""
        self._cut = False
        """Lines were cut off the end of the row's detail."""

    def show(self, content: Content) -> None:
        """Show a row's detail. Only the lines the pane has room for are drawn: a paid
        purchase's detail runs to tens of lines, and wrapping every one of them at each step
        of the cursor (or filter keystroke) cost the frame most of its time; the pane is
        clipped, so what it shows is the same."""
        if self._whole is not None and same_content(content, self._whole):
            return  # the row shown again (a throttled step, a filter that kept it)
        self._whole = content
        self._show_lines()

    def on_resize(self) -> None:
        # Taller (the filter hidden again, a bigger terminal): the lines cut may show now.
        if self._cut and self.size.height > self._room:
            self._show_lines()

    def _show_lines(self) -> None:
        whole = self._whole
        if whole is None:
            return
        self._room = self.size.height
        shown = _first_lines(whole, self._room)
        self._cut = shown is not whole
        self.update(shown, layout=False)


def _first_lines(content: Content, lines: int) -> Content:
    """`content` up to the end of its `lines`-th line (all of it while the pane has no size
    yet): each line starts after a newline and wrapping only pushes lines further down, so
    what is cut could never show in `lines` lines."""
    if lines <= 0:
        return content
    plain = content.plain
    end = -1
    for _ in range(lines):
        end = plain.find("\n", end + 1)
        if end < 0:
            return content
    return content[:end]
