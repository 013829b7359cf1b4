"""Deterministic RDF serializations of the dataset, and atomic file writes.

Owns Turtle (the union of all named graphs), TriG and N-Quads (named graphs kept) and
JSON-LD (named graphs kept, the local ontology/context.jsonld inlined, never a remote
context). The same dataset gives byte-identical text whatever the store, the insertion
order or PYTHONHASHSEED, so exports can be diffed and golden-tested. Never imports spaCy,
``graph.nlp`` or ``graph.extractors``; the HTML view is written elsewhere.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

from rdflib import OWL, PROV, RDF, RDFS, SDO, XSD, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from graph import atomic, iri
from graph.errors import ExportError
from graph.exports import Format
from graph.vocab import KG, OA

__all__ = [
    "INSTANCE_KINDS",
    "bind_prefixes",
    "local_context",
    "serialize",
    "sorted_quads",
    "union_graph",
    "write",
    "write_bytes",
]

INSTANCE_KINDS: tuple[str, ...] = (
    "person",
    "organization",
    "place",
    "group",
    "event",
    "work",
    "other",
    "doc",
    "claim",
    "evidence",
    "selector",
    "role",
    "occasion",
    "statement",
    "relation",
    "tally",
    "graph",
)
"""Kinds of instance IRI (base + kind + "/" + local), each bound to a prefix of its name."""

_TERM_PREFIXES: dict[str, Any] = {
    "kg": KG,
    "schema": SDO,
    "prov": PROV,
    "oa": OA,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph, *, base: str = iri.DEFAULT_BASE) -> Graph:
    """Bind the ontology prefixes and one prefix per instance kind under ``base``."""
    base = iri.check_base(base)
    for prefix, namespace in _TERM_PREFIXES.items():
        graph.bind(prefix, str(namespace), override=True, replace=True)
    for kind in INSTANCE_KINDS:
        graph.bind(kind, f"{base}{kind}/", override=True, replace=True)
    return graph


def _is_dataset(graph: Graph) -> bool:
    return bool(getattr(graph, "context_aware", False))


def _quads(graph: Graph) -> list[tuple[Node, Node, Node, Node | None]]:
    """All quads, graph name None for the default graph (works for any rdflib store)."""
    if not _is_dataset(graph):
        return [(s, p, _plain(p, o), None) for s, p, o in graph]
    quads: list[tuple[Node, Node, Node, Node | None]] = []
    for s, p, o, g in graph.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if name == DATASET_DEFAULT_GRAPH_ID:
            name = None
        quads.append((s, p, _plain(p, o), name))
    return quads


# Oxigraph (the default store) normalizes literals on load: derived integer types become
# xsd:integer (oxigraph/oxigraph#526). The contract types these offsets as
# xsd:nonNegativeInteger, so they are restored here, whatever store the dataset lives in.
_RESTORED_DATATYPES: dict[Node, Node] = {OA.start: XSD.nonNegativeInteger, OA.end: XSD.nonNegativeInteger}


_INTEGRAL = re.compile(r"[+-]?[0-9]+")


def _plain(predicate: Node, term: Node) -> Node:
    """One spelling per literal, whatever the store: "x" (not "x"^^xsd:string, RDF 1.1 says
    they are the same) and the contract's datatype for offsets (see _RESTORED_DATATYPES)."""
    if not isinstance(term, Literal) or term.language is not None:
        return term
    if term.datatype == XSD.string:
        return Literal(str(term))
    if term.datatype == XSD.decimal and _INTEGRAL.fullmatch(str(term)):
        # Oxigraph stores 1.0 as "1" (RELIABILITY.md R14) and rdflib's Turtle writer prints
        # "1"^^xsd:decimal as 1.0: one spelling, with the point, in every format.
        return Literal(f"{str(term).lstrip('+')}.0", datatype=XSD.decimal)
    restored = _RESTORED_DATATYPES.get(predicate)
    if restored is not None and term.datatype == XSD.integer and str(term).isdigit():
        return Literal(str(int(str(term))), datatype=restored)
    return term


def _key(node: Node | None) -> str:
    return "" if node is None else node.n3()


def sorted_quads(graph: Graph) -> list[tuple[Node, Node, Node, Node | None]]:
    """The dataset's distinct quads in a stable order (default graph first)."""
    return sorted(set(_quads(graph)), key=lambda q: (_key(q[3]), _key(q[0]), _key(q[1]), _key(q[2])))


def union_graph(graph: Graph, *, base: str = iri.DEFAULT_BASE) -> Graph:
    """An in-memory Graph of the union of all named graphs (and the default graph)."""
    union = bind_prefixes(Graph(bind_namespaces="none"), base=base)
    for s, p, o, _ in sorted_quads(graph):
        union.add((s, p, o))
    return union


def _copy_dataset(graph: Graph, *, base: str) -> Dataset:
    copy = Dataset()
    bind_prefixes(copy, base=base)
    copy.addN([(s, p, o, g if g is not None else copy.default_graph) for s, p, o, g in sorted_quads(graph)])
    return copy


def serialize(dataset: Graph, fmt: Format, *, base: str = iri.DEFAULT_BASE) -> str:
    """The dataset as text in ``fmt``; ValueError for HTML (not an RDF syntax)."""
    if fmt is Format.TURTLE:
        return (
            union_graph(dataset, base=base).serialize(format="longturtle", encoding="utf-8").decode("utf-8")
        )
    if fmt is Format.TRIG:
        return _trig(_copy_dataset(dataset, base=base))
    if fmt is Format.NQUADS:
        text = _copy_dataset(dataset, base=base).serialize(format="nquads", encoding="utf-8").decode("utf-8")
        # split("\n"), not splitlines(): N-Quads lines may hold raw U+2028/U+2029 and U+0085
        # inside literals, and splitlines() would cut a quad in two.
        lines = sorted({line for line in text.split("\n") if line.strip()})
        return "".join(line + "\n" for line in lines)
    if fmt is Format.JSONLD:
        return _jsonld(_copy_dataset(dataset, base=base))
    raise ValueError(f"{fmt.name} is not an RDF format; write it with its own exporter")


def _trig(dataset: Dataset) -> str:
    """TriG with the named graphs in IRI order (rdflib lists them in store order)."""
    from rdflib.plugins.serializers.trig import TrigSerializer

    serializer = TrigSerializer(dataset)
    unique = {ctx.identifier: ctx for ctx in serializer.contexts}
    serializer.contexts = [
        unique[name]
        for name in sorted(unique, key=lambda n: (n == DATASET_DEFAULT_GRAPH_ID, _key(n)))
        if len(unique[name])
    ]
    stream = io.BytesIO()
    serializer.serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


def local_context() -> dict[str, Any]:
    """The JSON-LD context shipped in ontology/context.jsonld (its "@context" value)."""
    from graph.resources import ontology_path

    with ontology_path("context.jsonld").open(encoding="utf-8") as f:
        return json.load(f)["@context"]


def _jsonld(dataset: Dataset) -> str:
    context = local_context()
    text = dataset.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    data = _canonical(json.loads(text))
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _canonical(value: Any) -> Any:
    """Sort every JSON array by its canonical text, so store order cannot leak into output."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write(
    dataset: Graph, path: str | os.PathLike[str], fmt: Format | None = None, *, base: str = iri.DEFAULT_BASE
) -> Path:
    """Write the dataset to ``path`` atomically (temp file in the same folder, fsync, rename).

    On any failure the previous file is left as it was and ExportError is raised."""
    target = Path(path)
    try:
        fmt = fmt or Format.from_path(target)
        data = serialize(dataset, fmt, base=base).encode("utf-8")
    except Exception as exc:
        raise ExportError(f"could not export {target}: {_one_line(exc)}") from exc
    write_bytes(target, data)
    return target


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`graph.atomic.write_bytes`)."""
    atomic.write_bytes(path, data)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
