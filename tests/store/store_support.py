"""Helpers shared by the store tests: importable as `store_support`, unlike conftest."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit"))  # kg_fixtures: hand-built Extraction records

SOURCE_PREDICATE = "<https://example.org/kg/ns#source>"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_executable() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    candidate = Path(sys.executable).with_name("oxigraph")
    return str(candidate) if candidate.exists() else None


def canonical(ds, *, keep_sources: bool = False) -> list[str]:
    """The dataset's quads as sorted N-Quads lines (pyoxigraph's canonical term syntax).

    ``kg:source`` bookkeeping (absolute paths, only in persistent stores) is left out unless asked.
    """
    import pyoxigraph as ox

    from graph.remote import nt

    lines = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = getattr(g, "identifier", g)
        lines.add(f"{nt(s)} {nt(p)} {nt(_plain(o, ox))} {nt(graph)} .")
    return sorted(line for line in lines if keep_sources or SOURCE_PREDICATE not in line)


def _plain(term, ox):
    """xsd:string literals and derived integers spelled one way whatever the backend (R14)."""
    from rdflib import XSD, Literal

    if isinstance(term, Literal) and term.language is None:
        if term.datatype == XSD.string:
            return Literal(str(term))
        if term.datatype in (XSD.nonNegativeInteger, XSD.integer):
            return Literal(str(term), datatype=XSD.integer)
    return term


def write_articles(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


ARTICLES = {
    "a-ryder": "Pentagon spokesperson Pat Ryder said on Monday that North Korean troops had entered Kursk.",
    "b-miller": "State Department spokesperson Matthew Miller said the talks with Russia had failed.",
    "c-zelensky": "Ukrainian President Volodymyr Zelensky said 11,000 North Korean soldiers were in Kursk.",
    "d-kirby": "John Kirby, a White House spokesman, told reporters the United States was concerned.",
    "e-yoon": "South Korean President Yoon Suk Yeol warned that Seoul would consider sending weapons.",
    "f-lavrov": "Russian Foreign Minister Sergei Lavrov denied that North Korean forces were fighting.",
}

ENV = dict(os.environ, PYTHONPATH=str(ROOT))
