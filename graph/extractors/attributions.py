"""Attributions: who said (or thought) what — source, cue and content spans.

The rules follow PolNeAR's notion of attribution: direct quotes in every layout,
indirect speech ("X said (that) ...", "X told Y ...", "according to X"), beliefs and
intentions ("X believes / wants ..."), nominal cues ("his claim that ..."), and mixed
quotes (a paraphrase holding a quoted fragment). Each token belongs to at most one
attribution: quotes are taken first, then clausal cues, outermost first.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.extractors import _types, layouts, stance
from graph.extractors._frames import CIRCUMSTANCE_PREPS, rate, table
from graph.extractors._lexicon import doc_text
from graph.extractors._registry import register
from graph.extractors._types import title_case_line
from graph.extractors.quotes import Quote, find_quotes, paragraphs, quote_groups
from graph.iri import entity_key
from graph.records import Attribution, Extraction, Mention, Mode, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs that report speech: they take a quote, a clause or a noun phrase as content.
SPEECH_VERBS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "ask",
        "note",
        "report",
        "announce",
        "suggest",
        "tweet",
        "describe",
        "argue",
        "continue",
        "explain",
        "acknowledge",
        "accuse",
        "declare",
        "urge",
        "cite",
        "recall",
        "claim",
        "respond",
        "state",
        "warn",
        "promise",
        "insist",
        "reply",
        "reveal",
        "predict",
        "pledge",
        "vow",
        "dismiss",
        "admit",
        "deny",
        "confirm",
        "express",
        "post",
        "assure",
        "estimate",
        "maintain",
        "contend",
        "stress",
        "emphasize",
        "emphasise",
        "reiterate",
        "repeat",
        "complain",
        "concede",
        "allege",
        "charge",
        "demand",
        "testify",
        "recommend",
        "joke",
        "quip",
        "boast",
        "brag",
        "lament",
        "observe",
        "remark",
        "mention",
        "speculate",
        "caution",
        "advise",
        "counter",
        "retort",
        "rebut",
        "protest",
        "dispute",
        "affirm",
        "assert",
        "proclaim",
        "swear",
        "threaten",
        "tout",
        "praise",
        "criticize",
        "criticise",
        "blast",
        "slam",
        "condemn",
        "denounce",
        "question",
        "challenge",
        "call",
        "label",
        "dub",
        "brand",
        "characterize",
        "characterise",
        "mock",
        "ridicule",
        "blame",
        "credit",
        "thank",
        "apologize",
        "apologise",
        "acknowledge",
        "quote",
        "inform",
        "notify",
        "order",
        "instruct",
        "signal",
        "hint",
        "imply",
        "indicate",
        "point",
        "propose",
        "offer",
        "predict",
        "forecast",
        "project",
        "conclude",
        "agree",
        "disagree",
        "highlight",
        "underscore",
        "recount",
        "describe",
        "chide",
        "scold",
        "tease",
        "lash",
        "attack",
        "defend",
        "endorse",
        "reject",
        "decline",
        "refuse",
        "vow",
        "guarantee",
        "concur",
        "echo",
        "reaffirm",
        "clarify",
        "elaborate",
        "summarize",
        "summarise",
        "boast",
        "acknowledge",
        "announce",
        "argue",
        "declare",
    ]
)
# Verbs of thought, perception and evidence: only with a clause as content.
THINK_VERBS: frozenset[str] = frozenset(
    [
        "think",
        "believe",
        "feel",
        "know",
        "expect",
        "hope",
        "fear",
        "worry",
        "doubt",
        "suspect",
        "assume",
        "suppose",
        "guess",
        "figure",
        "reckon",
        "consider",
        "regard",
        "imagine",
        "realize",
        "realise",
        "understand",
        "recognize",
        "recognise",
        "remember",
        "forget",
        "wonder",
        "see",
        "hear",
        "learn",
        "find",
        "show",
        "indicate",
        "suggest",
        "reveal",
        "conclude",
        "determine",
        "discover",
        "demonstrate",
        "prove",
        "seem",
        "appear",
        "want",
        "wish",
        "plan",
        "intend",
        "aim",
        "prefer",
        "seek",
        "need",
    ]
)
# Nouns that report speech or thought when they govern a clause ("his claim that ...").
CUE_NOUNS: frozenset[str] = frozenset(
    [
        "claim",
        "claims",
        "statement",
        "assertion",
        "belief",
        "view",
        "argument",
        "allegation",
        "accusation",
        "warning",
        "promise",
        "suggestion",
        "report",
        "remark",
        "remarks",
        "comment",
        "comments",
        "announcement",
        "denial",
        "insistence",
        "contention",
        "assessment",
        "prediction",
        "estimate",
        "conclusion",
        "finding",
        "findings",
        "testimony",
        "admission",
        "pledge",
        "vow",
        "position",
        "fear",
        "fears",
        "hope",
        "hopes",
        "expectation",
        "concern",
        "concerns",
        "charge",
        "charges",
        "suspicion",
        "message",
    ]
)
# Verbs that take a noun phrase as their content when they have no clause.
NP_CONTENT_VERBS: frozenset[str] = frozenset(
    [
        "deny",
        "confirm",
        "announce",
        "describe",
        "praise",
        "criticize",
        "criticise",
        "blast",
        "slam",
        "condemn",
        "denounce",
        "endorse",
        "reject",
        "dismiss",
        "question",
        "defend",
        "attack",
        "mock",
        "ridicule",
        "blame",
        "accuse",
        "call",
        "label",
        "dub",
        "brand",
        "characterize",
        "characterise",
        "propose",
        "predict",
        "cite",
        "recall",
        "reiterate",
        "repeat",
        "express",
        "tout",
        "highlight",
        "oppose",
        "support",
        "back",
        "urge",
        "demand",
        "thank",
        "credit",
        "concede",
        "acknowledge",
        "admit",
    ]
)
# Thresholds on the cue-frame rates counted over PolNeAR train (see _frames.py): a frame
# is taken as an attribution when at least this share of its occurrences were one.
CLAUSE_RATE = 0.3
OBJECT_RATE = 0.33
PREP_RATE = 0.5
_OBJECT_COMPLEMENT_PREPS = frozenset({"as", "of", "for", "to", "on", "about"})
_WEAK_OBJECTS = frozenset({"it", "this", "that", "so", "something", "anything", "nothing", "thing", "things"})
_CONTROL_VERBS = frozenset(
    [
        "want",
        "wish",
        "plan",
        "intend",
        "aim",
        "hope",
        "expect",
        "refuse",
        "decline",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "seek",
        "agree",
        "offer",
        "urge",
    ]
)
_SOURCE_DEPS = ("nsubj", "nsubjpass", "csubj")
# Verbs whose object is a topic, not what was said, when a meeting is for them: "met aid
# groups to discuss shelters" (but "appeared before reporters to discuss his strategy").
_TOPIC_VERBS = frozenset({"discuss", "debate", "address", "consider", "review", "examine"})
_MEETING_VERBS = frozenset({"meet", "gather", "convene", "travel", "visit", "fly", "arrive", "hold", "host"})
# Verbs whose direct object is the addressee; "according" has its own rule.
_ADDRESSEE_VERBS = frozenset(
    [
        "tell",
        "ask",
        "urge",
        "remind",
        "assure",
        "warn",
        "inform",
        "notify",
        "advise",
        "thank",
        "brief",
        "accord",
    ]
)
# "X was quoted as saying": the passive subject is the speaker. "X seems to": no speaker.
_PASSIVE_SOURCE_VERBS = frozenset({"quote"})
_RAISING_VERBS = frozenset({"seem", "appear"})
_PARATAXIS_VERBS = frozenset(
    ["say", "tell", "write", "add", "note", "report", "claim", "argue", "explain", "insist", "warn"]
)
_EXPLETIVES = frozenset({"it", "there", "this", "that", "what", "which"})
_SUBJECT_PRONOUNS_OK = frozenset(["i", "you", "he", "she", "we", "they", "it"])
_FULL_STOP = re.compile(r"[.?!](?=\s+[\"“'‘A-Z])")
# Words before a full stop that do not end a sentence ("Mr. Trump", "Roanoke, Va., who").
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Jr Sr St Gov Sen Rep Gen Lt Col Maj Sgt Capt Prof Rev No Vol Inc Co Corp Ltd "
    "Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec Va Mass Calif Fla Ill Pa Ga Ariz Wash Mich Minn Tenn Ky "
    "Ala Ark Colo Conn Del Ind Kan La Md Miss Mo Mont Neb Nev Okla Ore Wis Wyo U.S D.C N.Y N.J".split()
)
_DOUBLE = re.compile("[\"“”„‟«»]|''")


@dataclass(slots=True)
class _Candidate:
    cue: list[Token]
    content: list[tuple[int, int]]
    source: tuple[int, int] | None
    source_head: Token | None
    mode: Mode
    anchor: Token  # the cue's head token, for occasion / date / stance
    priority: int = 0
    extra_cue: list[tuple[int, int]] = field(default_factory=list)
    speaker: str | None = None  # known from the layout (an interview's answers), not the source

    def content_range(self) -> tuple[int, int]:
        return min(s for s, _ in self.content), max(e for _, e in self.content)


@register("attributions", requires=("mentions", "coref"), produces=("attributions",))
def make_attributions():  # type: ignore[no-untyped-def]
    """Build the attribution extractor."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        return dataclasses.replace(so_far, attributions=find_attributions(doc, so_far))

    return extract


# ---------------------------------------------------------------------------------------
# Top level
# ---------------------------------------------------------------------------------------


def find_attributions(doc: Doc, ex: Extraction) -> tuple[Attribution, ...]:
    text = doc_text(doc)
    quotes = find_quotes(text)
    groups = quote_groups(quotes, text)
    candidates: list[_Candidate] = []
    used_tokens: set[int] = set()
    for c in (
        _layout_candidates(doc, ex, quotes)
        + _inverted_headline_candidates(doc, quotes)
        + _headline_candidates(doc, quotes)
        + _quote_candidates(doc, groups)
    ):
        if _conflicts(doc, c, used_tokens):
            continue
        candidates.append(c)
        _claim(doc, c, used_tokens)
    for c in _according_to_candidates(doc):
        if _conflicts(doc, c, used_tokens):
            continue
        candidates.append(c)
        _claim(doc, c, used_tokens)
    for c in sorted(_clause_candidates(doc, quotes), key=lambda c: -_length(c)):
        if _conflicts(doc, c, used_tokens):
            continue
        candidates.append(c)
        _claim(doc, c, used_tokens)
    candidates.sort(key=lambda c: (c.content_range()[0], c.cue[0].idx if c.cue else 0))
    return tuple(_to_record(doc, c, ex, quotes, n) for n, c in enumerate(candidates))


def _length(c: _Candidate) -> int:
    s, e = c.content_range()
    return e - s


def _claim(doc: Doc, c: _Candidate, used: set[int]) -> None:
    for token in c.cue:
        used.add(token.i)
    for s, e in c.content:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            used.update(t.i for t in span)


def _conflicts(doc: Doc, c: _Candidate, used: set[int]) -> bool:
    if any(t.i in used for t in c.cue):
        return True
    for s, e in c.content:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            return True
        overlap = sum(1 for t in span if t.i in used)
        if overlap > 0.3 * len(span):
            return True
    return False


# ---------------------------------------------------------------------------------------
# Direct quotes: the quote first, then the cue next to it
# ---------------------------------------------------------------------------------------


def _quote_candidates(doc: Doc, groups: list[list[Quote]]) -> list[_Candidate]:
    out: list[_Candidate] = []
    taken: set[int] = set()
    for gi, group in enumerate(groups):
        if gi in taken:
            continue
        first, last = group[0], group[-1]
        if _is_fragment(doc, first):
            continue  # 'called him "third-rate"': a quoted fragment inside a clause (mixed, later)
        cue = None
        if not _closes_sentence(doc_text(doc), last):
            cue = _cue_after(doc, last.end, paragraph_end(doc_text(doc), last.end))
        before = None
        if cue is None:
            before = _cue_before(doc, first.start)
            cue = before
        if cue is None:
            continue
        verb, source = cue
        spans = [(q.start, q.end) for q in group]
        # '"A," he said, "B."' and '"A," he said. "B. C."': one attribution split by its
        # cue; the quotes that follow in the same paragraph, with no words between them,
        # continue it.
        text = doc_text(doc)
        end = _cue_clause_end(doc, verb, source) if before is None else last.end
        sentence_end = verb.sent.end_char if before is None else last.end
        if before is None:
            # The parser may run the cue's sentence into the next quotation: a full stop ends it.
            for stop in _FULL_STOP.finditer(text, end, sentence_end):
                word = text[text.rfind(" ", 0, stop.start()) + 1 : stop.start()]
                if len(word) > 1 and word not in _ABBREVIATIONS:
                    sentence_end = stop.end()
                    break
        k = gi + 1
        while k < len(groups):
            nxt = groups[k]
            between = text[spans[-1][1] : nxt[0].start]
            if "\n" in between:
                # A paragraph that is nothing but a quotation, with no cue of its own,
                # continues the speaker's quote (the news convention).
                if not (_whole_paragraph(text, nxt) and _has_no_cue(doc, nxt) and between.count("\n") <= 2):
                    break
                spans += [(q.start, q.end) for q in nxt]
                end = nxt[-1].end
                taken.add(k)
                k += 1
                continue
            if nxt[0].start >= sentence_end:
                end = max(end, sentence_end)
                if not _has_no_cue(doc, nxt):
                    break  # '"A," the mayor said. "B," the governor replied.': B has its own cue
            gap = text[end : nxt[0].start]
            if gap.strip(" ,:;—–-.") == "":
                spans += [(q.start, q.end) for q in nxt]
                end = nxt[-1].end
            elif nxt[0].start < sentence_end:
                pass  # a title inside the cue's own sentence ('said on CNN's "State of the Union"')
            elif _no_speech_between(doc, end, nxt[0].start) and not _is_fragment(doc, nxt[0]):
                # '"A," said X, a nurse. She moved here in 2013. "B."': the paragraph's later
                # quotation is still X's.
                spans += [(q.start, q.end) for q in nxt]
                end = nxt[-1].end
            else:
                break
            taken.add(k)
            k += 1
        if not _is_substantial(doc_text(doc), spans):
            continue
        out.append(
            _Candidate(
                cue=_cue_tokens(verb),
                content=spans,
                source=_span_of(source) if source is not None else None,
                source_head=source.root if source is not None else None,
                mode="direct",
                anchor=verb,
                priority=2,
            )
        )
    return out


def _whole_paragraph(text: str, group: list[Quote]) -> bool:
    line_start = text.rfind("\n", 0, group[0].start) + 1
    line_end = paragraph_end(text, group[-1].start)
    return text[line_start : group[0].start].strip() == "" and text[group[-1].end : line_end].strip() == ""


def _has_no_cue(doc: Doc, group: list[Quote]) -> bool:
    text = doc_text(doc)
    if not _closes_sentence(text, group[-1]) and _cue_after(
        doc, group[-1].end, paragraph_end(text, group[-1].end)
    ):
        return False
    return _cue_before(doc, group[0].start) is None


def _no_speech_between(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return True
    return not any(is_cue_verb(t, allow_think=False) for t in span)


def _is_fragment(doc: Doc, q: Quote) -> bool:
    """A quotation that continues a clause ('called the plan "a disaster"') rather than
    standing on its own after a sentence start, a comma, a colon or a dash."""
    text = doc_text(doc)
    span = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
    sent_start = (
        span[0].sent.start_char if span is not None and len(span) else text.rfind("\n", 0, q.start) + 1
    )
    before = text[max(sent_start, text.rfind("\n", 0, q.start) + 1) : q.start].rstrip()
    return bool(before) and before[-1] not in ",:;—–-(“\"'‘"


def _closes_sentence(text: str, q: Quote) -> bool:
    """'"… recruiter." She said …': a quote ending in a full stop is not the content of
    a cue that follows it; one ending in a comma, "?" or "!" may be."""
    inner_end = q.inner(text)[1]
    return q.closed and inner_end > q.start and text[inner_end - 1] == "."


def paragraph_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _is_substantial(text: str, spans: list[tuple[int, int]]) -> bool:
    words = sum(len(text[s:e].split()) for s, e in spans)
    return words >= 3


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _cue_after(doc: Doc, start: int, end: int):  # type: ignore[no-untyped-def]
    """'"…," Miller said.' / '"…," said Miller, …' — a cue right after the quote."""
    tokens = _tokens_between(doc, start, end)
    if not tokens:
        return None
    # The cue clause must start right after the quote (allowing punctuation).
    window: list[Token] = []
    for token in tokens:
        if token.text in ("“", '"', "„", "«") and window:
            break
        window.append(token)
        if token.is_sent_end and token.is_punct and len(window) > 1:
            break
        if len(window) > 14:
            break
    for token in window:
        if is_cue_verb(token, allow_think=False):
            subject = _subject_of(token)
            if subject is not None and subject.start >= tokens[0].i and subject.end <= window[-1].i + 1:
                return token, subject
            if subject is None and token.i == window[0].i + (1 if window[0].is_punct else 0):
                # '"…," said the spokesman' — inverted order.
                inverted = [c for c in token.rights if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod")]
                if inverted:
                    return token, _np_span(inverted[0])
    return None


def _cue_before(doc: Doc, quote_start: int):  # type: ignore[no-untyped-def]
    """'Miller said, "…"' / 'Miller said: "…"' — a cue right before the quote."""
    line_start = doc_text(doc).rfind("\n", 0, quote_start) + 1
    tokens = _tokens_between(doc, line_start, quote_start)
    if not tokens:
        return None
    # Only the clause that ends in , or : right before the mark.
    tail = doc_text(doc)[tokens[-1].idx : quote_start].strip()
    if tail not in (",", ":") and not tail.endswith((":", ",")):
        return None
    sent_start = tokens[-1].sent.start
    window = [t for t in tokens if t.i >= sent_start]
    for token in reversed(window):
        if is_cue_verb(token, allow_think=False) or (token.pos_ == "VERB" and tail.endswith(":")):
            subject = _subject_of(token)
            if subject is not None:
                return token, subject
    return None


def _cue_clause_end(doc: Doc, verb: Token, source) -> int:  # type: ignore[no-untyped-def]
    last = max([verb.i] + ([source.end - 1] if source is not None else []))
    # Include what depends on the cue up to the next punctuation (", adding", "in a statement").
    while last + 1 < len(doc) and not doc[last + 1].is_punct and doc[last + 1].head.i in (verb.i, last):
        last += 1
    token = doc[last]
    return token.idx + len(token.text)


# ---------------------------------------------------------------------------------------
# Clausal cues: "X said (that) …", "X believes …", "his claim that …"
# ---------------------------------------------------------------------------------------


def _clause_candidates(doc: Doc, quotes: list[Quote]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for token in doc:
        if token.pos_ == "VERB" and token.dep_ not in ("aux", "auxpass", "amod"):
            c = _verb_candidate(doc, token, quotes)
        elif token.pos_ == "NOUN" and token.lower_ in CUE_NOUNS:
            c = _noun_candidate(doc, token, quotes)
        else:
            c = None
        if c is not None:
            out.append(c)
    return out


def is_cue_verb(token: Token, *, allow_think: bool) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass", "amod"):
        return False
    lemma = token.lemma_.lower()
    if lemma in SPEECH_VERBS or rate("VERB", lemma, "ccomp") >= 0.5:
        return True
    return allow_think and (
        lemma in THINK_VERBS
        or any(rate("VERB", lemma, frame) >= CLAUSE_RATE for frame in ("ccomp", "xcomp", "dobj"))
    )


def _verb_candidate(doc: Doc, verb: Token, quotes: list[Quote]) -> _Candidate | None:
    lemma = verb.lemma_.lower()
    content_head, frame = _content_frame(verb, lemma)
    if content_head is None:
        return _parenthetical(doc, verb, lemma, quotes)
    if content_head.lemma_ == "say" and content_head.tag_ == "VBG":
        # "was quoted as saying …": the content is what the saying reports.
        inner = next((c for c in content_head.children if c.dep_ == "ccomp"), None)
        if inner is not None:
            content_head, frame = inner, "ccomp"
    np_content = frame in ("dobj", "prep")
    lemma_is_think = lemma in THINK_VERBS and lemma not in SPEECH_VERBS
    source = _subject_of(verb)
    if lemma_is_think and source is None and not _unstated_source(verb):
        return None  # "seems", "appears" with no one doing the thinking
    if (
        source is not None
        and source.root.lower_ in _EXPLETIVES
        and source.root.dep_ != "nsubjpass"
        and lemma_is_think
    ):
        return None
    if (
        source is not None
        and source.root.lower_ in _EXPLETIVES
        and (lemma_is_think or source.root.lower_ != "it" or source.root.dep_ == "nsubjpass")
    ):
        source = None  # "it seems", "this shows": no one stated; "It added that …" keeps "It"
    if frame == "dobj" and lemma in _TOPIC_VERBS and verb.head.lemma_.lower() in _MEETING_VERBS:
        return None  # "met Y to discuss shelters": a topic, not something said
    start_tok, end_tok = _subtree_bounds(content_head)
    if frame == "dobj":
        # "accused X of Y", "called him a liar", "described it as …": the object and what completes it.
        for child in verb.children:
            if child.i > content_head.i and (
                child.dep_ in ("oprd", "xcomp", "attr")
                or (child.dep_ == "prep" and child.lower_ in _OBJECT_COMPLEMENT_PREPS)
            ):
                end_tok = max(end_tok, _subtree_bounds(child)[1])
    if not np_content and start_tok > verb.i:
        # "said in an interview with X on Sunday that …": a misattached "that" still opens the content.
        for k in range(start_tok - 1, verb.i, -1):
            if doc[k].lower_ == "that" and doc[k].dep_ == "mark":
                start_tok = k
                break
    # "that" complementizer belongs to the content (PolNeAR includes it).
    content_start = doc[start_tok].idx
    content_end_token = doc[end_tok]
    while end_tok > start_tok and (
        doc[end_tok].is_space or (doc[end_tok].is_punct and doc[end_tok].text not in ("”", '"', "’"))
    ):
        end_tok -= 1
    content_end_token = doc[end_tok]
    content_end = content_end_token.idx + len(content_end_token.text)
    if content_end <= content_start:
        return None
    if verb.idx >= content_start and verb.idx < content_end:
        # The cue sits inside what would be its content (inverted order): keep the part after it.
        content_start = _after(verb)
    content_start, content_end = _snap_to_quotes(content_start, content_end, quotes)
    if frame == "ccomp" and content_start > verb.idx:
        content_end = _extend_clause(doc, verb, content_end, quotes)
    if content_end - content_start < 3 or len(doc_text(doc)[content_start:content_end].split()) < (
        1 if np_content else 2
    ):
        return None
    mode = _mode(doc_text(doc), content_start, content_end, quotes)
    return _Candidate(
        cue=_cue_tokens(verb),
        content=[(content_start, content_end)],
        source=_span_of(source) if source is not None else None,
        source_head=source.root if source is not None else None,
        mode=mode,
        anchor=verb,
        priority=1 if not lemma_is_think else 0,
    )


def _parenthetical(doc: Doc, verb: Token, lemma: str, quotes: list[Quote]) -> _Candidate | None:
    """'The talks, she said, were "going nowhere."': the cue interrupts its own content."""
    head = verb.head
    if (
        verb.dep_ not in ("parataxis", "ccomp")
        or head is verb
        or head.pos_ not in ("VERB", "AUX")
        or lemma not in SPEECH_VERBS
        or _own_subject(verb) is None
        or any(c.dep_ in ("mark", "ccomp", "xcomp", "dobj") for c in verb.children)
        or not (head.left_edge.i < verb.left_edge.i and verb.right_edge.i < head.right_edge.i)
    ):
        return None
    # The cue stands between commas or dashes: "…, she said, …".
    lo, hi = verb.left_edge.i, verb.right_edge.i
    while lo < verb.i and doc[lo].is_punct:
        lo += 1
    while hi > verb.i and doc[hi].is_punct:
        hi -= 1
    left, right = lo - 1, hi + 1
    if (
        doc[left].text not in (",", "—", "–", "-")
        or right >= len(doc)
        or doc[right].text not in (",", "—", "–", "-")
    ):
        return None
    text = doc_text(doc)
    spans = []
    for a, b in ((head.left_edge.i, left), (right, head.right_edge.i)):
        while a <= b and (doc[a].is_punct and doc[a].text not in ("“", '"')):
            a += 1
        while b >= a and doc[b].is_punct and doc[b].text not in ("”", '"'):
            b -= 1
        if a <= b:
            spans.append((doc[a].idx, doc[b].idx + len(doc[b].text)))
    if len(spans) != 2 or sum(len(text[x:y].split()) for x, y in spans) < 3:
        return None
    spans = [_snap_to_quotes(x, y, quotes) for x, y in spans]
    source = _np_span(_own_subject(verb))
    return _Candidate(
        cue=_cue_tokens(verb),
        content=spans,
        source=_span_of(source),
        source_head=source.root,
        mode=_mode(text, spans[0][0], spans[-1][1], quotes),
        anchor=verb,
        priority=1,
    )


def _content_frame(verb: Token, lemma: str) -> tuple[Token | None, str]:
    """The verb's content and the frame it fills: a clause, an object or a prepositional object."""
    children = list(verb.children)
    hand_clause = lemma in SPEECH_VERBS or lemma in THINK_VERBS
    ccomps = [c for c in children if c.dep_ == "ccomp"]
    if ccomps and (hand_clause or rate("VERB", lemma, "ccomp") >= CLAUSE_RATE):
        after = [c for c in ccomps if c.i > verb.i]
        return (after or ccomps)[0], "ccomp"
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if xcomp is not None and (lemma in _CONTROL_VERBS or rate("VERB", lemma, "xcomp") >= CLAUSE_RATE):
        return xcomp, "xcomp"
    if lemma in _PARATAXIS_VERBS:
        # Parser slips: the reported clause hangs as parataxis.
        para = next(
            (c for c in children if c.dep_ == "parataxis" and c.pos_ in ("VERB", "AUX") and c.i > verb.i),
            None,
        )
        if para is not None:
            return para, "ccomp"
    obj = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is not None and lemma in _ADDRESSEE_VERBS:
        # "told reporters", "asked the senator": the object is who was addressed, not what was said.
        about = next(
            (c for c in children if c.dep_ == "prep" and c.lower_ in ("about", "on") and c.i > obj.i), None
        )
        pobj = (
            next((g for g in about.children if g.dep_ in ("pobj", "pcomp")), None)
            if about is not None
            else None
        )
        return (pobj, "prep") if pobj is not None else (None, "")
    object_frame = rate("VERB", lemma, "dobj") >= OBJECT_RATE or (
        lemma in NP_CONTENT_VERBS and ("VERB", lemma, "dobj") not in table()
    )
    if obj is not None and obj.lower_ not in _WEAK_OBJECTS and object_frame:
        return obj, "dobj"
    if obj is None:
        for prep in children:
            if prep.dep_ != "prep" or prep.i < verb.i or prep.lower_ in CIRCUMSTANCE_PREPS:
                continue
            pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and rate("VERB", lemma, "prep:" + prep.lower_) >= PREP_RATE:
                return pobj, "prep"
    return None, ""


def _noun_candidate(doc: Doc, noun: Token, quotes: list[Quote]) -> _Candidate | None:
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and _has_that(c)), None)
    if clause is None:
        return None
    start_tok, end_tok = _subtree_bounds(clause)
    while end_tok > start_tok and doc[end_tok].is_punct and doc[end_tok].text not in ("”", '"'):
        end_tok -= 1
    start = doc[start_tok].idx
    end = doc[end_tok].idx + len(doc[end_tok].text)
    source = None
    for child in noun.children:
        if child.dep_ == "poss":
            source = _np_span(child)
    if source is None:
        for child in noun.children:
            if child.dep_ in ("compound",) and child.ent_type_ in ("ORG", "PERSON", "GPE"):
                source = _np_span(child)
    if source is None:
        # "the suggestion by a potential president that …", "an admission from Warren that …"
        for prep in noun.children:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (
                prep.dep_ == "prep"
                and prep.lower_ in ("by", "from")
                and pobj is not None
                and pobj.i < clause.i
            ):
                source = _np_span(pobj)
                break
    if source is None and noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ == "VERB":
        return None  # "in a statement, X said" — the verb is the cue
    if source is None and noun.dep_ in ("dobj", "pobj"):
        issuer = _issuer_of(noun)  # "Trump stirred controversy with an assertion that …"
        if issuer is not None and issuer.pos_ in ("PROPN", "PRON", "NOUN"):
            source = _np_span(issuer)
    return _Candidate(
        cue=[noun],
        content=[(start, end)],
        source=_span_of(source) if source is not None else None,
        source_head=source.root if source is not None else None,
        mode=_mode(doc_text(doc), start, end, quotes),
        anchor=noun,
        priority=0,
    )


def _has_that(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children) or token.pos_ in (
        "VERB",
        "AUX",
    )


# ---------------------------------------------------------------------------------------
# "according to X", headline colons
# ---------------------------------------------------------------------------------------


def _according_to_candidates(doc: Doc) -> list[_Candidate]:
    out = []
    for token in doc:
        if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        source = _np_span(pobj)
        sent = token.sent
        phrase_start = token.i
        phrase_end = max(t.i for t in pobj.subtree)
        # Content: the sentence without the "according to X" phrase and its commas.
        if phrase_start - sent.start <= 1:
            start_tok = phrase_end + 1
            end_tok = sent.end - 1
        else:
            start_tok = sent.start
            end_tok = phrase_start - 1
        while start_tok <= end_tok and doc[start_tok].is_punct:
            start_tok += 1
        while end_tok >= start_tok and doc[end_tok].is_punct and doc[end_tok].text not in ("”", '"'):
            end_tok -= 1
        if end_tok - start_tok < 2:
            continue
        out.append(
            _Candidate(
                cue=[token, to],
                content=[(doc[start_tok].idx, doc[end_tok].idx + len(doc[end_tok].text))],
                source=_span_of(source),
                source_head=source.root,
                mode="indirect",
                anchor=token,
                priority=1,
            )
        )
    return out


def _headline_candidates(doc: Doc, quotes: list[Quote]) -> list[_Candidate]:
    """'Pat Caddell: the establishment is …', 'FALLIN: I think …', 'Poll: Sanders leads' —
    a short name phrase opening the paragraph, a colon, then what was said (or, when the
    colon ends the paragraph, the next paragraph)."""
    text = doc_text(doc)
    paras = paragraphs(text)
    out = []
    for index, (p_start, p_end) in enumerate(paras):
        colon = text.find(":", p_start, min(p_end, p_start + 70))
        if colon <= p_start:
            continue
        head = doc.char_span(p_start, colon, alignment_mode="contract")
        if head is None or not 0 < len(head) <= 8 or not _is_name_phrase(head):
            continue
        start = colon + 1
        end = p_end
        if text[start:p_end].strip() == "" and index + 1 < len(paras):
            start, end = paras[index + 1]
        while start < end and text[start].isspace():
            start += 1
        end = _rstrip(text, start, end)
        if len(text[start:end].split()) < 3 or _only_questions(text[start:end]):
            continue  # a transcript's questions and greetings claim nothing
        colon_tok = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if colon_tok is None:
            continue
        comma = next((t for t in head if t.text == ","), None)
        if comma is not None and comma.i > head.start:
            head = doc[head.start : comma.i]  # "MARCUS LINDAHL, REPORTER:": the name speaks
        source = _name_part(head)
        out.append(
            _Candidate(
                cue=list(colon_tok),
                content=[(start, end)],
                source=(source.start_char, source.end_char),
                source_head=source.root,
                mode=_mode(text, start, end, quotes),
                anchor=colon_tok[0],
                priority=3,
            )
        )
    return out


_HEADLINE_SKIP = frozenset(
    {
        "update",
        "updated",
        "note",
        "editor",
        "photo",
        "video",
        "watch",
        "read",
        "related",
        "source",
        "sources",
        "tags",
        "q",
        "a",
        "via",
    }
)


# Labels before a colon that name a source although they name no one: "Poll: Sanders leads".
_SOURCE_LABELS = frozenset(
    "poll polls survey report study analysis audit review investigation statement memo sources".split()
)


def _only_questions(text: str) -> bool:
    """Words that ask, and nothing else: "Would you support that?"."""
    sentences = [x for x in re.split(r"(?<=[.?!])\s+", text.strip()) if x]
    return (
        bool(sentences)
        and sentences[-1].rstrip('"”’ ').endswith("?")
        and all(x.rstrip('"”’ ').endswith("?") or len(x.split()) <= 4 for x in sentences)
    )


def _is_name_phrase(span) -> bool:  # type: ignore[no-untyped-def]
    """A speaker label: a name ("Pat Caddell:", "GARCIA:", "Senate Republicans:") or a source
    noun ("Poll:"); not a section label ("UPDATE:", "Q:") nor a topic ("Cholera:", "Rail
    strike:"), which names no one."""
    if span[0].lower_ in _HEADLINE_SKIP or span.text.strip().lower() in _HEADLINE_SKIP:
        return False
    if any(t.pos_ in ("VERB", "AUX") for t in span) or any(t.like_num for t in span):
        return False
    if not (any(t.pos_ in ("PROPN", "NOUN") for t in span) and span[0].text[:1].isupper()):
        return False
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in span) or span[-1].lower_ in _SOURCE_LABELS:
        return True
    letters = [ch for ch in span.text if ch.isalpha()]
    # A transcript's "GARCIA:" or "RUTH ABERNATHY, COUNTY BRIDGE ENGINEER:".
    return bool(letters) and span.text.isupper() and (len(span) <= 3 or (len(span) <= 8 and "," in span.text))


_HEADLINE_CUES = (
    "says|warns|claims|insists|confirms|denies|admits|argues|predicts|reveals|vows|pledges|urges|"
    "expects|tells|said|warned|told|sees"
)
# A headline written source first: "Harbour Line Says Winter Routes Will Be Cut",
# "VELTRIX SAYS LAUNCH DELAYED", "Cholera: health network says cases could double".
_SOURCE_FIRST_HEADLINE = re.compile(
    r"^(?:(?P<label>[^:\n]{1,40}):\s+)?(?P<source>[A-Z][^\n]{1,60}?)\s+(?P<cue>(?i:"
    + _HEADLINE_CUES
    + r"))\s+"
    r"(?P<content>[^\n]{8,})$"
)
# A headline that ends in its cue and source: "Rates will rise, warns central bank",
# "Cholera: cases could double, warns EADSN", "We are not finished yet, says Brandt".
_INVERTED_HEADLINE = re.compile(
    r"^(?:(?P<label>[^:\n]{1,40}):\s+)?(?P<content>[^\n]{8,}?)[,;]\s+"
    r"(?P<cue>says|warns|claims|insists|confirms|denies|admits|argues|predicts|reveals|vows|"
    r"pledges|urges|suggests|tells|said|told|warned)\s+(?P<source>[^,;:\n]{2,60}?)\s*$"
)


def _layout_candidates(doc: Doc, ex: Extraction, quotes: list[Quote]) -> list[_Candidate]:
    """Interview answers and wire-brief bullets (see :mod:`graph.extractors.layouts`)."""
    text = doc_text(doc)
    out = []
    for item in (*layouts.interview_answers(doc, ex), *layouts.brief_bullets(doc, ex)):
        cue = doc.char_span(*item.cue, alignment_mode="expand")
        source = doc.char_span(*item.source, alignment_mode="expand") if item.source else None
        if cue is None or len(cue) == 0:
            continue
        out.append(
            _Candidate(
                cue=list(cue),
                content=[item.content],
                source=item.source,
                source_head=source[-1] if source is not None and len(source) else None,
                mode=_mode(text, item.content[0], item.content[1], quotes),
                anchor=cue[0],
                priority=3,
                speaker=item.speaker,
            )
        )
    return out


def _inverted_headline_candidates(doc: Doc, quotes: list[Quote]) -> list[_Candidate]:
    """The first lines of an article (headline, standfirst) written content-first, source
    last; or, in Title Case or capitals, which the parser reads poorly, source first. Only
    short lines that do not end like a sentence are headlines."""
    text = doc_text(doc)
    out = []
    for p_start, p_end in paragraphs(text)[:3]:
        line = text[p_start:p_end].rstrip()
        if len(line.split()) > 30 or line.endswith("."):
            continue
        m = _INVERTED_HEADLINE.match(line)
        if m is None and title_case_line(line):
            m = _SOURCE_FIRST_HEADLINE.match(line)
            if m is not None and len(m.group("source").split()) > 6:
                m = None
        if m is None:
            continue
        content = (p_start + m.start("content"), p_start + m.end("content"))
        source = (p_start + m.start("source"), p_start + m.end("source"))
        cue = doc.char_span(p_start + m.start("cue"), p_start + m.end("cue"), alignment_mode="expand")
        source_span = doc.char_span(*source, alignment_mode="expand")
        if cue is None or source_span is None or len(source_span) == 0:
            continue
        out.append(
            _Candidate(
                cue=list(cue),
                content=[content],
                source=source,
                source_head=source_span[-1],
                mode=_mode(text, content[0], content[1], quotes),
                anchor=cue[0],
                priority=3,
            )
        )
    return out


def _name_part(span):  # type: ignore[no-untyped-def]
    """'Republican pollster Daron Shaw' keeps all; 'The latest, from HuffPollster' keeps the name."""
    for ent in span.ents:
        if ent.label_ in ("PERSON", "ORG") and ent.end == span.end:
            return span.doc[span.start : ent.end] if span.end - span.start <= 5 else ent
    return span


# ---------------------------------------------------------------------------------------
# Pieces
# ---------------------------------------------------------------------------------------


def _subject_of(verb: Token):  # type: ignore[no-untyped-def]
    """The source: the verb's subject, or that of the clause it hangs from ("…, adding that")."""
    if verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl") and not _own_subject(verb):
        return None  # "Asked about X, she said …": the participle's subject is the one asked
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and not _own_subject(verb):
        # "He did not provide details …, simply stating that …": the participle shares the
        # subject of the clause it hangs from; when the parser hung it from a passive or a
        # nominal, that of the sentence.
        if verb.head.pos_ in ("VERB", "AUX"):
            found = _clause_subject(verb.head)
            if found is not None and found is not _UNSTATED:
                return found
        found = _clause_subject(verb.sent.root)
    else:
        found = _clause_subject(verb)
    if found is _UNSTATED:
        return None
    return found if found is not None else _left_noun_phrase(verb)


_UNSTATED = object()  # the clause says on purpose that no one is named ("was asked", "seems")


def _clause_subject(token: Token):  # type: ignore[no-untyped-def]
    """The subject of ``token``'s clause, climbing coordinations and complements; _UNSTATED
    when the clause names no one on purpose, None when nothing was found."""
    for _ in range(5):
        subj = _own_subject(token)
        if subj is not None:
            if subj.dep_ == "nsubjpass":
                agent = next((c for c in token.children if c.dep_ == "agent"), None)
                pobj = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                )
                if pobj is not None:
                    return _np_span(pobj)  # "was criticized by X"
                if token.lemma_.lower() not in _PASSIVE_SOURCE_VERBS:
                    # "was asked", "is seen as", "it was reported that": the one who said it is not stated.
                    return _UNSTATED
            if token.lemma_.lower() in _RAISING_VERBS:
                return _UNSTATED  # "the statistics appear to …": an impression, no one stated it
            return _np_span(subj)
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            # "Her campaign sent out a press release saying …": the one who issued the
            # document speaks; a document with no issuer named speaks for itself.
            issuer = _issuer_of(token.head)
            return _np_span(issuer if issuer is not None else token.head)
        if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return _np_span(token.head)  # "officials who said …"
        if token.head is not token and (
            token.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acomp", "attr")
            or (token.dep_ == "prep" and token.pos_ == "ADP")
        ):
            # "by denouncing …", "was the most aggressive in denouncing …": up to the clause's verb.
            token = token.head
            continue
        break
    return None


def _issuer_of(noun: Token) -> Token | None:
    """The subject of the verb a noun is the object of ("X sent an email to supporters")."""
    node = noun
    for _ in range(4):
        if node.dep_ in ("dobj", "pobj", "prep", "dative") and node.head is not node:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                subj = _own_subject(node)
                return subj if subj is not None and subj.dep_ != "nsubjpass" else None
            continue
        return None
    return None


def _unstated_source(verb: Token) -> bool:
    """Attributions that name no source on purpose: passives without an agent, "seems"."""
    if verb.lemma_.lower() in _RAISING_VERBS:
        return True
    return any(c.dep_ == "nsubjpass" for c in verb.children) and not any(
        c.dep_ == "agent" for c in verb.children
    )


def _own_subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in _SOURCE_DEPS), None)


_NP_POS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "DET", "ADJ"})


def _left_noun_phrase(verb: Token):  # type: ignore[no-untyped-def]
    """Parser slips leave a subject unattached ("About 4 in 10 say …"): take the words right before."""
    doc = verb.doc
    i = verb.i - 1
    while (
        i >= verb.sent.start
        and doc[i].pos_ in ("AUX", "PART", "ADV")
        and doc[i].dep_ in ("aux", "neg", "advmod", "auxpass")
    ):
        i -= 1
    end = i
    while i >= verb.sent.start and (doc[i].pos_ in _NP_POS or (doc[i].lower_ in ("of", "in") and i < end)):
        i -= 1
    start = i + 1
    if start > end or not any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in doc[start : end + 1]):
        return None
    if doc[start].pos_ == "ADP":
        start += 1
    return doc[start : end + 1]


def _np_span(head: Token):  # type: ignore[no-untyped-def]
    """A noun phrase around ``head``, cut before appositions and relative clauses."""
    doc = head.doc
    start, end = _subtree_bounds(head)
    for child in head.rights:
        if child.dep_ in ("appos", "relcl", "acl", "punct") or child.text == ",":
            end = min(end, _subtree_bounds(child)[0] - 1)
    for child in head.lefts:
        if child.text == ",":
            start = max(start, child.i + 1)
    end = max(end, head.i)
    start = min(start, head.i)
    while end > start and doc[end].is_punct:
        end -= 1
    while start < end and doc[start].is_punct:
        start += 1
    return doc[start : end + 1]


def _subtree_bounds(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


def _span_of(span) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return span.start_char, span.end_char


def _after(token: Token) -> int:
    return token.idx + len(token.text)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


EXTEND_MODE = "quotes"


def _extend_clause(doc: Doc, verb: Token, end: int, quotes: list[Quote]) -> int:
    """A reported clause runs on past what the parser attached to it: through a quotation
    that follows it, and (in speech) to the end of the sentence."""
    text = doc_text(doc)
    sent_end = _rstrip(text, end, verb.sent.end_char)
    while sent_end > end and text[sent_end - 1] in ".;:!?":
        sent_end -= 1
    rest = text[end:sent_end]
    if not rest.strip():
        return end
    if EXTEND_MODE == "sentence":
        if re.match(r"^\s*[,—–-]+\s*(which|who|whom|whose|where|when)\b", rest):
            return end
        return sent_end
    for q in quotes:
        if end <= q.start < sent_end and len(text[end : q.start].split()) <= 3:
            return max(end, min(q.end, len(text)))
    return end


QUOTE_RUN_ON = 600
"""How far past a reported clause a quotation opened inside it may carry the content."""


def _snap_to_quotes(start: int, end: int, quotes: list[Quote]) -> tuple[int, int]:
    """A content span that cuts a quotation mark off keeps the whole quotation; one that
    opens a quotation runs on to its close ('that “ethanol people” “do a fantastic job.
    And it's so important.”': the parser's clause ends at the first full stop)."""
    for q in quotes:
        if start <= q.start < end < q.end and (
            q.end - end <= 3 or (q.closed and q.end - end <= QUOTE_RUN_ON)
        ):
            end = q.end
        if q.start < start < q.end < end and start - q.start <= 3:
            start = q.start
    return start, end


def _cue_tokens(verb: Token) -> list[Token]:
    tokens = [verb]
    tokens += [c for c in verb.children if c.dep_ == "prt"]
    return sorted(tokens, key=lambda t: t.i)


def _mode(text: str, start: int, end: int, quotes: list[Quote]) -> Mode:
    inside = [q for q in quotes if q.start >= start - 1 and q.end <= end + 1]
    if not inside:
        return "indirect"
    covered = sum(q.end - q.start for q in inside)
    return "direct" if covered >= 0.9 * (end - start) else "mixed"


def _content_mode(text: str, spans: Iterable[tuple[int, int]], quotes: list[Quote], mode: Mode) -> Mode:
    return mode


# ---------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------


def _to_record(doc: Doc, c: _Candidate, ex: Extraction, quotes: list[Quote], n: int) -> Attribution:
    text = doc_text(doc)
    content = tuple(Span(start=s, end=e) for s, e in sorted(c.content))
    cue_spans = _merge([(t.idx, t.idx + len(t.text)) for t in c.cue])
    source = (Span(start=c.source[0], end=c.source[1]),) if c.source else ()
    speaker = c.speaker or _speaker(ex.mentions, c.source, c.source_head)
    if speaker is None and c.source is not None:
        words = text[c.source[0] : c.source[1]]
        speaker = _named(ex, words) or _office_holder(ex, words) or _named_next(doc, ex, c)
    speaker_name = None
    if speaker is not None:
        entity = ex.entity(speaker)
        speaker_name = entity.name if entity is not None else None
    elif c.source:
        speaker_name = text[c.source[0] : c.source[1]]
    elif c.anchor.lemma_.lower() in _RAISING_VERBS and ex.document.meta.publisher:
        # "X's position appears to contradict …": an appearance judged in the article's own
        # voice; its publisher is the one who claims it.
        speaker = entity_key("organization", ex.document.meta.publisher)
        speaker_name = ex.document.meta.publisher
    addressee, addressee_name = _addressee(doc, c.anchor, ex.mentions)
    info = stance.describe(doc, c.anchor, [(s.start, s.end) for s in content])
    about = sorted(
        {
            m.entity
            for s in content
            for m in _mentions_within(ex.mentions, s.start, s.end)
            if m.entity != speaker
        }
    )
    return Attribution(
        id=f"a{content[0].start}-{cue_spans[0][0] if cue_spans else 0}",
        mode=c.mode,
        source=source,
        cue=tuple(Span(start=s, end=e) for s, e in cue_spans),
        content=content,
        speaker=speaker,
        speaker_name=speaker_name,
        addressee=addressee,
        addressee_name=addressee_name,
        cue_lemma=c.anchor.lemma_.lower()
        if c.anchor.pos_ in ("VERB", "AUX", "NOUN")
        else " ".join(t.lower_ for t in c.cue),
        occasion=info.occasion,
        occasion_span=info.occasion_span,
        date_phrase=info.date_phrase,
        date_span=info.date_span,
        polarity=info.polarity,
        certainty=info.certainty,
        about=tuple(about),
    )


# How far after an opening "A Bristol start-up says …" the text may name the organization.
CATAPHORA_WINDOW = 700


def _named_next(doc: Doc, ex: Extraction, c: _Candidate) -> str | None:
    """'A Bristol start-up says it has built a chip … Corvane, founded in 2019, said': an
    article that opens with an organization described, not named, names it next."""
    head = c.source_head
    if head is None or c.source is None or c.source[0] > 600:
        return None
    if not any(t.lower_ in ("a", "an") for t in head.lefts) or not _types.is_org_noun(head):
        return None
    types = {e.id: e.type for e in ex.entities}
    for m in ex.mentions:
        if not (c.source[1] <= m.span.start <= c.source[1] + CATAPHORA_WINDOW):
            continue
        if types.get(m.entity) != "organization" or m.kind not in ("name", "acronym"):
            continue
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            return m.entity  # the first organization the text goes on to make a subject
    return None


def _office_holder(ex: Extraction, words: str) -> str | None:
    """'CHAIR:', '* Minister urges …', 'President says …': an office named without an
    article is its holder, when the text gives that office to one person."""
    from graph.extractors._lexicon import PERSON_NOUNS

    title = " ".join(re.sub(r"^(?:the)\s+", "", words.strip(), flags=re.I).lower().split())
    if not title or title.split()[-1] not in PERSON_NOUNS or len(title.split()) > 4:
        return None
    holders = {
        r.person for r in ex.roles if r.title.lower() == title or r.title.lower().endswith(" " + title)
    }
    return next(iter(holders)) if len(holders) == 1 else None


def _named(ex: Extraction, words: str) -> str | None:
    """The person or organization whose name, alias or short name the source is, spelled in
    any case ("HARBOUR LINE", "Harbour Line", "Skyrand"): sources the recognizer missed."""
    from graph.extractors._names import short_forms

    key = " ".join(re.sub(r"^(?:the|a|an)\s+", "", words.strip(), flags=re.I).lower().split())
    if not key or len(key) < 3:
        return None
    found = set()
    for e in ex.entities:
        if e.type not in ("person", "organization"):
            continue
        names = {e.name.lower(), *(a.lower() for a in e.aliases)}
        if e.type == "person":
            names.update(short_forms(e.name)[:2])
        if key in names:
            found.add(e.id)
    return next(iter(found)) if len(found) == 1 else None


def _addressee(doc: Doc, verb: Token, mentions: tuple[Mention, ...]) -> tuple[str | None, str | None]:
    """Whom a cue addresses: "told the BBC", "told reporters", "warned investors", "said to
    the committee" -> (entity id or None, the words as written). Never the speaker."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None, None
    lemma = verb.lemma_.lower()
    target = None
    if lemma in _ADDRESSEE_VERBS and lemma != "accord":
        target = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.pos_ != "PRON"), None)
        if target is None:
            target = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if target is None and lemma in ("say", "explain", "write", "speak", "complain", "admit", "announce"):
        to = next((c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"), None)
        target = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if target is None or target.i < verb.i:
        return None, None
    span = _np_span(target)
    if len(span) > 8:
        return None, None
    entity = _covering(mentions, target.idx)
    return entity, doc_text(doc)[span.start_char : span.end_char]


def _mentions_within(mentions: tuple[Mention, ...], start: int, end: int) -> list[Mention]:
    """Mentions inside [start, end); ``mentions`` are sorted by start (the extractors keep them so)."""
    starts = [m.span.start for m in mentions]
    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(mentions) and mentions[i].span.start < end:
        if mentions[i].span.end <= end:
            out.append(mentions[i])
        i += 1
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _speaker(mentions: tuple[Mention, ...], source: tuple[int, int] | None, head) -> str | None:  # type: ignore[no-untyped-def]
    """The entity the source names: the mention at its head word; else the name in
    apposition to the head ("The agency's spokeswoman, Clara Weiss, said"); a common noun
    or pronoun head that nothing resolved ("officials in the capital", "analysts") names
    no entity, whatever names sit inside it."""
    if source is None:
        return None
    s, e = source
    if head is not None:
        at_head = _covering(mentions, head.idx)
        if at_head is not None:
            return at_head
        for child in head.subtree:
            if child.dep_ == "appos" and child.i > head.i and child.pos_ == "PROPN":
                named = _covering(mentions, child.idx)
                if named is not None:
                    return named  # "the governor of Pará state, Rodrigo Amaral"
        if head.lower_ in _VOICE_NOUNS:
            issuer = _issuer(mentions, head)
            if issuer is not None:
                return issuer  # "a statement from the ministry", "a TdE spokesperson"
        if head.pos_ in ("NOUN", "PRON", "NUM", "ADJ", "DET"):
            return None
    inside = [m for m in mentions if m.span.start >= s and m.span.end <= e]
    covering = [m for m in mentions if m.span.start <= s and m.span.end >= e]
    if covering:
        return min(covering, key=lambda m: len(m.span)).entity
    if len({m.entity for m in inside}) == 1:
        return inside[0].entity
    return None


# Nouns for what speaks on someone's behalf: a document, a study, a spokesperson.
_VOICE_NOUNS = frozenset(
    """statement statements report study research survey analysis release announcement email letter
    memo filing post message note document figures data poll findings paper spokesperson spokesman
    spokeswoman spokespeople representative""".split()
)


def _issuer(mentions: tuple[Mention, ...], head) -> str | None:  # type: ignore[no-untyped-def]
    """Whose statement or spokesperson it is: "a statement from X", "research by X", "X's
    report", "a spokesperson for X", "a TdE spokesperson"."""
    for child in head.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            named = _covering(mentions, child.idx)
            if named is not None:
                return named
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of", "for"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            named = _covering(mentions, pobj.idx) if pobj is not None else None
            if named is not None:
                return named
    return None


def _covering(mentions: tuple[Mention, ...], char: int) -> str | None:
    """The entity of the narrowest mention over the character at ``char``."""
    starts = [m.span.start for m in mentions]
    i = bisect.bisect_right(starts, char)
    best: Mention | None = None
    for m in mentions[max(0, i - 64) : i]:
        if m.span.start <= char < m.span.end and (best is None or len(m.span) < len(best.span)):
            best = m
    return best.entity if best is not None else None
