"""DESIGN.md's layer rules, kept by tests: only console/tui imports textual; payments knows
nothing of settings, history or screens; front ends never call the API client themselves."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import console.payments

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


def _imports_of(layer: str) -> dict[str, list[str]]:
    """Every console module each file of `layer` imports, by file (in functions too)."""
    found: dict[str, list[str]] = {}
    for path in _files(layer):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
        found[str(path.relative_to(CONSOLE))] = names
    return found


@pytest.mark.parametrize(
    ("layer", "never"),
    [
        ("desk", ("console.tui", "console.cli")),
        ("history", ("console.desk", "console.tui", "console.cli")),
        ("settings", ("console.desk", "console.tui", "console.cli")),
        ("tui", ("console.cli",)),
        (
            "payments",
            ("console.settings", "console.history", "console.desk", "console.tui", "console.cli"),
        ),
    ],
)
def test_layers_import_only_downwards(layer: str, never: tuple[str, ...]) -> None:
    offenders = {
        path: sorted(name for name in names if name.startswith(never))
        for path, names in _imports_of(layer).items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


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
    allowed = {"console.payments.wire"}
    offenders = {
        str(path.relative_to(CONSOLE)): sorted(
            name
            for name in _imported_modules(path)
            if name.startswith("console.payments") and name not in allowed
        )
        for path in _files("sandbox")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_other_layers_use_only_the_public_face_of_payments() -> None:
    public = set(console.payments.__all__)
    offenders: dict[str, list[str]] = {}
    for path in _files():
        layer = path.relative_to(CONSOLE).parts[0]
        if layer in ("payments", "sandbox"):
            continue  # the package itself; the sandbox is held to `wire` alone (above)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                wrong = [a.name for a in node.names if a.name.startswith("console.payments")]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "console.payments"
            ):
                if node.module != "console.payments":
                    wrong = [f"{node.module} (a module behind the public face)"]
                else:
                    wrong = [a.name for a in node.names if a.name not in public]
            else:
                continue
            if wrong:
                offenders.setdefault(str(path.relative_to(CONSOLE)), []).extend(wrong)
    assert offenders == {}


def test_the_public_face_names_what_it_loads() -> None:
    """`__all__`, the lazy table and the names type checkers see are one list."""
    table = console.payments._PUBLIC
    assert sorted(table) == sorted(console.payments.__all__)
    init = CONSOLE / "payments" / "__init__.py"
    typed: dict[str, tuple[str, str]] = {}
    for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                typed[alias.asname or alias.name] = (node.module, alias.name)
    assert typed == table
    for name in console.payments.__all__:
        assert getattr(console.payments, name) is not None


def test_the_public_face_loads_nothing_heavy_until_used() -> None:
    # What `--help` and `explain` take from it: no httpx until the client or a URL is used.
    script = (
        "import sys\n"
        "import console.payments as payments\n"
        "assert payments.STORE_NAMES and payments.MAX_BASE_URL_CHARS\n"
        "assert payments.explain_code(3901) and payments.server_codes()\n"
        "assert 'httpx' not in sys.modules, 'httpx loaded'\n"
        "payments.BaseUrl.parse('https://payments-api.now.gg/')\n"
        "assert 'httpx' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
