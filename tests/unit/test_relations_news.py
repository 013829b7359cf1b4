"""Facts and links for the claims business, local and court news is made of: states and
changes, amounts with units, forecasts, periods, owners, rumours and same-speaker pairs.
Every article is one to three sentences written for these tests; names, places and numbers
are invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import graph
from graph import ingest
from graph.extractors import measures
from graph.records import Extraction, Fact, Relation
from graph.relate import find_relations
from graph.resolve import resolve_entities

pytest.importorskip("spacy")


def _extract(texts: dict[str, str], dates: dict[str, str] | None = None) -> list[Extraction]:
    out = []
    for name, text in texts.items():
        doc = ingest.document_from_text(text, name=name)
        if dates and name in dates:
            doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, published=dates[name]))
        out.append(graph.extract(doc))
    return resolve_entities(out)


def _links(texts: dict[str, str], dates: dict[str, str] | None = None) -> dict[frozenset[str], Relation]:
    extractions = _extract(texts, dates)
    names = {ex.document.id: ex.document.name for ex in extractions}
    out: dict[frozenset[str], Relation] = {}
    for r in find_relations(extractions):
        pair = frozenset((names[r.source.split(":")[0]], names[r.target.split(":")[0]]))
        out[pair] = r
    return out


def _kind(links: dict[frozenset[str], Relation], a: str, b: str) -> str | None:
    r = links.get(frozenset((a, b)))
    return r.kind if r else None


def _facts(text: str, published: str | None = None) -> list[Fact]:
    ex = _extract({"t": text}, {"t": published} if published else None)[0]
    return list(ex.facts)


# ---------------------------------------------------------------- facts


def test_a_cut_has_its_amount_unit_and_direction() -> None:
    facts = _facts("Union steward Ivo Marsh said Pellworth Foods will cut about 200 jobs at its bakery.")
    cut = next(f for f in facts if f.relation == "decrease")
    assert (cut.quantity, cut.approximate, cut.unit, cut.measure) == (200.0, True, "jobs", "jobs")
    assert cut.modality == "will" and cut.tense == "future"
    assert cut.subject == "organization/pellworth-foods"


def test_a_fall_by_a_share_is_a_change_and_its_year_is_resolved() -> None:
    facts = _facts(
        "Analyst Rhea Doyle said Castell Mining's revenue would fall by 10 percent next year.",
        published="2025-03-04",
    )
    fall = next(f for f in facts if f.relation == "decrease")
    assert (fall.quantity, fall.unit, fall.measure) == (10.0, "change:percent", "revenue")
    assert fall.subject == "organization/castell-mining"
    assert fall.time == "2026-01-01/2026-12-31"


def test_a_state_without_an_object_is_a_fact() -> None:
    facts = _facts("Fund manager Oona Pike said sales at Trevane Motors were not slowing.")
    slow = next(f for f in facts if f.predicate == "slow")
    assert slow.polarity == "negated" and slow.measure == "sales"
    assert slow.subject == "organization/trevane-motors"


def test_unsafe_is_safe_denied() -> None:
    facts = _facts("Toxicologist Amal Reyes said the new pesticide was unsafe for bees.")
    safe = next(f for f in facts if f.predicate.startswith("be_safe"))
    assert safe.polarity == "negated"


def test_an_expectation_is_a_probable_forecast() -> None:
    facts = _facts("Chief executive Lena Morrow said the company expects profit to rise in 2026.")
    rise = next(f for f in facts if f.relation == "increase")
    assert rise.modality == "expect" and rise.certainty == "probable" and rise.tense == "future"


def test_a_question_states_no_fact() -> None:
    assert _facts("“Will the Brook Lane library close?” Councillor Amy Tan asked.") == []
    asked = _facts("Councillor Amy Tan asked whether the Brook Lane library would close.")
    assert all(f.certainty == "possible" for f in asked)  # asked, not asserted: never compared


def test_a_month_ahead_in_a_forecast_is_the_coming_one() -> None:
    assert measures._ahead("2025-06-01/2025-06-30", dt.date(2026, 2, 13)) == "2026-06-01/2026-06-30"
    assert measures._ahead("2026-06-01/2026-06-30", dt.date(2026, 2, 13)) == "2026-06-01/2026-06-30"


def test_bounds_make_intervals() -> None:
    assert measures.interval(100, "min") == (100, float("inf"))
    assert measures.interval(100, "max") == (0.0, 100)
    low, high = measures.interval(100, "about")
    assert low < 100 < high


# ---------------------------------------------------------------- links


def test_slowing_against_not_slowing() -> None:
    links = _links(
        {
            "a": "Analyst Mina Cole said sales at Trevane Motors were slowing.",
            "b": "Trevane Motors chief executive Paul Brandt said sales at Trevane Motors were not slowing.",
        },
        dates={"a": "2025-10-01", "b": "2025-10-02"},
    )
    assert _kind(links, "a", "b") == "contradicts"


def test_the_company_is_the_company_named_before() -> None:
    links = _links(
        {
            "a": "Castell Mining shares rose. The company said revenue will grow next year.",
            "b": "Analyst Rhea Doyle said Castell Mining's revenue would fall by 10 percent next year.",
        },
        dates={"a": "2025-03-03", "b": "2025-03-04"},
    )
    r = links[frozenset(("a", "b"))]
    assert r.kind == "contradicts" and "increase" in r.reason and "decrease" in r.reason


def test_two_owners_two_facts() -> None:
    links = _links(
        {
            "a": "Analyst Rhea Doyle said Castell Mining's revenue would fall next year.",
            "b": "Analyst Tom Veit said Harrow Steel's revenue would grow next year.",
        },
        dates={"a": "2025-03-04", "b": "2025-03-04"},
    )
    assert _kind(links, "a", "b") is None


def test_two_years_two_facts() -> None:
    links = _links(
        {
            "a": "Castell Mining said its revenue rose in 2022.",
            "b": "Castell Mining said its revenue fell in 2023.",
        },
        dates={"a": "2024-01-10", "b": "2024-01-11"},
    )
    assert _kind(links, "a", "b") is None


def test_a_denial_answers_the_claim() -> None:
    links = _links(
        {
            "a": "Organizer Dana Quill of the Harbor Parks Coalition said the petition against Mayor Ruth "
            "Okoro had 9,000 valid signatures.",
            "b": "Mayor Ruth Okoro denied that the Harbor Parks Coalition petition had 9,000 valid signatures.",
        },
        dates={"a": "2025-05-01", "b": "2025-05-02"},
    )
    assert _kind(links, "a", "b") == "contradicts"


def test_different_counts_of_one_measure_conflict_and_equal_ones_agree() -> None:
    texts = {
        "a": "Union steward Ivo Marsh said Pellworth Foods is cutting 500 jobs.",
        "b": "Pellworth Foods spokeswoman Gail Rook said the company will cut about 200 jobs.",
        "c": "Analyst Omar Sethi said Pellworth Foods will cut roughly 200 jobs.",
    }
    links = _links(texts, dates=dict.fromkeys(texts, "2025-02-10"))
    assert _kind(links, "a", "b") == "contradicts"
    assert _kind(links, "b", "c") == "supports"


def test_a_rumour_is_not_asserted() -> None:
    texts = {
        "a": "There were rumours among workers that the Lindale plant would close.",
        "b": "Plant manager Saul Greer said the Lindale plant will stay open.",
    }
    links = _links(texts, dates=dict.fromkeys(texts, "2025-02-10"))
    assert _kind(links, "a", "b") is None


def test_close_against_stay_open() -> None:
    texts = {
        "a": "Pellworth Foods and the Bakers Union met on Monday. Union steward Ivo Marsh said the Lindale "
        "plant will close next year.",
        "b": "Pellworth Foods and the Bakers Union met on Monday. Plant manager Saul Greer said the Lindale "
        "plant will stay open next year.",
    }
    links = _links(texts, dates=dict.fromkeys(texts, "2025-02-10"))
    assert _kind(links, "a", "b") == "contradicts"


def test_a_passive_says_what_befell_the_thing() -> None:
    texts = {
        "a": "Inspector Kees Mol is leading the inquiry at the Orsel Museum. Curator Ines Vaal said the painting was stolen.",
        "b": "Inspector Kees Mol is leading the inquiry at the Orsel Museum. Director Jan Pool said the painting had never "
        "been stolen.",
    }
    links = _links(texts, dates=dict.fromkeys(texts, "2025-03-02"))
    assert _kind(links, "a", "b") == "contradicts"


def test_one_speaker_on_both_sides_is_marked() -> None:
    texts = {
        "a": "Coach Rui Santos said Vilanova FC had signed striker Joel Amaro.",
        "b": "Coach Rui Santos said Vilanova FC had not signed striker Joel Amaro.",
        "c": "Agent Lea Murin said Vilanova FC had not signed striker Joel Amaro.",
    }
    links = _links(texts, dates=dict.fromkeys(texts, "2025-07-01"))
    changed = links[frozenset(("a", "b"))]
    assert changed.kind == "contradicts" and changed.same_speaker and "changed position" in changed.reason
    other = links[frozenset(("a", "c"))]
    assert other.kind == "contradicts" and not other.same_speaker


def test_what_is_going_on_is_not_what_happened_years_before() -> None:
    texts = {
        "a": "Union steward Ivo Marsh said Pellworth Foods had cut 150 jobs in 2019.",
        "b": "Union steward Ivo Marsh said Pellworth Foods is cutting 500 jobs.",
    }
    links = _links(texts, dates=dict.fromkeys(texts, "2025-02-10"))
    assert _kind(links, "a", "b") is None
