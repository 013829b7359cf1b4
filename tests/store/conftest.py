"""Shared fixtures of the store suite: a real ``oxigraph serve`` on 127.0.0.1, canonical dumps."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit"))  # kg_fixtures: hand-built Extraction records

SOURCE_PREDICATE = "<https://example.org/kg/ns#source>"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "store: needs a real Oxigraph server, Dask or a store on disk")


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


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty ``oxigraph serve`` (in memory) on a free loopback port; its base URL."""
    exe = oxigraph_executable()
    if exe is None:
        pytest.skip("the `oxigraph` executable is not installed (pip install oxigraph)")
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [exe, "serve", "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {(tmp_path / 'oxigraph.log').read_text()}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


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
