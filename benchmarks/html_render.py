"""Benchmark the HTML view: build time, page size, time to first picture in headless Chromium,
and whether that picture can be read.

Builds synthetic news-like graphs of increasing size (optionally a graph read from an RDF
file, and graphs of the first N PolNeAR train articles built with ``graph.build``), renders
the page with graph.exports.html, opens it in Debian's ``chromium`` through Playwright (1400 x
900 window) with every non-file request blocked, and reports:

* view model / render / write seconds (Python side), HTML size, nodes in the graph;
* time from navigation start to the first drawing (the layout is precomputed, so the first
  drawing is the final one) and one forced redraw (~ the cost of a pan/zoom frame);
* what is drawn: nodes and edges, the share of labels drawn at >= 12 px wholly inside the
  drawing area (``legible_pct``), the smallest label, overlapping labels among the 30 most
  important and among all;
* the relations panel against the graph (pairs listed / pairs in the graph), the speaker menu
  (entries, and how many are document names);
* the busiest speaker's filter: seconds to plan, lay out and draw it, its nodes and legibility;
* with ``--layout-sizes``, networkx's layout plus label separation alone for n drawn nodes.

Usage::

    .venv/bin/python benchmarks/html_render.py                    # sizes 100 1000 10000
    .venv/bin/python benchmarks/html_render.py --sizes 500 2000 --max-nodes 150
    .venv/bin/python benchmarks/html_render.py --turtle exports/graph.ttl --no-synthetic
    .venv/bin/python benchmarks/html_render.py --no-synthetic --polnear 100 840
    .venv/bin/python benchmarks/html_render.py --no-synthetic --layout-sizes 150 400 1000

``--polnear`` builds each graph separately from the first N train texts of
``../shared/polnear`` (read in place, never copied; skipped with a message when absent),
writes it with ``KnowledgeGraph.to_html`` into a temporary directory and times that page.
The PolNeAR rows have ``build_s`` (extraction + graph, spaCy included) and ``to_html_s``
instead of the view model / render / write split.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # _view_page: measuring what is drawn

BASE = "https://example.org/kg/"
KG = "https://example.org/kg/ns#"
SDO = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def synthetic_graph(n_nodes: int, seed: int = 1) -> Any:
    """About n_nodes nodes: 40 % entities (Zipf-like popularity), 55 % claims, documents,
    a few contradicts/supports links; shaped like notes/vocab-spec.md."""
    from rdflib import Dataset, Literal, URIRef

    rng = random.Random(seed)
    ds = Dataset()
    n_docs = max(1, n_nodes // 40)
    n_entities = max(2, int(n_nodes * 0.4))
    n_claims = max(1, n_nodes - n_docs - n_entities)
    kinds = [("person", "Person"), ("organization", "Organization"), ("place", "Place"), ("group", "Group")]
    t = URIRef(RDF_TYPE)
    entities = []
    for i in range(n_entities):
        kind, cls = kinds[i % 4]
        e = URIRef(f"{BASE}{kind}/{kind}-{i}")
        entities.append((e, kind))
    weights = [1.0 / (i + 1) for i in range(n_entities)]
    people = [e for e, k in entities if k == "person"]
    docs = [URIRef(f"{BASE}doc/{i:016x}") for i in range(n_docs)]
    for i, d in enumerate(docs):
        g = ds.graph(d)
        g.add((d, t, URIRef(SDO + "NewsArticle")))
        g.add((d, URIRef(SDO + "name"), Literal(f"article-{i}")))
    counts: dict[Any, int] = {}
    claims = []
    for j in range(n_claims):
        d = docs[j % n_docs]
        g = ds.graph(d)
        c = URIRef(f"{BASE}claim/{j:012x}")
        claims.append(c)
        speaker = rng.choices(people, weights=weights[: len(people)])[0]
        g.add((c, t, URIRef(KG + "Claim")))
        g.add((c, URIRef(SDO + "text"), Literal(f"Statement {j} about the situation, as reported.")))
        g.add((c, URIRef(KG + "cue"), Literal(rng.choice(["said", "told", "claimed", "warned"]))))
        g.add((c, URIRef(KG + "mode"), URIRef(KG + rng.choice(["Direct", "Indirect", "Mixed"]))))
        g.add((c, URIRef(KG + "inDocument"), d))
        g.add((speaker, URIRef(KG + "claims"), c))
        g.add((c, URIRef(KG + "claimant"), speaker))
        counts[speaker] = counts.get(speaker, 0) + 1
        for e, _ in {x: None for x in rng.choices(entities, weights=weights, k=rng.randint(1, 3))}:
            g.add((c, URIRef(SDO + "about"), e))
            counts[e] = counts.get(e, 0) + 1
        if j > 10 and rng.random() < 0.03:
            rel = rng.choice(["contradicts", "supports"])
            g.add((c, URIRef(KG + rel), claims[rng.randrange(j)]))
    g0 = ds.graph(docs[0])
    for i, (e, kind) in enumerate(entities):
        cls = "Group" if kind == "group" else kind.capitalize()
        g0.add((e, t, URIRef((KG if cls == "Group" else SDO) + cls)))
        g0.add((e, URIRef(RDFS_LABEL), Literal(f"{kind.capitalize()} {i}")))
        g0.add((e, URIRef(KG + "mentionCount"), Literal(counts.get(e, 0) + 1)))
    return ds


def load_file(path: Path) -> Any:
    """An exported graph, loaded as ``kg build`` holds it (Oxigraph in memory)."""
    from graph.api import KnowledgeGraph

    return KnowledgeGraph.load(path)


def measure_python(graph: Any, out: Path, max_nodes: int) -> tuple[dict[str, Any], Any]:
    from graph.exports import html

    graph = getattr(graph, "dataset", graph)
    t0 = time.perf_counter()
    vm = html.view_model(graph, max_nodes=max_nodes)
    t1 = time.perf_counter()
    page = html.render_view_model(vm)
    t2 = time.perf_counter()
    html._atomic_write_bytes(out, page.encode("utf-8"))
    t3 = time.perf_counter()
    return {
        "nodes": vm.total_nodes,
        "shown": vm.shown_nodes,
        "edges": len(vm.edges),
        "view_model_s": round(t1 - t0, 3),
        "render_s": round(t2 - t1, 3),
        "write_s": round(t3 - t2, 3),
        "html_mb": round(out.stat().st_size / 1e6, 2),
    }, vm


def measure_browser(
    browser: Any, path: Path, timeout_s: float, expected: dict[str, Any], screenshot: Path | None = None
) -> dict[str, Any]:
    """First picture, what a reader can read in it, the panel and the menus, and one filter.

    ``expected``: ``contradicts`` and ``supports`` (pairs in the graph) and ``documents``
    (document names) to check the page against."""
    import _view_page as vp

    w = vp.Watched(browser, 1400, 900)
    page = w.page
    try:
        page.goto(path.as_uri(), timeout=timeout_s * 1000)
        page.wait_for_selector(vp.READY, state="attached", timeout=timeout_s * 1000)
        first = page.evaluate("kgView.firstDrawMs")
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        boxes = vp.labels(page)
        data = vp.payload(page)
        names = data["index"]["entities"]["name"]
        menu = [names[int(v)] for v, _ in vp.options(page, "#speaker-filter")]
        redraws = page.evaluate(
            """() => { const n = kgView.network, out = [];
                for (let i = 0; i < 5; i++) { const t = performance.now(); n.renderer._redraw();
                  out.push(performance.now() - t); } return out; }"""
        )
        row: dict[str, Any] = {
            "first_draw_s": round(first / 1000, 3),
            "drawn_nodes": len(boxes),
            "drawn_edges": page.evaluate("kgView.edgeCount()"),
            "legible_pct": round(100 * len(vp.legible(boxes)) / max(1, len(boxes)), 1),
            "min_label_px": round(min((b["px"] for b in boxes), default=0), 1),
            "overlaps_top30": len(vp.overlaps(boxes[:30])),
            "overlaps_all": len(vp.overlaps(boxes)),
            "contradictions_listed": page.locator("#contradictions > li").count(),
            "contradictions_in_graph": expected["contradicts"],
            "supports_listed": page.locator("#supports > li").count(),
            "supports_in_graph": expected["supports"],
            "speaker_menu": len(menu),
            "doc_names_in_menu": len(set(menu) & expected["documents"]),
            "redraw_ms": round(statistics.median(redraws), 1),
        }
        # the busiest speaker: filter, plan, lay out anew, draw
        speakers = data["filters"]["speakers"]
        if speakers:
            top = max(speakers, key=lambda r: r[1])[0]
            t = time.perf_counter()
            page.select_option("#speaker-filter", str(top))
            w.settle()
            row["speaker_filter_s"] = round(time.perf_counter() - t, 3)
            boxes = vp.labels(page)
            row["filter_nodes"] = len(boxes)
            row["filter_legible_pct"] = round(100 * len(vp.legible(boxes)) / max(1, len(boxes)), 1)
        row["blocked_requests"] = len(w.requests)
        row["page_errors"] = len(w.errors)
        return row
    finally:
        w.close()


def expected_of(graph: Any, vm: Any | None = None) -> dict[str, Any]:
    """What the page must list, read from the graph with SPARQL (or from the view model)."""
    if vm is not None:
        kinds = [r[2] for r in vm.relations]
        return {
            "contradicts": kinds.count("contradicts"),
            "supports": kinds.count("supports"),
            "documents": set(vm.index["docs"]["name"]),
        }
    prefixes = "PREFIX kg: <https://example.org/kg/ns#> PREFIX schema: <https://schema.org/> "
    out: dict[str, Any] = {}
    for kind in ("contradicts", "supports"):
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a kg:{kind} ?b . FILTER(STR(?a) < STR(?b)) }}"
        out[kind] = int(str(graph.query(prefixes + q).rows[0][0]))
    rows = graph.query(prefixes + "SELECT ?n WHERE { ?d a schema:NewsArticle ; schema:name ?n }").rows
    out["documents"] = {str(r[0]) for r in rows}
    return out


def measure_layout(sizes: list[int]) -> list[dict[str, Any]]:
    """networkx's layout and the label separation alone, on hub-heavy graphs of n labelled nodes:
    what laying out n drawn nodes costs (the page lays out only what it draws)."""
    from graph.exports import _layout
    from graph.exports._viewplan import entity_box

    rows = []
    for n in sizes:
        rng = random.Random(n)
        boxes = [entity_box(f"Entity number {i}", 8 + (i % 5) * 3) for i in range(n)]
        edges = [(i, int(rng.paretovariate(1.0)) % i, 1.0) for i in range(1, n)]
        t = time.perf_counter()
        _layout.layout(boxes, edges)
        rows.append({"case": f"layout-{n}", "layout_s": round(time.perf_counter() - t, 3)})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def polnear_texts(shared: Path) -> list[Path]:
    """The PolNeAR train texts in file-name order (empty when the corpus is not there)."""
    text_dir = shared / "polnear" / "data" / "train" / "text"
    return sorted(text_dir.glob("*.txt")) if text_dir.is_dir() else []


def measure_polnear(
    texts: list[Path], out: Path, max_nodes: int, jobs: int | None
) -> tuple[dict[str, Any], Any]:
    """Build the graph of ``texts`` with the public API and write its page with ``to_html``."""
    import graph

    t0 = time.perf_counter()
    kg = graph.build([str(t) for t in texts], jobs=jobs, progress=False)
    t1 = time.perf_counter()
    kg.to_html(out, max_nodes=max_nodes)
    t2 = time.perf_counter()
    row = {
        "articles": len(texts),
        "quads": len(kg),
        "build_s": round(t1 - t0, 1),
        "to_html_s": round(t2 - t1, 3),
        "html_mb": round(out.stat().st_size / 1e6, 2),
    }
    return row, kg


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000], help="synthetic node counts")
    ap.add_argument(
        "--layout-sizes", type=int, nargs="*", default=[], help="time the layout alone for n drawn nodes"
    )
    ap.add_argument("--turtle", type=Path, help="also benchmark this RDF file (.ttl/.trig/.nq/.nt)")
    ap.add_argument("--no-synthetic", action="store_true", help="only the --turtle file")
    ap.add_argument(
        "--polnear",
        type=int,
        nargs="*",
        default=None,
        metavar="N",
        help="also graphs of the first N PolNeAR train articles (no value: 10 100 840)",
    )
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="where polnear/ lives")
    ap.add_argument("--jobs", type=int, default=None, help="graph.build jobs for --polnear")
    ap.add_argument(
        "--keep",
        action="store_true",
        help="write the PolNeAR pages (and a screenshot of each first render) to --out, not a temp dir",
    )
    ap.add_argument("--max-nodes", type=int, default=150)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out", help="where pages are written")
    ap.add_argument("--no-browser", action="store_true", help="Python side only")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per page load")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    cases: list[tuple[str, Any]] = []
    if not args.no_synthetic:
        for n in args.sizes:
            t = time.perf_counter()
            g = synthetic_graph(n)
            print(f"built synthetic-{n} in {time.perf_counter() - t:.2f}s", file=sys.stderr)
            cases.append((f"synthetic-{n}", g))
    if args.turtle:
        cases.append((args.turtle.name, load_file(args.turtle)))
    polnear: list[int] = []
    texts: list[Path] = []
    if args.polnear is not None:
        texts = polnear_texts(args.shared)
        if not texts:
            print(f"skipped --polnear: no train texts under {args.shared / 'polnear'}", file=sys.stderr)
        else:
            polnear = [min(n, len(texts)) for n in (args.polnear or [10, 100, 840]) if n > 0]

    browser = pw_ctx = None
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not args.no_browser:
        if chromium is None:
            print("no chromium on PATH: browser timings skipped", file=sys.stderr)
        else:
            from playwright.sync_api import sync_playwright

            pw_ctx = sync_playwright().start()
            browser = pw_ctx.chromium.launch(
                executable_path=chromium,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-background-timer-throttling",
                    "--disable-renderer-backgrounding",
                ],
            )
    results = []
    try:
        results.extend(measure_layout(args.layout_sizes))
        for name, g in cases:
            out = args.out / f"{name}.html"
            row, vm = measure_python(g, out, args.max_nodes)
            row = {"case": name, **row}
            if browser is not None:
                expected = expected_of(g) if hasattr(g, "dataset") else expected_of(None, vm)
                row.update(measure_browser(browser, out, args.timeout, expected))
            results.append(row)
            print(json.dumps(row), file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="kg-html-bench-") as tmp:
            for n in polnear:
                out = (args.out if args.keep else Path(tmp)) / f"polnear-{n}.html"
                shot = out.with_suffix(".png") if args.keep else None
                print(f"building the graph of {n} PolNeAR train articles ...", file=sys.stderr)
                row, kg = measure_polnear(texts[:n], out, args.max_nodes, args.jobs)
                expected = expected_of(kg)
                kg.close()
                row = {"case": f"polnear-{n}", **row}
                if browser is not None:
                    row.update(measure_browser(browser, out, args.timeout, expected, shot))
                results.append(row)
                print(json.dumps(row), file=sys.stderr)
    finally:
        if browser is not None:
            browser.close()
        if pw_ctx is not None:
            pw_ctx.stop()

    cols = list(dict.fromkeys(k for r in results for k in r))
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in results)) for c in cols}
    print(" | ".join(c.rjust(widths[c]) for c in cols))
    print("-|-".join("-" * widths[c] for c in cols))
    for r in results:
        print(" | ".join(str(r.get(c, "")).rjust(widths[c]) for c in cols))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
