"""The import graph between the project's top-level packages: core imports no app, and no two
packages import each other (directly or round a longer cycle). outreach/ (the project package)
may import anything, and nothing imports it but Django's entry points.

Read with `ast` from the source, so an import inside a function (a common way to hide a cycle)
counts as much as one at the top of a module. Migrations are left out: they name apps by string.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT_PACKAGE = "outreach"
APPS = sorted(
    path.parent.name
    for path in ROOT.glob("*/apps.py")
    if path.parent.name not in {PROJECT_PACKAGE, ".venv", "tests", "bench", "scripts"}
)


def imported_packages(path: Path, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [package] if node.level else [node.module or ""]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found


def import_graph() -> dict[str, dict[str, list[str]]]:
    """package -> {imported package: [files importing it]}, for the project's own packages."""
    ours = {*APPS, PROJECT_PACKAGE}
    graph: dict[str, dict[str, list[str]]] = {package: {} for package in ours}
    for package in ours:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for imported in imported_packages(path, package) & ours - {package}:
                graph[package].setdefault(imported, []).append(str(path.relative_to(ROOT)))
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_apps_are_found():
    assert {"core", "units", "accounts", "visits", "products", "scans"} <= set(APPS)


def test_core_imports_no_app():
    assert import_graph()["core"] == {}


def test_only_django_entry_points_import_the_project_package():
    graph = import_graph()
    assert {package: imports[PROJECT_PACKAGE] for package, imports in graph.items() if PROJECT_PACKAGE in imports} == {}


def test_no_import_cycle_between_packages():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
