"""graph.store: in-memory and on-disk Oxigraph, reopening, our lock file, atomic batch loads.

RELIABILITY.md risks 7-8 and ST-04/ST-08: data written into explicit named graphs must survive
a reopen in a new process, and a second writer must fail fast with exit code 4 and the PID of
the holder, never with RocksDB's raw error.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.errors import StoreError
from graph.store import (
    StoreLockedError,
    close_dataset,
    load_quads,
    open_dataset,
    pyoxigraph_store,
    store_path,
)

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://example.org/kg/"
DOC = URIRef(BASE + "doc/0123456789abcdef")
DOC2 = URIRef(BASE + "doc/fedcba9876543210")
PERSON = URIRef("https://schema.org/Person")


def quads(n: int = 10, graph: URIRef = DOC, start: int = 0) -> list[tuple]:
    out = []
    for i in range(start, start + n):
        e = URIRef(f"{BASE}person/p{i}")
        out += [(e, RDF.type, PERSON, graph), (e, RDFS.label, Literal(f"Person {i}"), graph)]
    return out


def python(code: str, **kwargs) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter that imports this checkout's ``graph``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


# ----------------------------------------------------------------- in memory


def test_in_memory_is_oxigraph():
    from oxrdflib import OxigraphStore

    ds = open_dataset()
    try:
        assert isinstance(ds, Dataset)
        assert isinstance(ds.store, OxigraphStore)
        assert pyoxigraph_store(ds) is not None
        assert store_path(ds) is None
        assert load_quads(ds, quads(10)) == 20
        assert len(ds) == 20
        assert len(ds.graph(DOC)) == 20
    finally:
        close_dataset(ds)


def test_pyoxigraph_store_is_none_for_other_stores():
    assert pyoxigraph_store(Dataset()) is None
    assert pyoxigraph_store(object()) is None


def test_load_quads_on_rdflib_memory_store():
    ds = Dataset()
    assert load_quads(ds, quads(3)) == 6
    assert len(ds.graph(DOC)) == 6


def test_load_quads_needs_an_explicit_graph():
    ds = open_dataset()
    s, p, o, _ = quads(1)[0]
    with pytest.raises(StoreError, match="explicit graph"):
        load_quads(ds, [(s, p, o, None)])
    assert len(ds) == 0


def test_load_quads_is_all_or_nothing():
    """One bad term rejects the whole batch: a document is never half-written (ST-01, O1)."""
    ds = open_dataset()
    batch = [*quads(5), (URIRef("http://example.org/a b"), RDFS.label, Literal("x"), DOC)]
    with pytest.raises(StoreError) as info:
        load_quads(ds, batch)
    assert "\n" not in str(info.value)
    assert len(ds) == 0


def test_load_quads_accepts_graph_objects_and_keeps_literal_forms():
    ds = open_dataset()
    g = ds.graph(DOC2)
    load_quads(
        ds,
        [
            (URIRef(BASE + "a"), RDFS.label, Literal("plain"), g),
            (URIRef(BASE + "a"), RDFS.comment, Literal("hallo", lang="de"), g),
            (URIRef(BASE + "a"), URIRef(BASE + "n"), Literal(3), g),
        ],
    )
    # oxrdflib reads plain literals back as xsd:string (the same RDF 1.1 term): compare via pyoxigraph
    import pyoxigraph as ox

    objects = {
        q.object for q in pyoxigraph_store(ds).quads_for_pattern(None, None, None, ox.NamedNode(str(DOC2)))
    }
    assert objects == {
        ox.Literal("plain"),
        ox.Literal("hallo", language="de"),
        ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    }


def test_unreachable_remote_store_is_one_line_store_error():
    # Remote endpoints are tested against a real server in tests/store/test_remote.py.
    with pytest.raises(StoreError, match=r"^SPARQL endpoint http://127\.0\.0\.1:1/query: cannot connect"):
        open_dataset("http://127.0.0.1:1")


# ----------------------------------------------------------------- on disk


def test_disk_store_reopens_with_same_data(tmp_path):
    path = tmp_path / "store"
    ds = open_dataset(path)
    assert path.is_dir() and store_path(ds) == path
    load_quads(ds, quads(10) + quads(3, DOC2, start=100))
    assert len(ds) == 26
    close_dataset(ds)
    close_dataset(ds)  # twice is fine

    ds = open_dataset(str(path))
    try:
        assert len(ds) == 26
        assert len(ds.graph(DOC)) == 20 and len(ds.graph(DOC2)) == 6
    finally:
        close_dataset(ds)


def test_disk_store_survives_reopen_in_a_new_process(tmp_path):
    path = tmp_path / "store"
    written = python(f"""
        from rdflib import Literal, URIRef
        from graph.store import open_dataset, load_quads, close_dataset
        doc = URIRef("{DOC}")
        ds = open_dataset({str(path)!r})
        load_quads(ds, [(URIRef("{BASE}person/p%d" % i), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                         Literal("P%d" % i), doc) for i in range(50)])
        print(len(ds))
        close_dataset(ds)
    """)
    assert written.returncode == 0, written.stderr
    assert written.stdout.split() == ["50"]

    ds = open_dataset(path)
    try:
        assert len(ds) == 50
        assert {g.identifier for g in ds.graphs() if len(g)} == {DOC}
        load_quads(ds, quads(2, DOC2, start=100))
    finally:
        close_dataset(ds)

    read = python(f"""
        from graph.store import open_dataset, close_dataset
        ds = open_dataset({str(path)!r})
        print(len(ds))
        close_dataset(ds)
    """)
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == ["54"]


def test_path_that_is_a_file_is_a_one_line_store_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("not a store")
    with pytest.raises(StoreError) as info:
        open_dataset(target)
    assert not isinstance(info.value, StoreLockedError)
    assert "\n" not in str(info.value) and str(target) in str(info.value)


def test_broken_store_is_a_one_line_error_and_releases_the_lock(tmp_path):
    path = tmp_path / "store"
    path.mkdir()
    (path / "CURRENT").write_text("garbage-that-is-not-a-manifest\n")
    with pytest.raises(StoreError) as info:
        open_dataset(path)
    assert info.value.exit_code == 5
    assert "\n" not in str(info.value)
    # Nothing left behind: not our lock file, nor RocksDB's LOCK and LOG; so no lock held.
    assert os.listdir(path) == ["CURRENT"]
    with pytest.raises(StoreError) as again:
        open_dataset(path)
    assert again.value.exit_code == 5 and os.listdir(path) == ["CURRENT"]


# ----------------------------------------------------------------- the lock


def test_second_open_in_the_same_process_is_refused(tmp_path):
    path = tmp_path / "store"
    ds = open_dataset(path)
    try:
        with pytest.raises(StoreLockedError, match=rf"pid {os.getpid()}\)"):
            open_dataset(path)
    finally:
        close_dataset(ds)
    close_dataset(open_dataset(path))  # the lock went with close()


@pytest.fixture()
def holder(tmp_path):
    """A separate process that opens the store and holds it until told to stop."""
    path = tmp_path / "store"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code = textwrap.dedent(f"""
        import sys
        from graph.store import open_dataset, close_dataset, load_quads
        from rdflib import Literal, URIRef
        ds = open_dataset({str(path)!r})
        load_quads(ds, [(URIRef("{BASE}a"), URIRef("{BASE}p"), Literal("x"), URIRef("{DOC}"))])
        print("ready", flush=True)
        sys.stdin.readline()
        close_dataset(ds)
        print("done", flush=True)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        yield path, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_second_writer_fails_fast_with_the_holders_pid(holder):
    path, proc = holder
    started = time.monotonic()
    with pytest.raises(StoreLockedError) as info:
        open_dataset(path)
    assert time.monotonic() - started < 2
    assert str(info.value) == f"store {path} is in use by another process (pid {proc.pid})"
    assert info.value.exit_code == 4
    assert isinstance(info.value, StoreError)

    out, err = proc.communicate("\n", timeout=30)  # the holder is unaffected and finishes
    assert proc.returncode == 0, err
    assert out.strip() == "done"
    ds = open_dataset(path)
    try:
        assert len(ds) == 1
    finally:
        close_dataset(ds)


def test_lock_of_a_killed_holder_is_released(holder):
    path, proc = holder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    ds = open_dataset(path)  # flock dies with its process: no stale lock
    try:
        assert len(ds) == 1
    finally:
        close_dataset(ds)


def test_second_writer_in_a_subprocess_exits_quickly(holder):
    path, _ = holder
    started = time.monotonic()
    result = python(f"""
        import sys
        from graph.store import open_dataset
        try:
            open_dataset({str(path)!r})
        except Exception as exc:
            print(type(exc).__name__, exc.exit_code, exc)
            sys.exit(exc.exit_code)
    """)
    assert time.monotonic() - started < 10
    assert result.returncode == 4, result.stderr
    assert result.stdout.startswith("StoreLockedError 4 store ")


# ----------------------------------------------------------------- files, counts, prefixes


def test_load_file_and_count_quads(tmp_path):
    ttl = tmp_path / "graph.ttl"
    ttl.write_text(
        "@prefix schema: <https://schema.org/> .\n"
        '<https://example.org/kg/person/a> a schema:Person ; schema:name "A" .\n',
        encoding="utf-8",
    )
    trig = tmp_path / "graph.trig"
    trig.write_text(f"<{DOC}> {{ <{BASE}person/b> a <https://schema.org/Person> . }}\n", encoding="utf-8")
    for ds in (open_dataset(), Dataset()):
        from graph.store import count_quads, load_file

        assert load_file(ds, ttl) == 2
        assert load_file(ds, trig, format="trig") == 1
        assert count_quads(ds) == 3
        assert len(ds.graph(DOC)) == 1


def test_load_file_errors_are_one_line(tmp_path):
    from graph.store import load_file

    ds = open_dataset()
    with pytest.raises(StoreError, match="no such file"):
        load_file(ds, tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    with pytest.raises(StoreError) as info:
        load_file(ds, bad)
    assert "\n" not in str(info.value)
    odd = tmp_path / "graph.xyz"
    odd.write_text("")
    with pytest.raises(StoreError, match="unknown RDF format"):
        load_file(ds, odd)


@pytest.mark.parametrize("on_disk", [False, True])
def test_a_failed_load_leaves_the_store_as_it_was(tmp_path, on_disk):
    """An empty store is bulk-loaded (not transactional) and emptied again on failure; a store
    with data is loaded in one transaction, so a bad file adds nothing to it."""
    from graph.store import count_quads, load_file

    good = tmp_path / "good.nq"
    good.write_text(f'<{BASE}person/a> <https://schema.org/name> "A" <{DOC}> .\n', encoding="utf-8")
    broken = tmp_path / "broken.nq"
    broken.write_text(
        "".join(f'<{BASE}person/p{i}> <https://schema.org/name> "P{i}" <{DOC}> .\n' for i in range(500))
        + "<oops> .\n",
        encoding="utf-8",
    )
    ds = open_dataset(tmp_path / "store" if on_disk else None)
    try:
        with pytest.raises(StoreError, match="cannot load"):
            load_file(ds, broken)
        assert count_quads(ds) == 0
        assert load_file(ds, good) == 1
        with pytest.raises(StoreError, match="cannot load"):
            load_file(ds, broken)
        assert count_quads(ds) == 1
    finally:
        close_dataset(ds)


def test_project_prefixes_are_bound_for_ad_hoc_queries():
    from graph.query import run

    ds = open_dataset()
    load_quads(ds, [(URIRef(BASE + "claim/1"), RDF.type, URIRef("https://example.org/kg/ns#Claim"), DOC)])
    assert run(ds, "SELECT ?c WHERE { ?c a kg:Claim }").rows == [(BASE + "claim/1",)]


def test_a_term_that_would_end_early_is_refused_and_nothing_is_written():
    """Quads go to Oxigraph as N-Quads text: an IRI, language tag or blank node label that
    could close its term and start another quad is refused before anything is written."""
    from rdflib import BNode, Literal

    from graph.store import count_quads

    ds = open_dataset()
    s, p = URIRef(BASE + "person/a"), URIRef("https://schema.org/name")
    for bad in (URIRef('http://x/> <http://x/p> "injected" <http://x/g'), BNode("a b")):
        with pytest.raises(StoreError, match="invalid RDF term, nothing written"):
            load_quads(ds, [(s, p, Literal("fine"), DOC), (s, p, bad, DOC)])
    assert count_quads(ds) == 0
    tricky = Literal('quote " backslash \\ newline \n return \r tab \t')
    assert load_quads(ds, [(s, p, tricky, DOC), (s, p, Literal("Fr", lang="fr-CA"), DOC)]) == 2
    assert {str(o) for _, _, o, _ in ds.quads((s, p, None, None))} == {str(tricky), "Fr"}
    close_dataset(ds)
