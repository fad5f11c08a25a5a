"""An audit of the model library: how many of each model's predictions can fail.

For every model and every theory it declares, each outcome rule is
classified as the comparison classifies it (:mod:`gametheory.study.compare`):

* **independent**: stated in the theory's own terms (it reads structural
  variables only) and not by construction, so it enters the headline
  agreement; a rule the detector could not decide (``undecided``) counts here
  when it is independent, as in the comparison's headline, and is also
  counted apart;
* **by construction**: its region lies inside the predicted outcome's
  equilibrium region (:func:`gametheory.study.construction.rule_verdicts`), so
  it cannot disagree;
* neither: not independent (it reads payoff parameters, or the model
  declares no structural variables).

Direction rules (comparative statics) are counted apart: the detector does
not decide them, and an independent direction can fail on the grid.

Examples
--------
>>> from gametheory.model import load_model
>>> audit = model_audit(load_model("tests/data/models/derived_tree.toml"))
>>> audit.rules, audit.independent, audit.by_construction, audit.has_independent_prediction
(2, 0, 2, False)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ModelAudit", "model_audit", "library_audit", "independent_share"]


@dataclass(frozen=True)
class ModelAudit:
    """The prediction rules of one model, classified.

    Attributes
    ----------
    key : str
    theories : int
        Theories the model declares.
    rules : int
        Outcome rules over every theory.
    independent : int
        Outcome rules that are independent and not by construction (undecided ones included).
    by_construction : int
        Outcome rules that agree by construction.
    undecided : int
        Independent outcome rules the detector could not decide.
    directions : int
        Direction rules over every theory.
    independent_directions : int
        Direction rules that are independent.
    """

    key: str
    theories: int
    rules: int
    independent: int
    by_construction: int
    undecided: int
    directions: int
    independent_directions: int

    @property
    def has_independent_prediction(self) -> bool:
        """Whether the model carries at least one prediction that is independent and not by construction."""
        return self.independent > 0 or self.independent_directions > 0


def model_audit(model) -> ModelAudit:
    """Classify every prediction rule of ``model`` (see the module notes)."""
    from .construction import rule_verdicts

    rules = independent = by_construction = undecided = directions = independent_directions = 0
    for name, theory in model.predictions.items():
        verdicts = rule_verdicts(model, name) if theory.rules else ()
        for rule, verdict in zip(theory.rules, verdicts):
            rules += 1
            if verdict.by_construction is True:
                by_construction += 1
            elif getattr(rule, "independent", False):
                independent += 1
                undecided += verdict.by_construction is None
        for direction in getattr(theory, "directions", ()):
            directions += 1
            independent_directions += bool(getattr(direction, "independent", False))
    return ModelAudit(model.key, len(model.predictions), rules, independent, by_construction, undecided,
                      directions, independent_directions)


def library_audit(keys=None) -> list[ModelAudit]:
    """:func:`model_audit` of every built-in model (or of ``keys``), in the library's order."""
    from ..model.registry import list_models, load_model

    return [model_audit(load_model(key)) for key in (list_models() if keys is None else keys)]


def independent_share(audits) -> float:
    """The share of models carrying at least one independent prediction that is not by construction."""
    audits = list(audits)
    if not audits:
        raise ValueError("no models to audit")
    return sum(a.has_independent_prediction for a in audits) / len(audits)
