"""What now.gg answered a write (consume, acknowledge) with: loaded with the first write, so
a command that only verifies never defines them (client.py)."""

from __future__ import annotations

from dataclasses import dataclass

from console.payments.models import Envelope, PreparedRequest


@dataclass(frozen=True)
class ConsumeResult:
    envelope: Envelope
    request: PreparedRequest
    http_status: int
    latency_ms: float


@dataclass(frozen=True)
class AcknowledgeResult:
    """now.gg acknowledged a subscription purchase: success carries an empty `data`."""

    envelope: Envelope
    request: PreparedRequest
    http_status: int
    latency_ms: float
