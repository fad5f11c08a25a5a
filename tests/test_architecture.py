"""The package's layout keeps its architecture: checked statically over the source tree.

One room per concern (``games/``, ``solvers/``, ``analysis/``, ``model/``,
``study/``, ``io/``, ``cli/``): no module so long that it holds two ideas, no
import cycle between modules (imports inside functions and relative imports
count), the command line alone imports click, and dependencies point down the
layers, never back up. The checks read the files with :mod:`ast`; nothing is
imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gametheory"

#: A module longer than this holds two ideas: split it by idea.
MAX_LINES = 900

#: Layers that must not reach up: ``{layer: packages it never imports}``.
#: The engine's core (games, solvers, analysis, io and the shared result,
#: numerics and input-limit modules) knows neither studies nor the command
#: line nor the class page nor the model document layer; the model layer knows
#: no studies; studies know no command line and no class page.
_ABOVE_CORE = ("gametheory.model", "gametheory.study", "gametheory.cli", "gametheory.serve")
FORBIDDEN = {
    "gametheory.games": _ABOVE_CORE,
    "gametheory.solvers": _ABOVE_CORE + ("gametheory.analysis",),
    "gametheory.analysis": _ABOVE_CORE,
    "gametheory.io": _ABOVE_CORE + ("gametheory.analysis",),
    "gametheory.equilibrium": _ABOVE_CORE + ("gametheory.analysis",),
    "gametheory.numerics": _ABOVE_CORE + ("gametheory.games", "gametheory.solvers", "gametheory.analysis",
                                          "gametheory.io", "gametheory.equilibrium", "gametheory.dynamics"),
    "gametheory.limits": _ABOVE_CORE + ("gametheory.games", "gametheory.solvers", "gametheory.analysis",
                                        "gametheory.io", "gametheory.equilibrium", "gametheory.numerics"),
    "gametheory.latex": _ABOVE_CORE + ("gametheory.games", "gametheory.solvers", "gametheory.analysis",
                                       "gametheory.io", "gametheory.equilibrium", "gametheory.dynamics"),
    "gametheory.model": ("gametheory.study", "gametheory.cli", "gametheory.serve"),
    "gametheory.study": ("gametheory.cli", "gametheory.serve"),
}

#: Known violations in code still being written, each an expected failure
#: (strict): once a module is split or a cycle broken, the test passes, is
#: reported as an unexpected pass, and its entry here must go.
PENDING_SPLIT: dict[str, str] = {}
PENDING_CYCLES: dict[frozenset, str] = {}


#: Top-level names the engine never imports: the model library and the
#: project's scripts are data and users of the engine, and pygambit (GPL) is
#: a test-only dependency.
NEVER_IMPORTED = ("models", "scripts", "tests", "benchmarks", "pygambit")


def _modules() -> dict[str, tuple[Path, bool]]:
    """``{dotted name: (path, is_package)}`` of every module under gametheory/."""
    result = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        result[".".join(parts)] = (path, is_package)
    return result


MODULES = _modules()


def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for name, (path, _) in MODULES.items()}


TREES = _trees()


def _imported(name: str) -> list[tuple[str, int]]:
    """Every module name ``name`` imports (absolute, relative resolved), with its line, anywhere in the file."""
    _, is_package = MODULES[name]
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, node.lineno))
            # ``from package import submodule`` imports the submodule too
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names
                      if f"{module}.{alias.name}" in MODULES]
    return found


def _resolve(module: str) -> str | None:
    """The gametheory module an imported name lands in (its longest known prefix), or None."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name in MODULES:
        targets = {_resolve(m) for m, _ in _imported(name) if m == "gametheory" or m.startswith("gametheory.")}
        graph[name] = {t for t in targets if t is not None and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return components


def _cycle_path(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One concrete cycle through the component's first module (for the failure message)."""
    members = set(component)
    start = component[0]
    parents = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    path = [node]
                    while parents[path[-1]] is not None:
                        path.append(parents[path[-1]])
                    return [start] + path[::-1][1:] + [start] if len(path) > 1 else [start, node, start]
                if child not in parents:
                    parents[child] = node
                    following.append(child)
        frontier = following
    return component


def test_the_walk_sees_the_package():
    assert {"gametheory", "gametheory.games.normal_form", "gametheory.solvers", "gametheory.cli.main",
            "gametheory.model.registry", "gametheory.study.sweep.runner"} <= set(MODULES)
    graph = _graph()
    # relative imports, imports inside functions and ``from package import module`` are all seen
    assert "gametheory.numerics" in graph["gametheory.games.normal_form"]
    assert "gametheory.solvers" in graph["gametheory.cli.solve"]  # imported inside the command
    assert "gametheory.games.repeated.analysis" in graph["gametheory.cli.repeated"]


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=PENDING_SPLIT[name])) if name in PENDING_SPLIT else name
    for name in sorted(MODULES)
])
def test_module_is_not_too_long(name):
    path, _ = MODULES[name]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{path.relative_to(PACKAGE.parent)} has {lines} lines (at most {MAX_LINES}): it holds more than one idea; "
        "split it by idea"
    )


def test_no_import_cycles():
    graph = _graph()
    cycles = [c for c in _cycles(graph) if frozenset(c) not in PENDING_CYCLES]
    message = "; ".join(
        f"modules {component} import each other (e.g. {' -> '.join(_cycle_path(graph, component))})"
        for component in cycles
    )
    assert not cycles, f"import cycle(s) between modules: {message}"


@pytest.mark.parametrize("cycle", [
    pytest.param(sorted(cycle), marks=pytest.mark.xfail(strict=True, reason=reason), id="-".join(sorted(cycle)))
    for cycle, reason in PENDING_CYCLES.items()
])
def test_pending_cycle_is_gone(cycle):
    assert sorted(cycle) not in _cycles(_graph()), f"modules {sorted(cycle)} still import each other"


def test_pending_entries_name_existing_modules():
    assert set(PENDING_SPLIT) <= set(MODULES)
    assert all(cycle <= set(MODULES) for cycle in PENDING_CYCLES)


def test_cycle_detection_finds_a_planted_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycle_path(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]


def test_click_is_imported_only_by_the_command_line():
    offenders = [
        f"{MODULES[name][0].relative_to(PACKAGE.parent)}:{line}"
        for name in MODULES
        if not (name == "gametheory.cli" or name.startswith("gametheory.cli."))
        for module, line in _imported(name)
        if module == "click" or module.startswith("click.")
    ]
    assert not offenders, f"click is imported outside gametheory/cli/: {offenders}"


def test_layers_point_down():
    offenders = []
    for name in MODULES:
        for layer, forbidden in FORBIDDEN.items():
            if name != layer and not name.startswith(layer + "."):
                continue
            for module, line in _imported(name):
                if any(module == f or module.startswith(f + ".") for f in forbidden):
                    offenders.append(f"{MODULES[name][0].relative_to(PACKAGE.parent)}:{line} imports {module}")
    assert not offenders, "imports against the layers (" + "; ".join(offenders) + ")"


def test_engine_never_imports_models_scripts_or_test_only_packages():
    offenders = [
        f"{MODULES[name][0].relative_to(PACKAGE.parent)}:{line} imports {module}"
        for name in MODULES
        for module, line in _imported(name)
        if module.split(".")[0] in NEVER_IMPORTED
    ]
    assert not offenders, f"the engine imports what it must not: {offenders}"


def test_every_command_is_defined_under_cli():
    from gametheory.cli import LAZY_COMMANDS

    for name, target in LAZY_COMMANDS.items():
        assert target.startswith("gametheory.cli."), f"command {name!r} is defined outside gametheory/cli/: {target}"
