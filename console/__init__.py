"""nowgg-console: a terminal operations console for the now.gg Payments server API.

Start-up: the modules that `nowgg-console explain` and `--help` load import `typing` only
for type checkers (`TYPE_CHECKING = False`, a name mypy reads as true), and no dataclass:
`typing` alone, or `dataclasses` with `inspect` behind it, would cost these commands more
than a tenth of their start. tests/test_import_boundaries.py keeps what they load.
"""

__version__ = "0.1.0"

# httpx's own command line (`python -m httpx`) loads click, rich and pygments whenever they are
# installed — about a fifth of a command's start — and the console never uses it. A None entry
# makes httpx's guarded `from ._main import main` fall back to its stub. Left alone if some
# other code of the process imported it first.
import sys as _sys

_sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
