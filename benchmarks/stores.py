"""Stores and scale: build throughput vs bare spaCy, peak RSS, store load time, named-query latency.

Usage: ``.venv/bin/python benchmarks/stores.py [--limit N] [--no-dask] [--triples 1000000]``

Reads the PolNeAR train texts from ../shared/polnear/data/train/text (skips cleanly when absent;
nothing is copied into the repository). In one run, interleaved on the same texts:

* bare ``spacy.load(model).pipe(texts, batch_size=16)``: the ceiling, measured in turns with the
  single-process build (``--rounds``, default 3), the ratio being the median of the rounds';
* ``kg build`` single process, ``--jobs 2`` and a Dask LocalCluster (2 workers x 1 thread), each
  as docs/s and as a ratio to bare spaCy; the single-process build runs in a child process
  that writes a disk store and reports its peak RSS, also for a tenth of the corpus;
* the time to load the built store's N-Quads into a fresh disk store;
* each named query's latency (median of 5, pyoxigraph engine) on that store and on a synthetic
  1M-triple store made deterministically from builder output (same shapes as real documents).

Targets (issue 6): single >= 0.7x bare; --jobs 2 >= 1.6x single; every named query < 100 ms
at 1M triples; peak RSS(840) < 2x peak RSS(84).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAG_TIMEOUT = 20.0
CORPUS = ROOT.parent / "shared" / "polnear" / "data" / "train" / "text"
sys.path.insert(0, str(ROOT))


def _files(limit: int | None) -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    return files[:limit] if limit else files


def _documents(files: list[Path]):
    from graph import api
    from graph.report import RunReport

    return list(api.iter_documents(files, RunReport()))


def bare_spacy(texts: list[str]) -> float:
    import spacy

    from graph.nlp import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - started


def timed_build(documents, **kwargs) -> tuple[float, int]:
    from graph.parallel import build_into
    from graph.report import RunReport
    from graph.store import close_dataset, open_dataset

    ds = open_dataset()
    report = RunReport()
    try:
        started = time.perf_counter()
        build_into(ds, iter(documents), report=report, progress=False, **kwargs)
        return time.perf_counter() - started, report.processed
    finally:
        close_dataset(ds)


def child_build(limit: int, store: str) -> None:
    """Runs in a child process: stream-build ``limit`` articles into a disk store; print JSON."""
    from graph import api, nlp
    from graph.parallel import build_into
    from graph.report import RunReport
    from graph.store import close_dataset, count_quads, open_dataset

    nlp.load(nlp.DEFAULT_MODEL)  # model load outside the clock, as for bare spaCy
    files = _files(limit)
    ds = open_dataset(store)
    report = RunReport()
    started = time.perf_counter()
    build_into(ds, api.iter_documents(files, report), report=report, progress=False)
    seconds = time.perf_counter() - started
    quads = count_quads(ds)
    close_dataset(ds)
    peak = _peak_rss_mib()
    print(json.dumps({"seconds": seconds, "docs": report.processed, "quads": quads, "peak_mib": peak}))


def _peak_rss_mib() -> float:
    """This process's own peak RSS. Not getrusage: on Linux its ru_maxrss survives exec, so a
    child started by a big parent reports the parent's size at the fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(limit: int, store: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(limit), str(store)],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def dask_build(documents) -> tuple[float, int]:
    import distributed

    from graph import parallel

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(parallel._pipeline, None, None)  # model loaded on each worker before the clock
        return timed_build(documents, scheduler=client)


# --------------------------------------------------------------------------- stores and queries


def load_time(store: Path) -> tuple[float, int]:
    """Dump the store as N-Quads, then time loading the file into a fresh disk store the way
    the project does (graph.store.load_file: Oxigraph's bulk loader for an empty store)."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        source = ox.Store.read_only(str(store))
        dump = Path(tmp) / "dump.nq"
        source.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        del source
        return timed_load(dump, Path(tmp) / "copy")


def timed_load(nquads: Path, store: Path) -> tuple[float, int]:
    """Seconds to load an N-Quads file into a new disk store as the project does
    (graph.store.load_file: the bulk loader, the store being empty), and the quads loaded."""
    from graph.store import close_dataset, count_quads, load_file, open_dataset

    ds = open_dataset(store)
    try:
        started = time.perf_counter()
        load_file(ds, nquads)
        return time.perf_counter() - started, count_quads(ds)
    finally:
        close_dataset(ds)  # close RocksDB before its directory goes


def synthetic_store(path: Path, triples: int) -> tuple[float, int]:
    """A deterministic store of ~``triples`` quads made by the builder from synthetic records."""

    from graph import iri
    from graph.builder import entities_graph_iri, entity_summary_quads, extraction_quads
    from graph.records import Attribution, Document, DocumentMeta, Entity, Extraction, Mention, Role, Span
    from graph.remote import nt

    rng = random.Random(20240601)
    people = [Entity(id=f"person/p{i}", type="person", name=f"Person {i}") for i in range(3000)]
    places = [Entity(id=f"place/l{i}", type="place", name=f"Place {i}", kind="region") for i in range(800)]
    orgs = [Entity(id=f"organization/o{i}", type="organization", name=f"Org {i}") for i in range(600)]
    weights = [1 / (i + 1) for i in range(3000)]
    words = [
        "tariff",
        "trade",
        "war",
        "talks",
        "troops",
        "border",
        "election",
        "vote",
        "court",
        "ruling",
        "budget",
        "deal",
        "plan",
    ]
    nquads = path.with_suffix(".nq")
    quads = 0
    shared_graph, shared_lines = entities_graph_iri(iri.DEFAULT_BASE), set()
    extractions: list[Extraction] = []
    with nquads.open("w", encoding="utf-8") as out:
        n = 0
        while quads < triples:
            n += 1
            speakers = rng.choices(people, weights=weights, k=8)
            about = rng.sample(places, 3) + rng.sample(orgs, 2)
            parts, attributions, mentions = [], [], []
            offset = 0
            for k, speaker in enumerate(speakers):
                claim = " ".join(rng.choice(words) for _ in range(15))
                sentence = f"{speaker.name} said {claim}. "
                s0, c0 = offset, offset + len(speaker.name) + 1
                q0 = c0 + 5
                attributions.append(
                    Attribution(
                        id=f"a{k}",
                        mode="indirect",
                        source=(Span(start=s0, end=s0 + len(speaker.name)),),
                        cue=(Span(start=c0, end=c0 + 4),),
                        content=(Span(start=q0, end=q0 + len(claim)),),
                        speaker=speaker.id,
                        speaker_name=speaker.name,
                        cue_lemma="say",
                        about=tuple(e.id for e in rng.sample(about, 2)),
                        date=f"2024-{1 + (n + k) % 12:02d}-{1 + (n * 7 + k) % 28:02d}" if k % 2 else None,
                    )
                )
                mentions.append(
                    Mention(
                        id=f"m{k}",
                        entity=speaker.id,
                        span=Span(start=s0, end=s0 + len(speaker.name)),
                        text=speaker.name,
                    )
                )
                parts.append(sentence)
                offset += len(sentence)
            text = "".join(parts)
            document = Document(
                id=iri.document_id(text),
                name=f"synthetic-{n:06d}",
                text=text,
                meta=DocumentMeta(
                    title=f"Story {n}",
                    published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    publisher=f"Paper {n % 7}",
                ),
            )
            entities = tuple({e.id: e for e in [*speakers, *about]}.values())
            roles = (
                Role(
                    id="r0",
                    person=speakers[0].id,
                    title="spokesperson",
                    organization=about[3].id,
                    span=attributions[0].source[0],
                ),
            )
            extraction = Extraction(
                document=document,
                entities=entities,
                mentions=tuple(mentions),
                roles=roles,
                attributions=tuple(attributions),
            )
            extractions.append(Extraction(document=document, entities=entities, mentions=tuple(mentions)))
            for s, p, o, g in extraction_quads(extraction, sequence=n - 1):
                line = f"{nt(s)} {nt(p)} {nt(o)} {nt(g)} .\n"
                if g == shared_graph:  # entity descriptions repeat across documents: count once
                    if line in shared_lines:
                        continue
                    shared_lines.add(line)
                out.write(line)
                quads += 1
        for s, p, o, g in entity_summary_quads(extractions):
            out.write(f"{nt(s)} {nt(p)} {nt(o)} {nt(g)} .\n")
    seconds, size = timed_load(nquads, path)
    nquads.unlink()
    return seconds, size


def query_latencies(
    store: Path, entity: str, *, materialize: bool, limits: tuple[int | None, ...] = (None,), runs: int = 5
) -> dict[tuple[str, int | None], tuple[float, int]]:
    """Median latency and row count of each named query through graph.query.run (pyoxigraph),
    for each limit: its first ``limit`` rows (the page ``kg query`` shows in a table), or all.

    ``materialize``: first copy the union into the default graph, as ``kg serve`` does on its
    private snapshot; otherwise the union of the named graphs is queried, as ``kg query
    --store`` does. A first run bounded by BAG_TIMEOUT guards against a query gone wrong.
    """
    from graph.query import QueryTimeoutError, list_queries, materialize_union, run
    from graph.store import close_dataset, open_dataset

    ds = open_dataset(store)
    out: dict[tuple[str, int | None], tuple[float, int]] = {}
    try:
        if materialize:
            materialize_union(ds)
        for info in list_queries():
            params = {p: entity for p in info.params} or None
            for limit in limits:
                try:
                    rows = len(
                        run(ds, info.name, params=params, timeout=BAG_TIMEOUT, limit=limit).rows
                    )  # warm
                except QueryTimeoutError:
                    out[info.name, limit] = (float("inf"), -1)
                    continue
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    run(ds, info.name, params=params, limit=limit)
                    times.append(time.perf_counter() - started)
                out[info.name, limit] = (statistics.median(times), rows)
    finally:
        close_dataset(ds)
    return out


class _Rows(list):
    """Rows of the result table, printed as soon as they are measured."""

    def append(self, row: tuple[str, str, str]) -> None:
        super().append(row)
        _emit(*row)


def _ms(seconds: float) -> str:
    return f"> {BAG_TIMEOUT:g} s" if seconds == float("inf") else f"{seconds * 1000:.0f} ms"


def _emit(label: str, value: str, ratio: str) -> None:
    print(f"{label:<46}  {value:<40}  {ratio}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic store")
    parser.add_argument(
        "--rounds", type=int, default=3, help="turns of bare spaCy and the single-process build"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument(
        "--queries-only", metavar="STORE", type=Path, help="only the query latencies, on this PolNeAR store"
    )
    args = parser.parse_args()
    if args.child:
        child_build(int(args.child[0]), args.child[1])
        return
    if args.queries_only:
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
            _emit("measure", "value", "ratio / synthetic store")
            _query_rows(_Rows(), args.queries_only, Path(tmp), args.triples)
        return
    if not CORPUS.is_dir():
        print(f"skipped: PolNeAR texts not found at {CORPUS}")
        return
    rounds = max(args.rounds, 1)
    files = _files(args.limit)
    documents = _documents(files)
    texts = [d.body for d in documents]
    words = sum(len(t.split()) for t in texts)
    n = len(documents)
    print(f"corpus: {n} PolNeAR train articles, {words:,} words; machine: {os.cpu_count()} CPUs")

    rows = _Rows()
    _emit("measure", "value", "ratio / synthetic store")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmpdir = Path(tmp)
        # Bare spaCy and the single-process build take turns, round after round: this shared
        # machine's speed drifts by 10-20% over minutes, and a ratio of neighbours cancels it.
        bare_rates: list[float] = []
        single_rates: list[float] = []
        single: dict = {}
        for turn in range(1, rounds + 1):
            bare_rates.append(n / bare_spacy(texts))
            rows.append((f"bare spaCy nlp.pipe (batch 16), round {turn}", f"{bare_rates[-1]:.2f} docs/s", ""))
            if turn == 1:
                result = single = run_child(n, tmpdir / "store")  # kept: its store is measured below
            else:
                result = run_child(n, tmpdir / "store-again")
                shutil.rmtree(tmpdir / "store-again")
            single_rates.append(result["docs"] / result["seconds"])
            rows.append(
                (
                    f"kg build, 1 process (disk store), round {turn}",
                    f"{single_rates[-1]:.2f} docs/s",
                    f"{single_rates[-1] / bare_rates[-1]:.2f}x bare",
                )
            )
        bare_rate = statistics.median(bare_rates)
        single_rate = statistics.median(single_rates)
        ratio = statistics.median(s / b for s, b in zip(single_rates, bare_rates, strict=True))
        rows.append(
            (
                f"kg build, 1 process: median of {rounds} rounds",
                f"{single_rate:.2f} docs/s",
                f"{ratio:.2f}x bare (median of the rounds' ratios)",
            )
        )
        seconds, done = timed_build(documents, jobs=2)
        jobs_rate = done / seconds
        rows.append(
            (
                "kg build --jobs 2",
                f"{jobs_rate:.2f} docs/s",
                f"{jobs_rate / bare_rate:.2f}x bare, {jobs_rate / single_rate:.2f}x single",
            )
        )
        if not args.no_dask:
            seconds, done = dask_build(documents)
            dask_rate = done / seconds
            rows.append(
                (
                    "kg build, Dask LocalCluster 2x1",
                    f"{dask_rate:.2f} docs/s",
                    f"{dask_rate / bare_rate:.2f}x bare, {dask_rate / single_rate:.2f}x single",
                )
            )
        small = run_child(max(n // 10, 1), tmpdir / "store-small")
        rows.append((f"peak RSS, {max(n // 10, 1)} articles", f"{small['peak_mib']:.0f} MiB", ""))
        rows.append(
            (
                f"peak RSS, {n} articles",
                f"{single['peak_mib']:.0f} MiB",
                f"{single['peak_mib'] / small['peak_mib']:.2f}x the small run",
            )
        )
        seconds, size = load_time(tmpdir / "store")
        rows.append((f"store load (N-Quads -> disk), {size:,} quads", f"{seconds * 1000:.0f} ms", ""))
        _query_rows(rows, tmpdir / "store", tmpdir, args.triples)


def _query_rows(rows: _Rows, polnear_store: Path, tmpdir: Path, triples: int) -> None:
    from graph.cli import TABLE_PAGE
    from graph.store import close_dataset, count_quads, open_dataset

    ds = open_dataset(polnear_store)
    quads = count_quads(ds)
    close_dataset(ds)
    polnear = _latencies(polnear_store, "Trump")
    synthetic = tmpdir / "synthetic"
    seconds, size = synthetic_store(synthetic, triples)
    rows.append((f"synthetic store load, {size:,} quads", f"{seconds * 1000:.0f} ms", ""))
    big = _latencies(synthetic, "Person 1")
    rows.append(
        (
            f"named queries, median of 5: first {TABLE_PAGE} rows (kg query's table) | all rows; "
            "each as union of graphs (kg query --store) / default graph (kg serve)",
            f"PolNeAR store, {quads:,} quads, name=Trump",
            f"synthetic, {size:,} quads, name='Person 1'",
        )
    )
    for name in sorted(polnear):
        rows.append((f"query {name}", _cell(polnear[name]), _cell(big[name])))


def _latencies(store: Path, entity: str) -> dict[str, list[tuple[float, int]]]:
    """Per named query: (seconds, rows) for page/union, page/default, all/union, all/default,
    a page being the rows kg query shows in a table."""
    from graph.cli import TABLE_PAGE as PAGE

    # The union runs first: materializing writes the default graph into the store itself.
    union = query_latencies(store, entity, materialize=False, limits=(PAGE, None))
    default = query_latencies(store, entity, materialize=True, limits=(PAGE, None))
    names = sorted({name for name, _ in union})
    return {
        name: [union[name, PAGE], default[name, PAGE], union[name, None], default[name, None]]
        for name in names
    }


def _cell(values: list[tuple[float, int]]) -> str:
    (page_u, _), (page_d, _), (all_u, _), (all_d, rows) = values
    return f"{_ms(page_u)} / {_ms(page_d)} | {_ms(all_u)} / {_ms(all_d)} ({rows:,} rows)"


if __name__ == "__main__":
    main()
