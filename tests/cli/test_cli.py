"""The `kg` command end to end in a temp dir: builds, extracts, queries, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_118e246e26923948.txt"
KG = [sys.executable, "-m", "graph"]


def kg(
    *args: str, cwd: Path, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [*KG, *args],
        cwd=cwd,
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def test_help_does_not_import_spacy() -> None:
    code = "import graph, graph.cli, sys; assert 'spacy' not in sys.modules and 'pyvis' not in sys.modules and 'rdflib' not in sys.modules, sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'pyvis', 'rdflib'))"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    done = subprocess.run([*KG, "--help"], capture_output=True, text=True, timeout=60, check=True)
    assert "build" in done.stdout and "query" in done.stdout


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the seed and every kind of bad input next to it."""
    work = tmp_path_factory.mktemp("cli")
    docs = work / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    (docs / "empty.txt").write_text("")
    (docs / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (docs / "garbage.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 200 + b"\x00\xff\xfe")
    return work


@pytest.fixture(scope="module")
def built(workdir: Path) -> subprocess.CompletedProcess[str]:
    return kg("build", "docs", "--out", "out", "--report", "report.json", cwd=workdir)


@pytest.mark.model
def test_build_survives_bad_input(workdir: Path, built: subprocess.CompletedProcess[str]) -> None:
    assert built.returncode == 3, built.stderr  # completed, some inputs skipped
    assert "Traceback" not in built.stderr
    skipped = [line for line in built.stderr.splitlines() if line.startswith("kg: skipped")]
    assert len(skipped) == 3, built.stderr  # empty, binary, undecodable: one line each
    ttl = (workdir / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "Matthew Miller" in ttl  # the good document was still processed
    assert (workdir / "out" / "graph.html").is_file()
    report = json.loads((workdir / "report.json").read_text())
    assert report["processed"] == 1 and report["seen"] == 4
    assert set(report["skipped_by_reason"]) >= {"empty", "binary"}
    assert "open file://" in built.stdout


@pytest.mark.model
def test_query_named_and_formats(workdir: Path, built: subprocess.CompletedProcess[str]) -> None:
    graph = str(workdir / "out" / "graph.ttl")
    table = kg("query", "who-said-what", "--graph", graph, cwd=workdir)
    assert table.returncode == 0, table.stderr
    assert "Matthew Miller" in table.stdout and "Pat Ryder" in table.stdout
    csv_out = kg("query", "speakers", "--graph", graph, "--format", "csv", cwd=workdir)
    assert csv_out.stdout.splitlines()[0].startswith("speaker,")
    js = json.loads(
        kg("query", "entity", "-p", "name=Zelensky", "--graph", graph, "--format", "json", cwd=workdir).stdout
    )
    assert js["results"]["bindings"]
    rq = workdir / "people.rq"
    rq.write_text("SELECT ?p WHERE { ?p a <https://schema.org/Person> }")
    assert (
        len(kg("query", str(rq), "--graph", graph, "--format", "csv", cwd=workdir).stdout.splitlines()) == 6
    )


@pytest.mark.model
def test_query_pages_named_queries(workdir: Path, built: subprocess.CompletedProcess[str]) -> None:
    graph = str(workdir / "out" / "graph.ttl")

    def csv_query(*args: str) -> subprocess.CompletedProcess[str]:
        return kg("query", "who-said-what", "--graph", graph, "--format", "csv", *args, cwd=workdir)

    every = csv_query()
    lines = every.stdout.splitlines()[1:]
    assert len(lines) > 3 and every.stderr == ""  # CSV: every row unless asked
    page = csv_query("--limit", "2", "--offset", "1")
    assert page.returncode == 0 and page.stdout.splitlines()[1:] == lines[1:3]
    assert page.stderr.strip() == "kg: rows 2-3 shown; the next with --offset 3, all with --limit 0"
    last = csv_query("--offset", str(len(lines) - 1), "--limit", "5")
    assert last.stdout.splitlines()[1:] == lines[-1:] and last.stderr == ""  # nothing more: no note
    raw = kg("query", "SELECT ?s WHERE { ?s ?p ?o }", "--graph", graph, "--limit", "1", cwd=workdir)
    assert raw.returncode == 6 and "named queries" in raw.stderr and len(raw.stderr.strip().splitlines()) == 1


@pytest.mark.model
def test_bad_queries_fail_in_one_line(workdir: Path, built: subprocess.CompletedProcess[str]) -> None:
    graph = str(workdir / "out" / "graph.ttl")
    bad = kg("query", "SELEKT * WHERE {}", "--graph", graph, cwd=workdir)
    assert bad.returncode == 6 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    remote = kg(
        "query",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "--graph",
        graph,
        cwd=workdir,
    )
    assert remote.returncode == 6 and "SERVICE" in remote.stderr
    unknown = kg("query", "no-such-query", "--graph", graph, cwd=workdir)
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr


@pytest.mark.model
def test_validate_command(workdir: Path, built: subprocess.CompletedProcess[str]) -> None:
    done = kg("validate", str(workdir / "out" / "graph.ttl"), cwd=workdir)
    assert done.returncode == 0 and "conforms" in done.stdout


@pytest.mark.model
def test_extract_contract(workdir: Path) -> None:
    done = kg("extract", str(workdir / "docs" / SEED.name), "--format", "jsonl", cwd=workdir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["doc"] == SEED.stem
    text = SEED.read_text(encoding="utf-8")
    assert record["attributions"]
    for a in record["attributions"]:
        assert {"source", "cue", "content", "speaker", "speaker_name", "mode"} <= set(a)
        assert a["mode"] in ("direct", "indirect", "mixed")
        for role in ("source", "cue", "content"):
            for start, end in a[role]:
                assert 0 <= start < end <= len(text)
        assert a["speaker"] is None or a["speaker"].startswith("https://")
    assert any(e["name"] == "Matthew Miller" for e in record["entities"])


@pytest.mark.model
def test_extract_reads_stdin(workdir: Path) -> None:
    done = kg("extract", "-", cwd=workdir, stdin=b"Jane Roe said the bridge would reopen on Friday.")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["doc"] == "stdin" and record["attributions"]


def test_missing_path_alone(tmp_path: Path) -> None:
    done = kg("extract", "nothing-here.txt", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""  # a usage error, before any work
    assert "Traceback" not in done.stderr and "nothing-here.txt" in done.stderr


def test_unknown_extractor_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Jane Roe said hello to the crowd.")
    done = kg("extract", "a.txt", "--extractors", "+no_such_thing", cwd=tmp_path)
    assert done.returncode == 2 and "no extractor 'no_such_thing'" in done.stderr


@pytest.mark.parametrize(
    ("stop", "code", "word"), [("KeyboardInterrupt", 130, "interrupted"), ("terminated", 143, "terminated")]
)
def test_interrupted_build_ends_with_the_counts_so_far(
    stop: str, code: int, word: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ST-03 in process: the summary line carries the RunReport's counts at the interrupt."""
    from click.testing import CliRunner

    import graph.api
    from graph import cli

    def interrupted(inputs: list[str], *, report: object, **kwargs: object) -> None:
        report.seen, report.processed = 7, 5  # type: ignore[attr-defined]
        report.triples_added = None  # type: ignore[attr-defined]
        raise KeyboardInterrupt if stop == "KeyboardInterrupt" else cli._Terminated(143)

    monkeypatch.setattr(graph.api, "build", interrupted)
    (tmp_path / "a.txt").write_text("Jane Roe said hello.")
    args = ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli.cli, [*args, "--report", str(tmp_path / "run.json")])
    assert result.exit_code == code
    assert result.output == f"kg: error: {word}: 7 seen; 5 processed\n"
    report = json.loads((tmp_path / "run.json").read_text())
    assert (report["seen"], report["processed"], report["exit_code"]) == (7, 5, code)
    assert report["triples_added"] is None and report["interrupted"] == (
        "SIGINT" if code == 130 else "SIGTERM"
    )
    (tmp_path / "file").write_text("")
    unwritable = CliRunner().invoke(cli.cli, [*args, "--report", str(tmp_path / "file" / "run.json")])
    assert unwritable.exit_code == code and len(unwritable.output.splitlines()) == 1
    assert unwritable.output.startswith(f"kg: error: {word}: 7 seen; 5 processed; report not written: ")


def test_serve_max_rows_option() -> None:
    from click.testing import CliRunner

    from graph import cli, server

    option = next(p for p in cli.serve.params if p.name == "max_rows")
    assert option.default == server.MAX_ROWS
    assert "X-KG-Truncated" in CliRunner().invoke(cli.cli, ["serve", "--help"]).output
    assert CliRunner().invoke(cli.cli, ["serve", "--max-rows", "0"]).exit_code == 2


def test_an_interrupt_that_lands_in_a_finalizer_is_not_lost() -> None:
    """Python cannot raise an exception from a ``__del__`` or a weakref callback; a signal that
    arrives there would be printed as 'Exception ignored' and the build go on. The CLI keeps
    it and raises it at the next checkpoint (every progress update, before the exports are
    renamed, at the end)."""
    import gc
    import io
    from contextlib import redirect_stderr

    from graph import cli

    class Finalized:
        def __del__(self) -> None:
            raise KeyboardInterrupt  # as the SIGINT handler would, inside the finalizer

    old = sys.unraisablehook
    sys.unraisablehook = cli._unraisable
    try:
        with redirect_stderr(io.StringIO()) as err:
            Finalized()
            gc.collect()
        assert err.getvalue() == ""  # not printed as a traceback
        with pytest.raises(KeyboardInterrupt):
            cli._checkpoint()
        cli._checkpoint()  # raised once
    finally:
        sys.unraisablehook = old
