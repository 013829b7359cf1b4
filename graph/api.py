"""The public API: build(), extract() and the KnowledgeGraph facade.

Heavy imports (spaCy, rdflib, pyvis) happen inside functions, so ``import graph`` stays fast.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import iri
from graph.records import Document, Extraction, Span
from graph.report import Problem, RunReport

if TYPE_CHECKING:
    from rdflib import Dataset

    from graph.query import QueryResult

Input = str | os.PathLike[str] | Document


class KnowledgeGraph:
    """A thin facade over an rdflib Dataset (Oxigraph in memory by default).

    Example:
        >>> kg = KnowledgeGraph.empty()
        >>> len(kg)
        0
    """

    def __init__(
        self, dataset: Dataset, *, base: str = iri.DEFAULT_BASE, report: RunReport | None = None
    ) -> None:
        self.dataset = dataset
        self.base = iri.check_base(base)
        self.report = report or RunReport()

    @classmethod
    def empty(
        cls,
        *,
        store: str | os.PathLike[str] | None = None,
        base: str = iri.DEFAULT_BASE,
        create: bool = True,
    ) -> KnowledgeGraph:
        """A graph in memory, or on a store (``create=False``: a store folder that does not
        exist yet is an error, not a new store)."""
        from graph.store import open_dataset

        return cls(open_dataset(store, create=create), base=base)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, base: str = iri.DEFAULT_BASE) -> KnowledgeGraph:
        """Open a graph from an exported RDF file (Turtle, TriG, N-Quads, JSON-LD)."""
        from graph.store import load_file

        kg = cls.empty(base=base)
        load_file(kg.dataset, path)
        return kg

    def __len__(self) -> int:
        from graph.store import count_quads

        return count_quads(self.dataset)

    def add(self, extractions: Iterable[Extraction]) -> int:
        """Add extractions; documents already present (same content hash) are skipped."""
        from graph.builder import build_dataset

        before = len(self)
        build_dataset(extractions, base=self.base, dataset=self.dataset)
        return len(self) - before

    def query(
        self,
        query: str | os.PathLike[str],
        *,
        timeout: float | None = None,
        limit: int | None = None,
        offset: int = 0,
        **params: str,
    ) -> QueryResult:
        """Run SPARQL text, a ``.rq`` file or a named query ("who-said-what") over all documents;
        ``limit`` and ``offset`` page a named query's rows."""
        from graph.query import run

        return run(self.dataset, query, params=params or None, timeout=timeout, limit=limit, offset=offset)

    def serialize(self, path: str | os.PathLike[str] | None = None, *, format: str | None = None) -> str:
        """Turtle (or TriG / N-Quads / JSON-LD by ``format`` or the path's suffix); written atomically."""
        from graph.exports import Format, rdf

        fmt = Format(format) if format else (Format.from_path(path) if path else Format.TURTLE)
        text = rdf.serialize(self.dataset, fmt, base=self.base)
        if path is not None:
            from graph.atomic import write_bytes

            write_bytes(Path(path), text.encode("utf-8"))
            self.report.files_written.append(str(path))
        return text

    def to_html(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        title: str = "Knowledge graph",
        max_nodes: int = 150,
    ) -> str:
        """The interactive, self-contained HTML view; written atomically when ``path`` is given."""
        from graph.exports import html

        page = html.render(self.dataset, title=title, max_nodes=max_nodes)
        if path is not None:
            html._atomic_write_bytes(Path(path), page.encode("utf-8"))
            self.report.files_written.append(str(path))
        return page

    def validate(self) -> None:
        """Raise ValidationError unless the graph conforms to ontology/shapes.ttl."""
        from graph.validate import validate

        validate(self.dataset)

    def close(self) -> None:
        from graph.store import close_dataset

        close_dataset(self.dataset)

    def _repr_html_(self) -> str:
        from graph.exports import html

        return html.repr_html(self.dataset)


@dataclasses.dataclass
class InputPlan:
    """What a run will read, listed before anything is read: ready Documents and the paths'
    inputs (folders walked), so a run knows its total, and what the command line got wrong
    (``missing`` paths, ``empty`` folders), before any work."""

    ready: list[Document]
    items: list[Any]  # graph.ingest.Expanded
    missing: list[str]
    empty: list[str]

    @property
    def total(self) -> int:
        return len(self.ready) + len(self.items)

    def names(self) -> dict[str, str]:
        """A name per input file that no other input of the run has (see graph.settle)."""
        from graph import ingest
        from graph.settle import document_names

        files = [path for path, skipped in self.items if skipped is None and path != "-"]
        return document_names(
            (ingest._display(path), ingest._stem(os.path.basename(path)), os.path.abspath(path))
            for path in files
        )


def plan_inputs(inputs: Iterable[Input]) -> InputPlan:
    """List the inputs (see :class:`InputPlan`); reads no file."""
    from graph import ingest

    plan = InputPlan([], [], [], [])
    for item in inputs:
        if isinstance(item, Document):
            plan.ready.append(item)
            continue
        expanded = ingest.expand_inputs([item])
        path = os.fspath(item)
        if not expanded:
            plan.empty.append(path)
        elif len(expanded) == 1 and expanded[0][1] is not None and expanded[0][1].code == "missing":
            plan.missing.append(path)
        plan.items.extend(expanded)
    return plan


def iter_documents(
    inputs: Iterable[Input] | InputPlan,
    report: RunReport,
    *,
    date: str | None = None,
    dedupe: bool = True,
    rename: bool = False,
) -> Iterator[Document]:
    """Documents from paths, "-" (stdin) and ready Documents (or their :class:`InputPlan`);
    problems go to the report. ``rename``: inputs sharing a file name get names that tell
    them apart (``kg extract``; a build names its documents when it settles)."""
    from graph import ingest

    plan = inputs if isinstance(inputs, InputPlan) else plan_inputs(inputs)
    for document in plan.ready:
        report.seen += 1
        yield _with_date(document, date)
    names = plan.names() if rename else {}
    if names:
        from graph.settle import renaming_notes

        stems = {ingest._display(path): ingest._stem(os.path.basename(path)) for path, _skipped in plan.items}
        report.notes += renaming_notes((stems[key], name) for key, name in names.items() if key in stems)
    for item in ingest.read_inputs(plan.items, dedupe=dedupe):
        report.seen += 1
        if isinstance(item, ingest.Skipped):
            report.skipped.append(Problem(source=item.source, code=item.code, reason=item.reason))
            continue
        name = names.get(item.meta.source or "", item.name)
        if name != item.name:
            item = dataclasses.replace(item, name=name)
        yield _with_date(item, date)


def _with_date(document: Document, date: str | None) -> Document:
    """``--date`` for documents that give none; a dateline's "Dec 5" is placed in its year."""
    if date is None or document.meta.published:
        return document
    from graph import ingest

    published = ingest.anchor_date(dataclasses.replace(document.meta, published=date)) or date
    return dataclasses.replace(document, meta=dataclasses.replace(document.meta, published=published))


def extract_documents(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    extractors: Sequence[str] | None = None,
    report: RunReport | None = None,
) -> Iterator[Extraction]:
    """Run the NLP pipeline and the extractors over documents, one Extraction each."""
    from graph.pipeline import Pipeline

    pipeline = Pipeline(model=model, extractors=extractors)
    for extraction in pipeline.run(list(documents)):
        if report is not None:
            report.processed += 1
        yield extraction


def build(
    inputs: Iterable[Input] | Input | InputPlan = ("seeds",),
    *,
    base: str = iri.DEFAULT_BASE,
    model: str | None = None,
    extractors: Sequence[str] | None = None,
    store: str | os.PathLike[str] | Any | None = None,
    date: str | None = None,
    jobs: int | None = None,
    scheduler: Any = None,
    progress: bool | Any | None = None,
    report: RunReport | None = None,
) -> KnowledgeGraph:
    """Build a knowledge graph from files, directories, "-" (stdin) or Documents.

    ``store``: None (in memory), a directory (persistent, incremental), an ``http(s)://``
    SPARQL endpoint or a :class:`graph.remote.Endpoint`. ``jobs`` > 1 extracts in local
    worker processes, ``scheduler`` (address or ``distributed.Client``) on a Dask cluster;
    documents stream through in chunks. ``progress`` (True, False, a
    :class:`graph.progress.Progress`; default: if stderr is a terminal) shows the documents
    read with the total and an ETA, then each later stage with its time, on stderr.
    ``report`` (default: a new one, as ``kg.report``) is filled in as documents are read and
    processed, so a caller still has the counts so far when the build stops early (an
    interrupt, an error); ``triples_added`` is then None.

    Nothing is opened or written until a first document has been read: inputs that give
    none raise :class:`graph.errors.NoDocumentsError`, and a store is left as it was.

    Example:
        >>> import graph
        >>> kg = graph.build(["seeds/"])           # doctest: +SKIP
        >>> kg.query("who-said-what").rows[0]      # doctest: +SKIP
    """
    import itertools

    from graph.errors import NoDocumentsError
    from graph.parallel import build_into
    from graph.progress import Progress

    if isinstance(inputs, str | os.PathLike | Document):
        inputs = [inputs]
    report = report if report is not None else RunReport()
    progress = Progress.from_option(progress)
    if progress.report is None:
        progress.report = report
    plan = inputs if isinstance(inputs, InputPlan) else plan_inputs(inputs)
    documents = iter_documents(plan, report, date=date)
    first = next(documents, None)  # the store is opened only once there is something to add
    if first is None:
        report.triples_added = 0
        raise NoDocumentsError(report)
    kg = KnowledgeGraph.empty(store=store, base=base)
    kg.report = report
    try:
        report.triples_added = build_into(
            kg.dataset,
            itertools.chain([first], documents),
            base=kg.base,
            jobs=jobs,
            scheduler=scheduler,
            model=model,
            extractors=extractors,
            report=report,
            progress=progress,
            total=plan.total,
        )
    except BaseException:
        report.triples_added = None  # stopped before counting them
        kg.close()
        raise
    return kg


def extract(
    source: str | os.PathLike[str] | Document,
    *,
    model: str | None = None,
    extractors: Sequence[str] | None = None,
    name: str = "text",
) -> Extraction:
    """Records only, no graph: from a text string, a path or a Document.

    Example:
        >>> ex = extract("Matthew Miller said the talks failed.")   # doctest: +SKIP
        >>> ex.attributions[0].speaker                              # doctest: +SKIP
        'person/matthew-miller'
    """
    from graph import ingest

    if isinstance(source, Document):
        document = source
    elif isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and Path(source).is_file()
    ):
        document = ingest.read_path(source)
    else:
        document = ingest.document_from_text(str(source), name=name)
    return next(extract_documents([document], model=model, extractors=extractors))


def extraction_json(extraction: Extraction, *, base: str = iri.DEFAULT_BASE) -> dict[str, Any]:
    """The evaluation contract of ``kg extract --format jsonl`` for one document."""
    base = iri.check_base(base)
    by_entity: dict[str, list[Span]] = {}
    for m in extraction.mentions:
        by_entity.setdefault(m.entity, []).append(m.span)
    entities = [
        {
            "id": iri.entity_iri(base, e.id),
            "type": e.type,
            "name": e.name,
            "aliases": list(e.aliases),
            "mentions": [
                s.to_pair() for s in sorted(by_entity.get(e.id, []), key=lambda s: (s.start, s.end))
            ],
        }
        for e in extraction.entities
    ]
    attributions = [
        {
            "source": [s.to_pair() for s in a.source],
            "cue": [s.to_pair() for s in a.cue],
            "content": [s.to_pair() for s in a.content],
            "speaker": iri.entity_iri(base, a.speaker) if a.speaker else None,
            "speaker_name": a.speaker_name,
            "addressee": iri.entity_iri(base, a.addressee) if a.addressee else None,
            "addressee_name": a.addressee_name,
            "mode": a.mode,
            "polarity": a.polarity,
            "certainty": a.certainty,
            "occasion": a.occasion,
            "date": a.date_phrase,
        }
        for a in extraction.attributions
        if not a.narrated
    ]
    roles = [
        {
            "person": iri.entity_iri(base, r.person),
            "title": r.title,
            "organization": iri.entity_iri(base, r.organization) if r.organization else None,
        }
        for r in extraction.roles
    ]
    return {
        "doc": extraction.document.name,
        "attributions": attributions,
        "entities": entities,
        "roles": roles,
    }


def extraction_jsonl(extraction: Extraction, *, base: str = iri.DEFAULT_BASE) -> str:
    return json.dumps(extraction_json(extraction, base=base), ensure_ascii=False, sort_keys=False)
