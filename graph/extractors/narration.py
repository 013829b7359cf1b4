"""Narration: what the article states in its own voice, as claims of the publisher.

A sentence (or the part of it before an attribution starts) that no attribution covers,
whose main verb has a subject and which mentions an entity, is an assertion the article
makes itself: "However, the Pentagon's position appears to contradict other statements".
It becomes an Attribution with ``narrated=True``, mode "indirect", no speaker and no cue
(unless its verb is one of saying or thinking); the builder makes the publisher (or the
document) its claimant. Questions,
fragments and page furniture are left out. The facts of narrated claims are extracted here
too, so they exist whichever order the extractors run in.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from graph.extractors import facts as facts_module
from graph.extractors import stance
from graph.extractors._lexicon import doc_text
from graph.extractors._registry import register
from graph.extractors.attributions import is_cue_verb
from graph.records import Attribution, Extraction, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_WORDS = 5
_TRIM = " \t\n,;:—–-"


@register("narration", requires=("attributions",), produces=("narration",))
def make_narration():  # type: ignore[no-untyped-def]
    """Build the narration extractor."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        narrated = find_narration(doc, so_far)
        if not narrated:
            return so_far
        attributions = tuple(
            sorted(
                (*so_far.attributions, *narrated),
                key=lambda a: (a.content[0].start if a.content else 0, a.id),
            )
        )
        ex = dataclasses.replace(so_far, attributions=attributions)
        index = facts_module.mention_index(ex)
        new_facts = [f for a in narrated for f in facts_module.facts_for(doc, ex, a, index)]
        return dataclasses.replace(ex, facts=(*so_far.facts, *new_facts))

    return extract


def find_narration(doc: Doc, ex: Extraction) -> list[Attribution]:
    """Narrated claims: sentence parts outside every attribution that assert something about an entity."""
    taken: list[tuple[int, int]] = []
    for a in ex.attributions:
        for span in (*a.content, *a.cue, *a.source):
            taken.append((span.start, span.end))
    furniture = [(s.start, s.end) for s in ex.document.furniture]
    out: list[Attribution] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if any(s < end and start < e for s, e in furniture):
            continue
        if any(s < end and start < e for s, e in taken):
            continue  # part of an attribution: the article is reporting, not asserting
        span = _trim(doc_text(doc), start, end)
        if span is None:
            continue
        s, e = span
        if doc_text(doc)[s:e].rstrip().endswith("?") or len(doc_text(doc)[s:e].split()) < MIN_WORDS:
            continue
        root = sent.root
        if (
            root.idx >= e
            or root.pos_ not in ("VERB", "AUX")
            or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
        ):
            continue
        mentioned = sorted({m.entity for m in ex.mentions if s <= m.span.start and m.span.end <= e})
        if not mentioned:
            continue
        content = [(s, e)]
        # "X kills four", "met Y to discuss": the article states it; no one is quoted, so
        # the verb is no cue (a verb of saying or thinking stays one: "it is understood").
        speech = is_cue_verb(root, allow_think=True)
        out.append(
            Attribution(
                id=f"n{s}-{e}",
                mode="indirect",
                cue=(Span(start=root.idx, end=root.idx + len(root.text)),) if speech else (),
                content=(Span(start=s, end=e),),
                cue_lemma=root.lemma_.lower() if speech else None,
                polarity=stance.clause_polarity(root),
                certainty=stance.certainty(doc, root, content),
                about=tuple(mentioned),
                tense=stance.clause_tense(root),
                narrated=True,
            )
        )
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in ".!"):
        end -= 1
    return (start, end) if end > start else None
