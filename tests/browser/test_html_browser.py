"""The HTML view in a real headless Chromium: it renders, hostile text stays text, and the
page never touches the network (RELIABILITY.md EX-05..EX-07, recipe 4.4).

Needs Debian's ``chromium`` and the ``playwright`` Python package (no ``playwright install``:
the system browser is launched by path). Skipped cleanly when either is missing.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import _view_page as vp
import pytest

from graph.exports import html as view

pytestmark = pytest.mark.browser

if vp.CHROMIUM is None:
    pytest.skip("no chromium binary on PATH", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _fixtures() -> Any:
    """The graph builders of the unit tests (one definition of the sample graphs)."""
    path = Path(__file__).parents[1] / "unit" / "test_html_view.py"
    spec = importlib.util.spec_from_file_location("_kg_html_view_fixtures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


FX = _fixtures()


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
    w = vp.Watched(browser, 1280, 860)
    try:
        yield w
    finally:
        w.close()


def _hover_and_click(page: Any, key: str) -> str:
    """Real mouse hover (twice, so vis sees a move) and click on a node; returns tooltip text."""
    pos = page.evaluate(f"kgView.domPosition({key!r})")
    assert pos is not None
    page.mouse.move(pos["x"] - 4, pos["y"] - 4)
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tooltip = page.evaluate("document.querySelector('div.vis-tooltip').innerText")
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_timeout(100)
    return tooltip


def _key_of(vm: Any, text: str) -> str:
    for n in vm.nodes:
        i = int(n["key"][1:])
        label = vm.index["entities"]["name"][i] if n["key"][0] == "e" else vm.index["claims"]["text"][i]
        if label == text:
            return n["key"]
    raise AssertionError(f"{text!r} is not drawn")


def test_small_graph_renders_with_view_model_counts(watched: vp.Watched, tmp_path: Path) -> None:
    g = FX.sample_graph()
    vm = view.view_model(g)
    path = view.write(g, tmp_path / "graph.html")
    page = watched.open(path)
    assert page.evaluate("kgView.nodeCount()") == len(vm.nodes) == 7
    assert page.evaluate("kgView.edgeCount()") == len(vm.edges)
    assert sorted(page.evaluate("kgView.visibleIds()")) == sorted(n["key"] for n in vm.nodes)
    assert page.evaluate("document.body.getAttribute('data-kg-visible')") == str(len(vm.nodes))
    assert page.locator("#kg-network canvas").count() == 1
    # the network object is there for users' scripts, and drawn where the view model says
    assert page.evaluate("typeof kgView.network.getPositions === 'function'")
    drawn = vp.positions(page)
    assert all(drawn[n["key"]] == (n["x"], n["y"]) for n in vm.nodes)
    # the legend, the filters and the click panel are filled from the payload
    assert page.locator("#kg-legend-nodes input[type=checkbox]").count() == len(vm.legend["nodes"])
    assert [t for _, t in vp.options(page, "#speaker-filter")] == [
        "Stephen Miller (1)",
        "Volodymyr Zelensky (1)",
    ]
    claim = _key_of(vm, "North Korea sent troops.")
    tooltip = _hover_and_click(page, claim)
    assert "speaker: Stephen Miller" in tooltip
    panel = page.inner_text("#kg-details")
    for needle in ("Stephen Miller", "said", "direct", "on Monday", "a press briefing", "seed-article"):
        assert needle in panel
    assert "https://example.org/kg/claim/111111111111" in panel
    page.mouse.move(5, 5)
    _hover_and_click(page, _key_of(vm, "Stephen Miller"))
    panel = page.inner_text("#kg-details")
    assert "https://example.org/kg/person/stephen-miller" in panel
    assert "deputy chief of staff of White House" in panel and "CLAIMS MADE (1)" in panel.upper()
    # the one contradiction is listed, speaker A said ... / speaker B said ...
    items = page.locator("#contradictions > li")
    assert items.count() == 1
    text = items.first.inner_text()
    assert "Stephen Miller said “North Korea sent troops.”" in text
    assert "Volodymyr Zelensky said “No troops were sent.”" in text
    assert "seed-article" in text and "2024-11-04" in text
    # type filter: without claim nodes the claims become edges between speakers and topics
    page.locator("#kg-legend-nodes input[data-kg-type=claim]").uncheck()
    watched.settle()
    keys = page.evaluate("kgView.visibleIds()")
    assert keys and not [k for k in keys if k.startswith("c")]
    # a date range keeps the claims said within it (a claim's own date, else its document's)
    page.fill("#date-from", "2024-11-01")
    page.dispatch_event("#date-from", "change")
    watched.settle()
    page.fill("#date-to", "2024-11-03")
    page.dispatch_event("#date-to", "change")
    watched.settle()
    assert page.evaluate("kgView.claims()") == []
    page.fill("#date-to", "2024-11-30")
    page.dispatch_event("#date-to", "change")
    watched.settle()
    dated = sorted(i for i, t in enumerate(vm.index["claims"]["text"]) if t != "The talks stalled.")
    assert page.evaluate("kgView.claims()") == dated  # the document is dated 2024-11-04 too
    page.click("#kg-reset")
    watched.settle()
    # search reaches every entity, document and claim
    page.fill("#kg-search", "korea")
    # (wait_for_function would need eval, which the page's CSP rightly refuses)
    page.wait_for_selector("#kg-search-count:not(:empty)", timeout=5_000)
    ents = [n for n in vm.index["entities"]["name"] if "korea" in n.lower()]
    claims = [t for t in vm.index["claims"]["text"] if "korea" in t.lower()]
    assert page.inner_text("#kg-search-count") == f"{len(ents) + len(claims)} matches"
    assert watched.clean()


def test_clicking_a_contradiction_focuses_both_claims(watched: vp.Watched, tmp_path: Path) -> None:
    g = FX.sample_graph()
    path = view.write(g, tmp_path / "graph.html")
    page = watched.open(path)
    page.locator("#contradictions > li button").first.click()
    watched.settle()
    selected = sorted(page.evaluate("kgView.network.getSelectedNodes()"))
    texts = page.evaluate(
        "kgView.network.getSelectedNodes().map(k => JSON.parse(document.getElementById('kg-data').textContent)"
        ".index.claims.text[Number(k.slice(1))])"
    )
    assert len(selected) == 2 and all(k.startswith("c") for k in selected)
    assert sorted(texts) == ["No troops were sent.", "North Korea sent troops."]
    assert not page.locator("#kg-focus").is_hidden()
    assert "Contradiction: Stephen Miller / Volodymyr Zelensky" in page.inner_text("#kg-focus")
    panel = page.inner_text("#kg-details")
    assert (
        "North Korea sent troops." in panel
        and "No troops were sent." in panel
        and "opposite polarity" in panel
    )
    # both are on screen
    boxes = {b["id"]: b for b in vp.labels(page)}
    assert all(boxes[k]["inside"] for k in selected)
    page.click("#kg-focus-clear")
    watched.settle()
    assert page.evaluate("kgView.nodeCount()") == 7
    assert watched.clean()


def test_hostile_text_never_executes(watched: vp.Watched, tmp_path: Path) -> None:
    g = FX.sample_graph(hostile=True)
    vm = view.view_model(g)
    title = FX.HOSTILE[0] + FX.HOSTILE[1]
    path = view.write(g, tmp_path / "hostile.html", title=title)
    page = watched.open(path)
    assert watched.pwned() is None
    assert page.inner_text("#kg-title") == title  # shown as text
    claim = next(n["key"] for n in vm.nodes if n["role"] == "claim")
    person = next(n["key"] for n in vm.nodes if n["role"] == "speaker")
    for key in (claim, person):
        tooltip = _hover_and_click(page, key)
        assert "<img src=x onerror=" in tooltip  # the markup is visible as text
        page.mouse.move(5, 5)
    assert "</script><script>" in page.inner_text("#kg-details")
    assert "<img src=x onerror=" in page.inner_text("#contradictions")
    # filters, search, the relations panel and the connection links also take the hostile text
    for select in ("#speaker-filter", "#entity-filter", "#document-filter", "#mode-filter"):
        page.select_option(select, index=1)
        watched.settle()
    page.click("#kg-reset")
    watched.settle()
    page.locator("#contradictions > li button").first.click()
    watched.settle()
    page.fill("#kg-search", "onerror")
    page.press("#kg-search", "Enter")
    watched.settle()
    page.locator("#kg-details .kg-link").first.click()
    watched.settle()
    page.wait_for_timeout(200)
    assert page.locator("#kg-details img, #kg-details svg, #kg-details a, #kg-legend img").count() == 0
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, a[href]').length") == 0
    assert watched.pwned() is None
    assert watched.dialogs == []
    assert watched.errors == []
    assert [c for c in watched.console if "Content Security Policy" in c] == []
    assert watched.requests == []


def test_csp_blocks_an_injected_handler(watched: vp.Watched, tmp_path: Path) -> None:
    """Defence in depth: even markup smuggled into the page by a bug cannot run."""
    page_text = view.render(FX.sample_graph())
    marker = "<img src=x onerror=\"document.body.setAttribute('data-pwned','csp')\">"
    tampered = page_text.replace("<main>", marker + "<main>", 1)
    path = tmp_path / "tampered.html"
    path.write_text(tampered, encoding="utf-8")
    watched.open(path)
    watched.page.wait_for_timeout(200)
    assert watched.pwned() is None
    assert any("Content Security Policy" in c for c in watched.console)


def test_filters_relayout_and_never_touch_the_network(watched: vp.Watched, tmp_path: Path) -> None:
    g = FX.synthetic_graph(300, 400)
    vm = view.view_model(g, max_nodes=60)
    path = view.write(g, tmp_path / "big.html", max_nodes=60)
    page = watched.open(path)
    assert page.evaluate("kgView.nodeCount()") == len(vm.nodes)
    assert page.inner_text("#kg-notice") == vm.notice
    home = vp.positions(page)
    value, text = vp.options(page, "#speaker-filter")[0]
    page.select_option("#speaker-filter", value)
    watched.settle()
    keys = page.evaluate("kgView.visibleIds()")
    assert f"e{value}" in keys
    claims = page.evaluate("kgView.claims()")
    assert claims and all(vm.index["claims"]["speaker"][c] == int(value) for c in claims)
    assert len(claims) == int(text.rsplit("(", 1)[1].rstrip(")"))
    moved = vp.positions(page)
    # laid out anew: the nodes that stay do not stay where they were
    both = [k for k in keys if k in home]
    assert sum(moved[k] != home[k] for k in both) >= len(both) / 2
    boxes = vp.labels(page)
    assert len(vp.legible(boxes)) >= 0.9 * len(boxes)
    page.click("#kg-reset")
    watched.settle()
    assert vp.positions(page) == home
    # the same filter gives the same picture
    page.select_option("#speaker-filter", value)
    watched.settle()
    assert vp.positions(page) == moved
    page.wait_for_timeout(200)
    assert watched.clean()


def test_jupyter_iframe_renders_sandboxed(watched: vp.Watched, tmp_path: Path) -> None:
    """repr_html's <iframe srcdoc> draws the graph inside a sandbox (scripts, opaque origin)."""
    g = FX.sample_graph(hostile=True)
    host = tmp_path / "notebook.html"
    host.write_text(
        "<!DOCTYPE html><meta charset=utf-8><body>" + view.repr_html(g, height=500) + "</body>",
        encoding="utf-8",
    )
    watched.page.goto(host.as_uri())
    frame = watched.page.frame_locator("iframe")
    frame.locator(vp.READY).wait_for(state="attached", timeout=20_000)
    assert frame.locator("#kg-network canvas").count() == 1
    inner = next(f for f in watched.page.frames if f != watched.page.main_frame)
    assert inner.evaluate("kgView.nodeCount()") == 7
    assert inner.evaluate("document.body.getAttribute('data-pwned')") is None
    assert watched.page.evaluate("document.body.getAttribute('data-pwned')") is None
    assert watched.clean()
