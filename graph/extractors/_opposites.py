"""Opposite predicates, from the lexicon derived from WordNet (data/antonyms.tsv).

"rise" / "fall", "open" / "close", "win" / "lose", "safe" / "dangerous" are antonyms; "climb"
and "drop" are opposite directions of change (increase / decrease) though WordNet pairs only
"rise" and "fall"; "unsafe" is "safe" negated. ``benchmarks/derive_antonyms.py`` writes the
file; nothing here adds pairs of its own.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

# Prefixes that negate an adjective whose base the lexicon knows ("unsafe", "illegal").
_NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non-", "non")


@cache
def _table() -> tuple[dict[tuple[str, str], frozenset[str]], dict[str, str], frozenset[str]]:
    antonyms: dict[tuple[str, str], set[str]] = {}
    direction: dict[str, str] = {}
    text = files("graph.extractors").joinpath("data", "antonyms.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, pos, lemma, other = line.split("\t")
        if kind == "antonym":
            antonyms.setdefault((pos, lemma), set()).add(other)
        elif kind == "direction":
            direction[lemma] = other
    adjectives = frozenset(lemma for pos, lemma in antonyms if pos == "a")
    return {k: frozenset(v) for k, v in antonyms.items()}, direction, adjectives


def antonyms(lemma: str, pos: str = "v") -> frozenset[str]:
    """The lemmas WordNet gives as antonyms of ``lemma`` ("v" verb, "a" adjective)."""
    return _table()[0].get((pos, lemma), frozenset())


def direction(lemma: str) -> str | None:
    """ "increase" or "decrease" for a verb of change in amount ("climb", "slump"), else None."""
    return _table()[1].get(lemma)


def opposed(a: str, b: str, pos: str | None = None) -> bool:
    """Whether two verb or adjective lemmas state opposite things: antonyms (as verbs "v" or
    adjectives "a"; either when ``pos`` is None), or opposite directions of change."""
    if a == b:
        return False
    for p in ("v", "a") if pos is None else (pos,):
        if b in antonyms(a, p) or a in antonyms(b, p):
            return True
    da, db = direction(a), direction(b)
    return da is not None and db is not None and da != db


def same_direction(a: str, b: str) -> bool:
    """Two verbs of change that go the same way ("rise" and "grow", "fall" and "decline")."""
    da = direction(a)
    return da is not None and da == direction(b)


def positive_form(adjective: str) -> str | None:
    """'unsafe' -> 'safe', 'illegal' -> 'legal': an adjective negated by its prefix, when the
    lexicon knows its base; None otherwise."""
    known = _table()[2]
    for prefix in _NEGATIVE_PREFIXES:
        if adjective.startswith(prefix) and adjective[len(prefix) :] in known and adjective not in known:
            return adjective[len(prefix) :]
    return None


def meeting_keys(lemma: str) -> tuple[str, ...]:
    """Where a state or change word meets the words it can agree or disagree with: itself,
    each pair it forms with one of its antonyms ("close|open"), and, for a change in amount,
    all the others ("change": "rise" meets "grow" and "fall"). Pairs, not families: joined
    by antonymy through each other, "go", "come", "stay" and "follow" would all meet."""
    if direction(lemma) is not None:
        return ("change",)
    others = antonyms(lemma, "v") | antonyms(lemma, "a")
    return (lemma, *sorted("|".join(sorted((lemma, o))) for o in others))
