"""Derive a store's graph from its archive: the step that makes a store the same whatever
order and batches its documents came in.

Which mentions are one entity, and so an entity's IRI, label and aliases, depend on every
document that names it; so do mention totals and the links between claims. Each build
therefore resolves the entities of *all* the archived documents together
(:func:`graph.resolve.resolve_entities`, in document-id order, so the result is a function of
the set of documents alone), then

* writes again the graph of each document whose inputs changed (a fingerprint of its resolved
  records, kept in the archive after the write), drops the graphs of documents the archive no
  longer holds (old versions of changed files), and numbers new documents on from the last
  ``kg:documentOrder`` by name;
* relates the claims of all the documents (supports / contradicts);
* makes the entities, summary and relations graphs exactly what all the documents give, in one
  transaction.

Every write is one transaction and the archive says what is done only after it is, so a build
killed at any moment leaves a store the next build completes. Only the graph is written
here; records come from :mod:`graph.archive`, triples from :mod:`graph.builder`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from graph.errors import GraphError
from graph.records import Extraction

if TYPE_CHECKING:
    from graph.archive import Archive
    from graph.progress import Progress
    from graph.report import RunReport

__all__ = ["document_names", "fingerprint", "renaming_notes", "settle"]


def document_names(documents: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """A name for each document (id, name, source path) that no other document has.

    A document is named by its file name without extension; when several share that name
    ("m.md" and "m.html", or "a/m.txt" and "b/m.txt"), each is named by as much of its path,
    with the extension, as tells them apart. Documents without a path keep their name. The
    result depends only on the set of documents, not on their order.
    """
    docs = sorted(documents)
    groups: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for doc_id, name, source in docs:
        groups[name].append((doc_id, source))
    names: dict[str, str] = {}
    for name, members in groups.items():
        paths = {doc_id: _parts(source) for doc_id, source in members if source}
        if len(members) < 2 or len(paths) < 2:
            names.update((doc_id, name) for doc_id, _ in members)
            continue
        longest = max(len(p) for p in paths.values())
        for depth in range(1, longest + 1):
            tails = {doc_id: "/".join(parts[-depth:]) for doc_id, parts in paths.items()}
            if len(set(tails.values())) == len(tails) or depth == longest:
                break
        for doc_id, _ in members:
            names[doc_id] = tails.get(doc_id, name)
    return names


def renaming_notes(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """One line per file name that several new documents share: what each is named instead."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name, given in pairs:
        if given != name:
            groups[name].append(given)
    return [
        f"{len(given)} documents share the file name {name!r}; they are named {', '.join(sorted(given))}"
        for name, given in sorted(groups.items())
    ]


def _parts(source: str) -> list[str]:
    if "://" in source:
        return [p for p in source.split("://", 1)[1].split("/") if p]
    return [p for p in os.path.normpath(source).split(os.sep) if p]


def fingerprint(extraction: Extraction, sources: Sequence[str]) -> str:
    """What a document's own graph is made from: its resolved records (entities by id only,
    their names and aliases belong to the entities graph) and its source paths."""
    document = extraction.document
    plain = dataclasses.replace(
        extraction,
        document=dataclasses.replace(document, meta=dataclasses.replace(document.meta, source=None)),
        entities=tuple(e.id for e in extraction.entities),  # type: ignore[arg-type]
    )
    return hashlib.blake2b(repr((tuple(sources), plain)).encode("utf-8"), digest_size=16).hexdigest()


def settle(
    ds: Any,
    archive: Archive,
    *,
    base: str,
    progress: Progress,
    report: RunReport | None = None,
    persistent: bool = False,
    chunk_size: int = 16,
    flush_every: int = 60,
) -> None:
    """Bring the store's graph in line with every document in ``archive`` (see the module)."""
    from graph import store

    while True:
        with progress.stage("resolving entities", total=len(archive)) as stage:
            resolved, sources = _resolve(archive, stage, report.notes if report is not None else None)
        failed = _write_documents(
            ds, archive, resolved, sources, base, progress, persistent, chunk_size, flush_every
        )
        if not failed:
            break
        for extraction, reason in failed:  # left out for good; resolve again without them
            if report is None:
                raise GraphError(f"cannot build {extraction.document.name}: {reason}")
            from graph.report import Problem

            source = extraction.document.meta.source or extraction.document.name
            report.failed.append(Problem(source=source, code="build-failed", reason=reason))
        archive.remove(e.document.id for e, _ in failed)
    with progress.stage("relating claims"):
        from graph.relate import find_relations

        relations = find_relations(resolved)
    with progress.stage("writing entities, totals and claim links"):
        _write_corpus_graphs(ds, archive, resolved, relations, base)
    if store.store_path(ds) is not None:
        with progress.stage("compacting the store"):
            store.compact(ds)


def _resolve(
    archive: Archive, stage: Any, notes: list[str] | None = None
) -> tuple[list[Extraction], dict[str, list[str]]]:
    from graph.resolve import resolve_entities

    ids = archive.members()
    sources = archive.sources()
    raw: list[Extraction] = []
    for start in range(0, len(ids), 64):
        part = archive.load(ids[start : start + 64])
        raw.extend(part)
        stage.update(len(part))
    names = document_names(
        (e.document.id, e.document.name, (sources.get(e.document.id) or [None])[0]) for e in raw
    )
    if notes is not None:
        built = archive.built()
        notes += renaming_notes(
            (e.document.name, names[e.document.id]) for e in raw if built.get(e.document.id) is None
        )
    raw = [
        e
        if names[e.document.id] == e.document.name
        else dataclasses.replace(e, document=dataclasses.replace(e.document, name=names[e.document.id]))
        for e in raw
    ]
    return resolve_entities(raw), sources  # in id order: a function of the set of documents


def _write_documents(
    ds: Any,
    archive: Archive,
    resolved: list[Extraction],
    sources: dict[str, list[str]],
    base: str,
    progress: Progress,
    persistent: bool,
    chunk_size: int,
    flush_every: int,
) -> list[tuple[Extraction, str]]:
    """Write the graphs whose fingerprint changed, drop those of documents gone; returns the
    documents the builder could not turn into quads (nothing of theirs is written)."""
    from graph import builder, store

    present = store.document_orders(ds)
    wanted = {str(builder.document_iri(base, e.document.id)): e for e in resolved}
    gone = sorted(set(present) - set(wanted))
    if gone:
        store.drop_graphs(ds, gone)
    built = archive.built()
    todo: list[tuple[Extraction, str, int | None]] = []
    for iri_, extraction in wanted.items():
        keys = sources.get(extraction.document.id, []) if persistent else []
        fp = fingerprint(extraction, keys)
        if built.get(extraction.document.id) != fp or iri_ not in present:
            todo.append((extraction, fp, present.get(iri_)))
    # New documents are numbered on from the last one, by name (one build adds its inputs by
    # name); a document written again keeps its number.
    following = max((n for n in present.values() if n is not None), default=-1) + 1
    numbered = []
    for extraction, fp, order in sorted(todo, key=lambda t: (t[0].document.name, t[0].document.id)):
        if order is None:
            order, following = following, following + 1
        numbered.append((extraction, fp, order))
    failed: list[tuple[Extraction, str]] = []
    if not numbered:
        return failed
    from concurrent.futures import Future, ThreadPoolExecutor

    entities_graph = builder.entities_graph_iri(base)
    unflushed = 0
    # Oxigraph writes one chunk (without the GIL) while the next is built; writes stay in
    # order, and the archive hears of each only once it is in the store.
    with (
        progress.stage("writing document graphs", total=len(numbered)) as stage,
        ThreadPoolExecutor(1, thread_name_prefix="kg-write") as writer,
    ):
        pending: tuple[Future[None], dict[str, tuple[str, bytes]], int] | None = None

        def finish() -> None:
            nonlocal pending, unflushed
            if pending is None:
                return
            future, done, size = pending
            pending = None
            future.result()
            archive.set_built(done)
            stage.update(size)
            unflushed += len(done)
            if unflushed >= flush_every:
                store.flush(ds)
                unflushed = 0

        for start in range(0, len(numbered), chunk_size):
            part = numbered[start : start + chunk_size]
            done: dict[str, tuple[str, bytes]] = {}
            graphs = []
            for extraction, fp, order in part:
                doc = builder.document_iri(base, extraction.document.id)
                try:
                    quads = builder.extraction_quads(extraction, base=base, sequence=order)
                    own = [q for q in quads if q[3] == doc]
                    shared = store.nquads_bytes(_share(extraction, quads, entities_graph, base))
                except Exception as exc:
                    failed.append((extraction, _one_line(exc)))
                    continue
                keys = sources.get(extraction.document.id, []) if persistent else []
                own += [q for key in keys for q in store.source_quads(doc, key)]
                graphs.append((doc, own, str(doc) in present))
                done[extraction.document.id] = (fp, shared)
            encoded = store.encode_graphs(graphs) if graphs else None
            finish()
            if encoded is not None:
                pending = (writer.submit(store.write_graphs, ds, encoded), done, len(part))
            else:
                stage.update(len(part))
        finish()
    return failed


def _share(extraction: Extraction, quads: Sequence[Any], entities_graph: Any, base: str) -> list[Any]:
    """What this document puts in the entities graph apart from describing its entities (those
    descriptions follow the entity's resolution, so they are written from all the documents):
    its publisher, its roles, who claims its claims. Depends only on the fingerprinted records."""
    from graph import builder

    descriptions = set(builder.entity_description_quads(extraction.entities, base=base))
    ctx = builder.BuildContext.create(extraction.document, base=base)
    publisher = {(s, p, o, entities_graph) for s, p, o in builder.document_triples(ctx) if s != ctx.doc}
    return [q for q in quads if q[3] == entities_graph and (q not in descriptions or q in publisher)]


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _write_corpus_graphs(
    ds: Any, archive: Archive, resolved: list[Extraction], relations: list[Any], base: str
) -> None:
    """The entities, summary and relations graphs as all the documents give them."""
    from graph import builder, store

    described: dict[str, Any] = {}
    for extraction in resolved:
        for entity in extraction.entities:
            described.setdefault(entity.id, entity)
    quads = builder.entity_description_quads(described.values(), base=base)
    quads += builder.entity_summary_quads(resolved, base=base)
    quads += builder.relation_quads(relations, resolved, base=base)
    wanted = store.parse_nquads(store.nquads_bytes(quads) + archive.shared())
    store.sync_graphs(
        ds,
        [
            builder.entities_graph_iri(base),
            builder.summary_graph_iri(base),
            builder.relations_graph_iri(base),
        ],
        wanted,
    )
