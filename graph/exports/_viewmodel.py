"""Turn an RDF knowledge graph into the plain, sorted data the HTML view draws.

Kept apart from ``html.py`` so the page logic (who is a speaker, what the first picture shows,
where it sits) can be tested without any HTML, and so that the page code never touches rdflib.

The payload is a compact index of the whole graph rather than its triples: one row per entity,
document and claim (columns of plain values, claims pointing at entities and documents by
number), the supports / contradicts pairs, and the first picture with its layout. The page
filters, searches and redraws from that index alone. Everything is deterministic: the same
graph gives the same view model.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.exports import _viewplan as vp
from graph.exports._layout import layout

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
    "claim": {"label": "Claim", "color": "#fbe3f1", "shape": "box", "symbol": "▭"},
}
NODE_ORDER = tuple(NODE_STYLE)
ENTITY_TYPES = tuple(t for t in NODE_ORDER if t != "claim")

EDGE_STYLE: dict[str, dict[str, Any]] = {
    "talks": {"label": "speaks about (width: claims)", "color": "#9fb3c8", "dashes": False, "width": 1},
    "says": {"label": "says (speaker → claim)", "color": "#8c8c8c", "dashes": False, "width": 1},
    "about": {"label": "about (claim – entity)", "color": "#cfcfcf", "dashes": False, "width": 1},
    "contradicts": {"label": "contradicts", "color": "#d62728", "dashes": True, "width": 3},
    "supports": {"label": "supports", "color": "#2ca02c", "dashes": False, "width": 3},
}
EDGE_ORDER = tuple(EDGE_STYLE)
RELATION_KINDS = ("contradicts", "supports")
MODES = ("", "direct", "indirect", "mixed")
POLARITIES = ("", "affirmed", "negated")
CERTAINTIES = ("", "certain", "probable", "possible", "uncertain")

# Predicates read from the graph; everything else (evidence, selectors, tallies, ...) is skipped.
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
    "narrated": KG + "narrated",
    "text": SDO + "text",
    "cue": KG + "cue",
    "mode": KG + "mode",
    "sourceText": KG + "sourceText",
    "polarity": KG + "polarity",
    "certainty": KG + "certainty",
    "dateText": KG + "dateText",
    "date": KG + "date",
    "dateStart": KG + "dateStart",
    "dateEnd": KG + "dateEnd",
    "occasion": KG + "occasion",
    "about": SDO + "about",
    "derived": PROV_DERIVED,
    "inDocument": KG + "inDocument",
    "claimOrder": KG + "claimOrder",
    "documentOrder": KG + "documentOrder",
    "contradicts": KG + "contradicts",
    "supports": KG + "supports",
    "relates": KG + "relates",
    "relationKind": KG + "relationKind",
    "reason": KG + "reason",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ALIAS_DOMINANCE = 4  # see _merge_entities
# The most nodes a picture may have. Labels stop being legible long before; it also keeps each
# connected component the layout sees under 500 nodes, where networkx's spring_layout runs on
# numpy alone (above, it needs scipy and takes seconds: 1,000 nodes ~10 s here).
MAX_DRAWN = 400


@dataclass(frozen=True)
class ViewModel:
    """What the page shows: plain, JSON-ready, sorted data (no rdflib objects).

    ``nodes`` / ``edges`` are the first picture (with x/y); ``index`` the whole graph as the
    page's filters and search read it; ``relations`` every supports / contradicts pair."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    index: dict[str, Any]
    relations: list[list[Any]]
    legend: dict[str, list[dict[str, Any]]]
    filters: dict[str, Any]
    notice: str
    total_nodes: int
    shown_nodes: int
    max_nodes: int = 150
    mode: str = "speakers"

    def as_dict(self) -> dict[str, Any]:
        """The payload embedded in the page."""
        return {
            "view": {"nodes": self.nodes, "edges": self.edges, "mode": self.mode},
            "index": self.index,
            "relations": self.relations,
            "legend": self.legend,
            "filters": self.filters,
            "style": vp.STYLE,
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


class _Lit(str):
    """A literal's lexical form; plain ``str`` values are IRIs."""

    __slots__ = ()


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


def _pairs(graph: rdflib.Graph, predicate: str, obj: str | None = None) -> Iterator[tuple[str, Any]]:
    """(subject IRI, object) for one predicate (and object, if given) over the union of all
    named graphs; objects are ``str`` for IRIs and :class:`_Lit` for literals (blank nodes are
    skipped)."""
    import rdflib

    ox = _ox_store(graph)
    if ox is not None:  # straight from Oxigraph: rdflib's term conversion costs ~4x (PERF.md 6)
        import pyoxigraph

        o_term = pyoxigraph.NamedNode(obj) if obj is not None else None
        for q in ox.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), o_term, None):
            s, o = q.subject, q.object
            if isinstance(s, pyoxigraph.NamedNode):
                if isinstance(o, pyoxigraph.NamedNode):
                    yield s.value, o.value
                elif isinstance(o, pyoxigraph.Literal):
                    yield s.value, _Lit(o.value)
        return
    p = rdflib.URIRef(predicate)
    o_ref = rdflib.URIRef(obj) if obj is not None else None
    if isinstance(graph, rdflib.ConjunctiveGraph):
        triples: Iterator[Any] = ((s, o) for s, _, o, _ in graph.quads((None, p, o_ref, None)))
    else:
        triples = ((s, o) for s, _, o in graph.triples((None, p, o_ref)))
    for s, o in triples:
        if isinstance(s, rdflib.URIRef):
            if isinstance(o, rdflib.URIRef):
                yield str(s), str(o)
            elif isinstance(o, rdflib.Literal):
                yield str(s), _Lit(str(o))


def _ox_store(graph: Any) -> Any:
    """The pyoxigraph Store under an Oxigraph-backed Dataset (whose union is what we read)."""
    import rdflib

    if not isinstance(graph, rdflib.ConjunctiveGraph):
        return None
    from graph.store import pyoxigraph_store

    return pyoxigraph_store(graph)


class _Index:
    """Key -> subject -> sorted distinct objects, for the predicates the view needs (rdf:type
    only for the classes the view knows: evidence and selectors are most of a graph's types)."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.data: dict[str, dict[str, list[Any]]] = {}
        for key, pred in _P.items():
            bucket: dict[str, list[Any]] = {}
            objects = [cls for cls, _ in TYPE_PRIORITY] if key == "type" else [None]
            for obj in objects:
                for s, o in _pairs(graph, pred, obj):
                    values = bucket.get(s)
                    if values is None:
                        bucket[s] = [o]
                    elif o not in values:
                        values.append(o)
            for values in bucket.values():
                if len(values) > 1:
                    values.sort(key=lambda v: (type(v) is str, v))
            self.data[key] = bucket

    def subjects(self, key: str) -> dict[str, list[Any]]:
        return self.data[key]

    def get(self, s: str, key: str) -> list[Any]:
        return self.data[key].get(s, [])

    def iris(self, s: str, key: str) -> list[str]:
        return [v for v in self.get(s, key) if type(v) is str]

    def literals(self, s: str, key: str) -> list[str]:
        return [clean_text(v) for v in self.get(s, key) if type(v) is not str]

    def literal(self, s: str, key: str) -> str | None:
        for v in self.get(s, key):
            if type(v) is not str:
                return clean_text(v)
        return None

    def integer(self, s: str, key: str) -> int | None:
        """The largest integer value (a mention total may be there twice after a killed build)."""
        found = []
        for v in self.literals(s, key):
            try:
                found.append(int(v))
            except ValueError:
                continue
        return max(found) if found else None


def _local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            tail = iri.rstrip(sep).rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


_ARTICLE = re.compile(r"^(?:the|an|a)\s+")
_NON_WORD = re.compile(r"[\W_]+")


def fold(name: str) -> str:
    """A name as the speaker menu compares it: case, accents, punctuation and a leading article
    do not count ("The Associated Press" and "associated press" are one entry)."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text).strip()
    return _ARTICLE.sub("", text)


# --------------------------------------------------------------------------- building


@dataclass
class _Entity:
    iris: list[str]
    type: str
    name: str
    mentions: int
    aliases: list[str]


def build_view_model(graph: Any, *, max_nodes: int = 150) -> ViewModel:
    """Read the graph once, index it, plan and lay out the first picture; see ``html.view_model``."""
    if not 1 <= max_nodes <= MAX_DRAWN:
        raise ValueError(
            f"max_nodes must be between 1 and {MAX_DRAWN}: a bigger picture cannot be read; "
            "the page's filters and search reach every node"
        )
    g = _unwrap(graph)
    ix = _Index(g)

    kinds: dict[str, str] = {}
    for s, values in ix.subjects("type").items():
        types = set(values)
        for iri, kind in TYPE_PRIORITY:
            if iri in types:
                kinds[s] = kind
                break
    claim_iris = [s for s, k in kinds.items() if k == "claim"]
    # occasions are schema:Event instances private to one claim: shown in the claim, not as entities
    occasions = {o for c in claim_iris for o in ix.iris(c, "occasion")}
    for o in occasions:
        if kinds.get(o) == "event" and not ix.get(o, "mentionCount") and not ix.get(o, "alt"):
            del kinds[o]
    # a claim's speaker, documents and topics are nodes even when the graph does not type them
    for c in claim_iris:
        for key in ("claimant", "about"):
            for e in ix.iris(c, key):
                kinds.setdefault(e, "other")
        for d in ix.iris(c, "inDocument") + ix.iris(c, "derived"):
            kinds.setdefault(d, "document")
    for s, said in ix.subjects("claims").items():
        if any(kinds.get(c) == "claim" for c in said):
            kinds.setdefault(s, "other")

    def label_of(n: str) -> str:
        for key in ("label", "name", "headline"):
            value = ix.literal(n, key)
            if value and value.strip():
                return " ".join(value.split())
        return clean_text(_local_name(n))

    # ---- documents, in the order they were added, then by IRI
    doc_iris = sorted(
        (s for s, k in kinds.items() if k == "document"),
        key=lambda d: (ix.integer(d, "documentOrder") is None, ix.integer(d, "documentOrder") or 0, d),
    )
    doc_index = {d: i for i, d in enumerate(doc_iris)}

    # ---- claims, in reading order (document order, then place in the document)
    claim_iris.sort(key=lambda c: (ix.integer(c, "claimOrder") is None, ix.integer(c, "claimOrder") or 0, c))
    claim_index = {c: i for i, c in enumerate(claim_iris)}
    speakers_of: dict[str, set[str]] = defaultdict(set)
    for c in claim_iris:
        speakers_of[c].update(ix.iris(c, "claimant"))
    for s, said in ix.subjects("claims").items():
        for c in said:
            if c in claim_index:
                speakers_of[c].add(s)
    narrated = {c for c in claim_iris if any(v.lower() in ("true", "1") for v in ix.literals(c, "narrated"))}

    # ---- entities: people and organizations that go by one name are one entry
    entity_iris = sorted(s for s, k in kinds.items() if k in ENTITY_TYPES)
    spoken: dict[str, int] = defaultdict(int)
    for c in claim_iris:
        if c not in narrated:
            for s in speakers_of[c]:
                spoken[s] += 1
    entities, entity_of = _merge_entities(ix, entity_iris, kinds, label_of, spoken)

    def speaker_entity(c: str) -> int:
        # a narrated claim's claimant is the document or its publisher: the narration has no speaker
        if c in narrated:
            return -1
        found = sorted(entity_of[s] for s in speakers_of[c] if s in entity_of)
        return found[0] if found else -1

    claim_speaker = [speaker_entity(c) for c in claim_iris]
    claim_about = [
        vp.unique(sorted(entity_of[e] for e in ix.iris(c, "about") if e in entity_of)) for c in claim_iris
    ]
    claim_text = [" ".join((ix.literal(c, "text") or "").split()) for c in claim_iris]
    claim_doc = []
    for c in claim_iris:
        docs = sorted(
            doc_index[d] for d in set(ix.iris(c, "inDocument") + ix.iris(c, "derived")) if d in doc_index
        )
        claim_doc.append(docs[0] if docs else -1)

    # ---- relations: one row per unordered pair and kind
    rel_reason: dict[tuple[int, int, str], str] = {}
    for node in sorted(ix.subjects("relates")):
        members = sorted(claim_index[c] for c in ix.iris(node, "relates") if c in claim_index)
        kinds_of = [_local_name(k) for k in ix.iris(node, "relationKind")]
        reason = ix.literal(node, "reason") or ""
        if len(members) == 2:
            for kind in kinds_of:
                rel_reason.setdefault((members[0], members[1], kind), reason)
    pairs: set[tuple[int, int, str]] = set()
    for kind in RELATION_KINDS:
        for c in claim_iris:
            for other in ix.iris(c, kind):
                if other in claim_index and other != c:
                    a, b = sorted((claim_index[c], claim_index[other]))
                    pairs.add((a, b, kind))
    relations = sorted(pairs, key=lambda r: (RELATION_KINDS.index(r[2]), r[0], r[1]))

    corpus = vp.Corpus(
        entity_type=[e.type for e in entities],
        entity_name=[e.name for e in entities],
        claim_speaker=claim_speaker,
        claim_about=claim_about,
        claim_text=claim_text,
        claim_narrated=[c in narrated for c in claim_iris],
        relations=relations,
    )

    # ---- the first picture
    in_play = vp.in_play(corpus)
    plan = (
        vp.plan(corpus, in_play, max_nodes)
        if in_play
        else vp.most_mentioned([e.name for e in entities], [e.mentions for e in entities], max_nodes)
    )
    positions = layout(vp.boxes_for(corpus, plan), vp.layout_edges(plan))
    nodes = [
        {"key": key, "role": role, "weight": weight, "x": x, "y": y}
        for (key, role, weight), (x, y) in zip(plan.nodes, positions, strict=True)
    ]
    edges = [{"from": a, "to": b, "kind": kind, "claims": cs} for a, b, kind, cs in plan.edges]

    # ---- the index the page filters and searches
    prefix = _common_prefix([*entity_iris, *doc_iris, *claim_iris])

    def short(iri: str) -> str:
        """The IRI after the shared prefix when that leaves a path ("person/x"), else all of it."""
        local = iri[len(prefix) :] if prefix and iri.startswith(prefix) else iri
        return local if "/" in local else iri

    roles_of = _roles(ix, entity_of, entities)
    claim_date = []
    for c in claim_iris:
        day = ix.literal(c, "date")
        start, end = ix.literal(c, "dateStart"), ix.literal(c, "dateEnd")
        if day and _DATE.match(day):
            claim_date.append(day)
        elif start and end and _DATE.match(start) and _DATE.match(end):
            claim_date.append(f"{start}/{end}")
        else:
            claim_date.append("")
    cues = sorted({ix.literal(c, "cue") or "" for c in claim_iris})
    cue_index = {cue: i for i, cue in enumerate(cues)}

    def code(table: tuple[str, ...], c: str, key: str) -> int:
        for v in ix.iris(c, key):
            name = _local_name(v).lower()
            if name in table:
                return table.index(name)
        return 0

    def occasion(c: str) -> str:
        return "; ".join(label_of(o) for o in ix.iris(c, "occasion"))

    doc_dates = []
    for d in doc_iris:
        day = (ix.literal(d, "published") or "")[:10]
        doc_dates.append(day if _DATE.match(day) else "")
    claim_prefix = _common_prefix(claim_iris)
    claim_mode = [code(MODES, c, "mode") for c in claim_iris]
    sparse: dict[str, dict[int, str]] = {"source": {}, "date": {}, "when": {}, "occasion": {}}
    for i, c in enumerate(claim_iris):
        for key, value in (
            ("source", "" if claim_speaker[i] >= 0 else ix.literal(c, "sourceText") or ""),
            ("date", claim_date[i]),
            ("when", ix.literal(c, "dateText") or ""),
            ("occasion", occasion(c)),
        ):
            if value:
                sparse[key][i] = value
    type_code = {t: i for i, t in enumerate(ENTITY_TYPES)}
    index = {
        "prefix": prefix,
        "claimPrefix": claim_prefix,
        "types": list(ENTITY_TYPES),
        "entities": {
            "type": [type_code[e.type] for e in entities],
            "name": [e.name for e in entities],
            "mentions": [e.mentions for e in entities],
            "aliases": [e.aliases for e in entities],
            "roles": roles_of,
            "iris": [[entity_ref(short(i), e.type) for i in e.iris] for e in entities],
        },
        "docs": {
            "name": [label_of(d) for d in doc_iris],
            "headline": [ix.literal(d, "headline") or "" for d in doc_iris],
            "date": doc_dates,
            "publisher": ["; ".join(label_of(p) for p in ix.iris(d, "publisher")) for d in doc_iris],
            "url": [
                ", ".join(ix.literals(d, "url") + [clean_text(u) for u in ix.iris(d, "url")])
                for d in doc_iris
            ],
            "iri": [short(d) for d in doc_iris],
        },
        # one row per claim, as columns; "flags" packs mode, polarity, certainty and narration
        # into one number (see claim_flags), "doc" is run-length coded ([document, claims] rows:
        # claims come in document order) and "sparse" holds the columns most claims lack
        "claims": {
            "speaker": claim_speaker,
            "doc": _runs(claim_doc),
            "about": claim_about,
            "text": claim_text,
            "cue": [cue_index[ix.literal(c, "cue") or ""] for c in claim_iris],
            "flags": [
                claim_flags(
                    claim_mode[i],
                    code(POLARITIES, c, "polarity"),
                    code(CERTAINTIES, c, "certainty"),
                    c in narrated,
                )
                for i, c in enumerate(claim_iris)
            ],
            "iri": [c[len(claim_prefix) :] for c in claim_iris],
            "sparse": sparse,
        },
        "cues": cues,
        "modes": list(MODES),
        "polarities": list(POLARITIES),
        "certainties": list(CERTAINTIES),
    }
    relation_rows = [[a, b, kind, rel_reason.get((a, b, kind), "")] for a, b, kind in relations]

    # ---- legend, filters, notice
    type_counts: dict[str, int] = defaultdict(int)
    for e in entities:
        type_counts[e.type] += 1
    type_counts["claim"] = len(claim_iris)
    legend = {
        "nodes": [
            {"type": t, "count": type_counts[t], **NODE_STYLE[t]} for t in NODE_ORDER if type_counts.get(t)
        ],
        "edges": [{"kind": k, **EDGE_STYLE[k]} for k in EDGE_ORDER],
    }
    filters = _filters(
        corpus, entities, claim_doc, len(doc_iris), claim_mode, claim_date, doc_dates, type_counts
    )
    total = len(entities) + len(doc_iris) + len(claim_iris)
    notice = _notice(plan, len(nodes), corpus, in_play, len(doc_iris), total)
    return ViewModel(
        nodes=nodes,
        edges=edges,
        index=index,
        relations=relation_rows,
        legend=legend,
        filters=filters,
        notice=notice,
        total_nodes=total,
        shown_nodes=len(nodes),
        max_nodes=max_nodes,
        mode=plan.mode,
    )


def claim_flags(mode: int, polarity: int, certainty: int, narrated: bool) -> int:
    """Mode, polarity and certainty (indices into MODES, POLARITIES, CERTAINTIES) and whether
    the claim is narration, as one small number: four columns of 24k claims cost ~200 kB more."""
    return mode + len(MODES) * (polarity + len(POLARITIES) * (certainty + len(CERTAINTIES) * int(narrated)))


def _merge_entities(
    ix: _Index,
    entity_iris: list[str],
    kinds: dict[str, str],
    label_of: Any,
    spoken: dict[str, int],
) -> tuple[list[_Entity], dict[str, int]]:
    """One entry per person or organization name: IRIs whose names fold alike are one entry, and
    an entry whose name is an alias (schema:alternateName) of exactly one other, larger entry
    joins it ("Trump" -> Donald Trump when the resolution gave him that alias), or of several
    when one of them has ALIAS_DOMINANCE times the weight (mentions + claims) of the next. Other
    entities stay one per IRI."""
    weight = {e: (ix.integer(e, "mentionCount") or 0) + spoken.get(e, 0) for e in entity_iris}
    groups: dict[str, list[str]] = defaultdict(list)
    for e in entity_iris:
        if kinds[e] in vp.SPEAKER_TYPES and fold(label_of(e)):
            groups["n:" + fold(label_of(e))].append(e)
        else:
            groups["i:" + e].append(e)

    def group_weight(key: str) -> tuple[int, str]:
        return sum(weight[e] for e in groups[key]), min(groups[key])

    owners: dict[str, set[str]] = defaultdict(set)
    for key, members in groups.items():
        if key.startswith("n:"):
            for e in members:
                for alias in ix.literals(e, "alt"):
                    folded = fold(alias)
                    if folded and "n:" + folded != key:
                        owners[folded].add(key)
    parent: dict[str, str] = {}
    for key in sorted((k for k in groups if k.startswith("n:")), key=group_weight):
        candidates = sorted(owners.get(key[2:], set()), key=group_weight, reverse=True)
        if not candidates:
            continue
        first = group_weight(candidates[0])[0]
        second = group_weight(candidates[1])[0] if len(candidates) > 1 else 0
        # an alias several entries share goes to one that outweighs the others together
        # ("Trump": Donald Trump, not Melania Trump) or to none
        if first > group_weight(key)[0] and first >= ALIAS_DOMINANCE * second:
            parent[key] = candidates[0]

    def root(key: str) -> str:
        seen = set()
        while key in parent and key not in seen:
            seen.add(key)
            key = parent[key]
        return key

    merged: dict[str, list[str]] = defaultdict(list)
    for key, members in groups.items():
        merged[root(key)].extend(members)
    entities: list[_Entity] = []
    for members in merged.values():
        members.sort()
        lead = min(members, key=lambda e: (-weight[e], e))
        name = label_of(lead)
        aliases = sorted(
            {label_of(e) for e in members} | {a for e in members for a in ix.literals(e, "alt")},
            key=lambda a: (a.casefold(), a),
        )
        entities.append(
            _Entity(
                iris=[lead, *(e for e in members if e != lead)],
                type=kinds[lead],
                name=name,
                mentions=sum(ix.integer(e, "mentionCount") or 0 for e in members),
                aliases=[a for a in aliases if a != name and a.strip()],
            )
        )
    entities.sort(key=lambda e: e.iris[0])
    entity_of = {iri: i for i, e in enumerate(entities) for iri in e.iris}
    return entities, entity_of


def _roles(ix: _Index, entity_of: dict[str, int], entities: list[_Entity]) -> list[str]:
    """Per entity, its roles ("spokesperson of State Department") and affiliations, as text."""
    holders_of: dict[str, set[str]] = defaultdict(set)
    for s, roles in ix.subjects("holdsRole").items():
        for r in roles:
            holders_of[r].add(s)
    for r, holders in ix.subjects("roleHolder").items():
        holders_of[r].update(holders)
    texts: dict[int, set[str]] = defaultdict(set)
    for r, holders in holders_of.items():
        title = ix.literal(r, "title") or "role"
        orgs = [entities[entity_of[o]].name for o in ix.iris(r, "roleIn") if o in entity_of]
        for h in holders:
            if h in entity_of:
                texts[entity_of[h]].update([f"{title} of {o}" for o in orgs] or [title])
    for s, targets in ix.subjects("affiliation").items():
        if s not in entity_of:
            continue
        for a in targets:
            if a in entity_of:
                texts[entity_of[s]].add(f"affiliated with {entities[entity_of[a]].name}")
    return ["; ".join(sorted(texts.get(i, ()), key=str.casefold)) for i in range(len(entities))]


def _filters(
    corpus: vp.Corpus,
    entities: list[_Entity],
    corpus_docs: list[int],
    n_docs: int,
    modes: list[int],
    claim_date: list[str],
    doc_dates: list[str],
    type_counts: dict[str, int],
) -> dict[str, Any]:
    spoken: dict[int, int] = defaultdict(int)
    about: dict[int, int] = defaultdict(int)
    per_doc: dict[int, int] = defaultdict(int)
    for c, s in enumerate(corpus.claim_speaker):
        if corpus.claim_narrated[c]:
            continue  # counted for its document only: narration has no speaker, and is off the picture
        if s >= 0:
            spoken[s] += 1
        for e in corpus.claim_about[c]:
            about[e] += 1
    for d in corpus_docs:
        if d >= 0:
            per_doc[d] += 1
    days = [x for d in claim_date for x in d.split("/") if x] + [d for d in doc_dates if d]

    def by_name(counts: dict[int, int]) -> list[list[int]]:
        order = sorted(counts, key=lambda e: (entities[e].name.casefold(), entities[e].name, e))
        return [[e, counts[e]] for e in order]

    return {
        "types": [t for t in NODE_ORDER if type_counts.get(t)],
        # [entity, claims] rows in name order: people and organizations who speak in their own
        # voice (never a document's narration), and what claims are about
        "speakers": by_name({s: n for s, n in spoken.items() if entities[s].type in vp.SPEAKER_TYPES}),
        "entities": by_name(dict(about)),
        "documents": [per_doc.get(d, 0) for d in range(n_docs)],
        "modes": sorted({m for m in modes if m}),
        "dates": [min(days), max(days)] if days else [],
    }


def _notice(plan: vp.Plan, shown: int, corpus: vp.Corpus, in_play: list[int], docs: int, total: int) -> str:
    if plan.mode == "entities":
        return "" if shown >= total else f"showing the {shown} most mentioned of {total} nodes"
    speakers = sum(1 for _, role, _ in plan.nodes if role == "speaker")
    if plan.mode == "claims":
        claims = sum(1 for _, role, _ in plan.nodes if role == "claim")
        if claims == len(in_play):
            return f"all {claims} claims with their speakers and the entities they are about"
        return f"showing {claims} of {len(in_play)} claims with their speakers and topics ({shown} of {total} nodes)"
    topics = shown - speakers
    return (
        f"showing the {speakers} most-cited speakers and {topics} entities they speak about "
        f"({shown} of {total} nodes; {len(in_play)} claims in {docs} documents)"
    )


def entity_ref(local: str, kind: str) -> str:
    """An entity's IRI in the payload: "donald-trump" for <prefix>person/donald-trump when the
    entity is a person (its type's folder is implied: ~70 kB fewer at 840 articles), else the
    path after the prefix or the whole IRI; the page tells them apart by "/"."""
    folder = kind + "/"
    if local.startswith(folder) and "/" not in local[len(folder) :] and ":" not in local:
        return local[len(folder) :]
    return local


def _runs(values: list[int]) -> list[list[int]]:
    """[value, how many times in a row] rows."""
    out: list[list[int]] = []
    for v in values:
        if out and out[-1][0] == v:
            out[-1][1] += 1
        else:
            out.append([v, 1])
    return out


def _common_prefix(iris: list[str]) -> str:
    """The namespace all instance IRIs share (up to its last "/"), so the page need not repeat it."""
    if not iris:
        return ""
    lo, hi = min(iris), max(iris)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    head = lo[:n]
    cut_at = head.rfind("/")
    return head[: cut_at + 1] if cut_at >= len("https://") else ""
