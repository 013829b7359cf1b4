"""The HTML view in a real headless Chromium: it renders, hostile text stays text, and the
page never touches the network (RELIABILITY.md EX-05..EX-07, recipe 4.4).

Needs Debian's ``chromium`` and the ``playwright`` Python package (no ``playwright install``:
the system browser is launched by path). Skipped cleanly when either is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.exports import html as view

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
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
READY = "body[data-kg-ready]"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield b
        finally:
            b.close()


class Watched:
    """A page with every non-file request blocked and recorded, and every event of interest kept."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 860})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(READY, state="attached", timeout=20_000)
        return self.page

    def pwned(self) -> str | None:
        return self.page.evaluate("document.body.getAttribute('data-pwned')")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    try:
        yield w
    finally:
        w.close()


def _hover_and_click(page: Any, node_id: int) -> str:
    """Real mouse hover (twice, so vis sees a move) and click on a node; returns tooltip text."""
    pos = page.evaluate(f"kgView.domPosition({node_id})")
    assert pos is not None
    page.mouse.move(pos["x"] - 4, pos["y"] - 4)
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tooltip = page.evaluate("document.querySelector('div.vis-tooltip').innerText")
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_timeout(100)
    return tooltip


def test_small_graph_renders_with_view_model_counts(watched: Watched, tmp_path: Path) -> None:
    g = FX.sample_graph()
    vm = view.view_model(g)
    path = view.write(g, tmp_path / "graph.html")
    page = watched.open(path)
    shown = {n["id"] for n in vm.nodes if not n["hidden"]}
    assert page.evaluate("kgView.nodeCount()") == len(shown) == 9
    expected_edges = sum(1 for e in vm.edges if e["from"] in shown and e["to"] in shown)
    assert page.evaluate("kgView.edgeCount()") == expected_edges
    assert page.evaluate("document.body.getAttribute('data-kg-visible')") == str(len(shown))
    assert page.locator("#kg-network canvas").count() == 1
    # the legend, the filters and the click panel are filled from the payload
    assert page.locator("#kg-legend-nodes input[type=checkbox]").count() == len(vm.legend["nodes"])
    assert page.locator("#kg-speaker option").count() == 1 + len(vm.filters["speakers"])
    claim = next(n for n in vm.nodes if n["label"] == "North Korea sent troops.")
    tooltip = _hover_and_click(page, claim["id"])
    assert "speaker: Stephen Miller" in tooltip
    panel = page.inner_text("#kg-details")
    for needle in ("Stephen Miller", "said", "direct", "on Monday", "a press briefing", "seed-article"):
        assert needle in panel
    # type filter and search work on the live page
    page.locator("#kg-legend-nodes input[data-kg-type=claim]").uncheck()
    assert page.evaluate("kgView.nodeCount()") == len(shown) - 3
    page.fill("#kg-search", "korea")
    # (wait_for_function would need eval, which the page's CSP rightly refuses)
    page.wait_for_selector("#kg-search-count:not(:empty)", timeout=5_000)
    assert page.inner_text("#kg-search-count") == "2 matches"
    assert watched.errors == [] and watched.dialogs == [] and watched.requests == []


def test_hostile_text_never_executes(watched: Watched, tmp_path: Path) -> None:
    g = FX.sample_graph(hostile=True)
    vm = view.view_model(g)
    title = FX.HOSTILE[0] + FX.HOSTILE[1]
    path = view.write(g, tmp_path / "hostile.html", title=title)
    page = watched.open(path)
    assert watched.pwned() is None
    assert page.inner_text("#kg-title") == title  # shown as text
    claim = next(n for n in vm.nodes if n["type"] == "claim")
    entity = next(n for n in vm.nodes if n["type"] == "person")
    for node in (claim, entity):
        tooltip = _hover_and_click(page, node["id"])
        assert "<img src=x onerror=" in tooltip  # the markup is visible as text
        page.mouse.move(5, 5)
    assert "</script><script>" in page.inner_text("#kg-details")
    # filters, search and the connection links also take the hostile text
    page.select_option("#kg-speaker", index=1)
    page.select_option("#kg-document", index=1)
    page.fill("#kg-search", "onerror")
    page.press("#kg-search", "Enter")
    page.locator("#kg-details .kg-link").first.click()
    page.wait_for_timeout(200)
    assert page.locator("#kg-details img, #kg-details svg, #kg-details a, #kg-legend img").count() == 0
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, a[href]').length") == 0
    assert watched.pwned() is None
    assert watched.dialogs == []
    assert watched.errors == []
    assert [c for c in watched.console if "Content Security Policy" in c] == []
    assert watched.requests == []


def test_csp_blocks_an_injected_handler(watched: Watched, tmp_path: Path) -> None:
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


def test_page_makes_no_network_request_and_show_all_works(watched: Watched, tmp_path: Path) -> None:
    g = FX.synthetic_graph(300, 400)
    vm = view.view_model(g, max_nodes=120)
    path = view.write(g, tmp_path / "big.html", max_nodes=120)
    page = watched.open(path)
    assert page.evaluate("kgView.nodeCount()") == vm.shown_nodes
    assert page.inner_text("#kg-notice-text") == f"showing {vm.shown_nodes} of {vm.total_nodes} nodes"
    page.click("#kg-expand")
    assert page.evaluate("kgView.nodeCount()") == vm.total_nodes
    assert page.inner_text("#kg-notice-text") == f"showing {vm.total_nodes} of {vm.total_nodes} nodes"
    page.click("#kg-expand")
    assert page.evaluate("kgView.nodeCount()") == vm.shown_nodes
    page.wait_for_timeout(200)
    assert watched.requests == []
    assert watched.errors == []


def test_jupyter_iframe_renders_sandboxed(watched: Watched, tmp_path: Path) -> None:
    """repr_html's <iframe srcdoc> draws the graph inside a sandbox (scripts, opaque origin)."""
    g = FX.sample_graph(hostile=True)
    host = tmp_path / "notebook.html"
    host.write_text(
        "<!DOCTYPE html><meta charset=utf-8><body>" + view.repr_html(g, height=500) + "</body>",
        encoding="utf-8",
    )
    watched.page.goto(host.as_uri())
    frame = watched.page.frame_locator("iframe")
    frame.locator(READY).wait_for(state="attached", timeout=20_000)
    assert frame.locator("#kg-network canvas").count() == 1
    inner = next(f for f in watched.page.frames if f != watched.page.main_frame)
    assert inner.evaluate("kgView.nodeCount()") == 9
    assert inner.evaluate("document.body.getAttribute('data-pwned')") is None
    assert watched.page.evaluate("document.body.getAttribute('data-pwned')") is None
    assert watched.errors == [] and watched.dialogs == [] and watched.requests == []
