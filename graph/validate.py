"""Check a built graph against the SHACL shapes in ontology/shapes.ttl.

Owns validation only: the data graph is the union of all named graphs (shapes look
across documents, e.g. a claimant described in another document's graph). pyshacl is
imported inside :func:`validate` so importing this module stays cheap. Never imports
spaCy, ``graph.nlp`` or ``graph.extractors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.errors import ValidationError

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["validate", "violations"]

MAX_SHOWN = 5


def _shapes() -> Graph:
    from rdflib import Graph

    from graph.resources import ontology_path

    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def violations(graph_or_dataset: Graph) -> tuple[bool, list[str], str]:
    """Run the shapes; return (conforms, one readable line per result (sorted), full report text)."""
    import pyshacl
    from rdflib import RDF, SH

    from graph.exports.rdf import union_graph

    # Always copy: union of the named graphs, prefixes bound for readable messages, and
    # literals spelled one way whatever the store (see graph.exports.rdf).
    data = union_graph(graph_or_dataset)
    conforms, report, text = pyshacl.validate(
        data,
        shacl_graph=_shapes(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
    )
    lines = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        shape = report.value(result, SH.sourceShape)
        where = data.namespace_manager.normalizeUri(focus) if focus is not None else "?"
        via = f" {data.namespace_manager.normalizeUri(path)}" if path is not None else ""
        lines.append(f"{where}{via}: {message or 'violation'} [{_short(shape)}]")
    return bool(conforms), sorted(lines), str(text)


def _short(shape: object) -> str:
    text = str(shape)
    return text.rsplit("#", 1)[-1] if "#" in text else text


def validate(graph_or_dataset: Graph) -> None:
    """Raise ValidationError (first few violations, full report attached) unless the graph conforms."""
    conforms, lines, text = violations(graph_or_dataset)
    if conforms:
        return
    shown = "; ".join(lines[:MAX_SHOWN])
    more = f" (and {len(lines) - MAX_SHOWN} more)" if len(lines) > MAX_SHOWN else ""
    raise ValidationError(
        f"graph does not conform to ontology/shapes.ttl: {len(lines)} violation(s): {shown}{more}",
        report=text,
    )
