"""Contradictions and supports on the project's own stories: precision and recall per relation.

Builds one graph of a set of articles (``benchmarks/relations/dev`` by default; each article
may have a NAME.meta.json sidecar with its date and publisher) and compares the claim pairs
the graph links with the pairs of ``gold.jsonl``. A gold pair names two claims by a quote
inside each; a graph claim stands for a gold claim when its content covers the quote.

* precision of a relation = linked pairs that gold gives the same relation / linked pairs;
  a linked pair between claims gold does not relate at all counts against it;
* recall = gold pairs of that relation linked with that relation / gold pairs.

Same-speaker pairs are kept and scored like the others (the graph marks them).

    python benchmarks/relations_eval.py [--set dev|DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "benchmarks" / "relations"

PAIRS = """
PREFIX kg: <https://example.org/kg/ns#>
SELECT ?kind ?c1 ?c2 ?reason WHERE {
  ?r a kg:ClaimRelation ; kg:relationKind ?k ; kg:relates ?c1, ?c2 .
  FILTER(STR(?c1) < STR(?c2))
  OPTIONAL { ?r kg:reason ?reason }
  BIND(REPLACE(STR(?k), "^.*[#/]", "") AS ?kind)
}
"""
CLAIMS = """
PREFIX kg: <https://example.org/kg/ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
SELECT ?c ?doc ?start ?end ?text WHERE {
  ?c a kg:Claim ; kg:inDocument ?d ; kg:contentEvidence ?ev ; schema:text ?text .
  ?d schema:name ?doc .
  ?ev oa:hasSelector ?sel . ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="dev", help="dev, or a folder with *.txt and gold.jsonl")
    parser.add_argument("--verbose", action="store_true", help="list every wrong and every missed pair")
    args = parser.parse_args()
    set_dir = Path(args.set) if Path(args.set).is_dir() else SETS / args.set
    if not (set_dir / "gold.jsonl").is_file():
        print(f"skipped: no gold.jsonl in {set_dir}")
        return 0
    import graph

    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(set_dir.glob("*.txt"))}
    kg = graph.build([str(set_dir)], progress=False)
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    claim_text: dict[str, str] = {}
    for c, doc, start, end, text in kg.query(CLAIMS).rows:
        spans[c].append((doc, int(start), int(end)))
        claim_text[c] = text
    linked = [(kind, c1, c2, reason) for kind, c1, c2, reason in kg.query(PAIRS).rows]

    def claims_at(doc: str, quote: str) -> set[str]:
        start = texts[doc].find(quote)
        if start < 0:
            sys.exit(f"{doc}: quote not found: {quote!r}")
        end = start + len(quote)
        return {
            c for c, parts in spans.items() if any(d == doc and s < end and start < e for d, s, e in parts)
        }

    gold = [json.loads(line) for line in (set_dir / "gold.jsonl").read_text().splitlines() if line.strip()]
    gold_kind: dict[frozenset[str], str] = {}
    gold_note: dict[frozenset[str], dict] = {}
    missing_claims = 0
    for g in gold:
        a, b = claims_at(g["a"]["doc"], g["a"]["quote"]), claims_at(g["b"]["doc"], g["b"]["quote"])
        if not a or not b:
            missing_claims += 1
        for x in a:
            for y in b:
                if x != y:
                    key = frozenset((x, y))
                    gold_kind.setdefault(key, g["kind"])
                    gold_note[key] = g
    by_gold: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_gold[g["kind"]].append(g)
    lines = []
    print(f"set: {set_dir.relative_to(ROOT) if set_dir.is_relative_to(ROOT) else set_dir}")
    print(f"articles {len(texts)}, gold pairs {len(gold)} ({missing_claims} with a claim the graph lacks)")
    print(
        f"{'relation':<12} {'linked':>6} {'right':>6} {'precision':>9} | {'gold':>5} {'found':>5} {'recall':>6}"
    )
    for kind in ("contradicts", "supports"):
        ours = [(c1, c2, reason) for k, c1, c2, reason in linked if k == kind]
        right = [p for p in ours if gold_kind.get(frozenset(p[:2])) == kind]
        found = 0
        for g in by_gold[kind]:
            a, b = claims_at(g["a"]["doc"], g["a"]["quote"]), claims_at(g["b"]["doc"], g["b"]["quote"])
            hit = any(frozenset((x, y)) in {frozenset(p[:2]) for p in ours} for x in a for y in b if x != y)
            found += hit
            if not hit and args.verbose:
                lines.append(
                    f"MISSED {kind}: [{g.get('note')}] {g['a']['doc']}: {g['a']['quote']!r} / "
                    f"{g['b']['doc']}: {g['b']['quote']!r}"
                )
        if args.verbose:
            for c1, c2, reason in ours:
                if gold_kind.get(frozenset((c1, c2))) != kind:
                    why = gold_kind.get(frozenset((c1, c2)), "not related")
                    lines.append(
                        f"WRONG {kind} (gold: {why}): {claim_text.get(c1, c1)[:80]!r} / "
                        f"{claim_text.get(c2, c2)[:80]!r} -- {reason}"
                    )
        precision = len(right) / len(ours) if ours else 0.0
        recall = found / len(by_gold[kind]) if by_gold[kind] else 0.0
        print(f"{kind:<12} {len(ours):>6} {len(right):>6} {precision:>9.3f} | {len(by_gold[kind]):>5} "
              f"{found:>5} {recall:>6.3f}")  # fmt: skip
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
