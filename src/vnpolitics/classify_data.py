"""Reading labelled texts for training and evaluating classifiers.

Three layouts, told apart by the path:
- JSONL, optionally gzipped (`.jsonl`, `.jsonl.gz`, `.json`): one object per line;
- CSV (`.csv`, `.csv.gz`) with a header row;
- a folder with one sub-folder per label, one UTF-8 `.txt` file per text.

Every example remembers where it came from ("train.csv line 12"), so a problem found later
(an empty text, a label with one example) is reported at its place.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "a.jsonl").write_text('{"text": "Giá vàng tăng", "label": "Kinh doanh"}\\n', "utf-8")
49
>>> data = read_labelled(folder / "a.jsonl")
>>> data.texts, data.labels, data.sources
(['Giá vàng tăng'], ['Kinh doanh'], ['a.jsonl line 1'])
"""
from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .classify import ClassifierDataError
from .resources import shared_data_dir


__all__ = ["LabelledTexts", "read_labelled", "sample_labelled", "shared_data_dir", "LABEL_SEPARATOR"]

# Several labels in one CSV cell (multi-label): "Kinh doanh|Pháp luật".
LABEL_SEPARATOR = "|"


@dataclass
class LabelledTexts:
    """Texts with their labels (a label, or a list of labels when multi-label) and origins."""

    texts: list[str] = field(default_factory=list)
    labels: list[Any] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, text: str, label: Any, source: str) -> None:
        self.texts.append(text)
        self.labels.append(label)
        self.sources.append(source)

    def __len__(self) -> int:
        return len(self.texts)


def read_labelled(
    path: str | Path,
    text_field: str = "text",
    label_field: str = "label",
    multi_label: bool = False,
) -> LabelledTexts:
    """Read labelled texts from a JSONL(.gz) or CSV file, or a folder of label folders.

    `text_field` may name several fields joined with "+" ("title+sapo"): their values are
    joined by a newline, which is how a title and a lead reach the classifier.
    Raises `ClassifierDataError` with the file, the line and the reason.
    """
    path = Path(path)
    if not path.exists():
        raise ClassifierDataError(f"{path}: no such file or folder")
    if path.is_dir():
        if multi_label:
            raise ClassifierDataError(f"{path}: a folder of label folders gives one label per text; "
                                      "use JSONL or CSV for multi-label data")
        return _read_folder(path)
    name = path.name.lower()
    fields = [part.strip() for part in text_field.split("+") if part.strip()]
    if not fields:
        raise ClassifierDataError(f"empty text field name {text_field!r}")
    if name.endswith((".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson")):
        data = _read_jsonl(path, fields, label_field, multi_label)
    elif name.endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz")):
        data = _read_csv(path, fields, label_field, multi_label)
    else:
        raise ClassifierDataError(
            f"{path}: unknown data format; give a .jsonl(.gz) or .csv(.gz) file or a folder with one sub-folder per label"
        )
    if not data.texts:
        raise ClassifierDataError(f"{path}: no examples")
    return data


def sample_labelled(
    path: str | Path,
    per_label: int,
    labels: list[str] | None = None,
    text_field: str = "text",
    label_field: str = "label",
) -> LabelledTexts:
    """The first `per_label` examples of each label (of `labels`, if given) of a JSONL(.gz) file.

    Reading stops as soon as every requested label is full, so a small sample is quick.
    """
    path = Path(path)
    wanted = set(labels) if labels else None
    counts: dict[str, int] = {}
    data = LabelledTexts()
    # Only lines that mention a wanted label are parsed (as JSON writes it, escaped or not).
    spellings = {json.dumps(l, ensure_ascii=a) for l in wanted for a in (True, False)} if wanted else None
    keep = (lambda line: any(s in line for s in spellings)) if spellings else None
    for where, record in _records(path, keep):
        label = record.get(label_field)
        if not isinstance(label, str) or (wanted is not None and label not in wanted):
            continue
        if counts.get(label, 0) < per_label:
            counts[label] = counts.get(label, 0) + 1
            data.add(_text_of(record, [text_field], where), label, where)
        if wanted is not None and len(counts) == len(wanted) and min(counts.values()) >= per_label:
            break
    return data


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a UTF-8 text file, gzipped or not; a clear error otherwise."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise ClassifierDataError(
                        f"{path.name} line {number}: not UTF-8 text (byte {raw[error.start:error.start + 1]!r} "
                        f"at column {error.start + 1}); convert the file to UTF-8"
                    ) from None
                yield number, line.lstrip("\ufeff") if number == 1 else line
    except (OSError, EOFError) as error:  # a damaged or fake .gz
        raise ClassifierDataError(f"{path.name}: cannot read ({error})") from None


def _records(path: Path, keep: Callable[[str], bool] | None = None) -> Iterator[tuple[str, dict]]:
    """("file line N", object) for each non-empty JSONL line (that `keep` accepts)."""
    for number, line in _lines(path):
        if not line.strip() or (keep is not None and not keep(line)):
            continue
        where = f"{path.name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ClassifierDataError(f"{where}: not a JSON object ({error.msg})") from None
        if not isinstance(record, dict):
            raise ClassifierDataError(f"{where}: not a JSON object")
        yield where, record


def _text_of(record: dict, fields: list[str], where: str) -> str:
    missing = [name for name in fields if name not in record]
    if missing:
        present = ", ".join(sorted(map(str, record))) or "none"
        raise ClassifierDataError(f"{where}: no field {missing[0]!r} (fields: {present})")
    values = []
    for name in fields:
        value = record[name]
        if value is None:
            continue
        if not isinstance(value, str):
            raise ClassifierDataError(f"{where}: field {name!r} is a {type(value).__name__}, not text")
        values.append(value)
    return "\n".join(values)


def _label_of(value: Any, multi_label: bool, label_field: str, where: str) -> Any:
    if multi_label:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(LABEL_SEPARATOR)]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ClassifierDataError(f"{where}: field {label_field!r} must be a list of labels")
        value = [v.strip() for v in value if v.strip()]
        if not value:
            raise ClassifierDataError(f"{where}: empty label")
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ClassifierDataError(f"{where}: field {label_field!r} must be one label (text), not {type(value).__name__}")
    if not value.strip():
        raise ClassifierDataError(f"{where}: empty label")
    return value.strip()


def _read_jsonl(path: Path, fields: list[str], label_field: str, multi_label: bool) -> LabelledTexts:
    data = LabelledTexts()
    for where, record in _records(path):
        if label_field not in record:
            present = ", ".join(sorted(map(str, record))) or "none"
            raise ClassifierDataError(f"{where}: no field {label_field!r} (fields: {present})")
        data.add(_text_of(record, fields, where), _label_of(record[label_field], multi_label, label_field, where), where)
    return data


def _read_csv(path: Path, fields: list[str], label_field: str, multi_label: bool) -> LabelledTexts:
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    # csv is fed line by line, so rows.line_num is the line number in the file.
    rows = csv.reader((line for _, line in _lines(path)), delimiter=delimiter)
    data = LabelledTexts()
    try:
        header = next(rows)
    except StopIteration:
        raise ClassifierDataError(f"{path.name}: empty file") from None
    except csv.Error as error:
        raise ClassifierDataError(f"{path.name} line 1: bad CSV ({error})") from None
    header = [name.strip() for name in header]
    for name in [*fields, label_field]:
        if name not in header:
            raise ClassifierDataError(
                f"{path.name}: no column {name!r} (columns: {', '.join(header)}); "
                "name the columns with --text-field and --label-field"
            )
    number = 1
    try:
        for row in rows:
            number = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"{path.name} line {number}"
            if len(row) != len(header):
                raise ClassifierDataError(f"{where}: {len(row)} columns, the header has {len(header)}")
            record = dict(zip(header, row))
            data.add(_text_of(record, fields, where), _label_of(record[label_field], multi_label, label_field, where), where)
    except csv.Error as error:
        raise ClassifierDataError(f"{path.name} line {number}: bad CSV ({error})") from None
    return data


def _read_folder(path: Path) -> LabelledTexts:
    data = LabelledTexts()
    folders = sorted(child for child in path.iterdir() if child.is_dir() and not child.name.startswith("."))
    if not folders:
        raise ClassifierDataError(f"{path}: no label sub-folders (expected one folder per label, one .txt file per text)")
    for folder in folders:
        files = sorted(f for f in folder.rglob("*") if f.is_file() and not f.name.startswith("."))
        if not files:
            raise ClassifierDataError(f"{folder}: empty class: label {folder.name!r} has no text files")
        for file in files:
            try:
                text = file.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ClassifierDataError(
                    f"{file}: not UTF-8 text (byte {error.start}); convert the file to UTF-8"
                ) from None
            data.add(text, folder.name, str(file.relative_to(path)))
    return data
