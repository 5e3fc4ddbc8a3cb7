"""Requests as plain JSON for the history and exports: the masked key only, never the key."""

from __future__ import annotations

from console.payments.models import PreparedRequest


def request_record(request: PreparedRequest) -> dict[str, object]:
    return {
        "method": request.method,
        "url": request.url,
        "headers": dict(request.headers),
        "form": dict(request.form),
    }
