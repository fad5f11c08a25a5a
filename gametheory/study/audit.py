"""An audit of the model library: how many of each model's predictions can fail.

For every model and every theory it declares, each outcome rule is
classified as the comparison classifies it (:mod:`gametheory.study.compare`):

* **independent**: stated in the theory's own terms (it reads structural
  variables only) and not by construction, so it enters the headline
  agreement. Among them:

  - **certified**: an exact point of the rule's region where its
    expectation fails is known (a witness from the symbolic pass or from
    solving the model there, :func:`gametheory.study.construction.rule_verdicts`),
    so the rule can fail;
  - **undecided**: the detector found neither a witness nor a proof either
    way; the comparison's headline counts such a rule, but the audit lists
    it apart and never counts it as a prediction that can fail;

* **by construction**: its region lies inside the predicted outcome's
  equilibrium region, so it cannot disagree;
* neither: not independent (it reads payoff parameters, or the model
  declares no structural variables).

A model carries a prediction that can fail when it has at least one
certified independent rule. Direction rules (comparative statics) are
counted apart: the detector does not decide them, so they do not make a
model count.

Examples
--------
>>> from gametheory.model import load_model
>>> audit = model_audit(load_model("tests/data/models/derived_tree.toml"))
>>> audit.rules, audit.independent, audit.by_construction, audit.has_independent_prediction
(2, 0, 2, False)
>>> audit = model_audit(load_model("tests/data/models/derived_threat.toml"))
>>> audit.independent, audit.certified, audit.undecided, audit.has_independent_prediction
(2, 2, 0, True)
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
        Outcome rules that are independent and not by construction (undecided ones included, as in the
        comparison's headline).
    by_construction : int
        Outcome rules that agree by construction.
    undecided : int
        Independent outcome rules the detector could not decide.
    directions : int
        Direction rules over every theory.
    independent_directions : int
        Direction rules that are independent.
    certified : int
        Independent outcome rules with a witness: an exact point of their region where they fail.
    undecided_rules : tuple of str
        The undecided independent rules, as ``"theory #k"``.
    """

    key: str
    theories: int
    rules: int
    independent: int
    by_construction: int
    undecided: int
    directions: int
    independent_directions: int
    certified: int = 0
    undecided_rules: tuple = ()

    @property
    def has_independent_prediction(self) -> bool:
        """Whether the model carries an independent rule certified to be able to fail (undecided ones do not count)."""
        return self.certified > 0


def model_audit(model) -> ModelAudit:
    """Classify every prediction rule of ``model`` (see the module notes)."""
    from .construction import rule_verdicts

    rules = independent = by_construction = undecided = directions = independent_directions = certified = 0
    undecided_rules = []
    for name, theory in model.predictions.items():
        verdicts = rule_verdicts(model, name) if theory.rules else ()
        for k, (rule, verdict) in enumerate(zip(theory.rules, verdicts)):
            rules += 1
            if verdict.by_construction is True:
                by_construction += 1
            elif getattr(rule, "independent", False):
                independent += 1
                certified += verdict.can_fail
                if verdict.by_construction is None:
                    undecided += 1
                    undecided_rules.append(f"{name} #{k}")
        for direction in getattr(theory, "directions", ()):
            directions += 1
            independent_directions += bool(getattr(direction, "independent", False))
    return ModelAudit(model.key, len(model.predictions), rules, independent, by_construction, undecided,
                      directions, independent_directions, certified, tuple(undecided_rules))


def library_audit(keys=None) -> list[ModelAudit]:
    """:func:`model_audit` of every built-in model (or of ``keys``), in the library's order."""
    from ..model.registry import list_models, load_model

    return [model_audit(load_model(key)) for key in (list_models() if keys is None else keys)]


def independent_share(audits) -> float:
    """The share of models carrying an independent rule certified to be able to fail (undecided ones do not count)."""
    audits = list(audits)
    if not audits:
        raise ValueError("no models to audit")
    return sum(a.has_independent_prediction for a in audits) / len(audits)
