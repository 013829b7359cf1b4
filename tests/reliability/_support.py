"""Shared helpers of the reliability, property and fuzz suites (RELIABILITY.md §3-§4).

The spaCy pipeline is loaded once per process (``graph.nlp.load`` is cached), so the
in-process helpers here (``cli``, ``extract``, ``build``) share one model; subprocess
helpers are for what needs a real process (signals, kill -9, rlimits, a TTY).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from graph.records import Document, Extraction

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_118e246e26923948.txt"
KG = [sys.executable, "-m", "graph"]

# A short article that yields a speaker, a cue, quoted content and entities.
ARTICLE = (
    'Acme Corp said on Monday that "the merger with Beta Industries is complete." '
    "John Smith, a spokesman for Acme Corp, told reporters the deal would close in March.\n"
    "Officials in London declined to comment on the report."
)

# Fragments that break naive writers, parsers and pages (RELIABILITY.md §4.2).
NASTY = [
    '"',
    "'",
    '"""',
    "'''",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "‹",
    "›",
    "„",
    "「",
    "」",
    "\\",
    "\\n",
    ">",
    "<",
    "@prefix ex: <http://e/> .",
    "} ; DROP ALL ; INSERT DATA { <a> <b> <c> }",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "href",
    "javascript:alert(1)",
    "{{7*7}}",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u202e",
    "\u2066",
    "\u00ad",
    "\ufeff",
    "👨\u200d👩\u200d👧",
    "🇺🇸",
    "e\u0301",
    "Z\u0351\u0352\u0353",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\r\n",
    "\t",
    "#",
    "%zz",
    "O'Brien",
    "rock 'n' roll",
    " said ",
    "John Smith",
    "Acme Corp",
    "\n\n",
    ". ",
]


def cli(args: Sequence[str], *, input: bytes | str | None = None, cwd: Path | None = None) -> Result:
    """Run ``kg ARGS`` in this process (the model stays loaded); never raises."""
    from graph.cli import cli as kg_cli

    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(kg_cli, list(args), input=input, catch_exceptions=True)
    finally:
        os.chdir(old)


def kg_process(
    args: Sequence[str],
    *,
    cwd: Path,
    input: bytes | None = None,
    timeout: float = 300,
    env: dict[str, str] | None = None,
    **kwargs: Any,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``kg ARGS`` in a fresh process; stdin is DEVNULL unless ``input`` is given."""
    return subprocess.run(
        [*KG, *args],
        cwd=cwd,
        input=input,
        stdin=kwargs.pop("stdin", None if input is not None else subprocess.DEVNULL),
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def read_report(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def pipeline() -> Any:
    """The shared Pipeline (default model and extractors)."""
    from graph.parallel import _pipeline

    return _pipeline(None, None)


def extract(document: Document) -> Extraction:
    return next(pipeline().run([document]))


def build(extractions: Iterable[Extraction], dataset: Any = None) -> Any:
    from graph.builder import build_dataset

    return build_dataset(list(extractions), dataset=dataset)


def nquads(dataset: Any) -> str:
    """Canonical, sorted N-Quads of a dataset (our exporter normalizes literal forms)."""
    from graph.exports import Format
    from graph.exports.rdf import serialize

    return serialize(dataset, Format.NQUADS)


def oxigraph_quads(text: str, fmt: str) -> set[str]:
    """Parse ``text`` with the strict parser; the quads as canonical strings (graph name kept)."""
    import pyoxigraph as ox

    formats = {
        "ttl": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nq": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }
    return {str(q) for q in ox.parse(text.encode("utf-8"), format=formats[fmt])}


def literals(dataset: Any) -> list[str]:
    from rdflib import Literal

    return [str(o) for _s, _p, o, _g in dataset.quads((None, None, None, None)) if isinstance(o, Literal)]


def bad_chars(text: str) -> list[str]:
    """C0 (except TAB/LF/CR), DEL, C1 controls and lone surrogates found in ``text``."""
    found = []
    for ch in text:
        cp = ord(ch)
        if (cp < 0x20 and ch not in "\t\n\r") or 0x7F <= cp <= 0x9F or 0xD800 <= cp <= 0xDFFF:
            found.append(f"U+{cp:04X}")
    return found


def spans_of(extraction: Extraction) -> list[Any]:
    """Every character span an extraction holds (mentions, attributions, facts, roles)."""
    from graph.records import Span

    spans: list[Span] = []

    def walk(value: Any) -> None:
        if isinstance(value, Span):
            spans.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__") and not isinstance(value, Document):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    for field in ("mentions", "attributions", "facts", "roles", "entities"):
        walk(getattr(extraction, field, ()))
    return spans
