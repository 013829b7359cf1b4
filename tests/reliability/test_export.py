# ruff: noqa: N802 - test names carry the catalog row id (IN-07 -> test_IN_07_...)
"""Export and HTML-view layer of the reliability catalog (RELIABILITY.md §3.5, EX-01..EX-10).

======  ==========================================================================================
Row     Where
======  ==========================================================================================
EX-01   here: Turtle, TriG, N-Quads and JSON-LD parse with pyoxigraph and equal the dataset (the
        strict-parser oracle is also the core of tests/property and tests/fuzz); there is no
        ``--verify`` flag: the oracle runs in the tests instead
EX-02   here: byte-identical exports in all four formats across 3 PYTHONHASHSEED values; the
        6-seed matrix: tests/unit/test_exports_rdf.py::test_byte_identical_across_hash_seeds
EX-03   here: TriG re-parsed into a Dataset keeps every IRI-named graph, no blank-node graph
EX-04   here: JSON-LD has an inline context only (no URL), round-trips, keeps language tags
EX-05   covered elsewhere: tests/browser/test_html_browser.py::test_hostile_text_never_executes
        (payloads in every slot, real Chromium); here: the static half (payloads only escaped)
EX-06   covered elsewhere: tests/browser/test_html_browser.py::
        test_page_makes_no_network_request_and_show_all_works; here: no http(s) resource in the page
EX-07   covered elsewhere: tests/browser/test_html_browser.py::test_csp_blocks_an_injected_handler;
        here: the CSP meta is present with script hashes and connect-src 'none'
EX-08   here: <meta charset="utf-8">, strict UTF-8 bytes, emoji / RTL / CJK labels survive
EX-09   here: a 3 000-entity graph renders within a budget, truncated with a visible notice
EX-10   not applicable in part: no per-document output file names exist (the exports have fixed
        names: graph.ttl, graph.html, ...), so there is no title-derived name to sanitize.
        Tested here: ``kg build`` / ``kg extract`` refuse (exit 2, one line, nothing written,
        before any extraction) an export or ``--report`` whose resolved path is an input
        document (graph/cli.py ``_check_outputs``)
======  ==========================================================================================
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from graph.exports import Format
from graph.exports.rdf import serialize

from ._support import ARTICLE, build, cli, extract, nquads, oxigraph_quads

pytestmark = pytest.mark.model

FORMATS = [(Format.TURTLE, "ttl"), (Format.TRIG, "trig"), (Format.NQUADS, "nq"), (Format.JSONLD, "jsonld")]
HOSTILE = (
    '"<img src=x onerror=alert(1)> href javascript:alert(1) </script>," John Smith said.\n'
    '"مرحبا بالعالم 東京 😀 \u202eevil," Acme Corp said on Monday.\n'
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    from graph.ingest import document_from_text

    return build([extract(document_from_text(ARTICLE)), extract(document_from_text(HOSTILE))])


def test_EX_01_every_export_parses_strictly_and_equals_the_dataset(dataset: Dataset) -> None:
    expected_quads = oxigraph_quads(nquads(dataset), "nq")
    for fmt, key in FORMATS:
        parsed = oxigraph_quads(serialize(dataset, fmt), key)
        if key == "ttl":  # the union of the named graphs
            import pyoxigraph as ox

            union = {
                str(ox.Triple(q.subject, q.predicate, q.object))
                for q in ox.parse(nquads(dataset).encode(), format=ox.RdfFormat.N_QUADS)
            }
            triples = {
                str(ox.Triple(q.subject, q.predicate, q.object))
                for q in ox.parse(serialize(dataset, fmt).encode(), format=ox.RdfFormat.TURTLE)
            }
            assert triples == union
        else:
            assert parsed == expected_quads, key
    assert expected_quads


def test_EX_02_exports_are_byte_identical_across_hash_seeds(dataset: Dataset, tmp_path: Path) -> None:
    source = tmp_path / "in.nq"
    source.write_text(nquads(dataset), encoding="utf-8")
    code = (
        "import sys, hashlib\n"
        "from rdflib import Dataset\n"
        "from graph.exports import Format\n"
        "from graph.exports.rdf import serialize\n"
        f"ds = Dataset(); ds.parse({str(source)!r}, format='nquads')\n"
        "print(*[hashlib.sha256(serialize(ds, f).encode()).hexdigest() for f in "
        "(Format.TURTLE, Format.TRIG, Format.NQUADS, Format.JSONLD)])\n"
    )
    digests = set()
    for seed in ("0", "1", "4242"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_EX_03_trig_keeps_the_named_graphs(dataset: Dataset) -> None:
    reparsed = Dataset()
    reparsed.parse(data=serialize(dataset, Format.TRIG), format="trig")
    names = {str(g.identifier) for g in reparsed.graphs() if len(g)}
    expected = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == expected - {"urn:x-rdflib:default"} or names == expected
    assert all(name.startswith("https://example.org/kg/") for name in names if name != "urn:x-rdflib:default")
    assert sum(len(g) for g in reparsed.graphs()) == len(set(nquads(dataset).splitlines()))


def test_EX_04_jsonld_has_no_remote_context_and_round_trips(dataset: Dataset) -> None:
    text = serialize(dataset, Format.JSONLD)
    data = json.loads(text)
    contexts = [v for k, v in _walk_items(data) if k == "@context"]
    assert contexts and all(isinstance(c, dict) for c in contexts), "a remote (string) @context"
    assert oxigraph_quads(text, "jsonld") == oxigraph_quads(nquads(dataset), "nq")
    tagged = Dataset()
    graph = tagged.graph(URIRef("https://example.org/kg/doc/x"))
    graph.add(
        (
            URIRef("https://example.org/kg/x"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Grüezi", lang="de-CH"),
        )
    )
    assert '"de-CH"' in serialize(tagged, Format.JSONLD) or '"de-ch"' in serialize(tagged, Format.JSONLD)


def _walk_items(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                yield key, inner
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)


def _page(dataset: Dataset, tmp_path: Path) -> str:
    from graph.exports import html

    path = tmp_path / "graph.html"
    html.write(dataset, path)
    return path.read_bytes().decode("utf-8", errors="strict")


def test_EX_05_payloads_only_inside_the_escaped_json_block(dataset: Dataset, tmp_path: Path) -> None:
    page = _page(dataset, tmp_path)
    assert "<img src=x onerror" not in page and "</script>," not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # present, escaped, as data


def test_EX_06_page_references_no_remote_resource(dataset: Dataset, tmp_path: Path) -> None:
    page = _page(dataset, tmp_path)
    assert not re.search(
        r"""<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I
    )


def test_EX_07_csp_meta_with_script_hashes(dataset: Dataset, tmp_path: Path) -> None:
    page = _page(dataset, tmp_path)
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert match, "no CSP meta"
    policy = match.group(1)
    assert "default-src &#x27;none&#x27;" in policy or "default-src 'none'" in policy
    assert "sha256-" in policy and "connect-src" in policy


def test_EX_08_utf8_page_keeps_emoji_rtl_and_cjk(dataset: Dataset, tmp_path: Path) -> None:
    page = _page(dataset, tmp_path)
    assert '<meta charset="utf-8">' in page.lower().replace("'", '"')
    for text in ("😀", "東京", "مرحبا"):
        assert text in page or json.dumps(text)[1:-1] in page
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_EX_09_large_graphs_are_truncated_with_a_notice() -> None:
    from graph.exports import html
    from graph.vocab import KG

    big = Dataset()
    graph = big.graph(URIRef("https://example.org/kg/doc/big"))
    schema = "https://schema.org/"
    for i in range(3000):
        node = URIRef(f"https://example.org/kg/person/p{i}")
        graph.add(
            (node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(schema + "Person"))
        )
        graph.add((node, URIRef(schema + "name"), Literal(f"Person {i}")))
        graph.add((node, KG.mentionCount, Literal(i % 7)))
    started = time.monotonic()
    page = html.render(big, max_nodes=400)
    assert time.monotonic() - started < 30
    vm = html.view_model(big, max_nodes=400)
    assert (vm.notice and vm.total_nodes >= 3000 and vm.notice in page) or vm.notice.replace(
        "&", "&amp;"
    ) in page


def test_EX_10_an_export_never_overwrites_an_input(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    article = "<html><body><p>" + ARTICLE + "</p></body></html>"
    (docs / "graph.html").write_text(article, encoding="utf-8")
    result = cli(["build", str(docs), "--out", str(docs)])
    assert (docs / "graph.html").read_text(encoding="utf-8") == article
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"kg: error: the export {docs / 'graph.html'} would overwrite an input document; "
        "write it somewhere else"
    ]
    assert sorted(p.name for p in docs.iterdir()) == ["graph.html"]  # nothing written, not even graph.ttl


def test_EX_10_every_spelling_of_an_input_is_refused(tmp_path: Path) -> None:
    """Relative paths, ``..``, a symlinked folder, ``--report`` and ``kg extract`` too."""
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (docs / "sub" / "graph.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "link").symlink_to(docs / "sub")
    attempts = [
        ["build", "docs", "--out", "docs/sub"],
        ["build", "docs/sub/../sub", "--out", "link"],
        ["build", "docs/sub/a.txt", "--out", "out", "--report", "link/a.txt"],
        ["build", "docs", "--out", "out", "--report", "out/graph.ttl"],  # one output over another
        ["extract", "docs", "--report", "docs/sub/a.txt"],
    ]
    for args in attempts:
        result = cli(args, cwd=tmp_path)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1 and "kg: error:" in result.output, args
    assert sorted(p.name for p in (docs / "sub").iterdir()) == ["a.txt", "graph.html"]
    assert (docs / "sub" / "a.txt").read_text(encoding="utf-8") == ARTICLE
    assert not (tmp_path / "out").exists()
    # An earlier export in the input folder that is not a document (graph.ttl) may be replaced.
    (docs / "sub" / "graph.html").unlink()
    (docs / "sub" / "graph.ttl").write_text("# the previous export\n", encoding="utf-8")
    done = cli(["build", "docs", "--out", "docs/sub", "--format", "ttl"], cwd=tmp_path)
    assert done.exit_code == 0, done.output
    assert (docs / "sub" / "graph.ttl").read_text(encoding="utf-8") != "# the previous export\n"


def test_EX_01_decimals_and_line_separators_keep_one_spelling_in_every_format() -> None:
    """Found by tests/fuzz: "0"^^xsd:decimal became 0.0 in Turtle only, and a literal holding
    U+2028 was cut in two by the N-Quads line sort (regressions/decimal-zero.txt, ...)."""
    from rdflib import XSD

    ds = Dataset()
    graph = ds.graph(URIRef("https://example.org/kg/doc/a"))
    subject = URIRef("https://example.org/kg/x")
    graph.add((subject, URIRef("https://example.org/kg/ns#quantity"), Literal("0", datatype=XSD.decimal)))
    graph.add((subject, URIRef("https://example.org/kg/ns#count"), Literal("1200", datatype=XSD.decimal)))
    graph.add(
        (subject, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("a\u2028b\u2029c\x85d"))
    )
    import pyoxigraph as ox

    spellings = set()
    for fmt, key in FORMATS:
        fmt_name = {"ttl": "TURTLE", "trig": "TRIG", "nq": "N_QUADS", "jsonld": "JSON_LD"}[key]
        parsed = ox.parse(serialize(ds, fmt).encode(), format=getattr(ox.RdfFormat, fmt_name))
        spellings.add(frozenset(str(ox.Triple(q.subject, q.predicate, q.object)) for q in parsed))
    assert len(spellings) == 1 and len(next(iter(spellings))) == 3
