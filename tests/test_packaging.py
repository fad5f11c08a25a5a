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


def fresh_python(code: str) -> str:
    """Run ``code`` in a new interpreter that imports this checkout; return its stdout."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(REPO)
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
