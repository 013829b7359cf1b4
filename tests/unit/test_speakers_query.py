"""`kg query speakers`: each real speaker once, with type and roles, and counts that add up."""

from __future__ import annotations

import dataclasses

import pytest

import graph
from graph import ingest

pytestmark = pytest.mark.model

ARTICLES = {
    "a": (
        "Harbour Line cuts ferry service\n\n"
        "BERGEN, Norway (AP) — Harbour Line said on Monday it would cut two winter routes. "
        "The company said fuel costs had doubled. A storm closed Bergen harbour for two days last week. "
        "Transport Minister Ola Rask told reporters that the state would not step in. "
        '"We cannot subsidise every route," Rask said. The decision appears to surprise local councils.'
    ),
    "b": (
        "Ferry cuts anger islanders\n\n"
        "Ola Rask, the transport minister, said on Tuesday the cuts were regrettable. "
        "Harbour Line said the routes could return in spring."
    ),
}


@pytest.fixture(scope="module")
def kg():  # type: ignore[no-untyped-def]
    docs = []
    for name, text in ARTICLES.items():
        doc = ingest.document_from_text(text, name=name)
        meta = dataclasses.replace(doc.meta, publisher="Coastal Times", published="2025-01-14")
        docs.append(dataclasses.replace(doc, meta=meta))
    return graph.build(docs)


def test_each_real_speaker_once_with_counts_that_add_up(kg) -> None:  # type: ignore[no-untyped-def]
    result = kg.query("speakers")
    names = [row[0] for row in result.rows]
    assert sorted(names) == ["Harbour Line", "Ola Rask"]  # once each, across both articles
    assert "Coastal Times" not in names  # the publisher's own voice is no speaker
    by_name = {row[0]: row for row in result.rows}
    assert by_name["Ola Rask"][1] == "Person"
    assert by_name["Harbour Line"][1] == "Organization"
    assert "minister" in (by_name["Ola Rask"][3] or "").lower()
    total = kg.query(
        """PREFIX kg: <https://example.org/kg/ns#>
        PREFIX schema: <https://schema.org/>
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
          ?c kg:claimant ?who .
          FILTER NOT EXISTS { ?c kg:narrated true }
          FILTER NOT EXISTS { ?c kg:inDocument/schema:publisher ?who }
        }"""
    ).rows[0][0]
    assert sum(int(row[2]) for row in result.rows) == int(total) >= 5


def test_the_publisher_still_claims_its_own_statements(kg) -> None:  # type: ignore[no-untyped-def]
    for kind in ("?c kg:narrated true .", '?c kg:cueLemma "appear" .'):
        rows = kg.query(
            f"""PREFIX kg: <https://example.org/kg/ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?label WHERE {{ ?c kg:claimant ?p . ?p rdfs:label ?label . {kind} }}"""
        ).rows
        assert {r[0] for r in rows} == {"Coastal Times"}, kind
