# ruff: noqa: N802 - test names carry the catalog row id (IN-07 -> test_IN_07_...)
"""Store and process layer of the reliability catalog (RELIABILITY.md §3.3, ST-01..ST-13).

======  ==========================================================================================
Row     Where
======  ==========================================================================================
ST-01   here (slow): ``kill -9`` of ``kg build --store`` at random moments (4 rounds); every
        document graph in the reopened store is complete; the resumed build equals a clean one
ST-02   here: a writer killed mid-export leaves the old file intact; its temp file is removed by
        the next export (graph.atomic)
ST-03   here (slow): SIGINT -> 130, SIGTERM -> 143, one line, lock released, whole documents only;
        that one line is the run summary so far ("kg: error: terminated: N seen; M processed"),
        and ``--report FILE`` is written with ``interrupted`` and the exit code (graph/cli.py
        ``_stopped``; the counts come from the RunReport the CLI hands to ``api.build``); a
        signal at six moments (extracting, writing documents, writing the corpus graphs, each
        export, the renames) leaves the previous exports or all the new ones, and the next
        build completes the store. The build under test gets SIGINT back (``make test &``
        starts it ignored). Renames under signals: tests/unit/test_atomic.py; 100 PolNeAR
        articles killed with -9 at four moments: tests/store/test_polnear_store.py
ST-04   here: a second writer exits 4 within 5 s naming the store and the holder's PID; the first
        is unaffected. Also tests/store/test_persistent.py, tests/unit/test_store.py
ST-05   here: ``kg serve`` refuses to snapshot a store a build holds (StoreLockedError, exit 4)
ST-06   here: a full tmpfs under the store -> exit 5 "No space left"; after freeing space the
        store reopens with whole documents and the build completes (root + mount only, else skip)
ST-07   here: RLIMIT_FSIZE (EFBIG) during the exports -> exit 5, old export intact, no temp left
ST-08   here: a store reopened in a new process: same quads, same named graphs, prefixes bound
ST-09   here: a store made by the pinned pyoxigraph opens; dump + load (the upgrade path) is exact
ST-10   here: refused and hung endpoints fail fast with one-line errors; HTTP 500 / truncated
        200 / auth failures: tests/store/test_remote.py (fake endpoint with modes)
ST-11   here (slow): a Dask worker killed during ``build(scheduler=...)``; the graph equals a
        single-process build (skipped when dask.distributed is missing)
ST-12   here: a second build of the same corpus writes byte-identical exports in every format
ST-13   here: rdflib Memory, Oxigraph in memory and Oxigraph on disk give the same canonical
        N-Quads; remote endpoint parity: tests/store/test_remote.py
======  ==========================================================================================
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from graph.store import LOCK_FILE_NAME, StoreLockedError, open_dataset

from ._support import ARTICLE, KG, build, cli, extract, kg_process, nquads, read_report

pytestmark = pytest.mark.model

N_DOCS = 120


def _write_corpus(folder: Path, count: int = N_DOCS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"doc{i:03d}.txt").write_text(
            f'Report {i}: John Smith said on Monday that "plan number {i} is complete." '
            f"Acme Corp declined to comment on item {i}, a spokesman for the council of Leeds told reporters.\n",
            encoding="utf-8",
        )
    return folder


def _graphs(store: Path) -> dict[str, frozenset[str]]:
    """Every named graph of a store directory and its triples (opened and closed here)."""
    from graph.store import close_dataset, pyoxigraph_store

    ds = open_dataset(store)
    try:
        groups: dict[str, set[str]] = defaultdict(set)
        for quad in pyoxigraph_store(ds).quads_for_pattern(None, None, None, None):
            groups[str(quad.graph_name)].add(f"{quad.subject} {quad.predicate} {quad.object}")
        return {name: frozenset(triples) for name, triples in groups.items()}
    finally:
        close_dataset(ds)


def _document_graphs(graphs: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    return {name: triples for name, triples in graphs.items() if "/doc/" in name}


def _build_args(corpus: Path, store: Path, out: Path) -> list[str]:
    return [
        "build",
        str(corpus),
        "--store",
        str(store),
        "--out",
        str(out),
        "--format",
        "ttl",
        "--no-validate",
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("corpus") / "docs")


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, frozenset[str]]:
    """The named graphs of an uninterrupted build of the corpus (in a fresh process)."""
    work = tmp_path_factory.mktemp("clean")
    done = kg_process(_build_args(corpus, work / "store", work / "out"), cwd=work)
    assert done.returncode == 0, done.stderr
    return _graphs(work / "store")


def _wait_for(path: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def _assert_whole_documents(store: Path, clean: dict[str, frozenset[str]]) -> int:
    docs = _document_graphs(_graphs(store))
    reference = _document_graphs(clean)
    for name, triples in docs.items():
        assert triples == reference[name], f"document graph {name} is partial"
    return len(docs)


# --------------------------------------------------------------------------- ST-01 .. ST-03


@pytest.mark.slow
def test_ST_01_kill_9_during_a_store_build_keeps_whole_documents(
    corpus: Path, clean: dict[str, frozenset[str]], tmp_path: Path
) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    rng = random.Random(20240501)
    present = []
    for _round in range(4):
        process = subprocess.Popen(
            [*KG, *_build_args(corpus, store, out)],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(store / LOCK_FILE_NAME, process)
        time.sleep(rng.uniform(0.5, 3.0))
        process.kill()
        process.wait(30)
        present.append(_assert_whole_documents(store, clean))  # reopens: lock released, whole docs
    done = kg_process(_build_args(corpus, store, out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _graphs(store) == clean, "the resumed build differs from an uninterrupted one"
    assert present == sorted(present)


def _default_sigint() -> None:
    """In the child: SIGINT as a shell's foreground job gets it. A job started with ``&``
    (``make test &``) inherits SIGINT ignored, and so would the build it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _messages(err: bytes) -> list[bytes]:
    """stderr without the progress lines ("kg build: <stage>: ...")."""
    return [line for line in err.strip().splitlines() if not line.startswith(b"kg build: ")]


def _signal_during_build(
    sig: int, corpus: Path, tmp_path: Path, *extra: str
) -> tuple[subprocess.Popen, bytes, Path]:
    store = tmp_path / "store"
    process = subprocess.Popen(
        [*KG, *_build_args(corpus, store, tmp_path / "out"), *extra],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )
    _wait_for(store / LOCK_FILE_NAME, process)
    time.sleep(2.0)
    if process.poll() is not None:
        pytest.skip("the build finished before the signal; make the corpus larger")
    process.send_signal(sig)
    _out, err = process.communicate(timeout=60)
    return process, err, store


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ST_03_sigint_and_sigterm_stop_cleanly(
    sig: int, code: int, corpus: Path, clean: dict[str, frozenset[str]], tmp_path: Path
) -> None:
    process, err, store = _signal_during_build(sig, corpus, tmp_path)
    assert process.returncode == code, err
    assert b"Traceback" not in err and len(_messages(err)) <= 1, err
    _assert_whole_documents(store, clean)  # reopens: the lock was released


@pytest.mark.slow
@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "code", "word"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")]
)
def test_ST_03_interrupted_build_prints_its_summary(
    sig: int, code: int, word: str, corpus: Path, tmp_path: Path
) -> None:
    process, err, _store = _signal_during_build(sig, corpus, tmp_path, "--report", str(tmp_path / "run.json"))
    assert process.returncode == code
    assert b" seen; " in err and b"processed" in err
    assert [line.decode() for line in _messages(err)][-1].startswith(f"kg: error: {word}: "), err
    report = read_report(tmp_path / "run.json")
    assert report["interrupted"] == signal.Signals(sig).name and report["exit_code"] == code
    assert report["seen"] >= report["processed"] >= 0  # the counts so far (the model may still load)
    assert report["triples_added"] is None and report["files_written"] == []
    assert f"{report['seen']} seen; {report['processed']} processed" in err.decode()


EXPORTS = ("graph.ttl", "graph.nq", "graph.html")


def _exports(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.is_dir() else {}


@pytest.mark.slow
def test_ST_03_an_interrupt_at_any_moment_leaves_the_old_exports_or_all_the_new_ones(
    corpus: Path, tmp_path: Path
) -> None:
    """SIGINT / SIGTERM during the extraction, the document writes, each export and the final
    renames: the exports are the previous ones byte for byte, or all the new ones; the store
    reopens, and the next build completes it."""
    reference = tmp_path / "reference"
    args = ["--format", "ttl,nq,html", "--no-validate"]
    done = kg_process(
        ["build", str(corpus), "--store", str(reference / "store"), "--out", str(reference / "out"), *args],
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    new = _exports(reference / "out")
    store, out = tmp_path / "store", tmp_path / "out"
    out.mkdir()
    for name in EXPORTS:
        (out / name).write_bytes(b"the previous " + name.encode())
    old = _exports(out)
    moments = [  # (signal, the line after which it is sent)
        (signal.SIGINT, r"loading the language model: "),  # extracting
        (signal.SIGTERM, r"resolving entities: \d+ documents, "),
        (signal.SIGINT, r"writing entities, totals and claim links: "),
        (signal.SIGTERM, r"writing graph\.ttl: "),
        (signal.SIGINT, r"writing graph\.nq: "),
        (signal.SIGTERM, r"writing graph\.html: "),  # the renames themselves
    ]
    codes, states = [], []
    for sig, moment in moments:
        process = subprocess.Popen(
            [*KG, "build", str(corpus), "--store", str(store), "--out", str(out), *args],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_default_sigint,
        )
        assert process.stderr is not None
        seen = []
        for line in process.stderr:
            seen.append(line)
            if re.search(moment, line):
                process.send_signal(sig)
                break
        rest = process.communicate(timeout=120)[1]
        assert process.returncode in (0, 130, 143), "".join(seen) + rest
        assert "Traceback" not in rest
        assert _exports(out) in (old, new), moment  # never a mix
        codes.append(process.returncode)
        states.append("new" if _exports(out) == new else "old")
    assert codes[:5] == [130, 143, 130, 143, 130], codes  # each stopped where it was told
    assert states[:5] == ["old"] * 5 and codes[5] in (0, 143), (codes, states)
    final = kg_process(["build", str(corpus), "--store", str(store), "--out", str(out), *args], cwd=tmp_path)
    assert final.returncode == 0, final.stderr
    assert _exports(out) == new and _graphs(store) == _graphs(reference / "store")


def test_ST_02_killed_export_keeps_the_old_file_and_is_cleaned_up(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"OLD EXPORT\n")
    code = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from graph.exports import rdf\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); time.sleep(60)\n"
        "os.fsync = slow\n"
        f"rdf.write_bytes(Path({str(target)!r}), b'NEW ' * 1_000_000)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline() == b"writing\n"
    process.kill()
    process.wait(10)
    assert target.read_bytes() == b"OLD EXPORT\n"
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers, "the killed writer should have left its temp file"
    from graph.exports import rdf

    rdf.write_bytes(target, b"NEXT\n")
    assert target.read_bytes() == b"NEXT\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- ST-04, ST-05


def _holder(store: Path) -> subprocess.Popen:
    code = (
        "import sys, time\n"
        "from graph.store import open_dataset\n"
        f"ds = open_dataset({str(store)!r})\n"
        "print('holding', flush=True)\n"
        "sys.stdin.read()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline() == b"holding\n"
    return process


def test_ST_04_second_writer_fails_fast_with_exit_4(tmp_path: Path) -> None:
    store = tmp_path / "store"
    (tmp_path / "a.txt").write_text(ARTICLE)
    holder = _holder(store)
    try:
        started = time.monotonic()
        result = cli(["build", str(tmp_path / "a.txt"), "--store", str(store), "--out", str(tmp_path / "o")])
        assert time.monotonic() - started < 5
        assert result.exit_code == 4, result.output
        assert str(store) in result.output and f"pid {holder.pid}" in result.output
        assert len(result.output.strip().splitlines()) == 1
    finally:
        holder.communicate(b"", timeout=30)
    assert holder.returncode == 0
    after = cli(["build", str(tmp_path / "a.txt"), "--store", str(store), "--out", str(tmp_path / "o")])
    assert after.exit_code == 0, after.output


def test_ST_05_serving_a_store_a_build_holds_is_refused(tmp_path: Path) -> None:
    from graph.server import make_server

    store = tmp_path / "store"
    holder = _holder(store)
    try:
        with pytest.raises(StoreLockedError) as caught:
            make_server(store, port=0)
        assert caught.value.exit_code == 4
    finally:
        holder.communicate(b"", timeout=30)


# --------------------------------------------------------------------------- ST-06, ST-07


def _can_mount() -> str | None:
    if os.geteuid() != 0:
        return "not root: a tmpfs cannot be mounted"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "mount/umount not available"
    return None


@pytest.mark.slow
def test_ST_06_disk_full_under_the_store_is_exit_5_and_recoverable(
    corpus: Path, clean: dict[str, frozenset[str]], tmp_path: Path
) -> None:
    reason = _can_mount()
    if reason:
        pytest.skip(reason)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount failed: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        store = mnt / "store"
        first = [str(path) for path in sorted(corpus.iterdir())[:10]]
        args = _build_args(corpus, store, tmp_path / "out")
        done = kg_process([args[0], *first, *args[2:]], cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
        with (mnt / "filler").open("wb") as f:
            f.write(b"\0" * max(free - 64 * 1024, 0))
        full = kg_process(_build_args(corpus, store, tmp_path / "out"), cwd=tmp_path)
        assert full.returncode == 5, full.stderr
        assert b"No space left" in full.stderr and b"Traceback" not in full.stderr
        (mnt / "filler").unlink()
        _assert_whole_documents(store, clean)
        again = kg_process(_build_args(corpus, store, tmp_path / "out"), cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert _document_graphs(_graphs(store)) == _document_graphs(clean)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_ST_07_file_size_limit_during_export_is_exit_5_old_export_intact(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(b"# the previous export\n")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = kg_process(
        ["build", "a.txt", "--out", "out", "--format", "ttl,html"],
        cwd=tmp_path,
        preexec_fn=limit,
        env={"PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 5, done.stderr
    assert b"Traceback" not in done.stderr and b"graph.ttl" in done.stderr
    assert (out / "graph.ttl").read_bytes() == b"# the previous export\n"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]  # no temp, no partial graph.html


# --------------------------------------------------------------------------- ST-08, ST-09, ST-10


def test_ST_08_store_reopens_in_a_new_process_with_the_same_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = tmp_path / "store"
    built = cli(["build", str(tmp_path / "a.txt"), "--store", str(store), "--out", str(tmp_path / "o")])
    assert built.exit_code == 0, built.output
    here = _graphs(store)
    code = (
        "import json\n"
        "from graph.store import open_dataset, pyoxigraph_store, close_dataset\n"
        f"ds = open_dataset({str(store)!r})\n"
        "quads = sorted(str(q) for q in pyoxigraph_store(ds).quads_for_pattern(None, None, None, None))\n"
        "print(json.dumps([len(quads), sorted({str(q.graph_name) for q in pyoxigraph_store(ds)})]))\n"
        "close_dataset(ds)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    import json

    count, names = json.loads(done.stdout)
    assert count == sum(len(t) for t in here.values()) and names == sorted(here)
    prefixed = cli(["query", "SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim }", "--store", str(store)])
    assert prefixed.exit_code == 0, prefixed.output  # kg: bound again on reopening
    assert int(prefixed.output.split()[-1]) >= 1


def test_ST_09_pinned_store_opens_and_dump_load_is_exact(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from graph.store import close_dataset, pyoxigraph_store

    dataset = build([extract(__import__("graph.ingest", fromlist=["x"]).document_from_text(ARTICLE))])
    made = ox.Store(str(tmp_path / "old"))
    made.extend(ox.parse(nquads(dataset).encode(), format=ox.RdfFormat.N_QUADS))
    made.flush()
    del made
    ds = open_dataset(tmp_path / "old")  # our API opens a store written by the pinned version
    try:
        dump = pyoxigraph_store(ds).dump(format=ox.RdfFormat.N_QUADS)
    finally:
        close_dataset(ds)
    fresh = ox.Store(str(tmp_path / "new"))
    fresh.load(dump, format=ox.RdfFormat.N_QUADS)
    assert sorted(map(str, fresh)) == sorted(map(str, ox.parse(dump, format=ox.RdfFormat.N_QUADS)))
    assert len(fresh) == len(set(nquads(dataset).splitlines()))


def test_ST_10_refused_and_hung_endpoints_fail_fast(tmp_path: Path) -> None:
    from graph.errors import StoreError
    from graph.remote import Endpoint

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    (tmp_path / "a.txt").write_text(ARTICLE)
    started = time.monotonic()
    refused = cli(
        ["build", str(tmp_path / "a.txt"), "--store", f"http://127.0.0.1:{port}", "--out", str(tmp_path)]
    )
    assert refused.exit_code == 5, refused.output
    assert len(refused.output.strip().splitlines()) == 1 and time.monotonic() - started < 15

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections, never answers
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(StoreError):
            ds = open_dataset(Endpoint(url, connect_timeout=1, read_timeout=1))
            len(ds)
        assert time.monotonic() - started < 10
    finally:
        listener.close()


# --------------------------------------------------------------------------- ST-11 .. ST-13


@pytest.mark.slow
def test_ST_11_killed_dask_worker_gives_the_same_graph(corpus: Path) -> None:
    distributed = pytest.importorskip("distributed")
    import psutil

    from graph.api import build as api_build

    files = sorted(corpus.iterdir())[:48]
    single = api_build(files)
    try:
        expected = nquads(single.dataset)
    finally:
        single.close()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = list(client.run(os.getpid).values())
        result: dict[str, object] = {}

        def run() -> None:
            try:
                kg = api_build(files, scheduler=client)
                result["quads"] = nquads(kg.dataset)
                kg.close()
            except BaseException as exc:  # pragma: no cover - reported below
                result["error"] = exc

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        time.sleep(3.0)
        with __import__("contextlib").suppress(psutil.NoSuchProcess):
            psutil.Process(pids[0]).kill()
        thread.join(240)
        assert not thread.is_alive(), "the build did not finish after a worker was killed"
    assert "error" not in result, result.get("error")
    assert result["quads"] == expected


def test_ST_12_rebuild_writes_byte_identical_exports(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    outputs = []
    for run in ("one", "two"):
        result = cli(
            [
                "build",
                str(tmp_path / "a.txt"),
                "--out",
                str(tmp_path / run),
                "--format",
                "ttl,trig,nq,jsonld,html",
            ]
        )
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / run).iterdir())})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 5


def test_ST_13_backends_give_the_same_canonical_dataset(tmp_path: Path) -> None:
    from rdflib import Dataset

    from graph.ingest import document_from_text
    from graph.store import close_dataset

    extraction = extract(document_from_text(ARTICLE))
    memory = build([extraction], Dataset())
    oxigraph = build([extraction], open_dataset(None))
    disk_ds = open_dataset(tmp_path / "store")
    try:
        disk = build([extraction], disk_ds)
        assert nquads(memory) == nquads(oxigraph) == nquads(disk)
    finally:
        close_dataset(disk_ds)


def test_report_json_contract(tmp_path: Path) -> None:
    """§3.1: ``--report`` writes seen / processed / skipped by reason / failed / triples / files."""
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_bytes(b"")
    built = cli(
        [
            "build",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "--out",
            str(tmp_path / "o"),
            "--report",
            str(tmp_path / "build.json"),
        ]
    )
    assert built.exit_code == 3
    report = read_report(tmp_path / "build.json")
    assert {
        "seen",
        "processed",
        "skipped",
        "skipped_by_reason",
        "failed",
        "triples_added",
        "files_written",
        "exit_code",
    } <= set(report)
    assert (report["seen"], report["processed"], report["skipped_by_reason"]) == (2, 1, {"empty": 1})
    assert report["triples_added"] > 0 and len(report["files_written"]) == 2 and report["failed"] == []
    extracted = cli(["extract", str(tmp_path / "a.txt"), "--report", str(tmp_path / "extract.json")])
    assert extracted.exit_code == 0
    report = read_report(tmp_path / "extract.json")
    assert (report["seen"], report["processed"], report["exit_code"]) == (1, 1, 0)
