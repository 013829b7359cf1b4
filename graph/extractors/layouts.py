"""Attributions that a page's layout makes, not its sentences.

* An interview written as questions and answers ("Q: …" / "A: …", "Question:" /
  "Answer:"): every answer is a statement of the interviewee, the person the text around
  the questions is about.
* A wire brief ("BRIEF-Acme Corp says …" then bullets "* SAYS Q3 REVENUE ROSE 5 PCT",
  "* ACME CORP SAYS …"): every "says" bullet is a statement of the company it names, else
  of the company the headline names.

Each rule returns :class:`LaidOut` records; the attribution extractor turns them into
attributions like any other.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extractors._lexicon import doc_text
from graph.extractors.quotes import paragraphs

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from graph.records import Extraction

_QUESTION = re.compile(r"^\s*(?:Q|Question)\s*[:.]\s+", re.I)
_ANSWER = re.compile(r"^\s*(?:A|Answer)\s*[:.]\s+", re.I)
_BULLET = re.compile(
    r"^\s*[*•\-–]\s*(?:(?P<name>[A-Z][A-Z0-9&.,'’\- ]{1,60}?)\s+)?(?P<cue>SAYS|SEES|EXPECTS|REPORTS|ANNOUNCES|"
    r"says|sees|expects|reports|announces)\s+(?P<content>\S.{3,})$"
)
# The headline names the company: "BRIEF-Acme Corp says …" (the slug may be blanked as furniture).
_BRIEF = re.compile(
    r"^\s*(?:BRIEF\s*[-–—:]\s*)?(?P<name>.+?)\s+(?:says|sees|reports|announces|posts|expects)\b", re.I
)


@dataclass(frozen=True, slots=True)
class LaidOut:
    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    speaker: str | None  # Entity.id


def interview_answers(doc: Doc, ex: Extraction) -> list[LaidOut]:
    """'Q: …' / 'A: …': the answers, spoken by the person the interview is with."""
    text = doc_text(doc)
    paras = paragraphs(text)
    questions = [p for p in paras if _QUESTION.match(text[p[0] : p[1]])]
    answers = [(p, m) for p in paras if (m := _ANSWER.match(text[p[0] : p[1]]))]
    if not questions or not answers:
        return []
    laid_out = {(s, e) for s, e in questions} | {p for p, _ in answers}
    interviewee = _most_named(ex, "person", exclude=laid_out)
    out = []
    for (start, end), m in answers:
        label_end = start + len(m.group(0).rstrip())
        content_start = start + m.end()
        if end - content_start < 8:
            continue
        out.append(
            LaidOut(cue=(start, label_end), content=(content_start, end), source=None, speaker=interviewee)
        )
    return out


def brief_bullets(doc: Doc, ex: Extraction) -> list[LaidOut]:
    """'* SAYS Q3 REVENUE ROSE 5 PCT': a wire brief's bullets, said by the company."""
    text = doc_text(doc)
    paras = paragraphs(text)
    if not paras:
        return []
    bullets = [(p, m) for p in paras if (m := _BULLET.match(text[p[0] : p[1]]))]
    if not any(m.group("cue").isupper() for _, m in bullets):
        return []  # a brief's bullets are in capitals; other lists are not briefs
    headline = text[paras[0][0] : paras[0][1]]
    brief = _BRIEF.match(headline)
    default = _organization_named(ex, brief.group("name")) if brief else None
    out = []
    for (start, end), m in bullets:
        speaker, source = default, None
        if m.group("name"):
            named = _organization_named(ex, m.group("name"))
            speaker = named or speaker
            source = (start + m.start("name"), start + m.end("name"))
        out.append(
            LaidOut(
                cue=(start + m.start("cue"), start + m.end("cue")),
                content=(start + m.start("content"), end),
                source=source,
                speaker=speaker,
            )
        )
    return out


def _most_named(ex: Extraction, kind: str, *, exclude: set[tuple[int, int]]) -> str | None:
    types = {e.id: e.type for e in ex.entities}
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in ex.mentions:
        if types.get(m.entity) != kind or any(s <= m.span.start < e for s, e in exclude):
            continue
        counts[m.entity] += 1
        first.setdefault(m.entity, m.span.start)
    if not counts:
        return None
    return min(counts, key=lambda e: (-counts[e], first[e]))


def _organization_named(ex: Extraction, words: str) -> str | None:
    """The organization whose name or alias the words are, in any case."""
    key = " ".join(words.lower().replace(",", " ").split())
    for e in ex.entities:
        if e.type == "organization" and key in {e.name.lower(), *(a.lower() for a in e.aliases)}:
            return e.id
    for e in ex.entities:  # "ACME CORP" for "Acme Corp Inc", "VELTRIX" for "Veltrix Pharma"
        if e.type == "organization" and (
            e.name.lower().startswith(key + " ") or key.startswith(e.name.lower())
        ):
            return e.id
    return None
