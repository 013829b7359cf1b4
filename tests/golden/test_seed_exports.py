"""exports/ holds the seed's graph.ttl and graph.html; a rebuild gives the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("seed", ["0", "12345"])
def test_rebuild_is_byte_identical(tmp_path: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "graph", "build", "seeds/", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in ("graph.ttl", "graph.html"):
        expected = (ROOT / "exports" / name).read_bytes()
        actual = (tmp_path / name).read_bytes()
        assert actual == expected, f"{name} differs from exports/{name}: run `make run` and review the diff"
