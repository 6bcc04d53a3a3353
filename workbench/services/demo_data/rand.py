"""Fast draws from a ``random.Random``: ``choice``/``randint``/``choices`` cost microseconds each,
which adds up over millions of rows; these use one ``random()`` call apiece."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """One of ``items``, uniformly."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in ``[low, high]``."""
    return low + int(rng.random() * (high - low + 1))


class Weighted:
    """Draw from ``items`` with fixed ``weights``."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]
