"""Circumstances and stance of one attribution: occasion, date phrase, polarity, certainty.

Occasion and date hang from the cue ("said during a press briefing on Monday",
"said in an interview with Japan's Kyodo News agency on Sunday", "In Sunday's
interview, Zelensky said"); polarity and certainty are read in the content and on
the cue ("we've not seen", "did not confirm"; "very likely", "may", "appears").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extractors._lexicon import doc_text
from graph.records import Certainty, Polarity, Span, Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

OCCASION_NOUNS: frozenset[str] = frozenset(
    [
        "briefing",
        "interview",
        "conference",
        "statement",
        "speech",
        "rally",
        "hearing",
        "meeting",
        "debate",
        "appearance",
        "summit",
        "event",
        "address",
        "remarks",
        "post",
        "tweet",
        "podcast",
        "show",
        "call",
        "session",
        "visit",
        "ceremony",
        "town-hall",
        "townhall",
        "op-ed",
        "oped",
        "column",
        "letter",
        "memo",
        "report",
        "testimony",
        "broadcast",
        "program",
        "programme",
        "press",
        "release",
        "announcement",
        "forum",
        "panel",
        "convention",
        "campaign",
        "stop",
        "visit",
        "trip",
        "broadcast",
        "radio",
        "television",
        "tv",
        "newspaper",
    ]
)
NEGATIONS: frozenset[str] = frozenset(
    ["not", "n't", "never", "no", "nobody", "nothing", "none", "neither", "nor", "without"]
)
NEGATIVE_CUES: frozenset[str] = frozenset(
    ["deny", "denied", "denies", "denying", "dismiss", "dismissed", "reject", "rejected", "refute", "refuted"]
)
HEDGES_PROBABLE: frozenset[str] = frozenset(
    [
        "likely",
        "probably",
        "presumably",
        "apparently",
        "reportedly",
        "allegedly",
        "expect",
        "expects",
        "expected",
        "believe",
        "believes",
        "supposedly",
        "think",
        "thinks",
    ]
)
HEDGES_POSSIBLE: frozenset[str] = frozenset(
    [
        "may",
        "might",
        "could",
        "possibly",
        "perhaps",
        "maybe",
        "appear",
        "appears",
        "appeared",
        "seem",
        "seems",
        "seemed",
        "suggest",
        "suggests",
        "suggested",
        "unclear",
        "uncertain",
    ]
)
_PREPS = frozenset(["during", "in", "at", "on", "at", "via", "through", "before", "after"])
# "no troops", "nobody", "nothing": a negative argument negates its clause.
NEGATIVE_PRONOUNS: frozenset[str] = frozenset(["nobody", "nothing", "none", "no-one", "noone"])
# Verbs that negate the clause they embed ("denied that ...", "refused to ...").
NEGATIVE_VERBS: frozenset[str] = frozenset(
    ["deny", "refute", "dispute", "reject", "fail", "refuse", "decline"]
)
# Verbs a fact is read through: perception, aspect, hedges ("seen X engaging", "began engaging").
TRANSPARENT_VERBS: frozenset[str] = frozenset(
    [
        "see",
        "observe",
        "witness",
        "notice",
        "confirm",
        "show",
        "find",
        "begin",
        "start",
        "continue",
        "keep",
        "resume",
        "appear",
        "seem",
        "expect",
        "believe",
        "think",
        "know",
        "say",
        "report",
        "claim",
    ]
)
HEDGE_VERBS: frozenset[str] = frozenset(["appear", "seem", "expect", "believe", "think", "suggest"])
FUTURE_AUX: frozenset[str] = frozenset(["will", "shall", "'ll", "’ll", "wo"])


@dataclass(frozen=True, slots=True)
class Stance:
    occasion: str | None
    occasion_span: Span | None
    date_phrase: str | None
    date_span: Span | None
    polarity: Polarity
    certainty: Certainty


def describe(doc: Doc, anchor: Token, content: list[tuple[int, int]]) -> Stance:
    occasion_span, date_span = _circumstances(doc, anchor, content)
    occasion_span = _clip(occasion_span, content)
    date_span = _clip(date_span, content)
    text = doc_text(doc)
    return Stance(
        occasion=_clean(text[occasion_span.start : occasion_span.end]) if occasion_span else None,
        occasion_span=occasion_span,
        date_phrase=text[date_span.start : date_span.end] if date_span else None,
        date_span=date_span,
        polarity=polarity(doc, anchor, content),
        certainty=certainty(doc, anchor, content),
    )


def _clip(span: Span | None, content: list[tuple[int, int]]) -> Span | None:
    """Circumstances end where the content begins (parsers attach clauses to the wrong noun)."""
    if span is None:
        return None
    end = span.end
    for s, _ in content:
        if span.start < s < end:
            end = s
    if end <= span.start:
        return None
    return Span(start=span.start, end=span.end if end == span.end else end)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _inside(token: Token, content: list[tuple[int, int]]) -> bool:
    return any(s <= token.idx < e for s, e in content)


def _circumstances(
    doc: Doc, anchor: Token, content: list[tuple[int, int]]
) -> tuple[Span | None, Span | None]:
    occasion: Span | None = None
    date: Span | None = None
    heads = [anchor]
    # "In Sunday's interview, Zelensky said": the prepositional phrase hangs from the cue,
    # possibly through the conjoined or governing verb.
    if anchor.dep_ in ("conj", "advcl", "xcomp") and anchor.head is not anchor:
        heads.append(anchor.head)
    for head in heads:
        for child in head.children:
            if _inside(child, content):
                continue
            if child.dep_ == "prep" and child.lower_ in _PREPS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                if pobj.lemma_.lower() in OCCASION_NOUNS and occasion is None:
                    occasion, inner_date = _occasion_phrase(doc, child, pobj)
                    date = date or inner_date
                elif pobj.ent_type_ in ("DATE", "TIME") and date is None:
                    date = _span(doc, child.left_edge.i, child.right_edge.i)
            elif (
                child.dep_ in ("npadvmod", "advmod", "tmod")
                and child.ent_type_ in ("DATE", "TIME")
                and date is None
            ) or (child.dep_ == "advmod" and child.lower_ in ("later", "earlier") and date is None):
                date = _span(doc, child.left_edge.i, child.right_edge.i)
    return occasion, date


def _occasion_phrase(doc: Doc, prep: Token, pobj: Token) -> tuple[Span, Span | None]:
    """'during a press briefing on Monday' -> occasion 'a press briefing', date 'on Monday'."""
    start = pobj.left_edge.i
    end = pobj.right_edge.i
    date = None
    for child in pobj.children:
        if child.dep_ == "prep" and child.i > pobj.i:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ in ("DATE", "TIME"):
                date = _span(doc, child.left_edge.i, child.right_edge.i)
                end = min(end, child.left_edge.i - 1)
        if child.dep_ == "poss" and child.ent_type_ in ("DATE", "TIME"):
            # "Sunday's interview": the date is a possessive inside the occasion.
            date = _span(doc, child.left_edge.i, child.i)
    # A trailing date directly inside the phrase ("a press briefing on Monday" parsed flat).
    for token in doc[start : end + 1]:
        if token.ent_type_ in ("DATE", "TIME") and token.i > pobj.i and date is None:
            lead = token.i - 1 if doc[token.i - 1].pos_ == "ADP" else token.i
            date = _span(doc, lead, _ent_end(doc, token))
            end = min(end, lead - 1)
            break
    return _span(doc, start, end), date


def _ent_end(doc: Doc, token: Token) -> int:
    i = token.i
    while i + 1 < len(doc) and doc[i + 1].ent_type_ == token.ent_type_ and doc[i + 1].ent_iob_ == "I":
        i += 1
    return i


def _span(doc: Doc, start: int, end: int) -> Span:
    while end > start and doc[end].is_punct:
        end -= 1
    return Span(start=doc[start].idx, end=doc[end].idx + len(doc[end].text))


def _content_tokens(doc: Doc, content: list[tuple[int, int]]) -> list[Token]:
    out: list[Token] = []
    for s, e in content:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend(span)
    return out


def polarity(doc: Doc, anchor: Token, content: list[tuple[int, int]]) -> Polarity:
    """Negated when the cue is negated or denies, or the content's main clause is negated."""
    if any(c.dep_ == "neg" for c in anchor.children) or anchor.lower_ in NEGATIVE_CUES:
        return "negated"
    main = main_verb(doc, content)
    if main is None:
        return "affirmed"
    return clause_polarity(main)


def main_verb(doc: Doc, content: list[tuple[int, int]]) -> Token | None:
    """The head of the content's first main clause (a verb when there is one)."""
    tokens = _content_tokens(doc, content)
    if not tokens:
        return None
    roots = [t for t in tokens if t.head.i == t.i or not _inside(t.head, content)]
    main = [r for r in roots if r.pos_ in ("VERB", "AUX")] or roots
    return main[0] if main else None


# "not only a racist, but ...", "not just a one-issue candidate": more than, not the opposite.
NOT_ONLY: frozenset[str] = frozenset(["only", "just", "merely", "simply", "solely"])


def _is_negation(token: Token) -> bool:
    """A negating word, unless it opens "not only" / "not just"."""
    if token.dep_ == "preconj" and token.lower_ == "neither":
        return True  # "neither sent nor received"
    if token.dep_ != "neg" and not (
        token.dep_ in ("advmod", "det", "npadvmod") and token.lower_ in ("never", "no")
    ):
        return False
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return not (token.dep_ == "neg" and after is not None and after.lower_ in NOT_ONLY)


def _own_negation(verb: Token) -> bool:
    """'not', 'n't', 'never', 'no longer' on the verb (or on its predicate noun or adjective:
    'she's "not a natural politician"'); 'no' / 'nobody' / 'nothing' as its argument."""
    for child in verb.children:
        if _is_negation(child):
            return True
        if child.dep_ in ("attr", "acomp") and any(
            g.dep_ == "neg" and g.i < child.i and _is_negation(g) for g in child.children
        ):
            return True
        if (
            child.dep_ == "advmod"
            and child.lower_ == "longer"
            and any(g.lower_ == "no" for g in child.children)
        ):
            return True
        if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
            if child.lower_ in NEGATIVE_PRONOUNS:
                return True
            if any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in child.children):
                return True
        if child.dep_ == "prep" and child.lower_ in ("in", "into", "to"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and any(g.dep_ == "det" and g.lower_ == "no" for g in obj.children):
                return True
    return False


def clause_polarity(verb: Token, within: set[int] | None = None) -> Polarity:
    """Polarity of a clause, counting negations on the verb and on the verbs that embed it.

    "we've not seen X engaging" and "denied that X engaged" negate the embedded clause;
    "refused to", "failed to" negate their complement; two negations cancel. ``within``
    (token indices) stops the climb at a claim's content, so a denying cue is not counted twice.
    """
    negations = 0
    token = verb
    if _shares_negation(verb):
        negations += 1
    for _ in range(6):
        if _own_negation(token):
            negations += 1
        head = token.head
        if head is token or token.dep_ not in ("ccomp", "xcomp", "pcomp") or head.pos_ not in ("VERB", "AUX"):
            break
        if within is not None and head.i not in within:
            break
        lemma = head.lemma_.lower()
        if is_yet_to(token, head):
            negations += 1  # "has yet to win": has not won
            token = head
            continue
        if lemma in NEGATIVE_VERBS:
            negations += 1
        elif lemma not in TRANSPARENT_VERBS:
            break
        token = head
    return "negated" if negations % 2 else "affirmed"


def _shares_negation(verb: Token) -> bool:
    """'had not sent or received': a verb joined by "or" / "nor" to a negated one, without a
    subject or auxiliary of its own, is negated with it."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and head is not verb
        and head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in head.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in verb.children)
        and _own_negation(head)
    )


def is_yet_to(verb: Token, head: Token) -> bool:
    """'has yet to win', 'is yet to decide': the complement has not happened."""
    return (
        verb.dep_ == "xcomp"
        and head.lemma_.lower() in ("have", "be")
        and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children)
    )


def certainty(doc: Doc, anchor: Token, content: list[tuple[int, int]]) -> Certainty:
    words = {t.lower_ for t in _content_tokens(doc, content)} | {anchor.lower_}
    words |= {c.lower_ for c in anchor.children if c.dep_ in ("aux", "advmod")}
    if words & HEDGES_POSSIBLE:
        return "possible"
    if words & HEDGES_PROBABLE:
        return "probable"
    return "certain"


def clause_certainty(verb: Token, within: set[int] | None = None) -> Certainty:
    """Hedges on a clause and on the verbs that embed it ("appears to", "may", "very likely")."""
    words: set[str] = set()
    token = verb
    for _ in range(6):
        words |= {c.lower_ for c in token.children if c.dep_ in ("aux", "advmod", "neg")}
        words |= {
            g.lower_ for c in token.children if c.dep_ == "advmod" for g in c.children if g.dep_ == "advmod"
        }
        head = token.head
        if head is token or token.dep_ not in ("ccomp", "xcomp", "pcomp") or head.pos_ not in ("VERB", "AUX"):
            break
        if within is not None and head.i not in within:
            break
        lemma = head.lemma_.lower()
        if lemma not in TRANSPARENT_VERBS and lemma not in HEDGE_VERBS and lemma not in NEGATIVE_VERBS:
            break
        words.add(head.lower_)
        words.add(lemma)
        token = head
    if words & HEDGES_POSSIBLE:
        return "possible"
    if words & HEDGES_PROBABLE:
        return "probable"
    return "certain"


def clause_tense(verb: Token) -> Tense | None:
    """Past, ongoing or (expected) future, from the verb's auxiliaries and form.

    Non-finite verbs ("seen X engaging", "begun engaging") take the tense of the verb that
    embeds them.
    """
    token = verb
    for _ in range(6):
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        aux_words = {a.lower_ for a in auxes}
        if aux_words & FUTURE_AUX or _going_to(token):
            return "future"
        if aux_words & {"would", "could", "might", "may", "should", "must"}:
            return None
        if aux_words & {"can", "ca"}:
            return "ongoing"  # "cannot currently support": an ability or stance now, not a report of the past
        tags = {a.tag_ for a in auxes}
        if token.tag_ == "VBG" and auxes:
            if tags & {"VBD"} and not aux_words & {"has", "have", "'s", "’s", "'ve", "’ve"}:
                return "past"
            return "ongoing"
        if token.tag_ in ("VBD",) or tags & {"VBD"}:
            return "past"
        if token.tag_ == "VBN" and aux_words & {"have", "has", "had", "'ve", "’ve", "'d", "’d"}:
            return "past"
        if token.tag_ in ("VBZ", "VBP") or tags & {"VBZ", "VBP"}:
            return "ongoing"
        head = token.head
        if (
            head is token
            or token.dep_ not in ("ccomp", "xcomp", "pcomp", "conj", "acl")
            or head.pos_ not in ("VERB", "AUX", "NOUN", "PROPN")
        ):
            return None
        token = head
    return None


def _going_to(verb: Token) -> bool:
    """'is going to happen'."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.lower_ == "going" and any(c.dep_ == "aux" for c in head.children)


def content_tense(doc: Doc, content: list[tuple[int, int]]) -> Tense | None:
    """The tense of a claim's content: that of its main clause."""
    main = main_verb(doc, content)
    if main is None or main.pos_ not in ("VERB", "AUX"):
        return None
    return clause_tense(main)
