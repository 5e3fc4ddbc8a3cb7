"""The writes the desk sends — consume and acknowledge — as values of one kind, so that one
guards order (guards.py), one recording (recording.py), one set of outcomes (outcomes.py),
one confirmation rule (confirmation.py), one CLI command body and one console dialog serve
both, and what differs between them is said here, once.

Both follow check → act: look the purchase up first, refuse by the same common guards
(environment, input, history, lookup, purchase state), write ahead, send once, never retry by
itself. What an operation adds:

- consume: the store rule (a client-side store's purchases are consumed on the game client)
  and "already consumed"; proven by verifying afterwards, which shows Consumed;
- acknowledge: the 3-day deadline (purchase time + 3 days); proven only by now.gg's own
  reply, because verifyPurchase carries no field that says whether it is acknowledged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from console.history import Action


class Proof(StrEnum):
    """How the outcome of a sent write is shown to be what it is."""

    VERIFY = "verify"
    """A verify after it shows the effect (Consumed), and settles an unknown outcome."""
    REPLY = "reply"
    """Only now.gg's reply shows it; an unknown outcome is explained, never settled by a
    verify (acknowledging again is answered, 5002, not doubled)."""


@dataclass(frozen=True)
class WriteOperation:
    name: str
    """`consume` / `acknowledge`: the command, the history's action, the typed word."""
    done: str
    """`consumed` / `acknowledged`: "nothing was …"."""
    doing: str
    """`consuming` / `acknowledging`: "before …"."""
    action: Action
    question: str
    """The confirmation's title and the CLI's question."""
    about: str
    """What the CLI's consent summary says is about to be written."""
    lookup_first: str
    """The lookup guard's words when no verified purchase is in hand."""
    failed_words: str
    unpaid_words: str
    allowing: str
    """Who may do it, for the read-only guard: "an environment that allows …"."""
    store_rule: bool = False
    """The store guard applies: only stores with a server-side write (consume)."""
    refuses_consumed: bool = False
    """The state guard refuses an already consumed purchase (consume)."""
    deadline_rule: bool = False
    """The deadline guard applies: purchase time + 3 days (acknowledge)."""
    proof: Proof = Proof.VERIFY

    @property
    def no_order_id_word(self) -> str:
        """Typed in production when the reply has no usable order id: the operation's name."""
        return self.name

    @property
    def title(self) -> str:
        """`Consume` / `Acknowledge`: the confirming button's word."""
        return self.name.capitalize()


CONSUME: Final = WriteOperation(
    name="consume",
    done="consumed",
    doing="consuming",
    action=Action.CONSUME,
    question="Consume this purchase?",
    about="About to consume:",
    lookup_first="only a verified purchase can be consumed",
    failed_words="do not grant the item and do not consume it.",
    unpaid_words="do not grant the item and do not consume it.",
    allowing="consuming",
    store_rule=True,
    refuses_consumed=True,
)

ACKNOWLEDGE: Final = WriteOperation(
    name="acknowledge",
    done="acknowledged",
    doing="acknowledging",
    action=Action.ACKNOWLEDGE,
    question="Acknowledge this subscription?",
    about="About to acknowledge a subscription:",
    lookup_first="only a verified purchase is acknowledged",
    failed_words="there is no subscription to acknowledge.",
    unpaid_words="acknowledge it only once it is paid.",
    allowing="writes",
    deadline_rule=True,
    proof=Proof.REPLY,
)
