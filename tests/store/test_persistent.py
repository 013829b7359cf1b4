"""``--store DIR``: a persistent, incremental Oxigraph store (RELIABILITY.md risks 7-8, ST-04/05/08/12).

Re-running adds nothing and extracts nothing; a changed file (same source, new content hash)
replaces its old named graph; a store held by another process gives exit code 4 and one line.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from store_support import ARTICLES, ENV, ROOT, canonical, write_articles

from graph import api
from graph.store import SOURCE, StoreLockedError, close_dataset, open_dataset, snapshot

pytestmark = [pytest.mark.model, pytest.mark.store]

DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a schema:NewsArticle }"


def _count(kg, query: str = DOCS) -> int:
    return int(kg.query(query).rows[0][0])


def test_rebuild_is_incremental_and_a_changed_file_replaces_its_graph(tmp_path):
    folder = write_articles(tmp_path / "in", {k: ARTICLES[k] for k in ("a-ryder", "b-miller", "c-zelensky")})
    store = tmp_path / "store"

    kg = api.build([folder], store=store)
    try:
        first = len(kg)
        assert kg.report.processed == 3 and kg.report.triples_added == first > 0
        assert _count(kg) == 3
        dump = canonical(kg.dataset, keep_sources=True)
        # Every quad names its graph (never a random blank-node graph, O2), and each document
        # records where it came from.
        assert all(line.split()[-2].startswith("<https://example.org/kg/") for line in dump)
        assert _count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?d <{SOURCE}> ?src }}") == 3
    finally:
        kg.close()

    kg = api.build([folder], store=store)  # same inputs: nothing extracted, nothing added
    try:
        assert kg.report.processed == 0 and kg.report.triples_added == 0
        assert canonical(kg.dataset, keep_sources=True) == dump
    finally:
        kg.close()

    (folder / "b-miller.txt").write_text(
        "State Department spokesperson Matthew Miller said on Tuesday the talks had resumed.",
        encoding="utf-8",
    )
    kg = api.build([folder], store=store)
    try:
        assert kg.report.processed == 1
        assert _count(kg) == 3  # replaced, not added
        texts = [row[0] for row in kg.query("SELECT ?t WHERE { ?c a kg:Claim ; schema:text ?t }").rows]
        assert any("resumed" in t for t in texts)
        assert not any("talks with Russia had failed" in t for t in texts)
        after = len(kg)
    finally:
        kg.close()

    # A fresh process sees the same store (ST-08).
    code = (
        "from graph.api import KnowledgeGraph\n"
        f"kg = KnowledgeGraph.empty(store={str(store)!r})\n"
        "print(len(kg)); kg.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == after


def test_a_store_held_by_another_process_is_one_line_exit_4(tmp_path):
    folder = write_articles(tmp_path / "in", {"a-ryder": ARTICLES["a-ryder"]})
    store = tmp_path / "store"
    holder = open_dataset(store)
    try:
        for args in (
            ["build", str(folder), "--store", str(store), "--out", str(tmp_path / "out"), "--no-validate"],
            ["serve", "--store", str(store), "--port", "0"],
        ):
            run = subprocess.run(
                [sys.executable, "-m", "graph", *args],
                env=ENV,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
            )
            assert run.returncode == 4, run.stderr
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1 and "in use by another process" in lines[0]
            assert "RocksDB" not in run.stderr and "LOCK" not in run.stderr
        with pytest.raises(StoreLockedError):
            snapshot(store, tmp_path / "snap")  # the server never reads a store being written (ST-05)
    finally:
        close_dataset(holder)
    assert snapshot(store, tmp_path / "snap").is_dir()


RELATIONS = "https://example.org/kg/graph/relations"
LINKED_CLAIMS = f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
  GRAPH <{RELATIONS}> {{ {{ ?r kg:relates ?c }} UNION {{ ?c kg:contradicts|kg:supports ?x }} }}
}}"""
DANGLING = f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
  GRAPH <{RELATIONS}> {{ {{ ?r kg:relates ?c }} UNION {{ ?c kg:contradicts|kg:supports ?x }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?c a kg:Claim }} }}
}}"""


@pytest.mark.parametrize("kind", ["directory", "endpoint"])
def test_a_changed_document_takes_its_claim_links_and_mention_tallies_with_it(kind, tmp_path, request):
    """Relation links to a replaced document's claims, and its mentions in the entities'
    totals, go with its old graph, in the same update: its claims get new IRIs, and nothing may
    point at a claim no graph holds or count a mention no document makes."""
    folder = write_articles(
        tmp_path / "in",
        {
            "won": "Party chair Ella Stone said Governor Ben Ortiz won the Dakota primary.",
            "lost": "Reporter Lee Park said Ortiz lost the Dakota primary.",
        },
    )
    store = tmp_path / "store" if kind == "directory" else request.getfixturevalue("oxigraph_server")
    kg = api.build([folder], store=store)
    try:
        assert kg.query("contradictions").rows  # the two claims are linked
        assert _count(kg, LINKED_CLAIMS) == 2 and _count(kg, DANGLING) == 0
        first = _mention_totals(kg)
    finally:
        kg.close()
    (folder / "lost.txt").write_text(
        "Reporter Lee Park said the count would end on Friday.", encoding="utf-8"
    )
    kg = api.build([folder], store=store)
    try:
        assert kg.report.processed == 1
        assert _count(kg, DANGLING) == 0
        assert _count(kg, LINKED_CLAIMS) == 0
        assert kg.query("contradictions").rows == []
        totals = _mention_totals(kg)
    finally:
        kg.close()
    fresh = api.build([folder])  # the folder as it is now, built in one go
    try:
        assert totals == _mention_totals(fresh)
        ortiz = next(e for e in first if e.endswith("ortiz"))
        assert totals[ortiz] == first[ortiz] - 1  # the old version's "Ortiz" is counted no more
    finally:
        fresh.close()


def _mention_totals(kg) -> dict[str, int]:
    rows = kg.query(
        "SELECT ?e ?n WHERE { GRAPH <https://example.org/kg/graph/summary> { ?e kg:mentionCount ?n } }"
    ).rows
    return {e.removeprefix("https://example.org/kg/"): int(n) for e, n in rows if int(n) > 0}
