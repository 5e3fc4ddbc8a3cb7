"""JSON text of reply values for the screen and the clipboard. Parsed replies hold read-only
mappings (MappingProxyType), which `json` does not know; anything stranger shows as its repr
rather than failing the screen."""

from __future__ import annotations

import json
from collections.abc import Mapping


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    return repr(value)


def json_text(value: object, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_plain)
