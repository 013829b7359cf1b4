"""Contradiction and support between claims, across speakers and documents.

Two claims relate when facts inside them (graph/extractors/facts.py) state the same
thing: the same subject after entity resolution (a group counts as its home place:
"North Korean troops" and "DPRK" are one subject), the same verb class ("engage in combat
operations", "fight", "enter the fight" are all "fight"), and compatible objects. Same
polarity -> supports; opposite polarity, or antonym classes ("back" / "oppose") with the
same polarity -> contradicts. Hedged-as-possible facts, hearsay and a future against a
past are never linked. A claim that only points back at the previous one ("X repeated the
claims", "Y denied the allegations") supports or contradicts that claim.

Records in, Relation records out; no spaCy, no rdflib.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.records import Attribution, Extraction, Fact, Relation

# Verb classes whose object is a circumstance rather than a participant ("engage in
# combat operations" and "fight" describe the same event whatever the noun).
OPEN_OBJECT: frozenset[str] = frozenset({"fight", "sufferLosses", "escalate"})
# Verb classes never compared: nested speech is not a statement about the world.
NOT_COMPARED: frozenset[str] = frozenset({"say"})
ANTONYMS: dict[str, str] = {"back": "oppose", "oppose": "back", "increase": "decrease", "decrease": "increase",
                            "win": "lose", "lose": "win"}  # fmt: skip
REPEAT_CUES: frozenset[str] = frozenset(
    ["repeat", "reiterate", "echo", "reaffirm", "confirm", "back", "endorse", "support", "corroborate"]
)
DENY_CUES: frozenset[str] = frozenset(
    ["deny", "dispute", "reject", "refute", "dismiss", "contradict", "rebut"]
)
_ANAPHORA = re.compile(
    r"^(?:the|these|those|such|that|this|his|her|their|its|the same)\s+"
    r"(?:claims?|statements?|assertions?|allegations?|accusations?|reports?|remarks?|comments?|assessments?)$"
)
QUANTITY_TOLERANCE = 0.25
QUANTIFIERS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "all",
        "most",
        "many",
        "several",
        "few",
        "least",
        "at",
        "about",
        "around",
        "over",
        "under",
        "nearly",
        "almost",
        "million",
        "thousand",
        "hundred",
        "billion",
        "dozens",
        "of",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
    ]
)
PRONOUNS: frozenset[str] = frozenset(
    ["it", "them", "this", "that", "these", "those", "him", "her", "he", "she", "they", "one"]
)


@dataclass(frozen=True, slots=True)
class _Item:
    doc: str
    extraction: Extraction
    attribution: Attribution
    fact: Fact
    subject: str
    group: str  # the bucket: verb class (antonyms share one), or the predicate for "other"

    @property
    def claim(self) -> str:
        return f"{self.doc}:{self.attribution.id}"


def find_relations(extractions: Sequence[Extraction]) -> list[Relation]:
    """Every contradiction and support between claims of the given documents, each with its reason."""
    buckets: dict[tuple[str, str], list[_Item]] = defaultdict(list)
    for ex in extractions:
        homes = {e.id: e.refers_to or e.id if e.type == "group" else e.id for e in ex.entities}
        claims = {a.id: a for a in ex.attributions}
        for fact in ex.facts:
            a = claims.get(fact.claim)
            if (
                a is None
                or fact.subject is None
                or fact.relation in NOT_COMPARED
                or fact.certainty == "possible"
                or fact.background
            ):
                continue
            if fact.relation == "other" and fact.object is None:
                continue
            group = "|".join(sorted({fact.relation, ANTONYMS.get(fact.relation, fact.relation)}))
            if fact.relation == "other":
                group = "other:" + fact.predicate
            subject = homes.get(fact.subject, fact.subject)
            buckets[(subject, group)].append(_Item(ex.document.id, ex, a, fact, subject, group))
    out: dict[tuple[str, str, str], Relation] = {}
    for items in buckets.values():
        for i, x in enumerate(items):
            for y in items[i + 1 :]:
                relation = compare(x, y)
                if relation is None:
                    continue
                key = (relation.kind, *sorted((relation.source, relation.target)))
                out.setdefault(key, relation)  # type: ignore[arg-type]
    for relation in _anaphoric(extractions):
        key = (relation.kind, *sorted((relation.source, relation.target)))
        out.setdefault(key, relation)  # type: ignore[arg-type]
    return sorted(out.values(), key=lambda r: (r.kind, r.source, r.target))


def compare(x: _Item, y: _Item) -> Relation | None:
    """The relation between two facts in one bucket, or None."""
    if x.claim == y.claim:
        return None
    if _text(x) == _text(y):
        return None  # the same sentence republished is not a second voice
    fx, fy = x.fact, y.fact
    if not _tenses_compatible(fx.tense, fy.tense):
        return None
    if not objects_compatible(x, y):
        return None
    same_speaker = x.attribution.speaker is not None and x.attribution.speaker == y.attribution.speaker
    flipped = fx.relation != fy.relation and ANTONYMS.get(fx.relation) == fy.relation
    opposite = (fx.polarity != fy.polarity) != flipped
    quantities_differ = _quantities_differ(fx, fy)
    if flipped and (fx.quantity is not None or fy.quantity is not None):
        return None  # "won 73 percent" / "lost 54 to 46": shares, not outcomes
    if flipped and (
        (fx.object is None and fx.object_text is None) or (fy.object is None and fy.object_text is None)
    ):
        return None  # "won" against "lost" means nothing without what was won or lost
    if not opposite and quantities_differ and fx.polarity == "affirmed" and _same_moment(x, y):
        kind = "contradicts"
        why = f"different numbers ({_num(fx)} vs {_num(fy)})"
    elif opposite:
        kind = "contradicts"
        if flipped:
            why = f"opposite predicates ({fx.relation} vs {fy.relation})"
        else:
            why = f"opposite polarity ({fx.polarity} vs {fy.polarity})"
    else:
        if fx.quantity is not None and fy.quantity is not None and fx.quantity != fy.quantity:
            return None  # different numbers of one thing: not support, and over time not contradiction
        if same_speaker and x.doc == y.doc:
            return None  # a speaker repeating themselves in one article is not support
        if x.attribution.speaker is None and y.attribution.speaker is None and x.doc == y.doc:
            return None
        kind = "supports"
        why = f"same polarity ({fx.polarity})"
    certainty = f"certainty {fx.certainty} vs {fy.certainty}"
    shared = f"{_label(x, fx.subject)} · {fx.relation if not flipped else fx.relation + '/' + fy.relation}"
    objects = " / ".join(o for o in (_object(x), _object(y)) if o)
    reason = f"same fact: {shared}" + (f" ({objects})" if objects else "") + f"; {why}; {certainty}"
    return Relation(
        kind=kind,
        source=x.claim,
        target=y.claim,
        reason=reason,
        subject=x.subject,
        predicate=fx.relation if fx.relation != "other" else fx.predicate,
        source_fact=fx.id,
        target_fact=fy.id,
    )


def objects_compatible(x: _Item, y: _Item) -> bool:
    """Objects that can be the same thing: the same entity, or the same head noun whose
    modifiers do not differ ("Democratic primaries" ~ "Democratic presidential primary", not
    "required votes" ~ "more votes"); any circumstance for verb classes like "fight". The
    places the statements are set in must agree too."""
    fx, fy = x.fact, y.fact
    lx, ly = _home(x.extraction, fx.location), _home(y.extraction, fy.location)
    if (lx or ly) and lx != ly:
        return False
    hx = _home(x.extraction, fx.object)
    hy = _home(y.extraction, fy.object)
    if hx and hy:
        return hx == hy
    if fx.relation in OPEN_OBJECT and fy.relation in OPEN_OBJECT:
        return True
    if hx or hy or fx.object_text is None or fy.object_text is None:
        return False
    wx, wy = _words(fx.object_text), _words(fy.object_text)
    if not wx or not wy or wx[-1] != wy[-1] or wx[-1] in PRONOUNS:
        return False
    mx, my = set(wx[:-1]), set(wy[:-1])
    if fx.object_detail and fy.object_detail and fx.object_detail != fy.object_detail:
        return False  # "a chance to take them all" is not "a chance of winning the nomination"
    if bool(fx.object_detail) != bool(fy.object_detail) and (mx or my):
        return False
    return mx <= my or my <= mx


def _home(ex: Extraction, entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    e = ex.entity(entity_id)
    if e is not None and e.type == "group" and e.refers_to:
        return e.refers_to
    return entity_id


def _words(text: str) -> list[str]:
    """Content words of a noun phrase, singular, without quantifiers and numbers."""
    out = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in QUANTIFIERS or word.isdigit():
            continue
        for suffix in ("ies", "s"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
        out.append(word)
    return out


def _tenses_compatible(a: str | None, b: str | None) -> bool:
    """A prediction does not contradict (or support) a report of what happened."""
    if a is None or b is None:
        return True
    return (a == "future") == (b == "future")


def _text(item: _Item) -> str:
    text = item.extraction.document.text
    return " ".join(" ".join(s.text(text) for s in item.attribution.content).split())


def _same_moment(x: _Item, y: _Item) -> bool:
    """Numbers change over time: only compare those of one document or one resolved date."""
    if x.fact.approximate or y.fact.approximate:
        return False
    if x.doc == y.doc:
        return True
    return x.attribution.date is not None and x.attribution.date == y.attribution.date


def _quantities_differ(a: Fact, b: Fact) -> bool:
    if a.quantity is None or b.quantity is None:
        return False
    high = max(a.quantity, b.quantity)
    return high > 0 and abs(a.quantity - b.quantity) / high > QUANTITY_TOLERANCE


def _num(f: Fact) -> str:
    q = f.quantity
    text = f"{q:g}" if q is not None else "?"
    return ("about " if f.approximate else "") + text


def _label(item: _Item, entity_id: str | None) -> str:
    if entity_id is None:
        return "?"
    e = item.extraction.entity(entity_id)
    return e.name if e is not None else entity_id


def _object(item: _Item) -> str | None:
    f = item.fact
    if f.object:
        return _label(item, f.object)
    return f.object_text


def _anaphoric(extractions: Iterable[Extraction]) -> list[Relation]:
    """'... and a day later Blinken repeated the claims': support for the claim just before."""
    out: list[Relation] = []
    for ex in extractions:
        text = ex.document.text
        claims = sorted(
            (a for a in ex.attributions if not a.narrated and a.content), key=lambda a: a.content[0].start
        )
        for i, a in enumerate(claims):
            lemma = (a.cue_lemma or "").lower()
            if lemma not in REPEAT_CUES and lemma not in DENY_CUES:
                continue
            content = " ".join(" ".join(s.text(text) for s in a.content).lower().split()).strip(' .,;:"“”')
            if not _ANAPHORA.match(content):
                continue
            previous = next(
                (p for p in reversed(claims[:i]) if p.speaker != a.speaker or p.speaker is None), None
            )
            if previous is None:
                continue
            negated = a.polarity == "negated"
            denies = lemma in DENY_CUES
            kind = "contradicts" if denies != negated else "supports"
            verb = "denies" if denies else "repeats"
            out.append(
                Relation(
                    kind=kind,
                    source=f"{ex.document.id}:{a.id}",
                    target=f"{ex.document.id}:{previous.id}",
                    reason=f'{verb} the preceding claim ("{content}", cue {lemma}'
                    + (", negated" if negated else "")
                    + ")",
                )
            )
    return out
