"""Properties over any text (hypothesis): strict-parser round trip, valid spans, encodings, records.

(a) any Unicode text -> ingest -> extract (the real model) -> build -> Turtle that rdflib and
    pyoxigraph both parse, isomorphic to the dataset, conforming to ontology/shapes.ttl;
(b) every record span lies inside the text, and every evidence oa:exact is text[start:end];
(c) the same article as UTF-8, UTF-8 with BOM, UTF-16 (BOM) and latin-1 gives the same triples;
(d) records survive graph.records.to_dict / from_dict.
"""

from __future__ import annotations

import codecs
import warnings

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from reliability._support import bad_chars, build, extract, nquads, spans_of

from graph.ingest import IngestWarning, SkippedError, document_from_bytes, document_from_text
from graph.records import Document, Extraction
from property.strategies import article_text, budget, texts

pytestmark = [pytest.mark.model, pytest.mark.filterwarnings("ignore::graph.ingest.IngestWarning")]


def _document(text: str) -> Document:
    try:
        return document_from_text(text)
    except SkippedError:
        assume(False)
        raise


@pytest.mark.slow
@budget(60)
@given(text=texts)
def test_any_text_exports_turtle_that_parses_strictly_and_validates(text: str) -> None:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from graph.exports import Format
    from graph.exports.rdf import serialize, union_graph
    from graph.validate import validate

    dataset = build([extract(_document(text))])
    turtle = serialize(dataset, Format.TURTLE)
    strict = {str(t) for t in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)}
    lenient = Graph().parse(data=turtle, format="turtle")
    union = union_graph(dataset)
    assert isomorphic(lenient, union)
    expected = {
        str(q) for q in ox.parse(serialize(union, Format.NQUADS).encode(), format=ox.RdfFormat.N_QUADS)
    }
    assert strict == expected
    validate(dataset)


@budget(100)
@given(text=texts)
def test_spans_lie_inside_the_text_and_quotes_match(text: str) -> None:
    from rdflib import URIRef

    from graph.vocab import OA

    document = _document(text)
    extraction = extract(document)
    for span in spans_of(extraction):
        assert 0 <= span.start <= span.end <= len(document.text)
    dataset = build([extraction])
    for selector, exact in dataset.subject_objects(OA.exact):
        assert isinstance(selector, URIRef) and not bad_chars(str(exact))
    for position in dataset.subjects(OA.start):
        start = int(dataset.value(position, OA.start))
        end = int(dataset.value(position, OA.end))
        assert 0 <= start <= end <= len(document.text)
    # every quote selector's text is the document text at its sibling position selector
    for evidence in set(dataset.subjects(OA.hasSelector)):
        selectors = list(dataset.objects(evidence, OA.hasSelector))
        starts = [dataset.value(s, OA.start) for s in selectors if dataset.value(s, OA.start) is not None]
        exacts = [dataset.value(s, OA.exact) for s in selectors if dataset.value(s, OA.exact) is not None]
        ends = [dataset.value(s, OA.end) for s in selectors if dataset.value(s, OA.end) is not None]
        assert len(starts) == len(exacts) == len(ends) == 1
        assert str(exacts[0]) == document.text[int(starts[0]) : int(ends[0])]


def _plausible_legacy_text(text: str) -> bool:
    """Text whose latin-1 bytes ingest is documented to recognise (IN-03): mostly ASCII, few
    controls, and no byte 0x80-0xBF (which could also be a UTF-8 continuation byte)."""
    if not text or any(0x80 <= ord(c) <= 0xBF for c in text):
        return False
    high = sum(ord(c) > 0x7F for c in text)
    controls = sum((ord(c) < 0x20 and c not in "\t\n\r") or ord(c) == 0x7F for c in text)
    return high <= 0.3 * len(text) and controls <= 0.01 * len(text)


LATIN1_LETTERS = st.text(
    st.characters(min_codepoint=0xC0, max_codepoint=0xFF, exclude_characters="×÷"), min_size=1, max_size=6
)


@budget(50)
@given(text=st.one_of(texts, st.lists(st.one_of(article_text, LATIN1_LETTERS), max_size=8).map(" ".join)))
def test_same_article_in_every_encoding_gives_the_same_triples(text: str) -> None:
    encodings = {
        "utf-8": text.encode("utf-8"),
        "utf-8-sig": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),
    }
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        latin = None
    if latin is not None and _plausible_legacy_text(text):
        encodings["latin-1"] = latin
    outcomes = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IngestWarning)
        for name, data in encodings.items():
            try:
                document = document_from_bytes(data, name="article", source="article.txt")
            except SkippedError as exc:
                outcomes[name] = ("skipped", exc.skipped.code)
                continue
            outcomes[name] = ("text", document.text)
    assert len(set(outcomes.values())) == 1, outcomes
    kind, _value = next(iter(outcomes.values()))
    if kind == "text":
        document = document_from_bytes(encodings["utf-8"], name="article", source="article.txt")
        reference = nquads(build([extract(document)]))
        other = document_from_bytes(encodings["utf-16"], name="article", source="article.txt")
        assert nquads(build([extract(other)])) == reference


@budget(50)
@given(text=texts)
def test_records_round_trip_through_dicts(text: str) -> None:
    from graph.records import from_dict, to_dict

    extraction = extract(_document(text))
    assert from_dict(Extraction, to_dict(extraction)) == extraction
