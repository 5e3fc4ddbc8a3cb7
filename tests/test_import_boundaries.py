"""DESIGN.md's layer rules, kept by tests: only console/tui imports textual; payments knows
nothing of settings, history or screens; front ends never call the API client themselves."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CONSOLE = Path(__file__).resolve().parents[1] / "console"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _files(under: str = "") -> list[Path]:
    return sorted((CONSOLE / under).rglob("*.py"))


def test_only_the_tui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(CONSOLE))
        for path in _files()
        if "tui" not in path.relative_to(CONSOLE).parts
        and any(name.split(".")[0] == "textual" for name in _imported_modules(path))
    ]
    assert offenders == []


def test_payments_knows_nothing_of_the_layers_above() -> None:
    forbidden = (
        "console.settings",
        "console.history",
        "console.desk",
        "console.cli",
        "console.tui",
        "console.sandbox",
    )
    offenders = {
        str(path.relative_to(CONSOLE)): sorted(
            name for name in _imported_modules(path) if name.startswith(forbidden)
        )
        for path in _files("payments")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_front_ends_never_call_the_api_client() -> None:
    front_ends = [*_files("cli"), *(_files("tui") if (CONSOLE / "tui").exists() else [])]
    offenders = [
        str(path.relative_to(CONSOLE))
        for path in front_ends
        if "console.payments.client" in _imported_modules(path)
    ]
    assert offenders == []


def test_the_console_never_imports_the_command_line() -> None:
    # The CLI may open the console; the console knows nothing of the CLI (its own errors,
    # its own masking: both front ends share what they need from the layers below).
    offenders = {
        str(path.relative_to(CONSOLE)): sorted(
            name for name in _imported_modules(path) if name.startswith("console.cli")
        )
        for path in _files("tui")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_sandbox_shares_only_constants_with_the_client() -> None:
    allowed = {"console.payments.hosts", "console.payments.stores"}
    offenders = {
        str(path.relative_to(CONSOLE)): sorted(
            name
            for name in _imported_modules(path)
            if name.startswith("console.payments") and name not in allowed
        )
        for path in _files("sandbox")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_core_and_cli_paths_run_without_loading_textual() -> None:
    # A fresh interpreter, so modules imported by other tests do not hide a real import.
    script = (
        "import sys\n"
        "import console.payments.client, console.payments.decode, console.payments.catalog\n"
        "import console.desk, console.cli.main\n"
        "from console.cli.main import main\n"
        "assert main(['explain', '3901']) == 0\n"
        "assert main(['verify', 'no-such-token-0000']) == 1\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
