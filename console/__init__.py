"""nowgg-console: a terminal operations console for the now.gg Payments server API.

Start-up: the modules that `nowgg-console explain` and `--help` load import `typing` only
for type checkers (`TYPE_CHECKING = False`, a name mypy reads as true), and no dataclass:
`typing` alone, or `dataclasses` with `inspect` behind it, would cost these commands more
than a tenth of their start. tests/test_import_boundaries.py keeps what they load.
"""

__version__ = "0.1.0"
