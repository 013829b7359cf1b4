"""The cue-frame lexicon: how often a (lemma, frame) heads an attribution in PolNeAR train.

Counted by ``benchmarks/derive_cue_frames.py`` (rows only, no text); the attribution
extractor keeps a frame when its smoothed rate passes a threshold.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

# Prepositions that introduce circumstances (when, where, how) rather than content:
# "said in a statement", "told reporters at a rally".
CIRCUMSTANCE_PREPS = frozenset(
    [
        "in",
        "at",
        "on",
        "during",
        "after",
        "before",
        "by",
        "with",
        "since",
        "despite",
        "among",
        "from",
        "until",
        "within",
        "throughout",
        "following",
        "amid",
        "via",
    ]
)


@cache
def table() -> dict[tuple[str, str, str], float]:
    """(pos, lemma, frame) -> smoothed rate hits / (occurrences + 1)."""
    rows: dict[tuple[str, str, str], float] = {}
    text = files("graph.extractors").joinpath("data/cue_frames.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        pos, lemma, frame, hits, seen = line.split("\t")
        rows[(pos, lemma, frame)] = int(hits) / (int(seen) + 1)
    return rows


def rate(pos: str, lemma: str, frame: str) -> float:
    return table().get((pos, lemma, frame), 0.0)
