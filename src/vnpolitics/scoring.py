"""Precision, recall and F1, shared by every evaluation.

>>> class Score(PrecisionRecallF1):
...     def counts(self):
...         return 8, 10, 16          # correct, predicted, gold
>>> s = Score(); round(s.precision, 2), round(s.recall, 2), round(s.f1, 3)
(0.8, 0.5, 0.615)
"""
from __future__ import annotations


def precision_recall_f1(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """P, R and F1 from counts (0.0 where a denominator is 0)."""
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class PrecisionRecallF1:
    """Mixin: `precision`, `recall` and `f1` properties from `counts() -> (correct, predicted, gold)`."""

    def counts(self) -> tuple[int, int, int]:
        raise NotImplementedError

    @property
    def precision(self) -> float:
        return precision_recall_f1(*self.counts())[0]

    @property
    def recall(self) -> float:
        return precision_recall_f1(*self.counts())[1]

    @property
    def f1(self) -> float:
        return precision_recall_f1(*self.counts())[2]
