"""The pane where answers appear: a hint before the first lookup, a loading indicator while a
request runs, then the purchase, or the error callout where the purchase would have been —
with the key prompt, the other environments, or a consume's result above it when they apply.

It holds the one outcome on screen, so the raw view, the copy actions and "Copy as curl"
always speak about what the user sees.

The first frame needs the hint, the loading indicator and the key prompt only. The parts that
show answers — the purchase and its field table, the callout, the raw reply, a consume's
result, the other environments — are mounted by `prepare()` right after it, their modules
loaded in a thread first: no answer can come before the workspace is open anyway.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING, Final, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import LoadingIndicator, Static

from console.tui.keys.bindings import keymap_of
from console.tui.outside_text import safe_text
from console.tui.widgets.key_prompt import KeyPrompt
from console.tui.widgets.steady_container import SteadyContainer

if TYPE_CHECKING:
    from console.desk import ConsumeOutcome, Failure, LookupOutcome
    from console.desk.workspace import Elsewhere
    from console.settings.environments import Environment
    from console.tui.widgets.consume_result import ConsumeResult
    from console.tui.widgets.elsewhere_panel import ElsewherePanel
    from console.tui.widgets.error_callout import ErrorCallout
    from console.tui.widgets.purchase_detail import PurchaseDetail
    from console.tui.widgets.raw_reply import RawReply

HINT = (
    "Paste a purchase token above and press Enter.\n\n"
    "On the built-in sandbox, try sbx-paid-unconsumed-0001, sbx-sample-003-0011 (fields that "
    "disagree), sbx-xiaomi-0006 (multi-store: store xiaomi, product com.example.gems.500, "
    "currency INR) or no-such-token (3901, explained).\n\n"
    "{help} lists the keys; {palette} finds any action by name."
)

_PARTS = (
    "#hint",
    "#loading",
    "#key-prompt",
    "#consume-result",
    "#callout",
    "#elsewhere",
    "#detail",
    "#raw",
)
Part = TypeVar("Part", bound=Widget)
_FIRST_FRAME: Final = ("#hint", "#loading", "#key-prompt")
_ANSWER_MODULES: Final = tuple(
    f"console.tui.widgets.{name}"
    for name in (
        "consume_result",
        "elsewhere_panel",
        "error_callout",
        "purchase_detail",
        "raw_reply",
    )
)


class ResultArea(Vertical, SteadyContainer):
    DEFAULT_CSS = """
    ResultArea {
        width: 1fr;
        height: 1fr;
    }
    ResultArea #hint {
        padding: 1 2;
        color: $text-muted;
    }
    ResultArea #loading {
        height: 3;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outcome: LookupOutcome | None = None
        """The lookup on screen (the proof, after a consume)."""
        self.raw = False
        self._before_raw: tuple[str, ...] = ("#hint",)
        self._mounted: tuple[str, ...] = _FIRST_FRAME
        self._preparing: asyncio.Future[None] | None = None
        self._compact = False

    def _hint(self) -> str:
        keymap = keymap_of(self)
        return HINT.format(help=keymap.shown("help"), palette=keymap.shown("command_palette"))

    def compose(self) -> ComposeResult:
        yield Static(Content(self._hint()), id="hint")
        yield LoadingIndicator(id="loading")
        yield KeyPrompt(id="key-prompt")

    def on_mount(self) -> None:
        self._only("#hint")

    async def prepare(self) -> None:
        """Mount the parts that show answers (once; later calls wait for the first)."""
        if self._preparing is None:
            self._preparing = asyncio.ensure_future(self._mount_answer_parts())
        await asyncio.shield(self._preparing)

    async def _mount_answer_parts(self) -> None:
        # Imported in a thread: the screen stays responsive while the modules load.
        await asyncio.to_thread(lambda: [importlib.import_module(m) for m in _ANSWER_MODULES])
        from console.tui.widgets.consume_result import ConsumeResult
        from console.tui.widgets.elsewhere_panel import ElsewherePanel
        from console.tui.widgets.error_callout import ErrorCallout
        from console.tui.widgets.purchase_detail import PurchaseDetail
        from console.tui.widgets.raw_reply import RawReply

        parts: list[Widget] = [
            ConsumeResult(id="consume-result"),
            # Above the callout: once asked for, where the token exists is the news.
            ElsewherePanel(id="elsewhere"),
            ErrorCallout(id="callout"),
            PurchaseDetail(id="detail"),
            RawReply(id="raw"),
        ]
        for part in parts:
            part.display = False
        await self.mount_all(parts, after="#key-prompt")
        self._mounted = _PARTS
        self._part(PurchaseDetail).set_compact(self._compact)

    @property
    def prepared(self) -> bool:
        return self._mounted == _PARTS

    @property
    def showing_hint(self) -> bool:
        """Nothing but the hint is on screen (no answer, no request running)."""
        return self.outcome is None and bool(self.query_one("#hint").display)

    @property
    def parts_shown(self) -> tuple[str, ...]:
        """Which parts are on screen (their selectors): a change is a layout of the screen."""
        return tuple(selector for selector in self._mounted if self.query_one(selector).display)

    def _only(self, *shown: str) -> None:
        for selector in self._mounted:
            self.query_one(selector).display = selector in shown

    def _part(self, kind: type[Part]) -> Part:
        """An answer part: `prepare()` mounted it before any answer could come."""
        return self.query_one(kind)

    def set_compact(self, compact: bool) -> None:
        """A narrow screen: the purchase lists its anomalies' titles first (detail.py)."""
        self._compact = compact
        if self.prepared:
            self._part(_detail()).set_compact(compact)

    # --- what the screen asks for ---------------------------------------------------------

    def show_hint(self, text: str | None = None) -> None:
        """A hint or a message, as plain text (it may quote an error from below); by
        default, how to start."""
        self.outcome = None
        self.raw = False
        shown = safe_text(self).lines(text if text is not None else self._hint())
        self.query_one("#hint", Static).update(Content(shown))
        self._only("#hint")

    def show_loading(self) -> None:
        """While a request runs nothing else is on screen: the old answer could be mistaken
        for the new one."""
        self.outcome = None
        self.raw = False
        self._only("#loading")

    def show_lookup(self, outcome: LookupOutcome, *, offer_elsewhere: bool = False) -> None:
        self.outcome = outcome
        self.raw = False
        if outcome.decoded is not None:
            self._part(_detail()).show(outcome)
            self._only("#detail")
        elif outcome.failure is not None:
            self._show_failure(outcome.failure, "Lookup failed", offer_elsewhere)

    def _show_failure(self, failure: Failure, title: str, offer_elsewhere: bool) -> None:
        self._part(_callout()).show(failure, title, offer_elsewhere)
        self._only("#callout")

    def show_key_prompt(self, environment: Environment, reason: str | None) -> None:
        prompt = self.query_one(KeyPrompt)
        prompt.ask(environment, reason)
        shown = ["#key-prompt"]
        if self.outcome is not None and self.outcome.failure is not None:
            shown.append("#callout")
        self._only(*shown)
        prompt.focus_input()

    def show_key_problem(self, reason: str, ways_out: tuple[str, ...]) -> None:
        self.query_one(KeyPrompt).show_problem(reason, ways_out)

    def show_consume(self, outcome: ConsumeOutcome) -> None:
        self._part(_consume_result()).show(outcome)
        proof = outcome.proof
        if proof is not None and proof.decoded is not None:
            self.outcome = proof
            self._part(_detail()).show(proof, title="After the consume (verified again)")
            self._only("#consume-result", "#detail")
            return
        checked = outcome.plan.check
        if self.outcome is None and checked is not None and checked.decoded is not None:
            # Nothing was sent (refused at the write-ahead): the verify made just before is
            # what is known of the purchase, and what a forced consume goes on from.
            self.outcome = checked
            self._part(_detail()).show(checked, title="Verified before the consume")
        self._only("#consume-result", "#detail" if self.outcome else "#consume-result")

    def show_touched(self, outcome: LookupOutcome, lines: list[str]) -> None:
        """Who else touched the purchase of `outcome`, if it is still the one on screen."""
        if self.prepared and self.outcome is outcome:
            self._part(_detail()).show_touched(outcome, lines)

    def show_refusal(self, outcome: LookupOutcome | None) -> None:
        """The fresh verify a refused consume made: the purchase as it is now."""
        if outcome is not None:
            self.show_lookup(outcome)

    def searching_elsewhere(self, token: str) -> None:
        self._part(_elsewhere()).searching(token)
        self._only("#callout", "#elsewhere")

    def show_elsewhere(self, results: list[Elsewhere], numbers: dict[str, int]) -> None:
        """`numbers`: each environment's number in the switcher, which the hits keep."""
        panel = self._part(_elsewhere())
        panel.show(results, numbers)
        self._only("#callout", "#elsewhere")
        panel.focus()

    def toggle_raw(self, secrets: list[str]) -> bool:
        """Switch between the answer and the reply as it came; returns True when raw shows."""
        self.raw = not self.raw
        if self.raw:
            self._before_raw = tuple(s for s in self._mounted if self.query_one(s).display)
            self._part(_raw()).show(self.outcome, secrets)
            self._only("#raw")
        else:
            self._only(*self._before_raw)
        return self.raw


# The answer parts' classes, from their modules (loaded by `prepare()` before any answer).


def _detail() -> type[PurchaseDetail]:
    from console.tui.widgets.purchase_detail import PurchaseDetail

    return PurchaseDetail


def _callout() -> type[ErrorCallout]:
    from console.tui.widgets.error_callout import ErrorCallout

    return ErrorCallout


def _consume_result() -> type[ConsumeResult]:
    from console.tui.widgets.consume_result import ConsumeResult

    return ConsumeResult


def _elsewhere() -> type[ElsewherePanel]:
    from console.tui.widgets.elsewhere_panel import ElsewherePanel

    return ElsewherePanel


def _raw() -> type[RawReply]:
    from console.tui.widgets.raw_reply import RawReply

    return RawReply
