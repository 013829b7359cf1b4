"""Every way a new user can get a command wrong ends clearly: one line naming the path or the
name and what to do, the exit code of the README's table, and nothing written or created.

In process (click's runner): the spaCy model is loaded once for the builds that need it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ARTICLE = (
    'Acme Corp said on Monday that "the merger with Beta Industries is complete." '
    "John Smith, a spokesman for Acme Corp, told reporters the deal would close in March.\n"
)
OTHER = "Jane Roe, the mayor of Leeds, said the bridge would reopen on Friday.\n"


def kg(*args: str, cwd: Path) -> Result:
    from graph.cli import cli

    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def one_error(result: Result) -> str:
    """The single error line of a run (progress lines aside)."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("kg build: ")]
    errors = [line for line in lines if line.startswith("kg: error: ")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.output
    return errors[0]


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) and a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --------------------------------------------------------------------------- before any work


def test_build_without_a_path_reads_nothing(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(ARTICLE)
    done = kg("build", cwd=tmp_path)
    assert done.exit_code == 2
    assert "no input: name the files or folders to read" in one_error(done)
    assert not (tmp_path / "exports").exists()  # seeds/ was not read silently


def test_a_mistyped_path_is_a_usage_error_with_the_nearest_name(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(ARTICLE)
    done = kg("build", "artcles", "--out", "out", cwd=tmp_path)
    assert done.exit_code == 2
    line = one_error(done)
    assert "no such file or folder: artcles" in line and "did you mean 'articles'" in line
    assert not (tmp_path / "out").exists()
    extract = kg("extract", "articles/a.txt", "artcles/a.txt", cwd=tmp_path)
    assert extract.exit_code == 2 and extract.stdout == ""  # before any document is printed


def test_a_folder_without_documents_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "paper.pdf").write_bytes(b"%PDF-1.7\n")
    for folder in ("empty", "pdfs"):
        done = kg("build", folder, "--out", "out", cwd=tmp_path)
        assert done.exit_code == 2
        assert f"no documents in {folder} (looked for " in one_error(done)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["build", "a.txt", "--format", "tll"], "unknown --format 'tll' (did you mean 'ttl'?)"),
        (["build", "a.txt", "--format", "ttl,jsnold"], "unknown --format 'jsnold' (did you mean 'jsonld'?)"),
        (["build", "a.txt", "--format", ","], "no --format given"),
        (["query", "who-said-what", "--format", "tabel"], "unknown --format 'tabel' (did you mean 'table'?)"),
        (
            ["extract", "a.txt", "--format", "jsonlines"],
            "unknown --format 'jsonlines' (did you mean 'jsonl'?)",
        ),
        (["query", "who-said-wht"], "unknown query 'who-said-wht' (did you mean 'who-said-what'?)"),
        (["query", "peple.rq"], "no such query file: peple.rq (did you mean 'people.rq'?)"),
        (["query", "timeline"], "query 'timeline' needs -p name=VALUE (name: the entity's name"),
        (
            ["query", "entity", "-p", "nme=Smith"],
            "query 'entity' has no parameter nme (did you mean 'name'?)",
        ),
    ],
)
def test_typos_suggest_the_nearest_name_and_exit_2(args: list[str], expected: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "people.rq").write_text("SELECT ?p WHERE { ?p a <https://schema.org/Person> }")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "graph.ttl").write_text("")  # a graph to query: the checks come first
    before = tree(tmp_path)
    done = kg(*args, cwd=tmp_path)
    assert done.exit_code == 2, done.output
    assert expected in one_error(done)
    assert tree(tmp_path) == before


def test_query_on_a_store_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    for args in (
        ["query", "speakers", "--store", "nonexist/"],
        ["serve", "--store", "nonexist/", "--port", "0"],
    ):
        done = kg(*args, cwd=tmp_path)
        assert done.exit_code == 2, done.output
        assert "no such store: nonexist" in one_error(done)
        assert sorted(os.listdir(tmp_path)) == []
    (tmp_path / "empty").mkdir()
    done = kg("query", "speakers", "--store", "empty", cwd=tmp_path)
    assert done.exit_code == 2 and "no such store: empty is an empty folder" in one_error(done)
    assert os.listdir(tmp_path / "empty") == []


def test_store_on_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.md").write_text("call Jane\n")
    (notes / "budget.csv").write_text("1,2\n")
    before = tree(notes)
    done = kg("build", "a.txt", "--store", "notes", "--out", "out", cwd=tmp_path)
    assert done.exit_code == 2
    assert "notes is not a kg store: it holds other files (budget.csv, todo.md)" in one_error(done)
    assert tree(notes) == before and sorted(os.listdir(notes)) == ["budget.csv", "todo.md"]
    assert not (tmp_path / "out").exists()


def test_a_foreign_folder_that_fails_to_open_is_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "CURRENT").write_text("MANIFEST-of-some-other-program\n")  # looks like RocksDB
    done = kg("build", "a.txt", "--store", "foreign", "--out", "out", cwd=tmp_path)
    assert done.exit_code == 5
    assert "cannot open store" in one_error(done)
    assert sorted(os.listdir(foreign)) == ["CURRENT"]  # no .kg.lock, LOCK or LOG left behind
    assert not (tmp_path / "out").exists()


def test_control_characters_in_file_names_are_escaped(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bad\nkg: skipped forged.txt.txt").write_text("")
    (docs / "esc\x1b[31m.txt").write_text("")
    done = kg("build", "docs", "--out", "out", cwd=tmp_path)
    assert done.exit_code == 3  # every input skipped: nothing to build
    skipped = [line for line in done.stderr.splitlines() if line.startswith("kg: skipped")]
    assert len(skipped) == 2, done.stderr
    assert any("bad\\nkg: skipped forged.txt.txt: empty document" in line for line in skipped)
    assert any("esc\\x1b[31m.txt" in line for line in skipped)
    assert "\x1b" not in done.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- nothing is lost


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a good build in it: its exports in out/ and its store in store/."""
    work = tmp_path_factory.mktemp("previous")
    (work / "a.txt").write_text(ARTICLE)
    done = kg("build", "a.txt", "--out", "out", "--store", "store", "--format", "ttl,nq,html", cwd=work)
    assert done.exit_code == 0, done.output
    (work / "empty").mkdir()
    (work / "broken").mkdir()
    (work / "broken" / "blank.txt").write_text("  \n")
    (work / "broken" / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return work


@pytest.mark.model
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["a.txt", "missing.txt"], 2, "no such file or folder: missing.txt"),
        (["empty"], 2, "no documents in empty"),
        (["broken"], 3, "no document could be read (2 inputs skipped); nothing written"),
        (["broken", "--format", "jsonld,trig"], 3, "no document could be read"),
        (["a.txt", "--format", "ttl,nqq"], 2, "unknown --format 'nqq'"),
        (["-"], 3, "no document could be read (1 input skipped)"),
    ],
)
def test_a_build_that_reads_no_document_leaves_exports_and_store_byte_identical(
    args: list[str], code: int, message: str, previous: Path
) -> None:
    before = (tree(previous / "out"), tree(previous / "store"))
    done = kg("build", *args, "--out", "out", "--store", "store", "--report", "r.json", cwd=previous)
    assert done.exit_code == code, done.output
    assert message in one_error(done)
    assert (tree(previous / "out"), tree(previous / "store")) == before
    if code == 3:  # the skipped inputs are each listed, and the report says what happened
        assert "kg: skipped " in done.stderr
        report = json.loads((previous / "r.json").read_text())
        assert report["exit_code"] == 3 and report["processed"] == 0 and report["files_written"] == []


@pytest.mark.model
def test_inputs_sharing_a_file_name_get_names_that_tell_them_apart(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "b").mkdir()
    (docs / "m.md").write_text(ARTICLE)
    (docs / "m.html").write_text(f"<html><body><p>{OTHER}</p></body></html>")
    (docs / "a" / "x.txt").write_text(
        "Officials in London declined to comment on the report, a spokesman said.\n"
    )
    (docs / "b" / "x.txt").write_text("The council of Leeds said on Tuesday the budget was final.\n")
    (docs / "solo.txt").write_text("Pat Ryder said on Monday that the troops had arrived.\n")
    built = kg("build", "docs", "--out", "out", "--format", "ttl", "--no-validate", cwd=tmp_path)
    assert built.exit_code == 0, built.output
    listed = kg("query", "documents", "--graph", "out/graph.ttl", "--format", "json", cwd=tmp_path)
    names = {row["document"]["value"] for row in json.loads(listed.stdout)["results"]["bindings"]}
    assert names == {"m.md", "m.html", "a/x.txt", "b/x.txt", "solo"}
    notes = [line for line in built.stderr.splitlines() if line.startswith("kg: note: ")]
    assert notes == [
        "kg: note: 2 documents share the file name 'm'; they are named m.html, m.md",
        "kg: note: 2 documents share the file name 'x'; they are named a/x.txt, b/x.txt",
    ]
    extracted = kg("extract", "docs", cwd=tmp_path)
    assert sorted(json.loads(line)["doc"] for line in extracted.stdout.splitlines()) == sorted(names)
    assert [line for line in extracted.stderr.splitlines() if line.startswith("kg: note: ")] == notes
    again = kg("build", "docs", "--out", "out", "--store", "store", "--format", "ttl", cwd=tmp_path)
    assert again.exit_code == 0 and "kg: note: " in again.stderr
    third = kg("build", "docs", "--out", "out", "--store", "store", "--format", "ttl", cwd=tmp_path)
    assert third.exit_code == 0 and "kg: note: " not in third.stderr  # said once, when they arrived


@pytest.mark.model
def test_an_empty_named_query_says_why(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert kg("build", "a.txt", "--out", "out", "--format", "ttl", cwd=tmp_path).exit_code == 0
    undated = kg("query", "timeline", "-p", "name=Acme Corp", "--graph", "out/graph.ttl", cwd=tmp_path)
    assert undated.exit_code == 0
    assert len(undated.stdout.splitlines()) == 2  # the header and its rule: no row
    assert undated.stderr.startswith("kg: no claim about Acme Corp has a date.")
    assert "kg build --date YYYY-MM-DD" in undated.stderr and len(undated.stderr.splitlines()) == 1
    unknown = kg("query", "entity", "-p", "name=Acme Crop", "--graph", "out/graph.ttl", cwd=tmp_path)
    assert unknown.exit_code == 0
    assert unknown.stderr.startswith("kg: no entity is named 'Acme Crop' (did you mean 'acme corp'?)")
    dated = tmp_path / "dated"
    dated.mkdir()
    (dated / "a.txt").write_text(ARTICLE)
    (dated / "a.meta.json").write_text('{"date": "2024-11-18"}')
    assert kg("build", "dated", "--out", "out2", "--format", "ttl", cwd=tmp_path).exit_code == 0
    timeline = kg(
        "query", "timeline", "-p", "name=Beta Industries", "--graph", "out2/graph.ttl", cwd=tmp_path
    )
    assert "2024-11-18" in timeline.stdout and timeline.stderr == ""  # with a date: rows, no note
