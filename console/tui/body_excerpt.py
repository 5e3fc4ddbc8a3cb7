"""A body received, as the raw view may show it: text as text (control characters as visible
escapes, keys masked), bytes that are not text as a hex dump — never raw on the terminal, and
never more than a screenful's worth of thousands of lines.

No Textual here: the widget that shows it is widgets/raw_reply.py."""

from __future__ import annotations

from typing import Final

from console.key_masking import mask_keys
from console.text_safety import printable_lines

SHOWN_BYTES: Final = 16 * 1024
"""Enough for any error page's message; the rest is counted, not shown."""
_HEX_ROW: Final = 16


def looks_binary(data: bytes) -> bool:
    """Not text: NUL bytes, or a good share of bytes that are neither UTF-8 nor whitespace."""
    if b"\x00" in data[:4096]:
        return True
    sample = data[:4096].decode("utf-8", errors="replace")
    if not sample:
        return False
    replaced = sample.count("\ufffd")
    return replaced / len(sample) > 0.1


def hex_dump(data: bytes) -> str:
    rows = []
    for offset in range(0, len(data), _HEX_ROW):
        chunk = data[offset : offset + _HEX_ROW]
        hexes = " ".join(f"{byte:02x}" for byte in chunk)
        chars = "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in chunk)
        rows.append(f"{offset:08x}  {hexes:<{_HEX_ROW * 3 - 1}}  {chars}")
    return "\n".join(rows)


def body_excerpt(data: bytes, size: int, secrets: list[str]) -> tuple[str, str]:
    """(what it is, the excerpt): `size` is how many bytes arrived in all."""
    shown = data[:SHOWN_BYTES]
    cut = size - len(shown)
    tail = f"\n… {cut} more byte{'s' * (cut != 1)} not shown" if cut > 0 else ""
    if looks_binary(shown):
        return f"{size} bytes, not text (hex)", hex_dump(shown) + tail
    text = mask_keys(shown.decode("utf-8", errors="replace"), secrets)
    return f"{size} bytes of text", printable_lines(text) + tail
