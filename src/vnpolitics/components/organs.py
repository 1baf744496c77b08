"""`vnp_organs`: ORG entities for political organs and TITLE entities for official titles.

The grammar of `vnpolitics.organs` finds organs ("Ban Thường vụ Thành ủy", "Đảng ủy Khu kinh
tế Hải Phòng") and titles ("Phó Bí thư Thường trực") on the normalised view. Rules and the
statistical `ner` each do what they are best at: on overlap the rule spans win for organs and
titles, a model entity wholly inside an organ moves to `doc.spans["nested"]` (LOC "Hải Phòng"
in the ORG "Đảng ủy Khu kinh tế Hải Phòng"), and a model PER or LOC that only runs into a
title or organ is trimmed to its own words rather than dropped. The place an organ names is
added to the nested layer as LOC even without a model, with its unit word as in VLSP
("tỉnh Yên Bái" in "UBND tỉnh Yên Bái").

Add it after `ner` (and before `vnp_officials`, which reuses its parse):

>>> from vnpolitics.pipeline import blank  # registers the factories
>>> nlp = blank()
>>> _ = nlp.add_pipe("vnp_organs")
>>> from spacy.tokens import Doc
>>> doc = nlp(Doc(nlp.vocab, words=["Đảng ủy", "Khu", "kinh tế", "Hải Phòng", "họp", "."],
...                spaces=[True, True, True, True, False, False]))
>>> [(e.text, e.label_) for e in doc.ents], [(s.text, s.label_) for s in doc.spans["nested"]]
([('Đảng ủy Khu kinh tế Hải Phòng', 'ORG')], [('Hải Phòng', 'LOC')])
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..organs import Organ, Title, find_organs_and_titles

NESTED = "nested"
_UNIT_BEFORE = re.compile(r"(?<!\w)(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s*$")
PARSE_KEY = "vnpolitics.organs"  # doc.user_data key: (organs, titles) for vnp_officials


def organ_parse(doc: Doc):
    """The (organs, titles) of `doc`: the parse `vnp_organs` stored, or a fresh one."""
    stored = doc.user_data.get(PARSE_KEY)
    if stored is None:
        return find_organs_and_titles(doc.text)
    organs, titles = stored
    return ([(s, e, Organ(o[0], o[1], o[2], tuple(o[3]) if o[3] else None)) for s, e, o in organs],
            [(s, e, Title(t[0], t[1], t[2], tuple(t[3]))) for s, e, t in titles])


def _store_parse(doc: Doc, organs, titles) -> None:
    """Keep the parse for vnp_officials as plain lists (user_data must pickle and msgpack)."""
    doc.user_data[PARSE_KEY] = (
        [(s, e, [o.text, o.kind, o.place, list(o.place_span) if o.place_span else None]) for s, e, o in organs],
        [(s, e, [t.text, t.position, t.base, list(t.modifiers)]) for s, e, t in titles],
    )


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is None:  # a token straddles the boundary: take the tokens inside it
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
    return span if span is not None and len(span) else None


class OrganRecognizer:
    """Adds ORG and TITLE entities from the organ grammar (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        organs, titles = find_organs_and_titles(doc.text)
        _store_parse(doc, organs, titles)
        _split_at(doc, {o for a, b, _ in [*organs, *titles] for o in (a, b)})
        rule_spans = [s for s in (_span(doc, a, b, "ORG") for a, b, _ in organs) if s is not None]
        rule_spans += [s for s in (_span(doc, a, b, "TITLE") for a, b, _ in titles) if s is not None]
        rule_spans = _non_overlapping(rule_spans)
        nested = list(doc.spans[NESTED]) if NESTED in doc.spans else []
        for _, _, organ in organs:
            if organ.place_span:
                start, end = organ.place_span
                unit = _UNIT_BEFORE.search(doc.text, max(0, start - 12), start)
                # As in VLSP (and vnp_nested), the unit word belongs to the place: "tỉnh Yên Bái".
                place = _span(doc, unit.start() if unit else start, end, "LOC")
                if place is not None:
                    nested.append(place)
        covered = {i: span for span in rule_spans for i in range(span.start, span.end)}
        kept = []
        for ent in doc.ents:
            hits = {covered[i] for i in range(ent.start, ent.end) if i in covered}
            if not hits:
                kept.append(ent)
                continue
            if all(h.start <= ent.start and ent.end <= h.end for h in hits):
                if not any(n.start == ent.start and n.end == ent.end for n in nested):
                    nested.append(ent)  # inside an organ: a nested entity
                continue
            rest = [i for i in range(ent.start, ent.end) if i not in covered and not doc[i].is_space]
            if ent.label_ in ("PER", "LOC") and rest and rest == list(range(rest[0], rest[-1] + 1)):
                kept.append(Span(doc, rest[0], rest[-1] + 1, label=ent.label_))  # trimmed
        doc.ents = sorted([*kept, *rule_spans], key=lambda s: s.start)
        doc.spans[NESTED] = sorted(nested, key=lambda s: (s.start, -len(s)))
        return doc


def _split_at(doc: Doc, offsets: set[int]) -> None:
    """Split the words that a rule boundary falls inside ("Trưởng ban" before the organ "ban
    Tuyên giáo Thành ủy", "TP." after "LĐLĐ TP"), so every rule span is a span of whole tokens.
    A space at the cut becomes a token of its own (as spaCy does for extra spaces); the pieces
    keep the word's tag; the text and its offsets are unchanged."""
    text = doc.text
    cuts = []
    for token in doc:
        first, last = token.idx, token.idx + len(token.text)
        points = set()
        for o in offsets:
            if not first < o < last:
                continue
            points.add(o)
            k = o
            while k > first and text[k - 1].isspace():  # the space before a start boundary
                k -= 1
            points.add(k)
            k = o
            while k < last and text[k].isspace():  # the space after an end boundary
                k += 1
            points.add(k)
        points = sorted(p for p in points if first < p < last)
        if points:
            bounds = [first, *points, last]
            cuts.append((token, [text[a:b] for a, b in zip(bounds, bounds[1:])]))
    if not cuts:
        return
    doc.vocab.strings.add("_SP")
    with doc.retokenize() as retokenizer:
        for token, pieces in cuts:
            spaces = [piece.isspace() for piece in pieces]
            attrs = {"TAG": ["_SP" if sp else token.tag_ for sp in spaces]}
            if token.pos_:
                attrs["POS"] = ["SPACE" if sp else token.pos_ for sp in spaces]
            retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces), attrs=attrs)


def _non_overlapping(spans: list[Span]) -> list[Span]:
    chosen, last_end = [], -1
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if span.start >= last_end:
            chosen.append(span)
            last_end = span.end
    return chosen


@Language.factory("vnp_organs")
def make_organs(nlp: Language, name: str) -> OrganRecognizer:
    return OrganRecognizer()
