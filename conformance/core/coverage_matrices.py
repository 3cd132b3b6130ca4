"""The coverage matrices of the suite, in one place: ``list --coverage``
prints these, and the harness's tests hold every cell of each judged or
explained.  A new table (a ``matrices.Matrix`` made from the same data as its
cases) is added to ``MATRICES`` here."""

from typing import Tuple

from . import reentrancy, states
from .matrices import Matrix

MATRICES: Tuple[Matrix, ...] = (states.MATRIX, reentrancy.MATRIX)
