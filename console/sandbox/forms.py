"""Reading a request body the way the API reads it: as an HTML form, and nothing else.

Both endpoints take `application/x-www-form-urlencoded` (API.md). A body sent under any other
content type, or a JSON text sent under the form type (as the broken 000 and 003 curl samples
do), yields no `purchaseToken` field, so the request fails the way a form-binding server fails
it: "invalid purchase token", not a crash.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from console.payments.wire import FORM_CONTENT_TYPE

# A real form here has at most five fields; this only stops a flood of them.
_MAX_FIELDS = 64


def is_form(content_type: str | None) -> bool:
    if content_type is None:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == FORM_CONTENT_TYPE


def parse_form(body: bytes, content_type: str | None) -> dict[str, str]:
    """The form's fields, first value of each; empty when the body is not a form."""
    if not is_form(content_type):
        return {}
    text = body.decode("utf-8", errors="replace")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=_MAX_FIELDS)
    except ValueError:
        return {}
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields
