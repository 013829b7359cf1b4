"""``KnowledgeGraph._repr_html_`` (what Jupyter displays) draws the graph in real headless
Chromium, inside a sandboxed iframe that cannot reach the notebook page.

Needs Debian's ``chromium`` and the ``playwright`` Python package (no ``playwright install``:
the system browser is launched by path). Skipped cleanly when either is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.api import KnowledgeGraph
from graph.exports import html as view

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no chromium binary on PATH", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _sample_graph() -> Any:
    """The sample graph of the unit tests (one definition of it)."""
    path = Path(__file__).parents[1] / "unit" / "test_html_view.py"
    spec = importlib.util.spec_from_file_location("_kg_html_view_fixtures_repr", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.sample_graph(hostile=True)


def test_repr_html_renders_in_a_sandboxed_iframe(tmp_path: Path) -> None:
    kg = KnowledgeGraph(_sample_graph())
    snippet = kg._repr_html_()
    assert snippet.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in snippet
    shown = view.view_model(kg.dataset).shown_nodes
    notebook = tmp_path / "notebook.html"
    notebook.write_text(
        "<!DOCTYPE html><meta charset=utf-8><title>notebook</title><body><div class=output>"
        + snippet
        + "</div></body>",
        encoding="utf-8",
    )
    requests: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 800})
            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(notebook.as_uri())
            frame_locator = page.frame_locator("iframe")
            frame_locator.locator("body[data-kg-ready]").wait_for(state="attached", timeout=20_000)
            assert frame_locator.locator("#kg-network canvas").count() == 1
            frame = next(f for f in page.frames if f != page.main_frame)
            assert frame.evaluate("kgView.nodeCount()") == shown
            # the whole view works inside the notebook: its network object, the relations panel
            # (hostile text shown as text) and a filter that lays the picture out anew
            assert frame.evaluate("typeof kgView.network.getPositions") == "function"
            pair = frame_locator.locator("#contradictions > li")
            assert pair.count() == 1 and "<img src=x onerror=" in pair.inner_text()
            pair.locator("button").click()
            frame_locator.locator("body[data-kg-ready]:not([data-kg-busy])").wait_for(state="attached")
            assert len(frame.evaluate("kgView.network.getSelectedNodes()")) == 2
            box = page.locator("iframe").bounding_box()
            assert box is not None and box["height"] >= 600  # the default height, not a sliver
            # opaque origin: the view cannot read or change the notebook around it
            reach = frame.evaluate(
                "(() => { try { return String(window.parent.document.title); }"
                " catch (e) { return e.name; } })()"
            )
            assert reach == "SecurityError"
            assert page.evaluate("document.body.getAttribute('data-pwned')") is None
            assert frame.evaluate("document.body.getAttribute('data-pwned')") is None
            page.wait_for_timeout(100)
        finally:
            browser.close()
    assert errors == [] and dialogs == [] and requests == []
