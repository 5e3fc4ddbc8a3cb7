"""Last line of defence: no API key value ever lands in a stored field.

The desk already hands the history a request whose key is masked; this catches the cases
nobody planned for (a key pasted into a note, echoed in an error reason, a reply that quotes a
header). A key found anywhere is replaced by its masked form, the same one shown on screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from console.payments.apikey import mask_secret


def _usable(secrets: Iterable[str]) -> list[str]:
    # Longest first, so a key that contains another key is replaced whole, not half-masked.
    unique = {secret for secret in secrets if secret and secret.strip()}
    return sorted(unique, key=len, reverse=True)


_PASSES = 4


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of every secret replaced by its masked form.

    Guaranteed: no secret is left in the result. A mask can recombine with its neighbours
    into a secret again (only for contrived secrets, made of mask characters), so masking is
    repeated a few times and, as a last resort, what survives is removed outright.
    """
    usable = _usable(secrets)
    for _ in range(_PASSES):
        if not any(secret in text for secret in usable):
            return text
        for secret in usable:
            text = text.replace(secret, mask_secret(secret))
    # Each removal makes the text strictly shorter, so this ends.
    while (found := next((secret for secret in usable if secret in text), None)) is not None:
        text = text.replace(found, "")
    return text


def scrub_json(value: object, secrets: Iterable[str]) -> object:
    """`scrub` applied to every string inside a JSON-like value, object keys included.

    Walking the structure (rather than scrubbing its JSON text) matters: JSON escaping would
    hide a key with a quote, a backslash or non-ASCII characters from a plain text search.
    """
    usable = _usable(secrets)
    if not usable:
        return value
    return _walk(value, usable)


def _walk(value: object, secrets: list[str]) -> object:
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, Mapping):
        return {_walk_key(key, secrets): _walk(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(item, secrets) for item in value]
    return value


def _walk_key(key: object, secrets: list[str]) -> object:
    return scrub(key, secrets) if isinstance(key, str) else key
