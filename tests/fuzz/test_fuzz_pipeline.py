"""A bounded fuzz run in CI: arbitrary and mutated bytes -> ingest -> extract -> build -> export.

Hypothesis drives it (atheris would need a separate long-running job): each example is a
seed document (an article, an HTML page, a Markdown note) mutated by byte insertions,
replacements and nasty fragments in several encodings, or plain random bytes. Oracles:

* ingest raises nothing but SkippedError (binary / undecodable / empty);
* every span of every record lies inside the document text;
* no literal holds a C0/C1 control or a lone surrogate;
* the N-Quads and Turtle exports parse with pyoxigraph (strict) and hold the same triples.

Inputs that once failed live in ``regressions/`` and run on every test run. The random
search is time-boxed (``FUZZ_EXAMPLES``, scaled by ``KG_HYPOTHESIS_SCALE``).
"""

from __future__ import annotations

import codecs
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from property.strategies import budget
from reliability._support import ARTICLE, NASTY, SEED, bad_chars, build, extract, literals, spans_of

from graph.ingest import IngestWarning, SkippedError, document_from_bytes

pytestmark = [pytest.mark.model, pytest.mark.filterwarnings("ignore::graph.ingest.IngestWarning")]

REGRESSIONS = Path(__file__).with_name("regressions")
FUZZ_EXAMPLES = 300

SEEDS: list[tuple[bytes, str]] = [
    (ARTICLE.encode("utf-8"), ".txt"),
    (SEED.read_bytes()[:1500], ".txt"),
    (
        b"<html><head><title>T</title></head><body><article><p>"
        + ARTICLE.encode()
        + b"</p></article></body></html>",
        ".html",
    ),
    (b"---\ntitle: Note\n---\n# Head\n\n" + ARTICLE.encode() + b"\n\n```\ncode\n```\n", ".md"),
]
ENCODINGS = ["utf-8", "utf-16", "latin-1", "cp1252", "utf-8-sig"]


def _encode(fragment: str, encoding: str) -> bytes:
    return fragment.encode(encoding, errors="replace")


@st.composite
def fuzz_inputs(draw: st.DrawFn) -> tuple[bytes, str]:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=1024)), draw(st.sampled_from([".txt", ".html", ".md"]))
    data, suffix = draw(st.sampled_from(SEEDS))
    buffer = bytearray(data)
    for _ in range(draw(st.integers(0, 6))):
        position = draw(st.integers(0, len(buffer)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            buffer[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif kind == 1 and buffer:
            buffer[min(position, len(buffer) - 1)] = draw(st.integers(0, 255))
        elif kind == 2:
            fragment = draw(st.sampled_from(NASTY)) * draw(st.integers(1, 40))
            buffer[position:position] = _encode(fragment, draw(st.sampled_from(ENCODINGS)))
        else:
            del buffer[position : position + draw(st.integers(1, 20))]
    if draw(st.booleans()) and suffix == ".txt":
        text = bytes(buffer).decode("utf-8", errors="ignore")
        encoding = draw(st.sampled_from(ENCODINGS))
        bom = codecs.BOM_UTF16 if encoding == "utf-16" else b""
        return (
            text.encode(encoding, errors="replace")
            if encoding != "utf-16"
            else bom + text.encode("utf-16-le")
        ), suffix
    return bytes(buffer), suffix


def check(data: bytes, suffix: str) -> None:
    """The oracles of this module over one input."""
    import pyoxigraph as ox

    from graph.exports import Format
    from graph.exports.rdf import serialize

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IngestWarning)
        try:
            document = document_from_bytes(data, name="fuzz", source=f"fuzz{suffix}", suffix=suffix)
        except SkippedError as exc:
            assert exc.skipped.code in {"binary", "undecodable", "empty"}
            return
    assert not bad_chars(document.text)
    extraction = extract(document)
    for span in spans_of(extraction):
        assert 0 <= span.start <= span.end <= len(document.text)
    dataset = build([extraction])
    for value in literals(dataset):
        assert not bad_chars(value), bad_chars(value)
    nq = serialize(dataset, Format.NQUADS)
    ttl = serialize(dataset, Format.TURTLE)
    quads = list(ox.parse(nq.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    triples = {str(t) for t in ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)}
    assert triples == {str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads}


@pytest.mark.slow
@budget(FUZZ_EXAMPLES, derandomize=False)
@given(case=fuzz_inputs())
def test_fuzz_ingest_extract_export(case: tuple[bytes, str]) -> None:
    check(*case)


@pytest.mark.parametrize("path", sorted(REGRESSIONS.iterdir()), ids=lambda p: p.name)
def test_regression_inputs(path: Path) -> None:
    check(path.read_bytes(), path.suffix if path.suffix in (".html", ".md") else ".txt")
