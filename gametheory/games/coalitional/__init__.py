"""Coalition (characteristic-function) games, the core, the Shapley value and stable partitions.

A transferable-utility (TU) game gives every coalition ``S`` of players a
worth ``v(S)`` that its members can share as they like. This package holds:

* :class:`CoalitionGame` (:mod:`.game`): the game (from a dict or a function), its checks
  (superadditive, convex, monotone, simple), imputations, the core
  (:class:`Core`: its inequalities, a point found by linear programming, and
  in exact mode an exact point or an exact certificate of emptiness), the
  Shapley value, and weighted voting games ``[quota; w_1, ..., w_n]``; the solutions
  (:class:`Core`, :class:`PartitionStability`) in :mod:`.solutions`, set partitions in :mod:`.sets`.
* Partition-based stability: every coalition structure (partition of the
  players) can be checked against deviations, see :meth:`CoalitionGame.check_partition`.
* :class:`BalanceOfPower` (:mod:`.balance`): states with resources; which coalitions win or
  block, which states are essential or dominant, which alliance structures
  keep every state secure (after Niou, Ordeshook and Rose 1989).

Exact games (integer or :class:`~fractions.Fraction` worths) are computed in
exact arithmetic; float games compare with the project's tolerance scaled by
the largest worth. scipy is imported only when the core is computed.

References
----------
Shapley, L. S. (1953). A value for n-person games. In *Contributions to the
Theory of Games II*, 307-317.
Bondareva, O. N. (1963); Shapley, L. S. (1967). On balanced sets and cores.
*Naval Research Logistics Quarterly* 14, 453-460.
Bogomolnaia, A. and Jackson, M. O. (2002). The stability of hedonic coalition
structures. *Games and Economic Behavior* 38, 201-230.
Niou, E. M. S., Ordeshook, P. C. and Rose, G. F. (1989). *The Balance of
Power: Stability in International Systems*. Cambridge University Press.
Waltz, K. N. (1979). *Theory of International Politics*. Addison-Wesley.
"""


from __future__ import annotations

from .balance import BalanceOfPower
from .game import CoalitionGame
from .sets import set_partitions
from .solutions import Core, PartitionStability

__all__ = [
    "CoalitionGame",
    "Core",
    "PartitionStability",
    "BalanceOfPower",
    "set_partitions",
]
