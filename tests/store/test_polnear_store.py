"""A store holds the same graph whatever order and batches its documents came in, and after a
``kill -9`` at any moment, on 100 PolNeAR train articles (read from ../shared/polnear, never
copied; skipped when absent).

The reference is one ``kg build`` of all 100 articles into a store, in a process of its own,
whose stderr is read line by line as it comes: it also shows that a 100-article build prints
the total, an ETA and every stage, never silent for 5 s. Batch builds run in this process with
each document's extraction served from the reference's archive (the NLP is not what is under
test, and is deterministic per document); the killed builds run the real CLI.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from store_support import ROOT

pytestmark = [pytest.mark.model, pytest.mark.polnear, pytest.mark.slow, pytest.mark.store]

CORPUS = ROOT.parent / "shared" / "polnear" / "data" / "train" / "text"
N = 100
KG = [sys.executable, "-m", "graph"]
ORDER = ("<https://example.org/kg/ns#documentOrder>", "<https://example.org/kg/ns#claimOrder>")


@pytest.fixture(scope="module")
def articles() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if len(files) < N:
        pytest.skip(f"PolNeAR train texts not found under {CORPUS}")
    return files[:N]


class Run:
    """A ``kg`` process whose stderr lines are timestamped as they arrive."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.lines: list[tuple[float, str]] = []
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [*KG, *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait_for(self, pattern: str, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while not any(re.search(pattern, line) for _, line in self.lines):
            assert self.process.poll() is None, "\n".join(line for _, line in self.lines)
            assert time.monotonic() < deadline, f"{pattern!r} never came"
            time.sleep(0.05)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        self._reader.join(10)

    def finish(self, timeout: float = 900) -> int:
        code = self.process.wait(timeout)
        self._reader.join(10)
        return code


def _args(files: list[Path], store: Path, out: Path, *extra: str) -> list[str]:
    return ["build", *map(str, files), "--store", str(store), "--out", str(out), *extra]


def _graph(store: Path) -> set[str]:
    """The store's quads as N-Quads lines, the order of documents aside."""
    from graph.store import close_dataset, open_dataset, pyoxigraph_store

    ds = open_dataset(store, create=False)
    try:
        return {str(q) for q in pyoxigraph_store(ds) if str(q.predicate) not in ORDER}
    finally:
        close_dataset(ds)


@pytest.fixture(scope="module")
def reference(articles: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("reference")
    run = Run(_args(articles, work / "store", work / "out", "--report", str(work / "report.json")), work)
    code = run.finish()
    assert code == 0, "\n".join(line for _, line in run.lines)
    return {
        "store": work / "store",
        "graph": _graph(work / "store"),
        "lines": run.lines,
        "started": run.started,
        "report": json.loads((work / "report.json").read_text()),
    }


def test_a_100_article_build_says_the_total_the_eta_and_every_stage(reference: dict) -> None:
    text = [line for _, line in reference["lines"]]
    assert any(
        re.fullmatch(rf"kg build: extracting: \d+/{N} documents, .* so far, about .* left", t) for t in text
    )
    for stage in (
        "loading the language model",
        f"extracting: {N} documents",
        f"resolving entities: {N} documents",
        f"writing document graphs: {N} documents",
        "relating claims",
        "writing entities, totals and claim links",
        "compacting the store",
        "validating (SHACL)",
        "writing graph.ttl",
        "writing graph.html",
    ):
        final = rf"kg build: {re.escape(stage)}[:,] (\d+ min \d+|[\d.]+) s"
        assert any(re.fullmatch(final, t) for t in text), stage
    times = [reference["started"]] + [t for t, _ in reference["lines"]]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert max(gaps) < 5.0, f"{max(gaps):.1f} s without a line"
    stages = {s["stage"]: s["seconds"] for s in reference["report"]["stages"]}
    assert {"extracting", "validating (SHACL)", "writing graph.ttl"} <= set(stages)
    assert all(isinstance(v, float | int) and v >= 0 for v in stages.values())


def test_batches_in_any_order_give_the_graph_of_one_build(
    articles: list[Path], reference: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import api, parallel
    from graph.api import KnowledgeGraph
    from graph.archive import FILE_NAME, Archive
    from graph.report import RunReport
    from graph.store import close_dataset, open_dataset

    archive = Archive(reference["store"] / FILE_NAME)
    try:
        records = {e.document.id: e for e in archive.load(archive.members())}
    finally:
        archive.close()
    assert len(records) == N
    monkeypatch.setattr(
        parallel, "extract_chunk", lambda chunk, *a: parallel.ChunkResult([records[d.id] for d in chunk])
    )
    rng = random.Random(16)
    splits = []
    for parts in (2, 3, 5):
        files = list(articles)
        rng.shuffle(files)
        cuts = sorted(rng.sample(range(1, N), parts - 1))
        splits.append([files[a:b] for a, b in zip([0, *cuts], [*cuts, N], strict=True)])
    splits.append([list(reversed(articles[:16])), articles[16:]])  # the 16 then 121
    for index, batches in enumerate(splits):
        store = tmp_path / f"store{index}"
        for batch in batches:
            report = RunReport()
            ds = open_dataset(store)
            try:
                parallel.build_into(ds, api.iter_documents(batch, report), report=report, progress=False)
            finally:
                close_dataset(ds)
            assert report.processed == len(batch) and not report.failed
        assert _graph(store) == reference["graph"], [len(b) for b in batches]
    kg = KnowledgeGraph(open_dataset(tmp_path / "store2"))  # five batches, shuffled
    try:
        kg.validate()  # SHACL: one plain-string rdfs:label per entity, and the rest
    finally:
        kg.close()


def test_a_build_killed_at_several_moments_then_resumed_gives_the_graph_of_one_build(
    articles: list[Path], reference: dict, tmp_path: Path
) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    args = _args(articles, store, out, "--no-validate", "--format", "nq")
    moments = [  # each killed run stops at the line printed just before
        r"extracting: (1[6-9]|[2-9]\d)/",  # a chunk or more archived, the NLP still running
        r"resolving entities: \d+ documents, ",  # writing the document graphs
        r"relating claims: ",  # writing the entities, totals and claim links
        r"writing entities, totals and claim links: ",  # compacting the store, exporting
    ]
    rng = random.Random(9)
    for moment in moments:
        run = Run(args, tmp_path)
        run.wait_for(moment)
        time.sleep(rng.uniform(0.0, 0.8))
        run.kill()
    run = Run(args, tmp_path)
    assert run.finish() == 0, "\n".join(line for _, line in run.lines)
    assert _graph(store) == reference["graph"]
