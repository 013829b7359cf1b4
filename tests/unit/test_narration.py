"""Narration: the article's own assertions become claims of the publisher (or the document)."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Literal

import graph
from graph import api, builder, ingest
from graph.records import DocumentMeta
from graph.vocab import KG

pytest.importorskip("spacy")

TEXT = (
    "Russian troops shelled Kharkiv overnight, destroying a power station. "
    "“We will rebuild,” Mayor Ihor Terekhov said on Monday. "
    "Did the strikes hit the city center? "
    "Officials said repairs would take weeks."
)


@pytest.fixture(scope="module")
def extraction():  # type: ignore[no-untyped-def]
    doc = ingest.document_from_text(TEXT, name="n")
    doc = dataclasses.replace(doc, meta=DocumentMeta(publisher="Kharkiv Daily", published="2024-11-19"))
    return graph.extract(doc)


def test_an_assertion_outside_every_attribution_is_narrated(extraction) -> None:  # type: ignore[no-untyped-def]
    narrated = [a for a in extraction.attributions if a.narrated]
    assert len(narrated) == 1
    a = narrated[0]
    text = " ".join(s.text(TEXT) for s in a.content)
    assert text.startswith("Russian troops shelled Kharkiv")
    assert a.mode == "indirect" and a.speaker is None
    # "shelled" is not a verb of saying: the article's own statement carries no cue.
    assert a.cue == () and a.cue_lemma is None
    assert a.about  # it is about entities


def test_questions_and_reported_speech_are_not_narrated(extraction) -> None:  # type: ignore[no-untyped-def]
    texts = [" ".join(s.text(TEXT) for s in a.content) for a in extraction.attributions if a.narrated]
    assert not any("?" in t or "rebuild" in t or "repairs" in t for t in texts)


def test_narrated_claims_stay_out_of_kg_extract(extraction) -> None:  # type: ignore[no-untyped-def]
    out = api.extraction_json(extraction)
    assert len(out["attributions"]) == sum(not a.narrated for a in extraction.attributions)


def test_narrated_claims_have_facts(extraction) -> None:  # type: ignore[no-untyped-def]
    narrated = {a.id for a in extraction.attributions if a.narrated}
    assert any(f.claim in narrated and f.relation == "attack" for f in extraction.facts)


def test_the_publisher_is_the_claimant(extraction) -> None:  # type: ignore[no-untyped-def]
    ds = builder.build_dataset([extraction])
    publisher = builder.entity_iri("https://example.org/kg/", "organization/kharkiv-daily")
    claims = [c for _, _, c, _ in ds.quads((publisher, KG.claims, None, None))]
    assert len(claims) == 1
    assert any(True for _ in ds.quads((claims[0], KG.narrated, Literal(True), None)))


def test_without_a_publisher_the_document_is_the_claimant() -> None:
    ex = graph.extract(ingest.document_from_text(TEXT, name="n2"))
    ds = builder.build_dataset([ex])
    doc = builder.document_iri("https://example.org/kg/", ex.document.id)
    assert any(True for _ in ds.quads((doc, KG.claims, None, None)))
