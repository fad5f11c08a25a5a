"""Kinds of games, one module (or subpackage) per kind, each with its rendering.

:mod:`gametheory.games.extensive` holds game trees (extensive-form games).
Nothing is imported here, so ``import gametheory.games`` stays free.
"""
