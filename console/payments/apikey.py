"""An API key that cannot leak by accident.

The key is an operator's secret (API.md): `repr`, `str` and f-strings show it masked, so a
stray log line or exception message never carries it. Only `reveal()` gives the value, and the
one caller that should use it is the client, to fill the `Authorization` header.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from typing import Final


MASK: Final = "••••"


def mask_secret(value: str, visible: int = 4) -> str:
    """`••••` and the last `visible` characters, or the mask alone for a short value."""
    if len(value) <= visible * 2:
        return MASK
    return MASK + value[-visible:]


class ApiKey:
    """A payment API key; shows itself masked everywhere but `reveal()`."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        cleaned = value.strip()
        if not cleaned:
            raise ValueError("an API key cannot be empty")
        if any(ch in cleaned for ch in "\r\n\t") or not cleaned.isprintable():
            raise ValueError("an API key cannot contain line breaks or control characters")
        if not cleaned.isascii():
            # The one check for every way in (a variable, `key set`, the console's prompt, the
            # keyring): HTTP headers are ASCII, so such a key could never be sent.
            raise ValueError(
                "an API key is ASCII only, and this one holds another character, which no HTTP "
                "header can carry: copy it again from nowStudio's credentials section"
            )
        self._value = cleaned

    def reveal(self) -> str:
        """The real value, for the `Authorization` header and the keyring only."""
        return self._value

    @property
    def masked(self) -> str:
        return mask_secret(self._value)

    def __repr__(self) -> str:
        return f"ApiKey({self.masked})"

    def __str__(self) -> str:
        return self.masked

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("ApiKey", self._value))

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the secret somewhere we do not control.
        raise TypeError("an ApiKey cannot be pickled")
