"""A prepared request as one curl command line, to paste into a shell or a ticket.

The key never appears: the `Authorization` header names an environment variable inside double
quotes, so the shell of whoever runs the line fills in their own key. Everything else is
single-quoted with `shlex.quote`, so a token or payload holding `$`, quotes or spaces is sent
exactly as it is and never interpreted by the shell.
"""

from __future__ import annotations

import re
import shlex
from typing import Final

from console.payments import wire
from console.payments.models import PreparedRequest

_VARIABLE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Headers curl works out for itself from the body; repeating them could only disagree.
_LEFT_TO_CURL: Final = frozenset({"content-length", "host"})


def curl_line(request: PreparedRequest, key_variable: str = wire.API_KEY_VARIABLE) -> str:
    """`curl -sS … -H "Authorization: $NOWGG_CONSOLE_API_KEY" --data-urlencode 'f=v' …`."""
    if not _VARIABLE.fullmatch(key_variable):
        # Anything else inside the double quotes would be shell syntax, not a variable.
        raise ValueError(f"{key_variable!r} is not a shell variable name")
    parts = ["curl", "-sS"]
    # Every --data-urlencode already makes curl POST; -X only for anything else.
    if request.method.upper() != "POST" or not request.form:
        parts += ["-X", shlex.quote(request.method.upper())]
    parts.append(shlex.quote(request.url))
    for name, value in request.headers:
        if name.lower() == wire.AUTHORIZATION_HEADER.lower():
            parts += ["-H", f'"{wire.AUTHORIZATION_HEADER}: ${key_variable}"']
        elif name.lower() not in _LEFT_TO_CURL:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    for name, value in request.form:
        # `name=content`: curl encodes the content only, and takes it literally (even a
        # leading `@`, which in other forms would read a file).
        parts += ["--data-urlencode", shlex.quote(f"{name}={value}")]
    return " ".join(parts)
