"""What a fact measures, in what unit, for which period, and with what modality.

"Brightwater's revenue would fall by 10 percent next year" is about the *revenue* of
Brightwater (the measure and its owner), changes it by a *10 percent* (a quantity and its
unit, a change), for *next year* (the period, resolved against the document's date), as a
forecast (*would*). Claims are only comparable when these agree, so the fact extractor asks
this module for each of them. Stdlib and the parse only; no RDF.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING

from graph.extractors import time as time_phrases

if TYPE_CHECKING:
    from spacy.tokens import Token

# Nouns that name an attribute of something, by the canonical measure they count.
MEASURES: dict[str, str] = {
    **dict.fromkeys(["sale", "sales"], "sales"),
    **dict.fromkeys(["revenue", "revenues", "turnover"], "revenue"),
    **dict.fromkeys(["profit", "profits", "earnings"], "profit"),
    **dict.fromkeys(["margin", "margins"], "margin"),
    **dict.fromkeys(["price", "prices"], "price"),
    **dict.fromkeys(["cost", "costs"], "cost"),
    **dict.fromkeys(["output", "production"], "output"),
    **dict.fromkeys(["order", "orders", "bookings"], "orders"),
    **dict.fromkeys(
        ["job", "jobs", "workforce", "workers", "positions", "staff", "employees", "layoffs"], "jobs"
    ),
    **dict.fromkeys(["toll", "death", "deaths", "dead", "fatality", "fatalities"], "deaths"),
    **dict.fromkeys(["signature", "signatures"], "signatures"),
    **dict.fromkeys(["vote", "votes", "ballot", "ballots"], "votes"),
    **dict.fromkeys(["fee", "transfer fee"], "fee"),
    **dict.fromkeys(["case", "cases", "infection", "infections"], "cases"),
    **dict.fromkeys(["passenger", "passengers"], "passengers"),
    **dict.fromkeys(["emission", "emissions"], "emissions"),
    **dict.fromkeys(["temperature", "temperatures"], "temperature"),
    **dict.fromkeys(["level", "levels"], "level"),
    **{
        w: w
        for w in """demand growth inflation unemployment rate budget deficit debt exports imports turnout
        population capacity membership spending investment share shares stock value valuation
        customers users subscribers visitors patients students enrolment attendance""".split()
    },
}
# Nouns counted in deaths ("12 people had died", "15 dead").
_DEATH_VERBS = frozenset({"die", "kill", "perish", "drown"})
# Units that are not the thing counted but a scale or a currency.
_UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(["percent", "per cent", "%", "percentage", "points", "point"], "percent"),
    **dict.fromkeys(["euro", "euros", "€"], "euros"),
    **dict.fromkeys(["dollar", "dollars", "$"], "dollars"),
    **dict.fromkeys(["pound", "pounds", "£"], "pounds"),
    **dict.fromkeys(["yen"], "yen"),
}
# The units that measure (percent, money) rather than count a thing of the story.
UNIT_NAMES: frozenset[str] = frozenset(_UNIT_WORDS.values())
# Words of modality: a forecast, a hedge, an expectation.
MODALS: dict[str, str] = {
    "will": "will",
    "'ll": "will",
    "’ll": "will",
    "shall": "will",
    "would": "would",
    "may": "may",
    "might": "may",
    "could": "could",
    "can": "can",
    "should": "should",
    "must": "must",
}
FORECAST_VERBS = frozenset({"expect", "forecast", "predict", "project", "anticipate", "see", "estimate"})
_QUARTER = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])[\s-]+quarter\b|\bq([1-4])\b", re.I
)
_HALF = re.compile(r"\b(first|second)[\s-]+half\b", re.I)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def measure_of(token: Token) -> str | None:
    """The canonical measure a noun names ("revenues" -> "revenue"), or None."""
    word = token.lower_
    if word in MEASURES:
        return MEASURES[word]
    compound = [c.lower_ for c in token.children if c.dep_ == "compound"]
    return MEASURES.get(" ".join([*compound, word])) if compound else None


def death_measure(verb: Token) -> str | None:
    """'12 people had died', 'killed 15': what dies is counted in deaths."""
    return "deaths" if verb.lemma_.lower() in _DEATH_VERBS else None


def unit_of(head: Token) -> str | None:
    """What a number counts: the noun it modifies ("200 jobs" -> "jobs", "10 percent" ->
    "percent", "18 million euros" -> "euros"), or a currency sign before it ("$1.4 billion")."""
    word = head.lower_
    if word in _UNIT_WORDS:
        return _UNIT_WORDS[word]
    doc = head.doc
    for t in head.subtree:
        if t.text in ("$", "€", "£"):
            return _UNIT_WORDS[t.text]
        if t.i > 0 and doc[t.i - 1].text in ("$", "€", "£") and t.like_num:
            return _UNIT_WORDS[doc[t.i - 1].text]
    if head.pos_ == "NUM":
        return None
    return MEASURES.get(word, head.lemma_.lower())


def modality_of(verb: Token) -> str | None:
    """The modal or forecasting verb that governs a clause: "would fall" -> "would",
    "expects revenue to grow" -> "expect"."""
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in MODALS:
            return MODALS[c.lower_]
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in FORECAST_VERBS:
        if head.lemma_.lower() == "see" and (
            head.tag_ not in ("VB", "VBP", "VBZ")
            or any(c.lemma_ == "have" and c.dep_ == "aux" for c in head.children)
        ):
            return None  # "we have seen them engage", "saw it coming": what was seen, not a forecast
        return head.lemma_.lower()
    return None


def period_of(
    verb: Token, subject: Token | None, inside: set[int], anchor: dt.date | None, *, future: bool = False
) -> str | None:
    """The period a clause is about: a date phrase hanging from its verb ("in 2025", "next
    year", "on Monday", "by June") or modifying its subject ("third-quarter sales", "2023
    revenue"), resolved against the document's date; None when the clause gives none."""
    phrases: list[str] = []
    for child in verb.children:
        if child.i not in inside:
            continue
        if child.dep_ == "prep" and child.lower_ in (
            "in",
            "on",
            "for",
            "during",
            "by",
            "until",
            "before",
            "since",
        ):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and (pobj.ent_type_ in ("DATE", "TIME") or _QUARTER.search(pobj.text)):
                phrases.append(" ".join(t.text for t in child.subtree))
        elif child.dep_ in ("npadvmod", "tmod") and child.ent_type_ in ("DATE", "TIME"):
            phrases.append(" ".join(t.text for t in child.subtree))
    if subject is not None:
        modifiers = [c for c in subject.lefts if c.dep_ in ("compound", "amod", "nmod", "nummod")]
        words = " ".join(t.text for c in modifiers for t in c.subtree)
        if words:
            phrases.append(words)
        for prep in subject.rights:  # "turnout in the 2021 mayoral race"
            if prep.dep_ == "prep" and prep.lower_ in ("in", "for", "during", "of") and prep.i in inside:
                words = " ".join(t.text for t in prep.subtree)
                if _YEAR.search(words) or _QUARTER.search(words):
                    phrases.append(words)
    for phrase in phrases:
        found = _resolve(phrase, anchor)
        if found and future and anchor is not None and not _YEAR.search(phrase):
            found = _ahead(found, anchor)
        if found:
            return found
    return None


def _ahead(period: str, anchor: dt.date) -> str:
    """'will close by June' written in February 2025: the June to come, not the one past."""
    first, _, last = period.partition("/")
    end = dt.date.fromisoformat(last or first)
    if end >= anchor:
        return period
    start = dt.date.fromisoformat(first)
    step = 7 if (end - start).days < 7 else 0
    if step:
        while end < anchor:
            start, end = start + dt.timedelta(days=7), end + dt.timedelta(days=7)
    else:
        try:
            start, end = start.replace(year=start.year + 1), end.replace(year=end.year + 1)
        except ValueError:  # 29 February
            return period
    return start.isoformat() if not last else f"{start.isoformat()}/{end.isoformat()}"


def _resolve(phrase: str, anchor: dt.date | None) -> str | None:
    year_match = _YEAR.search(phrase)
    year = int(year_match.group()) if year_match else (anchor.year if anchor else None)
    quarter = _QUARTER.search(phrase)
    if quarter and year:
        n = _ORDINALS.get((quarter.group(1) or "").lower()) or int(quarter.group(2) or quarter.group(1)[1])
        start = dt.date(year, 3 * (n - 1) + 1, 1)
        end_month = 3 * n
        return f"{start.isoformat()}/{dt.date(year, end_month, calendar.monthrange(year, end_month)[1]).isoformat()}"
    half = _HALF.search(phrase)
    if half and year:
        first = half.group(1).lower() == "first"
        return f"{year}-01-01/{year}-06-30" if first else f"{year}-07-01/{year}-12-31"
    resolved = time_phrases.resolve_date(phrase, anchor)
    if resolved:
        return resolved
    if year_match:
        return f"{year}-01-01/{year}-12-31"
    return None


def overlap(a: str | None, b: str | None) -> bool:
    """Whether two periods ("YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD") share a day; an unknown
    period overlaps anything."""
    if not a or not b:
        return True
    a0, _, a1 = a.partition("/")
    b0, _, b1 = b.partition("/")
    return a0 <= (b1 or b0) and b0 <= (a1 or a0)


_MIN_WORDS = ("at least", "more than", "over", "above", "upwards of", "in excess of", "no fewer than")
_MAX_WORDS = ("at most", "fewer than", "less than", "under", "up to", "below", "no more than")
_ABOUT_WORDS = (
    "about",
    "around",
    "roughly",
    "approximately",
    "nearly",
    "almost",
    "some",
    "close to",
    "closer to",
    "an estimated",
    "estimated",
)


def bound_of(head: Token) -> str | None:
    """How a number is meant: "min" (at least 14), "max" (fewer than 100), "about" (roughly
    200), or None (exactly)."""
    num = next((c for c in head.children if c.dep_ == "nummod"), head if head.like_num else None)
    if num is None:
        return None
    doc = num.doc
    start = min(t.i for t in num.subtree)
    before = (
        " ".join(t.lower_ for t in doc[max(0, start - 3) : start])
        + " "
        + " ".join(t.lower_ for t in num.subtree if t.i < num.i and not t.like_num)
    )
    for words, bound in ((_MIN_WORDS, "min"), (_MAX_WORDS, "max"), (_ABOUT_WORDS, "about")):
        if any(f" {w} " in f" {before} " for w in words):
            return bound
    return None


def interval(value: float, bound: str | None) -> tuple[float, float]:
    """The values a quantity allows: exact, at least, at most, or within 15% (about)."""
    if bound == "min":
        return value, float("inf")
    if bound == "max":
        return 0.0, value
    if bound == "about":
        return value * 0.85, value * 1.15
    return value, value
