"""Historical cases: a model coded at a cited point, its equilibria, the theories' predictions and the record.

A case (one TOML file in the top-level ``cases/`` directory, shipped in the
wheel as ``gametheory/cases/``; the format is in ``docs/cases.md``) names a
model of the library, codes the model's structural variables for one
historical episode (each value with its source and page, or marked
``settled = false`` with a note where the sources do not settle it), and
records what happened as one of the model's named outcomes, again with its
source. Case files are data: they are parsed as TOML, never executed.

:func:`evaluate_case` solves the model at the coded point with the model's
own solution concept (the sweep machinery: Nash equilibria of simultaneous
games, SPE or PBE of trees, the certified equilibrium of continuous games,
stable structures of coalitional ones; :func:`gametheory.study.sweep.sweep`),
evaluates every theory's prediction rules there
(:mod:`gametheory.study.exact_rules`, through
:func:`gametheory.study.compare.compare`) and sets both beside the record.

What "matches the record" means
-------------------------------
Equilibria
    ``all`` when every equilibrium found realises the recorded outcome (a
    pure equilibrium in one of its profiles, a tree equilibrium whose play
    reaches it with probability 1, a certified equilibrium or stable
    structure where its condition holds), ``some`` when some but not all
    do (mixed equilibria realise no named outcome), ``none`` otherwise.
A theory
    ``match`` when the theory's prediction at the point is consistent with
    the record: a rule expecting its outcome (``equilibrium``,
    ``unique_equilibrium``, ``every_equilibrium``) shares a profile (or a
    tree outcome) with the recorded outcome; a rule expecting
    ``not_equilibrium`` shares none. Outcomes of continuous and coalitional
    models are conditions, compared by name. ``miss`` otherwise, and
    ``no prediction`` where no rule of the theory applies.

The coding is a reading of the sources, never a measurement: a value such as
``offense_dominance = 0.8`` places the case on the side of a threshold that
the cited work argues for; the number itself is ours, and every case says so.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

__all__ = [
    "Case",
    "CaseError",
    "CaseResult",
    "Coding",
    "EquilibriumFound",
    "Record",
    "Sensitivity",
    "TheoryVerdict",
    "case_directories",
    "case_path",
    "coded_point",
    "evaluate_case",
    "list_cases",
    "load_case",
    "load_cases",
    "sensitivity",
    "validate_case",
    "MAX_CASE_BYTES",
]

_PACKAGE = Path(__file__).resolve().parent.parent

#: Largest case file read, in bytes.
MAX_CASE_BYTES = 200_000

#: Significant digits of a coded value: the sweep carries a point as floats, so a value must be a short decimal.
MAX_VALUE_DIGITS = 12

_TOP = {"key": str, "name": str, "period": str, "year": int, "model": str, "summary": str, "notes": str,
        "sources": dict, "coding": dict, "record": dict}
_REQUIRED_TOP = ("key", "name", "period", "year", "model", "summary", "sources", "coding", "record")
_CODING = {"value": (int, float, str), "source": str, "where": str, "settled": bool, "note": str}
_RECORD = {"outcome": str, "source": str, "where": str, "settled": bool, "note": str}
_KIND_NAMES = {str: "text", int: "an integer", float: "a number", bool: "true or false", dict: "a table",
               list: "a list"}

#: Results of :func:`evaluate_case` by (case, model fingerprint, tolerance): any change to the case file or to
#: the model's declaration is a new key.
_RESULTS: dict = {}

#: Expectations under which a theory says its outcome happens (the others say it does not).
_POSITIVE = ("equilibrium", "unique_equilibrium", "every_equilibrium")
WILDCARD = "*"


class CaseError(ValueError):
    """A case file that cannot be used: the message names the file (with the line where known), the case and the key.

    ``cases/nato_1949.toml:14: case 'nato_1949': coding.threat.value: 1.5 is outside the range [0, 1] ...``

    Attributes
    ----------
    reason, file, case, key : str
    line : int or None
    """

    def __init__(self, reason: str, *, file: str = "", case: str = "", key: str = "", line: int | None = None):
        self.reason, self.file, self.case, self.key, self.line = reason, str(file), case, key, line
        place = f"{self.file}:{line}" if self.file and line else self.file
        parts = [p for p in (place, f"case {case!r}" if case else "", key) if p]
        super().__init__(": ".join(parts + [" ".join(reason.split())]))


@dataclass(frozen=True)
class Coding:
    """The value a case gives one structural parameter, with its source.

    Attributes
    ----------
    parameter : str
    value : Fraction
    source : str
        Key of the case's ``[sources]`` table.
    where : str
        Page, pages or chapter.
    settled : bool
        False where the sources do not settle the value (``note`` says why).
    note : str
    """

    parameter: str
    value: Fraction
    source: str
    where: str = ""
    settled: bool = True
    note: str = ""


@dataclass(frozen=True)
class Record:
    """What happened, as one of the model's named outcomes, with its source."""

    outcome: str
    source: str
    where: str = ""
    settled: bool = True
    note: str = ""


@dataclass(frozen=True)
class Case:
    """One historical case: a model, the coding of its structural variables and the record.

    Attributes
    ----------
    key, name, period : str
    year : int
        The year the case is dated by (its order in tables).
    model : str
        Key of a built-in model (:func:`gametheory.model.list_models`).
    summary : str
    coding : tuple of Coding
    record : Record
    sources : dict
        ``{short key: full citation}``.
    notes : str
    file : str
    """

    key: str
    name: str
    period: str
    year: int
    model: str
    summary: str
    coding: tuple
    record: Record
    sources: dict = field(default_factory=dict)
    notes: str = ""
    file: str = ""

    def values(self) -> dict:
        """``{parameter: exact value}`` of the coded parameters."""
        return {c.parameter: c.value for c in self.coding}

    @property
    def unsettled(self) -> tuple[str, ...]:
        """What the sources do not settle: coded parameters and the record marked ``settled = false``."""
        record = [] if self.record.settled else ["record"]
        return tuple([c.parameter for c in self.coding if not c.settled] + record)


# ----------------------------------------------------------------- finding
def case_directories() -> tuple[Path, ...]:
    """Directories searched for built-in cases: the wheel's ``gametheory/cases/``, then ``cases/`` beside it."""
    return tuple(d for d in (_PACKAGE / "cases", _PACKAGE.parent / "cases") if d.is_dir())


def _builtin_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for directory in case_directories():
        for path in sorted(directory.glob("*.toml")):
            files.setdefault(path.stem, path)
    return files


def list_cases() -> list[str]:
    """Keys of the built-in cases, sorted.

    Examples
    --------
    >>> "july_1914" in list_cases()
    True
    """
    return sorted(_builtin_files())


def case_path(key: str) -> Path:
    """The file of built-in case ``key`` (an unknown key names the nearest one)."""
    files = _builtin_files()
    if key not in files:
        close = difflib.get_close_matches(key, list(files), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CaseError(f"no built-in case {key!r}{hint}; cases: {', '.join(sorted(files)) or 'none'}")
    return files[key]


# ----------------------------------------------------------------- reading
def load_case(key_or_path, *, validate: bool = True) -> Case:
    """Read one case, by built-in key or by the path of a ``.toml`` file, and validate it against its model.

    Raises
    ------
    CaseError
        Naming the file, the case, the key path and (where found) the line:
        malformed TOML, an unknown key, a missing field, an unknown model,
        parameter, source or outcome, a value outside its range.
    """
    text = str(key_or_path)
    path = Path(text) if isinstance(key_or_path, Path) or text.endswith(".toml") or "/" in text else case_path(text)
    case = _read(path)
    if validate:
        validate_case(case)
    return case


def load_cases(paths=None, *, validate: bool = True) -> list[Case]:
    """Every built-in case (or the given files), validated, ordered by year and key."""
    if paths is None:
        paths = list(_builtin_files().values())
    cases = [load_case(Path(p), validate=validate) for p in paths]
    return sorted(cases, key=lambda c: (c.year, c.key))


def _read(path: Path) -> Case:
    from ..io.toml_files import TomlFileError, read_toml

    if not path.is_file():
        raise CaseError("the case file does not exist", file=str(path))
    try:
        data = read_toml(path, max_bytes=MAX_CASE_BYTES, what="case file")
    except TomlFileError as error:
        message = _strip_source(str(error), str(path))
        found = re.match(r"line (\d+), column (\d+): (.*)$", message)
        if found:
            raise CaseError(f"invalid TOML (column {found[2]}): {found[3]}", file=str(path),
                            line=int(found[1])) from None
        raise CaseError(f"invalid TOML: {message}", file=str(path)) from None
    text = path.read_text(encoding="utf-8")
    name = data.get("key") if isinstance(data.get("key"), str) else path.stem
    try:
        return _case_from_dict(data, path)
    except CaseError as error:
        raise CaseError(error.reason, file=str(path), case=name, key=error.key, line=_line(text, error.key)) from None


def _strip_source(message: str, source: str) -> str:
    return message[len(source) + 2:] if message.startswith(source + ", ") else message


def _line(text: str, key: str):
    from ..model.loader import _line_of  # the model files' key-path-to-line finder; case files are TOML alike

    return _line_of(text, key) if key else None


def _kind(expected) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)


def _check_table(table: dict, schema: dict, where: str, required=()) -> None:
    for name in table:
        if name not in schema:
            close = difflib.get_close_matches(name, list(schema), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CaseError(f"unknown key {name!r}{hint}; allowed keys: {', '.join(schema)}", key=_join(where, name))
    for name in required:
        if name not in table:
            raise CaseError(f"missing required key {name!r}", key=_join(where, name))
    for name, value in table.items():
        kinds = schema[name] if isinstance(schema[name], tuple) else (schema[name],)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise CaseError(f"expected {_kind(schema[name])}, got {type(value).__name__} {value!r}"[:160],
                            key=_join(where, name))


def _join(where: str, name) -> str:
    if isinstance(name, int):
        return f"{where}[{name}]"
    part = name if re.fullmatch(r"[A-Za-z0-9_\-]+", str(name)) else f'"{name}"'
    return f"{where}.{part}" if where else part


def _case_from_dict(data: dict, path: Path) -> Case:
    _check_table(data, _TOP, "", _REQUIRED_TOP)
    key = data["key"]
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        raise CaseError("a case key is lower case letters, digits and '_', starting with a letter", key="key")
    if key != path.stem:
        raise CaseError(f"the key {key!r} differs from the file name {path.name!r} (name the file {key}.toml)",
                        key="key")
    for name in ("name", "period", "model", "summary"):
        if not data[name].strip():
            raise CaseError("must not be empty", key=name)
    sources = data["sources"]
    if not sources:
        raise CaseError("a case cites at least one source", key="sources")
    for short, citation in sources.items():
        if not isinstance(citation, str) or not citation.strip():
            raise CaseError("a source is its full citation as text", key=_join("sources", short))
    coding = []
    if not data["coding"]:
        raise CaseError("a case codes at least one structural parameter of its model", key="coding")
    for name, table in data["coding"].items():
        where = _join("coding", name)
        if not isinstance(table, dict):
            raise CaseError("expected a table {value, source, where, settled, note}", key=where)
        _check_table(table, _CODING, where, ("value", "source"))
        _cited(table, sources, where)
        coding.append(Coding(name, _value(table["value"], _join(where, "value")), table["source"],
                             table.get("where", ""), table.get("settled", True), table.get("note", "")))
    record = data["record"]
    _check_table(record, _RECORD, "record", ("outcome", "source"))
    _cited(record, sources, "record")
    return Case(key, data["name"], data["period"], data["year"], data["model"], data["summary"], tuple(coding),
                Record(record["outcome"], record["source"], record.get("where", ""), record.get("settled", True),
                       record.get("note", "")),
                dict(sources), data.get("notes", ""), str(path))


def _cited(table: dict, sources: dict, where: str) -> None:
    """A coding or record names a source of the case, and says where in it (or why it cannot)."""
    if table["source"] not in sources:
        close = difflib.get_close_matches(table["source"], list(sources), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CaseError(f"source {table['source']!r} is not in the case's [sources]{hint}; sources: "
                        f"{', '.join(sources)}", key=_join(where, "source"))
    settled = table.get("settled", True)
    if settled and not table.get("where", "").strip():
        raise CaseError("a settled coding says where in the source (page, pages or chapter); "
                        "otherwise mark it settled = false with a note", key=_join(where, "where"))
    if not settled and not table.get("note", "").strip():
        raise CaseError("an unsettled coding says in a note what the sources leave open", key=_join(where, "note"))


def _value(value, where: str) -> Fraction:
    from ..numerics import to_fraction

    try:
        exact = to_fraction(value, what="the value")
    except (TypeError, ValueError) as error:
        raise CaseError(str(error), key=where) from None
    if Fraction(repr(float(exact))) != exact or len(repr(float(exact)).lower().split("e")[0].replace("-", "")
                                                      .replace(".", "").lstrip("0")) > MAX_VALUE_DIGITS:
        raise CaseError(f"{value!r} is not a short decimal; the model is solved at the point in floats, so give "
                        f"at most {MAX_VALUE_DIGITS} significant digits", key=where)
    return exact


# -------------------------------------------------------------- validation
def validate_case(case: Case, model=None) -> None:
    """Check a case against its model: the model exists, coded parameters are its structural ones and lie in their
    ranges, and the recorded outcome is one of the model's named outcomes.

    Raises
    ------
    CaseError
        Naming the file, the case and the key path.
    """
    from ..model import load_model
    from ..model.registry import model_path
    from ..numerics import to_fraction

    def fail(reason: str, key: str):
        text = Path(case.file).read_text(encoding="utf-8") if case.file and Path(case.file).is_file() else ""
        raise CaseError(reason, file=case.file, case=case.key, key=key, line=_line(text, key) if text else None)

    if model is None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", case.model):
            fail(f"{case.model!r} is not a model key (lower case letters, digits and '_'; see 'gametheory models "
                 "list'); a case names a built-in model", "model")
        try:
            model_path(case.model)
        except ValueError as error:
            fail(str(error).split(";")[0] + "; see 'gametheory models list'", "model")
        try:
            model = load_model(case.model)
        except ValueError as error:
            fail(f"model {case.model!r} does not load: {error}", "model")
    parameters = {p.name: p for p in model.parameters}
    structural = [p.name for p in model.parameters if getattr(p, "structural", False)]
    for coding in case.coding:
        where = _join("coding", coding.parameter)
        if coding.parameter not in parameters:
            close = difflib.get_close_matches(coding.parameter, structural, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            fail(f"model {model.key!r} has no parameter {coding.parameter!r}{hint}; its structural parameters: "
                 f"{', '.join(structural) or 'none'}", where)
        if coding.parameter not in structural:
            fail(f"{coding.parameter!r} is not a structural parameter of model {model.key!r} (a case codes the "
                 f"observables the theories speak of); structural parameters: {', '.join(structural) or 'none'}",
                 where)
        parameter = parameters[coding.parameter]
        low, high = (None if b is None else to_fraction(b) for b in (parameter.low, parameter.high))
        if (low is not None and coding.value < low) or (high is not None and coding.value > high) or (
                parameter.integer and coding.value.denominator != 1):
            fail(f"{_decimal(coding.value)} is outside the range {parameter.bounds_text()} of parameter "
                 f"{coding.parameter!r} of model {model.key!r}", _join(where, "value"))
    outcomes = _outcome_names(model)
    if case.record.outcome not in outcomes:
        close = difflib.get_close_matches(case.record.outcome, outcomes, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        fail(f"model {model.key!r} has no outcome {case.record.outcome!r}{hint}; outcomes: {', '.join(outcomes)}",
             "record.outcome")


def _outcome_names(model) -> list[str]:
    names = list(model.outcomes)
    names += [n for n in getattr(model, "outcome_conditions", {}) if n not in names]
    return names


def _decimal(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else repr(float(value))


# -------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class EquilibriumFound:
    """One equilibrium at the coded point.

    Attributes
    ----------
    label : str
        The pure profile (``"Attack,Commit,Commit"``), ``"mixed"``, or the
        tree's / kind's outcome label.
    outcomes : tuple of str
        The model's named outcomes the equilibrium realises.
    max_regret : float
        The certificate: the largest gain from a deviation (0 up to the tolerance); for a stable
        coalition structure, the number of coalitions that would block it (0).
    """

    label: str
    outcomes: tuple
    max_regret: float


@dataclass(frozen=True)
class TheoryVerdict:
    """What one theory predicts at the coded point, and how it fares against the equilibria and the record.

    Attributes
    ----------
    theory : str
    rule : int
        Index of the applying rule (-1: none applies).
    predicted, expect : str
        The rule's outcome and expectation (``""`` without a prediction).
    independent : bool or None
        The rule reads structural parameters only (None without a prediction).
    by_construction : bool or None
        The rule's region lies inside its outcome's equilibrium region, so it cannot disagree with the model
        (None: undecided by the detector, or no prediction).
    equilibria : bool or None
        Whether the model's equilibria bear the prediction out (None without a prediction).
    record : str
        ``"match"``, ``"miss"`` or ``"no prediction"``.
    """

    theory: str
    rule: int
    predicted: str
    expect: str
    independent: bool
    by_construction: object
    equilibria: object
    record: str


@dataclass(frozen=True)
class CaseResult:
    """A case beside its model's equilibria and its theories' predictions (see :func:`evaluate_case`).

    Attributes
    ----------
    case : Case
    concept : str
        The solution concept the equilibria are taken under.
    point : dict
        Every parameter's value at the coded point (coded, derived or the model's default).
    defaulted : tuple of str
        Structural parameters the case does not code (at the model's default).
    equilibria : tuple of EquilibriumFound
    complete : bool
        Whether the solver reports its list complete.
    equilibria_record : str
        ``"all"``, ``"some"`` or ``"none"`` of the equilibria realise the recorded outcome.
    theories : tuple of TheoryVerdict
    """

    case: Case
    concept: str
    point: dict
    defaulted: tuple
    equilibria: tuple
    complete: bool
    equilibria_record: str
    theories: tuple

    @property
    def max_regret(self) -> float:
        return max((e.max_regret for e in self.equilibria), default=0.0)

    def equilibrium_outcomes(self) -> tuple[str, ...]:
        """The named outcomes some equilibrium realises, in the model's order, then ``mixed`` if any."""
        seen: list[str] = []
        for equilibrium in self.equilibria:
            for name in equilibrium.outcomes or (equilibrium.label,):
                if name not in seen:
                    seen.append(name)
        return tuple(seen)


def _concept(model) -> str:
    kind = getattr(model, "kind", "normal")
    if kind == "tree":
        return model.solution_concept.upper()
    return {"normal": "Nash equilibrium", "continuous": "Nash (best-response iteration)",
            "coalitional": "stable coalition structures"}.get(kind, kind)


def coded_point(case: Case, model) -> tuple[dict, tuple]:
    """Every parameter's value at the case's point, and the structural parameters left at their defaults.

    Derived parameters follow the structural values through their declared expressions.
    """
    import sympy

    from ..model.expressions import parse_expression
    from ..numerics import to_fraction

    point = {p.name: to_fraction(p.default) for p in model.parameters}
    point.update(case.values())
    symbols = {p.name: p.sympy_symbol for p in model.parameters}
    for parameter in model.parameters:
        text = getattr(parameter, "derived", "")
        if text.strip():
            expression = parse_expression(text, symbols)
            value = expression.xreplace({symbols[n]: sympy.Rational(v.numerator, v.denominator)
                                         for n, v in point.items() if n in symbols})
            point[parameter.name] = Fraction(int(value.p), int(value.q)) if value.is_Rational else float(value)
    coded = set(case.values())
    defaulted = tuple(p.name for p in model.parameters if getattr(p, "structural", False) and p.name not in coded)
    return point, defaulted


def evaluate_case(case: Case, *, model=None, tol: float | None = None) -> CaseResult:
    """Solve the case's model at the coded point, evaluate every theory there and compare both with the record.

    Parameters
    ----------
    case : Case
    model : Model, optional
        The case's model (loaded by key otherwise).
    tol : float, optional
        The solvers' tolerance (default :data:`gametheory.numerics.DEFAULT_TOL`).

    Returns
    -------
    CaseResult

    Examples
    --------
    >>> result = evaluate_case(load_case("july_1914"))
    >>> result.case.record.outcome, result.equilibrium_outcomes(), result.equilibria_record
    ('chain_gang', ('chain_gang',), 'all')
    >>> [(v.theory, v.predicted, v.record) for v in result.theories]
    [('defensive_realism', 'chain_gang', 'match'), ('offensive_realism', 'buck_passing', 'miss')]
    """
    from ..model import load_model
    from .compare import compare
    from .sweep import sweep

    from ..model.fingerprint import model_fingerprint

    if model is None:
        model = load_model(case.model)
    validate_case(case, model)
    key = (repr(case), model_fingerprint(model), tol)
    if key in _RESULTS:  # the same case against the same model: solved once per process
        return _RESULTS[key]
    point, defaulted = coded_point(case, model)
    derived = getattr(model, "derived", {})  # derived parameters follow the coded structural values
    grid = {name: [float(value)] for name, value in point.items() if name not in derived}
    try:
        frame = sweep(model, grid=grid, tol=tol)
    except ValueError as error:  # a solver's budget or a model the engine refuses at this point
        raise CaseError(f"model {model.key!r} cannot be solved at the coded point: {error}", file=case.file,
                        case=case.key) from None
    equilibria, realises = _equilibria(model, frame, case.record.outcome)
    complete = bool(frame["complete"].all()) if "complete" in frame.columns else True
    if "certified" in frame.columns and not frame["certified"].all():
        complete = False
    hits = sum(realises)
    record = "none" if hits == 0 else "all" if hits == len(realises) else "some"
    theories = []
    for theory in model.predictions:
        comparison = compare(model, frame, theory)
        row = comparison.points.iloc[0]
        k = int(row["rule"])
        if k < 0:
            theories.append(TheoryVerdict(theory, -1, "", "", None, None, None, "no prediction"))
            continue
        rule = comparison.rules[k]
        theories.append(TheoryVerdict(
            theory, k, rule.outcome, rule.expect, bool(getattr(rule, "independent", False)),
            comparison.by_construction(k), bool(row["agree"]),
            "match" if _consistent(model, rule, case.record.outcome) else "miss"))
    result = CaseResult(case, _concept(model), point, defaulted, tuple(equilibria), complete, record, tuple(theories))
    _RESULTS[key] = result
    return result


@dataclass(frozen=True)
class Sensitivity:
    """How the equilibria's verdict on the record moves with one unsettled coding across its range.

    Attributes
    ----------
    parameter : str
    coded : Fraction
        The case's value.
    values : tuple of float
        The points tried: evenly spaced over the parameter's declared range, and the coded value.
    verdicts : tuple of str
        Per value, whether ``all``, ``some`` or ``none`` of the equilibria realise the record.
    """

    parameter: str
    coded: Fraction
    values: tuple
    verdicts: tuple

    @property
    def robust(self) -> bool:
        """Whether the verdict is the same over the whole range."""
        return len(set(self.verdicts)) == 1

    def describe(self) -> str:
        """``"all at every point of [0, 1]"`` or the runs of equal verdicts: ``"none at 0, 0.25; all at 0.5, 1"``."""
        if self.robust:
            return f"{self.verdicts[0]} at every point of [{self.values[0]:g}, {self.values[-1]:g}]"
        runs: list[list] = []
        for value, verdict in zip(self.values, self.verdicts):
            if runs and runs[-1][0] == verdict:
                runs[-1].append(value)
            else:
                runs.append([verdict, value])
        return "; ".join(f"{run[0]} at " + ", ".join(f"{value:g}" for value in run[1:]) for run in runs)


def sensitivity(case: Case, *, model=None, points: int = 5, tol: float | None = None) -> tuple:
    """For each coding the sources do not settle: the equilibria's verdict on the record across the parameter's range.

    The other parameters stay at the coded point. A coding whose parameter has no finite range is left out.

    Returns
    -------
    tuple of Sensitivity

    Examples
    --------
    >>> [s.describe() for s in sensitivity(load_case("warsaw_pact_1955"), points=3)][:1]
    ['none at every point of [0, 1]']
    """
    import numpy as np

    from ..model import load_model
    from ..numerics import to_fraction
    from .sweep import sweep

    if model is None:
        model = load_model(case.model)
    validate_case(case, model)
    point, _ = coded_point(case, model)
    derived = getattr(model, "derived", {})
    parameters = {p.name: p for p in model.parameters}
    found = []
    for coding in case.coding:
        parameter = parameters[coding.parameter]
        if coding.settled or parameter.low is None or parameter.high is None:
            continue
        low, high = float(to_fraction(parameter.low)), float(to_fraction(parameter.high))
        grid_values = set(np.linspace(low, high, points).round(12).tolist()) | {float(coding.value)}
        if parameter.integer:
            grid_values = {float(round(v)) for v in grid_values}
        values = sorted(grid_values)
        grid = {name: [float(value)] for name, value in point.items() if name not in derived}
        grid[coding.parameter] = values
        try:
            frame = sweep(model, grid=grid, tol=tol)
        except ValueError as error:
            raise CaseError(f"model {model.key!r} cannot be solved across {coding.parameter!r}: {error}",
                            file=case.file, case=case.key) from None
        verdicts = []
        for k, value in enumerate(values):
            part = frame[frame[coding.parameter] == value].reset_index(drop=True)
            _, realises = _equilibria(model, part, case.record.outcome)
            hits = sum(realises)
            verdicts.append("none" if hits == 0 else "all" if hits == len(realises) else "some")
        found.append(Sensitivity(coding.parameter, coding.value, tuple(values), tuple(verdicts)))
    return tuple(found)


def _equilibria(model, frame, recorded: str):
    """The equilibria of a one-point sweep, and per equilibrium whether it realises the recorded outcome."""
    import numpy as np

    kind = getattr(model, "kind", "normal")
    names = _outcome_names(model)
    if kind == "tree":
        holds = {n: frame[f"reaches:{n}"].to_numpy(dtype=bool) for n in names if f"reaches:{n}" in frame.columns}
    elif kind in ("continuous", "coalitional"):
        from .sweep.kinds import outcome_table

        certified = frame["certified"].to_numpy(dtype=bool)
        holds = {n: mask & certified for n, mask in outcome_table(model, frame).items()}
    else:
        labels = frame["outcome"].astype(str).to_numpy()
        pure = frame["pure"].to_numpy(dtype=bool)
        holds = {n: np.array([bool(p) and _in_patterns(tuple(label.split(",")), model.outcomes[n])
                              for label, p in zip(labels, pure)], dtype=bool) for n in model.outcomes}
    found, realises = [], []
    for k in range(len(frame)):
        row = frame.iloc[k]
        if kind in ("continuous", "coalitional") and not bool(row.get("certified", True)):
            continue  # no certified equilibrium or stable structure at this row
        outcomes = tuple(n for n in names if n in holds and bool(holds[n][k]))
        label = str(row.get("structure", row["outcome"])) if kind == "coalitional" else str(row["outcome"])
        regret = float(row["max_regret"]) if "max_regret" in frame.columns else float(row.get("blocking", 0))
        found.append(EquilibriumFound(label, outcomes, regret))
        realises.append(recorded in outcomes)
    return found, realises


def _in_patterns(profile: tuple, patterns) -> bool:
    return any(len(p) == len(profile) and all(a == WILDCARD or a == b for a, b in zip(p, profile)) for p in patterns)


def _overlap(first, second) -> bool:
    """Whether two outcome classes share a profile (patterns with wildcards) or a tree outcome (names)."""
    for a in first:
        for b in second:
            if isinstance(a, str) or isinstance(b, str):
                if a == b:
                    return True
            elif len(a) == len(b) and all(x == y or WILDCARD in (x, y) for x, y in zip(a, b)):
                return True
    return False


def _consistent(model, rule, recorded: str) -> bool:
    """Whether the theory's applying rule is consistent with the recorded outcome (semantics in the module notes)."""
    mine = tuple(rule.profiles)
    theirs = tuple(model.outcomes.get(recorded, ()))
    shared = rule.outcome == recorded if not mine or not theirs else _overlap(mine, theirs)
    return shared if rule.expect in _POSITIVE else not shared
