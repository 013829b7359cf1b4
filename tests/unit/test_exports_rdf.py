"""graph.exports: Format, deterministic serializations, atomic writes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from kg_fixtures import extraction_1, extraction_2, extractions
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph import builder
from graph.errors import ExportError
from graph.exports import Format
from graph.exports import rdf as rdf_export
from graph.exports.rdf import serialize, sorted_quads, union_graph, write

ROOT = Path(__file__).resolve().parents[2]
RDF_FORMATS = [Format.TURTLE, Format.TRIG, Format.NQUADS, Format.JSONLD]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return builder.build_dataset(extractions())


# --------------------------------------------------------------------------- Format


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("graph.ttl", Format.TURTLE),
        ("out/GRAPH.TTL", Format.TURTLE),
        ("graph.trig", Format.TRIG),
        ("graph.nq", Format.NQUADS),
        ("graph.jsonld", Format.JSONLD),
        ("graph.json", Format.JSONLD),
        ("graph.html", Format.HTML),
    ],
)
def test_format_from_path(name: str, fmt: Format) -> None:
    assert Format.from_path(name) is fmt
    assert Format.from_path(Path(name)) is fmt


@pytest.mark.parametrize("name", ["graph.xml", "graph", "graph.ttl.bak"])
def test_format_from_path_unknown(name: str) -> None:
    with pytest.raises(ValueError, match=r"\.ttl"):
        Format.from_path(name)


def test_format_suffix_round_trips() -> None:
    for fmt in Format:
        assert Format.from_path("x" + fmt.suffix) is fmt


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_same_text_whatever_the_input_order(fmt: Format) -> None:
    forward = serialize(builder.build_dataset(extractions()), fmt)
    backward = serialize(builder.build_dataset([extraction_2(), extraction_1()]), fmt)
    assert forward == backward
    assert forward.endswith("\n")


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_same_text_whatever_the_store(fmt: Format, dataset: Dataset) -> None:
    pytest.importorskip("oxrdflib")
    oxigraph = builder.build_dataset(extractions(), dataset=Dataset(store="Oxigraph"))
    assert serialize(oxigraph, fmt) == serialize(dataset, fmt)


_SCRIPT = """
import hashlib, sys
sys.path[:0] = [{root!r}, {tests!r}]
from kg_fixtures import extractions
from graph import builder
from graph.exports import Format
from graph.exports.rdf import serialize
ds = builder.build_dataset(extractions())
for fmt in (Format.TURTLE, Format.TRIG, Format.NQUADS, Format.JSONLD):
    print(fmt.name, hashlib.sha256(serialize(ds, fmt).encode("utf-8")).hexdigest())
"""


def test_byte_identical_across_hash_seeds(dataset: Dataset) -> None:
    script = _SCRIPT.format(root=str(ROOT), tests=str(Path(__file__).parent))
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=ROOT
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    expected = "".join(
        f"{fmt.name} {hashlib.sha256(serialize(dataset, fmt).encode('utf-8')).hexdigest()}\n"
        for fmt in RDF_FORMATS
    )
    assert outputs == {expected}


# --------------------------------------------------------------------------- round trips


def _named_graphs(ds: Dataset) -> dict[object, set[tuple]]:
    graphs: dict[object, set[tuple]] = {}
    for s, p, o, g in sorted_quads(ds):
        graphs.setdefault(g, set()).add((s, p, o))
    return graphs


def test_turtle_is_the_union_and_parses_strictly(dataset: Dataset) -> None:
    text = serialize(dataset, Format.TURTLE)
    parsed = Graph().parse(data=text, format="turtle")
    assert isomorphic(parsed, union_graph(dataset))
    assert len(list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))) == len(
        parsed
    )
    assert "PREFIX claim: <https://example.org/kg/claim/>" in text
    assert "schema:text" in text
    assert " … " in text  # non-ASCII survives as UTF-8


def test_trig_round_trip_keeps_named_graphs(dataset: Dataset) -> None:
    text = serialize(dataset, Format.TRIG)
    parsed = Dataset()
    parsed.parse(data=text, format="trig")
    original, back = _named_graphs(dataset), _named_graphs(parsed)
    assert set(back) == set(original)
    assert len(original) == 4  # two documents, the entities graph and the summary graph
    for name, triples in original.items():
        a, b = Graph(), Graph()
        for t in triples:
            a.add(t)
        for t in back[name]:
            b.add(t)
        assert isomorphic(a, b), name
    assert len(list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG))) == len(
        sorted_quads(dataset)
    )


def test_nquads_sorted_and_round_trips(dataset: Dataset) -> None:
    text = serialize(dataset, Format.NQUADS)
    lines = text.splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines)) == len(sorted_quads(dataset))
    parsed = Dataset()
    parsed.parse(data=text, format="nquads")
    assert sorted_quads(parsed) == sorted_quads(dataset)


def test_jsonld_inlines_the_local_context(dataset: Dataset) -> None:
    text = serialize(dataset, Format.JSONLD)
    data = json.loads(text)
    assert isinstance(data["@context"], dict)
    assert data["@context"]["schema"] == "https://schema.org/"
    parsed = Dataset()
    parsed.parse(data=text, format="json-ld")
    assert sorted_quads(parsed) == sorted_quads(dataset)


def test_html_is_not_an_rdf_format(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="HTML"):
        serialize(dataset, Format.HTML)


# --------------------------------------------------------------------------- atomic writes


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_picks_format_from_suffix(dataset: Dataset, tmp_path: Path) -> None:
    for fmt in RDF_FORMATS:
        path = tmp_path / f"out/graph{fmt.suffix}"
        assert write(dataset, path) == path
        assert path.read_bytes() == serialize(dataset, fmt).encode("utf-8")
    assert _leftovers(tmp_path / "out") == []


def test_write_keeps_old_file_when_serialization_fails(
    dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("old\n", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("serializer exploded\nwith a second line")

    monkeypatch.setattr(rdf_export, "serialize", boom)
    with pytest.raises(ExportError) as info:
        write(dataset, path)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == []


def test_write_keeps_old_file_when_writing_fails(
    dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.nq"
    path.write_text("old\n", encoding="utf-8")

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rdf_export.os, "fsync", failing_fsync)
    with pytest.raises(ExportError, match="No space left"):
        write(dataset, path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == []


def test_write_unknown_suffix_is_an_export_error(dataset: Dataset, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        write(dataset, tmp_path / "graph.xml")
    assert list(tmp_path.iterdir()) == []


def test_write_explicit_format_overrides_suffix(dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "graph.txt"
    write(dataset, path, Format.NQUADS)
    assert path.read_text(encoding="utf-8") == serialize(dataset, Format.NQUADS)


def test_write_keeps_the_mode_of_the_file_it_replaces(dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write(dataset, path)
    assert path.stat().st_mode & 0o777 == 0o640
