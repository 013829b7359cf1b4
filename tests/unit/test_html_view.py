"""The HTML view: payload escaping, offline page, CSP, determinism, truncation, atomic write.

Graphs are built here with rdflib and string IRIs straight from the vocabulary spec, so these
tests do not depend on the builder.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import html as html_mod
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from graph.errors import ExportError
from graph.exports import html as view

KG = Namespace("https://example.org/kg/ns#")
SDO = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
BASE = "https://example.org/kg/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_ANYURI = URIRef("http://www.w3.org/2001/XMLSchema#anyURI")

HOSTILE = [
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    "</script><script>document.body.setAttribute('data-pwned','script')</script>",
    "<svg onload=\"document.body.setAttribute('data-pwned','svg')\">",
    "<a href=\"javascript:document.body.setAttribute('data-pwned','href')\">href</a>",
    "javascript:document.body.setAttribute('data-pwned','js')",
    "@@APP_JS@@ @@DATA@@ {{ title }} <!-- ]]> \u2028\u2029 & &amp; \"'",
]


def sample_graph(hostile: bool = False) -> Dataset:
    """A small news graph following notes/vocab-spec.md, optionally with hostile text in every slot."""
    bad = " | ".join(HOSTILE) if hostile else ""

    def t(text: str) -> Literal:
        return Literal(f"{text} {bad}".strip())

    ds = Dataset()
    doc = URIRef(BASE + "doc/0123456789abcdef")
    g = ds.graph(doc)
    g.add((doc, RDF.type, SDO.NewsArticle))
    g.add((doc, SDO.name, t("seed-article")))
    g.add((doc, SDO.headline, t("Talks stall")))
    g.add((doc, SDO.datePublished, Literal("2024-11-04", datatype=XSD_DATE)))
    g.add(
        (
            doc,
            SDO.url,
            Literal("javascript:alert(1)" if hostile else "https://news.example/a", datatype=XSD_ANYURI),
        )
    )
    ents = {
        "person/stephen-miller": (SDO.Person, "Stephen Miller", 4),
        "person/volodymyr-zelensky": (SDO.Person, "Volodymyr Zelensky", 3),
        "organization/white-house": (SDO.Organization, "White House", 2),
        "place/north-korea": (SDO.Place, "North Korea", 5),
        "group/north-korean-forces": (KG.Group, "North Korean forces", 1),
    }
    for key, (cls, name, count) in ents.items():
        e = URIRef(BASE + key)
        g.add((e, RDF.type, cls))
        g.add((e, RDFS.label, t(name)))
        g.add((e, SDO.name, t(name)))
        g.add((e, KG.mentionCount, Literal(count)))
        g.add((doc, SDO.mentions, e))
    miller = URIRef(BASE + "person/stephen-miller")
    g.add((miller, SDO.alternateName, t("Miller")))
    role = URIRef(BASE + "role/aaaaaaaaaaaa")
    g.add((miller, KG.holdsRole, role))
    g.add((role, RDF.type, KG.Role))
    g.add((role, KG.title, t("deputy chief of staff")))
    g.add((role, KG.roleIn, URIRef(BASE + "organization/white-house")))
    g.add((role, KG.roleHolder, miller))
    g.add((URIRef(BASE + "group/north-korean-forces"), KG.affiliation, URIRef(BASE + "place/north-korea")))
    claims = [
        ("111111111111", "person/stephen-miller", "North Korea sent troops.", KG.Direct),
        ("222222222222", "person/volodymyr-zelensky", "No troops were sent.", KG.Indirect),
        ("333333333333", None, "Troops are on their way.", KG.Mixed),
    ]
    occasion = URIRef(BASE + "occasion/oooooooooooo")
    g.add((occasion, RDF.type, SDO.Event))
    g.add((occasion, RDFS.label, t("a press briefing")))
    for cid, speaker, text, mode in claims:
        c = URIRef(BASE + "claim/" + cid)
        g.add((c, RDF.type, KG.Claim))
        g.add((c, SDO.text, t(text)))
        g.add((c, KG.cue, t("said")))
        g.add((c, KG.cueLemma, Literal("say")))
        g.add((c, KG.mode, mode))
        g.add((c, KG.polarity, KG.Affirmed))
        g.add((c, KG.certainty, KG.Certain))
        g.add((c, KG.dateText, t("on Monday")))
        g.add((c, KG.occasion, occasion))
        g.add((c, SDO.about, URIRef(BASE + "place/north-korea")))
        g.add((c, SDO.about, URIRef(BASE + "group/north-korean-forces")))
        g.add((c, PROV.wasDerivedFrom, doc))
        g.add((c, KG.inDocument, doc))
        if speaker:
            s = URIRef(BASE + speaker)
            g.add((s, KG.claims, c))
            g.add((c, KG.claimant, s))
        else:
            g.add((c, KG.sourceText, t("officials")))
    c1, c2, c3 = (URIRef(BASE + "claim/" + c[0]) for c in claims)
    g.add((c1, KG.date, Literal("2024-11-04", datatype=XSD_DATE)))
    g.add((c1, KG.contradicts, c2))
    g.add((c3, KG.supports, c1))
    return ds


def synthetic_graph(n_entities: int, n_claims: int) -> Graph:
    """A hub-heavy graph: claims by a few speakers about entities picked deterministically."""
    g = Graph()
    doc = URIRef(BASE + "doc/00000000000000ff")
    g.add((doc, RDF.type, SDO.NewsArticle))
    g.add((doc, SDO.name, Literal("synthetic")))
    ents = []
    for i in range(n_entities):
        e = URIRef(f"{BASE}person/p{i:05d}")
        ents.append(e)
        g.add((e, RDF.type, SDO.Person))
        g.add((e, RDFS.label, Literal(f"Person {i}")))
        g.add((e, KG.mentionCount, Literal(1 + (i % 7))))
    for j in range(n_claims):
        c = URIRef(f"{BASE}claim/{j:012x}")
        g.add((c, RDF.type, KG.Claim))
        g.add((c, SDO.text, Literal(f"Claim number {j}")))
        g.add((c, KG.inDocument, doc))
        speaker = ents[(j * 7) % max(1, n_entities // 10 or 1)]
        g.add((speaker, KG.claims, c))
        g.add((c, KG.claimant, speaker))
        g.add((c, SDO.about, ents[(j * 13 + 5) % n_entities]))
    return g


def _json_block(page: str) -> str:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "payload block missing"
    return m.group(1)


def _inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


# --------------------------------------------------------------------------- view model


def test_view_model_nodes_edges_and_claim_details():
    vm = view.view_model(sample_graph())
    types = sorted(n["type"] for n in vm.nodes)
    assert types == sorted(["document", "person", "person", "organization", "place", "group", *["claim"] * 3])
    by_label = {n["label"]: n for n in vm.nodes}
    kinds = {(vm.nodes[e["from"]]["label"], e["kind"], vm.nodes[e["to"]]["label"]) for e in vm.edges}
    assert ("Stephen Miller", "claims", "North Korea sent troops.") in kinds
    assert ("North Korea sent troops.", "about", "North Korea") in kinds
    assert ("North Korea sent troops.", "source", "seed-article") in kinds
    assert ("Stephen Miller", "role", "White House") in kinds
    assert ("North Korean forces", "affiliation", "North Korea") in kinds
    assert {e["kind"] for e in vm.edges} >= {"contradicts", "supports"}
    role = next(e for e in vm.edges if e["kind"] == "role")
    assert role["label"] == "deputy chief of staff"
    details = dict(by_label["North Korea sent troops."]["details"])
    assert details["speaker"] == "Stephen Miller"
    assert details["cue"] == "said"
    assert details["mode"] == "direct"
    assert details["date"] == "2024-11-04 (on Monday)"
    assert details["occasion"] == "a press briefing"
    assert details["document"] == "seed-article"
    unresolved = dict(by_label["Troops are on their way."]["details"])
    assert unresolved["speaker"] == "officials (unresolved)"
    # the occasion is shown inside the claim, not as a node; sizes follow mentionCount
    assert "a press briefing" not in by_label
    assert by_label["North Korea"]["size"] > by_label["North Korean forces"]["size"]
    assert vm.notice == "" and vm.shown_nodes == vm.total_nodes == len(vm.nodes)
    assert [n["id"] for n in vm.nodes] == list(range(len(vm.nodes)))
    assert [n["iri"] for n in vm.nodes] == sorted(n["iri"] for n in vm.nodes)
    assert {f["label"] for f in vm.filters["speakers"]} == {"Stephen Miller", "Volodymyr Zelensky"}
    assert all(isinstance(f["value"], int) for f in vm.filters["speakers"] + vm.filters["documents"])


def test_plain_graph_and_dataset_union_agree():
    ds = sample_graph()
    plain = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        plain.add((s, p, o))
    assert view.view_model(ds) == view.view_model(plain)


def test_empty_graph_renders():
    vm = view.view_model(Graph())
    assert vm.nodes == [] and vm.edges == []
    assert "kg-data" in view.render(Graph())


# --------------------------------------------------------------------------- page safety


def test_hostile_text_only_inside_escaped_json():
    page = view.render(sample_graph(hostile=True), title=HOSTILE[0] + HOSTILE[1])
    block = _json_block(page)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\u2028" not in block and "\u2029" not in block
    payload = json.loads(block)  # \u003c escapes decode back to the original text
    texts = json.dumps(payload, ensure_ascii=False)
    assert "onerror=" in texts and "</script>" in texts
    # everything outside the payload and the two library/app scripts is template text
    outside = page.replace(block, "")
    for script in _inline_scripts(page):
        outside = outside.replace(script, "")
    outside = re.sub(r"<style>.*?</style>", "", outside, flags=re.S)
    # the title went in escaped, in <title> and <h1>; as text it may say anything
    escaped_title = html_mod.escape(HOSTILE[0] + HOSTILE[1], quote=True)
    assert outside.count(escaped_title) == 2
    outside = outside.replace(escaped_title, "")
    for marker in ("onerror", "onload", "data-pwned", "javascript:", "<img", "<svg", "<a "):
        assert marker not in outside, marker
    assert outside.count("<script") == 3
    # placeholders inside data were not expanded (one-pass substitution)
    assert page.count("vis-network") < 50
    assert len(page) < len(view.render(sample_graph())) + 200_000


def test_no_remote_resources_and_vis_inlined():
    page = view.render(sample_graph())
    assert not re.search(r"<script[^>]+src\s*=", page, re.I)
    assert not re.search(r"<link[^>]+href\s*=", page, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "bootstrap" not in page.lower()
    assert "@version 9.1.2" in page
    assert '<meta charset="utf-8">' in page


def test_csp_hashes_match_inline_scripts():
    page = view.render(sample_graph())
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert m
    csp = html_mod.unescape(m.group(1))
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["style-src"] == "'unsafe-inline'"
    allowed = set(directives["script-src"].split())
    scripts = _inline_scripts(page)
    assert len(scripts) == 2
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts
    }
    assert allowed == expected
    assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed


def test_unicode_survives_and_lone_surrogates_do_not_crash(tmp_path):
    g = Graph()
    e = URIRef(BASE + "person/x")
    g.add((e, RDF.type, SDO.Person))
    g.add((e, RDFS.label, Literal("Zoë 🙂 שלום 東京 \ud800 bell\x07")))
    out = view.write(g, tmp_path / "v.html")
    text = out.read_bytes().decode("utf-8", errors="strict")
    payload = json.loads(_json_block(text))
    assert payload["nodes"][0]["label"] == "Zoë 🙂 שלום 東京 \ufffd bell "


def test_repr_html_is_an_escaped_sandboxed_iframe():
    frag = view.repr_html(sample_graph(hostile=True))
    assert frag.startswith('<iframe srcdoc="') and frag.endswith("></iframe>")
    assert 'sandbox="allow-scripts"' in frag
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', frag, re.S).group(1)
    assert "<" not in srcdoc and '"' not in srcdoc
    assert html_mod.unescape(srcdoc) == view.render(sample_graph(hostile=True))


# --------------------------------------------------------------------------- determinism and scale


def test_render_is_deterministic_across_runs_and_hash_seeds(tmp_path):
    first = view.render(sample_graph(hostile=True))
    assert first == view.render(sample_graph(hostile=True))
    code = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
        "from test_html_view import sample_graph; from graph.exports import html;"
        "print(hashlib.sha256(html.render(sample_graph(hostile=True)).encode()).hexdigest())"
    )
    here = str(Path(__file__).parent)
    root = str(Path(__file__).parents[2])
    digests = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code, here, root], env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(first.encode()).hexdigest()}


def test_truncation_notice_and_coherent_claims():
    g = synthetic_graph(300, 400)
    vm = view.view_model(g, max_nodes=120)
    shown = {n["id"] for n in vm.nodes if not n["hidden"]}
    assert vm.total_nodes == len(vm.nodes) > 120
    assert vm.shown_nodes == len(shown) <= 120
    assert len(shown) >= 100
    assert vm.notice == f"showing {len(shown)} of {vm.total_nodes} nodes"
    for n in vm.nodes:
        if n["type"] == "claim" and n["id"] in shown:
            assert set(n["speaker"]) <= shown and set(n["docs"]) <= shown
    # every node still has a position (for "show all"), and hidden ones are in the payload
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in vm.nodes)
    page = view.render(g, max_nodes=120)
    assert f"showing {len(shown)} of {vm.total_nodes} nodes" in page
    assert 'id="kg-expand"' in page
    payload = json.loads(_json_block(page))
    assert len(payload["nodes"]) == vm.total_nodes
    # the most connected entity is shown
    hub = max((n for n in vm.nodes if n["type"] == "person"), key=lambda n: (n["degree"], -n["id"]))
    assert hub["id"] in shown


def test_no_notice_at_or_below_max_nodes():
    vm = view.view_model(sample_graph(), max_nodes=9)
    assert vm.notice == "" and not any(n["hidden"] for n in vm.nodes)
    page = view.render(sample_graph(), max_nodes=9)
    assert '<div id="kg-notice" hidden>' in page
    with pytest.raises(ValueError):
        view.view_model(sample_graph(), max_nodes=0)


def test_large_graph_layout_without_scipy_is_bounded():
    g = synthetic_graph(1200, 1500)
    vm = view.view_model(g, max_nodes=600)
    xs = {(n["x"], n["y"]) for n in vm.nodes}
    assert len(xs) > 0.9 * len(vm.nodes)  # positions are spread, not stacked


# --------------------------------------------------------------------------- atomic write


def test_write_is_atomic_and_keeps_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    view.write(sample_graph(), target)
    good = target.read_bytes()
    assert good.startswith(b"<!DOCTYPE html>")

    def boom(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(ExportError, match="previous file is kept"):
        view.write(sample_graph(hostile=True), target)
    monkeypatch.undo()
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]

    with pytest.raises(TypeError):
        view.write(object(), target)
    assert target.read_bytes() == good


def test_write_into_missing_directory_raises_export_error(tmp_path):
    with pytest.raises(ExportError):
        view.write(sample_graph(), tmp_path / "nope" / "graph.html")


def test_import_stays_light():
    code = (
        "import sys; import graph.exports.html;"
        "bad = [m for m in ('rdflib', 'pyvis', 'networkx', 'numpy') if m in sys.modules]; print(bad)"
    )
    root = str(Path(__file__).parents[2])
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    # graph/__init__.py belongs to someone else and may import rdflib; our module adds nothing heavy
    assert "pyvis" not in out.stdout and "networkx" not in out.stdout and "numpy" not in out.stdout
