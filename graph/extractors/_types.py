"""Entity types the recognizer gets wrong, corrected from the words and the whole document.

The small English model often calls an invented company a person ("Veltrix Pharma"), a
person an organization ("Mathis Caron"), a city a person ("Rotterdam"), keeps a title in a
name ("Shopkeeper Dennis Kwan") and splits "Van der Berg". These rules run once, as a spaCy
component after the gazetteer, so every extractor reads the same corrected ``doc.ents``:

* the words of a name: an organization's last word ("Pharma", "FC", "Council"), a
  street's ("Road"), titles, honorifics and demonyms before a personal name;
* the words around it: a title before a name, an apposition after it ("Name, the agency's
  spokeswoman"), an age ("Name, 54,"), "X's chief executive", "shares in X";
* the document: a one-word mention is the person whose short name it is ("Kulkarni" after
  "Ajay Kulkarni"), the organization it abbreviates ("Veltrix" after "Veltrix Pharma",
  "NGOA" after "... Association (NGOA)").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.extractors._lexicon import (
    HONORIFICS,
    ORG_DESCRIPTORS,
    ORG_SUFFIXES,
    PERSON_NOUNS,
    STREET_SUFFIXES,
    TITLE_ABBREVIATIONS,
    doc_text,
)
from graph.extractors._names import PARTICLES, short_forms

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_NAME_LABELS = frozenset({"PERSON", "ORG"})
_WEAK = frozenset(
    {"GPE", "LOC", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "PERSON", "LAW", "LANGUAGE"}
)
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
# First words of organization names that say nothing of which one it is.
_GENERIC_FIRST = frozenset(
    """national international united general central royal new first global european american
    british federal state city county regional northern southern eastern western north south
    east west the""".split()
)
_SPEECH_LEMMAS = frozenset({"say", "tell", "add", "warn", "note", "explain", "insist", "argue", "claim"})


def fix_entity_types(doc: Doc) -> Doc:
    """Correct ``doc.ents`` in place (see the module docstring); returns the Doc."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from graph import gazetteer

    gaz = gazetteer.load()
    ents: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            ent = _strip_person_prefix(ent, gaz)
        elif ent.label_ == "ORG":
            ent = _titled_person(ent, gaz)
        if ent is not None:
            ent = _before_bracket(ent)
        if ent is None or _title_only(ent) or ent.text.lower() in _THING_ACRONYMS:
            continue
        ents.append(_relabel_by_words(ent))
    ents = _merge_particle_names(doc, ents)
    ents = _prefix_names(doc, ents)
    found = _suffix_names(doc, ents)
    ents = [e for e in ents if not any(f.start < e.end and e.start < f.end for f in found)] + found
    ents = _with_national_adjective(doc, ents)
    ents = _adjacent_names(doc, ents)
    ents = [_whole_org_name(doc, e, ents) for e in ents]
    ents.extend(_untagged_people(doc, ents))
    people = {_last_word(e) for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    ents = [_place_modifier(ent, gaz) or _relabel_by_context(ent, people) for ent in ents]
    ents = _by_document(doc, ents, gaz)
    ents = _adjacent_names(doc, ents)
    merged = [_given_name_before(doc, e, ents) for e in ents]
    if merged != ents:
        ents = _by_document(doc, merged, gaz)  # the new full names lend their type to short ones
    ents = _headline_names_seen_again(doc, ents)
    doc.ents = filter_spans([Span(doc, e.start, e.end, label=e.label_, kb_id=e.kb_id_) for e in ents])
    return doc


# --------------------------------------------------------------------------- words of a name


def _last_word(ent: Span) -> str:
    for token in reversed(ent):
        if not token.is_punct:
            return token.lower_
    return ent[-1].lower_


def _strip_person_prefix(ent: Span, gaz) -> Span | None:  # type: ignore[no-untyped-def]
    """'Shopkeeper Dennis Kwan' -> 'Dennis Kwan'; 'Belgian Jonas Peeters' -> 'Jonas Peeters'."""
    start = ent.start
    doc = ent.doc
    while start < ent.end - 1:
        token = doc[start]
        low = token.lower_
        if (
            low in PERSON_NOUNS
            or low in HONORIFICS
            or low in TITLE_ABBREVIATIONS
            or low + "." in TITLE_ABBREVIATIONS
            or (token.text in gaz.demonyms and start + 2 < ent.end)
            or token.is_punct
        ):
            start += 1
            continue
        break
    if start == ent.start:
        return ent
    return _span(doc, start, ent.end, ent.label_) if start < ent.end else None


def _titled_person(ent: Span, gaz) -> Span:  # type: ignore[no-untyped-def]
    """'Chief Executive Maren Holt' labelled an organization: the title goes, a person stays."""
    stripped = _strip_person_prefix(ent, gaz)
    if stripped is None or stripped.start == ent.start or not _looks_personal(stripped):
        return ent
    return _span(ent.doc, stripped.start, stripped.end, "PERSON")


def _before_bracket(ent: Span) -> Span | None:
    """'East African Disease Surveillance Network (EADSN': the name ends at the bracket."""
    for token in ent:
        if token.text in ("(", "[") and token.i > ent.start:
            return _span(ent.doc, ent.start, token.i, ent.label_, ent.kb_id_)
        if (
            token.tag_ == "POS"
            and ent.start < token.i < ent.end - 1
            and not any(t.lower_ in ORG_SUFFIXES for t in ent.doc[token.i + 1 : ent.end])
        ):
            # "Pellworth Foods' Lindale (plant)": the owner's name ends at its possessive (not
            # "Japan's Kyodo News", an organization after it)
            return _span(ent.doc, ent.start, token.i, ent.label_, ent.kb_id_)
    return ent


# Acronyms of things, not organizations: "AI", "GDP", "EVs".
_THING_ACRONYMS = frozenset(
    "ai gdp ipo ev evs esg it pc tv vr iot api co2 ghg ppe suv suvs gps dna rna hiv mri pmi cpi lng lpg".split()
)


def _title_only(ent: Span) -> bool:
    """'CEO', 'CFO', 'Coun': a title, never an entity of its own."""
    words = [t.lower_ for t in ent if not t.is_punct]
    return bool(words) and all(
        w in PERSON_NOUNS or w in HONORIFICS or w in TITLE_ABBREVIATIONS or w + "." in TITLE_ABBREVIATIONS
        for w in words
    )


def _relabel_by_words(ent: Span) -> Span:
    first = ent[0]
    if (
        ent.label_ == "ORG"
        and len(ent) >= 2
        and (first.lower_ in ORG_DESCRIPTORS or first.lower_.endswith("maker"))
        and ent[1].text[:1].isupper()
    ):
        ent = _span(ent.doc, ent.start + 1, ent.end, "ORG")  # "Brokerage Harwell & Crane"
    last = _last_word(ent)
    if ent.label_ != "ORG" and not ent.kb_id_ and last in ORG_SUFFIXES and len(ent) >= 2:
        return _span(ent.doc, ent.start, ent.end, "ORG")
    if (
        ent.label_ in ("ORG", "PERSON", "GPE")
        and not ent.kb_id_
        and last in STREET_SUFFIXES
        and len(ent) >= 2
    ):
        return _span(ent.doc, ent.start, ent.end, "FAC")
    return ent


def _merge_particle_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """'Van der Berg said', 'Helena dos Santos': particles and the names around them are
    one personal name (never taken from an organization's name: "Critérium du Vercors")."""
    by_token = {i: e for e in ents for i in range(e.start, e.end)}
    out = list(ents)
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.lower_ not in PARTICLES:
            i += 1
            continue
        j = i
        while j < len(doc) and doc[j].lower_ in PARTICLES:
            j += 1
        if j >= len(doc) or not (doc[j].text[:1].isupper() and doc[j].is_alpha):
            i = j + 1
            continue
        start = i
        if i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha and not doc[i - 1].is_sent_start:
            start = i - 1  # the given name before: "Lotte de Vries"
        elif not token.text[:1].isupper():
            i = j + 1
            continue  # a lower-case particle needs a name before it
        around = {by_token[k] for k in range(start, j + 1) if k in by_token}
        labels = {e.label_ for e in around}
        if labels <= {"PERSON", "GPE", "NORP", "LOC"} and "PERSON" in labels | (
            {"PERSON"} if not around else set()
        ):
            out = [e for e in out if not (e.start <= j and start < e.end)]
            out.append(
                _span(
                    doc,
                    min([start, *(e.start for e in around)]),
                    max([j + 1, *(e.end for e in around)]),
                    "PERSON",
                )
            )
        i = j + 1
    return out


# First words that make a name a club's or team's: "FC Ruhrtal 09", "Team Lumière".
_ORG_PREFIXES = frozenset("fc afc ac sc sv vfb vfl tsv fk nk sk bk cd ud team club".split())


def _prefix_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """'FC Ruhrtal 09 said': a club prefix and the capitalized words or number after it."""
    out = list(ents)
    for token in doc:
        if token.lower_ not in _ORG_PREFIXES or not token.text[:1].isupper():
            continue
        end = token.i + 1
        while (
            end < len(doc)
            and end - token.i <= 3
            and (
                (doc[end].text[:1].isupper() and doc[end].is_alpha)
                or (doc[end].like_num and end > token.i + 1)
            )
        ):
            end += 1
        if end == token.i + 1 or (
            token.lower_ in ("team", "club") and doc[token.i + 1].ent_type_ == "PERSON"
        ):
            continue
        out = [e for e in out if not (e.start < end and token.i < e.end)]
        out.append(_span(doc, token.i, end, "ORG"))
    return out


def _with_national_adjective(doc: Doc, ents: list[Span]) -> list[Span]:
    """'the East African Disease Surveillance Network', 'the Spanish Climate Monitoring
    Centre': a capitalized adjective of nationality between "the" and an organization's
    name is part of the name."""
    by_end = {e.end: e for e in ents}
    out = []
    dropped: set[int] = set()
    for e in sorted(ents, key=lambda e: e.start):
        before = by_end.get(e.start)
        if (
            e.label_ == "ORG"
            and len(e) >= 2
            and before is not None
            and before.label_ in ("NORP", "LOC", "GPE")
            and before.start > 0
            and doc[before.start - 1].lower_ == "the"
            and all(t.text[:1].isupper() for t in before)
        ):
            dropped.add(id(before))
            out.append(_span(doc, before.start, e.end, "ORG"))
        else:
            out.append(e)
    return [e for e in out if id(e) not in dropped]


def _adjacent_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """'Western' (an organization) + 'Grid Cymru' (a person), side by side and bound by the
    parse into one name: one organization, "Western Grid Cymru"."""
    ordered = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    for e in ordered:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == e.start
            and {prev.label_, e.label_} <= {"ORG", "PERSON"}
            and "ORG" in {prev.label_, e.label_}
            and not prev.kb_id_
            and not e.kb_id_
            and all(t.text[:1].isupper() for t in (*prev, *e) if t.is_alpha)
            and all(t.head.i in range(prev.start, e.end) or t.i == e.root.i for t in (*prev, *e))
        ):
            out[-1] = _span(doc, prev.start, e.end, "ORG")
        else:
            out.append(e)
    return out


def _given_name_before(doc: Doc, ent: Span, ents: list[Span]) -> Span:
    """'Carmen Albiol took over as director' with only "Albiol" recognized: a capitalized
    word bound to a one-word name is the rest of it; the whole is a person when the words
    around it say so."""
    if len(ent) != 1 or ent.label_ not in _NAME_LABELS or ent.start == 0:
        return ent
    before = doc[ent.start - 1]
    if (
        not _name_word(before)
        or before.head.i != ent.start
        or before.dep_ != "compound"
        or any(e.start <= before.i < e.end for e in ents)
    ):
        return ent
    whole = _span(doc, before.i, ent.end, ent.label_)
    of_org = (
        ent.end + 1 < len(doc)
        and doc[ent.end].lower_ == "of"
        and any(e.start == ent.end + 1 and e.label_ == "ORG" for e in ents)
    )  # "Priya Raman of Halden Securities"
    if ent.label_ == "ORG" and _looks_personal(whole) and (of_org or _person_cue(whole, set())):
        return _span(doc, before.i, ent.end, "PERSON")
    return whole if ent.label_ == "PERSON" else ent


_NAME_LINKS = frozenset({"de", "del", "do", "da", "dos", "das", "di", "du", "des", "of", "for", "and", "&"})


def _whole_org_name(doc: Doc, ent: Span, ents: list[Span]) -> Span:
    """'Western Grid Cymru', 'Sindicato de Trabajadores Cerro Pardo': capitalized words the
    recognizer cut off the front of an organization's name, joined by the parse."""
    if ent.label_ != "ORG":
        return ent
    taken = {i for e in ents if e is not ent for i in range(e.start, e.end)}
    start = ent.start
    while start > 0 and start - 1 not in taken:
        token = doc[start - 1]
        if (
            token.lower_ in _NAME_LINKS
            and start >= 2
            and doc[start - 2].text[:1].isupper()
            and start - 2 not in taken
        ):
            word = doc[start - 2].lower_
            if (
                doc[start - 2].is_sent_start
                or word in _NAME_LINKS
                or word in PERSON_NOUNS
                or word in TITLE_ABBREVIATIONS
                or word in HONORIFICS
            ):
                break  # "Secretary of State" is a title, not "… of State" an organization
            if (
                start >= 3
                and _name_word(doc[start - 2])
                and _name_word(doc[start - 3])
                and _looks_personal(doc[start - 3 : start - 1])
            ):
                break  # "Priya Raman of Halden Securities": a person of the organization
            start -= 2
            continue
        if not (
            token.text[:1].isupper()
            and token.is_alpha
            and token.pos_ in ("PROPN", "NOUN", "ADJ")
            and token.head.i in range(ent.start, ent.end)
            and token.dep_ in ("compound", "amod", "nmod")
            and token.lower_ not in PERSON_NOUNS
            and token.lower_ not in ORG_DESCRIPTORS
            and token.lower_ not in _PORTFOLIOS
        ):
            break
        start -= 1
    if start == ent.start:
        return ent
    return _span(doc, start, ent.end, "ORG")


def _suffix_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Capitalized words ending in an organization word that the recognizer left out
    ("Orvane Chemicals reported ..."); a word of it the recognizer took for a nationality or
    an unknown place is part of the name ("a Carrow Ferries spokesperson")."""
    taken = {
        i
        for e in ents
        if e.label_ in _NAME_LABELS or e.kb_id_ or e.label_ not in _WEAK
        for i in range(e.start, e.end)
    }
    out = []
    for token in doc:
        if token.i in taken or token.lower_ not in ORG_SUFFIXES or not token.text[:1].isupper():
            continue
        start = token.i
        while (
            start > 0
            and doc[start - 1].i not in taken
            and (
                (
                    doc[start - 1].text[:1].isupper()
                    and doc[start - 1].is_alpha
                    and doc[start - 1].lower_ not in ORG_DESCRIPTORS
                    and not (
                        doc[start - 1].is_stop and doc[start - 1].pos_ in ("DET", "ADP", "PRON", "CCONJ")
                    )
                )
                or (doc[start - 1].text == "&" and start - 2 >= 0 and doc[start - 2].text[:1].isupper())
            )
        ):
            start -= 1
        if (start < token.i and not doc[start].is_sent_start) or (
            start < token.i and doc[start].pos_ == "PROPN"
        ):
            out.append(_span(doc, start, token.i + 1, "ORG"))
            taken.update(range(start, token.i + 1))
    return out


# Places of work that open a job title ("plant manager", "site foreman").
_WORKPLACES = frozenset(
    """plant factory mill mine site store shop farm port airport station depot warehouse yard
    studio gallery library theatre theater stadium prison hotel restaurant office""".split()
)


def _untagged_people(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names the recognizer left out: two or three capitalized words after a title
    ("Chief Executive Maren Holt said") or as the subject of a verb of saying; one to three
    described by an apposition ("Skyrand, the low-cost carrier, said")."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken or not (_name_word(token) or _capitalized_noun(token)):
            i += 1
            continue
        j = i
        while (
            j < len(doc)
            and j not in taken
            and (_name_word(doc[j]) or _capitalized_noun(doc[j]))
            and j - i < 3
        ):
            j += 1
        run = doc[i:j]
        nouns = any(_capitalized_noun(t) and not _name_word(t) for t in run)
        before = doc[i - 1] if i > 0 else None
        titled = before is not None and (
            before.lower_ in PERSON_NOUNS
            or before.lower_ in HONORIFICS
            or before.lower_ in TITLE_ABBREVIATIONS
        )
        speaking = run.root.dep_ in ("nsubj",) and run.root.head.lemma_.lower() in _SPEECH_LEMMAS
        described = _appositive_head(run)
        org_words = any(t.lower_ in ORG_SUFFIXES for t in run)
        label = None
        if (
            len(run) == 1
            and token.is_sent_start
            and (
                token.lower_ in ORG_SUFFIXES or token.lower_ in ORG_DESCRIPTORS or token.lower_ in _WORKPLACES
            )
        ):
            pass  # "Plant manager Saul Greer", "Museum director Jan Pool": a common noun, capitalized
        elif (described is not None and is_org_noun(described)) or _org_cue(run):
            label = "ORG"
        elif not org_words and (
            (described is not None and described.lower_ in PERSON_NOUNS)
            or (2 <= len(run) <= 3 and (titled or speaking) and not nouns)
        ):
            label = "PERSON"
        if label is not None:
            out.append(_span(doc, i, j, label))
            taken.update(range(i, j))
        i = max(j, i + 1)
    return out


def _capitalized_noun(token: Token) -> bool:
    """A capitalized word tagged as a common noun ("Corvane, founded in 2019, said"): a
    name only where the words around it say so."""
    return (
        token.pos_ == "NOUN"
        and token.is_alpha
        and token.text[:1].isupper()
        and not token.text.isupper()
        and token.lower_ not in PERSON_NOUNS
        and token.lower_ not in ORG_DESCRIPTORS
        and not token.is_stop
    )


def _name_word(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.is_alpha
        and token.text[:1].isupper()
        and not token.text.isupper()
        and token.lower_ not in PERSON_NOUNS
        and token.lower_ not in ORG_DESCRIPTORS
    )


# --------------------------------------------------------------------------- words around it


def _looks_personal(ent: Span) -> bool:
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 4:
        return False
    for t in words:
        low = t.lower_
        if low in PARTICLES:
            continue
        if not (t.is_alpha or "-" in t.text) or not t.text[:1].isupper() or t.text.isupper():
            return False
        if low in ORG_SUFFIXES or low in ORG_DESCRIPTORS or low in PERSON_NOUNS:
            return False
    return True


def noun_word(token: Token) -> str:
    """A noun as a word, joined again where the tokenizer split a hyphen ("start-up")."""
    doc = token.doc
    if (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and not doc[token.i - 2].whitespace_
        and not doc[token.i - 1].whitespace_
    ):
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return token.lower_


def is_org_noun(token: Token) -> bool:
    word = noun_word(token)
    return word in ORG_DESCRIPTORS or word.endswith("maker")


def _appositive_head(ent: Span) -> Token | None:
    """The head noun of an apposition to the name ("Name, the agency's spokeswoman,")."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


def _person_cue(ent: Span, people: set[str]) -> bool:
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and (
        before.lower_ in PERSON_NOUNS
        or before.lower_ in HONORIFICS
        or before.lower_ in TITLE_ABBREVIATIONS
        or before.tag_ == "POS"
    ):
        return True
    if (
        ent.end + 2 < len(doc)
        and doc[ent.end].text == ","
        and doc[ent.end + 1].like_num
        and doc[ent.end + 2].text == ","
    ):
        return True  # "Name, 54, said"
    head = _appositive_head(ent)
    if head is not None and head.lower_ in PERSON_NOUNS:
        return True  # "Name, the agency's spokeswoman,"
    if ent.root.dep_ == "appos":
        node = ent.root.head
        for _ in range(4):  # "the governor of Pará state, Name"
            if node.lower_ in PERSON_NOUNS:
                return True
            if node.dep_ not in ("pobj", "prep", "compound", "poss") or node.head is node:
                break
            node = node.head
    return _last_word(ent) in people or _he_or_she_follows(ent) or _serves_as(ent)


def _serves_as(ent: Span) -> bool:
    """'Carmen Albiol took over as director', 'Name was named chief executive', 'Name
    became mayor': the subject of a clause that gives it a person's office."""
    if ent.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = ent.root.head
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in PERSON_NOUNS:
                return True
        if (
            child.dep_ in ("attr", "oprd")
            and child.lower_ in PERSON_NOUNS
            and verb.lemma_ in ("be", "become", "name", "appoint", "elect")
        ):
            return True
    return False


def _he_or_she_follows(ent: Span) -> bool:
    """'Marta Kowalska opened the clinic. She said ...': the subject of one sentence taken up
    by a personal pronoun as the subject of the next."""
    if ent.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    sent = ent.sent
    if sent.end >= len(ent.doc):
        return False
    nxt = ent.doc[sent.end].sent
    subjects = [t for t in nxt if t.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and subjects[0].lower_ in ("he", "she")


# What a minister or secretary is in charge of: "Defence Minister X" holds a title, and
# "Defence" names no organization.
_PORTFOLIOS = frozenset(
    """defence defense finance foreign interior justice education transport environment trade
    energy economy economic home health culture labour labor agriculture housing industry
    treasury commerce security immigration tourism sports sport communications digital science
    development welfare employment infrastructure fisheries water mines mining prime first deputy
    vice acting interim chief senior state attorney""".split()
)
_ORG_PARTICIPLES = frozenset({"founded", "based", "headquartered", "listed", "incorporated", "owned"})
_ORG_POSSESSIONS = frozenset(
    """ceo cfo coo chairman chairwoman shareholders shares stock board directors employees
    customers clients revenue profit profits sales products headquarters""".split()
)


def _org_cue(ent: Span) -> bool:
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and after.tag_ == "POS" and (ent.label_ != "PERSON" or len(ent) == 1):
        following = [t for t in doc[ent.end + 1 : min(len(doc), ent.end + 4)] if t.pos_ in ("NOUN", "ADJ")]
        if following and (
            following[0].lower_ in _ORG_POSSESSIONS
            or (following[0].lower_ == "chief" and len(following) > 1 and following[1].lower_ == "executive")
        ):
            return True  # "Paylode's chief executive", "Corvane's shares"
    if (
        ent.start >= 2
        and doc[ent.start - 1].lower_ in ("in", "of")
        and doc[ent.start - 2].lower_ in ("shares", "stake", "stock")
    ):
        return True
    before = doc[ent.start - 1] if ent.start >= 1 else None
    if (
        before is not None
        and before.pos_ == "NOUN"
        and (before.lower_ in ORG_DESCRIPTORS or before.lower_.endswith("maker"))
    ):
        return True  # "payments firm Paylode"
    if (
        after is not None
        and after.lower_ in PERSON_NOUNS
        and ent.end + 1 < len(doc)
        and doc[ent.end + 1].ent_type_ == "PERSON"
        and len(ent) <= 2
        and not any(t.lower_ in _PORTFOLIOS for t in ent)
    ):
        return True  # "Ruhrtal boss Stefan Brandt", "Kestrel attorney Dana Whitfield"
    if after is not None and after.text == "," and ent.end + 1 < len(doc):
        nxt = doc[ent.end + 1]
        if nxt.lower_ in _ORG_PARTICIPLES and nxt.tag_ == "VBN":
            return True  # "Corvane, founded in 2019,", "Paylode, based in Amsterdam,"
    head = _appositive_head(ent)
    return head is not None and is_org_noun(head)


def _place_modifier(ent: Span, gaz) -> Span | None:  # type: ignore[no-untyped-def]
    """'a Bristol start-up', 'the Leeds firm': a known place naming where an organization is."""
    if ent.label_ != "ORG" or len(ent) != 1 or ent.end >= len(ent.doc):
        return None
    place = gaz.cities.get(ent.text) or gaz.names.get(ent.text)
    if place is None or not any(is_org_noun(t) for t in ent.doc[ent.end : ent.end + 3]):
        return None
    return _span(ent.doc, ent.start, ent.end, "GPE", place.key)


def _relabel_by_context(ent: Span, people: set[str]) -> Span:
    """``people``: last words of the full personal names the recognizer found."""
    if ent.label_ == "ORG" and _looks_personal(ent) and _person_cue(ent, people):
        return _span(ent.doc, ent.start, ent.end, "PERSON")
    if (
        ent.label_ in ("PERSON", "GPE", "PRODUCT", "NORP")
        and not ent.kb_id_
        and len(ent) <= 3
        and _org_cue(ent)
    ):
        return _span(ent.doc, ent.start, ent.end, "ORG")
    return ent


# --------------------------------------------------------------------------- the document


def _by_document(doc: Doc, ents: list[Span], gaz) -> list[Span]:  # type: ignore[no-untyped-def]
    """One name, one type in a document: short names join the full names they shorten."""
    surnames = _surnames(ents)
    person_forms: set[str] = set()
    for e in ents:
        if e.label_ == "PERSON" and len([t for t in e if not t.is_punct]) >= 2:
            person_forms.update(short_forms(e.text))
    org_forms: set[str] = set()
    for e in ents:
        if e.label_ == "ORG":
            org_forms.update(org_short_forms(e))
    org_forms -= person_forms
    places = _place_words(doc) - person_forms
    org_forms -= places
    out = []
    for e in ents:
        low = e.text.lower()
        single = len([t for t in e if not t.is_punct]) == 1 or e[0].lower_ in PARTICLES
        if single and low in places and e.label_ not in ("GPE", "LOC", "FAC"):
            out.append(_span(doc, e.start, e.end, "GPE"))
        elif single and not e.kb_id_ and low in org_forms and e.label_ != "ORG":
            out.append(_span(doc, e.start, e.end, "ORG"))
        elif (
            single and low in person_forms and e.label_ != "PERSON" and not (e.kb_id_ and low not in surnames)
        ):
            out.append(_span(doc, e.start, e.end, "PERSON"))
        elif (
            e.label_ == "PERSON"
            and len(e) == 1
            and low not in person_forms
            and (e.text in gaz.cities or e.text in gaz.names)
            and not _person_cue(e, set())
        ):
            place = gaz.cities.get(e.text) or gaz.names.get(e.text)
            out.append(_span(doc, e.start, e.end, "GPE", place.key))
        else:
            out.append(e)
    out = _one_label_per_name(doc, out)
    # Words the recognizer skipped: an acronym or a short organization name seen in full,
    # or a one-word name written exactly as a name found elsewhere in the text (a headline's
    # "Skyrand to cut 900 jobs", parsed as a verb).
    taken = {i for e in out for i in range(e.start, e.end)}
    single = {e.text: e.label_ for e in out if len(e) == 1 and e.label_ in _NAME_LABELS}
    for token in doc:
        if token.i in taken or not token.text[:1].isupper() or not token.is_alpha:
            continue
        low = token.lower_
        if low in org_forms and (token.text.isupper() or token.pos_ in ("PROPN", "NOUN", "X")):
            out.append(_span(doc, token.i, token.i + 1, "ORG"))
        elif (
            token.text in single
            and not token.is_stop
            and token.lower_ not in PERSON_NOUNS
            and token.lower_ not in ORG_DESCRIPTORS
        ):
            out.append(_span(doc, token.i, token.i + 1, single[token.text]))
    return out


def _place_words(doc: Doc) -> set[str]:
    """One-word names the text sets as places: a dateline ("OTLEY, 16 September —") or a
    name after "in" ("tap water in Otley", "lived in Otley"), unless an organization word
    follows it there ("in Otley Council")."""
    out: set[str] = set()
    for token in doc:
        if not token.is_alpha or not token.text[:1].isupper() or token.i + 1 >= len(doc):
            continue
        after = doc[token.i + 1]
        if after.text[:1].isupper() or after.lower_ in ORG_SUFFIXES:
            continue
        dateline = (
            token.text.isupper()
            and len(token) > 2
            and after.text == ","
            and (token.i == 0 or "\n" in doc[token.i - 1].text_with_ws or doc[token.i - 1].is_space)
        )
        before = doc[token.i - 1] if token.i > 0 else None
        placed = (
            before is not None
            and before.lower_ in ("in", "near", "outside")
            and not doc[token.i - 2 : token.i - 1].text[:1].isupper()
            and token.pos_ == "PROPN"
            and after.tag_ != "POS"
        )
        if dateline or placed:
            out.add(token.lower_)
    return out


def _headline_names_seen_again(doc: Doc, ents: list[Span]) -> list[Span]:
    """In a Title Case or capitals headline every word looks like a name ("Winter Routes
    Will Be Cut"): keep the names the text uses again, or the gazetteer knows."""
    text = doc_text(doc)
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if len(lines) < 2:
        return ents  # a headline heads something
    shouting = [(m.start(), m.end()) for m in lines[:2] if title_case_line(m.group())]
    shouting += [(m.start(), m.end()) for m in lines[2:] if _capitals(m.group())]
    if not shouting:
        return ents
    rest = text.lower()
    out = []
    for e in ents:
        inside = next(((s, t) for s, t in shouting if s <= e.start_char < t), None)
        if inside is not None and not e.kb_id_:
            key = e.text.lower()
            elsewhere = rest[: inside[0]].count(key) + rest[inside[1] :].count(key)
            if not elsewhere:
                continue
        out.append(e)
    return out


def _capitals(line: str) -> bool:
    """A line in capitals ("* SAYS Q3 REVENUE ROSE 5 PCT")."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 12 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def title_case_line(line: str) -> bool:
    """A Title Case or ALL-CAPS headline: most longer words capitalized, and no full stop
    at the end (a sentence full of names is not one)."""
    line = line.strip()
    if line.endswith((".", "?", "!", '"', "”")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _one_label_per_name(doc: Doc, ents: list[Span]) -> list[Span]:
    """A one-word name the text labels an organization (or a person) somewhere, and as a
    place or nothing known elsewhere, is that organization (or person) everywhere."""
    labels: dict[str, set[str]] = {}
    for e in ents:
        if len(e) == 1:
            labels.setdefault(e.text, set()).add(e.label_)
    out = []
    for e in ents:
        found = labels.get(e.text, set()) & _NAME_LABELS if len(e) == 1 else set()
        if len(found) == 1 and e.label_ not in _NAME_LABELS and not e.kb_id_:
            out.append(_span(doc, e.start, e.end, next(iter(found))))
        else:
            out.append(e)
    return out


def org_short_forms(ent: Span) -> set[str]:
    """Lower-case shorter names an organization is referred back by: its first word(s)
    ("Veltrix Pharma" -> "veltrix", "Carden Town FC" -> "carden town") and the acronym the
    text defines for it ("... Association (NGOA)" -> "ngoa")."""
    forms: set[str] = set()
    words = [t.text for t in ent if not t.is_punct]
    if len(words) >= 2 and words[0].lower() not in _GENERIC_FIRST and words[0][:1].isupper():
        for k in range(1, len(words)):
            rest = words[k:]
            if k == 1 or all(w.lower() in ORG_SUFFIXES or w.lower() in ("town", "city") for w in rest):
                forms.add(" ".join(words[:k]).lower())
    acronym = _defined_acronym(ent.doc, ent)
    if acronym:
        forms.add(acronym.lower())
    return forms


def _surnames(ents: list[Span]) -> set[str]:
    return {_last_word(e) for e in ents if e.label_ == "PERSON" and len(e) >= 2}


def _defined_acronym(doc: Doc, ent: Span) -> str | None:
    """'the Northern Grid Operators Association (NGOA)': the acronym the text defines."""
    if ent.end + 2 >= len(doc) or doc[ent.end].text != "(" or doc[ent.end + 2].text != ")":
        return None
    acronym = doc[ent.end + 1].text
    if not _ACRONYM.match(acronym):
        return None
    initials = "".join(t.text[0] for t in ent if t.text[:1].isupper())
    if acronym[0] != initials[:1] or not set(acronym) - {"&"} <= set(initials.upper() + "&"):
        return None
    return acronym


def defined_acronyms(doc: Doc) -> dict[str, tuple[int, int]]:
    """Acronym -> (start, end) characters of the name that defines it in the text."""
    out: dict[str, tuple[int, int]] = {}
    for ent in doc.ents:
        acronym = _defined_acronym(doc, ent)
        if acronym and acronym not in out:
            out[acronym] = (ent.start_char, ent.end_char)
    return out


def _span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span:
    from spacy.tokens import Span

    return Span(doc, start, end, label=label, kb_id=kb_id)


def is_speech(token: Token) -> bool:
    return token.lemma_.lower() in _SPEECH_LEMMAS
