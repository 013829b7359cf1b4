"""The seed article's "Relations between claims" (seeds/EXPECTED.md), built with the real model.

The document date 2024-11-19 is given as DocumentMeta.published, as ``kg build --date`` would.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Dataset

import graph
from graph import ingest
from graph.builder import build_dataset
from graph.query import run
from graph.relate import find_relations
from graph.resolve import resolve_entities
from graph.validate import validate

pytest.importorskip("spacy")
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_118e246e26923948.txt"


@pytest.fixture(scope="module")
def built() -> tuple[Dataset, list]:
    document = ingest.read_path(SEED)
    document = dataclasses.replace(document, meta=dataclasses.replace(document.meta, published="2024-11-19"))
    extractions = resolve_entities([graph.extract(document)])
    relations = find_relations(extractions)
    return build_dataset(extractions, relations=relations), relations


def _speakers(rows: list[tuple], i: int, j: int) -> set[frozenset[str]]:
    return {frozenset((row[i], row[j])) for row in rows}


def test_ryder_contradicts_miller_and_the_state_department(built: tuple[Dataset, list]) -> None:
    ds, _ = built
    result = run(ds, "contradictions")
    pairs = _speakers(result.rows, result.columns.index("speaker1"), result.columns.index("speaker2"))
    assert frozenset({"Pat Ryder", "Matthew Miller"}) in pairs
    assert frozenset({"Pat Ryder", "State Department"}) in pairs
    for row in result.rows:
        record = dict(zip(result.columns, row, strict=True))
        assert record["subject"] == "North Korea"  # the shared subject: the troops count as their country
        assert "opposite polarity (negated vs affirmed)" in record["reason"]
        assert "Pat Ryder" in (record["speaker1"], record["speaker2"])


def test_claims_3_5_and_6_support_each_other(built: tuple[Dataset, list]) -> None:
    ds, _ = built
    result = run(ds, "supports")
    pairs = _speakers(result.rows, result.columns.index("speaker1"), result.columns.index("speaker2"))
    assert frozenset({"Matthew Miller", "State Department"}) in pairs
    assert frozenset({"Matthew Miller", "Antony Blinken"}) in pairs
    assert frozenset({"Antony Blinken", "State Department"}) in pairs
    assert all("Pat Ryder" not in pair for pair in pairs)


def test_timeline_of_north_korea_is_in_date_order(built: tuple[Dataset, list]) -> None:
    ds, _ = built
    result = run(ds, "timeline", params={"name": "North Korea"})
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, key=lambda d: d.split("/")[0])
    by_speaker = {(r["speaker"], r["date"]) for r in rows}
    assert ("Volodymyr Zelensky", "2024-11-01/2024-11-10") in by_speaker  # "in early November"
    assert ("State Department", "2024-11-12") in by_speaker  # "on Nov. 12"
    assert ("Volodymyr Zelensky", "2024-11-17") in by_speaker  # "on Sunday"
    assert ("Pat Ryder", "2024-11-18") in by_speaker  # "on Monday"
    assert ("Matthew Miller", "2024-11-18") in by_speaker


def test_blinken_a_day_later_is_nov_13(built: tuple[Dataset, list]) -> None:
    ds, _ = built
    result = run(ds, "speaker", params={"name": "Blinken"})
    assert "2024-11-13" in {row[result.columns.index("date")] for row in result.rows}


def test_relations_say_why(built: tuple[Dataset, list]) -> None:
    ds, relations = built
    assert all(r.reason for r in relations)
    rows = run(
        ds,
        """PREFIX kg: <https://example.org/kg/ns#>
        SELECT ?r ?subject ?predicate WHERE { ?r a kg:ClaimRelation ; kg:relationKind kg:contradicts ;
          kg:sharedSubject ?subject ; kg:sharedPredicate ?predicate ; kg:relatedStatement ?st . }""",
    ).rows
    assert rows and all(row[2] == "https://example.org/kg/ns#fight" for row in rows)


def test_facts_are_reified_never_asserted(built: tuple[Dataset, list]) -> None:
    ds, _ = built
    rows = run(
        ds,
        """PREFIX kg: <https://example.org/kg/ns#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?p ?o WHERE { ?c kg:asserts ?st . ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          FILTER EXISTS { ?s ?p ?o } }""",
    ).rows
    assert rows == []
    quantity = run(
        ds,
        """PREFIX kg: <https://example.org/kg/ns#>
        SELECT ?q ?approx WHERE { ?st kg:quantity ?q ; kg:approximate ?approx }""",
    ).rows
    assert ("12000", "true") in quantity


def test_the_built_graph_validates(built: tuple[Dataset, list]) -> None:
    validate(built[0])
