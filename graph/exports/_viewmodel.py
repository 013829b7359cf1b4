"""Turn an RDF knowledge graph into the plain, sorted data the HTML view draws.

Kept apart from ``html.py`` so the page logic (what is a node, which nodes are shown
first, where they sit) can be tested without any HTML, and so that the page code never
touches rdflib. Everything here is deterministic: the same graph gives the same view model
(nodes sorted by IRI, fixed layout seed, integer coordinates).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rdflib is already loaded by whoever calls us; keep import light anyway
    import rdflib

KG = "https://example.org/kg/ns#"
SDO = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

# rdf:type -> view type, in priority order (first match wins).
TYPE_PRIORITY: tuple[tuple[str, str], ...] = (
    (KG + "Claim", "claim"),
    (SDO + "Claim", "claim"),
    (SDO + "NewsArticle", "document"),
    (SDO + "Person", "person"),
    (SDO + "Organization", "organization"),
    (KG + "Group", "group"),
    (SDO + "Place", "place"),
    (SDO + "Event", "event"),
    (SDO + "CreativeWork", "work"),
    (SDO + "Thing", "other"),
)

# How each node type looks; the legend is built from this table.
NODE_STYLE: dict[str, dict[str, str]] = {
    "person": {"label": "Person", "color": "#4e79a7", "shape": "dot", "symbol": "●"},
    "organization": {"label": "Organization", "color": "#f28e2b", "shape": "square", "symbol": "■"},
    "group": {"label": "Group", "color": "#76b7b2", "shape": "hexagon", "symbol": "⬢"},
    "place": {"label": "Place", "color": "#59a14f", "shape": "triangle", "symbol": "▲"},
    "event": {"label": "Event", "color": "#edc948", "shape": "star", "symbol": "★"},
    "work": {"label": "Creative work", "color": "#b07aa1", "shape": "triangleDown", "symbol": "▼"},
    "other": {"label": "Other", "color": "#9d9d9d", "shape": "dot", "symbol": "●"},
    "claim": {"label": "Claim", "color": "#e377c2", "shape": "diamond", "symbol": "◆"},
    "document": {"label": "Document", "color": "#bab0ac", "shape": "box", "symbol": "▭"},
}
NODE_ORDER = tuple(NODE_STYLE)

EDGE_STYLE: dict[str, dict[str, Any]] = {
    "claims": {"label": "says (speaker → claim)", "color": "#8c8c8c", "dashes": False, "width": 1},
    "about": {"label": "about (claim → entity)", "color": "#b8b8b8", "dashes": False, "width": 1},
    "source": {"label": "in document", "color": "#d0d0d0", "dashes": True, "width": 1},
    "role": {"label": "role (person → organization)", "color": "#f28e2b", "dashes": False, "width": 2},
    "affiliation": {"label": "affiliation", "color": "#76b7b2", "dashes": False, "width": 2},
    "contradicts": {"label": "contradicts", "color": "#d62728", "dashes": True, "width": 4},
    "supports": {"label": "supports", "color": "#2ca02c", "dashes": False, "width": 4},
}
EDGE_ORDER = tuple(EDGE_STYLE)
SYMMETRIC = frozenset({"contradicts", "supports"})

# Predicates read from the graph; everything else (evidence, selectors, ...) is skipped.
_P = {
    "type": RDF_TYPE,
    "label": RDFS_LABEL,
    "name": SDO + "name",
    "alt": SDO + "alternateName",
    "headline": SDO + "headline",
    "published": SDO + "datePublished",
    "url": SDO + "url",
    "publisher": SDO + "publisher",
    "mentionCount": KG + "mentionCount",
    "placeType": KG + "placeType",
    "affiliation": KG + "affiliation",
    "holdsRole": KG + "holdsRole",
    "roleHolder": KG + "roleHolder",
    "title": KG + "title",
    "roleIn": KG + "roleIn",
    "claims": KG + "claims",
    "claimant": KG + "claimant",
    "text": SDO + "text",
    "cue": KG + "cue",
    "mode": KG + "mode",
    "sourceText": KG + "sourceText",
    "polarity": KG + "polarity",
    "certainty": KG + "certainty",
    "dateText": KG + "dateText",
    "date": KG + "date",
    "occasion": KG + "occasion",
    "about": SDO + "about",
    "derived": PROV_DERIVED,
    "inDocument": KG + "inDocument",
    "contradicts": KG + "contradicts",
    "supports": KG + "supports",
}

LAYOUT_SEED = 7
# Above this many nodes the force layout is run on the most connected ones only and the
# rest are placed next to a laid-out neighbour: keeps render() well under a second or two.
LAYOUT_CAP = 1500
SHORT_LABEL = 48
_QUOTES = "\"'“”‘’«»„"


@dataclass(frozen=True)
class ViewModel:
    """What the page shows: plain, JSON-ready, sorted data (no rdflib objects)."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: dict[str, list[dict[str, Any]]]
    filters: dict[str, list[dict[str, Any]]]
    notice: str
    total_nodes: int
    shown_nodes: int
    max_nodes: int = field(default=400)

    def as_dict(self) -> dict[str, Any]:
        """The payload embedded in the page."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "legend": self.legend,
            "filters": self.filters,
            "notice": self.notice,
            "total": self.total_nodes,
            "shown": self.shown_nodes,
            "maxNodes": self.max_nodes,
        }


# --------------------------------------------------------------------------- reading


def clean_text(value: object) -> str:
    """Text that is safe to encode: lone surrogates and control characters replaced."""
    s = str(value)
    if s.isprintable():
        return s
    out = []
    for ch in s:
        o = ord(ch)
        if 0xD800 <= o <= 0xDFFF:
            out.append("\ufffd")
        elif ch in "\n\t":
            out.append(ch)
        elif o < 0x20 or o == 0x7F:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _unwrap(graph: Any) -> rdflib.Graph:
    """Accept an rdflib graph, or an object wrapping one (e.g. KnowledgeGraph)."""
    import rdflib

    if isinstance(graph, rdflib.Graph):
        return graph
    for attr in ("dataset", "graph", "_dataset", "_graph"):
        inner = getattr(graph, attr, None)
        if isinstance(inner, rdflib.Graph):
            return inner
    raise TypeError(f"expected an rdflib Graph or Dataset, got {type(graph).__name__}")


def _triples(graph: rdflib.Graph, predicate: str) -> Iterator[tuple[Any, Any]]:
    """(subject, object) pairs for one predicate over the union of all named graphs."""
    import rdflib

    p = rdflib.URIRef(predicate)
    if isinstance(graph, rdflib.ConjunctiveGraph):
        for s, _, o, _ in graph.quads((None, p, None, None)):
            yield s, o
    else:
        for s, _, o in graph.triples((None, p, None)):
            yield s, o


class _Index:
    """Subject -> key -> sorted objects, for the predicates the view needs.

    IRIs are stored as plain ``str`` and literals as rdflib ``Literal`` (a str subclass),
    so ``type(v) is str`` tells them apart."""

    def __init__(self, graph: rdflib.Graph) -> None:
        import rdflib

        self.data: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for key, pred in _P.items():
            seen: set[tuple[str, Any]] = set()
            for s, o in _triples(graph, pred):
                if not isinstance(s, rdflib.URIRef):
                    continue
                value: Any = str(o) if isinstance(o, rdflib.URIRef) else o
                if isinstance(o, rdflib.BNode):
                    continue
                if (str(s), value) in seen:
                    continue
                seen.add((str(s), value))
                self.data[str(s)][key].append(value)
        for props in self.data.values():
            for values in props.values():
                values.sort(key=lambda v: (type(v) is str, str(v)))

    def get(self, s: str, key: str) -> list[Any]:
        props = self.data.get(s)
        if props is None:
            return []
        return props.get(key, [])

    def first(self, s: str, key: str) -> Any | None:
        values = self.get(s, key)
        return values[0] if values else None

    def iris(self, s: str, key: str) -> list[str]:
        return [v for v in self.get(s, key) if type(v) is str]

    def literals(self, s: str, key: str) -> list[str]:
        return [clean_text(v) for v in self.get(s, key) if type(v) is not str]

    def literal(self, s: str, key: str) -> str | None:
        values = self.literals(s, key)
        return values[0] if values else None


def _local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            tail = iri.rstrip(sep).rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def _short(text: str, limit: int = SHORT_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- building


def build_view_model(graph: Any, *, max_nodes: int = 400) -> ViewModel:
    """Read the graph once, decide nodes/edges/selection/layout; see ``html.view_model``."""
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    g = _unwrap(graph)
    ix = _Index(g)

    # ---- node types
    kinds: dict[str, str] = {}
    for s, props in ix.data.items():
        types = {t for t in props.get("type", []) if type(t) is str}
        for iri, kind in TYPE_PRIORITY:
            if iri in types:
                kinds[s] = kind
                break
    # occasions are schema:Event instances private to one claim: shown in the claim, not as nodes
    occasions = {o for s in kinds if kinds[s] == "claim" for o in ix.iris(s, "occasion")}
    for o in occasions:
        if kinds.get(o) == "event" and not ix.get(o, "mentionCount") and not ix.get(o, "alt"):
            del kinds[o]

    # ---- edges (IRI level)
    raw_edges: set[tuple[str, str, str, str]] = set()

    def edge(a: str, b: str, kind: str, label: str = "") -> None:
        if a == b:
            return
        if kind in SYMMETRIC and b < a:
            a, b = b, a
        raw_edges.add((a, b, kind, label))

    claims = sorted(s for s, k in kinds.items() if k == "claim")
    speakers: dict[str, list[str]] = {}
    documents_of: dict[str, list[str]] = {}
    for c in claims:
        spk = set(ix.iris(c, "claimant"))
        speakers[c] = sorted(spk)
        docs = set(ix.iris(c, "inDocument")) | set(ix.iris(c, "derived"))
        documents_of[c] = sorted(docs)
        for d in docs:
            edge(c, d, "source", "")
        for e in ix.iris(c, "about"):
            edge(c, e, "about", "")
        for kind in ("contradicts", "supports"):
            for other in ix.iris(c, kind):
                edge(c, other, kind, kind)
    for s in list(ix.data):
        for c in ix.iris(s, "claims"):
            if kinds.get(c) == "claim":
                edge(s, c, "claims", "")
                if s not in speakers.get(c, []):
                    speakers[c] = sorted({*speakers.get(c, []), s})
    for c in claims:
        for s in speakers[c]:
            edge(s, c, "claims", "")
    roles_of: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    holders_of: dict[str, set[str]] = defaultdict(set)
    for s in ix.data:
        for r in ix.iris(s, "holdsRole"):
            holders_of[r].add(s)
        for h in ix.iris(s, "roleHolder"):
            holders_of[s].add(h)
    for r in sorted(holders_of):
        holders = holders_of[r]
        title = ix.literal(r, "title") or "role"
        orgs = ix.iris(r, "roleIn")
        for h in sorted(holders):
            if not orgs:
                roles_of[h].append((title, None))
            for org in orgs:
                roles_of[h].append((title, org))
                edge(h, org, "role", title)
    for s in list(ix.data):
        if s in kinds and kinds[s] not in ("claim", "document"):
            for target in ix.iris(s, "affiliation"):
                edge(s, target, "affiliation", "")

    # any IRI an edge points to becomes a node, typed "other" if the graph does not say
    for a, b, _, _ in raw_edges:
        for n in (a, b):
            kinds.setdefault(n, "other")

    # ---- labels
    def label_of(n: str) -> str:
        if kinds.get(n) == "claim":
            text = ix.literal(n, "text")
            if text:
                return text
        for key in ("label", "name", "headline"):
            value = ix.literal(n, key)
            if value:
                return value
        return clean_text(_local_name(n))

    iris = sorted(kinds)
    index = {iri: i for i, iri in enumerate(iris)}
    labels = {iri: label_of(iri) for iri in iris}

    edges = sorted(
        (index[a], index[b], kind, label) for a, b, kind, label in raw_edges if a in index and b in index
    )
    degree = [0] * len(iris)
    neighbours: list[set[int]] = [set() for _ in iris]
    for a, b, _, _ in edges:
        degree[a] += 1
        degree[b] += 1
        neighbours[a].add(b)
        neighbours[b].add(a)

    # ---- per-node content
    nodes: list[dict[str, Any]] = []
    for i, iri in enumerate(iris):
        kind = kinds[iri]
        label = labels[iri]
        details: list[list[str]] = []
        node: dict[str, Any] = {
            "id": i,
            "iri": clean_text(iri),
            "type": kind,
            "label": label,
            "short": _short(f"“{label}”" if kind == "claim" and label[:1] not in _QUOTES else label),
            "degree": degree[i],
        }
        if kind == "claim":
            spk_labels = [labels[s] for s in speakers.get(iri, []) if s in labels]
            source_text = ix.literal(iri, "sourceText")
            if spk_labels:
                speaker = "; ".join(spk_labels)
            elif source_text:
                speaker = f"{source_text} (unresolved)"
            else:
                speaker = "(no stated source)"
            date_iso = ix.literal(iri, "date")
            date_text = ix.literal(iri, "dateText")
            date = " ".join(
                x for x in (date_iso, f"({date_text})" if date_iso and date_text else date_text) if x
            )
            occasion = "; ".join(
                labels.get(o) or ix.literal(o, "label") or ix.literal(o, "name") or _local_name(o)
                for o in ix.iris(iri, "occasion")
            )
            docs = [labels.get(d, _local_name(d)) for d in documents_of.get(iri, [])]
            about = [labels[e] for e in ix.iris(iri, "about") if e in labels]
            details = [
                ["speaker", speaker],
                ["cue", ", ".join(ix.literals(iri, "cue"))],
                ["mode", ", ".join(_local_name(m).lower() for m in ix.get(iri, "mode"))],
                ["date", date],
                ["occasion", occasion],
                ["polarity", ", ".join(_local_name(m).lower() for m in ix.get(iri, "polarity"))],
                ["certainty", ", ".join(_local_name(m).lower() for m in ix.get(iri, "certainty"))],
                ["about", "; ".join(about)],
                ["document", "; ".join(docs)],
            ]
            node["speaker"] = [index[s] for s in speakers.get(iri, []) if s in index]
            node["docs"] = [index[d] for d in documents_of.get(iri, []) if d in index]
            node["size"] = 9
        elif kind == "document":
            details = [
                ["headline", ix.literal(iri, "headline") or ""],
                ["published", ix.literal(iri, "published") or ""],
                ["publisher", "; ".join(labels.get(p, _local_name(p)) for p in ix.iris(iri, "publisher"))],
                ["url", ", ".join(ix.literals(iri, "url") + [clean_text(u) for u in ix.iris(iri, "url")])],
            ]
            node["size"] = 14
        else:
            count = max((_int(v) or 0 for v in ix.literals(iri, "mentionCount")), default=0)
            node["mentions"] = count
            node["size"] = min(60, 10 + round(4 * math.sqrt(count))) if count else 10
            roles = [f"{t} of {labels.get(o, _local_name(o))}" if o else t for t, o in roles_of.get(iri, [])]
            details = [
                ["also known as", "; ".join(ix.literals(iri, "alt"))],
                ["mentions", str(count) if count else ""],
                ["place type", ", ".join(ix.literals(iri, "placeType"))],
                ["roles", "; ".join(sorted(set(roles)))],
                [
                    "affiliation",
                    "; ".join(labels.get(a, _local_name(a)) for a in ix.iris(iri, "affiliation")),
                ],
            ]
        # label and IRI are not repeated here: the page adds them to the panel and tooltip
        node["details"] = [[k, v] for k, v in details if v]
        nodes.append(node)

    # ---- selection above max_nodes
    shown = _select(nodes, edges, neighbours, max_nodes)
    for node in nodes:
        node["hidden"] = node["id"] not in shown
    total = len(nodes)
    notice = "" if len(shown) == total else f"showing {len(shown)} of {total} nodes"

    # ---- layout
    # documents touch every claim they hold; pulling them in would crush the picture into a ball
    layout_neighbours: list[set[int]] = [set() for _ in iris]
    for a, b, kind, _ in edges:
        if kind != "source":
            layout_neighbours[a].add(b)
            layout_neighbours[b].add(a)
    positions = _layout(len(nodes), layout_neighbours, degree, shown)
    for node in nodes:
        node["x"], node["y"] = positions[node["id"]]

    edge_dicts = [
        {"id": k, "from": a, "to": b, "kind": kind, "label": label}
        for k, (a, b, kind, label) in enumerate(edges)
    ]

    # ---- legend and filters
    type_counts = defaultdict(int)
    for node in nodes:
        type_counts[node["type"]] += 1
    edge_counts = defaultdict(int)
    for e in edges:
        edge_counts[e[2]] += 1
    legend = {
        "nodes": [
            {"type": t, "count": type_counts[t], **NODE_STYLE[t]} for t in NODE_ORDER if type_counts.get(t)
        ],
        "edges": [{"kind": k, **EDGE_STYLE[k], "count": edge_counts.get(k, 0)} for k in EDGE_ORDER],
    }
    speaker_ids = sorted({s for n in nodes if n["type"] == "claim" for s in n["speaker"]})
    doc_ids = sorted(i for i, iri in enumerate(iris) if kinds[iri] == "document")
    filters = {
        "types": [{"value": t, "label": NODE_STYLE[t]["label"]} for t in NODE_ORDER if type_counts.get(t)],
        "speakers": sorted(
            ({"value": i, "label": nodes[i]["label"]} for i in speaker_ids),
            key=lambda d: (d["label"].casefold(), d["value"]),
        ),
        "documents": sorted(
            ({"value": i, "label": nodes[i]["label"]} for i in doc_ids),
            key=lambda d: (d["label"].casefold(), d["value"]),
        ),
    }
    return ViewModel(
        nodes=nodes,
        edges=edge_dicts,
        legend=legend,
        filters=filters,
        notice=notice,
        total_nodes=total,
        shown_nodes=len(shown),
        max_nodes=max_nodes,
    )


def _select(
    nodes: list[dict[str, Any]], edges: list[tuple[int, int, str, str]], neighbours: list[set[int]], cap: int
) -> set[int]:
    """The nodes shown first: all of them, or the most connected claims with their speaker,
    document and (as room allows) the entities they are about, then the most connected
    entities. A claim is never shown without its speaker and document."""
    n = len(nodes)
    if n <= cap:
        return set(range(n))
    degree = [node["degree"] for node in nodes]
    linked: dict[int, int] = defaultdict(int)  # contradicts/supports per claim
    for a, b, kind, _ in edges:
        if kind in SYMMETRIC:
            linked[a] += 1
            linked[b] += 1
    claims = [node for node in nodes if node["type"] == "claim"]

    def claim_score(node: dict[str, Any]) -> tuple[int, int]:
        i = node["id"]
        return (-(10 * linked[i] + sum(degree[j] for j in neighbours[i])), i)

    shown: set[int] = set()
    for node in sorted(claims, key=claim_score):
        i = node["id"]
        core = {i, *node["speaker"], *node["docs"]}
        if len(shown | core) > cap:
            continue
        shown |= core
        about = sorted(
            (j for j in neighbours[i] if nodes[j]["type"] not in ("claim", "document")),
            key=lambda j: (-degree[j], j),
        )
        for j in about:
            if len(shown) < cap:
                shown.add(j)
        if len(shown) >= cap:
            break
    if len(shown) < cap:
        rest = sorted(
            (node["id"] for node in nodes if node["type"] != "claim" and node["id"] not in shown),
            key=lambda j: (-degree[j], -nodes[j].get("mentions", 0), j),
        )
        shown.update(rest[: cap - len(shown)])
    return shown


# --------------------------------------------------------------------------- layout


def _layout(
    n: int,
    neighbours: list[set[int]],
    degree: list[int],
    shown: set[int],
) -> list[tuple[int, int]]:
    """Integer x/y for every node: each connected component of the shown nodes (at most
    LAYOUT_CAP of them, most connected first) gets a seeded force layout of its own, sized by
    its node count, and the components are packed in rows, largest first (one force layout of
    everything pushes isolated nodes to the rim and squeezes the rest into the middle); every
    other node is put next to an already-placed neighbour, or on a grid below the picture."""
    if n == 0:
        return []
    core = set(sorted(shown, key=lambda i: (-degree[i], i))[:LAYOUT_CAP])
    pos: dict[int, tuple[float, float]] = {}
    components = _components(sorted(core), neighbours, core)
    boxes = []
    for comp in components:
        comp_set = set(comp)
        comp_edges = [(a, b) for a in comp for b in sorted(neighbours[a]) if a < b and b in comp_set]
        raw = _force_layout(comp, comp_edges)
        radius = 0.0 if len(comp) == 1 else 40.0 + 90.0 * math.sqrt(len(comp))
        boxes.append((comp, raw, radius))
    margin = 140.0
    area = sum((2 * r + margin) ** 2 for _, _, r in boxes)
    row_width = max([2 * r + margin for _, _, r in boxes] + [1.3 * math.sqrt(area)])
    x = y = row_height = 0.0
    for comp, raw, radius in boxes:
        size = 2 * radius + margin
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + size / 2, y + size / 2
        for i in comp:
            px, py = raw[i]
            pos[i] = (cx + px * radius, cy + py * radius)
        x += size
        row_height = max(row_height, size)

    # place the rest breadth-first around placed neighbours (shown ones first)
    golden = math.pi * (3.0 - math.sqrt(5.0))
    children: dict[int, int] = defaultdict(int)

    def place_around(parent: int, child: int) -> None:
        k = children[parent]
        children[parent] += 1
        r = 70.0 + 18.0 * math.sqrt(k)
        px, py = pos[parent]
        angle = golden * k + (parent % 17) * 0.37
        pos[child] = (px + r * math.cos(angle), py + r * math.sin(angle))

    def spread(frontier: list[int], allowed: set[int] | None) -> None:
        queue = list(frontier)
        head = 0
        while head < len(queue):
            p = queue[head]
            head += 1
            for q in sorted(neighbours[p]):
                if q in pos or (allowed is not None and q not in allowed):
                    continue
                place_around(p, q)
                queue.append(q)

    spread(sorted(pos, key=lambda i: (-degree[i], i)), set(shown))
    spread(sorted(pos, key=lambda i: (-degree[i], i)), None)
    # unreachable from the picture: one grid cell per remaining component, below it
    if len(pos) < n:
        xs = [x for x, _ in pos.values()] or [0.0]
        ys = [y for _, y in pos.values()] or [0.0]
        left, bottom = min(xs), max(ys) + 250.0
        width = max(max(xs) - left, 1500.0)
        cell = 220.0
        per_row = max(1, int(width // cell))
        k = 0
        for i in sorted(range(n), key=lambda j: (j not in shown, -degree[j], j)):
            if i in pos:
                continue
            pos[i] = (left + (k % per_row) * cell, bottom + (k // per_row) * cell)
            k += 1
            spread([i], None)
    return [(round(pos[i][0]), round(pos[i][1])) for i in range(n)]


def _components(nodes: list[int], neighbours: list[set[int]], allowed: set[int]) -> list[list[int]]:
    """Connected components within ``allowed``, largest first, each sorted."""
    seen: set[int] = set()
    out: list[list[int]] = []
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        stack, comp = [start], []
        while stack:
            v = stack.pop()
            comp.append(v)
            for w in neighbours[v]:
                if w in allowed and w not in seen:
                    seen.add(w)
                    stack.append(w)
        out.append(sorted(comp))
    out.sort(key=lambda c: (-len(c), c[0]))
    return out


def _force_layout(nodes: list[int], edges: list[tuple[int, int]]) -> dict[int, tuple[float, float]]:
    """Seeded Fruchterman-Reingold in [-1, 1]^2. networkx's spring_layout is used where it
    runs without scipy (< 500 nodes; scipy is not a dependency); above that a small numpy
    version of the same algorithm, row-chunked so memory stays O(n)."""
    import networkx as nx

    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    iterations = 100 if len(nodes) <= 200 else 60
    try:
        if len(nodes) >= 500:
            import scipy  # noqa: F401  (networkx needs it for large graphs)
        raw = nx.spring_layout(g, seed=LAYOUT_SEED, iterations=iterations, method="force")
        return {i: (float(raw[i][0]), float(raw[i][1])) for i in nodes}
    except ImportError:
        return _numpy_fr(nodes, edges, iterations=min(iterations, 50))


def _numpy_fr(
    nodes: list[int], edges: list[tuple[int, int]], *, iterations: int
) -> dict[int, tuple[float, float]]:
    import numpy as np

    n = len(nodes)
    where = {v: i for i, v in enumerate(nodes)}
    rng = np.random.RandomState(LAYOUT_SEED)
    pos = rng.rand(n, 2)
    k = math.sqrt(1.0 / n)
    src = np.array([where[a] for a, _ in edges] + [where[b] for _, b in edges], dtype=np.int64)
    dst = np.array([where[b] for _, b in edges] + [where[a] for a, _ in edges], dtype=np.int64)
    t = max(float(pos.max() - pos.min()), 1e-9) * 0.1
    dt = t / (iterations + 1)
    chunk = 256
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        for start in range(0, n, chunk):
            block = pos[start : start + chunk]
            delta = block[:, None, :] - pos[None, :, :]
            dist = np.sqrt((delta**2).sum(axis=2))
            np.clip(dist, 0.01, None, out=dist)
            disp[start : start + chunk] = np.einsum("ijk,ij->ik", delta, k * k / dist**2)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.clip(np.sqrt((delta**2).sum(axis=1)), 0.01, None)
            np.add.at(disp, src, -delta * (dist / k)[:, None])
        length = np.clip(np.sqrt((disp**2).sum(axis=1)), 0.01, None)
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    lim = float(np.abs(pos).max()) or 1.0
    pos /= lim
    return {v: (float(pos[i][0]), float(pos[i][1])) for i, v in enumerate(nodes)}
