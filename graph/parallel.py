"""Extraction in chunks, in this process, in local worker processes, or on a Dask cluster;
and the streaming build that writes each chunk into the store before reading the next.

Why it looks the way it does (PERF.md section 1, RELIABILITY.md S3, D1-D2, ST-11):

* ``nlp.pipe(n_process>1)`` hangs when a worker raises (spaCy #7934), so processes are ours:
  a ``ProcessPoolExecutor`` (fork: the children inherit the loaded model) or Dask workers,
  each running the same :class:`graph.pipeline.Pipeline` on chunks of ~12 documents (small
  chunks keep both cores busy) and returning picklable Extraction records.
* Dask re-runs tasks of dying workers, so tasks are pure (documents in, records out, keyed by
  the documents' content hashes) and only this driver writes: it dedupes by document id and
  sorts before writing.
* The driver writes in a thread of its own, one chunk at a time and in order, while the next
  chunk is parsed: Oxigraph parses and writes N-Quads without holding the GIL.
* Memory stays flat: documents are read lazily, at most a few chunks are in flight, and each
  chunk's records are written and dropped before more are read. Documents already in a
  persistent store (same content hash) are skipped before any NLP runs.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph import iri
from graph.errors import GraphError
from graph.records import Document, Extraction

if TYPE_CHECKING:
    from graph.pipeline import Pipeline
    from graph.progress import Progress
    from graph.report import RunReport

__all__ = ["CHUNK_SIZE", "ChunkResult", "build_into", "extract_chunk", "extract_parallel"]

CHUNK_SIZE = 16
"""Documents per task: 8-16 keeps two workers evenly busy (PERF.md section 1)."""

FLUSH_EVERY = 60
"""Documents written between flushes of a disk store (about 100k quads of news): RocksDB's
write buffers would otherwise grow with the store (graph.store.flush)."""


@dataclass
class ChunkResult:
    """What a worker returns for one chunk: the records, and the documents that failed."""

    extractions: list[Extraction] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, one-line reason)


# One pipeline per (model, extractors) per process: loaded on a worker's first task, or
# inherited through fork from the driver, never once per task.
_PIPELINES: dict[tuple[str | None, tuple[str, ...] | None], Pipeline] = {}


def _pipeline(model: str | None, extractors: Sequence[str] | None) -> Pipeline:
    key = (model, tuple(extractors) if extractors is not None else None)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        from graph.pipeline import Pipeline

        pipeline = _PIPELINES[key] = Pipeline(model=model, extractors=extractors)
    return pipeline


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def extract_chunk(
    documents: Sequence[Document], model: str | None = None, extractors: Sequence[str] | None = None
) -> ChunkResult:
    """The task: run the pipeline over one chunk (pure; no writes). A chunk that fails is
    retried one document at a time, so one bad document costs only itself."""
    pipeline = _pipeline(model, extractors)
    docs = list(documents)
    try:
        return ChunkResult(list(pipeline.run(docs, batch_size=max(len(docs), 1))))
    except Exception:
        if len(docs) == 1:
            raise
    result = ChunkResult()
    for document in docs:
        try:
            result.extractions.extend(pipeline.run([document]))
        except Exception as exc:
            result.failures.append((document.meta.source or document.name, _one_line(exc)))
    return result


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _task_key(chunk: Sequence[Document], model: str | None, extractors: Sequence[str] | None) -> str:
    digest = hashlib.sha256(repr((model, extractors, [d.id for d in chunk])).encode("utf-8")).hexdigest()
    return f"kg-extract-{digest[:32]}"


def _ordered(submit: Callable[[list[Document]], Any], chunks: Iterator[list[Document]], window: int):
    """Submit chunks with at most ``window`` in flight; yield (chunk, future) in input order."""
    pending: deque[tuple[list[Document], Any]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


def _chunk_results(
    chunks: Iterator[list[Document]],
    *,
    jobs: int | None,
    scheduler: Any,
    model: str | None,
    extractors: Sequence[str] | None,
) -> Iterator[tuple[list[Document], ChunkResult]]:
    if scheduler is not None:
        yield from _dask_results(chunks, scheduler, model, extractors)
        return
    if not jobs or jobs <= 1:
        _pipeline(model, extractors)  # fail early (unknown model or extractor) before reading
        for chunk in chunks:
            yield chunk, extract_chunk(chunk, model, extractors)
        return
    yield from _process_results(chunks, jobs, model, extractors)


def _process_results(
    chunks: Iterator[list[Document]], jobs: int, model: str | None, extractors: Sequence[str] | None
) -> Iterator[tuple[list[Document], ChunkResult]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _pipeline(model, extractors)  # loaded once here; forked workers inherit it
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        try:
            for chunk, future in _ordered(
                lambda c: pool.submit(extract_chunk, c, model, extractors), chunks, 2 * jobs
            ):
                yield chunk, future.result()
        except BrokenProcessPool:
            raise GraphError("a worker process died (out of memory?); nothing after it was written") from None


def _dask_results(
    chunks: Iterator[list[Document]], scheduler: Any, model: str | None, extractors: Sequence[str] | None
) -> Iterator[tuple[list[Document], ChunkResult]]:
    try:
        from distributed import Client
    except ImportError:
        raise GraphError(
            "--scheduler needs Dask: pip install 'dask[distributed]' (on the cluster too)"
        ) from None
    own = not isinstance(scheduler, Client)
    if own:
        try:
            client = Client(scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise GraphError(f"cannot reach the Dask scheduler at {scheduler}: {_one_line(exc)}") from None
    else:
        client = scheduler
    try:
        threads = sum(client.nthreads().values()) or 1
        for chunk, future in _ordered(
            lambda c: client.submit(
                extract_chunk, c, model, extractors, key=_task_key(c, model, extractors), pure=False
            ),
            chunks,
            2 * threads + 1,
        ):
            try:
                result = future.result()
            except Exception as exc:  # KilledWorker, or a task that raised
                sources = ", ".join(d.meta.source or d.name for d in chunk[:3])
                result = ChunkResult(failures=[(d.meta.source or d.name, _one_line(exc)) for d in chunk])
                if not result.failures:
                    raise GraphError(f"Dask task failed for {sources}: {_one_line(exc)}") from None
            finally:
                future.release()
            yield chunk, result
    finally:
        if own:
            client.close()


def extract_parallel(
    documents: Iterable[Document],
    *,
    jobs: int | None = None,
    scheduler: Any = None,
    model: str | None = None,
    extractors: Sequence[str] | None = None,
    chunk_size: int = CHUNK_SIZE,
    failures: list[tuple[str, str]] | None = None,
) -> Iterator[Extraction]:
    """Extraction records for the documents, in input order, deduplicated by document id.

    ``jobs`` > 1 uses local worker processes; ``scheduler`` (an address or a
    ``distributed.Client``) a Dask cluster. Documents that fail are left out and, when
    ``failures`` is given, listed there as (source, reason).
    """
    seen: set[str] = set()
    for _, result in _chunk_results(
        _chunks(documents, chunk_size), jobs=jobs, scheduler=scheduler, model=model, extractors=extractors
    ):
        if failures is not None:
            failures.extend(result.failures)
        for extraction in result.extractions:
            if extraction.document.id not in seen:
                seen.add(extraction.document.id)
                yield extraction


# --------------------------------------------------------------------------- streaming build


def _write_chunk(
    ds: Any,
    extractions: list[Extraction],
    *,
    base: str,
    persistent: bool,
    sequence: Iterator[int] | None = None,
) -> list[tuple[Extraction, str]]:
    """Write one chunk: drop old versions of changed documents, add the new ones, record
    sources. Returns the documents the builder could not turn into quads, with the reason:
    they are left out, so one bad record costs its document, not the build."""
    from graph.builder import build_dataset, document_iri
    from graph.remote import endpoint_of
    from graph.store import load_quads, source_key, source_quads

    failed: list[tuple[Extraction, str]] = []

    def unbuildable(extraction: Extraction, exc: Exception) -> None:
        failed.append((extraction, _one_line(exc)))

    if endpoint_of(ds) is not None:
        _write_chunk_remote(ds, extractions, base=base, on_error=unbuildable, sequence=sequence)
        return failed
    sources = _sources(extractions, base) if persistent else {}
    if sources:
        _drop_old_versions(ds, sources, base)
    extra: dict[str, list[Any]] = {}
    for extraction in extractions:
        key = source_key(extraction.document.meta.source) if persistent else None
        if key is not None:
            doc = document_iri(base, extraction.document.id)
            extra.setdefault(extraction.document.id, []).extend(source_quads(doc, key))
    # A document's source goes in with its quads, in one write: a crash leaves both or neither.
    build_dataset(extractions, base=base, dataset=ds, extra=extra, on_error=unbuildable, sequence=sequence)
    if failed:
        left_out = {e.document.id for e, _ in failed}
        sources = _sources((e for e in extractions if e.document.id not in left_out), base)
    quads = [q for key, doc in sorted(sources.items()) for q in source_quads(doc, key)]
    if quads:
        load_quads(ds, quads)
    return failed


def _drop_old_versions(ds: Any, sources: dict[str, Any], base: str) -> None:
    """Drop the graphs these sources had under an older content hash, and in the same update
    what those versions put in the shared graphs (mention tallies, claim links)."""
    from graph.builder import forget_documents_update
    from graph.store import drop_graphs, stale_documents

    stale = stale_documents(ds, sources)
    drop_graphs(ds, stale, first=forget_documents_update(stale, base))


def _sources(extractions: Iterable[Extraction], base: str) -> dict[str, Any]:
    from graph.builder import document_iri
    from graph.store import source_key

    out: dict[str, Any] = {}
    for extraction in extractions:
        key = source_key(extraction.document.meta.source)
        if key is not None:
            out[key] = document_iri(base, extraction.document.id)
    return out


def _write_chunk_remote(
    ds: Any,
    extractions: list[Extraction],
    *,
    base: str,
    on_error: Callable[[Extraction, Exception], None] | None = None,
    sequence: Iterator[int] | None = None,
) -> None:
    """Build the chunk in a local in-memory staging store with the builder, seeded with the
    endpoint's current mention counts of the entities it touches; then send it as one update
    (old counts deleted, new quads inserted). Old versions of changed documents are dropped
    before, with their share of the totals."""
    from rdflib import URIRef

    from graph.builder import (
        build_dataset,
        document_iri,
        mention_counts,
        next_document_order,
        summary_graph_iri,
    )
    from graph.remote import endpoint_of, nt
    from graph.store import (
        close_dataset,
        existing_documents,
        load_quads,
        open_dataset,
        pyoxigraph_store,
        source_quads,
    )
    from graph.vocab import KG

    endpoint = endpoint_of(ds)
    assert endpoint is not None
    sources = _sources(extractions, base)
    # Old versions go first, in an update of their own, so the totals read next no longer
    # hold their mentions. A kill before the insert leaves the document absent, not doubled.
    _drop_old_versions(ds, sources, base)
    present = existing_documents(ds, [document_iri(base, e.document.id) for e in extractions])
    new = [e for e in extractions if document_iri(base, e.document.id) not in present]
    summary = summary_graph_iri(base)
    old_counts: list[tuple[Any, Any]] = []
    entities = list(mention_counts(new, base=base)) if new else []
    for start in range(0, len(entities), 500):
        values = " ".join(nt(e) for e in entities[start : start + 500])
        rows = endpoint.select(
            f"SELECT ?e ?n WHERE {{ VALUES ?e {{ {values} }} GRAPH {nt(summary)} {{ ?e {nt(KG.mentionCount)} ?n }} }}"
        )
        old_counts += [(URIRef(r["e"]["value"]), _literal(r["n"])) for r in rows]
    staging = open_dataset(None)
    try:
        if old_counts:
            load_quads(staging, [(e, KG.mentionCount, n, summary) for e, n in old_counts])
        # Numbered on from the endpoint's documents, not the empty staging store's.
        if sequence is None:
            sequence = itertools.count(next_document_order(ds))
        build_dataset(new, base=base, dataset=staging, on_error=on_error, sequence=sequence)
        ox_store = pyoxigraph_store(staging)
        assert ox_store is not None
        lines = [(q.subject, q.predicate, q.object, q.graph_name) for q in ox_store]
    finally:
        close_dataset(staging)
    lines += [q for key, doc in sorted(sources.items()) for q in source_quads(doc, key)]
    before = ""
    if old_counts:
        triples = "\n".join(f"{nt(e)} {nt(KG.mentionCount)} {nt(n)} ." for e, n in old_counts)
        before = f"DELETE DATA {{ GRAPH {nt(summary)} {{\n{triples}\n}} }}"
    endpoint.insert_quads(lines, before=before)


def _literal(term: dict[str, Any]) -> Any:
    from graph.remote import term_from_json

    return term_from_json(term)


def build_into(
    ds: Any,
    documents: Iterable[Document],
    *,
    base: str = iri.DEFAULT_BASE,
    jobs: int | None = None,
    scheduler: Any = None,
    model: str | None = None,
    extractors: Sequence[str] | None = None,
    report: RunReport | None = None,
    progress: bool | Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    total: int | None = None,
) -> int:
    """Extract the documents chunk by chunk into the build's archive, then derive the graph of
    every archived document (graph.settle); returns the change in the number of quads.

    Only this process writes. In a persistent store, documents already archived (same
    content hash) are not extracted again, and a document whose source now has new content
    replaces its old version. ``total`` (the number of inputs, when known) gives the progress
    bar its length. A store without an archive (a SPARQL endpoint) is written as documents
    stream in, its entities resolved within this build (:func:`_build_streaming`).
    """
    from graph.progress import Progress
    from graph.report import RunReport
    from graph.settle import settle
    from graph.store import count_quads, pyoxigraph_store

    base = iri.check_base(base)
    progress = Progress.from_option(progress)
    given, report = report, report if report is not None else RunReport()
    if pyoxigraph_store(ds) is None:
        return _build_streaming(
            ds,
            documents,
            base=base,
            jobs=jobs,
            scheduler=scheduler,
            model=model,
            extractors=extractors,
            report=given,
            progress=progress,
            chunk_size=chunk_size,
            total=total,
        )
    archive = _open_archive(ds)
    try:
        archive.check_base(base)
        before = count_quads(ds)
        _extract_into_archive(
            ds,
            archive,
            documents,
            jobs=jobs,
            scheduler=scheduler,
            model=model,
            extractors=extractors,
            report=report,
            progress=progress,
            chunk_size=chunk_size,
            total=total,
        )
        from graph.store import is_persistent

        settle(
            ds,
            archive,
            base=base,
            progress=progress,
            report=given,  # without one, a document the builder rejects is an error
            persistent=is_persistent(ds),
            chunk_size=chunk_size,
            flush_every=FLUSH_EVERY,
        )
        return count_quads(ds) - before
    finally:
        archive.close()


def _open_archive(ds: Any) -> Any:
    """The archive of a directory store (made with it), or a new one in memory."""
    from graph.archive import FILE_NAME, Archive
    from graph.errors import StoreUsageError
    from graph.store import document_orders, store_path

    folder = store_path(ds)
    if folder is None:
        return Archive()
    path = folder / FILE_NAME
    if not path.exists() and document_orders(ds):
        raise StoreUsageError(
            f"store {folder} was made by an older version of kg, which kept no extraction archive; "
            "build into a new folder"
        )
    return Archive(path)


def _extract_into_archive(
    ds: Any,
    archive: Any,
    documents: Iterable[Document],
    *,
    jobs: int | None,
    scheduler: Any,
    model: str | None,
    extractors: Sequence[str] | None,
    report: RunReport,
    progress: Progress,
    chunk_size: int,
    total: int | None,
) -> None:
    """Run the NLP over the documents the archive lacks and keep their records, one
    transaction per chunk: an interrupted build keeps what it read."""
    from graph.report import Problem
    from graph.store import is_persistent, source_key

    persistent = is_persistent(ds)
    if scheduler is None:
        with progress.stage("loading the language model"):
            _pipeline(model, extractors)
    seen: set[str] = set()
    counts = {"read": 0, "done": 0}

    def sources_of(docs: Iterable[Document]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for d in docs:
            key = source_key(d.meta.source)  # documents are named by their paths (graph.settle)
            out.setdefault(d.id, [])
            if key is not None and key not in out[d.id]:
                out[d.id].append(key)
        return out

    with progress.stage("extracting", total=total) as stage:

        def advance() -> None:  # inputs skipped while reading count as done
            stage.update(report.seen - (counts["read"] - counts["done"]) - stage.done)

        def fresh(chunks: Iterator[list[Document]]) -> Iterator[list[Document]]:
            for chunk in chunks:
                counts["read"] += len(chunk)
                unique = [d for d in chunk if d.id not in seen]
                seen.update(d.id for d in unique)
                known = archive.has(d.id for d in unique)
                if known and persistent:  # same content, maybe a new path: remember it too
                    archive.add_sources(sources_of(d for d in unique if d.id in known))
                report.stored += len(known)
                new = [d for d in unique if d.id not in known]
                counts["done"] += len(chunk) - len(new)
                advance()
                if new:
                    yield new

        for chunk, result in _chunk_results(
            fresh(_chunks(documents, chunk_size)),
            jobs=jobs,
            scheduler=scheduler,
            model=model,
            extractors=extractors,
        ):
            report.failed.extend(
                Problem(source=source, code="extraction-failed", reason=reason)
                for source, reason in result.failures
            )
            by_id = {e.document.id: e for e in result.extractions}
            extracted = [by_id[k] for k in sorted(by_id)]
            archive.add(extracted, sources_of(e.document for e in extracted))
            report.processed += len(extracted)
            counts["done"] += len(chunk)
            advance()


def _build_streaming(
    ds: Any,
    documents: Iterable[Document],
    *,
    base: str,
    jobs: int | None,
    scheduler: Any,
    model: str | None,
    extractors: Sequence[str] | None,
    report: RunReport | None,
    progress: Progress,
    chunk_size: int,
    total: int | None,
) -> int:
    """Extract and write the documents chunk by chunk into a store without an archive (a
    SPARQL endpoint): each chunk's entities are resolved against this build's earlier ones,
    and claims are related among this build's documents."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from graph.builder import document_iri, next_document_order, relation_quads
    from graph.corpus import Corpus
    from graph.report import Problem
    from graph.store import (
        compact,
        count_quads,
        existing_documents,
        flush,
        is_persistent,
        load_quads,
        source_quads,
    )

    corpus = Corpus()  # same entity across documents: one IRI; claims related at the end
    persistent = is_persistent(ds)
    before = count_quads(ds)
    sequence = itertools.count(next_document_order(ds))  # kg:documentOrder of the next new document
    seen: set[str] = set()

    def fresh(chunks: Iterator[list[Document]]) -> Iterator[list[Document]]:
        for chunk in chunks:
            unique = [d for d in chunk if d.id not in seen]
            seen.update(d.id for d in unique)
            if persistent and unique:
                stored = existing_documents(ds, [document_iri(base, d.id) for d in unique])
                known = [d for d in unique if document_iri(base, d.id) in stored]
                sources = _sources((Extraction(document=d) for d in known), base)
                if sources:  # same content, maybe a new path: remember it too
                    load_quads(
                        ds, [q for key, doc in sorted(sources.items()) for q in source_quads(doc, key)]
                    )
                unique = [d for d in unique if document_iri(base, d.id) not in stored]
                bar.update(len(chunk) - len(unique))
            if unique:
                yield unique

    with (
        progress.stage("extracting and writing", total=total) as bar,
        ThreadPoolExecutor(1, thread_name_prefix="kg-write") as writer,
    ):
        # The store is written in a thread of its own: Oxigraph's write releases the GIL, so
        # one chunk is written while the next is parsed. Writes stay in order, one at a time.
        in_flight: tuple[Future[list[tuple[Extraction, str]]], int] | None = None
        unflushed = 0

        def write(resolved: list[Extraction]) -> list[tuple[Extraction, str]]:
            nonlocal unflushed
            failed = _write_chunk(ds, resolved, base=base, persistent=persistent, sequence=sequence)
            unflushed += len(resolved)
            if unflushed >= FLUSH_EVERY:
                flush(ds)
                unflushed = 0
            return failed

        def settle() -> None:
            nonlocal in_flight
            if in_flight is None:
                return
            future, size = in_flight
            in_flight = None
            failed = future.result()
            for extraction, reason in failed:
                if report is None:
                    raise GraphError(f"cannot build {extraction.document.name}: {reason}")
                source = extraction.document.meta.source or extraction.document.name
                report.failed.append(Problem(source=source, code="build-failed", reason=reason))
            corpus.forget(e.document.id for e, _ in failed)
            bar.update(size)

        for chunk, result in _chunk_results(
            fresh(_chunks(documents, chunk_size)),
            jobs=jobs,
            scheduler=scheduler,
            model=model,
            extractors=extractors,
        ):
            settle()
            if report is not None:
                report.processed += len(result.extractions)
                report.failed.extend(
                    Problem(source=source, code="extraction-failed", reason=reason)
                    for source, reason in result.failures
                )
            by_id = {e.document.id: e for e in result.extractions}
            resolved = corpus.resolve([by_id[k] for k in sorted(by_id)])
            future = writer.submit(write, resolved)
            in_flight = (future, len(chunk))
        settle()
    with progress.stage("relating claims"):
        relations = corpus.relations()
        if relations:
            load_quads(ds, relation_quads(relations, corpus.kept(), base=base))
    compact(ds)
    return count_quads(ds) - before
