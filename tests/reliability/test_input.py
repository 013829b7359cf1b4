# ruff: noqa: N802 - test names carry the catalog row id (IN-07 -> test_IN_07_...)
"""Input layer of the reliability catalog (RELIABILITY.md §3.2, IN-01..IN-23).

======  ==========================================================================================
Row     Where
======  ==========================================================================================
IN-01   here: empty / whitespace-only / BOM-only files are skipped "empty", exit 3 (there is no
        ``--allow-empty``: an empty input is always reported)
IN-02   here: PNG/PDF/ZIP/ELF/NUL bytes skipped "binary" (CLI), hypothesis over ``binary()``
IN-03   here: utf-8 / utf-8-sig / utf-16-le+BOM / utf-16-be+BOM / latin-1 / cp1252 give the same
        triples, no C1 control in any literal; also tests/property (any text, 4 encodings)
IN-04   here: no U+FEFF in any IRI or literal, doubled BOM included
IN-05   here: a 100 MB (sparse) file is skipped "too-large" without being read; a 2 MB paragraph
        is split at whitespace under ``max_chunk_chars``; E088 never raised
IN-06   here (slow): a 500 000-character paragraph without punctuation, within a time budget,
        sentences capped at ``MAX_SENTENCE_TOKENS``, no RecursionError
IN-07   here: 100 k "!", emoji / flag / "!?" runs, URL + 13 200 snowmen, 0.1.2… chains, bounded
IN-08   here: hypothesis inserts quote marks of every kind; no exception, every span valid
IN-09   here: script/style/noscript/template/comments never become text; entities decoded once;
        100 000-deep nesting bounded
IN-10   here: payloads stored verbatim as literals and only inside the escaped JSON block of the
        page; execution in a real browser: tests/browser/test_html_browser.py
        (test_hostile_text_never_executes)
IN-11   here: Turtle/SPARQL specials round-trip byte-exact through ttl/trig/nq/jsonld + pyoxigraph
IN-12   here: illegal IRI characters; tests/property/test_iri_properties.py (hypothesis on mint)
IN-13   here: Cf characters do not change an entity IRI; ``kg query`` output escapes U+202E
IN-14   here: emoji / ZWJ / flags / Zalgo survive in literals with consistent offsets
IN-15   here: C0/C1/DEL/ANSI become spaces before NLP; no control character in any literal
IN-16   here: lone surrogates rejected at ingest naming the source
IN-17   here: symlink loop, dangling link, link escaping the root, FIFO, socket, device: bounded
IN-18   here: EACCES (simulated: CI runs as root), ENOENT between listing and reading, directory
IN-19   here: a file name that is not UTF-8 gives a document, no lone surrogate reaches the graph
IN-20   here: identical bytes / other encoding / CRLF are duplicates; a second build adds 0 triples
IN-21   here: piped UTF-8 / latin-1 / binary / empty stdin, DEVNULL stdin, a TTY is exit 2
IN-22   here: Markdown raw HTML, ``javascript:`` links, YAML front matter (never executed), fences
IN-23   here: a character device and a sparse 10 GB file, skipped without reading
======  ==========================================================================================
"""

from __future__ import annotations

import codecs
import os
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import iri, nlp
from graph.ingest import (
    IngestWarning,
    Skipped,
    SkippedError,
    document_from_bytes,
    document_from_text,
    iter_inputs,
    read_path,
)
from graph.records import Document

from ._support import (
    ARTICLE,
    bad_chars,
    build,
    cli,
    extract,
    kg_process,
    literals,
    nquads,
    oxigraph_quads,
    pipeline,
    read_report,
    spans_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::graph.ingest.IngestWarning")

FAST = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _doc(data: bytes, suffix: str = ".txt", name: str = "article") -> Document:
    return document_from_bytes(data, name=name, source=f"{name}{suffix}", suffix=suffix)


def _quads_of(document: Document) -> str:
    return nquads(build([extract(document)]))


def _within(seconds: float, fn, *args):
    """Run ``fn`` in a thread; fail (instead of hanging the suite) if it takes longer."""
    out: dict[str, object] = {}

    def target() -> None:
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # pragma: no cover - re-raised below
            out["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{getattr(fn, '__name__', fn)} did not finish within {seconds} s"
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


# --------------------------------------------------------------------------- IN-01, IN-02


@pytest.mark.model
def test_IN_01_empty_inputs_are_skipped_with_exit_3(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_bytes(b"")
    (docs / "blank.txt").write_bytes(b" \n\t\r\n  ")
    (docs / "bom.txt").write_bytes(codecs.BOM_UTF8)
    (docs / "bom16.txt").write_bytes(codecs.BOM_UTF16_LE)
    (docs / "front-only.md").write_bytes(b"---\ntitle: x\n---\n")
    result = cli(["build", str(docs), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 3, result.output
    report = read_report(tmp_path / "r.json")
    assert report["skipped_by_reason"] == {"empty": 5}
    assert report["processed"] == 0 and report["triples_added"] == 0
    assert report["exit_code"] == 3
    assert not (tmp_path / "out").exists()  # no document: nothing written


BINARIES = {
    "png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n",
    "zip": b"PK\x03\x04" + bytes(60),
    "elf": b"\x7fELF\x02\x01\x01" + bytes(64),
    "nul": b"John Smith said hello.\x00\x00\x00 more text",
    "random": bytes((i * 197 + 11) % 256 for i in range(4096)),
}


@pytest.mark.model
def test_IN_02_binary_files_are_skipped_not_decoded(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in BINARIES.items():
        (docs / f"{name}.txt").write_bytes(data)
    result = cli(["build", str(docs), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 3, result.output
    report = read_report(tmp_path / "r.json")
    reasons = {p["source"].rsplit("/", 1)[-1]: (p["code"], p["reason"]) for p in report["skipped"]}
    assert set(reasons) == {f"{n}.txt" for n in BINARIES}
    assert reasons["nul.txt"][0] == "binary" and "NUL" in reasons["nul.txt"][1]
    for name in ("png", "pdf", "zip", "elf"):
        assert reasons[f"{name}.txt"][0] == "binary", reasons[f"{name}.txt"]
    assert reasons["random.txt"][0] in ("binary", "undecodable")
    assert report["triples_added"] == 0


@FAST
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_IN_02_any_bytes_give_a_clean_document_or_a_skip(data: bytes, suffix: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IngestWarning)
        try:
            doc = _doc(data, suffix)
        except SkippedError as exc:
            assert exc.skipped.code in {"binary", "undecodable", "empty"}
            return
    assert "\x00" not in doc.text and not bad_chars(doc.text)
    assert b"\x00" not in data[:8192] or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


# --------------------------------------------------------------------------- IN-03, IN-04

LATIN1_ARTICLE = (
    "Zoë Müller, the mayor of Zürich, said on Monday that the café would reopen. "
    'Acme Corp said "the deal is done," according to François Léger.'
)
CP1252_ARTICLE = "Zoë Müller said on Monday: “the café will reopen — soon.” Acme Corp declined to comment."


@pytest.fixture(scope="module")
def encoded_builds() -> dict[str, str]:
    out: dict[str, str] = {}
    encodings = {
        "utf-8": LATIN1_ARTICLE.encode("utf-8"),
        "utf-8-sig": codecs.BOM_UTF8 + LATIN1_ARTICLE.encode("utf-8"),
        "double-bom": codecs.BOM_UTF8 * 2 + LATIN1_ARTICLE.encode("utf-8"),
        "utf-16-le": codecs.BOM_UTF16_LE + LATIN1_ARTICLE.encode("utf-16-le"),
        "utf-16-be": codecs.BOM_UTF16_BE + LATIN1_ARTICLE.encode("utf-16-be"),
        "latin-1": LATIN1_ARTICLE.encode("latin-1"),
        "cp1252/utf-8": CP1252_ARTICLE.encode("utf-8"),
        "cp1252": CP1252_ARTICLE.encode("cp1252"),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IngestWarning)
        for name, data in encodings.items():
            out[name] = _quads_of(_doc(data))
    return out


@pytest.mark.model
def test_IN_03_every_encoding_gives_the_same_triples(encoded_builds: dict[str, str]) -> None:
    reference = encoded_builds["utf-8"]
    assert "Zürich" in reference or "Zoë" in reference
    for name in ("utf-8-sig", "double-bom", "utf-16-le", "utf-16-be", "latin-1"):
        assert encoded_builds[name] == reference, name
    assert encoded_builds["cp1252"] == encoded_builds["cp1252/utf-8"]
    for name, text in encoded_builds.items():
        assert not [c for c in text if 0x80 <= ord(c) <= 0x9F], f"C1 control in {name}"


@pytest.mark.model
def test_IN_04_bom_never_reaches_an_iri_or_literal(encoded_builds: dict[str, str]) -> None:
    for name, text in encoded_builds.items():
        assert "\ufeff" not in text, name
    assert document_from_text("\ufeff\ufeffAcme said hi.").text.startswith("Acme")


# --------------------------------------------------------------------------- IN-05, IN-06, IN-07


def test_IN_05_huge_file_is_skipped_without_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: no disk used
    started = time.monotonic()
    items = list(iter_inputs([huge]))
    assert time.monotonic() - started < 2
    assert [(i.code if isinstance(i, Skipped) else "doc") for i in items] == ["too-large"]


def test_IN_05_two_megabyte_paragraph_is_split_at_whitespace() -> None:
    words = ("alpha", "beta", "gamma", "delta", "epsilon")
    text = " ".join(words[i % 5] for i in range(350_000))[:2_000_000]
    pieces = nlp.split_text(text, nlp.MAX_CHUNK_CHARS)
    assert "".join(pieces) == text
    assert all(len(p) <= nlp.MAX_CHUNK_CHARS for p in pieces)
    assert all(p[-1].isspace() for p in pieces[:-1])  # cut after a space, never inside a word
    paragraphs = "\n\n".join(["x " * 30_000] * 5)
    assert all(p.endswith("\n\n") for p in nlp.split_text(paragraphs, 70_000)[:-1])
    assert nlp.split_text("a" * 250, 100) == ["a" * 100, "a" * 100, "a" * 50]  # no space: hard cut


@pytest.mark.model
def test_IN_05_texts_above_spacy_max_length_never_raise_E088(monkeypatch: pytest.MonkeyPatch) -> None:
    model = nlp.load()
    monkeypatch.setattr(model, "max_length", 3_000)
    text = (ARTICLE + "\n\n") * 40  # ~8 700 characters, three times the limit
    document = document_from_text(text)
    extraction = extract(document)  # default max_chunk_chars (100 000) is clamped below max_length
    assert extraction.attributions
    for span in spans_of(extraction):
        assert 0 <= span.start <= span.end <= len(text)


@pytest.mark.model
def test_IN_05_chunked_parse_is_one_doc_equal_to_the_text() -> None:
    from ._support import SEED

    document = read_path(SEED)
    whole = next(nlp.parse([document.body]))
    pieces = next(nlp.parse([document.body], max_chunk_chars=700))
    assert pieces.text == whole.text == nlp.prepare(document.body)
    assert [(e.start_char, e.end_char, e.label_) for e in pieces.ents] == [
        (e.start_char, e.end_char, e.label_) for e in whole.ents
    ]


@pytest.mark.model
@pytest.mark.slow
def test_IN_06_half_a_million_characters_without_punctuation_are_bounded() -> None:
    vocabulary = "market river people morning report window policy garden number system".split()
    text = " ".join(vocabulary[(i * 7) % 10] for i in range(75_000))[:500_000]
    assert len(text) == 500_000
    document = document_from_text(text)
    started = time.monotonic()
    doc = _within(240, lambda: next(nlp.parse([document.body])))
    extraction = _within(60, lambda: pipeline().extract(document, doc))
    elapsed = time.monotonic() - started
    assert doc.text == text
    assert max(len(s) for s in doc.sents) <= nlp.MAX_SENTENCE_TOKENS + 1
    for span in spans_of(extraction):
        assert 0 <= span.start <= span.end <= len(text)
    assert elapsed < 240, f"{elapsed:.1f} s"


PATHOLOGICAL = {
    "bang-100k": "!" * 100_000,
    "bang-in-text": "John Smith said it was great" + "!" * 50_000 + " and left.",
    "emoji-run": "😀😁" * 20_000,
    "flags": "🇺🇸🇬🇧" * 10_000,
    "mixed-symbols": "!?" * 25_000,
    "url-snowmen": "Visit http://example.com/" + "☃" * 13_200 + " now, said John Smith.",
    "period-chain": ".".join(str(i) for i in range(2_000)),
    "quotes-run": '"' * 20_000 + " said Acme Corp.",
    "zwj-run": "👨\u200d👩\u200d👧" * 5_000,
}


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_IN_07_punctuation_runs_are_bounded(name: str) -> None:
    text = PATHOLOGICAL[name]
    prepared = nlp.prepare(text)
    assert len(prepared) == len(text)
    document = document_from_text(text)
    started = time.monotonic()
    extraction = _within(30, extract, document)
    assert time.monotonic() - started < 10, f"{name}: {time.monotonic() - started:.1f} s"
    for span in spans_of(extraction):
        assert 0 <= span.start <= span.end <= len(text)


# --------------------------------------------------------------------------- IN-08

QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "‹", "›", "„", "「", "」", "『", "』", "\u201f"]


@pytest.mark.model
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(inserts=st.lists(st.tuples(st.integers(0, len(ARTICLE)), st.sampled_from(QUOTES)), max_size=8))
def test_IN_08_quote_marks_anywhere_never_break_spans(inserts: list[tuple[int, str]]) -> None:
    text = ARTICLE + "\n\nO'Brien played rock 'n' roll, said Acme Corp.\n\n“An unclosed quote starts here"
    for position, mark in sorted(inserts, reverse=True):
        text = text[:position] + mark + text[position:]
    document = document_from_text(text)
    extraction = extract(document)
    for span in spans_of(extraction):
        assert 0 <= span.start <= span.end <= len(text)
    for attribution in extraction.attributions:
        for span in attribution.content:
            assert "\n\n" not in text[span.start : span.end], "a quote ran over a paragraph break"
    dataset = build([extraction])
    assert oxigraph_quads(nquads(dataset), "nq")


# --------------------------------------------------------------------------- IN-09, IN-10

HTML_PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>T</title>
<style>p { content: "Acme acquired Beta." }</style>
<script>var s = "Acme acquired Beta.";</script></head><body>
<noscript>Acme acquired Beta.</noscript><template><p>Acme acquired Beta.</p></template>
<!-- Acme acquired Beta. -->
<article><p>John Smith said the council met on Monday to discuss the budget &amp;lt;b&amp;gt; plan.</p>
<p>The mayor said the plan was sound and &lt;img src=x onerror=alert(1)&gt; was a typo.</p></article>
</body></html>"""


def test_IN_09_html_hidden_parts_never_become_text() -> None:
    document = _doc(HTML_PAGE, ".html", "page")
    assert "Acme acquired" not in document.text
    assert "&lt;b&gt;" in document.text  # decoded exactly once
    assert "<img src=x onerror=alert(1)>" in document.text  # escaped markup stays text


def test_IN_09_deep_nesting_is_bounded() -> None:
    page = (
        b"<html><body>"
        + b"<div>" * 100_000
        + b"John Smith said hi."
        + b"</div>" * 100_000
        + b"</body></html>"
    )
    started = time.monotonic()
    document = _within(30, _doc, page, ".html", "deep")
    assert "John Smith said hi." in document.text
    assert time.monotonic() - started < 10


@pytest.mark.model
def test_IN_10_payloads_are_verbatim_literals_and_inert_in_the_page(tmp_path: Path) -> None:
    from graph.exports import html

    payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "{{7*7}} href",
    ]
    text = "\n".join(f'"{p} is dangerous," John Smith said.' for p in payloads)
    document = document_from_text(text)
    dataset = build([extract(document)])
    values = literals(dataset)
    for payload in payloads:
        assert any(payload in v for v in values), payload
    page = html.render(dataset)
    body = page.split('<script type="application/json"', 1)
    for payload in payloads[:2]:
        assert payload not in page, "payload outside the escaped JSON block"
    assert "javascript:alert" not in body[0]


# --------------------------------------------------------------------------- IN-11, IN-12, IN-13


def _attribution_over(text: str, fragment: str):
    from graph.records import Attribution, Entity, Extraction, Mention, Span

    document = document_from_text(text)
    start = text.index(fragment)
    content = Span(start=start, end=start + len(fragment))
    speaker = Entity(id="person/john-smith", type="person", name="John Smith")
    name_at = text.index("John Smith")
    return Extraction(
        document=document,
        entities=(speaker,),
        mentions=(
            Mention(
                id="m0", entity=speaker.id, span=Span(start=name_at, end=name_at + 10), text="John Smith"
            ),
        ),
        attributions=(
            Attribution(
                id="a0",
                source=(Span(start=name_at, end=name_at + 10),),
                cue=(Span(start=name_at + 11, end=name_at + 15),),
                content=(content,),
                speaker=speaker.id,
                speaker_name="John Smith",
                cue_lemma="say",
                mode="direct",
            ),
        ),
    )


SPECIALS = [
    ">",
    '"',
    '"""',
    'ends with a quote"',
    "back\\slash \\n \\u0041",
    "line\nbreak",
    "@prefix ex: <http://evil.example/> .",
    "} ; DROP ALL ; INSERT DATA { <a> <b> <c> }",
    "# not a comment",
    "'''single'''",
]


@pytest.mark.parametrize("fragment", SPECIALS)
def test_IN_11_turtle_and_sparql_specials_round_trip_exactly(fragment: str) -> None:
    from graph.exports import Format
    from graph.exports.rdf import serialize

    text = f"John Smith said: {fragment} and more."
    dataset = build([_attribution_over(text, fragment)])
    for fmt, key in (
        (Format.TURTLE, "ttl"),
        (Format.TRIG, "trig"),
        (Format.NQUADS, "nq"),
        (Format.JSONLD, "jsonld"),
    ):
        parsed = oxigraph_quads(serialize(dataset, fmt), key)
        exact = [q for q in parsed if "#exact>" in q]
        import pyoxigraph as ox

        values = {
            ox.parse(q.encode() + b" .", format=ox.RdfFormat.N_QUADS).__next__().object.value for q in exact
        }
        assert fragment in values, (key, values)


ILLEGAL_NAMES = [
    "Acme Corp",
    "a b",
    "<tag>",
    '"quoted"',
    "{x}|y^z`",
    "back\\slash",
    "new\nline\ttab\x00nul",
    "100%",
    "%zz",
    "#frag?query/path",
    "-leading",
    "trailing.",
    "x" * 10_000,
    "\u202eevil",
    "",
    "Москва",
    "北京",
    "0\n",
    "already-a-slug\n",
]


@pytest.mark.parametrize("name", ILLEGAL_NAMES, ids=range(len(ILLEGAL_NAMES)))
def test_IN_12_entity_names_always_mint_valid_iris(name: str) -> None:
    import pyoxigraph as ox

    minted = iri.mint(iri.DEFAULT_BASE, "person", name)
    ox.NamedNode(minted)  # strict parser accepts it
    assert minted == iri.mint(iri.DEFAULT_BASE, "person", name)
    assert len(minted) <= len(iri.DEFAULT_BASE) + len("person/") + iri.MAX_SLUG + 9
    with pytest.raises(ValueError):
        iri.checked("relative/iri")
    with pytest.raises(ValueError):
        iri.checked("http://example.org/a b")


def test_IN_12_distinct_names_are_not_merged_silently() -> None:
    assert iri.slug("Kim 北京") != iri.slug("Kim 上海")
    assert iri.slug("Москва") != iri.slug("Киев")
    assert iri.slug("Acme Corp.") == iri.slug("ACME corp")  # the deliberate merge: case/punctuation
    assert iri.slug("x" * 100) != iri.slug("x" * 101)


def test_IN_13_format_characters_do_not_change_identity(tmp_path: Path) -> None:
    for cf in ("\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\u00ad", "\ufeff"):
        assert iri.mint(iri.DEFAULT_BASE, "organization", f"Ac{cf}me") == iri.mint(
            iri.DEFAULT_BASE, "organization", "Acme"
        )
    graph_file = tmp_path / "g.ttl"
    graph_file.write_text(
        '<https://example.org/kg/x> <http://www.w3.org/2000/01/rdf-schema#label> "safe\u202eevil\x1b[31m" .\n'
    )
    result = cli(["query", "SELECT ?l WHERE { ?s ?p ?l }", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.output and "\\u202e" in result.output
    assert "\x1b" not in result.output


# --------------------------------------------------------------------------- IN-14, IN-15, IN-16


@pytest.mark.model
def test_IN_14_emoji_and_combining_marks_keep_offsets() -> None:
    text = (
        'John Smith said "the 👨\u200d👩\u200d👧 family from 🇺🇸 loved Z\u0351\u0352\u0353algo café." '
        "Acme Corp said 東京 is big 😀."
    )
    document = document_from_text(text)
    extraction = extract(document)
    dataset = build([extraction])
    for span in spans_of(extraction):
        assert 0 <= span.start <= span.end <= len(text)
    values = literals(dataset)
    assert any("👨\u200d👩\u200d👧" in v for v in values)
    assert any(v in text for v in values if len(v) > 10)


@pytest.mark.model
def test_IN_15_controls_become_spaces_and_never_reach_a_literal() -> None:
    text = 'John Smith\x07 said \x1b[31m"the vote\x7f is\x85 final." Acme\x0b Corp said\x0c hi.\x9b'
    document = document_from_text(text)
    assert len(document.text) == len(text) and not bad_chars(document.text)
    dataset = build([extract(document)])
    for value in literals(dataset):
        assert not bad_chars(value), (value, bad_chars(value))


def test_IN_16_lone_surrogates_are_rejected_naming_the_source() -> None:
    with pytest.raises(SkippedError) as caught:
        document_from_text("Acme said \ud800 hello", name="bad-json-line")
    assert caught.value.skipped.code == "undecodable"
    assert "bad-json-line" in str(caught.value) and "U+D800" in str(caught.value)


# --------------------------------------------------------------------------- IN-17 .. IN-19


def test_IN_17_links_fifos_sockets_and_devices_are_bounded(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "ok.txt").write_text("John Smith said hello.")
    os.symlink(root / "a", root / "a" / "b" / "loop")  # a -> b -> loop -> a
    os.symlink(root, root / "a" / "up")
    os.symlink(root / "missing.txt", root / "dangling.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    os.symlink(outside, root / "escape.txt")
    os.mkfifo(root / "pipe.txt")
    os.symlink("/dev/zero", root / "zero.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock.txt"))
    try:
        items = _within(10, lambda: list(iter_inputs([root])))
    finally:
        sock.close()
    docs = [i for i in items if isinstance(i, Document)]
    codes = {os.path.basename(i.source): i.code for i in items if isinstance(i, Skipped)}
    assert [d.text for d in docs] == ["John Smith said hello."]
    assert codes == {
        "dangling.txt": "missing",
        "escape.txt": "outside-root",
        "pipe.txt": "not-a-file",
        "zero.txt": "outside-root",  # a link to /dev/zero; the device itself: IN-23
        "sock.txt": "not-a-file",
    }


def test_IN_18_unreadable_vanished_and_directory_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("John Smith said hello.")
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    vanishing = tmp_path / "vanishing.txt"
    vanishing.write_text("soon gone")
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):  # CI runs as root: simulate EACCES / ENOENT
        name = os.fspath(path)
        if name == str(locked):
            raise PermissionError(13, "Permission denied", name)
        if name == str(vanishing):
            raise FileNotFoundError(2, "No such file or directory", name)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    items = list(iter_inputs([good, locked, vanishing, tmp_path / "nothing.txt"]))
    monkeypatch.undo()
    codes = [
        (os.path.basename(i.source), i.code, i.reason) if isinstance(i, Skipped) else "doc" for i in items
    ]
    assert codes[0] == "doc"
    assert codes[1][:2] == ("locked.txt", "unreadable") and "EACCES" in codes[1][2]
    assert codes[2][:2] == ("vanishing.txt", "missing") and "ENOENT" in codes[2][2]
    assert codes[3][:2] == ("nothing.txt", "missing")
    with pytest.raises(SkippedError) as caught:
        read_path(tmp_path)
    assert caught.value.skipped.code == "not-a-file"


@pytest.mark.model
def test_IN_19_non_utf8_file_name(tmp_path: Path) -> None:
    from graph.api import build as api_build

    folder = os.fsencode(tmp_path / "docs")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9 \xff.txt"), "wb") as f:
        f.write(ARTICLE.encode())
    kg = api_build([os.fsdecode(folder)])
    try:
        assert kg.report.processed == 1
        text = nquads(kg.dataset)
        text.encode("utf-8")  # no lone surrogate anywhere
        assert oxigraph_quads(text, "nq")
        assert "\\xe9" in text or "caf" in text
    finally:
        kg.close()


# --------------------------------------------------------------------------- IN-20 .. IN-23


@pytest.mark.model
def test_IN_20_duplicates_are_reported_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (docs / "b-copy.txt").write_text(ARTICLE, encoding="utf-8")
    (docs / "c-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    (docs / "d-crlf.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    store = tmp_path / "store"
    args = ["build", str(docs), "--store", str(store), "--out", str(tmp_path / "out"), "--format", "ttl"]
    first = cli([*args, "--report", str(tmp_path / "1.json")])
    assert first.exit_code == 3, first.output
    report = read_report(tmp_path / "1.json")
    assert report["processed"] == 1 and report["skipped_by_reason"] == {"duplicate": 3}
    assert all("duplicate of" in p["reason"] and "a.txt" in p["reason"] for p in report["skipped"])
    exported = (tmp_path / "out" / "graph.ttl").read_bytes()
    second = cli([*args, "--report", str(tmp_path / "2.json")])
    assert second.exit_code == 3
    assert read_report(tmp_path / "2.json")["triples_added"] == 0
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == exported


@pytest.mark.model
def test_IN_21_stdin_kinds(tmp_path: Path) -> None:
    utf8 = cli(["extract", "-"], input=ARTICLE.encode("utf-8"))
    assert utf8.exit_code == 0 and '"attributions"' in utf8.stdout
    latin = cli(["extract", "-"], input=LATIN1_ARTICLE.encode("latin-1"))
    assert latin.exit_code == 0, latin.output
    assert "Zürich" in latin.stdout or "Müller" in latin.stdout or latin.stdout.count("\n") == 1
    binary = cli(["extract", "-", "--report", str(tmp_path / "b.json")], input=BINARIES["png"])
    assert binary.exit_code == 3 and read_report(tmp_path / "b.json")["skipped_by_reason"] == {"binary": 1}
    empty = cli(["extract", "-", "--report", str(tmp_path / "e.json")], input=b"")
    assert empty.exit_code == 3 and read_report(tmp_path / "e.json")["skipped_by_reason"] == {"empty": 1}


def test_IN_21_a_terminal_on_stdin_is_a_usage_error(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        done = kg_process(["extract", "-"], cwd=tmp_path, stdin=slave, timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    assert done.returncode == 2, done.stderr
    assert b"stdin" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.model
@pytest.mark.slow
def test_IN_21_devnull_stdin_does_not_wait(tmp_path: Path) -> None:
    done = kg_process(["extract", "-"], cwd=tmp_path, timeout=120)  # CI has no stdin: DEVNULL
    assert done.returncode == 3, done.stderr
    assert b"empty" in done.stderr


MARKDOWN = b"""---
title: !!python/object/apply:os.system ['touch PWNED']
date: 2024-01-02
---
# Council

John Smith said [the plan](javascript:alert(1)) was ready.

<div onclick="steal()">raw <script>alert("Acme acquired Beta.")</script> block</div>

```
Acme acquired Beta, said the code fence.
```
"""


def test_IN_22_markdown_front_matter_raw_html_and_links(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_bytes(MARKDOWN)
    before = set(os.listdir(tmp_path))
    document = read_path(path)
    assert set(os.listdir(tmp_path)) == before and not Path("PWNED").exists()  # YAML never executed
    assert document.meta.published == "2024-01-02"
    assert document.meta.title is None or "python" not in document.meta.title
    assert 'alert("Acme acquired Beta.")' not in document.body  # script content is not text
    assert "---" not in document.body[:10]  # front matter is furniture


@pytest.mark.model
def test_IN_22_markdown_link_targets_are_never_live_in_the_page(tmp_path: Path) -> None:
    from graph.exports import html

    (tmp_path / "note.md").write_bytes(MARKDOWN)
    dataset = build([extract(read_path(tmp_path / "note.md"))])
    page = html.render(dataset)
    head = page.partition('<script type="application/json"')[0]
    assert "javascript:" not in head and 'href="javascript' not in page


def test_IN_23_devices_and_sparse_giants_are_not_read(tmp_path: Path) -> None:
    giant = tmp_path / "giant.txt"
    with giant.open("wb") as f:
        f.truncate(10 * 1024**3)
    started = time.monotonic()
    items = _within(10, lambda: list(iter_inputs(["/dev/zero", "/dev/urandom", giant])))
    assert time.monotonic() - started < 5
    assert [(i.code if isinstance(i, Skipped) else "doc") for i in items] == [
        "not-a-file",
        "not-a-file",
        "too-large",
    ]
