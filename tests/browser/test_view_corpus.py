"""The HTML view of real news in headless Chromium: the seed article and the first 100 PolNeAR
train articles (in file-name order, read in place from ../shared/polnear; skipped when absent).

What a reader needs at a glance: a first picture of at most ~150 nodes whose labels are
legible (>= 12 px on screen, inside the drawing, not overlapping), a speaker menu of people
and organizations only, a panel listing every contradiction and support, filters that lay the
picture out anew, and a search that reaches every node. Expectations come from the graph
itself (SPARQL), never from hard-coded counts, so the tests follow the extractors as they change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import _view_page as vp
import pytest

from graph.api import KnowledgeGraph

pytestmark = [pytest.mark.browser]

if vp.CHROMIUM is None:
    pytest.skip("no chromium binary on PATH", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT.parent / "shared" / "polnear" / "data" / "train" / "text"
PREFIXES = (
    "PREFIX kg: <https://example.org/kg/ns#> PREFIX schema: <https://schema.org/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)


class Corpus:
    """A built graph, its page, and what SPARQL says the page must show."""

    def __init__(self, kg: KnowledgeGraph, path: Path) -> None:
        self.kg = kg
        self.path = path
        kg.to_html(path)

    def count(self, where: str) -> int:
        rows = self.kg.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows
        return int(str(rows[0][0]))

    def pairs(self, kind: str) -> int:
        return self.count(f"?a kg:{kind} ?b . ?a a kg:Claim . ?b a kg:Claim . FILTER(STR(?a) < STR(?b))")

    def document_names(self) -> set[str]:
        rows = self.kg.query(PREFIXES + "SELECT ?n WHERE { ?d a schema:NewsArticle ; schema:name ?n }").rows
        return {str(r[0]) for r in rows}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    kg = KnowledgeGraph.load(ROOT / "exports" / "graph.ttl")
    try:
        yield Corpus(kg, tmp_path_factory.mktemp("seed") / "graph.html")
    finally:
        kg.close()


@pytest.fixture(scope="module")
def news100(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    texts = sorted(POLNEAR.glob("*.txt")) if POLNEAR.is_dir() else []
    if len(texts) < 100:
        pytest.skip(f"PolNeAR train texts not found under {POLNEAR}")
    import graph

    kg = graph.build([str(t) for t in texts[:100]], jobs=2, progress=False)
    try:
        yield Corpus(kg, tmp_path_factory.mktemp("news100") / "graph.html")
    finally:
        kg.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = vp.launch(pw)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[vp.Watched]:
    w = vp.Watched(browser, 1400, 900)
    try:
        yield w
    finally:
        w.close()


def _menu_entities(page: Any, select: str) -> list[int]:
    return [int(v) for v, _ in vp.options(page, select)]


def _check_first_picture(page: Any) -> None:
    nodes = page.evaluate("kgView.nodeCount()")
    assert 0 < nodes <= 150
    boxes = vp.labels(page)
    assert len(boxes) == nodes
    assert len(vp.legible(boxes)) >= 0.9 * nodes, [b for b in boxes if b not in vp.legible(boxes)]
    assert vp.overlaps(boxes[:30]) == []


# --------------------------------------------------------------------------- first picture


@pytest.mark.parametrize(
    "name", ["seed", pytest.param("news100", marks=[pytest.mark.polnear, pytest.mark.slow])]
)
def test_first_picture_is_small_and_legible(
    name: str, request: pytest.FixtureRequest, watched: vp.Watched
) -> None:
    corpus: Corpus = request.getfixturevalue(name)
    page = watched.open(corpus.path)
    _check_first_picture(page)
    # the same at a smaller window: the page never starts zoomed out below 12 px labels
    page.set_viewport_size({"width": 1280, "height": 800})
    page.click("#kg-reset")
    watched.settle()
    assert min(b["px"] for b in vp.labels(page)) >= 12 - 1e-6
    assert watched.clean()


@pytest.mark.polnear
@pytest.mark.slow
def test_first_picture_shows_the_most_cited_speakers(news100: Corpus, watched: vp.Watched) -> None:
    page = watched.open(news100.path)
    data = vp.payload(page)
    cols = data["index"]["claims"]
    nm, npol, ncert = (len(data["index"][k]) for k in ("modes", "polarities", "certainties"))
    spoken: dict[int, int] = {}
    for s, f in zip(cols["speaker"], cols["flags"], strict=True):
        narrated = f // (nm * npol * ncert)
        if s >= 0 and not narrated:
            spoken[s] = spoken.get(s, 0) + 1
    types = [data["index"]["types"][t] for t in data["index"]["entities"]["type"]]
    people = sorted((s for s in spoken if types[s] in ("person", "organization")), key=lambda s: -spoken[s])
    drawn = {int(k[1:]) for k in page.evaluate("kgView.visibleIds()") if k.startswith("e")}
    assert set(people[:5]) <= drawn
    # every drawn entity is a speaker or something a drawn speaker speaks about
    talks = {(e["from"], e["to"]) for e in data["view"]["edges"]}
    linked = {k for pair in talks for k in pair}
    assert {f"e{e}" for e in drawn} <= linked
    # the page plans the unfiltered picture exactly as Python did
    planned = page.evaluate("kgView.plan(kgView.inPlay())")
    assert [n[0] for n in planned["nodes"]] == [n["key"] for n in data["view"]["nodes"]]
    assert [[e[0], e[1], e[2], e[3]] for e in planned["edges"]] == [
        [e["from"], e["to"], e["kind"], e["claims"]] for e in data["view"]["edges"]
    ]
    assert watched.clean()


# --------------------------------------------------------------------------- relations panel


@pytest.mark.parametrize(
    "name", ["seed", pytest.param("news100", marks=[pytest.mark.polnear, pytest.mark.slow])]
)
def test_panel_lists_every_contradiction_and_support(
    name: str, request: pytest.FixtureRequest, watched: vp.Watched
) -> None:
    corpus: Corpus = request.getfixturevalue(name)
    page = watched.open(corpus.path)
    for kind, ul in (("contradicts", "#contradictions"), ("supports", "#supports")):
        expected = corpus.pairs(kind)
        assert page.locator(f"{ul} > li").count() == expected, kind
        if not expected:
            continue
        first = page.locator(f"{ul} > li").first
        text = first.inner_text()
        assert text.count(" said ") >= 2  # speaker A said ... / speaker B said ...
        first.locator("button").click()
        watched.settle()
        selected = page.evaluate("kgView.network.getSelectedNodes()")
        assert len(selected) == 2 and all(k.startswith("c") for k in selected)
        boxes = {b["id"]: b for b in vp.labels(page)}
        assert all(boxes[k]["inside"] and boxes[k]["px"] >= 12 - 1e-6 for k in selected)
        gists = [boxes[k]["text"].rstrip("…").replace("\n", " ") for k in selected]
        flat = " ".join(text.split())
        assert all(g.split()[0] in flat for g in gists)
        page.click("#kg-reset")
        watched.settle()
    assert watched.clean()


# --------------------------------------------------------------------------- speaker menu


@pytest.mark.parametrize(
    "name", ["seed", pytest.param("news100", marks=[pytest.mark.polnear, pytest.mark.slow])]
)
def test_speaker_menu_lists_people_and_organizations_once(
    name: str, request: pytest.FixtureRequest, watched: vp.Watched
) -> None:
    corpus: Corpus = request.getfixturevalue(name)
    page = watched.open(corpus.path)
    data = vp.payload(page)
    ents = data["index"]["entities"]
    menu = _menu_entities(page, "#speaker-filter")
    assert menu
    menu_names = [ents["name"][e] for e in menu]
    assert not set(menu_names) & corpus.document_names()
    assert {data["index"]["types"][ents["type"][e]] for e in menu} <= {"person", "organization"}
    folded = [re.sub(r"[\W_]+", " ", n.casefold()).strip() for n in menu_names]
    assert len(folded) == len(set(folded))
    # every person or organization with a claim of its own is there, under its name or a variant
    rows = corpus.kg.query(
        PREFIXES + "SELECT DISTINCT ?s WHERE { ?c kg:claimant ?s . FILTER NOT EXISTS { ?c kg:narrated true } "
        "{ ?s a schema:Person } UNION { ?s a schema:Organization } }"
    ).rows
    speakers = {str(r[0]) for r in rows}
    prefix = data["index"]["prefix"]
    kinds = data["index"]["types"]
    listed = {
        ref if "://" in ref else prefix + (ref if "/" in ref else f"{kinds[ents['type'][e]]}/{ref}")
        for e in menu
        for ref in ents["iris"][e]
    }
    assert speakers and speakers <= listed
    assert watched.clean()


# --------------------------------------------------------------------------- filters


def _apply(watched: vp.Watched, action: str, *args: str) -> Any:
    page = watched.page
    if action == "select":
        page.select_option(args[0], args[1])
    elif action == "fill":
        page.fill(args[0], args[1])
        page.dispatch_event(args[0], "change")
    elif action == "uncheck":
        page.locator(args[0]).uncheck()
    return watched.settle()


@pytest.mark.polnear
@pytest.mark.slow
def test_filters_select_claims_and_lay_the_picture_out_anew(news100: Corpus, watched: vp.Watched) -> None:
    page = watched.open(news100.path)
    data = vp.payload(page)
    ix = data["index"]
    cols = ix["claims"]
    docs = [d for d, n in cols["doc"] for _ in range(n)]
    nm = len(ix["modes"])
    home = vp.positions(page)

    def dates(c: int) -> tuple[str, str] | None:
        d = cols["sparse"]["date"].get(str(c)) or (ix["docs"]["date"][docs[c]] if docs[c] >= 0 else "")
        return (d.split("/")[0], d.split("/")[-1]) if d else None

    speaker = max(data["filters"]["speakers"], key=lambda row: row[1])[0]
    entity = max(data["filters"]["entities"], key=lambda row: row[1])[0]
    document = max(range(len(data["filters"]["documents"])), key=lambda d: data["filters"]["documents"][d])
    mode = ix["modes"].index("indirect")
    cases = [
        ("#speaker-filter", str(speaker), lambda c: cols["speaker"][c] == speaker, f"e{speaker}"),
        ("#entity-filter", str(entity), lambda c: entity in cols["about"][c], f"e{entity}"),
        ("#document-filter", str(document), lambda c: docs[c] == document, None),
        ("#mode-filter", str(mode), lambda c: cols["flags"][c] % nm == mode, None),
    ]
    for select, value, holds, pinned in cases:
        _apply(watched, "select", select, value)
        claims = page.evaluate("kgView.claims()")
        assert claims and all(holds(c) for c in claims), select
        keys = page.evaluate("kgView.visibleIds()")
        assert 0 < len(keys) <= 150
        if pinned:
            assert pinned in keys
        moved = vp.positions(page)
        stayed = [k for k in keys if k in home]
        assert sum(moved[k] != home[k] for k in stayed) >= len(stayed) / 2, f"{select}: not laid out anew"
        boxes = vp.labels(page)
        assert len(vp.legible(boxes)) >= 0.8 * len(boxes), select
        page.click("#kg-reset")
        watched.settle()
        assert vp.positions(page) == home
    # a date range keeps the claims said within it
    ncodes = nm * len(ix["polarities"]) * len(ix["certainties"])
    spoken = [c for c in range(len(cols["text"])) if cols["flags"][c] < ncodes]  # not narration
    if any(dates(c) for c in spoken):
        dated = sorted({d for c in spoken if (d := dates(c))})
        lo, hi = dated[len(dated) // 3][0], dated[2 * len(dated) // 3][1]
        _apply(watched, "fill", "#date-from", lo)
        _apply(watched, "fill", "#date-to", hi)
        claims = page.evaluate("kgView.claims()")
        assert claims
        assert all((r := dates(c)) and r[1] >= lo and r[0] <= hi for c in claims)
        page.click("#kg-reset")
        watched.settle()
    # the type filter takes a type out of the picture
    _apply(watched, "uncheck", "#kg-legend-nodes input[data-kg-type=place]")
    types = [ix["types"][t] for t in ix["entities"]["type"]]
    keys = page.evaluate("kgView.visibleIds()")
    assert keys and not [k for k in keys if k.startswith("e") and types[int(k[1:])] == "place"]
    assert watched.clean()


# --------------------------------------------------------------------------- search


@pytest.mark.polnear
@pytest.mark.slow
def test_search_reaches_nodes_outside_the_picture(news100: Corpus, watched: vp.Watched) -> None:
    page = watched.open(news100.path)
    data = vp.payload(page)
    names = data["index"]["entities"]["name"]
    drawn = set(page.evaluate("kgView.visibleIds()"))
    # a speaker of a few claims, far from the first picture
    target = next(
        e
        for e, n in sorted(data["filters"]["speakers"], key=lambda row: row[1])
        if f"e{e}" not in drawn and len(names[e]) > 6 and sum(names[e] in m for m in names) == 1
    )
    page.fill("#kg-search", names[target])
    page.wait_for_selector("#kg-search-count:not(:empty)", timeout=5_000)
    assert names[target] in page.inner_text("#kg-details")
    page.locator("#kg-details .kg-link", has_text=names[target]).first.click()
    watched.settle()
    assert f"e{target}" in page.evaluate("kgView.visibleIds()")
    assert page.evaluate("kgView.network.getSelectedNodes()") == [f"e{target}"]
    assert names[target] in page.inner_text("#kg-focus")
    # claims are searched too
    claim = data["index"]["claims"]["text"][page.evaluate("kgView.claims()")[0]]
    words = " ".join(claim.split()[:4])
    page.fill("#kg-search", words)
    page.press("#kg-search", "Enter")
    watched.settle()
    assert page.evaluate("kgView.network.getSelectedNodes()")[0].startswith("c")
    assert watched.clean()
