"""Contradiction and support between claims, across speakers and documents.

Two claims relate when facts inside them (graph/extractors/facts.py) state the same
thing: the same subject after entity resolution (a group counts as its home place:
"North Korean troops" and "DPRK" are one subject), the same verb class ("engage in combat
operations", "fight", "enter the fight" are all "fight"), and compatible objects. Same
polarity -> supports; opposite polarity, or antonym classes ("back" / "oppose") with the
same polarity -> contradicts. Hedged-as-possible facts, hearsay and a future against a
past are never linked, nor facts whose subject and object are one entity (a parser's
artefact, or a pronoun resolved to the wrong person) or whose subject is "we" (a group the
speaker belongs to, not the speaker). Predicates outside the verb classes ("other") need
more: the same lemma-level predicate, the same object and agreeing numbers. Objects agree
only if their quantifiers do ("several states" is not "most states"); a number or quantifier
on one side only is fine for support (winning 163 delegates is winning delegates) but not
for a contradiction whose negated side is the more specific one ("did not win 163
delegates" does not deny "won delegates"). Antonym classes contradict only about one
specific object ("won Ohio" / "lost Ohio", not "won several states" / "lost several
states"). States ("leads", "is the favorite") and events between the same participants
("beat X") change or recur, so they are compared only at one moment: one article, one
resolved date, or one publication day (claims whose moment is unknown get the benefit of
the doubt). Two claims are linked at most once, whatever the direction or the number of
facts they share; a contradiction outweighs a support. A claim that only points back at the
previous one ("X repeated the claims", "Y denied the allegations") supports or contradicts
that claim.

Records in, Relation records out; no spaCy, no rdflib.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from graph.extractors import _opposites, measures
from graph.records import Attribution, Extraction, Fact, Relation

# Verb classes whose object is a circumstance rather than a participant ("engage in
# combat operations" and "fight" describe the same event whatever the noun).
OPEN_OBJECT: frozenset[str] = frozenset({"fight", "sufferLosses", "escalate"})
# What the object of such a class may name: the fighting itself, not what is fought over or
# against ("fight the virus", "a floor fight" are not combat).
CIRCUMSTANCES: frozenset[str] = frozenset(
    ["combat", "fight", "fighting", "battle", "battlefield", "hostility", "war", "warfare", "clash", "offensive",
     "firefight", "skirmish", "frontline", "front", "operation", "loss", "casualty", "death", "life", "setback",
     "defeat", "tension", "violence", "conflict"]
)  # fmt: skip
# Objects that name a place only through the article's context ("won the state").
CONTEXTUAL_OBJECTS: frozenset[str] = frozenset(
    ["state", "city", "country", "region", "province", "town", "county", "district", "capital"]
)
# Entity types of objects that take part in events that recur ("beat Sanders", "met Trump",
# "attacked Cruz"): such facts are one only at one moment.
PARTICIPANTS: frozenset[str] = frozenset(["person", "organization", "group"])
# Verb classes never compared: nested speech is not a statement about the world.
NOT_COMPARED: frozenset[str] = frozenset({"say"})
ANTONYMS: dict[str, str] = {"back": "oppose", "oppose": "back", "increase": "decrease", "decrease": "increase",
                            "win": "lose", "lose": "win"}  # fmt: skip
REPEAT_CUES: frozenset[str] = frozenset(
    ["repeat", "reiterate", "echo", "reaffirm", "confirm", "back", "endorse", "support", "corroborate"]
)
DENY_CUES: frozenset[str] = frozenset(
    ["deny", "dispute", "reject", "refute", "dismiss", "contradict", "rebut"]
)
_ANAPHORA = re.compile(
    r"^(?:the|these|those|such|that|this|his|her|their|its|the same)\s+"
    r"(?:claims?|statements?|assertions?|allegations?|accusations?|reports?|remarks?|comments?|assessments?)$"
)
QUANTITY_TOLERANCE = 0.25
# Verb classes of change in amount: a number says by how much, not what share.
CHANGES: frozenset[str] = frozenset({"increase", "decrease"})
# Counts that run on from day to day: two days' figures are two figures.
RUNNING_COUNTS = frozenset({"deaths", "cases", "casualties", "injured", "missing"})
# The share of words two claims' texts hold in common above which they are one text.
NEAR_COPY = 0.8
# ... and the length from which two speakers' nearly equal words are a copy, not a coincidence.
NEAR_COPY_WORDS = 12
# How many days apart two reports may be and still speak of one state ("sales are slowing").
SAME_MOMENT_DAYS = 7
# Sources of "X repeated the claims" that may well be the previous speaker himself.
ANAPHORIC_SOURCES: frozenset[str] = frozenset(["he", "she", "they", "it", "i", "we"])
# How far back (in characters) "the claims" in "X repeated the claims" may point.
ANAPHORA_REACH = 300
QUANTIFIERS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "all",
        "most",
        "many",
        "several",
        "few",
        "least",
        "at",
        "about",
        "around",
        "over",
        "under",
        "nearly",
        "almost",
        "million",
        "thousand",
        "hundred",
        "billion",
        "dozens",
        "of",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
    ]
)
PRONOUNS: frozenset[str] = frozenset(
    ["it", "them", "this", "that", "these", "those", "him", "her", "he", "she", "they", "one", "me", "us", "you",
     "which", "who", "whom", "what", "something", "anything", "everything", "nothing"]
)  # fmt: skip
# Words that say how much of the object is meant: "several states" and "most states" are
# different claims even though both are about states.
AMOUNT_WORDS: frozenset[str] = frozenset(
    ["all", "most", "many", "several", "some", "few", "any", "no", "both", "each", "every", "enough", "more",
     "fewer", "less", "much", "majority", "half", "numerous", "multiple", "various", "couple", "handful",
     "dozen", "dozens", "hundreds", "thousands", "millions"]
)  # fmt: skip
NUMBER_WORDS: frozenset[str] = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion"]
)  # fmt: skip
# A plural first-person subject is a group the speaker belongs to (a campaign, a party, a
# country), not the speaker: what "we" have or need is not comparable across speakers.
FIRST_PLURAL: frozenset[str] = frozenset(["we", "us"])
# Articles and determiners that make an object indefinite: "won a primary" and "lost a
# primary" can both be true.
INDEFINITE: frozenset[str] = frozenset(["a", "an", "another", "some", "any", "other"])


@dataclass(frozen=True, slots=True)
class _Item:
    doc: str
    extraction: Extraction
    attribution: Attribution
    fact: Fact
    subject: str
    group: str  # the bucket: verb class (antonyms share one), or the predicate for "other"
    several: bool = False  # in more than one bucket (a state word and each of its opposites)

    @property
    def claim(self) -> str:
        return f"{self.doc}:{self.attribution.id}"


def find_relations(extractions: Sequence[Extraction]) -> list[Relation]:
    """Every contradiction and support between claims of the given documents, each with its reason."""
    buckets: dict[tuple[str, str, str], list[_Item]] = defaultdict(list)
    for ex in extractions:
        homes = {e.id: e.refers_to or e.id if e.type == "group" else e.id for e in ex.entities}
        claims = {a.id: a for a in ex.attributions}
        for fact in ex.facts:
            a = claims.get(fact.claim)
            if (
                a is None
                or (fact.subject is None and not fact.measure)
                or fact.relation in NOT_COMPARED
                or fact.certainty == "possible"
                or fact.background
            ):
                continue
            if (
                fact.object is None
                and fact.object_text is None
                and (
                    (fact.relation == "other" and not _state(fact))
                    or (fact.relation not in ("other", *CHANGES, *OPEN_OBJECT))
                )
            ):
                continue  # "Clinton has", "Sanders has won": nothing said to agree or disagree with
            subject = homes.get(fact.subject, fact.subject) if fact.subject else ""
            if fact.object is not None and homes.get(fact.object, fact.object) == subject:
                continue  # "Rubio trailing Rubio": a misread clause or a pronoun resolved wrongly
            if fact.subject_text.lower() in FIRST_PLURAL:
                continue
            if fact.relation in CHANGES and not fact.measure and subject.startswith("person/"):
                continue  # "Kasich was rising", "Rubio has dropped out": a person is no amount
            if (
                fact.relation == "be"
                and fact.object is not None
                and subject.startswith("person/")
                and fact.object.startswith("person/")
            ):
                continue  # "he isn't Hillary Clinton": who someone is, not a claim to weigh
            group = "|".join(sorted({fact.relation, ANTONYMS.get(fact.relation, fact.relation)}))
            plain = group if fact.relation != "other" else "other:" + fact.predicate
            meets = [group]
            if fact.relation == "other":
                group = "other:" + fact.predicate
                meets = [group]
                if (
                    (fact.object is None and fact.object_text is None)
                    or _copular(fact.predicate)
                    or fact.predicate in _STATE_OBJECTS
                    or _counts_object(fact)
                ):
                    # "sales are slowing", "the drug is safe (for patients)", "Lemos had not
                    # signed", "cancelled 212 flights" / "212 flights were cancelled": a state
                    # or change of the subject (or of the counted thing, whoever did it); it
                    # meets its own word, each of its opposites, and every change in amount
                    group = "state:"
                    meets = ["state:" + k for k in _opposites.meeting_keys(_base(fact.predicate))]
            if fact.measure and fact.quantity is not None and _states_amount(fact):
                # "had 14,200 signatures", "collected 14,200 signatures", "stood at 15", "rose
                # to 15": an amount of the measure, whatever the verb that states it
                group = "amount"
                meets = [group]
            # A measure ("revenue", "jobs") or a thing of the story ("the plant") meets the same
            # measure whoever owns it; compare() then asks that owners agree or stories match.
            item = _Item(ex.document.id, ex, a, fact, subject, group, len(meets) > 1)
            for meet in meets:
                buckets[("", fact.measure, meet) if fact.measure else (subject, "", meet)].append(item)
            if subject and _counts_object(fact) and fact.measure not in measures.MEASURES.values():
                # "Ortiz won 12 seats" also meets "Ortiz won seats": the doer's own fact
                own = replace(fact, measure=None)
                buckets[(subject, "", plain)].append(_Item(ex.document.id, ex, a, own, subject, plain))
    out: dict[tuple[str, str], Relation] = {}
    seen: set[tuple[int, int]] = set()
    for items in buckets.values():
        for i, x in enumerate(items):
            for y in items[i + 1 :]:
                if x.several and y.several:
                    pair = (id(x), id(y)) if id(x) < id(y) else (id(y), id(x))
                    if pair in seen:
                        continue  # met in another bucket already (a word and its opposite share two)
                    seen.add(pair)
                relation = compare(x, y)
                if relation is not None:
                    _keep(out, relation)
    for relation in _anaphoric(extractions):
        _keep(out, relation)
    return sorted(out.values(), key=lambda r: (r.kind, r.source, r.target))


def _keep(out: dict[tuple[str, str], Relation], relation: Relation) -> None:
    """One relation per unordered pair of claims: the first found, unless a later one
    contradicts where the first supports (one disagreement outweighs a shared fact)."""
    a, b = sorted((relation.source, relation.target))
    old = out.get((a, b))
    if old is None or (old.kind == "supports" and relation.kind == "contradicts"):
        out[(a, b)] = relation


def compare(x: _Item, y: _Item) -> Relation | None:
    """The relation between two facts in one bucket, or None."""
    if x.claim == y.claim:
        return None
    if _text(x) == _text(y):
        return None  # the same sentence republished is not a second voice
    fx, fy = x.fact, y.fact
    if x.doc == y.doc and x.attribution.narrated and y.attribution.narrated:
        return None  # an article does not argue with itself: two figures are of two things
    if not _tenses_compatible(_tense(x), _tense(y)):
        return None
    if (fx.measure or fy.measure) and not _same_owner(x, y):
        return None  # "Brightwater's sales" / "Kessler's sales"; "the plant" of another story
    if not measures.overlap(_period(x), _period(y)):
        return None  # "rose in 2022" / "fell in 2023": two different periods
    if fx.unit and fy.unit and fx.unit != fy.unit and fx.quantity is not None and fy.quantity is not None:
        return None  # "cut 500 jobs" / "cut costs by 5 percent": two different measures
    lasting = _property(x) and _property(y)
    if (
        not lasting
        and not _same_time(x, y)
        and ("ongoing" in (fx.tense, fy.tense) or _participant(x) or _participant(y))
    ):
        # "leads", "is the favorite", "has momentum": states that change from week to week;
        # "beat Sanders", "met Trump": events that recur between the same participants
        return None
    same_speaker = x.attribution.speaker is not None and x.attribution.speaker == y.attribution.speaker
    flipped = fx.relation != fy.relation and ANTONYMS.get(fx.relation) == fy.relation
    if x.group.startswith("state:"):
        bx, by = _base(fx.predicate), _base(fy.predicate)
        if _particles(fx.predicate) != _particles(fy.predicate):
            return None  # "came in" / "going into", "gave up" / "gave": not one state
        if bx != by and not _opposites.same_direction(bx, by):
            pos = "a" if _copular(fx.predicate) and _copular(fy.predicate) else "v"
            if not _opposites.opposed(bx, by, pos):
                return None  # not each other's opposites ("close" races are not "closed" ones)
            flipped = True
    if flipped and fx.polarity != fy.polarity:
        return None  # "did not win" is not "lost", "did not back" is not "opposed"
    opposite = (fx.polarity != fy.polarity) != flipped
    denial = opposite and not flipped
    negated, affirmed = (x, y) if fx.polarity == "negated" else (y, x)
    if not objects_compatible(x, y) and not (denial and _denies_every(negated, affirmed)):
        return None
    for item in (x, y):
        if _indefinite(item) and not (denial and item is negated):
            return None  # "won another primary" names none; only "never won a primary" says something
    quantities_differ = _quantities_differ(fx, fy)
    if fx.relation == "other" and (fx.quantity is None) != (fy.quantity is None):
        return None  # "trails by 300 delegates" / "barely trails": not one measure of one race
    if flipped and (fx.quantity is not None or fy.quantity is not None) and fx.relation not in CHANGES:
        return None  # "won 73 percent" / "lost 54 to 46": shares, not outcomes
    if flipped and not (_specific(x) and _specific(y)):
        return None  # "won several states" and "lost several states" can both be true
    if denial:
        amount = _amount_of(negated)
        if amount is not None and (amount != _amount_of(affirmed) or quantities_differ):
            return None  # "did not win 163 delegates" does not deny "won delegates" or "won 90"
    if (
        not opposite
        and quantities_differ
        and x.doc == y.doc
        and (x.attribution.narrated or y.attribution.narrated)
    ):
        return None  # the article's own figure and a source's, side by side: two things counted
    if not opposite and quantities_differ and fx.polarity == "affirmed" and _same_moment(x, y):
        kind = "contradicts"
        why = f"different numbers ({_num(fx)} vs {_num(fy)})"
    elif opposite:
        kind = "contradicts"
        if flipped:
            why = f"opposite predicates ({fx.relation} vs {fy.relation})"
        else:
            why = f"opposite polarity ({fx.polarity} vs {fy.polarity})"
    else:
        exact = not (fx.approximate or fy.approximate)
        if (
            fx.quantity is not None
            and fy.quantity is not None
            and fx.quantity != fy.quantity
            and (exact or quantities_differ)
        ):
            return None  # different numbers of one thing: not support, and over time not contradiction
        if fx.measure and (fx.quantity is None) != (fy.quantity is None) and not _same_head(fx, fy):
            return None  # "is cutting 500 jobs" / "is reducing its workforce": not the same words
        if same_speaker and x.doc == y.doc:
            return None  # a speaker repeating themselves in one article is not support
        if _near_copies(_text(x), _text(y)) and (
            same_speaker
            or x.attribution.narrated
            or y.attribution.narrated
            or min(len(_text(x).split()), len(_text(y).split())) >= NEAR_COPY_WORDS
        ):
            return None  # one sentence barely edited, or a quotation repeated in a headline
        if x.attribution.speaker is None and y.attribution.speaker is None and x.doc == y.doc:
            return None  # the article repeating itself
        if x.doc == y.doc and (_unknown_speaker(x) or _unknown_speaker(y)):
            return None  # in one article an unresolved source is mostly a speaker already quoted
        kind = "supports"
        why = f"same polarity ({fx.polarity})"
    certainty = f"certainty {fx.certainty} vs {fy.certainty}"
    about = _label(x, fx.subject) if fx.subject else (fx.measure or fx.subject_text)
    if fx.subject and fx.measure:
        about = f"{about} ({fx.measure})"
    predicate = fx.relation if fx.relation != "other" else _base(fx.predicate)
    if flipped:
        predicate += "/" + (fy.relation if fy.relation != "other" else _base(fy.predicate))
    objects = " / ".join(o for o in (_object(x), _object(y)) if o)
    reason = (
        f"same fact: {about} · {predicate}" + (f" ({objects})" if objects else "") + f"; {why}; {certainty}"
    )
    if same_speaker:
        reason += "; same speaker" + ("" if kind == "supports" else ", changed position")
    return Relation(
        kind=kind,
        source=x.claim,
        target=y.claim,
        reason=reason,
        subject=x.subject,
        predicate=fx.relation if fx.relation != "other" else fx.predicate,
        source_fact=fx.id,
        target_fact=fy.id,
        same_speaker=same_speaker,
    )


def objects_compatible(x: _Item, y: _Item) -> bool:
    """Objects that can be the same thing: the same entity, or the same head noun whose
    modifiers do not differ ("Democratic primaries" ~ "Democratic presidential primary", not
    "required votes" ~ "more votes"); any circumstance for verb classes like "fight". The
    places the statements are set in must agree too."""
    fx, fy = x.fact, y.fact
    lx, ly = _home(x.extraction, fx.location), _home(y.extraction, fy.location)
    if (lx or ly) and lx != ly:
        return False
    if x.group.startswith("state:") and y.group.startswith("state:"):
        # "sales were slowing" / "are not slowing": the subject's own state; with objects,
        # one that is the same, or none on a side that denies them all ("had not signed")
        ox, oy = _home(x.extraction, fx.object), _home(y.extraction, fy.object)
        tx, ty = ox or fx.object_text, oy or fy.object_text
        if not tx or not ty or _copular(fx.predicate) or _copular(fy.predicate):
            return True
        if ox and oy:
            return ox == oy
        return bool(_words(tx)) and _words(tx)[-1:] == _words(ty)[-1:]
    ox, oy = _home(x.extraction, fx.object), _home(y.extraction, fy.object)
    if ox and oy and ox != oy and not _same_name(x, y, ox, oy):
        return False  # "50 percent chose Clinton" / "48 percent chose Rubio": shares of two
    if fx.measure and fx.measure == fy.measure and (fx.quantity is not None or fy.quantity is not None):
        return True  # "cutting 500 jobs" / "200 jobs would be eliminated": one measure, counted
    if fx.quantity is None and fy.quantity is None and _digits(fx.object_text) != _digits(fy.object_text):
        return False  # "item 1" / "item 2", "Flight 370" / "Flight 17": numbers that name things
    hx = _home(x.extraction, fx.object)
    hy = _home(y.extraction, fy.object)
    if hx and hy:
        return hx == hy or _same_name(x, y, hx, hy)
    if fx.relation in OPEN_OBJECT and fy.relation in OPEN_OBJECT:
        return not (_participant(x) or _participant(y)) and _circumstance(x) and _circumstance(y)
    if bool(hx) != bool(hy) and (fx.object_text or "") != (fy.object_text or ""):
        return False  # "did not attack Megyn Kelly" / "struck populist notes"
    if not (hx or hy or fx.object_text or fy.object_text):
        return True  # "revenue will fall" / "revenue will grow": a change of the subject itself
    if hx or hy or fx.object_text is None or fy.object_text is None:
        return False
    places = _places_in(x)
    if places != _places_in(y):
        return False  # "the Wisconsin Republican primary" is not any Republican primary
    if _plural(fx.object_text) != _plural(fy.object_text) and not places:
        return False  # "global trade deals" are not "the deal"; "the primaries in Florida, Ohio" hold "the primary in Florida"
    ax, ay = _amount_of(x), _amount_of(y)
    if ax is not None and ay is not None and ax != ay:
        return False  # "several states" / "most states"; "22 states" / "enough states"
    if (ax is None) != (ay is None) and _determiner(x if ax is None else y) == "the":
        return False  # "the delegates" (those needed) are not "some delegates"; bare "delegates" may be
    wx, wy = _words(fx.object_text), _words(fy.object_text)
    if not wx or not wy or wx[-1] != wy[-1] or wx[-1] in PRONOUNS:
        return False
    if wx[-1] in CONTEXTUAL_OBJECTS and x.doc != y.doc and not (ax or _plural(fx.object_text)):
        return False  # "won the state" means a different state in each article
    mx, my = set(wx[:-1]), set(wy[:-1])
    if fx.object_detail and fy.object_detail and fx.object_detail != fy.object_detail:
        return False  # "a chance to take them all" is not "a chance of winning the nomination"
    if bool(fx.object_detail) != bool(fy.object_detail) and (mx or my):
        return False
    if fx.relation in ("other", "be") or fy.relation in ("other", "be"):
        # an unclassified predicate needs the very same object; and what something is called
        # is the whole claim: "a bad president" says more than "president", "a threat to
        # democracy" more than "a threat"
        return mx == my and ax == ay and fx.object_detail == fy.object_detail
    if not (mx <= my or my <= mx):
        return False
    x_more = (ax is not None and ay is None) or mx > my or bool(fx.object_detail and not fy.object_detail)
    y_more = (ay is not None and ax is None) or my > mx or bool(fy.object_detail and not fx.object_detail)
    return not (
        x_more and y_more
    )  # "states with open primaries" / "22 states": each says more in its own way


def _copular(predicate: str) -> bool:
    """'be_safe_for', 'stay_open': a copula and the state it gives, whatever follows."""
    parts = predicate.split("_")
    return parts[0] in _COPULAS and len(parts) > 1


# Verbs whose object only says what was done ("signed a contract", "signed with the club"):
# a denial without one ("had not signed") denies them all.
_STATE_OBJECTS = frozenset({"sign", "sign_with", "sign_for", "pass", "complete", "undergo"})


# Verbs that state how much of a measure there is: "had 14,200 signatures", "stood at 15",
# "rose to 15", "totalled 400", "12 people died" (the toll).
_AMOUNT_VERBS = frozenset(
    """be have carry contain hold number total reach stand_at come_to amount_to rise_to climb_to
    fall_to drop_to decline_to grow_to increase_to decrease_to jump_to slip_to die kill""".split()
)


def _digits(text: str | None) -> frozenset[str]:
    return frozenset(re.findall(r"\d[\d,.]*", text or ""))


def _same_head(a: Fact, b: Fact) -> bool:
    """Whether two facts name their object (or, without one, their subject) by one noun:
    "won 12 seats" / "won seats"."""
    wa, wb = _words(a.object_text or a.subject_text or ""), _words(b.object_text or b.subject_text or "")
    return bool(wa and wb) and wa[-1].rstrip("s") == wb[-1].rstrip("s")


def _counts_object(fact: Fact) -> bool:
    """Whether the fact's measure is its counted object ("cancelled 212 flights")."""
    words = _words(fact.object_text or "")
    return bool(fact.measure and fact.quantity is not None and words) and (
        words[-1].rstrip("s") == (fact.measure or "").rstrip("s")
    )


def _states_amount(fact: Fact) -> bool:
    if fact.predicate == "be" and fact.object_text and not any(ch.isdigit() for ch in fact.object_text):
        return False  # "about 400 signatures were duplicates": a kind among them, not how many
    return (
        fact.predicate in _AMOUNT_VERBS
        or fact.predicate.split("_")[0] in ("die", "kill")
        or (fact.relation == "sufferLosses")
    )


# Verbs that join a subject to a state: "is open", "will stay open", "remained closed".
_COPULAS = frozenset({"be", "stay", "remain", "keep", "become"})


# How far apart two articles' dates may be for a thing they leave unowned ("the plant",
# "revenue") to be the same thing.
SAME_STORY_DAYS = 45


def _same_owner(x: _Item, y: _Item) -> bool:
    """Two facts about one measure or thing: of one named owner; or, where a side names
    none, in one article or in two articles of one story (they name at least two of the same
    people or organizations, or the one owner named, within SAME_STORY_DAYS)."""
    if x.fact.measure != y.fact.measure:
        return False
    if x.subject and y.subject:
        return x.subject == y.subject
    if not (x.subject or y.subject) and _counts_object(x.fact) and _counts_object(y.fact):
        # "Assem had logged 2,766 hours" / "Shoukair had logged 6,300 hours": whoever did
        # the counted thing is its owner; two different doers, two facts
        hx, hy = _words(x.fact.subject_text), _words(y.fact.subject_text)
        if hx and hy and hx[-1] != hy[-1] and not ({hx[-1], hy[-1]} & PRONOUNS):
            return False
    if x.doc == y.doc:
        return True
    mx, my = x.extraction.document.meta.published, y.extraction.document.meta.published
    if mx and my and abs(_days(mx) - _days(my)) > SAME_STORY_DAYS:
        return False
    ex, ey = _named(x.extraction), _named(y.extraction)
    owner = x.subject or y.subject
    if owner:
        return owner in ex and owner in ey
    return len(ex & ey) >= 2


def _named(ex: Extraction) -> frozenset[str]:
    """The people, organizations and groups an article names (by their resolved ids)."""
    return frozenset(e.id for e in ex.entities if e.type in ("person", "organization", "group"))


def _particles(predicate: str) -> tuple[str, ...]:
    """'in' of "come_in", () of "be_safe" and "close": what follows a predicate's word."""
    parts = predicate.split("_")
    rest = parts[2:] if parts[0] in _COPULAS and len(parts) > 1 else parts[1:]
    return tuple(p for p in rest if p not in ("for", "to") or len(rest) > 1)


def _base(predicate: str) -> str:
    """'slow' of "slow", 'safe' of "be_safe" and "remain_safe", 'cut' of "cut_at": the word a
    predicate turns on."""
    parts = predicate.split("_")
    return parts[1] if parts[0] in _COPULAS and len(parts) > 1 else parts[0]


def _state(fact: Fact) -> bool:
    """A fact about the subject's own state or change, with no object ("sales were slowing",
    "the drug is safe", "revenue will fall")."""
    base = _base(fact.predicate)
    return (
        bool(fact.measure)
        or bool(
            _opposites.antonyms(base, "v") or _opposites.antonyms(base, "a") or _opposites.direction(base)
        )
        or fact.predicate.split("_")[0] in _COPULAS
    )


def _plural(text: str | None) -> bool:
    words = re.findall(r"[a-z]+", (text or "").lower())
    return bool(words) and words[-1].endswith("s") and not words[-1].endswith("ss")


def _circumstance(item: _Item) -> bool:
    """No object, a place, or words that name the fighting (or the losses) itself."""
    f = item.fact
    if f.object is not None or f.object_text is None:
        return True
    return any(w in CIRCUMSTANCES for w in _words(f.object_text))


def _places_in(item: _Item) -> frozenset[str]:
    """The places named inside a text object ("Wisconsin Republican primary"), or the place
    the statement is set in."""
    text = f" {' '.join(re.findall(r'[a-z0-9]+', (item.fact.object_text or '').lower()))} "
    found = {
        e.id
        for e in item.extraction.entities
        if e.type == "place" and any(f" {n.lower()} " in text for n in (e.name, *e.aliases) if n)
    }
    home = _home(item.extraction, item.fact.location)
    return frozenset(found | ({home} if home else set()))


def _participant(item: _Item) -> bool:
    """Whether the object is a person, organization or group (an opponent, an ally)."""
    if item.fact.object is None:
        return False
    e = item.extraction.entity(item.fact.object)
    return e is not None and e.type in PARTICIPANTS


# Verbs too light to carry a fact with "anything": "haven't done anything close to ...".
_LIGHT_VERBS = frozenset({"do", "make", "have", "get", "take", "say", "give", "go", "see"})


def _denies_every(general: _Item, specific: _Item) -> bool:
    """'never won a primary' denies 'won the Dakota primary': a negated indefinite object whose
    head, modifiers, places and completion the affirmed object all has."""
    g, sp = general.fact, specific.fact
    if (
        (g.object_text or "").lower() in ("anything", "anyone", "anybody")
        and sp.object_text
        and g.object_detail is None
        and _base(g.predicate) not in _LIGHT_VERBS
    ):
        return True  # "had not signed anything" denies "had signed a four-year contract"
    if g.object is not None or sp.object is not None or not g.object_text or not sp.object_text:
        return False
    if _determiner(general) not in INDEFINITE or _amount_of(general) is not None:
        return False
    wg, ws = _words(g.object_text), _words(sp.object_text)
    if not wg or not ws or wg[-1] != ws[-1] or wg[-1] in PRONOUNS:
        return False
    if g.object_detail and g.object_detail != sp.object_detail:
        return False
    return set(wg[:-1]) <= set(ws[:-1]) and _places_in(general) <= _places_in(specific)


def _same_name(x: _Item, y: _Item, hx: str, hy: str) -> bool:
    """Two entities of one document that the tagger typed apart: "Michelle Fields" (a person)
    and "Fields" (read as a place) when the surname stands alone."""
    if x.doc != y.doc:
        return False
    ex, ey = x.extraction.entity(hx), y.extraction.entity(hy)
    if ex is None or ey is None:
        return False
    for person, other in ((ex, ey), (ey, ex)):
        if person.type == "person" and other.type != "person" and person.name.split()[-1] == other.name:
            return True
    return False


def _amount_of(item: _Item) -> str | None:
    """How much of a text object is meant, counting a quantifier the object's text leaves out
    ("some delegates"); "no" and "any" are negation, read into the polarity already."""
    amount = _amount(item.fact.object_text)
    if amount is None:
        det = _determiner(item)
        if det in AMOUNT_WORDS and det not in ("no", "any"):
            return det
    return amount


def _amount(text: str | None) -> str | None:
    """How much of the object is meant: "#" for a number, the quantifier word, or None."""
    if not text:
        return None
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word.isdigit() or word in NUMBER_WORDS:
            return "#"
        if word in AMOUNT_WORDS:
            return word
    return None


def _specific(item: _Item) -> bool:
    """One definite object: an entity, or a singular noun phrase without "a", "some" or a
    number ("the Oregon primary", not "a primary" or "six primaries"); a change or state of
    the subject itself has none to doubt."""
    f = item.fact
    if f.object is not None or (
        f.object_text is None and (f.relation in CHANGES or (f.relation == "other" and _state(f)))
    ):
        return True  # ("Sanders has won" names no contest: not one to set against "lost")
    if not f.object_text or _amount_of(item) is not None or _determiner(item) in INDEFINITE:
        return False
    words = re.findall(r"[A-Za-z0-9'’-]+", f.object_text)
    if not words:
        return False
    last = words[-1].lower()
    return not (last.endswith("s") and not last.endswith("ss")) and last not in PRONOUNS


def _determiner(item: _Item) -> str | None:
    """The word just before a text object ("a", "the", "another"); the object's text leaves it out."""
    span = item.fact.object_span
    if item.fact.object is not None or span is None:
        return None
    before = item.extraction.document.text[max(0, span.start - 24) : span.start]
    match = re.search(r"([A-Za-z]+)[\s“”\"'‘’]*$", before)
    return match.group(1).lower() if match else None


def _indefinite(item: _Item) -> bool:
    """A text object of an event that names no particular thing ("won a primary", "another
    primary", "some delegates"); what something is, has or needs ("is a racist", "has a plan")
    and the fighting itself are exempt."""
    if item.fact.relation in ("be", "possess", "need") or item.fact.relation in OPEN_OBJECT:
        return False
    return _determiner(item) in INDEFINITE


def _property(item: _Item) -> bool:
    """'is a racist', 'is not a conservative': what someone is, as opposed to a role someone
    holds for a while ("is the favorite", "is the nominee"), does not change week to week."""
    return item.fact.relation == "be" and _determiner(item) in ("a", "an")


def _home(ex: Extraction, entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    e = ex.entity(entity_id)
    if e is not None and e.type == "group" and e.refers_to:
        return e.refers_to
    return entity_id


def _words(text: str) -> list[str]:
    """Content words of a noun phrase, singular, without quantifiers and numbers."""
    out = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in QUANTIFIERS or word.isdigit():
            continue
        for suffix in ("ies", "s"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
        out.append(word)
    return out


def _tenses_compatible(a: str | None, b: str | None) -> bool:
    """A prediction does not contradict (or support) a report of what happened; what is
    going on may be what was planned ("is cutting 500 jobs" / "will cut 200 jobs")."""
    if a is None or b is None or "ongoing" in (a, b):
        return True
    return (a == "future") == (b == "future")


def _tense(item: _Item) -> str | None:
    """The fact's tense, or "future" when the period it names lies after its claim's moment
    ("was on course to grow in 2025", said in 2024)."""
    time, moment = item.fact.time, _moment(item)
    if time and moment and time.partition("/")[0] > moment[1]:
        return "future"
    return item.fact.tense


def _near_copies(a: str, b: str) -> bool:
    """Two texts that share nearly all their words: a quotation repeated in a headline, one
    article in two versions."""
    if a == b:
        return True
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= NEAR_COPY


def _text(item: _Item) -> str:
    text = item.extraction.document.text
    return " ".join(" ".join(s.text(text) for s in item.attribution.content).split())


def _same_moment(x: _Item, y: _Item) -> bool:
    """Numbers change over time: only compare those of one document or one resolved date; a
    count that runs on (deaths, cases) also of one day; a figure of a measure (jobs to be cut,
    a fee) also of one story's days (SAME_MOMENT_DAYS)."""
    if _running(x) or _running(y):
        # "Clinton now has 1,410", "has won 100 delegates so far": a tally at the moment of
        # writing; two tallies (a live page's updates) meet only on one stated day
        return x.attribution.date is not None and x.attribution.date == y.attribution.date
    if x.doc == y.doc:
        return True
    if x.fact.measure and x.fact.measure not in RUNNING_COUNTS:
        return _same_time(x, y)
    if x.fact.approximate or y.fact.approximate:
        return False
    return x.attribution.date is not None and x.attribution.date == y.attribution.date


_RUNNING = re.compile(r"\b(?:now|so far|to date|currently|as of|thus far|at last count|latest)\b", re.I)


def _running(item: _Item) -> bool:
    return _RUNNING.search(_text(item)) is not None


def _unknown_speaker(item: _Item) -> bool:
    """A claim whose source is neither resolved nor the article's own voice."""
    return item.attribution.speaker is None and not item.attribution.narrated


def _same_time(x: _Item, y: _Item) -> bool:
    """Whether two claims may speak of one moment: one document, or moments (the claim's
    resolved date, else its document's publication day) within SAME_MOMENT_DAYS of each
    other. A claim whose moment is unknown gets the benefit of the doubt."""
    if x.doc == y.doc:
        return True
    mx, my = _moment(x), _moment(y)
    if mx is None or my is None:
        return True
    return _days(mx[0]) <= _days(my[1]) + SAME_MOMENT_DAYS and _days(my[0]) <= _days(mx[1]) + SAME_MOMENT_DAYS


def _period(item: _Item) -> str | None:
    """The period a fact is about: the one it names, else what its tense says against the
    claim's moment - "is cutting jobs" is about the weeks around it, "will close" about after
    it, "closed" about before it ("cut 150 jobs in 2019" is not what "is cutting" speaks of)."""
    if item.fact.time:
        return item.fact.time
    if _property(item):
        return None  # "is a liar": what someone is lasts
    moment = _moment(item)
    if moment is None:
        return None
    first, last = _days(moment[0]), _days(moment[1])
    tense = item.fact.tense
    if tense == "past" and item.fact.relation in CHANGES:
        # "support fell", "sales slowed": a change reported is a recent one
        return "/".join(_dt.date.fromordinal(d).isoformat() for d in (first - SAME_STORY_DAYS, last))
    if tense == "ongoing":
        span = (first - SAME_STORY_DAYS, last + SAME_STORY_DAYS)
    elif tense == "future":
        span = (first, _dt.date.max.toordinal())
    elif tense == "past":
        span = (_dt.date.min.toordinal(), last)
    else:
        return None
    return "/".join(_dt.date.fromordinal(d).isoformat() for d in span)


def _days(iso: str) -> int:
    return _dt.date.fromisoformat(iso[:10]).toordinal()


def _moment(item: _Item) -> tuple[str, str] | None:
    """(first day, last day) as ISO strings, which compare in date order."""
    value = item.attribution.date or item.extraction.document.meta.published
    if not value:
        return None
    first, _, last = value.partition("/")
    return first, last or first


def _quantities_differ(a: Fact, b: Fact) -> bool:
    if a.quantity is None or b.quantity is None:
        return False
    if a.unit and b.unit and a.unit != b.unit:
        return False
    if a.bound or b.bound or a.measure:
        # "at least 14" / "12", "roughly 200" / "500": the values each allows do not meet
        lo_a, hi_a = measures.interval(a.quantity, a.bound)
        lo_b, hi_b = measures.interval(b.quantity, b.bound)
        return hi_a < lo_b or hi_b < lo_a
    high = max(a.quantity, b.quantity)
    return high > 0 and abs(a.quantity - b.quantity) / high > QUANTITY_TOLERANCE


def _num(f: Fact) -> str:
    q = f.quantity
    text = f"{q:g}" if q is not None else "?"
    return ("about " if f.approximate else "") + text


def _label(item: _Item, entity_id: str | None) -> str:
    if entity_id is None:
        return "?"
    e = item.extraction.entity(entity_id)
    return e.name if e is not None else entity_id


def _object(item: _Item) -> str | None:
    f = item.fact
    if f.object:
        return _label(item, f.object)
    return f.object_text


def _anaphoric(extractions: Iterable[Extraction]) -> list[Relation]:
    """'... and a day later Blinken repeated the claims': support for the claim just before;
    'Y denied the allegations': a contradiction. The claim pointed at is the nearest one
    before, by another known speaker, ending at most ANAPHORA_REACH characters before; a
    negated cue ("did not deny the report") commits to nothing and links nothing."""
    out: list[Relation] = []
    for ex in extractions:
        text = ex.document.text
        claims = sorted(
            (a for a in ex.attributions if not a.narrated and a.content), key=lambda a: a.content[0].start
        )
        for i, a in enumerate(claims):
            lemma = (a.cue_lemma or "").lower()
            if lemma not in REPEAT_CUES and lemma not in DENY_CUES:
                continue
            content = " ".join(" ".join(s.text(text) for s in a.content).lower().split()).strip(' .,;:"“”')
            if not _ANAPHORA.match(content) or _cue_negated(text, a):
                continue
            source = " ".join(s.text(text) for s in a.source).strip().lower()
            if source in ANAPHORIC_SOURCES:
                continue  # "he echoed that comment": most often the previous speaker again
            start = min([s.start for s in a.cue] + [a.content[0].start])
            previous = next(
                (
                    p
                    for p in reversed(claims[:i])
                    if p.speaker is not None and p.speaker != a.speaker and p.content[-1].end <= start
                ),
                None,
            )
            if previous is None or start - previous.content[-1].end > ANAPHORA_REACH:
                continue
            denies = lemma in DENY_CUES
            out.append(
                Relation(
                    kind="contradicts" if denies else "supports",
                    source=f"{ex.document.id}:{a.id}",
                    target=f"{ex.document.id}:{previous.id}",
                    reason=f'{"denies" if denies else "repeats"} the preceding claim ("{content}", cue {lemma})',
                )
            )
    return out


def _cue_negated(text: str, a: Attribution) -> bool:
    """'did not deny', 'never repeated': a negation just before the cue verb (the attribution's
    own polarity cannot tell, since a denying cue already makes it negated)."""
    if not a.cue:
        return False
    before = text[max(0, a.cue[0].start - 20) : a.cue[0].start].lower()
    return re.search(r"(?:\bnot|\bnever|n['’]t)\s+(?:\w+\s+)?$", before) is not None
