"""Speaker resolution on the project's own evaluation articles: who said each statement.

Runs ``kg extract --format jsonl`` over a set of short articles (``benchmarks/speakers/dev``
by default, ``--set holdout`` for the held-out one, or any folder with the same layout) and
scores each gold statement of ``gold.jsonl``:

* a statement is *found* when an attribution's content overlaps its quote;
* speaker-entity **precision**: of the found statements whose attribution names a speaker
  entity, the share naming the right one (a named entity on an unnamed source is wrong);
* speaker-entity **recall**: of the statements with a named speaker, the share found with
  the right entity;
* type and role: of the right speakers, the share with the gold type, and (where the gold
  gives a role) with a role of that title.

Extra attributions (no gold statement under them) that name an entity are counted and
listed with ``--verbose``; ``strict precision`` charges them too.

    python benchmarks/speakers.py [--set dev|holdout|DIR] [--verbose] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "benchmarks" / "speakers"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"^(the)\s+", "", text.strip())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass
class Outcome:
    found: bool = False
    predicted: str | None = None  # the predicted entity's name
    right: bool = False
    type_ok: bool | None = None
    role_ok: bool | None = None


@dataclass
class Tally:
    gold: int = 0
    named: int = 0
    found: int = 0
    with_entity: int = 0
    right_with_entity: int = 0
    right_named: int = 0
    type_ok: int = 0
    role_gold: int = 0
    role_ok: int = 0
    extra_with_entity: int = 0
    phenomena: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def precision(self, strict: bool = False) -> float:
        den = self.with_entity + (self.extra_with_entity if strict else 0)
        return self.right_with_entity / den if den else 0.0

    def recall(self) -> float:
        return self.right_named / self.named if self.named else 0.0


def run_extract(files: list[Path]) -> dict[str, dict]:
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    done = subprocess.run(
        [kg, "extract", "--format", "jsonl", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 3):
        sys.exit(f"kg extract failed ({done.returncode}): {done.stderr.strip()[:500]}")
    out = {}
    for line in done.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["doc"]] = record
    return out


def names_of(entity: dict) -> set[str]:
    return {fold(entity["name"]), *(fold(a) for a in entity.get("aliases", []))}


def role_titles(record: dict, entity_id: str) -> list[str]:
    return [r["title"].lower() for r in record.get("roles", []) if r.get("person") == entity_id]


def score(set_dir: Path, verbose: bool) -> tuple[Tally, list[str]]:
    gold = [json.loads(line) for line in (set_dir / "gold.jsonl").read_text().splitlines() if line.strip()]
    files = sorted(set_dir.glob("*.txt"))
    texts = {f.stem: f.read_text(encoding="utf-8") for f in files}
    predictions = run_extract(files)
    tally = Tally()
    lines: list[str] = []
    claimed: dict[str, set[int]] = defaultdict(set)
    for g in gold:
        doc = g["doc"]
        text = texts[doc]
        start = text.find(g["quote"])
        if start < 0:
            sys.exit(f"{doc}: quote not found: {g['quote']!r}")
        end = start + len(g["quote"])
        record = predictions.get(doc, {"attributions": [], "entities": []})
        entities = {e["id"]: e for e in record["entities"]}
        best, best_overlap = None, 0
        for index, a in enumerate(record["attributions"]):
            overlap = sum(max(0, min(e, end) - max(s, start)) for s, e in a["content"])
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        tag = g.get("phenomenon") or "other"
        tally.gold += 1
        named = g.get("speaker") is not None
        tally.named += named
        outcome = Outcome()
        if best is not None:
            claimed[doc].add(best)
            a = record["attributions"][best]
            outcome.found = True
            tally.found += 1
            entity = entities.get(a["speaker"]) if a.get("speaker") else None
            if entity is not None:
                tally.with_entity += 1
                outcome.predicted = entity["name"]
                gold_names = {fold(n) for n in [g["speaker"] or "", *g.get("also", [])] if n}
                outcome.right = named and bool(names_of(entity) & gold_names)
                if outcome.right:
                    tally.right_with_entity += 1
                    tally.right_named += 1
                    outcome.type_ok = g.get("type") in (None, entity["type"])
                    tally.type_ok += bool(outcome.type_ok)
                    if g.get("role"):
                        tally.role_gold += 1
                        titles = role_titles(record, a["speaker"])
                        want = fold(g["role"])
                        outcome.role_ok = any(want in fold(t) or fold(t) in want for t in titles)
                        tally.role_ok += bool(outcome.role_ok)
            elif not named:
                outcome.right = True
            else:
                outcome.predicted = a.get("speaker_name")
        tally.phenomena[tag]["n"] += 1
        tally.phenomena[tag]["right"] += outcome.right
        if verbose and not (outcome.right and outcome.type_ok is not False and outcome.role_ok is not False):
            lines.append(
                f"{doc}: [{tag}] gold={g.get('speaker')!r} ({g.get('type')}, role={g.get('role')!r}) "
                f"pred={outcome.predicted!r} found={outcome.found} type_ok={outcome.type_ok} "
                f"role_ok={outcome.role_ok} :: {g['quote']!r}"
            )
    for doc, record in predictions.items():
        entities = {e["id"]: e for e in record["entities"]}
        for index, a in enumerate(record["attributions"]):
            if index in claimed[doc] or not a.get("speaker"):
                continue
            tally.extra_with_entity += 1
            if verbose:
                s, e = a["content"][0][0], a["content"][-1][1]
                name = entities.get(a["speaker"], {}).get("name")
                lines.append(f"{doc}: [extra] {name!r} :: {texts[doc][s:e][:80]!r}")
    return tally, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", help="dev, holdout, or a folder with *.txt and gold.jsonl")
    parser.add_argument("--verbose", action="store_true", help="list every miss and every extra attribution")
    parser.add_argument("--json", help="also write the figures as JSON to this file")
    args = parser.parse_args()
    set_dir = Path(args.set) if Path(args.set).is_dir() else SETS / args.set
    if not (set_dir / "gold.jsonl").is_file():
        print(f"skipped: no gold.jsonl in {set_dir}")
        return 0
    tally, lines = score(set_dir, args.verbose)
    for line in lines:
        print(line)
    figures = {
        "articles": len(list(set_dir.glob("*.txt"))),
        "statements": tally.gold,
        "named": tally.named,
        "found": tally.found,
        "precision": round(tally.precision(), 3),
        "strict_precision": round(tally.precision(strict=True), 3),
        "recall": round(tally.recall(), 3),
        "extra_with_entity": tally.extra_with_entity,
        "type_accuracy": round(tally.type_ok / tally.right_named, 3) if tally.right_named else 0.0,
        "role_accuracy": round(tally.role_ok / tally.role_gold, 3) if tally.role_gold else 0.0,
    }
    print(f"\nset: {set_dir.relative_to(ROOT) if set_dir.is_relative_to(ROOT) else set_dir}")
    print(f"{'phenomenon':<20} {'right':>5} / {'n':>3}")
    for tag, counts in sorted(tally.phenomena.items()):
        print(f"{tag:<20} {counts['right']:>5} / {counts['n']:>3}")
    print()
    for key, value in figures.items():
        print(f"{key:<18} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
