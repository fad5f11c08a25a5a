"""IR models as data: the model file format, the safe expression parser and the Model API.

>>> from gametheory.model import load_model
>>> chicken = load_model("chicken")
>>> chicken.game(war=0).payoff_profile(("D", "D"))
(Fraction(0, 1), Fraction(0, 1))
"""

from .expressions import ExpressionError, ModelError, parse_condition, parse_expression
from .loader import model_from_dict, read_model_file
from .model import KNOWN_THEORIES, Model, Player, Rule, Source, SymmetricCounts, Theory
from .registry import list_models, load_model, model_directories

__all__ = [
    "ExpressionError",
    "KNOWN_THEORIES",
    "Model",
    "ModelError",
    "Player",
    "Rule",
    "Source",
    "SymmetricCounts",
    "Theory",
    "list_models",
    "load_model",
    "model_directories",
    "model_from_dict",
    "parse_condition",
    "parse_expression",
    "read_model_file",
]
