"""Requests as plain JSON for the history and exports: the masked key only, never the key."""

from __future__ import annotations

from collections.abc import Mapping

from console.payments import PreparedRequest


def request_record(request: PreparedRequest) -> dict[str, object]:
    return {
        "method": request.method,
        "url": request.url,
        "headers": dict(request.headers),
        "form": dict(request.form),
    }


def plain_json(value: object) -> object:
    """A copy made of plain dicts and lists: replies are kept as read-only mappings, which
    `json` cannot write, and nested ones may hide anywhere in a reply."""
    if isinstance(value, Mapping):
        return {str(key): plain_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(item) for item in value]
    return value


def plain_object(value: Mapping[str, object] | None) -> dict[str, object] | None:
    """`plain_json` for a JSON object (a reply), keeping None as None."""
    if value is None:
        return None
    return {str(key): plain_json(item) for key, item in value.items()}
