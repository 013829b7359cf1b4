"""Facts inside claims: subject - predicate - object statements read from a claim's content.

A claim says something; a fact is that something in a comparable form, so that claims by
different speakers can be matched (graph/relate.py). From each clause of the content's
dependency parse: the subject (linked to an entity where it is one), the verb lemma plus
its particle or preposition ("engage_in", "deploy_to"), the object, a quantity with its
approximation ("about 12,000" -> 12000, approximate), and the clause's polarity, certainty
and tense. Verbs of perception, aspect and hedging ("we have not seen X engaging",
"had begun engaging", "appears to") are read through: the fact is the embedded clause,
negated or hedged by them. A few nominalizations count as clauses too ("the introduction of
X into the fight", "X's support for Y"). The predicate is also mapped to a small closed set
of verb classes (``Fact.relation``) that the ontology declares as properties.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from graph.extractors import _opposites, measures, stance
from graph.extractors import time as time_phrases
from graph.extractors._lexicon import GROUP_NOUNS, PERSON_NOUNS, doc_text
from graph.extractors._registry import register
from graph.records import Attribution, Certainty, Extraction, Fact, Mention, Polarity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# --------------------------------------------------------------------------- verb classes

COMBAT_WORDS: frozenset[str] = frozenset(
    [
        "combat",
        "fight",
        "fighting",
        "battle",
        "battlefield",
        "hostility",
        "war",
        "warfare",
        "clash",
        "offensive",
        "firefight",
        "skirmish",
        "frontline",
        "front",
    ]
)
LOSS_WORDS: frozenset[str] = frozenset(
    ["loss", "losses", "casualty", "casualties", "setback", "defeat", "death"]
)
DANGER_WORDS: frozenset[str] = frozenset(["danger", "threat", "risk", "peril"])

# lemma -> class, when the lemma alone decides.
VERB_CLASSES: dict[str, str] = {}
for _cls, _words in {
    "fight": "fight battle clash combat",
    "deploy": "deploy dispatch station redeploy transfer",
    "kill": "kill murder slay execute assassinate slaughter",
    "attack": "attack strike bomb shell invade raid storm target shoot bombard",
    "back": "support back endorse aid assist arm fund finance favor favour champion",
    "oppose": "oppose criticize criticise condemn denounce resist reject oppose veto",
    "escalate": "escalate intensify worsen inflame",
    "increase": "increase rise grow climb surge jump soar double expand",
    "decrease": "decrease fall decline drop shrink plunge cut reduce slash eliminate axe shed",
    "win": "win defeat beat",
    "meet": "meet negotiate",
    "acquire": "acquire obtain gain receive get",
    "use": "use employ utilize utilise",
    "need": "need require",
    "threaten": "threaten endanger menace",
    "possess": "have possess own",
    "say": "say tell state claim announce declare insist deny confirm",
    "visit": "visit tour",
}.items():
    for _w in _words.split():
        VERB_CLASSES.setdefault(_w, _cls)

RELATIONS: tuple[str, ...] = (
    "fight", "deploy", "kill", "sufferLosses", "attack", "back", "oppose", "escalate", "increase",
    "decrease", "win", "lose", "meet", "acquire", "use", "need", "threaten", "possess", "be", "say",
    "visit", "other",
)  # fmt: skip
"""The closed set of verb classes; each but "other" is a property of the ontology."""

# Classes that state opposite things with the same polarity.
ANTONYMS: dict[str, str] = {"back": "oppose", "oppose": "back", "increase": "decrease", "decrease": "increase",
                            "win": "lose", "lose": "win"}  # fmt: skip

# Nominalizations read as clauses. theme: "of X" is the subject ("the deployment of troops to
# Kursk"); agent: the possessor is the subject and "of X" / "for X" the object.
NOMINALS: dict[str, tuple[str, str]] = {
    "introduction": ("introduce", "theme"), "deployment": ("deploy", "theme"),
    "involvement": ("involve", "theme"), "entry": ("enter", "theme"), "participation": ("participate", "theme"),
    "withdrawal": ("withdraw", "theme"), "arrival": ("arrive", "theme"), "death": ("die", "theme"),
    "support": ("support", "agent"), "invasion": ("invade", "agent"), "attack": ("attack", "agent"),
    "opposition": ("oppose", "agent"), "backing": ("back", "agent"), "victory": ("win", "agent"),
}  # fmt: skip
# Nouns of a change in something, read as that thing changing: "a slowdown in sales" is
# sales slowing, "the closure of the plant" the plant closing.
CHANGE_NOMINALS: dict[str, str] = {
    "slowdown": "slow", "decline": "decline", "increase": "increase", "rise": "rise", "fall": "fall",
    "drop": "drop", "growth": "grow", "cut": "cut", "cuts": "cut", "reduction": "reduce",
    "closure": "close", "shutdown": "close", "opening": "open", "reopening": "reopen",
    "resignation": "resign", "delay": "delay", "collapse": "collapse", "recovery": "recover",
    "loss": "lose", "losses": "lose", "gain": "gain", "gains": "gain", "surge": "surge", "slump": "slump",
}  # fmt: skip

APPROXIMATORS: frozenset[str] = frozenset(
    [
        "about",
        "around",
        "roughly",
        "approximately",
        "nearly",
        "almost",
        "some",
        "over",
        "under",
        "estimated",
        "up",
        "to",
        "at",
        "least",
        "more",
        "than",
        "less",
        "than",
    ]
)
NUMBER_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
}  # fmt: skip
SCALES: dict[str, float] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLAUSE_DEPS = ("ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pcomp", "parataxis")
_ADVERBIAL_PREPS = frozenset(
    ["after", "before", "during", "since", "until", "by", "despite", "because", "as", "like", "than", "while"]
)
_RELATIVE_PRONOUNS = frozenset(["who", "which", "that", "whom"])
_UNRESOLVABLE = frozenset(
    ["it", "this", "that", "these", "those", "what", "which", "there", "something", "anything", "everything"]
)
_PLACE_NOUNS = frozenset(
    ["state", "city", "region", "province", "country", "capital", "town", "county", "district"]
)
_HEARSAY_VERBS = frozenset(["tell", "say", "claim", "report", "allege", "insist", "argue"])
_FIRST_PERSON = frozenset(["i", "we", "me", "us"])
_THIRD_PLURAL = frozenset(["they", "them"])
_THIRD_SINGULAR = frozenset(["he", "she", "him", "her"])
_CERTAINTY_ORDER: dict[str, int] = {"certain": 2, "probable": 1, "possible": 0}
_WEAK_CUES: dict[str, Certainty] = {
    "suggest": "possible", "speculate": "possible", "hint": "possible", "imply": "possible", "wonder": "possible",
    "believe": "probable", "think": "probable", "expect": "probable", "estimate": "probable", "predict": "probable",
    "suspect": "probable", "fear": "probable", "hope": "possible", "claim": "certain",
    "rumour": "possible", "rumor": "possible", "speculation": "possible", "gossip": "possible",
}  # fmt: skip
_DENIALS = frozenset(["deny", "refute", "dismiss", "reject", "dispute"])
MAX_FACTS_PER_CLAIM = 8
# Nouns whose clauses are not asserted: hearsay, plans, proposals, questions ("reports of
# soldiers being killed", "a ban on Muslims entering", "the question of whether he fought").
REPORT_NOUNS: frozenset[str] = frozenset(
    [
        "report",
        "rumor",
        "rumour",
        "claim",
        "allegation",
        "speculation",
        "suggestion",
        "ban",
        "call",
        "plan",
        "proposal",
        "bid",
        "effort",
        "attempt",
        "hope",
        "threat",
        "question",
        "possibility",
        "chance",
        "idea",
        "demand",
        "push",
        "fear",
        "prospect",
        "goal",
        "promise",
        "pledge",
        "vow",
        "order",
        "request",
        "law",
        "bill",
        "policy",
        "risk",
        "danger",
        "scenario",
        "shutdown",
        "moratorium",
    ]
)
# Verbs that, passive with an adjective, say what something is: "was deemed safe".
_JUDGING_VERBS = frozenset({"consider", "deem", "declare", "find", "judge", "rate", "certify", "prove"})
# Nouns whose clause is what someone holds true: "the finding that X", "the view that X".
CLAIM_NOUNS: frozenset[str] = frozenset(
    "finding conclusion assertion notion view argument suggestion belief accusation charge".split()
)
BACKGROUND_MARKS: frozenset[str] = frozenset(
    ["while", "when", "after", "before", "as", "since", "although", "though", "because", "once", "until"]
)
# A clause under these is wished for, not asserted ("want Trump to lose").
DESIRE_VERBS: frozenset[str] = frozenset(
    ["want", "wish", "hope", "plan", "intend", "aim", "try", "seek", "expect", "urge", "ask", "need"]
)
# Verbs whose to-infinitive happened ("managed to win", "began to fight", "failed to win" is
# negated elsewhere); under any other verb a to-infinitive is planned, wanted or allowed.
IMPLICATIVE_VERBS: frozenset[str] = (
    stance.TRANSPARENT_VERBS
    | stance.NEGATIVE_VERBS
    | frozenset(["manage", "help", "happen", "get", "go", "come", "proceed", "tend", "remember", "be", "use"])
)
PERMISSIVE_VERBS: frozenset[str] = frozenset(["allow", "let", "permit", "enable"])
# Verb + particle combinations that keep the verb's class; any other particle changes the meaning.
PHRASAL_CLASSES: dict[str, str] = {
    "back_up": "back", "step_up": "escalate", "ramp_up": "escalate", "cut_back": "decrease",
    "go_up": "increase", "go_down": "decrease", "fight_back": "fight", "carry_out": "other",
}  # fmt: skip


@register("facts", requires=("attributions",), produces=("facts",))
def make_facts():  # type: ignore[no-untyped-def]
    """Build the fact extractor (claims that already have facts are left alone)."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        done = {f.claim for f in so_far.facts}
        index = mention_index(so_far)
        new = [f for a in so_far.attributions if a.id not in done for f in facts_for(doc, so_far, a, index)]
        if not new:
            return so_far
        return dataclasses.replace(so_far, facts=(*so_far.facts, *new))

    return extract


# --------------------------------------------------------------------------- entity linking


class MentionIndex:
    """Which entity a token refers to: the longest mention covering it."""

    def __init__(self, mentions: tuple[Mention, ...], types: dict[str, str]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.span.start, -(m.span.end - m.span.start)))
        self.types = types
        # Character -> entity of the longest mention covering it (shorter ones written first,
        # so longer ones overwrite): one lookup per token instead of a scan of all mentions.
        self._by_char: dict[int, str] = {}
        for m in sorted(mentions, key=lambda m: (len(m.span), m.span.start, m.entity)):
            for i in range(m.span.start, m.span.end):
                self._by_char[i] = m.entity

    def at(self, token: Token) -> str | None:
        return self._by_char.get(token.idx)

    def before(self, offset: int, types: tuple[str, ...], window: int = 400) -> str | None:
        """The entity of the last mention of one of ``types`` ending before ``offset``."""
        best: Mention | None = None
        for m in self.mentions:
            if m.span.start >= offset:
                break
            if m.span.end > offset or offset - m.span.end > window or self.types.get(m.entity) not in types:
                continue
            if best is None or m.span.start >= best.span.start:
                best = m
        return best.entity if best else None


# --------------------------------------------------------------------------- extraction


@dataclasses.dataclass(slots=True)
class _Part:
    """A noun phrase taking part in a fact: its head token, text, span and entity."""

    head: Token
    text: str
    span: Span
    entity: str | None


def mention_index(ex: Extraction) -> MentionIndex:
    """The document's index, made once for all its claims (a quarter of the extractors' time
    went into making it again for each claim)."""
    return MentionIndex(ex.mentions, {e.id: e.type for e in ex.entities})


def facts_for(
    doc: Doc, ex: Extraction, attribution: Attribution, index: MentionIndex | None = None
) -> list[Fact]:
    """The facts one claim's content states; ``index`` is ``mention_index(ex)``."""
    content = [(s.start, s.end) for s in attribution.content]
    if not content:
        return []
    tokens = stance._content_tokens(doc, content)
    if not tokens:
        return []
    if index is None:
        index = mention_index(ex)
    if doc_text(doc)[content[0][0] : content[-1][1]].rstrip(" \"”’'").endswith("?"):
        return []  # a question asserts nothing
    inside = {t.i for t in tokens}
    flip, cue_certainty = _cue_effect(doc, attribution)
    context = _Context.of(ex, attribution)
    facts: list[Fact] = []
    seen: set[tuple[str | None, str, str | None, str | None]] = set()
    for token in tokens:
        if len(facts) >= MAX_FACTS_PER_CLAIM:
            break
        built = None
        if token.pos_ in ("VERB", "AUX") and token.dep_ in _CLAUSE_DEPS:
            built = _verb_fact(doc, token, inside, index, attribution)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in NOMINALS:
            built = _nominal_fact(doc, token, inside, index)
        elif token.pos_ == "NOUN" and token.lower_ in CHANGE_NOMINALS:
            built = _change_fact(doc, token, inside, index, attribution)
        if built is None:
            continue
        for subject, predicate, predicate_text, obj, relation, verb, location in built:
            key = (
                subject.entity or subject.text,
                relation + predicate,
                obj.entity if obj else None,
                obj.text if obj else None,
            )
            if key in seen:
                continue
            seen.add(key)
            polarity: Polarity = (
                stance.clause_polarity(verb, inside) if verb.pos_ in ("VERB", "AUX") else _noun_polarity(verb)
            )
            certainty = _weaker(
                stance.clause_certainty(verb, inside) if verb.pos_ in ("VERB", "AUX") else "certain",
                cue_certainty,
            )
            if verb.pos_ in ("VERB", "AUX") and _no_intention(verb, inside):
                polarity = "negated"  # "had no plans to cut jobs": it will not
            if polarity == "negated" and _cannot_be_more(verb):
                polarity = "affirmed"  # "could not have been more delighted", "couldn't be happier"
            denied = flip and _denied(verb, inside)
            if denied:
                polarity = "negated" if polarity == "affirmed" else "affirmed"
            elif flip:
                certainty = "possible"  # "rejected a treaty favored by X": neither denied nor asserted
            reported = attribution.mode != "direct"
            if _no_intention(verb, inside):
                pass  # denied plans are a statement about the future, not hearsay
            elif (_under_report(verb, inside) and not denied) or _hypothetical(
                verb, inside, reported=reported
            ):
                certainty = "possible"  # hearsay, a plan, a condition or a wish: not asserted
            modality = measures.modality_of(verb) if verb.pos_ in ("VERB", "AUX") else None
            if modality in measures.FORECAST_VERBS:
                certainty = _weaker(certainty, "probable")  # "expects revenue to grow": a forecast
            elif (
                modality in ("could", "can")
                and polarity == "negated"
                and certainty == "possible"
                and any(c.dep_ == "neg" for c in verb.children)
                and predicate.startswith("be_")
            ):
                certainty = "certain"  # "could not be considered safe" says it is not
            quantity, approximate = _quantity(subject.head)
            unit = measures.unit_of(_counted(subject.head)) if quantity is not None else None
            bound = measures.bound_of(subject.head) if quantity is not None else None
            counted_subject = quantity is not None
            if quantity is None and obj is not None:
                quantity, approximate = _quantity(obj.head)
                unit = measures.unit_of(_counted(obj.head)) if quantity is not None else None
                bound = measures.bound_of(obj.head) if quantity is not None else None
            if quantity is None and verb.pos_ in ("VERB", "AUX"):
                quantity, approximate = _margin(verb)
                unit = _margin_unit(verb) if quantity is not None else None
            measure = _of_what(subject.head, measures.measure_of(subject.head) or _aspect(subject))
            subject_entity = subject.entity
            if measure is not None:
                # "Brightwater's revenue", "sales at the company", "our sales": the measure's owner
                subject_entity = _owner(subject.head, index, attribution, context) or subject_entity
                if subject_entity is None and index.types.get(attribution.speaker or "") == "organization":
                    subject_entity = attribution.speaker  # "According to Brightwater, sales rose": its own
            if obj is not None and measures.measure_of(obj.head) and (subject.entity or quantity is not None):
                # "Corvant will cut 500 jobs", "carries 14,200 signatures"
                measure = measures.measure_of(obj.head)
            elif (
                obj is not None
                and obj.entity is None
                and quantity is not None
                and not counted_subject
                and unit is not None
                and unit not in measures.UNIT_NAMES
                and obj.head.pos_ == "NOUN"
                and _aspect(obj)
            ):
                measure = _aspect(obj)  # "cancelled 212 flights": the flights counted, whoever cancelled
            if measure is None and verb.pos_ in ("VERB", "AUX"):
                measure = measures.death_measure(verb) if quantity is not None else None
                if measure is not None and subject_entity is None and location is not None:
                    subject_entity = location  # "12 people died in Ajdovščina"; else the story's toll
            predicate, polarity = _positive(predicate, polarity)
            tense = (
                "future"
                if modality in _FUTURE_MODALS
                or (verb.pos_ in ("VERB", "AUX") and _no_intention(verb, inside))
                else stance.clause_tense(verb)
                if verb.pos_ in ("VERB", "AUX")
                else None
            )
            facts.append(
                Fact(
                    id=f"{attribution.id}-f{len(facts)}",
                    claim=attribution.id,
                    subject=subject_entity,
                    subject_text=subject.text,
                    subject_span=subject.span,
                    predicate=predicate,
                    predicate_text=predicate_text,
                    relation=relation,
                    object=obj.entity if obj else None,
                    object_text=obj.text if obj else None,
                    object_detail=_detail(obj.head, verb) if obj else None,
                    object_span=obj.span if obj else None,
                    location=location,
                    quantity=quantity,
                    approximate=approximate,
                    bound=bound,
                    unit=unit,
                    measure=measure,
                    time=(
                        measures.period_of(
                            verb, subject.head, inside, context.anchor, future=tense == "future"
                        )
                        if verb.pos_ in ("VERB", "AUX")
                        else None
                    ),
                    modality=modality,
                    polarity=polarity,
                    certainty=certainty,
                    tense=tense,
                    background=_background(verb),
                )
            )
    return facts


_Built = tuple["_Part", str, str, "_Part | None", str, "Token", "str | None"]


def _verb_fact(
    doc: Doc, verb: Token, inside: set[int], index: MentionIndex, a: Attribution
) -> list[_Built] | None:
    if verb.dep_ in ("aux", "auxpass") or verb.tag_ == "MD":
        return None
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    complement = next((c for c in children if c.dep_ in ("ccomp", "xcomp") and c.i in inside), None)
    if complement is not None and (
        lemma in stance.TRANSPARENT_VERBS or lemma in stance.NEGATIVE_VERBS or lemma in stance.HEDGE_VERBS
    ):
        return None  # read through: the embedded clause carries the fact
    if lemma == "be" and not any(c.dep_ in ("attr", "acomp") for c in children):
        return None
    if lemma == "have" and any(c.dep_ == "xcomp" for c in children):
        return None  # "have to wait": a modal, not possession
    if lemma in stance.TRANSPARENT_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in NOMINALS for c in children
    ):
        return None  # "we see the introduction of X into Y": the nominal carries the fact
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )
    subjects = _subjects(doc, verb, inside, index, a)
    if not subjects:
        return None
    agent = next((c for c in children if c.dep_ == "agent"), None)
    agent_obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    particle = next((c.lower_ for c in children if c.dep_ == "prt"), None)
    dobj = next((c for c in children if c.dep_ in ("dobj", "attr", "oprd") and c.i in inside), None)
    acomp = next((c for c in children if c.dep_ == "acomp" and c.i in inside), None)
    if passive and lemma in _JUDGING_VERBS and acomp is None:
        judged = next((c for c in children if c.dep_ in ("oprd", "acomp", "xcomp") and c.pos_ == "ADJ"), None)
        if judged is not None:
            lemma, acomp, dobj, passive = "be", judged, None, False  # "could not be considered safe"
    preps = [c for c in children if c.dep_ in ("prep", "dative") and c.i > verb.i and c.i in inside]
    if acomp is not None:
        preps += [c for c in acomp.children if c.dep_ == "prep" and c.i in inside]
    prep, pobj = _argument_prep(preps)
    location = None
    base = lemma if acomp is None else f"{lemma}_{acomp.lemma_.lower()}"
    words = [verb.text] + ([particle] if particle else [])
    if acomp is not None:
        words.append(acomp.text)
    obj_token = dobj
    pred_prep = None
    if dobj is None and pobj is not None:
        obj_token, pred_prep = pobj, prep
    location = _location(verb, dobj, index, inside)
    if agent_obj is not None and agent_obj.lower_ in _NO_ONE_IN_PARTICULAR:
        agent_obj = None  # "had been stolen by someone": the same fact as "had been stolen"
    if passive and agent_obj is not None:
        # "X was killed by Y": the agent is the subject, the patient the object.
        predicate = _predicate(base, particle, pred_prep)
        obj_part = subjects[0]
        subjects = [_part(doc, agent_obj, index, a)]
        obj = obj_part
        passive = False
    else:
        predicate = _predicate(base, particle, pred_prep)
        obj = _part(doc, obj_token, index, a) if obj_token is not None else None
    if pred_prep is not None:
        words.append(pred_prep)
    relation = classify(lemma, particle=particle, prep=pred_prep, object_words=_key_words(obj.head) if obj else (),
                        object_is_entity=obj is not None and obj.entity is not None,
                        passive=passive, copula_attr=acomp is None and lemma == "be")  # fmt: skip
    if (
        relation == "other"
        and obj is None
        and not _comparable_state(verb, lemma, acomp, subjects)
        and not (passive and _undergoer(subjects))
    ):
        return None  # an intransitive verb outside the classes says too little to compare
    return [(s, predicate, " ".join(words), obj, relation, verb, location) for s in subjects]


# Agents that name no one: the passive without them says the same.
_NO_ONE_IN_PARTICULAR = frozenset({"someone", "somebody", "anyone", "anybody", "unknown", "persons"})


def _undergoer(subjects: list[_Part]) -> bool:
    """'the painting was stolen', '212 flights were cancelled': a passive says what happened
    to something named, measured or the story is about."""
    return any(s.entity is not None or measures.measure_of(s.head) or _aspect(s) for s in subjects)


def _aspect(subject: _Part) -> str | None:
    """'the plant', 'the drug', 'the sirens': a thing the article is about that is no entity
    of its own, named by its head noun (its owner is found like a measure's)."""
    head = subject.head
    if subject.entity is not None or head.pos_ not in ("NOUN", "PROPN") or head.lower_ in _UNRESOLVABLE:
        return None
    lemma = head.lemma_.lower()
    if lemma in PERSON_NOUNS or lemma in GROUP_NOUNS:
        return None  # "the governor", "residents": people, whom coreference names or not at all
    if measures.unit_of(head) in measures.UNIT_NAMES:
        return None  # "48 percent chose him": a share of someone, not a thing of the story
    label = next((c for c in head.children if c.pos_ == "NUM" and c.i > head.i), None)
    return f"{lemma} {label.text}" if label is not None else lemma  # "plan number 7" is not number 8


# Nouns that measure whatever follows "of": "the number of cases", "the share of voters".
_OF_MEASURES = frozenset(
    "number amount total share percentage proportion level rate count figure majority".split()
)


def _of_what(head: Token, measure: str | None) -> str | None:
    """'the number of reported cases' -> "number of case": a generic measure is named by what
    it counts (the number of cases is not the number of voters)."""
    if measure is None or measure.split()[0] not in _OF_MEASURES:
        return measure
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    if counted is None or counted.pos_ not in ("NOUN", "PROPN"):
        return measure
    return f"{measure} of {counted.lemma_.lower()}"


def _cannot_be_more(verb: Token) -> bool:
    """'could not have been more delighted': a negated comparative after "could" is a superlative."""
    if not any(c.dep_ == "aux" and c.lower_ in ("could", "can", "ca") for c in verb.children):
        return False
    return any(
        c.dep_ == "acomp" and (c.tag_ == "JJR" or any(g.lower_ == "more" for g in c.children))
        for c in verb.children
    )


def _no_intention(verb: Token, inside: set[int]) -> bool:
    """'had no plans to cut jobs', 'has no intention of closing the plant': the verb's
    plan is denied."""
    head = verb.head
    if verb.dep_ in ("acl", "pcomp") and head.dep_ == "prep":
        head = head.head
    return (
        head.i in inside
        and head.lemma_.lower() in ("plan", "intention", "intent")
        and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)
    )


def _comparable_state(verb: Token, lemma: str, acomp: Token | None, subjects: list[_Part]) -> bool:
    """'sales were slowing', 'the plant will close', 'the drug is safe', 'Lemos had not
    signed': a change or a state of something named, measured or the article is about,
    which another claim can affirm or deny."""
    if not any(s.entity is not None or measures.measure_of(s.head) or _aspect(s) for s in subjects):
        return False
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children) and acomp is None:
        return False  # "the law is not allowing refugees to enter": the clause carries the fact
    if acomp is not None:
        word = acomp.lemma_.lower()
        if word in _MODAL_ADJECTIVES:
            return False  # "will not be able to win": what it says is in the verb that follows
        return bool(_opposites.antonyms(word, "a") or _opposites.positive_form(word)) or acomp.pos_ == "ADJ"
    if lemma in _LIGHT_VERBS or (any(c.dep_ == "prt" for c in verb.children) and lemma not in STATE_VERBS):
        return False  # "he came", "she added", "he grew up", "has not given up": no state to compare
    if any(s.entity is not None for s in subjects) and lemma in _SIGNING_VERBS:
        return True  # "Lemos had not signed": the signing everyone reports
    return bool(_opposites.antonyms(lemma, "v") or _opposites.direction(lemma) or lemma in STATE_VERBS)


# Adjectives that pass their meaning on to a verb: "able to", "likely to", "set to".
_MODAL_ADJECTIVES = frozenset(
    "able unable likely unlikely ready willing unwilling set due about sure certain going eager keen".split()
)
# Verbs too general, or of motion and speech, to be a state a claim affirms or denies.
_LIGHT_VERBS = frozenset(
    """come go add give get take make do have put bring follow turn run move stand sit look seem
    try want need help hold show tell say speak talk ask see know think feel call write read
    happen mean let use play""".split()
)
# Verbs whose bare use is a fact of its own: "had not signed", "has agreed", "has paid".
_SIGNING_VERBS = frozenset("sign agree pay accept confirm commit resign retire die".split())


def _nominal_fact(doc: Doc, noun: Token, inside: set[int], index: MentionIndex) -> list[_Built] | None:
    verb_lemma, kind = NOMINALS[noun.lemma_.lower()]
    preps = {
        c.lower_: next((g for g in c.children if g.dep_ == "pobj"), None)
        for c in noun.children
        if c.dep_ == "prep"
    }
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    of = preps.get("of")
    if kind == "theme":
        subject_tok = of or poss
        other = [(p, o) for p, o in preps.items() if p in ("into", "to", "in") and o is not None]
        prep, obj_tok = other[0] if other else (None, None)
    else:
        subject_tok = poss or preps.get("by")
        prep = None
        on = preps.get("on")
        if on is not None and on.ent_type_ in ("DATE", "TIME"):
            on = None  # "her victory on Tuesday": when, not what
        obj_tok = of or preps.get("for") or on or preps.get("against")
    if subject_tok is None or subject_tok.i not in inside or subject_tok.lower_ in _UNRESOLVABLE:
        return None
    subject = _part(doc, subject_tok, index, None)
    obj = _part(doc, obj_tok, index, None) if obj_tok is not None and obj_tok.i in inside else None
    if obj is None or obj.head.lower_ in _UNRESOLVABLE:
        return None  # "her victory": too little to compare
    predicate = _predicate(verb_lemma, None, prep)
    relation = classify(verb_lemma, prep=prep, object_words=_key_words(obj.head) if obj else ())
    if kind == "theme" and relation == "other" and verb_lemma in ("introduce", "deploy"):
        relation = "deploy"
    words = [noun.text] + ([prep] if prep else [])
    return [(subject, predicate, " ".join(words), obj, relation, noun, None)]


def _change_fact(
    doc: Doc, noun: Token, inside: set[int], index: MentionIndex, a: Attribution
) -> list[_Built] | None:
    """'any slowdown in sales', 'the closure of the plant', 'job cuts': what changes (after
    "in", "of", "to" or before the noun) with the verb of the change."""
    verb_lemma = CHANGE_NOMINALS[noun.lower_]
    if not _asserted_nominal(noun):
        return None  # "to fight job cuts", "fears of a closure": the change is not stated
    theme = None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "of", "to", "at"):
            theme = next((g for g in c.children if g.dep_ == "pobj"), None)
            if theme is not None:
                break
    if theme is None:
        theme = next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"), None)
    if theme is None or theme.i not in inside or theme.lower_ in _UNRESOLVABLE:
        return None
    if any(c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for c in theme.children):
        return None  # "a shutdown of refugees entering Arland": the clause is what changes
    subject = _part(doc, theme, index, a)
    if subject.entity is None and not measures.measure_of(theme) and not _aspect(subject):
        return None
    if index.types.get(subject.entity or "") in ("person", "group"):
        return None  # "the rise of Donald Trump": a career, not an amount that rises or falls
    relation = classify(verb_lemma)
    return [(subject, _predicate(verb_lemma, None, None), noun.text, None, relation, noun, None)]


# Verbs whose object a change noun is stated by: "announced job cuts", "expects a decline in
# sales", "reported a 5 percent rise"; after others ("fight job cuts", "fears a closure")
# the change is only talked about.
_STATING_VERBS = frozenset(
    """announce confirm report post record see expect forecast predict project plan show
    reveal unveil disclose deliver suffer face mean cause order approve complete begin start""".split()
)


def _asserted_nominal(noun: Token) -> bool:
    """Whether a change noun is stated: the subject or predicate of its clause, or the
    object of a verb that states it."""
    if noun.dep_ in ("nsubj", "nsubjpass", "attr", "ROOT", "appos", "conj"):
        return noun.dep_ != "conj" or _asserted_nominal(noun.head)
    if noun.dep_ == "dobj":
        return noun.head.lemma_.lower() in _STATING_VERBS
    return False


# Modalities that put a clause in the future: "will grow", "said it would fall", "expects it to rise".
_FUTURE_MODALS = frozenset({"will", "would"}) | measures.FORECAST_VERBS

# Verbs of state or change that claims affirm or deny though they take no object.
STATE_VERBS: frozenset[str] = frozenset(
    """slow stall resign quit stay remain reopen survive collapse recover fail succeed continue
    resume start end finish begin sound work leave return""".split()
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Context:
    """What every fact of a document shares: its date and its topic."""

    anchor: dt.date | None  # the day relative dates count from
    topic: str | None  # the organization (else place) the document names most
    speaker_org: str | None  # the organization the claim's speaker holds a role in

    @staticmethod
    def of(ex: Extraction, a: Attribution) -> _Context:
        anchor, topic = _document_context(ex)
        org = next((r.organization for r in ex.roles if r.person == a.speaker and r.organization), None)
        return _Context(anchor=anchor, topic=topic, speaker_org=org)


_LAST_DOCUMENT: list[tuple[Extraction, dt.date | None, str | None]] = []


def _document_context(ex: Extraction) -> tuple[dt.date | None, str | None]:
    """The document's date and topic, worked out once for all its claims."""
    if _LAST_DOCUMENT and _LAST_DOCUMENT[0][0] is ex:
        return _LAST_DOCUMENT[0][1], _LAST_DOCUMENT[0][2]
    from graph.ingest import anchor_date

    types = {e.id: e.type for e in ex.entities}
    counts: dict[str, int] = {}
    for m in ex.mentions:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    topic = None
    for kind in ("organization", "place"):
        ranked = sorted((e for e in counts if types.get(e) == kind), key=lambda e: (-counts[e], e))
        if ranked:
            topic = ranked[0]
            break
    anchor = time_phrases.parse_iso(anchor_date(ex.document.meta))
    _LAST_DOCUMENT[:] = [(ex, anchor, topic)]
    return anchor, topic


def _owner(head: Token, index: MentionIndex, a: Attribution, context: _Context) -> str | None:
    """Whose measure a noun is: "Brightwater's revenue", "sales at Brightwater", "its
    sales", "our sales" (the speaker's organization); None when the text leaves it to the
    story ("revenue will grow", "the plant will close": the relation step matches such
    facts only between articles of one story)."""
    for c in head.children:
        if c.dep_ == "poss":
            found = index.at(c)
            if found is not None:
                return found
            if c.lower_ in ("its", "their"):
                return index.before(c.idx, ("organization", "group"), window=600)
            if c.lower_ in ("his", "her"):
                return index.before(c.idx, ("person",), window=400)  # "his support"
            if c.lower_ in ("our", "my"):
                return context.speaker_org
        if c.dep_ == "prep" and c.lower_ in ("at", "of", "for"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            found = index.at(pobj) if pobj is not None else None
            if found is None and pobj is not None and pobj.lower_ in ("him", "her", "them", "it"):
                kinds = ("person",) if pobj.lower_ in ("him", "her") else ("organization", "group")
                found = index.before(pobj.idx, kinds, window=400)  # "support for him"
            if found is not None and index.types.get(found) in ("organization", "person", "group"):
                return found
        if c.dep_ == "compound":
            found = index.at(c)
            if found is not None and index.types.get(found) in ("organization", "person", "group"):
                return found
    return None


def _counted(head: Token) -> Token:
    """The noun a number counts: "12 people" -> people; "a total of 200 jobs" -> jobs; "a fee
    of 18 million euros" -> euros."""
    for _ in range(3):
        if any(c.dep_ == "nummod" and c.pos_ == "NUM" for c in head.children):
            return head
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if pobj is None or pobj.pos_ == "NUM":
            return head
        head = pobj
    return head


def _bare_change(verb: Token) -> Token | None:
    """'rose 6 percent', 'fell 3 points': an amount of change written without "by"."""
    if _opposites.direction(verb.lemma_.lower()) is None:
        return None
    for c in verb.children:
        if c.dep_ in ("npadvmod", "dobj", "attr", "advmod") and c.lower_ in (
            "percent",
            "points",
            "point",
            "%",
        ):
            return c
    return None


def _margin_unit(verb: Token) -> str | None:
    """'fell by 10 percent' -> "change:percent"."""
    by = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    pobj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    if pobj is None:
        pobj = _bare_change(verb)
    if pobj is None:
        return None
    unit = measures.unit_of(pobj)
    return f"change:{unit}" if unit else "change"


def _positive(predicate: str, polarity: Polarity) -> tuple[str, Polarity]:
    """'be_unsafe' -> ('be_safe', negated): an adjective negated by its prefix is its base, denied."""
    parts = predicate.split("_")
    if parts[0] in ("be", "remain", "stay") and len(parts) > 1:
        base = _opposites.positive_form(parts[1])
        if base is not None:
            return "_".join([parts[0], base, *parts[2:]]), "negated" if polarity == "affirmed" else "affirmed"
    return predicate, polarity


def _denied(token: Token, inside: set[int]) -> bool:
    """Whether a denial ("denied that ...", "rejected the notion that ...") is aimed at this
    clause: the content's head, its conjuncts, what it is read through ("denied they had
    begun fighting") or the clause of a noun that heads it ("the notion that X") - not a
    relative or adverbial clause inside it ("rejected a treaty favored by X")."""
    t = token
    for _ in range(8):
        head = t.head
        if head.i == t.i or head.i not in inside:
            return True
        if not _carries_denial(t, head):
            return False
        t = head
    return False


def _carries_denial(t: Token, head: Token) -> bool:
    lemma = head.lemma_.lower()
    if t.dep_ == "conj" or (t.dep_ == "dobj" and lemma in stance.TRANSPARENT_VERBS):
        return True
    if t.dep_ in ("ccomp", "xcomp"):
        return (
            lemma in stance.TRANSPARENT_VERBS or lemma in stance.NEGATIVE_VERBS or lemma in stance.HEDGE_VERBS
        )
    return (
        t.dep_ in ("acl", "ccomp")
        and head.pos_ == "NOUN"
        and (
            any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
            or head.lemma_.lower() in REPORT_NOUNS | CLAIM_NOUNS
        )
    )


def _under_report(token: Token, inside: set[int]) -> bool:
    """Whether a clause hangs from a noun of hearsay ("reports of", "rumours that")."""
    for ancestor in token.ancestors:
        if ancestor.i not in inside:
            return False
        if ancestor.pos_ == "NOUN" and ancestor.lemma_.lower() in REPORT_NOUNS:
            return True
        if ancestor.lemma_.lower() == "be" and any(
            c.dep_ in ("attr", "nsubj") and c.lemma_.lower() in REPORT_NOUNS for c in ancestor.children
        ):
            return True  # "there were rumours ... that the plant would close"
    return False


def _hypothetical(token: Token, inside: set[int], *, reported: bool = False) -> bool:
    """'if he loses', 'whether he fought', 'would win', 'want Trump to lose'. In reported
    speech "would" is the future seen from the past ("said revenue would fall"), unless a
    condition goes with it."""
    conditional = any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless")
        for t in [token, *token.ancestors][:6]
        for c in t.children
    )
    for t in [token, *token.ancestors][:6]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
            return True
        if t.dep_ in ("ccomp", "xcomp") and any(
            c.dep_ == "advmod" and c.lower_ in ("how", "why") for c in t.children
        ):
            return True  # "hard to see how he wins"
        if any(
            c.dep_ == "aux"
            and c.lower_ in ("would", "could", "might", "may", "should", "’d", "'d")
            and not (reported and c.lower_ in ("would", "’d", "'d") and not conditional)
            for c in t.children
        ):
            return True
        if (
            t is not token
            and t.pos_ in ("VERB", "AUX")
            and t.lemma_.lower() in DESIRE_VERBS
            and t.lemma_.lower() not in measures.FORECAST_VERBS
        ):
            return True
        if _unasserted_infinitive(t):
            return True  # "in the race to win", "impossible to win", "encouraged me to endorse"
        if (
            t is not token
            and t.i in inside
            and t.pos_ == "VERB"
            and t.lemma_.lower() in _HEARSAY_VERBS
            and any(c.dep_ == "nsubj" and c.lower_ not in ("i", "we") for c in t.children)
        ):
            return True  # "they told me we had no chance": someone else's words inside the claim
        if t.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "pcomp", "acl", "relcl", "pobj", "prep"):
            break
    return False


def _unasserted_infinitive(t: Token) -> bool:
    """A to-infinitive that states a purpose, a plan, an ability or a requirement rather than
    what happened: under a noun or adjective ("the race to win", "impossible to win"), as a
    purpose ("clinched delegates to win"), or under a verb that does not entail it ("decided
    to vote", "allowed them to enter"; but "managed to win", "began to fight" do)."""
    if t.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return False
    head = t.head
    if head.i == t.i:
        return False
    if t.dep_ in ("advcl", "acl", "relcl"):
        return True
    if t.dep_ not in ("xcomp", "ccomp"):
        return False
    if head.pos_ in ("ADJ", "NOUN", "PROPN"):
        return True
    if stance.is_yet_to(t, head):
        return False  # "has yet to win" reports (negated) what happened so far
    lemma = head.lemma_.lower()
    if lemma in measures.FORECAST_VERBS:
        return False  # "expects revenue to grow": a forecast, stated (as probable)
    if lemma in PERMISSIVE_VERBS:
        # "the deployment allowed troops to get experience": they got it; "not allowing
        # Muslims to enter", "allows them to enter": a permission, not an event
        return head.tag_ not in ("VBD", "VBN") or stance.clause_polarity(head) == "negated"
    return lemma not in IMPLICATIVE_VERBS


def _location(verb: Token, obj: Token | None, index: MentionIndex, inside: set[int]) -> str | None:
    """The place a statement is set in: "won the primary in Ohio", "introducing forces into Kursk"."""
    for head in (verb, obj):
        if head is None:
            continue
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "into", "to", "at") or prep.i not in inside:
                continue
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is None or (head is verb and obj is None):
                continue  # without an object, "to Kursk" is the object itself
            place = index.at(pobj)
            if place is not None and index.types.get(place) == "place":
                return place
    return None


def _background(token: Token) -> bool:
    """A clause the claim takes for granted rather than asserts: "while she was secretary",
    "when she was secretary" (the parser reads "when" as an adverb, not a marker), and an
    aside about a person ("Lima, who was secretary at the time, ...")."""
    for t in [token, *token.ancestors][:4]:
        if any(
            (c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS)
            or (c.dep_ == "advmod" and c.i < t.i and c.lower_ in ("when", "while", "whenever"))
            for c in t.children
        ):
            return True
        if t.dep_ == "relcl" and _aside_about_a_person(t):
            return True
        if (
            t.dep_ in ("relcl", "acl")
            and t.head.pos_ == "NOUN"
            and t.head.ent_type_ == ""
            and (
                (
                    t.head.tag_ == "NNS"
                    and not any(c.dep_ in ("det", "poss", "nummod") for c in t.head.children)
                )
                or (t.dep_ == "acl" and t.tag_ == "VBN" and t.head.tag_ == "NNS")
            )
        ):
            # "voters who had not taken part", "emails released by the department": what
            # picks out a kind of thing is taken for granted ("the governor who closed the
            # mine" names one, and says so)
            return True
        if t.dep_ not in ("conj", "xcomp", "advcl"):
            break
    return False


def _aside_about_a_person(clause: Token) -> bool:
    """'Lima, who was governor': a relative clause set off by a comma and opened by "who"."""
    first = clause.left_edge
    doc = clause.doc
    return first.lower_ in ("who", "whom", "whose") and first.i > 0 and doc[first.i - 1].text == ","


def _noun_polarity(noun: Token) -> Polarity:
    """'no deployment of ...': a nominal fact is negated by its determiner or its verb."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return "negated"
    head = noun.head
    if noun.dep_ in ("dobj", "nsubj", "attr") and head.pos_ in ("VERB", "AUX"):
        return stance.clause_polarity(head)
    return "affirmed"


def classify(
    lemma: str,
    *,
    particle: str | None = None,
    prep: str | None = None,
    object_words: tuple[str, ...] | frozenset[str] = (),
    passive: bool = False,
    copula_attr: bool = False,
    object_is_entity: bool = True,
) -> str:
    """The verb class of a predicate: lemma, particle / preposition and the object's key words.

    "engage in combat operations", "fight", "be in combat", "enter the fight" are one class
    ("fight"); "be killed" without an agent is "sufferLosses", "kill" with an object "kill".
    """
    words = set(object_words)
    if particle:
        phrasal = PHRASAL_CLASSES.get(f"{lemma}_{particle}")
        if phrasal is None:
            return "other"  # "drop out", "cut off": the particle changes the meaning
        return phrasal
    if lemma == "fight" and prep == "for":
        return "back"  # "fought for the bill"
    if lemma == "fight" and prep == "against" and not words & COMBAT_WORDS and not object_is_entity:
        return "oppose"
    combat = bool(words & COMBAT_WORDS) or (
        "operation" in words and words & {"military", "combat", "offensive"}
    )
    if combat and lemma in ("engage", "be", "enter", "join", "participate", "take", "involve", "introduce", "send",
                            "throw", "deploy", "see", "fight", "commit"):  # fmt: skip
        return "fight"
    if lemma in ("kill", "wound", "injure", "slaughter", "murder") and passive:
        return "sufferLosses"
    if lemma in ("die", "perish") or (lemma in ("suffer", "sustain", "take", "incur") and words & LOSS_WORDS):
        return "sufferLosses"
    if lemma == "lose":
        if words & {"job", "jobs", "position", "positions", "post", "posts"}:
            return "decrease"  # "200 workers would lose their jobs": jobs are cut
        return "sufferLosses" if words & {"soldier", "troop", "life", "man", "fighter", "men"} else "lose"
    if lemma in ("pose", "present") and words & DANGER_WORDS:
        return "threaten"
    if lemma in ("send", "introduce", "move") and prep in ("to", "into", "in"):
        return "deploy"
    if lemma == "be" and copula_attr:
        return "be"
    if lemma == "vote":
        return "back" if prep == "for" else "oppose" if prep == "against" else "other"
    if (lemma == "go" and prep == "to") or (lemma == "travel" and prep == "to"):
        return "visit"
    return VERB_CLASSES.get(lemma, "other")


def _predicate(lemma: str, particle: str | None, prep: str | None) -> str:
    parts = lemma.split("_") + ([particle] if particle else []) + ([prep] if prep else [])
    return "_".join(re.sub(r"[^a-z0-9]+", "", p.lower()) or "x" for p in parts)


def _argument_prep(preps: list[Token]) -> tuple[str | None, Token | None]:
    """The first preposition that takes an argument (not a time or a circumstance)."""
    for prep in preps:
        word = prep.lower_
        if word in _ADVERBIAL_PREPS:
            continue
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ in ("DATE", "TIME"):
            continue
        return word, pobj
    return None, None


def _subjects(doc: Doc, verb: Token, inside: set[int], index: MentionIndex, a: Attribution) -> list[_Part]:
    """The clause's subject(s): its own, that of the verb it is controlled by, or the noun a
    participle or relative clause modifies; conjoined subjects give one part each."""
    token = verb
    for _ in range(5):
        subj = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is not None:
            if subj.lower_ in _RELATIVE_PRONOUNS and token.dep_ == "relcl":
                subj = token.head
            break
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            controller = _infinitive_controller(token)
            subj = controller if controller is not None else _acl_subject(doc, token)
            break
        if (
            token.dep_ in ("ccomp", "ROOT")
            and (repaired := _garden_path_subject(doc, token, inside)) is not None
        ):
            subj = repaired
            break
        if token.dep_ == "relcl":
            return []
        if token.dep_ == "xcomp":
            controller = next((c for c in token.head.children if c.dep_ == "dobj"), None)
            if controller is not None:
                subj = controller
                break
        if token.dep_ in ("xcomp", "conj", "advcl") and token.head is not token:
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.head.head is not token.head:
            token = token.head.head
            continue
        return []
    else:
        return []
    if subj.i not in inside and not (subj.lower_ in _FIRST_PERSON and a.speaker):
        return []
    parts = []
    for s in [subj, *_conjuncts(subj)]:
        part = _part(doc, s, index, a)
        if (
            part.entity is None
            and s.lower_ in _UNRESOLVABLE | _THIRD_PLURAL | _THIRD_SINGULAR | _RELATIVE_PRONOUNS
        ):
            continue
        parts.append(part)
    return parts


def _infinitive_controller(verb: Token) -> Token | None:
    """'the company had no plans to cut jobs': who would do it is the subject of the clause
    the plan belongs to, not the plan."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    noun = verb.head
    if noun.lemma_.lower() not in (
        "plan",
        "intention",
        "intent",
        "decision",
        "bid",
        "effort",
        "attempt",
        "right",
    ):
        return None
    owner = noun.head
    if owner.pos_ not in ("VERB", "AUX") or noun.dep_ not in ("dobj", "attr", "nsubj"):
        return None
    return next((c for c in owner.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _acl_subject(doc: Doc, verb: Token) -> Token:
    """'reports of soldiers being killed': the noun right before the participle, when the
    parser hung it on a farther noun."""
    i = verb.left_edge.i - 1
    while i >= 0 and doc[i].dep_ in ("aux", "auxpass"):
        i -= 1
    near = doc[i] if i >= 0 else None
    head = verb.head
    if (
        near is not None
        and near is not head
        and near.pos_ in ("NOUN", "PROPN")
        and head.left_edge.i <= near.i <= head.right_edge.i
    ):
        return near
    return head


def _garden_path_subject(doc: Doc, verb: Token, inside: set[int]) -> Token | None:
    """'troops deployed to Russia have been killed': the parser read 'deployed' as the verb of
    'troops' and left 'killed' without a subject; take the subject back."""
    if not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    for i in range(verb.i - 1, -1, -1):
        if i not in inside:
            break
        t = doc[i]
        if (
            t.dep_ in _SUBJECT_DEPS
            and t.head is not verb
            and t.head.dep_ in ("relcl", "acl")
            and t.head.right_edge.i < verb.i
        ):
            return t
    return None


def _conjuncts(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]


def _part(doc: Doc, head: Token, index: MentionIndex, a: Attribution | None) -> _Part:
    entity = index.at(head)
    if entity is None and a is not None and head.lower_ in _FIRST_PERSON:
        entity = a.speaker
    if entity is None and head.lower_ in _THIRD_PLURAL:
        for kind in ("group", "organization", "place"):
            entity = index.before(head.idx, (kind,), window=300)
            if entity is not None:
                break
    if entity is None and head.lower_ in _THIRD_SINGULAR:
        if a is not None and a.mode != "direct" and a.speaker and a.speaker.startswith("person/"):
            entity = a.speaker  # "Kasich said that he is best positioned": he is the speaker
        else:
            entity = index.before(head.idx, ("person",), window=300)
    if (
        a is not None
        and a.mode == "direct"
        and entity is not None
        and entity == a.speaker
        and head.lower_ in _THIRD_SINGULAR | _THIRD_PLURAL
    ):
        entity = None  # in their own words a speaker says "I": "he" in a quotation is someone else
    left = [
        t for t in head.lefts if t.dep_ in ("amod", "compound", "nummod", "poss", "nmod", "quantmod", "case")
    ]
    start = min([head.i] + [t.left_edge.i for t in left])
    while (
        start < head.i
        and doc[start].dep_ in ("det", "punct", "advmod", "quantmod")
        and doc[start].pos_ != "NUM"
    ):
        start += 1
    if head.lemma_.lower() in _PLACE_NOUNS:
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        place = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if place is not None and index.types.get(index.at(place) or "") == "place":
            entity = index.at(place)  # "his home state of Vermont" is Vermont
    first, last = doc[start], head
    label = next((c for c in head.rights if c.dep_ in ("nummod", "appos") and c.pos_ == "NUM"), None)
    if label is not None and label.i == head.i + 1:
        last = label  # "item 3", "Flight 370": the number names the thing
    text = doc_text(doc)[first.idx : last.idx + len(last.text)]
    return _Part(
        head=head, text=text, span=Span(start=first.idx, end=last.idx + len(last.text)), entity=entity
    )


def _key_words(head: Token) -> tuple[str, ...]:
    """The object's head lemma with its compounds and adjectives ("direct combat operations")."""
    return tuple(
        [head.lemma_.lower()] + [c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod")]
    )


def _quantity(head: Token) -> tuple[float | None, bool]:
    """'about 12,000 DPRK soldiers' -> (12000.0, True); "stood at 15" -> (15.0, False)."""
    if head.pos_ == "NUM" and head.ent_type_ not in ("DATE", "TIME", "CARDINAL_ORDINAL"):
        value = _number(" ".join(t.text for t in head.subtree if t.pos_ == "NUM" or t.lower_ in SCALES))
        if value is not None:
            return value, any(c.lower_ in APPROXIMATORS for c in head.children)
    # A number before its noun counts it ("14,200 signatures"); one after it names it
    # ("plan number 7", "item 3", "Flight 370").
    num = next((c for c in head.children if c.dep_ == "nummod" and c.pos_ == "NUM" and c.i < head.i), None)
    if num is None:
        # "a total of at least 1,353", "a majority of 12 seats"
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.pos_ == "NUM":
            num = pobj
        elif pobj is not None:
            return _quantity(pobj)
    if num is None:
        return None, False
    parts = [t for t in num.subtree if t.pos_ == "NUM" or t.lower_ in SCALES]
    value = _number(" ".join(t.text for t in sorted(parts, key=lambda t: t.i)))
    if value is None:
        return None, False
    approx_words = " ".join(t.lower_ for t in num.subtree if t.i < num.i and t.pos_ != "NUM")
    approximate = any(w in approx_words for w in APPROXIMATORS) if approx_words else False
    return value, approximate


def _detail(head: Token, verb: Token | None = None) -> str | None:
    """What completes an object on its right, as lemmas: "chance to take them" -> "to take",
    "chance of winning" -> "of win", "change based on ..." -> "base on". The fact's own verb
    is no completion ("delegates won by Rubio": the object of "won")."""
    for c in head.rights:
        if verb is not None and c.i == verb.i:
            continue
        if c.dep_ == "prep":
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return f"{c.lower_} {obj.lemma_.lower()}"
        if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX"):
            prep = next(
                (g for g in c.children if (g.dep_ in ("prep", "aux") and g.i > c.i) or g.lower_ == "to"), None
            )
            return (
                f"{prep.lower_ + ' ' if prep is not None and prep.lower_ == 'to' else ''}{c.lemma_.lower()}"
            )
    return None


def _margin(verb: Token) -> tuple[float | None, bool]:
    """'leads Sanders by roughly 270 delegates' -> (270.0, True): the measure of a lead or a
    change; "rose 6 percent" says it without "by"."""
    by = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    pobj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    if pobj is None:
        pobj = _bare_change(verb)
    if pobj is None:
        return None, False
    if pobj.pos_ == "NUM":
        value = _number(pobj.text)
        return value, any(c.lower_ in APPROXIMATORS for c in pobj.children)
    return _quantity(pobj)


def _number(text: str) -> float | None:
    """'1.2 million' -> 1200000.0, 'twenty-five' -> 25.0; None for two numbers side by side
    ("seven to two", a score) or any other word."""
    total: float | None = None
    for word in text.lower().replace(",", "").replace("-", " ").split():
        if re.fullmatch(r"\d+(\.\d+)?", word):
            if total is not None:
                return None
            total = float(word)
        elif word in SCALES and total is not None:
            total *= SCALES[word]
        elif word in NUMBER_WORDS:
            value = NUMBER_WORDS[word]
            if total is None:
                total = value
            elif 20 <= total < 100 and total % 10 == 0 and value < 10:
                total += value  # "twenty five"
            else:
                return None
        else:
            return None
    return total


def _cue_effect(doc: Doc, a: Attribution) -> tuple[bool, Certainty]:
    """Whether the cue reverses the content ("denied that ...") and how sure it makes it."""
    lemma = (a.cue_lemma or "").lower()
    flip = lemma in _DENIALS
    certainty: Certainty = _WEAK_CUES.get(lemma, "certain")
    for span in a.cue:
        cue = doc.char_span(span.start, span.end, alignment_mode="expand")
        if cue is not None and any(c.dep_ == "neg" for t in cue for c in t.children):
            certainty = "possible"  # "did not confirm that ...": no commitment either way
    return flip, certainty


def _weaker(a: Certainty, b: Certainty) -> Certainty:
    return a if _CERTAINTY_ORDER[a] <= _CERTAINTY_ORDER[b] else b
