"""grading imports only foundation.config, foundation.errors, nbgrader and libraries (never widgets,
dashboards or telemetry), and every module imports on its own (no hidden cycles)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "grading"
FORBIDDEN = ("widgets", "dashboards", "telemetry", "academy.hub", "academy.cli")


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_imports_point_down(path: Path) -> None:
    bad = {name for name in imported_names(path) if name.startswith(FORBIDDEN)}
    assert not bad, f"{path.name} imports {bad}"


def test_internal_imports_form_no_cycle() -> None:
    """A static stand-in for importing each module alone: the module graph is acyclic."""
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        graph[module] = {name for name in imported_names(path)
                         if name.startswith("grading") and name != module}
    # Package __init__ files re-export their children: an edge into a package is fine
    # when it points from a child to a sibling, so drop parent->child edges.
    for module, targets in graph.items():
        graph[module] = {t for t in targets if not t.startswith(module + ".")}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        assert module not in visiting, " -> ".join([*visiting, module])
        if module in done or module not in graph:
            return
        visiting.append(module)
        for target in graph[module]:
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
