"""The body of a reply that could not be used, kept (capped) with the failure it caused.

When the reply is an HTML error page, a JSON cut off half-way or a line of plain text, what
arrived is the evidence: a person wants to read it, and a ticket wants it quoted. The client
attaches it to the error; the desk hands it on to the front ends and the history.

Plain class, no dataclass: `explain` loads the errors module, and so this one (see
console/__init__.py).
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final

RECEIVED_LIMIT: Final = 64 * 1024
"""Bytes kept: a proxy's error page fits many times over; a megabyte of it helps nobody."""


class ReceivedBody:
    """What came back: its HTTP status, content type, and its first `RECEIVED_LIMIT` bytes."""

    __slots__ = ("content_type", "data", "size", "status")

    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        self.status = status
        self.content_type = content_type
        self.data = bytes(body[:RECEIVED_LIMIT])
        """The bytes as they came (after any content coding was undone), capped."""
        self.size = len(body)
        """How many bytes arrived in all."""

    @property
    def truncated(self) -> bool:
        """More arrived than `data` keeps."""
        return self.size > len(self.data)

    def text(self) -> str:
        """`data` as text (UTF-8, anything else shown as U+FFFD). Not yet safe for a terminal:
        a front end shows it through its own escaping of control characters."""
        return self.data.decode("utf-8", errors="replace")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReceivedBody) and (
            other.status,
            other.content_type,
            other.data,
            other.size,
        ) == (self.status, self.content_type, self.data, self.size)

    def __hash__(self) -> int:
        return hash((self.status, self.content_type, self.data, self.size))

    def __repr__(self) -> str:
        return f"ReceivedBody(status={self.status}, {self.size} bytes, {self.content_type!r})"
