"""Precision of contradiction / support links over PolNeAR train articles.

Runs the default pipeline over the first N (200) train articles of ../shared/polnear,
resolves entities across them, finds the relations between claims, prints the counts and
writes a fixed random sample (20 contradictions, 20 supports) to
``benchmarks/relations_judged.jsonl`` for judging by hand: each line holds both claims'
speaker, text and document, the reason, and ``judgment`` ("correct" / "wrong" / "" when not
yet judged) with a ``note``. Judgments already in the file are kept for pairs that are
still sampled, so the file can be re-checked after a re-run. The texts stay in
../shared/polnear; only the sampled claims' own words are written here.

Usage: .venv/bin/python benchmarks/relations_precision.py [--limit 200] [--sample 20]
Skips (exit 0) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "polnear" / "data" / "train" / "text"
OUT = ROOT / "benchmarks" / "relations_judged.jsonl"
SEED = 4


def _claim(ex, attribution_id: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    a = next(a for a in ex.attributions if a.id == attribution_id)
    text = ex.document.text
    speaker = None
    if a.speaker:
        e = ex.entity(a.speaker)
        speaker = e.name if e is not None else a.speaker
    elif a.narrated:
        speaker = "(the article)"
    else:
        speaker = " … ".join(s.text(text) for s in a.source) or None
    return {
        "doc": ex.document.name,
        "speaker": speaker,
        "text": " … ".join(" ".join(s.text(text).split()) for s in a.content),
    }


def _pair_id(kind: str, source: dict, target: dict) -> str:
    key = json.dumps([kind, source, target], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} not found")
        return 0
    from graph import ingest
    from graph.api import extract_documents
    from graph.relate import find_relations
    from graph.resolve import resolve_entities

    paths = sorted(CORPUS.glob("*.txt"))[: args.limit]
    documents = [ingest.read_path(p) for p in paths]
    started = time.perf_counter()
    extractions = resolve_entities(list(extract_documents(documents)))
    relations = find_relations(extractions)
    elapsed = time.perf_counter() - started
    by_doc = {ex.document.id: ex for ex in extractions}
    counts = {"contradicts": 0, "supports": 0}
    cross = {"contradicts": 0, "supports": 0}
    for r in relations:
        counts[r.kind] += 1
        cross[r.kind] += r.source.split(":")[0] != r.target.split(":")[0]
    claims = sum(len(ex.attributions) for ex in extractions)
    facts = sum(len(ex.facts) for ex in extractions)
    print(f"{len(documents)} articles, {claims} claims, {facts} facts in {elapsed:.1f} s")
    for kind in counts:
        print(f"{kind}: {counts[kind]} links ({cross[kind]} across documents)")

    old: dict[str, dict] = {}
    if args.out.exists():
        for line in args.out.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                old[row["id"]] = row
    rng = random.Random(SEED)
    rows = []
    for kind in ("contradicts", "supports"):
        pool: dict[str, tuple] = {}  # one entry per distinct pair of texts (a sentence may repeat)
        for r in sorted((r for r in relations if r.kind == kind), key=lambda r: (r.source, r.target)):
            sd, sa = r.source.split(":", 1)
            td, ta = r.target.split(":", 1)
            source, target = _claim(by_doc[sd], sa), _claim(by_doc[td], ta)
            pool.setdefault(_pair_id(kind, source, target), (r, source, target))
        keys = sorted(pool)
        for pid in sorted(rng.sample(keys, min(args.sample, len(keys)))):
            r, source, target = pool[pid]
            previous = old.get(pid, {})
            rows.append(
                {
                    "id": pid,
                    "kind": kind,
                    "reason": r.reason,
                    "source": source,
                    "target": target,
                    "judgment": previous.get("judgment", ""),
                    "note": previous.get("note", ""),
                }
            )
    args.out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    for kind in ("contradicts", "supports"):
        judged = [row for row in rows if row["kind"] == kind and row["judgment"]]
        correct = sum(row["judgment"] == "correct" for row in judged)
        if judged:
            print(f"{kind}: judged {len(judged)}, correct {correct} ({correct / len(judged):.0%})")
        else:
            print(f"{kind}: not judged yet ({sum(row['kind'] == kind for row in rows)} sampled)")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
