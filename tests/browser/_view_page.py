"""Driving the HTML view in Debian's headless Chromium: launch, a page that records every
request, error and dialog, and measurements of what is actually drawn (read from
vis-network's own node objects, not from the page's plan of them).

No ``playwright install``: the system browser is launched by path.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
READY = "body[data-kg-ready]"
SETTLED = "body[data-kg-ready]:not([data-kg-busy])"

# Per drawn node, its label as drawn: font size on screen and its box in the drawing area's
# coordinates, in drawing order (the page adds nodes most important first).
LABELS_JS = """() => {
  const net = kgView.network, scale = net.getScale();
  const area = document.getElementById('kg-network').getBoundingClientRect();
  return kgView.visibleIds().map(id => {
    const node = net.body.nodes[id], size = node.labelModule.size;
    const a = net.canvasToDOM({x: size.left, y: size.top});
    const b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    return {id: String(id), text: node.options.label, px: node.labelModule.fontOptions.size * scale,
            left: a.x, top: a.y, right: b.x, bottom: b.y,
            inside: a.x >= 0 && a.y >= 0 && b.x <= area.width && b.y <= area.height};
  });
}"""


def launch(pw: Any) -> Any:
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)


class Watched:
    """A page with every non-file request blocked and recorded, and every event of interest kept."""

    def __init__(self, browser: Any, width: int = 1400, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
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
        self.page.wait_for_selector(READY, state="attached", timeout=30_000)
        return self.page

    def settle(self) -> Any:
        """Wait until the picture the last action asked for is laid out and drawn."""
        self.page.wait_for_selector(SETTLED, state="attached", timeout=30_000)
        return self.page

    def pwned(self) -> str | None:
        return self.page.evaluate("document.body.getAttribute('data-pwned')")

    def clean(self) -> bool:
        return self.errors == [] and self.dialogs == [] and self.requests == []

    def close(self) -> None:
        self.context.close()


def labels(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(LABELS_JS)


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of label boxes that overlap (touching edges do not count)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] < b["right"]
                and b["left"] < a["right"]
                and a["top"] < b["bottom"]
                and b["top"] < a["bottom"]
            ):
                out.append((a["id"], b["id"]))
    return out


def legible(boxes: list[dict[str, Any]], min_px: float = 12.0) -> list[dict[str, Any]]:
    """The labels drawn at ``min_px`` or more and wholly inside the drawing area."""
    return [b for b in boxes if b["px"] >= min_px - 1e-6 and b["inside"] and b["text"]]


def payload(page: Any) -> dict[str, Any]:
    return page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")


def options(page: Any, select: str) -> list[tuple[str, str]]:
    """(value, text) of a menu's options, the "all" entry left out."""
    rows = page.evaluate(
        f"Array.from(document.querySelectorAll('{select} option')).map(o => [o.value, o.textContent])"
    )
    return [(v, t) for v, t in rows if v != ""]


def positions(page: Any) -> dict[str, tuple[float, float]]:
    pos = page.evaluate("kgView.network.getPositions()")
    return {k: (v["x"], v["y"]) for k, v in pos.items()}
