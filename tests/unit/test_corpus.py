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


class _WholeRegistryCorpus(Corpus):
    """Resolves each chunk against every known entity, as builds did before candidates."""

    def _candidates(self, chunk):  # type: ignore[no-untyped-def]
        return sorted(self.known)


_PEOPLE = ["Antony Blinken", "Tony Blinken", "Blinken", "A. Blinken", "Zelensky", "Volodymyr Zelenskiy",
           "Volodymyr Zelensky", "John Smith", "Jane Smith", "Smith", "Mr. Smith", "Matt Miller", "Matthew Miller",
           "Stephen Miller", "Miller"]  # fmt: skip
_OTHERS = [("organization", "State Department"), ("organization", "state department"), ("organization", "Pentagon"),
           ("organization", "Department of Defense"), ("place", "Kursk"), ("place", "kursk"), ("place", "Ukraine"),
           ("group", "North Korean forces")]  # fmt: skip


def _random_doc(rng, n: int) -> Extraction:  # type: ignore[no-untyped-def]
    entities: dict[str, Entity] = {}
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.6:
            name, kind = rng.choice(_PEOPLE), "person"
        else:
            kind, name = rng.choice(_OTHERS)
        aliases = (rng.choice(_PEOPLE),) if kind == "person" and rng.random() < 0.2 else ()
        e = Entity(id=iri.entity_key(kind, name), type=kind, name=name, aliases=aliases)
        entities.setdefault(e.id, e)
    text = " and ".join(e.name for e in entities.values()) + f" met ({n})."
    mentions = []
    for i, e in enumerate(entities.values()):
        start = text.index(e.name)
        mentions.append(
            Mention(id=f"m{i}", entity=e.id, span=Span(start=start, end=start + len(e.name)), text=e.name)
        )
    document = Document(id=iri.document_id(text), name=f"doc{n:03d}", text=text)
    return Extraction(document=document, entities=tuple(entities.values()), mentions=tuple(mentions))


def test_resolving_against_candidates_equals_resolving_against_every_known_entity() -> None:
    import random

    for seed in range(40):
        rng = random.Random(seed)
        docs = [_random_doc(rng, n) for n in range(rng.randint(2, 14))]
        size = rng.randint(1, 4)
        narrow, whole = Corpus(), _WholeRegistryCorpus()
        for start in range(0, len(docs), size):
            chunk = docs[start : start + size]
            assert narrow.resolve(chunk) == whole.resolve(chunk), seed
        assert narrow.known == whole.known, seed
