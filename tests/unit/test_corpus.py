"""Cross-document state of a streaming build (graph/corpus.py)."""

from __future__ import annotations

from rdflib import RDFS

from graph import iri
from graph.builder import build_dataset
from graph.corpus import Corpus
from graph.records import Document, Entity, Extraction, Mention, Span


def _doc(text: str, name: str) -> Extraction:
    """A document mentioning the organization named as the text spells it."""
    entity = Entity(id=iri.entity_key("organization", name), type="organization", name=name)
    document = Document(id=iri.document_id(text), name=text[:10], text=text)
    start = text.index(name)
    mention = Mention(id="m0", entity=entity.id, span=Span(start=start, end=start + len(name)), text=name)
    return Extraction(document=document, entities=(entity,), mentions=(mention,))


def _labels(extractions: list[Extraction]) -> set[str]:
    ds = build_dataset(extractions)
    return {str(o) for _, p, o, _ in ds.quads((None, RDFS.label, None, None))}


def test_one_label_for_an_entity_spelled_two_ways_in_one_chunk() -> None:
    corpus = Corpus()
    chunk = [_doc("The Treasury said so.", "Treasury"), _doc("Then the treasury agreed.", "treasury")]
    out = corpus.resolve(chunk)
    assert len({e.id for ex in out for e in ex.entities}) == 1
    assert len(_labels(out)) == 1


def test_one_label_for_an_entity_spelled_two_ways_in_later_chunks() -> None:
    corpus = Corpus()
    first = corpus.resolve([_doc("The Republican Party met.", "Republican Party")])
    later = corpus.resolve([_doc("A Republican party member spoke.", "Republican party")])
    assert _labels(first + later) == {"Republican Party"}  # the name first written
    assert "Republican party" in later[0].entities[0].aliases


def test_different_entities_keep_their_names() -> None:
    corpus = Corpus()
    out = corpus.resolve(
        [_doc("The Treasury said so.", "Treasury"), _doc("The Pentagon said no.", "Pentagon")]
    )
    assert _labels(out) == {"Treasury", "Pentagon"}
