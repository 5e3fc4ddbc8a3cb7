"""`console/tui/` has no import circle, not even one that only type checking follows: read from
the source (every import statement, those under `if TYPE_CHECKING:` and inside functions
included), the modules of the console and what they import form a graph without a cycle.

A circle makes the order of imports matter, hides which module depends on which, and is what
let the flows hold the whole main screen; the flows talk to it through `flows/host.py`."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

CONSOLE = Path(__file__).resolve().parents[2] / "console"
TUI = CONSOLE / "tui"


def _module_name(path: Path, root: Path) -> str:
    """`console.tui.flows.lookup_flow` for `root/console/tui/flows/lookup_flow.py`."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_of(path: Path, module: str) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _named(node: ast.ImportFrom, package: str) -> str:
    """The absolute name an `ImportFrom` reads from (relative ones resolved)."""
    if node.level == 0:
        return node.module or ""
    base = package.split(".")
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imported(path: Path, module: str, known: set[str]) -> Iterator[str]:
    """Every module of `known` that importing `module` imports, directly: the modules named,
    the submodules named in `from package import submodule`, and the packages they live in
    (importing `a.b.c` runs `a/__init__` and `a/b/__init__` first)."""
    package = _package_of(path, module)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _named(node, package)
            targets = [source, *(f"{source}.{alias.name}" for alias in node.names)]
        for target in targets:
            parts = target.split(".")
            for end in range(1, len(parts) + 1):
                name = ".".join(parts[:end])
                if name in known and name != module:
                    yield name


def import_graph(package: Path = TUI, root: Path = CONSOLE.parent) -> dict[str, set[str]]:
    """Module → the modules of `package` it imports."""
    files = {_module_name(path, root): path for path in sorted(package.rglob("*.py"))}
    known = set(files)
    return {module: set(_imported(path, module, known)) for module, path in files.items()}


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_console_has_no_import_circle() -> None:
    graph = import_graph()
    assert len(graph) > 40, "the graph was not read from the console's source"
    assert cycles(graph) == []


def test_the_graph_sees_type_checking_and_relative_imports() -> None:
    # The test must be able to fail: a circle through an `if TYPE_CHECKING:` import and a
    # relative one, in a throw-away package shaped like the console.
    graph = {
        "console.tui.flows.lookup": {"console.tui.screens.main"},
        "console.tui.screens.main": {"console.tui.flows.lookup"},
        "console.tui.widgets.alone": set(),
    }
    assert cycles(graph) == [["console.tui.flows.lookup", "console.tui.screens.main"]]


def test_type_checking_imports_are_edges(tmp_path: Path) -> None:
    package = tmp_path / "console" / "tui"
    (package / "flows").mkdir(parents=True)
    for folder in (tmp_path / "console", package, package / "flows"):
        (folder / "__init__.py").write_text('"""package"""\n', encoding="utf-8")
    (package / "screen.py").write_text("from .flows import lookup\n", encoding="utf-8")
    (package / "flows" / "lookup.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from console.tui.screen import Screen\n",
        encoding="utf-8",
    )
    graph = import_graph(package, tmp_path)
    # The package and the subpackage are run by the import too.
    assert graph["console.tui.screen"] == {
        "console.tui",
        "console.tui.flows",
        "console.tui.flows.lookup",
    }
    assert cycles(graph) == [["console.tui.flows.lookup", "console.tui.screen"]]


def test_flows_widgets_and_dialogs_never_import_the_screen_or_the_app() -> None:
    below = ("console.tui.flows", "console.tui.widgets", "console.tui.dialogs")
    above = ("console.tui.screens", "console.tui.app")
    offenders = {
        module: sorted(target for target in targets if target.startswith(above))
        for module, targets in import_graph().items()
        if module.startswith(below)
    }
    assert {module: targets for module, targets in offenders.items() if targets} == {}


def test_every_modal_dialog_lives_in_the_dialogs_folder() -> None:
    outside = [
        str(path.relative_to(TUI))
        for path in TUI.rglob("*.py")
        if "dialogs" not in path.relative_to(TUI).parts
        and "(ModalScreen[" in path.read_text(encoding="utf-8")
    ]
    assert outside == []
