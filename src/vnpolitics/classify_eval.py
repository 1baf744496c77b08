"""Scoring a topic classifier: per-label precision/recall/F1, a confusion matrix, a plot.

>>> from vnpolitics.classify import TopicClassifier
>>> texts = ["Giá vàng tăng mạnh", "Lãi suất ngân hàng giảm", "Đội tuyển thắng trận", "Thủ môn cản phá"]
>>> labels = ["Kinh doanh", "Kinh doanh", "Thể thao", "Thể thao"]
>>> clf = TopicClassifier(min_df=1).fit(texts, labels)
>>> report = score_classifier(clf, texts, labels)
>>> report.accuracy
1.0
>>> print(report.table().splitlines()[0])
label       precision  recall  f1     support
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .classify import ClassifierDataError, TopicClassifier

__all__ = ["LabelScores", "ClassificationReport", "score_classifier"]


@dataclass(frozen=True)
class LabelScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class ClassificationReport:
    """What `evaluate-classifier` prints and writes (`to_dict()` is the JSON report)."""

    labels: list[str]
    per_label: list[LabelScores]
    accuracy: float
    macro_f1: float
    micro_f1: float
    n_examples: int
    multi_label: bool
    # confusion[i][j]: examples of labels[i] predicted as labels[j] (single-label only).
    confusion: list[list[int]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def table(self) -> str:
        """A plain-text table, one row per label, then accuracy and macro-F1."""
        width = max([len("label"), *map(len, self.labels), len("macro avg")])
        lines = [f"{'label':<{width}}  precision  recall  f1     support"]
        for row in self.per_label:
            lines.append(
                f"{row.label:<{width}}  {row.precision:9.4f}  {row.recall:6.4f}  {row.f1:.4f} {row.support:8d}"
            )
        lines.append("")
        name = "subset accuracy" if self.multi_label else "accuracy"
        lines.append(f"{name}: {self.accuracy:.4f}   macro F1: {self.macro_f1:.4f}   micro F1: {self.micro_f1:.4f}"
                     f"   examples: {self.n_examples}")
        return "\n".join(lines)

    def plot_confusion(self, path: str | Path, normalize: bool = True, title: str | None = None) -> Path:
        """Write the confusion matrix as a PNG (rows: true label, columns: predicted)."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        if not self.confusion:
            raise ClassifierDataError("a confusion matrix needs one label per text (not multi-label)")
        counts = np.array(self.confusion, dtype=float)
        shown = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) if normalize else counts
        size = max(5.0, 0.6 * len(self.labels) + 2)
        figure, axes = plt.subplots(figsize=(size + 1, size))
        image = axes.imshow(shown, cmap="Blues", vmin=0, vmax=1 if normalize else None)
        axes.set_xticks(range(len(self.labels)), self.labels, rotation=45, ha="right")
        axes.set_yticks(range(len(self.labels)), self.labels)
        axes.set_xlabel("predicted")
        axes.set_ylabel("true")
        for i in range(len(self.labels)):
            for j in range(len(self.labels)):
                if counts[i, j]:
                    text = f"{shown[i, j]:.2f}" if normalize else f"{int(counts[i, j])}"
                    axes.text(j, i, text, ha="center", va="center", fontsize=7,
                              color="white" if shown[i, j] > 0.5 * (shown.max() or 1) else "black")
        axes.set_title(title or f"accuracy {self.accuracy:.4f}, n = {self.n_examples}")
        figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04)
        figure.tight_layout()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=110)
        plt.close(figure)
        return path


def score_classifier(
    classifier: TopicClassifier,
    texts: Sequence[str],
    labels: Sequence[Any],
    sources: Sequence[str] | None = None,
    max_errors: int = 50,
) -> ClassificationReport:
    """Predict `texts` and compare with the gold `labels` (label names; lists if multi-label)."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    if len(texts) != len(labels):
        raise ClassifierDataError(f"{len(texts)} texts but {len(labels)} labels")
    if not texts:
        raise ClassifierDataError("no examples to evaluate")
    known = [str(c) for c in classifier.classes_]
    if classifier.multi_label:
        gold_sets = [set(label) for label in labels]
        names = sorted(set(known) | set().union(*gold_sets))
        predicted_sets = [set(p) for p in classifier.predict_labels(texts)]
        gold = np.array([[name in s for name in names] for s in gold_sets], dtype=int)
        predicted = np.array([[name in s for name in names] for s in predicted_sets], dtype=int)
        accuracy = float((gold == predicted).all(axis=1).mean())
        confusion: list[list[int]] = []
        pairs = list(zip(gold_sets, predicted_sets))
        wrong = [i for i, (g, p) in enumerate(pairs) if g != p]
        shown = [(sorted(g), sorted(p)) for g, p in pairs]
    else:
        gold_list = [str(label) for label in labels]
        names = sorted(set(known) | set(gold_list))
        predicted_list = [str(p) for p in classifier.predict(texts)]
        gold, predicted = np.array(gold_list, dtype=object), np.array(predicted_list, dtype=object)
        accuracy = float((gold == predicted).mean())
        confusion = confusion_matrix(gold, predicted, labels=names).tolist()
        wrong = [i for i in range(len(texts)) if gold_list[i] != predicted_list[i]]
        shown = list(zip(gold_list, predicted_list))
    kwargs: dict[str, Any] = {"zero_division": 0}
    if not classifier.multi_label:
        kwargs["labels"] = names
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, average=None, **kwargs)
    micro = precision_recall_fscore_support(gold, predicted, average="micro", **kwargs)[2]
    per_label = [
        LabelScores(name, float(p), float(r), float(f), int(s))
        for name, p, r, f, s in zip(names, precision, recall, f1, support)
    ]
    present = [row for row in per_label if row.support > 0]
    macro = float(np.mean([row.f1 for row in present])) if present else 0.0
    errors = [
        {"where": sources[i] if sources else f"example {i}", "gold": shown[i][0], "predicted": shown[i][1],
         "text": texts[i][:160]}
        for i in wrong[:max_errors]
    ]
    return ClassificationReport(
        labels=names, per_label=per_label, accuracy=accuracy, macro_f1=macro, micro_f1=float(micro),
        n_examples=len(texts), multi_label=classifier.multi_label, confusion=confusion, errors=errors,
    )
