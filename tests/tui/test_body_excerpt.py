"""A body received, as the raw view shows it: text literally (escapes visible, keys masked),
bytes that are not text as hex, long bodies capped with what was left out counted."""

from __future__ import annotations

from console.tui.body_excerpt import SHOWN_BYTES, body_excerpt

KEY = "nowgg-live-key-0123456789abcdef"


def test_an_html_page_is_shown_as_text_with_its_markup_and_escapes_literal() -> None:
    page = b"<html><title>502 Bad Gateway</title>[table] \x1b[31mred\r\n</html>"
    what, excerpt = body_excerpt(page, len(page), [])
    assert what == f"{len(page)} bytes of text"
    assert "<title>502 Bad Gateway</title>[table]" in excerpt
    assert "\x1b" not in excerpt and "\\x1b[31mred" in excerpt


def test_bytes_that_are_not_text_are_a_hex_dump() -> None:
    data = bytes(range(256))
    what, excerpt = body_excerpt(data, len(data), [])
    assert what == "256 bytes, not text (hex)"
    assert excerpt.splitlines()[0].startswith("00000000  00 01 02 03")
    assert all(ord(char) >= 0x20 for line in excerpt.splitlines() for char in line)


def test_a_long_body_is_capped_and_a_key_echoed_in_it_masked() -> None:
    data = (f"echo {KEY} " + "x" * (SHOWN_BYTES * 2)).encode()
    what, excerpt = body_excerpt(data[: SHOWN_BYTES * 2], len(data), [KEY])
    assert what == f"{len(data)} bytes of text"
    assert KEY not in excerpt
    assert excerpt.endswith(f"… {len(data) - SHOWN_BYTES} more bytes not shown")
