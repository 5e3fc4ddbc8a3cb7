"""No API key, nor any long piece of one, ever shown or stored: the one function every output
path uses (the history, exports, the command line and its `--json`, the console's screens,
toasts and clipboard).

The desk already hands the history a request whose key is masked; this catches the cases
nobody planned for: a key pasted into a note, echoed in an error reason, a reply that quotes a
header — or quotes only part of it. A server that echoes `sk_live_9f8e7d6c` of a longer key has
leaked most of it, so any run of 8 or more characters that also appears in a key (any
substring of the key of that length) is masked, not only the whole key. A whole key becomes
its usual masked form (`••••1a2b`, as on screen); a piece of one becomes `••••`.

It imports nothing heavy (no sqlite3, httpx or keyring), so commands that send nothing may use
it; the history calls it `scrub` (console/history/scrub.py).

One key is exempt from the piece rule: the built-in sandbox's, which is public on purpose
(README) and made of this console's own name — masking its pieces would mask
"nowgg-console" wherever it is written. Its whole value is still masked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from console.payments import MASK, mask_secret
from console.sandbox.keys import SANDBOX_API_KEY

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final

MIN_RUN: Final = 8
"""The shortest piece of a key that is masked (a shorter key is masked whole)."""

PUBLIC_KEYS: Final = frozenset({SANDBOX_API_KEY})
"""Keys published on purpose: masked whole, their pieces left alone."""

_PASSES: Final = 4


def _usable(secrets: Iterable[str]) -> list[str]:
    # Longest first, so a key that contains another key is masked whole, not half-masked.
    unique = {secret for secret in secrets if secret and secret.strip()}
    return sorted(unique, key=len, reverse=True)


@lru_cache(maxsize=64)
def _pieces(secret: str) -> frozenset[str]:
    """What to look for: every run of MIN_RUN characters of the key (any longer run of the
    key is made of these), or the whole key when it is short or public."""
    if len(secret) <= MIN_RUN or secret in PUBLIC_KEYS:
        return frozenset({secret})
    return frozenset(secret[start : start + MIN_RUN] for start in range(len(secret) - MIN_RUN + 1))


def _occurrences(text: str, piece: str) -> Iterable[int]:
    start = text.find(piece)
    while start != -1:
        yield start
        start = text.find(piece, start + 1)


def _spans(text: str, secrets: list[str]) -> list[tuple[int, int]]:
    """Where pieces of keys are, merged into disjoint spans, in order."""
    found: list[tuple[int, int]] = []
    for secret in secrets:
        for piece in _pieces(secret):
            found.extend((start, start + len(piece)) for start in _occurrences(text, piece))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _masked(run: str, secrets: list[str]) -> str:
    return mask_secret(run) if run in secrets else MASK


def _replace(text: str, spans: list[tuple[int, int]], secrets: list[str] | None) -> str:
    """Each span masked (or, with `secrets` None, removed outright)."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        if secrets is not None:
            parts.append(_masked(text[start:end], secrets))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def mask_keys(text: str, secrets: Iterable[str]) -> str:
    """`text` with every key, and every run of MIN_RUN or more characters of a key, masked.

    Guaranteed: no such run is left in the result. A mask can recombine with its neighbours
    into a key piece again (only for contrived keys, made of mask characters), so masking is
    repeated a few times and, as a last resort, what survives is removed outright.
    """
    usable = _usable(secrets)
    if not usable:
        return text
    for _ in range(_PASSES):
        spans = _spans(text, usable)
        if not spans:
            return text
        text = _replace(text, spans, usable)
    # Each removal makes the text strictly shorter, so this ends.
    while spans := _spans(text, usable):
        text = _replace(text, spans, None)
    return text


def mask_keys_json(value: object, secrets: Iterable[str]) -> object:
    """`mask_keys` applied to every string inside a JSON-like value, object keys included.

    Walking the structure (rather than scrubbing its JSON text) matters: JSON escaping would
    hide a key with a quote, a backslash or non-ASCII characters from a plain text search.
    """
    usable = _usable(secrets)
    if not usable:
        return value
    return _walk(value, usable)


def _walk(value: object, secrets: list[str]) -> object:
    if isinstance(value, str):
        return mask_keys(value, secrets)
    if isinstance(value, Mapping):
        return {_walk_key(key, secrets): _walk(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(item, secrets) for item in value]
    return value


def _walk_key(key: object, secrets: list[str]) -> object:
    return mask_keys(key, secrets) if isinstance(key, str) else key
