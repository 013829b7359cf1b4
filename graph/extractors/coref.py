"""Coreference: pronouns and descriptions that point back at an entity the text named.

* "He noted ..." -> the person most recently in subject position before it; "It said ..."
  -> the organization most recently in subject position (never a person or a place).
* "the Ukrainian president", "the prime minister" -> the person whose role has that title
  (for "leader", any head-of-state title), in that country when one is given. An office
  refers only to its holder: "the judge said" with no judge named stays unresolved.
* "the former coach", "the 31-year-old", "the veteran" -> the person last described that
  way, else the most recent person in subject position whose role does not conflict.
* "the company", "the drugmaker", "the club", "the ministry" -> the organization last
  named that suits the description: one with the noun in its name ("the ministry" ->
  "Ministry of Health"), one the text described that way ("Veltrix, the drugmaker"),
  else the most recent organization of a compatible kind that is not a news outlet.

Surnames, short names and acronyms are already merged by the entity extractor.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from graph.extractors._lexicon import (
    LEADER_TITLES,
    ORG_DESCRIPTORS,
    ORG_SUFFIXES,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    TITLE_NOUNS,
    doc_text,
)
from graph.extractors._registry import register
from graph.extractors._types import noun_word
from graph.records import Extraction, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# How far back (in characters) a pronoun may look for its antecedent: about two paragraphs.
_PRONOUN_WINDOW = 1200
# How far back a description may look ("the company" three paragraphs after "Acme Corp").
_DESCRIPTION_WINDOW = 4000
_DETERMINERS = frozenset({"the", "this", "that"})
# Modifiers that make "the X" another one than the one named: "the rival company".
_OTHER = frozenset(
    {"other", "another", "rival", "second", "different", "new", "same", "former's", "latter's"}
)
_AGE = re.compile(r"^\d{1,3}-year-old$")
# Words of a news outlet's name: it reports, it is not "the company" the story is about.
_MEDIA_WORDS = frozenset(
    """news times post radio tv television journal herald gazette weekly daily tribune telegraph
    guardian observer chronicle courier ledger broadcaster press agency wire reuters bloomberg
    afp ap bbc cnn magazine review instagram facebook twitter tiktok youtube linkedin threads
    bluesky weibo wechat telegram whatsapp snapchat reddit""".split()
)
# Words in an organization's name that tell its kind, for "the club" / "the ministry".
_KIND_WORDS = {
    "club": frozenset(
        "fc f.c. afc cf sc rovers athletic wanderers albion rangers hotspur united city town club".split()
    ),
    "public": frozenset(
        """ministry department agency government administration authority regulator council
        commission court tribunal office bureau service police army parliament""".split()
    ),
    "body": frozenset(
        """union association federation organisation organization charity foundation trust
        institute university college school hospital society party alliance coalition league
        committee board network collective""".split()
    ),
}


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


@dataclasses.dataclass
class _Context:
    doc: Doc
    types: dict[str, str]
    names: dict[str, str]
    roles: dict[str, list[tuple[str, str | None]]]
    places: dict[str, object]
    resolved: list[Mention]
    subjects: set[int]
    described: dict[str, set[str]]  # entity -> nouns the text described it with
    genders: dict[str, str] = dataclasses.field(default_factory=dict)  # person -> "m" / "f"
    named: list[Mention] = dataclasses.field(default_factory=list)  # named mentions, by start
    org_cursor: int = 0  # how many of ``named`` _org_name_words has read
    org_words: set[str] = dataclasses.field(default_factory=set)
    topic: str | None = None  # the organization named most ("" when none), worked out on demand


def resolve(doc: Doc, ex: Extraction) -> list[Mention]:
    types = {e.id: e.type for e in ex.entities}
    roles_by_person: dict[str, list[tuple[str, str | None]]] = {}
    for role in ex.roles:
        roles_by_person.setdefault(role.person, []).append((role.title.lower(), role.organization))
    named = sorted(
        (m for m in ex.mentions if types.get(m.entity) in ("person", "organization")),
        key=lambda m: m.span.start,
    )
    ctx = _Context(
        doc=doc,
        types=types,
        names={e.id: e.name for e in ex.entities},
        roles=roles_by_person,
        places={e.id: e for e in ex.entities if e.type == "place"},
        resolved=list(named),
        subjects=set(),
        described={},
        named=list(named),
    )
    for m in named:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            ctx.subjects.add(m.span.start)
        if span is not None:
            _note_apposition(ctx, span, m.entity)
            if types.get(m.entity) == "person" and span.start > 0:
                gender = _GENDERED.get(doc[span.start - 1].lower_)
                if gender:
                    ctx.genders.setdefault(m.entity, gender)  # "Mrs Marsh", "Mr Hale"
    for person, titles in roles_by_person.items():
        for title, _ in titles:
            gender = next((_GENDERED[w] for w in title.split() if w in _GENDERED), None)
            if gender:
                ctx.genders.setdefault(person, gender)  # "spokeswoman", "chairman"
    for entity, nouns in ctx.described.items():
        gender = next((_GENDERED[n] for n in nouns if n in _GENDERED), None)
        if gender and types.get(entity) == "person":
            ctx.genders.setdefault(entity, gender)
    taken = {(m.span.start, m.span.end) for m in ex.mentions}
    covered = {i for m in ex.mentions for i in range(m.span.start, m.span.end)}
    out: list[Mention] = []
    for token in doc:
        if (token.idx, token.idx + len(token.text)) in taken or token.idx in covered:
            continue
        mention = _pronoun(ctx, token) or _description(ctx, token)
        if mention is None:
            continue
        out.append(mention)
        ctx.resolved.append(mention)
        ctx.resolved.sort(key=lambda x: x.span.start)
        if token.dep_ in ("nsubj", "nsubjpass"):
            ctx.subjects.add(mention.span.start)
    return out


def _note_apposition(ctx: _Context, span, entity: str) -> None:  # type: ignore[no-untyped-def]
    """'Lindqvist Pharma, the Swedish drugmaker,': the text describes the entity as a
    drugmaker; 'Vikram Raghavan, 31,': as a 31-year-old."""
    doc = span.doc
    for child in span.root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            ctx.described.setdefault(entity, set()).add(noun_word(child))
    end = span.end
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].like_num and doc[end + 2].text == ",":
        ctx.described.setdefault(entity, set()).add(f"{doc[end + 1].text}-year-old")


# --------------------------------------------------------------------------- pronouns


def _pronoun(ctx: _Context, token: Token) -> Mention | None:
    low = token.lower_
    if low in PERSON_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass", "poss"):
        kind = "person"
    elif low == "it" and token.dep_ in ("nsubj", "nsubjpass") and token.text in ("It", "it"):
        kind = "organization"
    else:
        return None
    if _in_quote(ctx.doc, token.idx):
        return None
    gender = _PRONOUN_GENDER.get(low)
    entity = _recent_subject(
        ctx, token.idx, kind, _PRONOUN_WINDOW, strict=kind == "organization", gender=gender
    )
    if entity is not None and kind == "organization" and _is_outlet(ctx, entity):
        return None  # "it" is not the outlet or platform that carried the words
    if entity is None:
        return None
    if gender:
        ctx.genders.setdefault(entity, gender)
    return _mention(token.idx, token.idx + len(token.text), entity, token.text, "pronoun")


def _is_outlet(ctx: _Context, entity: str) -> bool:
    return bool(set(re.findall(r"[a-z]+", ctx.names.get(entity, "").lower())) & _MEDIA_WORDS)


def _recent_subject(
    ctx: _Context, before: int, kind: str, window: int, *, strict: bool, gender: str | None = None
) -> str | None:
    """The latest mention of ``kind`` in subject position in this or the previous sentence,
    else (unless ``strict``) the latest mention of that kind in the window; "she" never
    takes a person the text has shown to be a man, nor "he" a woman."""
    candidates = [
        m
        for m in ctx.resolved
        if m.span.end <= before
        and before - m.span.start <= window
        and ctx.types.get(m.entity) == kind
        and (gender is None or ctx.genders.get(m.entity, gender) == gender)
    ]
    if not candidates:
        return None
    sent_start = _sentence_start(ctx.doc, before)
    prev_start = _sentence_start(ctx.doc, sent_start - 1) if sent_start > 0 else 0
    recent = [m for m in candidates if m.span.start >= prev_start]
    subjects = [m for m in recent if m.span.start in ctx.subjects or m.kind in ("pronoun", "nominal")]
    if strict:
        return subjects[-1].entity if subjects else None
    pool = subjects or recent or candidates
    return pool[-1].entity


# --------------------------------------------------------------------------- descriptions


def _description(ctx: _Context, token: Token) -> Mention | None:
    """A definite noun phrase ("the company", "the former coach") that refers back."""
    low = noun_word(token)  # "start-up", split by the tokenizer
    if token.ent_type_ in ("PERSON", "ORG") or (
        token.pos_ not in ("NOUN", "PROPN", "ADJ") and "-" not in low
    ):
        return None
    is_age = bool(_AGE.match(low)) or _hyphenated_age(token)
    if not any(c.dep_ == "det" and c.lower_ in _DETERMINERS for c in token.lefts):
        _org_name_words(ctx, token.idx)  # keep the words gathered up to here
        return None
    org_noun = (
        low in ORG_DESCRIPTORS
        or (low.endswith("maker") and len(low) > 5)
        or (token.pos_ == "NOUN" and low in _org_name_words(ctx, token.idx))
    )
    if not (org_noun or is_age or low in PERSON_NOUNS) or (
        token.pos_ == "ADJ" and not is_age and "-" not in low
    ):
        return None
    if token.dep_ == "compound" or any(c.dep_ == "compound" and c.i > token.i for c in token.children):
        return None  # "company shares": the noun modifies another
    det = [c for c in token.lefts if c.dep_ == "det" and c.lower_ in _DETERMINERS]
    if not det or any(c.dep_ == "poss" for c in token.lefts):
        return None
    if any(c.lower_ in _OTHER for c in token.lefts):
        return None
    lefts = list(token.lefts)
    if any(t.ent_type_ == "PERSON" for t in token.subtree if t.i != token.i):
        return None
    if any(c.dep_ in ("relcl", "acl") for c in token.children) or any(
        c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "from") for c in token.children
    ):
        return None  # "the company that makes …", "the head of X": a new description, not a reference
    start = det[0].idx
    end = token.idx + len(token.text)
    if org_noun and not (low in PERSON_NOUNS and not low.endswith("maker") and low not in ORG_DESCRIPTORS):
        entity = _organization_for(ctx, token, low, start)
    else:
        entity = _person_for(ctx, token, low, is_age, lefts, start)
    if entity is None:
        return None
    return _mention(start, end, entity, doc_text(ctx.doc)[start:end], "nominal")


def _org_name_words(ctx: _Context, before: int) -> set[str]:
    """Lower-case words in the names of organizations mentioned before ``before``: "the
    centre" can refer to the "Arctic Marine Research Centre". Tokens come in text order, so
    the words are gathered once, as the mentions are passed."""
    while ctx.org_cursor < len(ctx.named) and ctx.named[ctx.org_cursor].span.start < before:
        m = ctx.named[ctx.org_cursor]
        if ctx.types.get(m.entity) == "organization":
            ctx.org_words.update(w for w in _kind_words(ctx.names.get(m.entity, "")) if len(w) > 3)
        ctx.org_cursor += 1
    return ctx.org_words


def _kind_words(name: str) -> set[str]:
    """The words of an organization's name that say what it is, which "the <noun>" can
    take up: its last word ("the centre" of "Arctic Marine Research Centre"), the word before
    "of" ("the ministry" of "Ministry of Health"), and any organization word. Not the others:
    "the water" is not the "Otley Residents Water Group", nor "the bridge" its "Bridge
    Authority"."""
    words = re.findall(r"[a-z]+", name.lower())
    if not words:
        return set()
    kinds = {words[-1]} | {w for w in words if w in ORG_SUFFIXES or w in ORG_DESCRIPTORS}
    kinds |= {words[i - 1] for i, w in enumerate(words) if w == "of" and i > 0}
    return kinds


def _age_of(token: Token) -> str | None:
    """'31-year-old' (one token or split by the tokenizer) as written."""
    if _AGE.match(token.lower_):
        return token.lower_
    if _hyphenated_age(token):
        return f"{token.doc[token.i - 4].text}-year-old"
    return None


def _hyphenated_age(token: Token) -> bool:
    """'31-year-old' as the tokenizer splits it: 31 - year - old."""
    doc = token.doc
    return (
        token.lower_ == "old"
        and token.i >= 3
        and doc[token.i - 1].text == "-"
        and doc[token.i - 2].lower_ == "year"
        and doc[token.i - 3].text == "-"
    )


def _organization_for(ctx: _Context, token: Token, noun: str, before: int) -> str | None:
    kind = "company" if noun.endswith("maker") else ORG_DESCRIPTORS.get(noun, "company")
    orgs = [
        m
        for m in ctx.resolved
        if m.span.end <= before
        and before - m.span.start <= _DESCRIPTION_WINDOW
        and ctx.types.get(m.entity) == "organization"
    ]
    if not orgs:
        return None
    # Latest first; each entity once.
    seen: dict[str, Mention] = {}
    for m in orgs:
        seen[m.entity] = m
    ordered = sorted(seen.values(), key=lambda m: m.span.start, reverse=True)
    name_words = {e: set(re.findall(r"[a-z]+", ctx.names.get(e, "").lower())) for e in seen}
    for m in ordered:  # the noun is in its name: "the ministry" -> "Ministry of Health"
        if noun in _kind_words(ctx.names.get(m.entity, "")):
            return m.entity
    for m in ordered:  # the text described it so: "Veltrix, the drugmaker"
        if noun in ctx.described.get(m.entity, set()):
            return m.entity
    fitting = [
        m for m in ordered if _suits(name_words[m.entity], kind) and not (name_words[m.entity] & _MEDIA_WORDS)
    ]
    if not fitting:
        return None
    # The organization the article is about, unless another was just named in this sentence
    # ("Analyst X of Lakeport Capital said the company's sales were slowing": the company is
    # the one the story is about).
    topic = _topic(ctx)
    if (
        topic is not None
        and fitting[0].entity != topic
        and any(m.entity == topic for m in fitting)
        and fitting[0].span.start < _sentence_start(ctx.doc, before)
    ):
        return topic
    return fitting[0].entity


def _topic(ctx: _Context) -> str | None:
    """The organization the document names most often."""
    if ctx.topic is None:
        counts: dict[str, int] = {}
        for m in ctx.named:
            if ctx.types.get(m.entity) == "organization":
                counts[m.entity] = counts.get(m.entity, 0) + 1
        ranked = sorted(counts, key=lambda e: (-counts[e], e))
        ctx.topic = ranked[0] if ranked and counts[ranked[0]] >= 2 else ""
    return ctx.topic or None


_COMPANY_WORDS = (
    ORG_SUFFIXES - _KIND_WORDS["club"] - _KIND_WORDS["public"] - _KIND_WORDS["body"] - _MEDIA_WORDS
)


def _suits(words: set[str], kind: str) -> bool:
    """Whether an organization with these name words can be called a ``kind`` ("club",
    "company", ...): its name says it is one, or says nothing of its kind."""
    marked = {k for k, ws in _KIND_WORDS.items() if words & ws}
    if words & _COMPANY_WORDS:
        marked.add("company")
    return kind in marked or not marked


def _person_for(ctx: _Context, token: Token, noun: str, is_age: bool, lefts, before: int) -> str | None:  # type: ignore[no-untyped-def]
    if is_age:
        age = _age_of(token)
        aged = [
            m.entity
            for m in ctx.resolved
            if m.span.start < before and age in ctx.described.get(m.entity, set())
        ]
        if aged:
            return aged[-1]  # "Vikram Raghavan, 31, ..." -> "the 31-year-old"
    country = _country_of(ctx, lefts)
    holder = _by_title(ctx, noun, country, before)
    if holder is not None or (noun in TITLE_NOUNS and not is_age):
        return holder  # an office refers only to its holder
    if country is not None:
        return None
    candidate = _recent_subject(ctx, before, "person", _PRONOUN_WINDOW, strict=False)
    if candidate is None:
        return None
    titles = [t.split()[-1] for t, _ in ctx.roles.get(candidate, []) if t]
    if titles and not is_age and noun not in titles and noun in PERSON_NOUNS - _GENERIC_PEOPLE:
        return None  # "the goalkeeper" is not the person last described as a manager
    return candidate


_PRONOUN_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
}
# Words that tell a person's gender: honorifics before the name, gendered nouns in a role.
_GENDERED = {
    **dict.fromkeys(
        """mr mr. sir lord spokesman chairman councilman congressman businessman sportsman
        father son brother husband widower man boy king prince grandfather uncle nephew""".split(),
        "m",
    ),
    **dict.fromkeys(
        """mrs mrs. ms ms. miss dame lady spokeswoman chairwoman councilwoman congresswoman
        businesswoman sportswoman actress mother daughter sister wife widow woman girl queen
        princess grandmother aunt niece""".split(),
        "f",
    ),
}
# Titles of one office ("Justice Meera Kapoor" ... "the judge said").
_SAME_OFFICE = {
    "justice": "judge",
    "magistrate": "judge",
    "skipper": "captain",
    "boss": "manager",
    "councilor": "councillor",
    "councilman": "councillor",
    "councilwoman": "councillor",
    "cllr": "councillor",
    "premier": "premier",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
}
_GENERIC_PEOPLE = frozenset(
    """man woman boy girl teenager veteran star father mother son daughter brother sister wife
    husband widow widower pensioner resident youngster newcomer winner loser runner-up debutant
    prodigy briton spaniard frenchman frenchwoman dutchman dutchwoman englishman englishwoman
    scot welshman welshwoman irishman irishwoman dane swede finn pole turk kiwi aussie""".split()
)


def _country_of(ctx: _Context, lefts) -> str | None:  # type: ignore[no-untyped-def]
    for left in lefts:
        if left.ent_type_ in ("NORP", "GPE") and left.ent_kb_id_:
            from graph import gazetteer

            place = gazetteer.by_key().get(left.ent_kb_id_)
            if place is not None:
                return next((pid for pid, p in ctx.places.items() if place.key in p.codes), None)  # type: ignore[attr-defined]
    return None


def _by_title(ctx: _Context, noun: str, country: str | None, before: int) -> str | None:
    best = None
    for m in ctx.resolved:
        if m.span.start >= before:
            break
        for title, org in ctx.roles.get(m.entity, ()):
            head = title.split()[-1] if title else ""
            head = _SAME_OFFICE.get(head, head)
            title_ok = (
                head == _SAME_OFFICE.get(noun, noun)
                or (noun == "leader" and head in LEADER_TITLES)
                or title == noun
            )
            if title_ok and (country is None or org == country):
                best = m.entity
    return best


# --------------------------------------------------------------------------- helpers


def _mention(start: int, end: int, entity: str, text: str, kind: str) -> Mention:
    return Mention(id=f"m{start}-{end}", entity=entity, span=Span(start=start, end=end), text=text, kind=kind)  # type: ignore[arg-type]


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
