"""Store test fixtures: a real `oxigraph serve` on 127.0.0.1."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import free_port, oxigraph_executable


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "store: needs a real Oxigraph server, Dask or a store on disk")


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
