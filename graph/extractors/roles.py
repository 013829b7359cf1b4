"""Roles: a person's title and organization, from premodifiers and appositions.

"State Department spokesperson Matthew Miller", "Secretary of State Antony Blinken",
"Ukrainian President Volodymyr Zelensky", "Maj. Gen. Pat Ryder",
"X, a spokesman for Y, said", "X, the Y's chief of staff".
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from graph.extractors._lexicon import TITLE_ABBREVIATIONS, TITLE_NOUNS
from graph.extractors._registry import register
from graph.records import Extraction, Mention, Role, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_MODIFIER_DEPS = {
    "compound",
    "amod",
    "nmod",
    "nn",
    "appos",
    "poss",
    "prep",
    "pobj",
    "det",
    "punct",
    "cc",
    "conj",
}
_ORG_PREPS = {"for", "of", "at", "with", "in", "to"}
_SKIP_WORDS = {
    "former",
    "then",
    "acting",
    "interim",
    "current",
    "new",
    "longtime",
    "top",
    "senior",
    "chief",
    "deputy",
    "vice",
}


@register("roles", requires=("mentions",), produces=("roles",))
def make_roles():  # type: ignore[no-untyped-def]
    """Build the role extractor."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        return dataclasses.replace(so_far, roles=find_roles(doc, so_far))

    return extract


def expand_title(words: list[str]) -> str:
    """Join title words, expanding abbreviations ("Maj. Gen." -> "Major General")."""
    joined: list[str] = []
    for w in words:
        if w == "." and joined:
            joined[-1] += "."
        else:
            joined.append(w)
    return " ".join(
        TITLE_ABBREVIATIONS.get(w.lower(), TITLE_ABBREVIATIONS.get(w.lower() + ".", w)) for w in joined
    )


def _is_title_word(token: Token) -> bool:
    low = token.lower_
    return (
        low in TITLE_NOUNS
        or low in TITLE_ABBREVIATIONS
        or (low + "." in TITLE_ABBREVIATIONS and token.nbor(1).text == ".")
    )


def find_roles(doc: Doc, ex: Extraction) -> tuple[Role, ...]:
    types = {e.id: e.type for e in ex.entities}
    by_start: dict[int, list[Mention]] = {}
    for m in ex.mentions:
        by_start.setdefault(m.span.start, []).append(m)
    token_mention = _token_mentions(doc, ex.mentions)
    roles: dict[str, Role] = {}
    for mention in ex.mentions:
        if types.get(mention.entity) != "person" or mention.kind not in ("name", "surname"):
            continue
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            continue
        for role in (
            _premodifier_role(doc, span, mention, token_mention, types),
            _apposition_role(doc, span, mention, token_mention, types),
        ):
            if role is not None:
                key = (role.person, role.title.lower(), role.organization)
                rid = f"{role.person}|{role.title.lower()}|{role.organization or ''}"
                if rid not in roles:
                    roles[rid] = role
                _ = key
    return tuple(sorted(roles.values(), key=lambda r: (r.span.start, r.id)))


def _token_mentions(doc: Doc, mentions) -> dict[int, Mention]:  # type: ignore[no-untyped-def]
    out: dict[int, Mention] = {}
    for m in mentions:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            current = out.get(token.i)
            # Prefer the narrower mention (the place "Ukraine" over the group "Ukrainian forces").
            if current is None or len(m.span) < len(current.span):
                out[token.i] = m
    return out


def _org_of(token_mention, tokens, types) -> str | None:  # type: ignore[no-untyped-def]
    for token in tokens:
        m = token_mention.get(token.i)
        if m is not None and types.get(m.entity) in ("organization", "place"):
            return m.entity
    return None


def _premodifier_role(doc, span, mention, token_mention, types) -> Role | None:  # type: ignore[no-untyped-def]
    """Words right before the name that form a title: '[State Department spokesperson] Matthew Miller'."""
    i = span.start - 1
    window: list[Token] = []
    sent_start = span.sent.start
    while i >= sent_start and len(window) < 8:
        token = doc[i]
        if token.is_punct and not (token.text == "." and i > 0 and doc[i - 1].whitespace_ == ""):
            break
        if (
            token.pos_ in ("VERB", "AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "NUM")
            and token.lower_ != "of"
        ):
            break
        if token.ent_type_ == "PERSON":
            break
        window.insert(0, token)
        i -= 1
    while window and window[0].lower_ == "of":
        window.pop(0)
    if not window:
        return None
    # The title runs from the first title word to the name; organization words before it.
    title_start = None
    for k, token in enumerate(window):
        if _is_title_word(token):
            title_start = k
            break
    if title_start is None:
        return None
    # Keep qualifiers attached to the title: "former", "deputy", and capitalized words that
    # name no organization or place ("Prime Minister", "Finance Minister").
    while title_start > 0 and (
        window[title_start - 1].lower_ in _SKIP_WORDS
        or (
            window[title_start - 1].text[:1].isupper()
            and window[title_start - 1].pos_ in ("PROPN", "ADJ", "NOUN")
            and not window[title_start - 1].ent_type_
            and window[title_start - 1].i not in token_mention
        )
    ):
        title_start -= 1
    title_tokens = window[title_start:]
    # A title must end in a title word or in "of <Org>" ("Secretary of State").
    last = title_tokens[-1] if title_tokens[-1].text != "." or len(title_tokens) < 2 else title_tokens[-2]
    if not (
        _is_title_word(last)
        or last.lower_ in TITLE_ABBREVIATIONS
        or any(t.lower_ == "of" for t in title_tokens)
    ):
        return None
    words = [t.text for t in title_tokens if t.lower_ not in ("former", "then")]
    title = expand_title(words)
    org = _org_of(token_mention, window[:title_start], types)
    if org is None:
        org = _org_of(token_mention, [t for t in title_tokens if t.lower_ not in TITLE_NOUNS], types)
        if org is not None and any(t.lower_ == "of" for t in title_tokens):
            org = None  # "Secretary of State": the org is part of the title itself
    start = window[title_start].idx if title_start < len(window) else span.start_char
    start = min(start, window[0].idx) if org else start
    return Role(
        id=f"{mention.entity}|{title.lower()}|{org or ''}",
        person=mention.entity,
        title=title,
        organization=org,
        span=Span(start=start, end=span.end_char),
    )


def _apposition_role(doc, span, mention, token_mention, types) -> Role | None:  # type: ignore[no-untyped-def]
    """'Matthew Miller, a spokesman for the State Department, said'."""
    root = span.root
    appos = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
    if not appos and span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        if nxt.lower_ in ("a", "an", "the") or nxt.tag_ in ("PRP$",):
            head = nxt.head
            if head.lower_ in TITLE_NOUNS and head.i > span.end:
                appos = [head]
    for head in appos:
        if head.lower_ not in TITLE_NOUNS:
            continue
        mods = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
        title_words = [
            c
            for c in mods
            if c.lower_ in TITLE_NOUNS
            or c.lower_ in ("press", "deputy", "vice", "chief", "senior", "former", "assistant")
        ]
        title = expand_title([t.text for t in title_words] + [head.text])
        org = _org_of(token_mention, [t for m in mods for t in m.subtree], types)
        if org is None:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in _ORG_PREPS:
                    org = _org_of(token_mention, list(prep.subtree), types)
                    if org:
                        break
        end = max(t.i for t in head.subtree)
        return Role(
            id=f"{mention.entity}|{title.lower()}|{org or ''}",
            person=mention.entity,
            title=title,
            organization=org,
            span=Span(start=span.start_char, end=doc[end].idx + len(doc[end].text)),
        )
    return None
