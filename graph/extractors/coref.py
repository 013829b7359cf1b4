"""Coreference for the people who speak: pronouns and title nominals.

"He noted ..." -> the person most recently in subject position before it;
"the Ukrainian president" / "the Ukrainian leader" -> the person whose role has that
title (or, for "leader", any head-of-state title) in that country. Surnames are
already merged by the entity extractor.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from graph.extractors._lexicon import LEADER_TITLES, PERSON_PRONOUNS, TITLE_NOUNS, doc_text
from graph.extractors._registry import register
from graph.records import Extraction, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

# How far back (in characters) a pronoun may look for its antecedent: about two paragraphs.
_PRONOUN_WINDOW = 1200


@register("coref", requires=("mentions", "roles"), produces=("coref",))
def make_coref():  # type: ignore[no-untyped-def]
    """Build the coreference extractor."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        extra = resolve(doc, so_far)
        if not extra:
            return so_far
        mentions = tuple(
            sorted((*so_far.mentions, *extra), key=lambda m: (m.span.start, m.span.end, m.entity))
        )
        return dataclasses.replace(so_far, mentions=mentions)

    return extract


def resolve(doc: Doc, ex: Extraction) -> list[Mention]:
    types = {e.id: e.type for e in ex.entities}
    places = {e.id: e for e in ex.entities if e.type == "place"}
    person_mentions = sorted(
        (m for m in ex.mentions if types.get(m.entity) == "person"), key=lambda m: m.span.start
    )
    roles_by_person: dict[str, list[tuple[str, str | None]]] = {}
    for role in ex.roles:
        roles_by_person.setdefault(role.person, []).append((role.title.lower(), role.organization))
    # Subject positions of person mentions: antecedents in subject position win.
    subject_starts: set[int] = set()
    for m in person_mentions:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            subject_starts.add(m.span.start)
    taken = {(m.span.start, m.span.end) for m in ex.mentions}
    out: list[Mention] = []
    resolved: list[Mention] = list(person_mentions)

    def antecedent(before: int) -> str | None:
        candidates = [
            m for m in resolved if m.span.end <= before and before - m.span.start <= _PRONOUN_WINDOW
        ]
        if not candidates:
            return None
        # Prefer the latest subject-position mention in the current or previous sentence.
        sent_start = _sentence_start(doc, before)
        prev_start = _sentence_start(doc, sent_start - 1) if sent_start > 0 else 0
        recent = [m for m in candidates if m.span.start >= prev_start]
        subjects = [m for m in recent if m.span.start in subject_starts or m.kind in ("pronoun", "nominal")]
        pool = subjects or recent or candidates
        return pool[-1].entity

    for token in doc:
        if (token.idx, token.idx + len(token.text)) in taken:
            continue
        low = token.lower_
        if low in PERSON_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass", "poss"):
            if _in_quote(doc, token.idx):
                continue
            entity = antecedent(token.idx)
            if entity is not None:
                m = Mention(
                    id=f"m{token.idx}-{token.idx + len(token.text)}",
                    entity=entity,
                    span=Span(start=token.idx, end=token.idx + len(token.text)),
                    text=token.text,
                    kind="pronoun",
                )
                out.append(m)
                _insert(resolved, m)
                if token.dep_ != "poss":
                    subject_starts.add(token.idx)
            continue
        if low in TITLE_NOUNS and token.pos_ in ("NOUN", "PROPN") and token.ent_type_ != "PERSON":
            det = [c for c in token.lefts if c.dep_ == "det" and c.lower_ in ("the", "this", "that")]
            if not det or any(c.dep_ in ("poss",) for c in token.lefts):
                continue
            if any(t.ent_type_ == "PERSON" for t in token.subtree if t.i != token.i):
                continue
            country = None
            for left in token.lefts:
                ent = doc[left.i : left.i + 1]
                if left.ent_type_ in ("NORP", "GPE") and left.ent_kb_id_:
                    from graph import gazetteer

                    place = gazetteer.by_key().get(left.ent_kb_id_)
                    if place is not None:
                        country = next((pid for pid, p in places.items() if place.key in p.codes), None)
                _ = ent
            entity = _by_title(person_mentions + out, roles_by_person, low, country, token.idx)
            if entity is None:
                continue
            start = det[0].idx
            end = token.idx + len(token.text)
            m = Mention(
                id=f"m{start}-{end}",
                entity=entity,
                span=Span(start=start, end=end),
                text=doc_text(doc)[start:end],
                kind="nominal",
            )
            out.append(m)
            _insert(resolved, m)
            if token.dep_ in ("nsubj", "nsubjpass"):
                subject_starts.add(start)
    return out


def _insert(mentions: list[Mention], m: Mention) -> None:
    mentions.append(m)
    mentions.sort(key=lambda x: x.span.start)


def _by_title(mentions, roles_by_person, noun: str, country: str | None, before: int) -> str | None:  # type: ignore[no-untyped-def]
    best = None
    for m in sorted(mentions, key=lambda x: x.span.start):
        if m.span.start >= before:
            break
        for title, org in roles_by_person.get(m.entity, ()):
            head = title.split()[-1] if title else ""
            title_ok = head == noun or (noun == "leader" and head in LEADER_TITLES) or title == noun
            if title_ok and (country is None or org == country):
                best = m.entity
    return best


def _sentence_start(doc: Doc, char: int) -> int:
    span = doc.char_span(char, min(char + 1, len(doc_text(doc))), alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0
    return span[0].sent.start_char


def _in_quote(doc: Doc, char: int) -> bool:
    """Pronouns inside quotation marks refer inside the quote's own frame; leave them."""
    line_start = doc_text(doc).rfind("\n", 0, char) + 1
    before = doc_text(doc)[line_start:char]
    opens = before.count("“") - before.count("”")
    straight = before.count('"') % 2
    return opens > 0 or straight == 1
