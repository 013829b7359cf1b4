"""The extraction archive of a build: each document's records as its extractors made them.

Which mentions are one entity, its label and aliases, the mention totals and the links
between claims depend on every document of the graph, not on one. So a build first keeps
what each document's extractors found, as they found it, and then derives the graph from
all of it (:mod:`graph.settle`): a store holds the same graph whatever order and batches its
documents came in, and a build killed at any moment leaves an archive the next build
completes from, without running the NLP again on what was already read.

A directory store keeps its archive next to its data (``DIR/kg-archive.sqlite3``); an
in-memory build keeps one in memory. SQLite (standard library) because each chunk of
documents goes in with one transaction, which a kill cannot leave half-done.

The archive is the commit point of a store's contents: a document is in the store when its
records are here. Its graph is derived, and ``built`` remembers for what (a fingerprint), so
only graphs whose inputs changed are written again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from graph.errors import StoreError, StoreUsageError
from graph.records import Extraction, from_dict, to_dict

__all__ = ["FILE_NAME", "Archive"]

FILE_NAME = "kg-archive.sqlite3"
VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS document (
    id TEXT PRIMARY KEY,      -- content hash (graph.records.Document.id)
    record BLOB NOT NULL,     -- zlib(JSON) of the Extraction, before cross-document resolution
    built TEXT,               -- fingerprint of the graph written for it; NULL: none yet
    shared BLOB               -- zlib(N-Quads) of what that graph's document adds to the entities
                              -- graph besides describing its entities (publisher, roles, claimants)
);
CREATE TABLE IF NOT EXISTS source (
    key TEXT PRIMARY KEY,     -- graph.store.source_key of a path the document was read from
    document TEXT NOT NULL REFERENCES document(id)
);
CREATE INDEX IF NOT EXISTS source_document ON source(document);
"""


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


class Archive:
    """One build's view of the archive; only the process holding the store's lock writes it."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        try:
            self._db = sqlite3.connect(
                ":memory:" if self.path is None else str(self.path),
                isolation_level=None,  # transactions are explicit (BEGIN ... COMMIT)
                check_same_thread=False,
            )
            self._db.executescript(_SCHEMA)
            found = self._meta("version")
            if found is None:
                self._set_meta("version", VERSION)
            elif found != VERSION:
                raise StoreError(
                    f"cannot read the archive {self.path}: made by another version of kg ({found})"
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the archive {self.path or '(memory)'}: {_one_line(exc)}") from None

    # ------------------------------------------------------------------ bookkeeping

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def check_base(self, base: str) -> None:
        """A store's IRIs all share one base: refuse another one rather than mix two graphs."""
        found = self._meta("base")
        if found is None:
            self._write(lambda: self._set_meta("base", base))
        elif found != base:
            raise StoreUsageError(
                f"this store was built with --base {found}; build into another folder for --base {base}"
            )

    def _write(self, work) -> None:  # type: ignore[no-untyped-def]
        """Run ``work`` in one transaction: all of it is kept, or none of it."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                work()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot write the archive {self.path or '(memory)'}: {_one_line(exc)}"
            ) from None

    # ------------------------------------------------------------------ documents in

    def has(self, ids: Iterable[str]) -> set[str]:
        """Which of these documents the archive holds."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            found.update(
                row[0] for row in self._db.execute(f"SELECT id FROM document WHERE id IN ({marks})", part)
            )
        return found

    def add(self, extractions: Sequence[Extraction], sources: Mapping[str, Iterable[str]]) -> None:
        """Keep new documents' records and where each was read from, in one transaction.

        ``sources`` maps a document id to its source keys (none for stdin). A path that held
        another document before now holds this one; a document no path holds any more (an old
        version of a changed file) leaves the archive, and its graph the store (graph.settle).
        """

        def work() -> None:
            for extraction in extractions:
                data = zlib.compress(json.dumps(to_dict(extraction), ensure_ascii=False).encode("utf-8"), 6)
                self._db.execute(
                    "INSERT OR IGNORE INTO document (id, record, built) VALUES (?, ?, NULL)",
                    (extraction.document.id, data),
                )
            self._claim_sources(sources)

        self._write(work)

    def add_sources(self, sources: Mapping[str, Iterable[str]]) -> None:
        """Documents already archived, read again from (maybe) new paths."""
        self._write(lambda: self._claim_sources(sources))

    def _claim_sources(self, sources: Mapping[str, Iterable[str]]) -> None:
        losers: set[str] = set()
        for doc_id, keys in sources.items():
            for key in keys:
                row = self._db.execute("SELECT document FROM source WHERE key = ?", (key,)).fetchone()
                if row is not None and row[0] != doc_id:
                    losers.add(row[0])
                self._db.execute("INSERT OR REPLACE INTO source (key, document) VALUES (?, ?)", (key, doc_id))
        for doc_id in sorted(losers):
            left = self._db.execute("SELECT 1 FROM source WHERE document = ? LIMIT 1", (doc_id,)).fetchone()
            if left is None:
                self._db.execute("DELETE FROM document WHERE id = ?", (doc_id,))

    # ------------------------------------------------------------------ documents out

    def members(self) -> list[str]:
        """Every archived document id, sorted."""
        return [row[0] for row in self._db.execute("SELECT id FROM document ORDER BY id")]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM document").fetchone()[0])

    def load(self, ids: Sequence[str]) -> list[Extraction]:
        """The archived records of these documents, in the order asked."""
        out = []
        for doc_id in ids:
            row = self._db.execute("SELECT record FROM document WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise StoreError(f"the archive holds no document {doc_id}")
            try:
                out.append(from_dict(Extraction, json.loads(zlib.decompress(row[0]))))
            except (zlib.error, ValueError, TypeError, KeyError) as exc:
                raise StoreError(
                    f"the archive's record of document {doc_id} is unreadable ({_one_line(exc)}); "
                    "build into a new folder"
                ) from None
        return out

    def sources(self) -> dict[str, list[str]]:
        """Each archived document's source keys, sorted (documents read from stdin have none)."""
        found: dict[str, list[str]] = {}
        for key, doc_id in self._db.execute("SELECT key, document FROM source ORDER BY key"):
            found.setdefault(doc_id, []).append(key)
        return found

    def built(self) -> dict[str, str | None]:
        """Each archived document's graph fingerprint (None: its graph is still to be written)."""
        return dict(self._db.execute("SELECT id, built FROM document"))

    def set_built(self, done: Mapping[str, tuple[str, bytes]]) -> None:
        """Record, after the graphs were written, each one's fingerprint and its share of the
        entities graph (N-Quads)."""

        def work() -> None:
            self._db.executemany(
                "UPDATE document SET built = ?, shared = ? WHERE id = ?",
                [(fp, zlib.compress(shared, 6), d) for d, (fp, shared) in done.items()],
            )

        self._write(work)

    def shared(self) -> bytes:
        """Every document's share of the entities graph (N-Quads), as recorded by set_built."""
        return b"".join(
            zlib.decompress(row[0])
            for row in self._db.execute("SELECT shared FROM document WHERE shared IS NOT NULL ORDER BY id")
        )

    def remove(self, ids: Iterable[str]) -> None:
        """Leave documents out for good (their records could not be turned into a graph)."""
        drop = sorted(set(ids))

        def work() -> None:
            self._db.executemany("DELETE FROM source WHERE document = ?", [(d,) for d in drop])
            self._db.executemany("DELETE FROM document WHERE id = ?", [(d,) for d in drop])

        if drop:
            self._write(work)
