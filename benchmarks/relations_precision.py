"""Precision of contradiction / support links over PolNeAR train articles.

Runs the default pipeline over the first N (200) train articles of ../shared/polnear,
resolves entities across them, finds the relations between claims, prints the counts and
writes a fixed random sample (20 contradictions, 20 supports) to
``benchmarks/relations_judged.jsonl`` for judging by hand: each line holds both claims'
speaker, text and document, the reason, the run's ``limit`` and ``judgment`` ("correct" /
"wrong" / "" when not yet judged) with a ``note``. A pair is sampled once whichever claim
comes first and however many copies of the two sentences the corpus holds (live-update
pages repeat items). Judgments already in the file are kept for pairs that are still
sampled, and rows of runs with another ``--limit`` are left as they are, so the file holds
one judged sample per corpus size and can be re-checked after a re-run. Each article is
dated by its file name (PolNeAR names carry the publication day), as ``kg build --date``
would date one file, so that claims about changing states are compared only within a day.
The texts stay in ../shared/polnear; only the sampled claims' own words are written here.

Usage: .venv/bin/python benchmarks/relations_precision.py [--limit 200] [--sample 20]
       .venv/bin/python benchmarks/relations_precision.py --limit 840   # all train articles
Skips (exit 0) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import re
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
    """The same for both orders of the two claims (a relation is symmetric) and for every
    copy of the two sentences (live-update pages repeat items, so two articles may each hold
    both): the speakers' words, not where they were printed."""
    claims = sorted(json.dumps([c["speaker"], c["text"]], ensure_ascii=False) for c in (source, target))
    key = json.dumps([kind, *claims], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _dated(document):  # type: ignore[no-untyped-def]
    """The document with its publication day from a PolNeAR name ("nyt_2016-02-18_...")."""
    match = re.search(r"_(\d{4}-\d{2}-\d{2})_", document.name)
    if match is None or document.meta.published:
        return document
    return dataclasses.replace(document, meta=dataclasses.replace(document.meta, published=match.group(1)))


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
    documents = [_dated(ingest.read_path(p)) for p in paths]
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

    kept: list[dict] = []  # rows of runs over another number of articles
    old: dict[str, dict] = {}
    if args.out.exists():
        for line in args.out.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            row["id"] = _pair_id(row["kind"], row["source"], row["target"])  # ids of older runs were ordered
            row.setdefault("limit", 200)
            if row["limit"] != len(documents):
                kept.append(row)
            if row.get("judgment"):
                old.setdefault(row["id"], row)
    rng = random.Random(SEED)
    rows = []
    for kind in ("contradicts", "supports"):
        pool: dict[str, tuple] = {}  # one entry per distinct pair of texts (a sentence may repeat)
        for r in sorted((r for r in relations if r.kind == kind), key=lambda r: (r.source, r.target)):
            sd, sa = r.source.split(":", 1)
            td, ta = r.target.split(":", 1)
            source, target = _claim(by_doc[sd], sa), _claim(by_doc[td], ta)
            pool.setdefault(_pair_id(kind, source, target), (r, source, target))
        print(
            f"{kind}: {counts[kind]} links ({cross[kind]} across documents), {len(pool)} distinct pairs of texts"
        )
        keys = sorted(pool)
        for pid in sorted(rng.sample(keys, min(args.sample, len(keys)))):
            r, source, target = pool[pid]
            previous = old.get(pid, {})
            rows.append(
                {
                    "id": pid,
                    "limit": len(documents),
                    "kind": kind,
                    "reason": r.reason,
                    "source": source,
                    "target": target,
                    "judgment": previous.get("judgment", ""),
                    "note": previous.get("note", ""),
                }
            )
    everything = sorted(kept, key=lambda row: row["limit"]) + rows
    args.out.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in everything), encoding="utf-8"
    )
    for kind in ("contradicts", "supports"):
        judged = [row for row in rows if row["kind"] == kind and row["judgment"]]
        correct = sum(row["judgment"] == "correct" for row in judged)
        sampled = sum(row["kind"] == kind for row in rows)
        if judged:
            print(
                f"{kind}: judged {len(judged)} of {sampled} sampled, correct {correct} ({correct / len(judged):.0%})"
            )
        else:
            print(f"{kind}: not judged yet ({sampled} sampled)")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
