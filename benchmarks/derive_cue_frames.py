"""Derive the attribution cue-frame lexicon by counting over the PolNeAR train split.

For every verb or noun in the train texts and every frame it heads (a clausal
complement ``ccomp``/``xcomp``, a direct object ``dobj``, a prepositional object
``prep:<word>``, a noun's clause ``n:acl``/``n:ccomp``), count how often that token is
part of a hand-annotated attribution cue. The extractor keeps the frames whose rate
is high enough. This is the "count cue words over train to choose a lexicon" step:
no text and no model leaves PolNeAR, only (lemma, frame, hits, occurrences) rows.

    python benchmarks/derive_cue_frames.py [--polnear ../shared/polnear] [--cache PATH]

Writes graph/extractors/data/cue_frames.tsv (sorted, deterministic). Skips cleanly
when the corpus is absent.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "graph" / "extractors" / "data" / "cue_frames.tsv"
MIN_HITS = 3


def gold_cue_chars(ann_dir: Path, name: str) -> set[int]:
    files = sorted(ann_dir.glob(f"{name}_*.ann"))
    if not files:
        return set()
    chars: set[int] = set()
    for line in files[0].read_text(encoding="utf-8").splitlines():
        m = re.match(r"^T\d+\tCue ([\d ;]+)\t", line)
        if m:
            for part in m.group(1).split(";"):
                s, e = (int(x) for x in part.split())
                chars.update(range(s, e))
    return chars


def frames(token) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    deps = {c.dep_ for c in token.children}
    for dep in ("ccomp", "xcomp", "dobj"):
        if dep in deps:
            out.append(dep)
    for child in token.children:
        if child.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") for g in child.children):
            out.append("prep:" + child.lower_)
    if token.pos_ == "NOUN":
        out += sorted({"n:" + c.dep_ for c in token.children if c.dep_ in ("acl", "ccomp")})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", default=str(ROOT.parent / "shared" / "polnear"))
    parser.add_argument("--cache", default=None, help="a spaCy DocBin of the parsed train texts to reuse")
    args = parser.parse_args()
    text_dir = Path(args.polnear) / "data" / "train" / "text"
    ann_dir = Path(args.polnear) / "data" / "train" / "attributions"
    if not text_dir.is_dir():
        print(f"skipped: {text_dir} not found", file=sys.stderr)
        return 0
    sys.path.insert(0, str(ROOT))
    from graph import nlp
    from graph.extractors.quotes import find_quotes

    names = sorted(p.stem for p in text_dir.glob("*.txt"))
    model = nlp.load()
    if args.cache and os.path.exists(args.cache):
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(args.cache).get_docs(model.vocab))
    else:
        texts = [(text_dir / f"{n}.txt").read_text(encoding="utf-8") for n in names]
        docs = list(nlp.parse(texts))
    hits: collections.Counter[tuple[str, str, str]] = collections.Counter()
    seen: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for name, doc in zip(names, docs, strict=True):
        cue = gold_cue_chars(ann_dir, name)
        quoted = {i for q in find_quotes(doc.text) for i in range(q.start, q.end)}
        for token in doc:
            # Cues inside quotations belong to the quote's own attribution and are never
            # taken by the extractor, so they would only blur the rates.
            if token.pos_ not in ("VERB", "NOUN") or token.idx in quoted:
                continue
            hit = any(i in cue for i in range(token.idx, token.idx + len(token.text)))
            for frame in frames(token):
                key = (token.pos_, token.lemma_.lower(), frame)
                seen[key] += 1
                hits[key] += hit
    rows = sorted((k for k in seen if hits[k] >= MIN_HITS), key=lambda k: k)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(
            "# pos\tlemma\tframe\thits\toccurrences  (counted over PolNeAR train by benchmarks/derive_cue_frames.py)\n"
        )
        for pos, lemma, frame in rows:
            handle.write(
                f"{pos}\t{lemma}\t{frame}\t{hits[(pos, lemma, frame)]}\t{seen[(pos, lemma, frame)]}\n"
            )
    print(f"wrote {OUT} ({len(rows)} frames)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
