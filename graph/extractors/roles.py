"""Roles: a person's title and organization, from premodifiers and appositions.

"State Department spokesperson Matthew Miller", "Secretary of State Antony Blinken",
"Ukrainian President Volodymyr Zelensky", "Maj. Gen. Pat Ryder",
"X, a spokesman for Y, said", "X, the Y's chief of staff".
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from graph.extractors._lexicon import PERSON_NOUNS, TITLE_ABBREVIATIONS, TITLE_NOUNS
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
        low in PERSON_NOUNS
        or low in TITLE_ABBREVIATIONS
        or (low + "." in TITLE_ABBREVIATIONS and token.nbor(1).text == ".")
    )


def find_roles(doc: Doc, ex: Extraction) -> tuple[Role, ...]:
    types = {e.id: e.type for e in ex.entities}
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
            _relative_clause_role(doc, span, mention, token_mention, types),
        ):
            if role is not None:
                roles.setdefault(f"{role.person}|{role.title.lower()}|{role.organization or ''}", role)
    return tuple(sorted(dedupe_roles(roles.values()), key=lambda r: (r.span.start, r.id)))


def dedupe_roles(roles) -> list[Role]:  # type: ignore[no-untyped-def]
    """One role per person and title: "Chief Executive" and "chief executive" are one, and
    a title without an organization goes when the same title with one is known."""
    by_title: dict[tuple[str, str], list[Role]] = {}
    for role in sorted(roles, key=lambda r: (r.span.start, r.id)):
        by_title.setdefault((role.person, role.title.lower()), []).append(role)
    out: list[Role] = []
    for same in by_title.values():
        with_org = [r for r in same if r.organization]
        kept = with_org or same[:1]
        seen: set[str | None] = set()
        for role in kept:
            if role.organization not in seen:
                seen.add(role.organization)
                out.append(role)
    return out


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


_TITLE_MODIFIERS = frozenset(
    """press deputy vice chief senior former assistant acting interim general executive managing
    associate principal lead head junior retired""".split()
)


def _apposition_role(doc, span, mention, token_mention, types) -> Role | None:  # type: ignore[no-untyped-def]
    """'Matthew Miller, a spokesman for the State Department, said'; 'the agency's
    spokeswoman, Clara Weiss,'; 'the governor of Pará state, Rodrigo Amaral'."""
    root = span.root
    heads = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
    if not heads and span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        if nxt.lower_ in ("a", "an", "the") or nxt.tag_ in ("PRP$",):
            head = nxt.head
            if head.lower_ in PERSON_NOUNS and head.i > span.end:
                heads = [head]
    if root.dep_ == "appos" and root.head.i < span.start:
        heads.append(root.head)  # the title comes first
    for head in heads:
        if head.lower_ not in PERSON_NOUNS or head.pos_ not in ("NOUN", "PROPN"):
            continue
        mods = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
        title_words = [
            c
            for c in mods
            if c.dep_ != "poss"
            and c.i not in token_mention
            and (c.lower_ in PERSON_NOUNS or c.lower_ in _TITLE_MODIFIERS or c.pos_ in ("NOUN", "ADJ"))
            and not c.ent_type_
        ]
        # Keep only the modifiers next to the title: "the club's long-serving kit manager".
        words = [t.text for t in sorted(title_words, key=lambda t: t.i) if t.lower_ not in ("former", "then")]
        of_part = _of_complement(head, token_mention)
        title = expand_title([*words, head.text, *of_part])
        org = _org_of(token_mention, [t for m in mods for t in m.subtree], types)
        if org is None:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in _ORG_PREPS:
                    org = _org_of(token_mention, list(prep.subtree), types)
                    if org:
                        break
        lo = min(span.start, head.left_edge.i)
        hi = max(span.end - 1, head.right_edge.i)
        return Role(
            id=f"{mention.entity}|{title.lower()}|{org or ''}",
            person=mention.entity,
            title=title,
            organization=org,
            span=Span(start=doc[lo].idx, end=doc[hi].idx + len(doc[hi].text)),
        )
    return None


def _of_complement(head, token_mention) -> list[str]:  # type: ignore[no-untyped-def]
    """'chair of trustees', 'leader of the council': an "of" that completes the title when
    it names no organization or place of the text."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None or any(t.i in token_mention for t in pobj.subtree):
                return []
            words = [t.text for t in pobj.subtree if t.dep_ != "det" and not t.is_punct]
            return ["of", *words] if 0 < len(words) <= 3 else []
    return []


# Verbs of holding an office: "who heads the team", "who coached Ashford Rovers".
_OFFICE_VERBS = {
    "head": "head",
    "lead": "leader",
    "chair": "chair",
    "coach": "coach",
    "manage": "manager",
    "captain": "captain",
    "direct": "director",
    "found": "founder",
    "run": "head",
    "own": "owner",
}


def _relative_clause_role(doc, span, mention, token_mention, types) -> Role | None:  # type: ignore[no-untyped-def]
    """'Paolo Venturi, who coached Ashford Rovers until May': a role and its organization."""
    for clause in span.root.children:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in _OFFICE_VERBS:
            continue
        if not any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in clause.children):
            continue
        obj = next((c for c in clause.children if c.dep_ == "dobj"), None)
        org = _org_of(token_mention, list(obj.subtree), types) if obj is not None else None
        title = _OFFICE_VERBS[clause.lemma_.lower()]
        if clause.tag_ == "VBD" or any(c.lower_ in ("until", "formerly") for c in clause.subtree):
            title = f"former {title}"
        end = clause.right_edge
        return Role(
            id=f"{mention.entity}|{title}|{org or ''}",
            person=mention.entity,
            title=title,
            organization=org,
            span=Span(start=span.start_char, end=end.idx + len(end.text)),
        )
    return None
