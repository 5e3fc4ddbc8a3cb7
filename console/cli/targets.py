"""Checking what the command line says about where to go."""

from __future__ import annotations

from urllib.parse import urlsplit


class UsageError(Exception):
    """Bad command-line input; the message says what is expected."""


def validate_base_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"--base-url {url!r} is not an http(s) URL with a host, "
            "e.g. https://payments-api.now.gg/ or http://127.0.0.1:8765/"
        )
    return url.strip()
