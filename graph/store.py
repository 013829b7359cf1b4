"""Open the RDF store a graph lives in: the one place that knows the choices.

* ``None``            -> Oxigraph in memory (``Dataset(store="Oxigraph")``, via oxrdflib);
* a directory path    -> Oxigraph on disk (RocksDB), guarded by our own lock file;
* ``http(s)://`` URL  -> a remote SPARQL endpoint (not supported yet: StoreError).

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
    "StoreLockedError",
    "close_dataset",
    "count_quads",
    "load_file",
    "load_quads",
    "open_dataset",
    "pyoxigraph_store",
    "store_path",
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


def _is_remote(store: str | os.PathLike[str]) -> bool:
    return isinstance(store, str) and store.lower().startswith(("http://", "https://"))


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


def open_dataset(store: str | os.PathLike[str] | None = None) -> rdflib.Dataset:
    """Open (or create) the dataset behind a graph.

    ``None`` gives Oxigraph in memory; a directory gives a persistent Oxigraph store (created
    if missing) held exclusively by this process until :func:`close_dataset`.
    Raises StoreLockedError when another process holds it, StoreError for anything else.
    """
    from rdflib import Dataset

    if store is None:
        try:
            return _bind_prefixes(Dataset(store="Oxigraph"))
        except Exception as exc:  # plugin missing or broken install
            raise StoreError(f"cannot open an in-memory Oxigraph store: {_one_line(exc)}") from None
    if _is_remote(store):
        raise StoreError("remote SPARQL stores are not supported yet")

    directory = Path(os.fsdecode(store)).expanduser()
    if directory.exists() and not directory.is_dir():
        raise StoreError(f"cannot open store {directory}: not a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create store directory {directory}: {_one_line(exc)}") from None

    lock_fd = _acquire_lock(directory)
    try:
        import pyoxigraph

        ox_store = pyoxigraph.Store(str(directory))
    except Exception as exc:  # RocksDB errors arrive as OSError with multi-line text
        _release_lock(lock_fd)
        raise StoreError(f"cannot open store {directory}: {_one_line(exc)}") from None
    try:
        backend = _locked_store_class()(ox_store, directory, lock_fd)
        return _bind_prefixes(Dataset(store=backend))
    except Exception as exc:
        del ox_store
        _release_lock(lock_fd)
        raise StoreError(f"cannot open store {directory}: {_one_line(exc)}") from None


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


def _to_ox_term(term: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


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
    checked = [(s, p, o, _graph_name(g)) for s, p, o, g in batch]
    ox_store = pyoxigraph_store(ds)
    if ox_store is None:
        from rdflib import Graph

        try:
            ds.addN((s, p, o, Graph(store=ds.store, identifier=g)) for s, p, o, g in checked)
        except Exception as exc:
            raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None
        return len(batch)

    import pyoxigraph as ox

    try:
        ox_quads = [
            ox.Quad(_to_ox_term(s), _to_ox_term(p), _to_ox_term(o), _to_ox_term(g)) for s, p, o, g in checked
        ]
    except (TypeError, ValueError) as exc:
        raise StoreError(f"invalid RDF term, nothing written: {_one_line(exc)}") from None
    try:
        ox_store.extend(ox_quads)
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None
    return len(batch)


def count_quads(ds: Any) -> int:
    """How many quads the dataset holds (cheap on Oxigraph: no SPARQL, no rdflib conversion)."""
    ox_store = pyoxigraph_store(ds)
    if ox_store is not None:
        try:
            return len(ox_store)
        except OSError as exc:
            raise StoreError(f"cannot read the store: {_one_line(exc)}") from None
    return sum(1 for _ in ds.quads((None, None, None, None)))


def load_file(ds: Any, path: str | os.PathLike[str], *, format: str | None = None) -> int:
    """Load an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into the dataset.

    Returns the number of quads added. On Oxigraph the load is one transaction and JSON-LD
    contexts are never fetched (O13); triples of single-graph formats go to the default graph.
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
    try:
        ox_store.load(path=str(source), format=rdf_format)
    except SyntaxError as exc:
        raise StoreError(f"cannot load {source}: {_one_line(exc)}") from None
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot load {source}: {_one_line(exc)}") from None
    return count_quads(ds) - before
