"""Combining entity layers: a later, more specific layer wins where spans overlap."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from spacy.tokens import Doc, Span


def merge_entities(doc: Doc, spans: Iterable[Span], override: bool = True) -> None:
    """Add `spans` to `doc.ents`; on overlap the new spans win (`override`) or yield.

    Overlapping old entities that lose are dropped whole, never cut, so every entity stays a
    span the model or rule actually produced.
    """
    new = sorted(spans, key=lambda s: (s.start, -len(s)))
    kept_new: list[Span] = []
    last_end = -1
    for span in new:  # the new layer itself must not overlap
        if span.start >= last_end:
            kept_new.append(span)
            last_end = span.end
    taken = set()
    for span in kept_new:
        taken.update(range(span.start, span.end))
    if override:
        old = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        doc.ents = sorted([*old, *kept_new], key=lambda s: s.start)
    else:
        occupied = set()
        for e in doc.ents:
            occupied.update(range(e.start, e.end))
        added = [s for s in kept_new if not occupied.intersection(range(s.start, s.end))]
        doc.ents = sorted([*doc.ents, *added], key=lambda s: s.start)


def char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """The span covering exactly the characters [start, end), or None if not on token bounds."""
    return doc.char_span(start, end, label=label, alignment_mode="strict")


def object_extension(name: str, data_key: str, from_dict: Callable[[dict], Any]) -> None:
    """Register `doc._.NAME`: objects rebuilt from the plain dicts in `doc.user_data[data_key]`.

    Results are kept as plain data so that Docs cross processes (`nlp.pipe(n_process=2)`
    serialises `user_data` with msgpack); the getter rebuilds the typed objects.
    """

    def getter(doc: Doc) -> list | None:
        data = doc.user_data.get(data_key)
        return None if data is None else [from_dict(d) for d in data]

    if not Doc.has_extension(name):
        Doc.set_extension(name, getter=getter)


def store_objects(doc: Doc, data_key: str, objects: Iterable[Any]) -> None:
    """Keep objects with `to_dict()` on the Doc for `object_extension`."""
    doc.user_data[data_key] = [o.to_dict() for o in objects]
