"""The layout holds: each app imports only the apps below it, and no modules import each
other in a circle, between apps or inside one (docs/layout.md).

Every import is read from the source (``ast``), those inside functions too: an import
moved into a function to dodge a circle is still a circle. ``AppConfig.ready`` is where an
app wires itself to the layers below (signals, handlers, hooks), so ``apps.py`` may import
its own app's modules; it is left out of the circle check only."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Bottom to top: an app may import itself and the apps before it, never one after it.
LAYERS = ["centers", "workers", "sms", "employers", "dispatch", "wages", "reports", "config"]
PURE = ["dispatch/lottery.py", "sms/segments.py"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    found = {}
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _imports(path: Path, name: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) for every import of a project module in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append((node.lineno, submodule if submodule in known else base))
    return [(line, module) for line, module in found if module.split(".")[0] in LAYERS]


def _graph() -> dict[str, list[tuple[int, str]]]:
    sources = _sources()
    known = set(sources)
    graph = {}
    for name, path in sources.items():
        edges = []
        for line, module in _imports(path, name, known):
            while module not in known and "." in module:
                module = module.rpartition(".")[0]
            if module in known and module != name:
                edges.append((line, module))
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, []):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _climbing(graph: dict[str, list[tuple[int, str]]]) -> list[str]:
    climbing = []
    for name, edges in graph.items():
        rank = LAYERS.index(name.split(".")[0])
        for line, module in edges:
            if LAYERS.index(module.split(".")[0]) > rank:
                climbing.append(f"{name}:{line} imports {module}")
    return climbing


def test_every_app_imports_only_the_apps_below_it():
    climbing = _climbing(_graph())
    assert climbing == [], "imports that climb a layer:\n" + "\n".join(climbing)


def test_no_modules_import_each_other_in_a_circle():
    graph = {
        name: [module for _line, module in edges if not module.endswith(".apps")]
        for name, edges in _graph().items()
        if not name.endswith(".apps")
    }
    circles = _cycles(graph)
    assert circles == [], "modules in a circle:\n" + "\n".join(" <-> ".join(c) for c in circles)


def test_the_pure_algorithms_import_nothing_from_django_or_the_apps():
    for relative in PURE:
        path = ROOT / relative
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top != "django", f"{relative} imports {name}"
                assert top not in LAYERS, f"{relative} imports {name}"


def test_the_check_sees_a_climbing_import_and_a_circle(tmp_path):
    """The check itself: a lower app importing a higher one, and modules in a circle."""
    graph = {
        "centers.queue": [(3, "reports.tasks")],
        "reports.tasks": [(5, "reports.stats"), (6, "centers.queue")],
        "reports.stats": [(2, "reports.tasks")],
    }
    assert _climbing(graph) == ["centers.queue:3 imports reports.tasks"]
    plain = {name: [module for _line, module in edges] for name, edges in graph.items()}
    assert _cycles(plain) == [["centers.queue", "reports.stats", "reports.tasks"]]
    source = tmp_path / "views.py"
    source.write_text(
        "from . import stats\nfrom .tasks import go\n"
        "def f():\n    from sms.services import message_queue\n"
    )
    known = {"reports.stats", "reports.tasks", "sms.services"}
    assert _imports(source, "reports.views", known) == [
        (1, "reports.stats"),
        (2, "reports.tasks"),
        (4, "sms.services"),
    ]
