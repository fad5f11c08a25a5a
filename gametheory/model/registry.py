"""Finding models: the built-in library and model files given by path.

Built-in models are the ``*.toml`` files of the repository's top-level
``models/`` directory. A wheel carries them inside the package
(``gametheory/models/``), which is looked at first; an editable install or a
source checkout falls back to ``models/`` next to the package.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .loader import read_model_file
from .model import Model

__all__ = ["list_models", "load_model", "model_directories", "model_path"]

_PACKAGE = Path(__file__).resolve().parent.parent
_CACHE: dict = {}
_LISTINGS: dict = {}  # directory -> (its modification time, its sorted *.toml names)


def model_directories() -> tuple[Path, ...]:
    """Directories searched for built-in models, in order (existing ones only)."""
    candidates = (_PACKAGE / "models", _PACKAGE.parent / "models")
    return tuple(d for d in candidates if d.is_dir())


def _toml_names(directory: Path) -> list[str]:
    """The sorted ``*.toml`` names in ``directory``, listed again only when the directory changed.

    A command asks for the model keys several times (is the argument a
    model? which file is it?); adding or removing a file changes the
    directory's modification time.
    """
    mtime = directory.stat().st_mtime_ns
    listing = _LISTINGS.get(directory)
    if listing is None or listing[0] != mtime:
        with os.scandir(directory) as entries:
            listing = (mtime, sorted(entry.name for entry in entries if os.path.normcase(entry.name).endswith(".toml")))
        _LISTINGS[directory] = listing
    return listing[1]


def _builtin_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for directory in model_directories():
        for name in _toml_names(directory):
            files.setdefault(name[: -len(".toml")], directory / name)
    return files


def list_models() -> list[str]:
    """Keys of the built-in models, sorted.

    Examples
    --------
    >>> "chicken" in list_models()
    True
    """
    return sorted(_builtin_files())


def model_path(name: str) -> Path:
    """The file of built-in model ``name``."""
    files = _builtin_files()
    if name not in files:
        close = difflib.get_close_matches(name, list(files), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"no built-in model {name!r}{hint}; available models: {', '.join(sorted(files)) or 'none'}")
    return files[name]


def load_model(name_or_path) -> Model:
    """Load a built-in model by key, or a model file by path.

    Parameters
    ----------
    name_or_path : str or path-like
        A key from :func:`list_models` (``"chicken"``) or the path of a
        ``.toml`` model file.

    Returns
    -------
    Model

    Raises
    ------
    ValueError
        For an unknown model key (the available keys are listed) or an
        invalid model file (:class:`~gametheory.model.expressions.ModelError`,
        naming file, key and line).
    FileNotFoundError
        For a path that does not exist.

    Examples
    --------
    >>> model = load_model("stag_hunt")
    >>> model.parameters[0].name
    'reward'
    >>> model.game().payoff_profile(("C", "C"))
    (Fraction(4, 1), Fraction(4, 1))
    """
    if isinstance(name_or_path, Path) or (
        isinstance(name_or_path, str) and (name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path)
    ):
        path = Path(name_or_path)
        if not path.is_file():
            raise FileNotFoundError(f"model file {str(path)!r} does not exist")
    elif isinstance(name_or_path, str):
        path = model_path(name_or_path)
    else:
        raise TypeError(f"load_model() takes a model key or a file path, got {type(name_or_path).__name__}")
    stat = path.stat()
    cache_key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if cache_key not in _CACHE:
        _CACHE[cache_key] = read_model_file(path)
    return _CACHE[cache_key]
