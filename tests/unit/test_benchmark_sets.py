"""The evaluation sets in benchmarks/ stay consistent: every gold line points at its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETS = sorted(p.parent for p in (ROOT / "benchmarks").glob("*/*/gold.jsonl"))


@pytest.mark.parametrize("folder", SETS, ids=[f"{p.parent.name}/{p.name}" for p in SETS])
def test_every_gold_quote_occurs_once_in_its_article(folder: Path) -> None:
    lines = [
        json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    assert lines
    for gold in lines:
        for ref in [gold, gold.get("a"), gold.get("b")]:
            if not ref or "quote" not in ref:
                continue
            text = (folder / f"{ref['doc']}.txt").read_text(encoding="utf-8")
            assert text.count(ref["quote"]) == 1, (ref["doc"], ref["quote"])


def test_the_sets_are_there() -> None:
    names = {f"{p.parent.name}/{p.name}" for p in SETS}
    assert {
        "speakers/dev",
        "speakers/dev2",
        "speakers/holdout",
        "relations/dev",
        "relations/holdout",
        "relations/blind",
    } <= names
