"""Packaging: a fast, light ``import gametheory`` and a wheel that carries the model library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IMPORT_BUDGET_SECONDS = 0.3
HEAVY_MODULES = ("scipy", "sympy", "pandas", "matplotlib")


def fresh_python(code: str, **variables: str) -> str:
    """Run ``code`` in a new interpreter that imports this checkout (with ``variables`` set); return its stdout."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(variables, PYTHONPATH=str(REPO))
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env,
                             timeout=120)
    assert process.returncode == 0, process.stderr
    return process.stdout


def test_import_time_is_under_budget():
    code = (
        "import time\n"
        "start = time.perf_counter()\n"
        "import gametheory\n"
        "print(time.perf_counter() - start)\n"
    )
    times = [float(fresh_python(code)) for _ in range(3)]
    assert min(times) < IMPORT_BUDGET_SECONDS, f"import gametheory took {min(times):.3f} s at best (runs: {times})"


def test_import_loads_the_checkout():
    assert Path(fresh_python("import gametheory; print(gametheory.__file__)").strip()).parent == REPO / "gametheory"


@pytest.mark.parametrize(
    "statement",
    [
        "import gametheory",
        "import gametheory; gametheory.NormalFormGame; gametheory.SolveResult; gametheory.read_nfg",
        "import gametheory.cli",
    ],
)
def test_import_does_not_load_heavy_dependencies(statement):
    code = f"{statement}\nimport sys, json\nprint(json.dumps(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules)))"
    assert json.loads(fresh_python(code)) == []


# What ``gametheory solve stag_hunt`` (a model in strategic form, solved exactly) must not import:
# symbolic algebra, plotting and tables, the other commands, the other kinds of games and models,
# and the solvers of other methods and concepts.
NOT_ON_THE_SOLVE_PATH = (
    *HEAVY_MODULES,
    "gametheory.analysis", "gametheory.study", "gametheory.serve", "gametheory.dynamics",
    "gametheory.games.extensive", "gametheory.games.repeated", "gametheory.games.signaling",
    "gametheory.games.continuous", "gametheory.games.coalitional", "gametheory.io.nfg", "gametheory.io.efg",
    "gametheory.model.kinds.counts", "gametheory.model.kinds.signaling", "gametheory.model.kinds.continuous",
    "gametheory.model.kinds.coalitional", "gametheory.model.kinds.tree", "gametheory.model.fingerprint",
    "gametheory.solvers.lemke_howson", "gametheory.solvers.polynomial", "gametheory.solvers.batch",
    "gametheory.solvers.subgame_perfection", "gametheory.solvers.tree_concepts",
    "gametheory.solvers.perfect_bayesian", "gametheory.solvers.logit", "gametheory.solvers.qre",
)

SOLVE_STAG_HUNT = (
    "import os, sys\n"
    "sys.argv = ['gametheory', 'solve', 'stag_hunt']\n"
    "from gametheory.cli import LAZY_COMMANDS, main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as stop:\n"
    "    assert not stop.code, stop.code\n"
    "commands = {target.partition(':')[0] for target in LAZY_COMMANDS.values()}\n"
    "threads = len(os.listdir('/proc/self/task')) if os.path.isdir('/proc/self/task') else None\n"
    "print(json.dumps({'modules': sorted(sys.modules), 'commands': sorted(commands), 'threads': threads,\n"
    "                  'blas': {k: v for k, v in os.environ.items() if k.endswith('_NUM_THREADS')}}))\n"
)


def _solve_stag_hunt(**variables) -> dict:
    return json.loads(fresh_python("import json\n" + SOLVE_STAG_HUNT, **variables).splitlines()[-1])


def test_solving_a_model_imports_only_what_it_needs():
    run = _solve_stag_hunt()
    modules = set(run["modules"])
    assert {"gametheory.cli.solve", "gametheory.model.registry", "gametheory.solvers"} <= modules
    unneeded = sorted(m for m in modules if m.startswith(NOT_ON_THE_SOLVE_PATH))
    assert unneeded == [], f"'gametheory solve stag_hunt' imports modules it does not need: {unneeded}"
    other_commands = sorted((set(run["commands"]) - {"gametheory.cli.solve"}) & modules)
    assert other_commands == [], f"'gametheory solve' imports other commands' modules: {other_commands}"


def test_the_command_line_starts_numpy_with_one_blas_thread():
    clean = {key: value for key, value in os.environ.items() if key.endswith("_NUM_THREADS")}
    if clean:
        pytest.skip(f"the environment chooses BLAS threads: {clean}")
    run = _solve_stag_hunt()
    assert run["blas"] == {}, "the command line must leave the environment as it found it"
    if run["threads"] is None:
        pytest.skip("no /proc/self/task to count the threads")
    assert run["threads"] == 1


def test_the_command_line_keeps_the_users_blas_threads():
    # A thread count the user chose is left alone: the command has the threads a plain numpy import has.
    plain = json.loads(fresh_python(
        "import json, os, numpy\n"
        "print(json.dumps(len(os.listdir('/proc/self/task')) if os.path.isdir('/proc/self/task') else None))",
        OPENBLAS_NUM_THREADS="2"))
    run = _solve_stag_hunt(OPENBLAS_NUM_THREADS="2")
    assert run["blas"] == {"OPENBLAS_NUM_THREADS": "2"}
    assert run["threads"] == plain


def test_public_names_resolve():
    code = (
        "import gametheory, json\n"
        "missing = {}\n"
        "for name in gametheory.__all__:\n"
        "    try:\n"
        "        getattr(gametheory, name)\n"
        "    except (AttributeError, ImportError) as error:\n"
        "        missing[name] = str(error)\n"
        "print(json.dumps(missing))\n"
    )
    assert json.loads(fresh_python(code)) == {}


@pytest.mark.slow
def test_wheel_contains_the_model_library_and_the_console_script(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    wheels = list(tmp_path.glob("gametheory-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_text = wheel.read(entry_points).decode()
    model_files = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "models").rglob("*") if p.is_file())
    assert model_files, "the models/ directory of the checkout is empty"
    packaged = {n for n in names if n.startswith("gametheory/models/")}
    assert packaged, "the wheel has no gametheory/models/ directory"
    assert {"gametheory/" + f for f in model_files} <= packaged
    assert "gametheory/__init__.py" in names and "gametheory/io/nfg.py" in names
    assert "gametheory = gametheory.cli:main" in entry_text
    assert not any(n.startswith("tests/") for n in names)
