"""The wheel ships the ontology, the named queries, the cue frames and the view template."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_contents(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "graph/ontology/kg.ttl",
        "graph/ontology/shapes.ttl",
        "graph/ontology/context.jsonld",
        "graph/queries/who-said-what.rq",
        "graph/extractors/data/cue_frames.tsv",
        "graph/exports/templates/view.html",
        "graph/py.typed",
    ):
        assert required in names, required


def test_no_other_top_level_graph_module() -> None:
    """The import name is generic: the installed `graph` must be this project."""
    import graph

    assert Path(graph.__file__).resolve().parent == ROOT / "graph"
