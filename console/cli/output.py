"""Everything a command prints goes through `Output`: keys masked, outside text made printable,
our own colours the only escape sequences. Light (no desk, no httpx): `explain` and `--help`
use it too."""

from __future__ import annotations

import sys

from console.text_safety import printable_lines, terminal_safe_json

from .style import Style

TYPE_CHECKING = False  # `typing` only for type checkers: see console/__init__.py
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import TextIO


def _no_secrets() -> Iterable[str]:
    return ()


class Output:
    """Everything a command prints goes through here, which is where outside text is made
    safe: API keys (and long pieces of them) masked, and no escape sequence but our own
    colours reaching a terminal — the renderers escape each value they interpolate; this is
    the net under them, for any path they missed."""

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        style: Style,
        secrets: Callable[[], Iterable[str]] = _no_secrets,
    ) -> None:
        self.out = out
        self.err = err
        self.style = style
        self.secrets = secrets
        """The keys this command knows of (asked at each write: keys are resolved on the
        way)."""
        self._said: set[str] = set()

    @classmethod
    def standard(cls) -> Output:
        return cls(sys.stdout, sys.stderr, Style.for_stream(sys.stdout))

    def lines(self, lines: list[str]) -> None:
        self._write(self.out, self._shown("\n".join(lines)) + "\n")

    def json(self, value: object) -> None:
        """Exact for a script (JSON escapes control characters losslessly), keys masked."""
        import json  # here: most commands print no JSON, and start faster without it

        secrets = self._known_secrets()
        if secrets:
            from console.key_masking import mask_keys_json

            value = mask_keys_json(value, secrets)
        text = json.dumps(value, indent=2, ensure_ascii=False)
        self._write(self.out, terminal_safe_json(text) + "\n")

    def note(self, text: str) -> None:
        """A remark for the person, on stderr so that stdout stays clean for pipes."""
        self._write(self.err, self._shown(text) + "\n")

    def note_once(self, text: str) -> None:
        """`note`, unless this very text was noted once already."""
        if text not in self._said:
            self._said.add(text)
            self.note(text)

    def document(self, text: str) -> None:
        """An export on stdout: the data exactly as stored when it goes to a file or a pipe,
        made printable (line breaks kept) when stdout is a terminal. Keys masked either way."""
        masked = self._masked(text)
        shown = printable_lines(masked) if self.out.isatty() else masked
        self._write(self.out, shown if shown.endswith("\n") else shown + "\n")

    def _known_secrets(self) -> list[str]:
        return [secret for secret in self.secrets() if secret and secret.strip()]

    def _masked(self, text: str) -> str:
        """`text` with every key known to this command masked (key_masking.py, loaded only
        when there is a key to mask: `explain` and `--help` know none)."""
        secrets = self._known_secrets()
        if not secrets:
            return text
        from console.key_masking import mask_keys

        return mask_keys(text, secrets)

    def _shown(self, text: str) -> str:
        masked = self._masked(text)
        own = self.style.own_sequences
        if own is None:
            return printable_lines(masked)
        # Our colours split the text (the pattern captures them): every other piece is text.
        pieces = own.split(masked)
        return "".join(
            piece if index % 2 else printable_lines(piece) for index, piece in enumerate(pieces)
        )

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        stream.write(text)
        stream.flush()
