"""Nested entities: the place inside an organisation's name, by rule.

Both VLSP corpora annotate the place inside an organisation's name ("UBND <tỉnh Quảng Nam>",
"Đảng uỷ Khu kinh tế <Hải Phòng>"): 94% of their nested entities are a LOC inside an ORG,
at its end. The rule: inside an ORG, the LOC is either an administrative prefix and what
follows it to the end ("tỉnh Quảng Nam", "TP. Hồ Chí Minh"), or a known place name ending the
ORG that starts a run of Titlecase syllables (so "Phương Nam" of "Nhà máy Phương Nam" is not
cut to "Nam", while "Sở GTVT Hà Nội" and "U16 Việt Nam" give "Hà Nội" and "Việt Nam"). Known places: `data/ner/places.txt`, written by `scripts/train_ner.py places`
from the LOC entities of the training corpora.

>>> [(s.label, "UBND tỉnh Quảng Nam"[s.start:s.end]) for s in nested_entities("UBND tỉnh Quảng Nam", "ORG")]
[('LOC', 'tỉnh Quảng Nam')]
>>> [("Đảng uỷ Khu kinh tế Hải Phòng"[s.start:s.end]) for s in nested_entities("Đảng uỷ Khu kinh tế Hải Phòng", "ORG")]
['Hải Phòng']
>>> nested_entities("Bộ Chính trị", "ORG")
[]
"""
from __future__ import annotations

import re
from functools import lru_cache

from .ner_data import EntitySpan
from .resources import data_path
from .text.normalize import normalize_text

ADMIN_PREFIXES = (
    "tỉnh", "huyện", "xã", "thành phố", "quận", "phường", "thị xã", "thị trấn", "TP.", "TP", "Tp.", "Tp",
)
_PREFIX = re.compile(
    r"(?:(?<=\s)|(?<=-))(?:%s)(?:\s+|(?<=\.))\S.*$"
    % "|".join(re.escape(p) + ("" if p.endswith(".") else r"\b") for p in
               sorted({v for p in ADMIN_PREFIXES for v in (p, p[:1].upper() + p[1:])}, key=len, reverse=True))
)
_SYLLABLE = re.compile(r"\S+")


@lru_cache(maxsize=1)
def known_places() -> frozenset[str]:
    """Place names (normalised) that may end an organisation's name."""
    lines = data_path("ner", "places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(normalize_text(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def _titlecase(syllable: str) -> bool:
    return syllable[:1].isupper() and syllable[1:].isalpha() and syllable[1:].islower()


def nested_entities(text: str, label: str, places: frozenset[str] | None = None) -> list[EntitySpan]:
    """Entities nested in the entity `text` labelled `label`, as spans of `text`."""
    if label != "ORG":
        return []
    match = _PREFIX.search(text)
    if match:
        return [EntitySpan(match.start(), len(text), "LOC")]
    places = known_places() if places is None else places
    syllables = list(_SYLLABLE.finditer(text))
    for previous, current in zip(syllables, syllables[1:]):
        # A place starts a run of Titlecase syllables: after a lower-case word, an acronym
        # ("Sở GTVT Hà Nội", "U16 Việt Nam") or a dash, never inside a name ("Phương Nam").
        starts_run = current.group()[:1].isupper() and not _titlecase(previous.group())
        if starts_run and normalize_text(text[current.start():]) in places:
            return [EntitySpan(current.start(), len(text), "LOC")]
    return []
