"""Random ids — an entry's uid, an in-flight lock file's name — as `uuid.uuid4().hex` makes
them (32 hex digits of a version 4 UUID), made here: the `uuid` module, with `platform`
under it, would cost every command that records a few milliseconds to load."""

from __future__ import annotations

import os


def random_uuid_hex() -> str:
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    return raw.hex()
