"""``--jobs N`` and ``--scheduler``: workers extract, only the driver writes; the graph equals
the single-process one (RELIABILITY.md D1, ST-11). The Dask cluster is a real LocalCluster."""

from __future__ import annotations

import pytest
from store_support import ARTICLES, canonical, write_articles

from graph import api
from graph.parallel import build_into, extract_parallel
from graph.report import RunReport
from graph.store import close_dataset, open_dataset

pytestmark = [pytest.mark.model, pytest.mark.store]


def _build(folder, **kwargs) -> tuple[list[str], RunReport]:
    report = RunReport()
    ds = open_dataset()
    try:
        added = build_into(ds, api.iter_documents([folder], report), report=report, chunk_size=2, **kwargs)
        assert added > 0
        return canonical(ds), report
    finally:
        close_dataset(ds)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_articles(tmp_path_factory.mktemp("corpus") / "in", ARTICLES)
    single, report = _build(folder)
    assert report.processed == len(ARTICLES) and not report.failed
    return folder, single


def test_jobs_2_equals_single_process(corpus):
    folder, single = corpus
    parallel, report = _build(folder, jobs=2)
    assert report.processed == len(ARTICLES)
    assert parallel == single


def test_dask_local_cluster_equals_single_process(corpus):
    distributed = pytest.importorskip("distributed")
    folder, single = corpus
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        graph_client, report = _build(folder, scheduler=client)
        assert report.processed == len(ARTICLES)
        assert graph_client == single
        by_address, _ = _build(folder, scheduler=cluster.scheduler_address)
        assert by_address == single


def test_extract_parallel_yields_each_document_once_in_order(corpus):
    folder, _ = corpus
    documents = list(api.iter_documents([folder], RunReport()))
    names = [e.document.name for e in extract_parallel(documents + documents[:2], jobs=2, chunk_size=2)]
    assert names == [d.name for d in documents]


def test_a_document_the_builder_cannot_write_costs_only_itself(corpus, monkeypatch):
    """The store is written in a thread of its own; a record the builder rejects there is
    reported as build-failed and its document left out, and the build goes on."""
    from graph import builder

    folder, single = corpus
    original = builder.extraction_quads
    victim: list[str] = []

    def failing(extraction, **kwargs):
        if not victim:
            victim.append(extraction.document.id)
        if extraction.document.id == victim[0]:
            raise ValueError("unbuildable record")
        return original(extraction, **kwargs)

    monkeypatch.setattr(builder, "extraction_quads", failing)
    graph, report = _build(folder)
    assert report.processed == len(ARTICLES)
    assert [(p.code, p.reason) for p in report.failed] == [("build-failed", "ValueError: unbuildable record")]
    assert not any(victim[0] in line for line in graph)
    # Everything else is as in the full build; mention totals no longer count that document.
    assert {line for line in graph if "#mentionCount>" not in line} < set(single)


def test_a_long_build_flushes_its_disk_store_as_it_goes(corpus, monkeypatch, tmp_path):
    """RocksDB's write buffers grow with the store unless flushed (graph.store.flush)."""
    import graph.store
    from graph import parallel

    folder, single = corpus
    flushes: list[int] = []
    original = graph.store.flush
    monkeypatch.setattr(parallel, "FLUSH_EVERY", 2)
    monkeypatch.setattr(graph.store, "flush", lambda ds: flushes.append(1) or original(ds))
    ds = open_dataset(tmp_path / "store")
    try:
        report = RunReport()
        build_into(ds, api.iter_documents([folder], report), report=report, chunk_size=1)
        assert canonical(ds) == single
    finally:
        close_dataset(ds)
    assert len(flushes) == len(ARTICLES) // 2


def test_a_resumed_build_with_nothing_new_settles_totals_a_killed_build_left_twice(corpus, tmp_path):
    """A total the documents do not give (here a second one, as a kill between writing a new
    total and removing the old could leave) goes at the next build, even one with nothing new
    to add: the corpus graphs are derived again from every stored document (graph.settle)."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from graph.builder import KG, summary_graph_iri
    from graph.iri import DEFAULT_BASE

    folder, single = corpus
    summary = summary_graph_iri(DEFAULT_BASE)
    ds = open_dataset(tmp_path / "store")
    try:
        build_into(ds, api.iter_documents([folder], RunReport()), report=RunReport())
        entity, _, total, _ = next(iter(ds.quads((None, KG.mentionCount, None, summary))))
        ds.add((entity, KG.mentionCount, Literal(int(total) - 1, datatype=XSD.integer), summary))
        assert canonical(ds) != single
        report = RunReport()
        assert build_into(ds, api.iter_documents([folder], report), report=report) == -1  # it went
        assert (report.processed, report.stored) == (0, len(ARTICLES)) and canonical(ds) == single
    finally:
        close_dataset(ds)
