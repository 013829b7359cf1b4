"""Self-contained, offline, script-safe interactive HTML view of a knowledge graph.

Own template (templates/view.html + view.js) around the vis-network 9.1.2 files that the
pyvis package ships; pyvis's ``Network`` class and template are not used: its
``add_node``/``add_edge`` are quadratic, its template renders heading/select-menu text
unescaped and switches tooltips to ``innerHTML`` when any title contains "href"
(RELIABILITY.md P1-P3), and it links Bootstrap from a CDN (P5).

Safety model: every text value travels as JSON in a ``<script type="application/json">``
block (``<``, ``>``, ``&``, U+2028/2029 escaped) and is put into the page with
``textContent`` only; a Content-Security-Policy meta with the sha256 hashes of the two
inline scripts blocks anything else (inline handlers, remote loads, connections).
Output is deterministic: the same graph gives byte-identical HTML.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

from graph import atomic
from graph.errors import ExportError
from graph.exports._viewmodel import ViewModel, build_view_model, clean_text

__all__ = ["ViewModel", "render", "repr_html", "view_model", "write"]

_TEMPLATES = Path(__file__).with_name("templates")
VIS_VERSION = "9.1.2"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


def view_model(graph: Any, *, max_nodes: int = 150) -> ViewModel:
    """The plain, sorted data the page draws: an index of every entity, document, claim and
    supports / contradicts pair, and the first picture (at most ``max_nodes`` nodes, laid out).

    ``graph`` is an rdflib Graph, or a ConjunctiveGraph/Dataset whose named graphs are read
    as one union. The first picture shows the most-cited speakers and the entities they speak
    about (or, with few claims, the claims themselves); see ``_viewplan``. ``max_nodes`` is
    1..400 (ValueError otherwise).
    """
    return build_view_model(graph, max_nodes=max_nodes)


def render(graph: Any, *, title: str = "Knowledge graph", max_nodes: int = 150) -> str:
    """The complete HTML page as a string (UTF-8, no external resources)."""
    vm = view_model(graph, max_nodes=max_nodes)
    return render_view_model(vm, title=title)


def render_view_model(vm: ViewModel, *, title: str = "Knowledge graph") -> str:
    """Fill the template from an already built view model (lets callers reuse one)."""
    vis_js, vis_css = _vis_assets()
    app_js = _asset("view.js")
    template = _asset("view.html")
    for name, text in (("vis-network.min.js", vis_js), ("view.js", app_js)):
        if "</script" in text.lower() or "<!--" in text:
            raise ExportError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    if "</style" in vis_css.lower():
        raise ExportError("vis-network.css cannot be inlined: it contains '</style'")
    safe_title = html.escape(clean_text(title) or "Knowledge graph", quote=True)
    values = {
        "CSP": html.escape(content_security_policy([vis_js, app_js]), quote=True),
        "TITLE": safe_title,
        "VIS_CSS": vis_css,
        "VIS_JS": vis_js,
        "APP_JS": app_js,
        "DATA": payload_json(vm),
        "NOTICE": html.escape(vm.notice),
        "TOTAL": str(vm.total_nodes),
        "SHOWN": str(vm.shown_nodes),
    }
    # One pass over the template only: placeholders inside inserted text are never expanded.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def write(graph: Any, path: str | os.PathLike[str], **kw: Any) -> Path:
    """Render and write atomically: a temp file in the same directory, fsync, os.replace.

    On any failure the previous file at ``path`` is left untouched and the temp file removed.
    Keyword arguments go to :func:`render`.
    """
    target = Path(path)
    page = render(graph, **kw)
    data = page.encode("utf-8")
    _atomic_write_bytes(target, data)
    return target


def repr_html(graph: Any, *, height: int = 640, **kw: Any) -> str:
    """An ``<iframe srcdoc>`` holding the page, for Jupyter's ``_repr_html_``.

    The iframe is sandboxed (scripts only, opaque origin): the view cannot touch the notebook.
    """
    page = render(graph, **kw)
    title = html.escape(clean_text(kw.get("title", "Knowledge graph")), quote=True)
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'title="{title}" style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe>'
    )


# --------------------------------------------------------------------------- helpers


def payload_json(vm: ViewModel) -> str:
    """The view model as JSON that cannot end the <script> element it sits in."""
    text = json.dumps(vm.as_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def script_hash(script: str) -> str:
    """CSP source expression for one inline script's exact text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """Only the given inline scripts may run; no network, no plugins, no forms."""
    hashes = " ".join(script_hash(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )


@functools.cache
def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the installed pyvis package (not imported)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("the HTML view needs the 'pyvis' package (it ships vis-network); pip install pyvis")
    for location in spec.submodule_search_locations:
        lib = Path(location) / "templates" / "lib" / f"vis-{VIS_VERSION}"
        js, css = lib / "vis-network.min.js", lib / "vis-network.css"
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise ExportError(f"vis-network {VIS_VERSION} files not found inside the installed pyvis package")


def _atomic_write_bytes(target: Path, data: bytes) -> None:
    # The page's folder must exist: a typo in --out is an error, not a new folder.
    atomic.write_bytes(target, data, make_parents=False)
