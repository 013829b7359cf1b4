"""Open the RDF store a graph lives in: the one place that knows the choices.

* ``None``            -> Oxigraph in memory (``Dataset(store="Oxigraph")``, via oxrdflib);
* a directory path    -> Oxigraph on disk (RocksDB), guarded by our own lock file;
* ``http(s)://`` URL  -> a remote SPARQL 1.1 endpoint (:mod:`graph.remote`), or a
  :class:`graph.remote.Endpoint` for explicit query/update URLs and timeouts.

Why the extra care (see RELIABILITY.md risks 7-8, O1/O2/O7/O14):
oxrdflib has no transactions, so a document's quads go in with one ``Store.extend`` call
(:func:`load_quads`); a graph without an explicit identifier lands in a random blank-node
graph and looks lost after reopening, so every quad must name its graph; and RocksDB's own
lock error for a second writer is a raw ``OSError``, so we take an ``flock`` on
``DIR/.kg.lock`` first and report the holder's PID.

rdflib, oxrdflib and pyoxigraph are imported inside the functions so ``import graph``
stays cheap.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import StoreError

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

__all__ = [
    "LOCK_FILE_NAME",
    "SOURCE",
    "StoreLockedError",
    "close_dataset",
    "compact",
    "count_quads",
    "document_orders",
    "drop_graphs",
    "encode_graphs",
    "existing_documents",
    "flush",
    "is_persistent",
    "load_file",
    "load_nquads",
    "load_quads",
    "nquads_bytes",
    "open_dataset",
    "parse_nquads",
    "pyoxigraph_store",
    "snapshot",
    "source_key",
    "source_quads",
    "stale_documents",
    "store_path",
    "sync_graphs",
    "write_graphs",
]

LOCK_FILE_NAME = ".kg.lock"

# Bound on every dataset we open: oxrdflib does not persist prefixes (O6), and ad-hoc queries
# (`kg query "SELECT ?c { ?c a kg:Claim }"`) get them as default prefixes.
PREFIXES = {
    "kg": "https://example.org/kg/ns#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
}


class StoreLockedError(StoreError):
    """Another process holds the store's lock file (exit code 4 in the CLI contract)."""

    exit_code = 4


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _is_remote(store: Any) -> bool:
    from graph.remote import Endpoint, is_remote_url

    return is_remote_url(store) or isinstance(store, Endpoint)


def _acquire_lock(directory: Path) -> int:
    """Take a non-blocking exclusive flock on DIR/.kg.lock and write our PID into it.

    flock locks belong to the open file description, so a second open in the same process
    conflicts too, and the kernel drops the lock when the holder dies (no stale locks).
    """
    lock_path = directory / LOCK_FILE_NAME
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot open store {directory}: {_one_line(exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_pid(fd)
        os.close(fd)
        raise StoreLockedError(
            f"store {directory} is in use by another process (pid {holder or 'unknown'})"
        ) from None
    except OSError as exc:
        os.close(fd)
        raise StoreError(f"cannot lock store {directory}: {_one_line(exc)}") from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError as exc:
        _release_lock(fd)
        raise StoreError(f"cannot write lock file {lock_path}: {_one_line(exc)}") from None
    return fd


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


def _release_lock(fd: int) -> None:
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    with contextlib.suppress(OSError):
        os.close(fd)


def _locked_store_class() -> type:
    """An OxigraphStore that remembers its directory and releases our lock on close."""
    from oxrdflib import OxigraphStore

    class LockedOxigraphStore(OxigraphStore):  # type: ignore[misc]
        def __init__(self, ox_store: Any, path: Path, lock_fd: int) -> None:
            super().__init__(store=ox_store)
            self.kg_path = path
            self._kg_lock_fd: int | None = lock_fd
            # An unclosed dataset still drops the lock when it is garbage collected.
            self._kg_finalizer = weakref.finalize(self, _release_lock, lock_fd)

        def close(self, commit_pending_transaction: bool = False) -> None:
            if self._kg_lock_fd is None:
                return
            inner = getattr(self, "_store", None)
            if inner is not None:
                with contextlib.suppress(Exception):
                    inner.flush()
            with contextlib.suppress(AttributeError):
                super().close(commit_pending_transaction)
            self._store = None
            self._kg_lock_fd = None
            self._kg_finalizer()

    return LockedOxigraphStore


STORE_MARKERS = frozenset({LOCK_FILE_NAME, "CURRENT"})
"""A folder holding one of these is a store (ours, or an Oxigraph store made elsewhere)."""


def open_dataset(store: str | os.PathLike[str] | Any | None = None, *, create: bool = True) -> rdflib.Dataset:
    """Open (or create) the dataset behind a graph.

    ``None`` gives Oxigraph in memory; a directory gives a persistent Oxigraph store (created
    if missing, unless ``create`` is false) held exclusively by this process until
    :func:`close_dataset`. A folder that holds other files is never made a store, and an open
    that fails leaves the folder as it found it. Raises StoreLockedError when another process
    holds it, StoreUsageError for no such store or a folder that is not one (exit 2), StoreError
    for anything else.
    """
    from rdflib import Dataset

    if store is None:
        try:
            return _bind_prefixes(Dataset(store="Oxigraph"))
        except Exception as exc:  # plugin missing or broken install
            raise StoreError(f"cannot open an in-memory Oxigraph store: {_one_line(exc)}") from None
    if _is_remote(store):
        from graph.remote import open_remote_dataset

        return _bind_prefixes(open_remote_dataset(store))  # type: ignore[arg-type]

    directory = Path(os.fsdecode(store)).expanduser()
    existed = directory.exists()
    before = _check_store_folder(directory, create=create)
    if not existed:
        try:
            directory.mkdir(parents=True)
        except OSError as exc:
            raise StoreError(f"cannot create store directory {_shown(directory)}: {_one_line(exc)}") from None

    def undo() -> None:
        """Take away what this failed open made: the folder if it was new, else new files."""
        import shutil

        with contextlib.suppress(OSError):
            if not existed:
                shutil.rmtree(directory)
                return
            for entry in os.scandir(directory):
                if entry.name not in before:
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)
                    else:
                        os.unlink(entry.path)

    try:
        lock_fd = _acquire_lock(directory)
    except StoreLockedError:
        raise
    except StoreError:
        undo()
        raise
    try:
        import pyoxigraph

        ox_store = pyoxigraph.Store(str(directory))
    except Exception as exc:  # RocksDB errors arrive as OSError with multi-line text
        _release_lock(lock_fd)
        undo()
        raise StoreError(f"cannot open store {_shown(directory)}: {_one_line(exc)}") from None
    try:
        backend = _locked_store_class()(ox_store, directory, lock_fd)
        return _bind_prefixes(Dataset(store=backend))
    except Exception as exc:
        del ox_store
        _release_lock(lock_fd)
        raise StoreError(f"cannot open store {_shown(directory)}: {_one_line(exc)}") from None


def _shown(path: Path) -> str:
    from graph.report import printable

    return printable(str(path))


def _check_store_folder(directory: Path, *, create: bool) -> set[str]:
    """What the folder holds, checked before anything is written in it: a store, or nothing
    (or nothing yet, when ``create``). StoreUsageError (exit 2) otherwise."""
    from graph.errors import StoreUsageError

    shown = _shown(directory)
    if not directory.exists():
        if not create:
            raise StoreUsageError(f"no such store: {shown} (make one with kg build FILES --store {shown})")
        return set()
    if not directory.is_dir():
        raise StoreUsageError(f"--store {shown} is a file, not a store folder; give a new or empty folder")
    try:
        names = set(os.listdir(directory))
    except OSError as exc:
        raise StoreError(f"cannot open store {shown}: {_one_line(exc)}") from None
    if names & STORE_MARKERS:
        return names
    if not names:
        if not create:
            raise StoreUsageError(
                f"no such store: {shown} is an empty folder (make one with kg build FILES --store {shown})"
            )
        return names
    listed = ", ".join(_shown(Path(n)) for n in sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
    raise StoreUsageError(
        f"{shown} is not a kg store: it holds other files ({listed}); give --store a new or empty folder"
    )


def _bind_prefixes(ds: rdflib.Dataset) -> rdflib.Dataset:
    from rdflib import Namespace

    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, Namespace(namespace), override=True, replace=True)
    return ds


def close_dataset(ds: rdflib.Dataset) -> None:
    """Flush and close the dataset's store and release our lock; safe to call twice."""
    try:
        ds.close()
    except Exception as exc:
        raise StoreError(f"cannot close store: {_one_line(exc)}") from None


def flush(ds: Any) -> None:
    """Write a disk store's buffered writes out. RocksDB holds each index's recent writes in
    memory until a buffer fills, about 0.9 GB over a build's first million quads; a build
    that flushes every so often keeps its memory flat (and loads no slower)."""
    _on_disk(ds, "flush")


def compact(ds: Any) -> None:
    """Finish a disk store's pending compaction now (about a second at 1.5M quads). Left
    pending, it runs when the store is next opened, and deletes files under the read-only
    handles that timed queries open (graph.query)."""
    _on_disk(ds, "optimize")


def _on_disk(ds: Any, method: str) -> None:
    """Call a pyoxigraph Store maintenance method on a disk store; other stores need none."""
    ox_store = pyoxigraph_store(ds)
    if ox_store is None or store_path(ds) is None:
        return
    try:
        getattr(ox_store, method)()
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None


def pyoxigraph_store(ds: Any) -> pyoxigraph.Store | None:
    """The pyoxigraph Store under an oxrdflib-backed graph, or None for other stores.

    Queries and bulk loads go straight to it: converting every result term to rdflib costs
    up to ~6x on large results (PERF.md section 4).
    """
    backend = getattr(ds, "store", None)
    try:
        from oxrdflib import OxigraphStore
    except ImportError:  # pragma: no cover - oxrdflib is a hard dependency
        return None
    if not isinstance(backend, OxigraphStore):
        return None
    if getattr(backend, "_kg_lock_fd", 0) is None:
        raise StoreError("the store is closed")
    try:
        return backend._inner  # oxrdflib creates the in-memory Store lazily here
    except AttributeError:
        raise StoreError("the store is closed") from None


def store_path(ds: Any) -> Path | None:
    """The directory of a disk store opened by :func:`open_dataset`, else None."""
    return getattr(getattr(ds, "store", None), "kg_path", None)


def _graph_name(context: Any) -> Any:
    from rdflib import BNode, URIRef

    identifier = getattr(context, "identifier", context)
    if not isinstance(identifier, URIRef | BNode):
        raise StoreError(f"every quad needs an explicit graph IRI, got {context!r}")
    return identifier


def load_quads(ds: rdflib.Dataset, quads: Sequence[tuple[Any, Any, Any, Any]] | Iterable[Any]) -> int:
    """Add quads ``(s, p, o, graph)`` in one call; returns how many were given.

    On Oxigraph this is one ``Store.extend`` (atomic: all or nothing), so a document is never
    half-written (RELIABILITY.md ST-01, O1). Each quad must name its graph (O2).
    """
    batch = list(quads)  # oxrdflib's addN iterates twice (O14): never pass a generator
    names: dict[int, Any] = {}  # by object (``batch`` keeps them): a chunk has a few graphs
    checked = []
    for s, p, o, g in batch:
        name = names.get(id(g))
        if name is None:
            name = names[id(g)] = _graph_name(g)
        checked.append((s, p, o, name))
    ox_store = pyoxigraph_store(ds)
    if ox_store is None:
        from rdflib import Graph

        try:
            ds.addN((s, p, o, Graph(store=ds.store, identifier=g)) for s, p, o, g in checked)
        except Exception as exc:
            raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None
        return len(batch)

    import pyoxigraph as ox

    # As N-Quads text, parsed and written by Oxigraph in one transaction without the GIL:
    # a quarter of the Python time of building pyoxigraph terms, so a build's writer thread
    # leaves the parser more of the interpreter.
    try:
        data = _nquads(checked)
    except (TypeError, UnicodeEncodeError) as exc:
        raise StoreError(f"invalid RDF term, nothing written: {_one_line(exc)}") from None
    try:
        ox_store.load(data, format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"invalid RDF term, nothing written: {_one_line(exc)}") from None
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None
    return len(batch)


_NQUADS_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
_BLANK_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _nquads(quads: Iterable[tuple[Any, Any, Any, Any]]) -> bytes:
    """rdflib quads as N-Quads. Whatever could end a term early (and so write some other
    quad) is refused here; Oxigraph's parser rejects the rest of what is not valid RDF."""
    from rdflib import BNode, Literal, URIRef

    iris: dict[Any, str] = {}  # predicates, graphs and shared nodes repeat: check each once

    def term(t: Any) -> str:
        if isinstance(t, URIRef):
            written = iris.get(t)
            if written is None:
                if _NOT_IN_IRI.search(t):
                    raise TypeError(f"not an IRI: {str(t)!r}")
                written = iris[t] = f"<{t}>"
            return written
        if isinstance(t, Literal):
            lexical = str.translate(t, _NQUADS_ESCAPES)
            if t.language:
                if not _LANGUAGE.fullmatch(t.language):
                    raise TypeError(f"not a language tag: {t.language!r}")
                return f'"{lexical}"@{t.language}'
            if t.datatype is not None:
                return f'"{lexical}"^^{term(URIRef(t.datatype))}'
            return f'"{lexical}"'
        if isinstance(t, BNode):
            if not _BLANK_LABEL.fullmatch(t):
                raise TypeError(f"not a blank node label: {str(t)!r}")
            return f"_:{t}"
        raise TypeError(f"unsupported RDF term {t!r}")

    return "".join(f"{term(s)} {term(p)} {term(o)} {term(g)} .\n" for s, p, o, g in quads).encode("utf-8")


def count_quads(ds: Any) -> int:
    """How many quads the dataset holds (cheap on Oxigraph: no SPARQL, no rdflib conversion)."""
    ox_store = pyoxigraph_store(ds)
    if ox_store is not None:
        try:
            return len(ox_store)
        except OSError as exc:
            raise StoreError(f"cannot read the store: {_one_line(exc)}") from None
    from graph.remote import endpoint_of

    if endpoint_of(ds) is not None:
        return len(ds.store)
    return sum(1 for _ in ds.quads((None, None, None, None)))


def load_file(ds: Any, path: str | os.PathLike[str], *, format: str | None = None) -> int:
    """Load an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into the dataset.

    Returns the number of quads added. On Oxigraph the load is one transaction and JSON-LD
    contexts are never fetched (O13); triples of single-graph formats go to the default graph.
    An empty store is filled by Oxigraph's bulk loader instead (several times faster, not
    transactional): there is nothing in it to lose, and a load that fails empties it again.
    """
    source = Path(os.fsdecode(path))
    if not source.is_file():
        raise StoreError(f"cannot load {source}: no such file")
    ox_store = pyoxigraph_store(ds)
    before = count_quads(ds)
    if ox_store is None:
        try:
            ds.parse(source, format=format)
        except Exception as exc:
            raise StoreError(f"cannot load {source}: {_one_line(exc)}") from None
        return count_quads(ds) - before

    import pyoxigraph as ox

    aliases = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "json-ld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }
    name = (format or source.suffix.lstrip(".")).lower()
    rdf_format = aliases.get(name) or ox.RdfFormat.from_extension(name) or ox.RdfFormat.from_media_type(name)
    if rdf_format is None:
        raise StoreError(f"cannot load {source}: unknown RDF format {format or source.suffix or '(none)'}")
    bulk = before == 0
    try:
        if bulk:
            ox_store.bulk_load(path=str(source), format=rdf_format)
        else:
            ox_store.load(path=str(source), format=rdf_format)
    except (SyntaxError, OSError, ValueError) as exc:
        if bulk:
            ox_store.clear()
        raise StoreError(f"cannot load {source}: {_one_line(exc)}") from None
    return count_quads(ds) - before


# --------------------------------------------------------------------------- incremental builds

SOURCE = "https://example.org/kg/ns#source"
"""Where a document was read from (``kg:source``), recorded in the document's own graph in
persistent stores, so a changed file (same source, new content hash) replaces its old graph."""


def is_persistent(ds: Any) -> bool:
    """A disk store or a remote endpoint: a store that outlives the run."""
    from graph.remote import endpoint_of

    return store_path(ds) is not None or endpoint_of(ds) is not None


def source_key(source: str | None) -> str | None:
    """The stable key of a document's source: an absolute, normalised path (None for stdin)."""
    if not source or source == "-":
        return None
    if "://" in source:
        return source
    return os.path.abspath(os.path.normpath(source))


def source_quads(doc_iri: Any, source: str) -> list[tuple[Any, Any, Any, Any]]:
    from rdflib import Literal, URIRef

    return [(doc_iri, URIRef(SOURCE), Literal(source), doc_iri)]


def max_integer(ds: Any, predicate: Any) -> int | None:
    """The largest integer object of ``predicate`` in any graph, or None if there is none."""
    from graph.remote import endpoint_of, nt

    endpoint = endpoint_of(ds)
    query = f"SELECT (MAX(?n) AS ?max) WHERE {{ GRAPH ?g {{ ?s {nt(predicate)} ?n }} FILTER(isNumeric(?n)) }}"
    if endpoint is not None:
        rows = endpoint.select(query)
        value = rows[0].get("max", {}).get("value") if rows else None
        return None if value is None else int(float(value))
    ox_store = pyoxigraph_store(ds)
    if ox_store is not None:
        solution = next(iter(ox_store.query(query)), None)
        value = solution["max"] if solution is not None else None
        return None if value is None else int(float(value.value))
    from rdflib import Literal

    numbers = [
        int(o.toPython()) for _, _, o, _ in ds.quads((None, predicate, None, None)) if isinstance(o, Literal)
    ]
    return max(numbers, default=None)


def existing_documents(ds: Any, doc_iris: Iterable[Any]) -> set[Any]:
    """Which of these document graphs the store already holds (by their ``schema:NewsArticle``)."""
    from rdflib import RDF, SDO, URIRef

    wanted = [URIRef(str(d)) for d in doc_iris]
    if not wanted:
        return set()
    from graph.remote import endpoint_of, nt

    endpoint = endpoint_of(ds)
    if endpoint is not None:
        values = " ".join(nt(d) for d in wanted)
        rows = endpoint.select(
            f"SELECT DISTINCT ?d WHERE {{ VALUES ?d {{ {values} }} "
            f"GRAPH ?d {{ ?d {nt(RDF.type)} {nt(SDO.NewsArticle)} }} }}"
        )
        return {URIRef(row["d"]["value"]) for row in rows if "d" in row}
    ox_store = pyoxigraph_store(ds)
    if ox_store is not None:
        import pyoxigraph as ox

        a, article = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SDO.NewsArticle))
        found = set()
        for d in wanted:
            node = ox.NamedNode(str(d))
            if next(iter(ox_store.quads_for_pattern(node, a, article, node)), None) is not None:
                found.add(d)
        return found
    return {d for d in wanted if any(True for _ in ds.quads((d, RDF.type, SDO.NewsArticle, d)))}


def stale_documents(ds: Any, current: dict[str, Any]) -> list[Any]:
    """Document graphs recorded for one of these sources under another IRI (an older version).

    ``current`` maps a source key to the document IRI it has now.
    """
    from rdflib import Literal, URIRef

    if not current:
        return []
    from graph.remote import endpoint_of, nt

    stale: set[Any] = set()
    endpoint = endpoint_of(ds)
    if endpoint is not None:
        values = " ".join(nt(Literal(src)) for src in sorted(current))
        rows = endpoint.select(
            f"SELECT ?d ?src WHERE {{ VALUES ?src {{ {values} }} GRAPH ?d {{ ?d <{SOURCE}> ?src }} }}"
        )
        for row in rows:
            doc, src = URIRef(row["d"]["value"]), row["src"]["value"]
            if src in current and doc != URIRef(str(current[src])):
                stale.add(doc)
        return sorted(stale)
    ox_store = pyoxigraph_store(ds)
    predicate = URIRef(SOURCE)
    for src, doc in current.items():
        if ox_store is not None:
            import pyoxigraph as ox

            found = [
                URIRef(q.subject.value)
                for q in ox_store.quads_for_pattern(None, ox.NamedNode(SOURCE), ox.Literal(src), None)
                if isinstance(q.subject, ox.NamedNode)
            ]
        else:
            found = [s for s, _, _, _ in ds.quads((None, predicate, Literal(src), None))]
        stale.update(d for d in found if d != URIRef(str(doc)))
    return sorted(stale)


def drop_graphs(ds: Any, graphs: Iterable[Any], *, first: str = "") -> int:
    """Remove whole named graphs (old versions of changed documents); returns how many.

    ``first``: a SPARQL Update run before the drops, in the same request (one transaction in
    Oxigraph), for what refers to those graphs' nodes from elsewhere."""
    names = sorted({str(getattr(g, "identifier", g)) for g in graphs})
    if not names:
        return 0
    from graph.remote import endpoint_of

    update = " ;\n".join([*([first] if first else []), *(f"DROP SILENT GRAPH <{name}>" for name in names)])
    endpoint = endpoint_of(ds)
    if endpoint is not None:
        endpoint.update(update)
        return len(names)
    ox_store = pyoxigraph_store(ds)
    if ox_store is not None:
        try:
            ox_store.update(update)
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None
        return len(names)
    ds.update(update)
    return len(names)


def document_orders(ds: Any) -> dict[str, int | None]:
    """Every document graph of an Oxigraph dataset (named by its ``schema:NewsArticle``) and
    its ``kg:documentOrder``."""
    import pyoxigraph as ox

    ox_store = _oxigraph(ds)
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    article = ox.NamedNode("https://schema.org/NewsArticle")
    order = ox.NamedNode("https://example.org/kg/ns#documentOrder")
    found: dict[str, int | None] = {}
    try:
        for quad in ox_store.quads_for_pattern(None, a, article, None):
            if quad.subject != quad.graph_name or not isinstance(quad.subject, ox.NamedNode):
                continue
            value = next(iter(ox_store.quads_for_pattern(quad.subject, order, None, quad.subject)), None)
            found[quad.subject.value] = int(value.object.value) if value is not None else None
    except OSError as exc:
        raise StoreError(f"cannot read the store: {_one_line(exc)}") from None
    return found


def _oxigraph(ds: Any) -> pyoxigraph.Store:
    ox_store = pyoxigraph_store(ds)
    if ox_store is None:
        raise StoreError("this operation needs an Oxigraph store")
    return ox_store


def encode_graphs(graphs: Sequence[tuple[Any, Sequence[tuple[Any, Any, Any, Any]], bool]]) -> tuple[str, Any]:
    """Whole named graphs ready for :func:`write_graphs`: (name, quads, replace) each, where
    ``replace`` says the store may hold an older version of that graph. Pure Python, so a
    build encodes the next graphs while Oxigraph writes the previous ones."""
    try:
        if not any(replace for _g, _q, replace in graphs):
            return "load", _nquads(q for _g, quads, _r in graphs for q in quads)
        parts = []
        for graph, quads, replace in graphs:
            name = f"<{getattr(graph, 'identifier', graph)}>"
            body = _nquads(quads).decode("utf-8")
            # Each N-Quads line is "S P O G ." (a literal's newlines are escaped): drop G.
            triples = "\n".join(line[:-2].rsplit(" ", 1)[0] + " ." for line in body.split("\n") if line)
            if replace:
                parts.append(f"DROP SILENT GRAPH {name}")
            parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{triples}\n}} }}")
        return "update", " ;\n".join(parts)
    except (TypeError, UnicodeEncodeError) as exc:
        raise StoreError(f"invalid RDF term, nothing written: {_one_line(exc)}") from None


def write_graphs(ds: Any, encoded: tuple[str, Any]) -> None:
    """Write what :func:`encode_graphs` made in one transaction: a kill or a reader sees each
    graph's old version or its new one, never a mix. Releases the GIL while it writes."""
    import pyoxigraph as ox

    ox_store = _oxigraph(ds)
    kind, payload = encoded
    try:
        if kind == "load":
            ox_store.load(payload, format=ox.RdfFormat.N_QUADS)
        else:
            ox_store.update(payload)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"invalid RDF term, nothing written: {_one_line(exc)}") from None
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None


def sync_graphs(ds: Any, graphs: Sequence[Any], wanted: Iterable[pyoxigraph.Quad]) -> tuple[int, int]:
    """Make these named graphs hold exactly ``wanted`` (quads in them), in one transaction;
    returns (removed, added). What is already right is not written again."""
    import pyoxigraph as ox

    ox_store = _oxigraph(ds)
    names = [ox.NamedNode(str(getattr(g, "identifier", g))) for g in graphs]
    target = set(wanted)
    try:
        current = {q for name in names for q in ox_store.quads_for_pattern(None, None, None, name)}
    except OSError as exc:
        raise StoreError(f"cannot read the store: {_one_line(exc)}") from None
    remove, add = current - target, target - current
    if not remove and not add:
        return 0, 0
    try:
        if not remove:
            ox_store.extend(sorted(add, key=str))
        else:
            ox_store.update(f"{_data_block('DELETE', remove)} ;\n{_data_block('INSERT', add)}")
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None
    return len(remove), len(add)


def _data_block(verb: str, quads: Iterable[pyoxigraph.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    groups = "\n".join(
        f"GRAPH {g} {{\n" + "\n".join(sorted(lines)) + "\n}" for g, lines in sorted(by_graph.items())
    )
    return f"{verb} DATA {{\n{groups}\n}}"


def parse_nquads(data: bytes) -> list[pyoxigraph.Quad]:
    """N-Quads bytes (as :func:`load_quads` writes them) as pyoxigraph quads."""
    import pyoxigraph as ox

    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise StoreError(f"invalid N-Quads: {_one_line(exc)}") from None


def nquads_bytes(quads: Iterable[tuple[Any, Any, Any, Any]]) -> bytes:
    """rdflib quads as N-Quads bytes (what :func:`load_quads` writes); TypeError for a bad term."""
    return _nquads(quads)


def load_nquads(ds: Any, data: bytes) -> int:
    """Load N-Quads bytes: Oxigraph's own parser in one transaction (the fast path, PERF.md 2)."""
    ox_store = pyoxigraph_store(ds)
    if ox_store is None:
        from rdflib import Dataset

        staging = Dataset()
        staging.parse(data=data.decode("utf-8"), format="nquads")
        return load_quads(ds, list(staging.quads((None, None, None, None))))
    import pyoxigraph as ox

    before = len(ox_store)
    try:
        ox_store.load(data, format=ox.RdfFormat.N_QUADS)
    except SyntaxError as exc:
        raise StoreError(f"invalid N-Quads, nothing written: {_one_line(exc)}") from None
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None
    return len(ox_store) - before


def snapshot(store: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Copy a disk store to ``target`` (a new directory) for serving (RELIABILITY.md ST-05).

    Takes the store's lock for the copy, so it fails with StoreLockedError (exit 4) while a
    build writes; the copy (RocksDB hard links, cheap) is then independent of later builds.
    """
    directory = Path(os.fsdecode(store)).expanduser()
    destination = Path(os.fsdecode(target))
    ds = open_dataset(directory, create=False)
    try:
        ox_store = pyoxigraph_store(ds)
        assert ox_store is not None
        try:
            ox_store.flush()
            ox_store.backup(str(destination))
        except OSError as exc:
            raise StoreError(f"cannot snapshot store {directory}: {_one_line(exc)}") from None
    finally:
        close_dataset(ds)
    return destination
