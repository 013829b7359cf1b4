"""What the first picture shows: the most-cited speakers and what they talk about.

The page builds the same kind of picture for every filter (``view.js``, function ``plan``);
this module builds the unfiltered one in Python so that it can be laid out ahead of time
(``_layout``). Both follow the same rules, and the constants the page needs travel in the
payload (:data:`STYLE`), so the two cannot drift apart silently (a browser test compares
them).

Two kinds of picture:

* **claims as nodes** when at most :data:`CLAIM_NODES` claims are in play: each claim is a
  compact box with its gist, linked to its speaker and to the entities it is about, and to
  the claims it supports or contradicts;
* **claims as edges** otherwise: the speakers with the most claims and the entities those
  claims are about, one edge per speaker and entity (its width the number of claims), and
  one edge per pair of speakers whose claims contradict or support each other.

Either way the nodes are added in order of importance until :data:`STYLE` ``maxNodes`` or the
label area budget is reached, so that every label fits the picture at a readable size.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.exports._layout import ASPECT, DENSITY, Box

# Advance widths of ASCII 32..126 in DejaVu Sans (Debian's default sans-serif, wider than most)
# in hundredths of an em: label sizes are estimated with the widest common font, so labels
# drawn with a narrower one only have more room.
_ASCII_WIDTHS = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
    60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63,
    63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
)  # fmt: skip
_OTHER_WIDTH = 64  # any other character, except the wide East Asian ones
_WIDE_WIDTH = 100

CLAIM_NODES = 30  # at most this many claims in play: claims are drawn as nodes

STYLE: dict[str, Any] = {
    "font": 14,  # entity label size in canvas units (>= 12 px on screen down to a scale of 0.86)
    "claimFont": 13,
    "minLabelPx": 12,  # the page never starts zoomed out further than this
    "labelChars": 28,  # entity labels are cut here (the full name is in the tooltip and panel)
    "gistChars": 64,  # claim boxes show this much of the claim
    "claimWidth": 170,  # claim boxes wrap their gist at this width
    "claimNodes": CLAIM_NODES,
    "maxNodes": 150,
    # label boxes may cover this many square canvas units: about what a 1100 x 800 canvas
    # holds readably
    "areaBudget": 300_000,
    "speakerShare": 0.35,  # of the nodes in a claims-as-edges picture, at most this share are speakers
    "perSpeaker": 6,  # edges kept per speaker (its most frequent topics) ...
    "perTopic": 3,  # ... and per topic (its most frequent speakers)
    "density": DENSITY,  # the page spreads its own layouts as _layout does
    "aspect": ASPECT,
    "widths": list(_ASCII_WIDTHS),
    "otherWidth": _OTHER_WIDTH,
    "wideWidth": _WIDE_WIDTH,
}
SPEAKER_TYPES = frozenset({"person", "organization"})


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` drawn at ``size`` canvas units (see _ASCII_WIDTHS)."""
    total = 0
    for ch in text:
        o = ord(ch)
        if 32 <= o <= 126:
            total += _ASCII_WIDTHS[o - 32]
        elif o >= 0x1100 and (
            0x1100 <= o <= 0x115F
            or 0x2E80 <= o <= 0xA4CF
            or 0xAC00 <= o <= 0xD7A3
            or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFF60
        ):
            total += _WIDE_WIDTH
        else:
            total += _OTHER_WIDTH
    return total * size / 100


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary when one is near, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space >= limit * 0.6:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


_THAT = re.compile(r"^(?:that|whether)\s+", re.I)


def gist(text: str) -> str:
    """What a claim box shows: the claim without a leading "that", cut to STYLE gistChars."""
    return cut(_THAT.sub("", " ".join(text.split())), STYLE["gistChars"])


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy word wrap, as vis-network does for a node with a maximum width."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def entity_box(label: str, size: float) -> Box:
    """A shape of radius ``size`` with its label underneath (vis-network draws it 5 units below
    the shape, 1.2 lines high)."""
    font = STYLE["font"]
    label_h = font * 1.25
    w = max(2 * size, text_width(label, font) + 4)
    h = 2 * size + 5 + label_h
    return Box(w=w, h=h, dy=(h / 2) - size)


def claim_box(label: str) -> Box:
    """A box with the gist inside, wrapped at STYLE claimWidth (margin 6 on every side)."""
    font = STYLE["claimFont"]
    lines = wrap(label, font, STYLE["claimWidth"])
    w = max(text_width(line, font) for line in lines) + 12
    h = len(lines) * font * 1.2 + 12
    return Box(w=w, h=h)


def speaker_size(claims: int) -> float:
    return min(26.0, 9.0 + 2.2 * math.sqrt(claims))


def topic_size(claims: int) -> float:
    return min(20.0, 7.0 + 1.6 * math.sqrt(claims))


@dataclass
class Plan:
    """A picture: nodes in order of importance and the edges between them.

    Node keys are ``e<entity index>`` and ``c<claim index>``; ``nodes`` rows are
    (key, role, weight) with role ``speaker``, ``topic`` or ``claim`` and weight the number of
    claims the node stands for. Edge rows are (from key, to key, kind, claim indices)."""

    mode: str  # "claims" (claims as nodes) or "speakers" (claims as edges)
    nodes: list[tuple[str, str, int]] = field(default_factory=list)
    edges: list[tuple[str, str, str, list[int]]] = field(default_factory=list)
    claims: int = 0  # claims in play


@dataclass(frozen=True)
class Corpus:
    """What the planner reads: per entity its type and name, per claim its speaker entity
    (-1: none), the entities it is about, whether it is the document's own narration; and the
    supports / contradicts pairs as (claim a, claim b, kind)."""

    entity_type: Sequence[str]
    entity_name: Sequence[str]
    claim_speaker: Sequence[int]
    claim_about: Sequence[Sequence[int]]
    claim_text: Sequence[str]
    claim_narrated: Sequence[bool]
    relations: Sequence[tuple[int, int, str]]


def in_play(corpus: Corpus) -> list[int]:
    """The claims the unfiltered picture is made of: everything but the documents' narration."""
    return [c for c in range(len(corpus.claim_speaker)) if not corpus.claim_narrated[c]]


def plan(corpus: Corpus, claims: Sequence[int], max_nodes: int) -> Plan:
    """The picture of ``claims`` (claim indices, in reading order)."""
    if len(claims) <= CLAIM_NODES:
        return _claims_as_nodes(corpus, claims, max_nodes)
    return _claims_as_edges(corpus, claims, max_nodes)


class Budget:
    """Nodes are taken in order of importance until ``max_nodes`` or the label area budget (which
    grows with ``max_nodes`` above STYLE maxNodes: asking for more nodes accepts smaller labels)."""

    def __init__(self, max_nodes: int) -> None:
        self.max_nodes = max_nodes
        self.limit = STYLE["areaBudget"] * max(1.0, max_nodes / STYLE["maxNodes"])
        self.area = 0.0
        self.keys: dict[str, int] = {}

    def take(self, key: str, box: Box) -> bool:
        if key in self.keys:
            return True
        a = box.w * box.h
        if len(self.keys) >= self.max_nodes or (self.keys and self.area + a > self.limit):
            return False
        self.keys[key] = len(self.keys)
        self.area += a
        return True


def _label(name: str) -> str:
    return cut(name, STYLE["labelChars"])


def _claims_as_nodes(corpus: Corpus, claims: Sequence[int], max_nodes: int) -> Plan:
    out = Plan(mode="claims", claims=len(claims))
    budget = Budget(max_nodes)
    spoken: Counter[int] = Counter()
    about: Counter[int] = Counter()
    for c in claims:
        if corpus.claim_speaker[c] >= 0:
            spoken[corpus.claim_speaker[c]] += 1
        for e in corpus.claim_about[c]:
            about[e] += 1
    roles: dict[str, tuple[str, int]] = {}
    for c in claims:
        key = f"c{c}"
        if not budget.take(key, claim_box(gist(corpus.claim_text[c]))):
            break
        roles[key] = ("claim", 1)
        s = corpus.claim_speaker[c]
        if s >= 0 and budget.take(
            f"e{s}", entity_box(_label(corpus.entity_name[s]), speaker_size(spoken[s]))
        ):
            roles.setdefault(f"e{s}", ("speaker", spoken[s]))
        for e in corpus.claim_about[c]:
            if e != s and budget.take(
                f"e{e}", entity_box(_label(corpus.entity_name[e]), topic_size(about[e]))
            ):
                roles.setdefault(f"e{e}", ("topic", about[e]))
    shown = set(budget.keys)
    out.nodes = [(k, *roles[k]) for k in sorted(budget.keys, key=budget.keys.__getitem__)]
    for c in claims:
        key = f"c{c}"
        if key not in shown:
            continue
        s = corpus.claim_speaker[c]
        if s >= 0 and f"e{s}" in shown:
            out.edges.append((f"e{s}", key, "says", [c]))
        for e in corpus.claim_about[c]:
            if e != s and f"e{e}" in shown:
                out.edges.append((key, f"e{e}", "about", [c]))
    for a, b, kind in corpus.relations:
        if f"c{a}" in shown and f"c{b}" in shown:
            out.edges.append((f"c{a}", f"c{b}", kind, [a, b]))
    return out


def _claims_as_edges(corpus: Corpus, claims: Sequence[int], max_nodes: int) -> Plan:
    out = Plan(mode="speakers", claims=len(claims))
    by_speaker: dict[int, list[int]] = defaultdict(list)
    for c in claims:
        s = corpus.claim_speaker[c]
        if s >= 0 and corpus.entity_type[s] in SPEAKER_TYPES:
            by_speaker[s].append(c)
    speakers = sorted(by_speaker, key=lambda s: (-len(by_speaker[s]), corpus.entity_name[s].casefold(), s))
    n_speakers = max(1, math.floor(min(max_nodes, STYLE["maxNodes"]) * STYLE["speakerShare"]))
    budget = Budget(max_nodes)
    roles: dict[str, tuple[str, int]] = {}
    chosen: list[int] = []
    share = budget.limit * STYLE["speakerShare"]
    for s in speakers[:n_speakers]:
        box = entity_box(_label(corpus.entity_name[s]), speaker_size(len(by_speaker[s])))
        if chosen and budget.area + box.w * box.h > share:
            break
        if not budget.take(f"e{s}", box):
            break
        roles[f"e{s}"] = ("speaker", len(by_speaker[s]))
        chosen.append(s)
    # what the chosen speakers talk about, most talked-about first
    pair: Counter[tuple[int, int]] = Counter()
    pair_claims: dict[tuple[int, int], list[int]] = defaultdict(list)
    topic: Counter[int] = Counter()
    for s in chosen:
        for c in by_speaker[s]:
            for e in corpus.claim_about[c]:
                if e != s:
                    pair[s, e] += 1
                    pair_claims[s, e].append(c)
                    topic[e] += 1
    for e in sorted(topic, key=lambda e: (-topic[e], corpus.entity_name[e].casefold(), e)):
        key = f"e{e}"
        if key in roles:
            continue
        if not budget.take(key, entity_box(_label(corpus.entity_name[e]), topic_size(topic[e]))):
            if len(budget.keys) >= budget.max_nodes:
                break
            continue  # a shorter label may still fit
        roles[key] = ("topic", topic[e])
    shown = set(roles)
    out.nodes = [(k, *roles[k]) for k in sorted(roles, key=budget.keys.__getitem__)]
    # the edges that carry the picture: each speaker's most frequent topics, each topic's
    # most frequent speakers
    visible = [(s, e) for (s, e) in pair if f"e{e}" in shown]
    keep: set[tuple[int, int]] = set()
    by_s: dict[int, list[tuple[int, int]]] = defaultdict(list)
    by_e: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s, e in visible:
        by_s[s].append((s, e))
        by_e[e].append((s, e))
    for rows in by_s.values():
        keep.update(sorted(rows, key=lambda p: (-pair[p], p[1]))[: STYLE["perSpeaker"]])
    for rows in by_e.values():
        keep.update(sorted(rows, key=lambda p: (-pair[p], p[0]))[: STYLE["perTopic"]])
    for s, e in sorted(keep):
        out.edges.append((f"e{s}", f"e{e}", "talks", pair_claims[s, e]))
    # who agrees and disagrees with whom
    in_claims = set(claims)
    between: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for a, b, kind in corpus.relations:
        if a not in in_claims or b not in in_claims:
            continue
        sa, sb = corpus.claim_speaker[a], corpus.claim_speaker[b]
        if sa < 0 or sb < 0 or sa == sb or f"e{sa}" not in shown or f"e{sb}" not in shown:
            continue
        lo, hi = min(sa, sb), max(sa, sb)
        between[lo, hi, kind].extend((a, b))
    for (lo, hi, kind), cs in sorted(between.items()):
        out.edges.append((f"e{lo}", f"e{hi}", kind, cs))
    return out


def boxes_for(corpus: Corpus, p: Plan) -> list[Box]:
    """Each planned node's label box, in plan order."""
    out = []
    for key, role, weight in p.nodes:
        i = int(key[1:])
        if role == "claim":
            out.append(claim_box(gist(corpus.claim_text[i])))
        else:
            size = speaker_size(weight) if role == "speaker" else topic_size(weight)
            out.append(entity_box(_label(corpus.entity_name[i]), size))
    return out


def layout_edges(p: Plan) -> list[tuple[int, int, float]]:
    """Plan edges as weighted index pairs for the layout: heavier edges pull harder."""
    where = {key: i for i, (key, _, _) in enumerate(p.nodes)}
    out = []
    for a, b, kind, cs in p.edges:
        if a in where and b in where:
            # related claims sit together; a claim stays near its speaker more than near its topics
            w = {"talks": 1.0 + math.log(len(cs)), "says": 1.5, "about": 0.7}.get(kind, 2.0)
            out.append((where[a], where[b], w))
    return out


def most_mentioned(names: Sequence[str], mentions: Sequence[int], max_nodes: int) -> Plan:
    """Without claims: the most mentioned entities."""
    order = sorted(range(len(names)), key=lambda i: (-mentions[i], names[i].casefold(), i))
    budget = Budget(max_nodes)
    out = Plan(mode="entities")
    for i in order:
        if not budget.take(f"e{i}", entity_box(_label(names[i]), topic_size(mentions[i]))):
            break
        out.nodes.append((f"e{i}", "topic", mentions[i]))
    return out


def unique(values: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(values))
