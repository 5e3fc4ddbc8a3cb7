"""What a consume did, settled by verifying: Consumed with the proof, or — when the reply was
lost — what verifying found, and what to do now. Never a bare "error".

The summary and the reason quote the server's `codeMsg`: shown through `SafeText` as plain
`Content` — `[/v2/order/consumePurchase] not found` is words, not markup."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from console.desk import ConsumeOutcome, ConsumeStatus, RefusalReason
from console.tui.outside_text import SafeText, safe_text

_STATUS: dict[ConsumeStatus, tuple[str, str, str]] = {
    ConsumeStatus.CONSUMED: ("CONSUMED", "bold $background on $success", "-good"),
    ConsumeStatus.FAILED: ("NOT CONSUMED: refused", "bold $background on $error", "-bad"),
    ConsumeStatus.NOT_CONSUMED: (
        "NOT CONSUMED: it did not take effect",
        "bold $background on $warning",
        "-warn",
    ),
    ConsumeStatus.UNKNOWN: (
        "OUTCOME UNKNOWN: do not consume again",
        "bold $background on $error",
        "-bad",
    ),
    ConsumeStatus.REFUSED: (
        "NOT SENT: it could not be put on record first",
        "bold $background on $error",
        "-bad",
    ),
    ConsumeStatus.CONTRADICTION: (
        "CONTRADICTION: success, yet Not consumed",
        "bold $background on $error",
        "-bad",
    ),
}


_HELD_ELSEWHERE = "NOT SENT: another console holds this token"


def result_content(outcome: ConsumeOutcome, safe: SafeText) -> Content:
    words, style, _ = _STATUS[outcome.status]
    if outcome.refusal is not None and outcome.refusal.reason is RefusalReason.HELD_ELSEWHERE:
        words = _HELD_ELSEWHERE
    parts: list[str | tuple[str, str]] = [(f" {words} ", style), "\n\n", safe(outcome.summary)]
    settled = outcome.status in (ConsumeStatus.CONSUMED, ConsumeStatus.NOT_CONSUMED)
    if outcome.failure is not None and not settled:
        explanation = outcome.failure.explanation
        parts += ["\n\n", (safe(explanation.title), "bold"), "\n", safe(explanation.meaning)]
        for step in explanation.next_steps:
            parts += ["\n  • ", safe(step)]
    proof = outcome.proof
    if proof is not None:
        parts += ["\n\n", ("Proof: verified after the consume", "bold")]
        if proof.decoded is not None:
            order_id = proof.decoded.purchase.order_id
            parts += [
                "\n  ",
                safe(proof.decoded.headline),
                "\n  Consumption  ",
                (safe(proof.decoded.consumption), "bold"),
                f"\n  Order id     {safe(order_id) if isinstance(order_id, str) else '(none)'}",
                f"\n  Verified at  {proof.at.isoformat(timespec='seconds')} on {safe(proof.host)}",
            ]
        elif proof.failure is not None:
            parts += ["\n  verifying failed: ", safe(proof.failure.reason)]
    return Content.assemble(*parts)


class ConsumeResult(Static):
    DEFAULT_CSS = """
    ConsumeResult {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        border: round $success;
        border-title-style: bold;
    }
    ConsumeResult.-bad { border: round $error; }
    ConsumeResult.-warn { border: round $warning; }
    """

    def show(self, outcome: ConsumeOutcome) -> None:
        css_class = _STATUS[outcome.status][2]
        for name in ("-good", "-bad", "-warn"):
            self.set_class(name == css_class, name)
        self.border_title = "Consume"
        self.update(result_content(outcome, safe_text(self)))
