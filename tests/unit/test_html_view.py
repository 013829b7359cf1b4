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
from collections import defaultdict
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
    g.add((c2, KG.contradicts, c1))
    g.add((c3, KG.supports, c1))
    relation = URIRef(BASE + "relation/rrrrrrrrrrrr")
    g.add((relation, RDF.type, KG.ClaimRelation))
    g.add((relation, KG.relationKind, KG.contradicts))
    g.add((relation, KG.relates, c1))
    g.add((relation, KG.relates, c2))
    g.add((relation, KG.reason, t("opposite polarity")))
    # the article's own voice: its claimant is the document, which is no speaker
    narration = URIRef(BASE + "claim/444444444444")
    g.add((narration, RDF.type, KG.Claim))
    g.add((narration, SDO.text, t("The talks stalled.")))
    g.add((narration, KG.narrated, Literal(True)))
    g.add((narration, KG.inDocument, doc))
    g.add((narration, KG.claimant, doc))
    g.add((doc, KG.claims, narration))
    g.add((narration, SDO.about, URIRef(BASE + "place/north-korea")))
    return ds


def speaker_graph() -> Graph:
    """Speakers under several names, a narrating publisher, and speakers that are neither
    people nor organizations."""
    g = Graph()
    doc = URIRef(BASE + "doc/00000000000000aa")
    g.add((doc, RDF.type, SDO.NewsArticle))
    g.add((doc, SDO.name, Literal("wire-story")))
    g.add((doc, SDO.publisher, URIRef(BASE + "organization/daily-planet")))
    people = {
        "person/donald-trump": (SDO.Person, "Donald Trump", 50, ["Trump", "Donald J. Trump"]),
        "person/trump": (SDO.Person, "Trump", 3, []),
        "person/hillary-clinton": (SDO.Person, "Hillary Clinton", 20, ["Clinton"]),
        "person/bill-clinton": (SDO.Person, "Bill Clinton", 15, ["Clinton"]),
        "person/clinton": (SDO.Person, "Clinton", 2, []),
        "organization/associated-press": (SDO.Organization, "Associated Press", 4, []),
        "organization/the-associated-press": (SDO.Organization, "The Associated Press", 1, []),
        "organization/daily-planet": (SDO.Organization, "Daily Planet", 1, []),
        "group/republicans": (KG.Group, "Republicans", 9, []),
        "place/kasich": (SDO.Place, "Kasich", 1, []),
    }
    for key, (cls, name, count, aliases) in people.items():
        e = URIRef(BASE + key)
        g.add((e, RDF.type, cls))
        g.add((e, RDFS.label, Literal(name)))
        g.add((e, KG.mentionCount, Literal(count)))
        for a in aliases:
            g.add((e, SDO.alternateName, Literal(a)))
    said = [
        "person/donald-trump",
        "person/donald-trump",
        "person/trump",
        "person/hillary-clinton",
        "person/bill-clinton",
        "person/clinton",
        "organization/associated-press",
        "organization/the-associated-press",
        "group/republicans",
        "place/kasich",
    ]
    for j, speaker in enumerate([*said, "organization/daily-planet"]):
        c = URIRef(f"{BASE}claim/{j:012x}")
        g.add((c, RDF.type, KG.Claim))
        g.add((c, SDO.text, Literal(f"Statement {j}.")))
        g.add((c, KG.inDocument, doc))
        g.add((c, KG.claimant, URIRef(BASE + speaker)))
        if j == len(said):
            g.add((c, KG.narrated, Literal(True)))
    return g


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


def claims_of(vm: view.ViewModel) -> list[dict]:
    """The payload's claim columns back as one dict per claim (flags, runs and sparse columns
    unpacked as the page unpacks them)."""
    ix = vm.index
    cols = ix["claims"]
    docs = [d for d, n in cols["doc"] for _ in range(n)]
    out = []
    nm, npol, ncert = len(ix["modes"]), len(ix["polarities"]), len(ix["certainties"])
    for i, text in enumerate(cols["text"]):
        f = cols["flags"][i]
        out.append(
            {
                "text": text,
                "speaker": cols["speaker"][i],
                "doc": docs[i],
                "about": cols["about"][i],
                "mode": ix["modes"][f % nm],
                "polarity": ix["polarities"][(f // nm) % npol],
                "certainty": ix["certainties"][(f // (nm * npol)) % ncert],
                "narrated": f // (nm * npol * ncert) == 1,
                "cue": ix["cues"][cols["cue"][i]],
                "iri": ix["claimPrefix"] + cols["iri"][i],
                **{key: cols["sparse"][key].get(i, "") for key in ("source", "date", "when", "occasion")},
            }
        )
    return out


def entity_iris(vm: view.ViewModel, e: int) -> list[str]:
    """An entity's IRIs, unpacked as the page does (see _viewmodel.entity_ref)."""
    ix = vm.index
    kind = ix["types"][ix["entities"]["type"][e]]
    out = []
    for ref in ix["entities"]["iris"][e]:
        if "://" in ref:
            out.append(ref)
        else:
            out.append(ix["prefix"] + (ref if "/" in ref else f"{kind}/{ref}"))
    return out


def names(vm: view.ViewModel) -> list[str]:
    return vm.index["entities"]["name"]


def node_label(vm: view.ViewModel, key: str) -> str:
    i = int(key[1:])
    return names(vm)[i] if key[0] == "e" else claims_of(vm)[i]["text"]


def speaker_menu(vm: view.ViewModel) -> list[str]:
    return [names(vm)[e] for e, _ in vm.filters["speakers"]]


def test_index_holds_every_claim_with_its_details():
    vm = view.view_model(sample_graph())
    claims = {c["text"]: c for c in claims_of(vm)}
    assert set(claims) == {
        "North Korea sent troops.",
        "No troops were sent.",
        "Troops are on their way.",
        "The talks stalled.",
    }
    first = claims["North Korea sent troops."]
    assert names(vm)[first["speaker"]] == "Stephen Miller"
    assert (first["cue"], first["mode"], first["polarity"], first["certainty"]) == (
        "said",
        "direct",
        "affirmed",
        "certain",
    )
    assert (first["date"], first["when"], first["occasion"]) == (
        "2024-11-04",
        "on Monday",
        "a press briefing",
    )
    assert sorted(names(vm)[e] for e in first["about"]) == ["North Korea", "North Korean forces"]
    assert vm.index["docs"]["name"][first["doc"]] == "seed-article"
    assert first["iri"] == BASE + "claim/111111111111"
    unresolved = claims["Troops are on their way."]
    assert unresolved["speaker"] == -1 and unresolved["source"] == "officials"
    narration = claims["The talks stalled."]
    assert narration["narrated"] and narration["speaker"] == -1
    # entities: the occasion is part of its claim, not an entity; roles and aliases are text
    ents = vm.index["entities"]
    assert "a press briefing" not in ents["name"]
    miller = ents["name"].index("Stephen Miller")
    assert ents["roles"][miller] == "deputy chief of staff of White House"
    assert ents["aliases"][miller] == ["Miller"]
    assert vm.index["types"][ents["type"][miller]] == "person"
    assert ents["mentions"][miller] == 4


def test_relations_are_listed_once_per_pair_with_their_reason():
    vm = view.view_model(sample_graph())
    claims = claims_of(vm)
    rows = [(claims[a]["text"], claims[b]["text"], kind, reason) for a, b, kind, reason in vm.relations]
    assert sorted(rows) == [
        ("North Korea sent troops.", "No troops were sent.", "contradicts", "opposite polarity"),
        ("North Korea sent troops.", "Troops are on their way.", "supports", ""),
    ]


def test_speaker_menu_lists_people_and_organizations_once_never_narration():
    vm = view.view_model(sample_graph())
    assert speaker_menu(vm) == ["Stephen Miller", "Volodymyr Zelensky"]
    assert "seed-article" not in speaker_menu(vm)
    vm = view.view_model(speaker_graph())
    menu = speaker_menu(vm)
    # "The Associated Press" and "associated press" fold alike; "Trump" is Donald Trump's alias
    # and no one else's; "Clinton" belongs to two people of about the same weight: kept apart;
    # the publisher narrates and is not a speaker; the group and the place speak but are not
    # people or organizations
    assert menu == ["Associated Press", "Bill Clinton", "Clinton", "Donald Trump", "Hillary Clinton"]
    counts = {names(vm)[e]: n for e, n in vm.filters["speakers"]}
    assert counts["Donald Trump"] == 3 and counts["Associated Press"] == 2
    trump = names(vm).index("Donald Trump")
    assert sorted(entity_iris(vm, trump)) == [BASE + "person/donald-trump", BASE + "person/trump"]
    assert vm.index["entities"]["iris"][trump] == ["donald-trump", "trump"]  # the folder is the type's
    assert "Trump" in vm.index["entities"]["aliases"][trump]


def test_first_picture_with_few_claims_draws_them_as_nodes():
    vm = view.view_model(sample_graph())
    assert vm.mode == "claims"
    keys = {n["key"] for n in vm.nodes}
    labels = {node_label(vm, k) for k in keys}
    # the narration is not in the picture; the other claims are, with speakers and topics
    assert labels == {
        "North Korea sent troops.",
        "No troops were sent.",
        "Troops are on their way.",
        "Stephen Miller",
        "Volodymyr Zelensky",
        "North Korea",
        "North Korean forces",
    }
    kinds = {(node_label(vm, e["from"]), e["kind"], node_label(vm, e["to"])) for e in vm.edges}
    assert ("Stephen Miller", "says", "North Korea sent troops.") in kinds
    assert ("North Korea sent troops.", "about", "North Korea") in kinds
    assert ("North Korea sent troops.", "contradicts", "No troops were sent.") in kinds
    assert ("North Korea sent troops.", "supports", "Troops are on their way.") in kinds
    assert all(e["from"] in keys and e["to"] in keys for e in vm.edges)
    assert vm.notice.startswith("all 3 claims")
    assert vm.total_nodes == len(names(vm)) + 1 + 4


def test_first_picture_of_many_claims_shows_most_cited_speakers_and_their_topics():
    g = synthetic_graph(300, 400)
    vm = view.view_model(g, max_nodes=60)
    assert vm.mode == "speakers"
    assert 20 <= len(vm.nodes) <= 60 and vm.shown_nodes == len(vm.nodes)
    claims = claims_of(vm)
    spoken = defaultdict(int)
    for c in claims:
        spoken[c["speaker"]] += 1
    speakers = [int(n["key"][1:]) for n in vm.nodes if n["role"] == "speaker"]
    assert speakers, "no speaker drawn"
    # the drawn speakers are the most cited ones, most cited first
    ranked = sorted(spoken, key=lambda s: (-spoken[s], names(vm)[s].casefold(), s))
    assert speakers == ranked[: len(speakers)]
    assert [n["weight"] for n in vm.nodes if n["role"] == "speaker"] == [spoken[s] for s in speakers]
    keys = {n["key"] for n in vm.nodes}
    for e in vm.edges:
        assert e["from"] in keys and e["to"] in keys
        if e["kind"] == "talks":
            s, t = int(e["from"][1:]), int(e["to"][1:])
            assert e["claims"] and all(
                claims[c]["speaker"] == s and t in claims[c]["about"] for c in e["claims"]
            )
    # every topic is linked to a drawn speaker
    linked = {e["to"] for e in vm.edges}
    assert {n["key"] for n in vm.nodes if n["role"] == "topic"} <= linked
    assert vm.notice.startswith(f"showing the {len(speakers)} most-cited speakers")
    # the whole graph is in the index, not only what is drawn
    assert len(claims) == 400 and len(names(vm)) == 300


def test_first_picture_keeps_labels_apart_and_within_the_node_cap():
    from graph.exports import _viewplan as vp

    for g, cap in ((synthetic_graph(300, 400), 150), (synthetic_graph(300, 400), 40), (sample_graph(), 150)):
        vm = view.view_model(g, max_nodes=cap)
        assert len(vm.nodes) <= cap
        corpus = vp.Corpus(
            entity_type=[vm.index["types"][t] for t in vm.index["entities"]["type"]],
            entity_name=names(vm),
            claim_speaker=[c["speaker"] for c in claims_of(vm)],
            claim_about=[c["about"] for c in claims_of(vm)],
            claim_text=[c["text"] for c in claims_of(vm)],
            claim_narrated=[c["narrated"] for c in claims_of(vm)],
            relations=[],
        )
        plan = vp.Plan(mode=vm.mode, nodes=[(n["key"], n["role"], n["weight"]) for n in vm.nodes])
        boxes = vp.boxes_for(corpus, plan)
        rects = [
            (n["x"] - b.w / 2, n["y"] + b.dy - b.h / 2, n["x"] + b.w / 2, n["y"] + b.dy + b.h / 2)
            for n, b in zip(vm.nodes, boxes, strict=True)
        ]
        overlaps = [
            (i, j)
            for i in range(len(rects))
            for j in range(i + 1, len(rects))
            if rects[i][0] < rects[j][2]
            and rects[j][0] < rects[i][2]
            and rects[i][1] < rects[j][3]
            and rects[j][1] < rects[i][3]
        ]
        assert overlaps == []
        assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in vm.nodes)


def test_filters_cover_the_whole_graph():
    vm = view.view_model(sample_graph())
    f = vm.filters
    assert [names(vm)[e] for e, _ in f["entities"]] == ["North Korea", "North Korean forces"]
    assert f["documents"] == [4]
    assert f["modes"] == [1, 2, 3]
    assert f["dates"] == ["2024-11-04", "2024-11-04"]
    assert f["types"] == ["person", "organization", "group", "place", "claim"]


def test_plain_graph_and_dataset_union_agree():
    ds = sample_graph()
    plain = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        plain.add((s, p, o))
    assert view.view_model(ds) == view.view_model(plain)


def test_oxigraph_dataset_reads_like_rdflib():
    """The page reads an Oxigraph-backed dataset straight from pyoxigraph; same view model."""
    from graph.store import open_dataset

    ds = open_dataset(None)
    for q in sample_graph(hostile=True).quads((None, None, None, None)):
        ds.add(q)
    assert view.view_model(ds) == view.view_model(sample_graph(hostile=True))


def test_empty_graph_renders():
    vm = view.view_model(Graph())
    assert vm.nodes == [] and vm.edges == []
    assert "kg-data" in view.render(Graph())


def test_entities_without_claims_show_the_most_mentioned():
    g = Graph()
    for i in range(500):
        e = URIRef(f"{BASE}place/p{i:04d}")
        g.add((e, RDF.type, SDO.Place))
        g.add((e, RDFS.label, Literal(f"Place {i}")))
        g.add((e, KG.mentionCount, Literal(i)))
    vm = view.view_model(g, max_nodes=50)
    assert 10 <= len(vm.nodes) <= 50
    assert [node_label(vm, n["key"]) for n in vm.nodes][:3] == ["Place 499", "Place 498", "Place 497"]
    assert vm.notice == f"showing the {len(vm.nodes)} most mentioned of 500 nodes"


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
    assert payload["index"]["entities"]["name"][0] == "Zoë 🙂 שלום 東京 \ufffd bell"


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


def test_max_nodes_is_checked():
    for bad in (0, 401):
        with pytest.raises(ValueError, match="between 1 and 400"):
            view.view_model(sample_graph(), max_nodes=bad)
    page = view.render(sample_graph())
    assert "all 3 claims with their speakers" in page


def test_large_graph_draws_a_readable_part_and_indexes_the_rest():
    g = synthetic_graph(3000, 4000)
    vm = view.view_model(g)
    assert len(vm.nodes) <= 150
    # the largest picture allowed is laid out with numpy alone (networkx needs scipy from 500)
    assert len(view.view_model(g, max_nodes=400).nodes) <= 400
    assert len({(n["x"], n["y"]) for n in vm.nodes}) == len(vm.nodes)
    payload = json.loads(_json_block(view.render_view_model(vm)))
    assert len(payload["index"]["claims"]["text"]) == 4000
    assert len(payload["index"]["entities"]["name"]) == 3000
    assert payload["view"]["nodes"] == vm.nodes


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
