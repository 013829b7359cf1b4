"""The rules that keep claim relations precise, each with a case that must be linked and a
look-alike that must not. Articles are one or two sentences written for these tests; names,
places and numbers are invented.
"""

from __future__ import annotations

import dataclasses

import pytest

import graph
from graph import ingest
from graph.records import Attribution, Entity, Extraction, Fact, Relation, Span
from graph.relate import find_relations
from graph.resolve import resolve_entities

pytest.importorskip("spacy")


def _relations(texts: dict[str, str], dates: dict[str, str] | None = None) -> dict[frozenset[str], set[str]]:
    """Relation kinds between the named articles (pairs of names, either order)."""
    extractions = []
    for name, text in texts.items():
        doc = ingest.document_from_text(text, name=name)
        if dates and name in dates:
            doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, published=dates[name]))
        extractions.append(graph.extract(doc))
    extractions = resolve_entities(extractions)
    names = {ex.document.id: ex.document.name for ex in extractions}
    out: dict[frozenset[str], set[str]] = {}
    for r in find_relations(extractions):
        pair = frozenset((names[r.source.split(":")[0]], names[r.target.split(":")[0]]))
        out.setdefault(pair, set()).add(r.kind)
    return out


def _kinds(relations: dict[frozenset[str], set[str]], a: str, b: str) -> set[str]:
    return relations.get(frozenset((a, b)), set())


# ---------------------------------------------------------------- quantifiers and numbers


def test_objects_agree_only_if_their_quantifiers_do() -> None:
    rel = _relations(
        {
            "several": "Campaign manager Ella Stone said Governor Ben Ortiz won several districts in the vote.",
            "most": "Analyst Omar Reyes said Ortiz won most districts in the vote.",
            "several2": "Pollster Ida Crane said that Ortiz had won several districts in the vote.",
        }
    )
    assert _kinds(rel, "several", "several2") == {"supports"}
    assert _kinds(rel, "several", "most") == set()
    assert _kinds(rel, "most", "several2") == set()


def test_a_number_on_one_side_supports_but_only_the_general_side_may_deny() -> None:
    """Winning 12 seats is winning seats; not winning 12 seats does not deny winning seats."""
    rel = _relations(
        {
            "twelve": "Party chair Ella Stone said Governor Ben Ortiz won 12 seats.",
            "some": "Analyst Omar Reyes said Ortiz won seats.",
            "not12": "Pollster Ida Crane said Ortiz did not win 12 seats.",
            "none": "Reporter Lee Park said Ortiz won no seats.",
        }
    )
    assert _kinds(rel, "twelve", "some") == {"supports"}
    assert _kinds(rel, "twelve", "none") == {"contradicts"}
    assert _kinds(rel, "some", "none") == {"contradicts"}
    assert _kinds(rel, "twelve", "not12") == {"contradicts"}
    assert _kinds(rel, "some", "not12") == set()


def test_a_definite_set_is_not_some_of_it() -> None:
    rel = _relations(
        {
            "the": "Governor Ben Ortiz said: “I am going to have the delegates.”",
            "some": "Analyst Omar Reyes said Ortiz is going to have some delegates.",
            "bare": "Pollster Ida Crane said Ortiz is going to have delegates.",
        }
    )
    assert _kinds(rel, "the", "some") == set()
    assert _kinds(rel, "the", "bare") == {"supports"}
    assert _kinds(rel, "some", "bare") == {"supports"}


# ---------------------------------------------------------------- definite, indefinite, antonyms


def test_antonyms_contradict_only_about_one_specific_object() -> None:
    rel = _relations(
        {
            "won": "Party chair Ella Stone said Governor Ben Ortiz won the Dakota primary.",
            "lost": "Reporter Lee Park said Ortiz lost the Dakota primary.",
            "won_some": "Analyst Omar Reyes said Ortiz won several counties.",
            "lost_some": "Pollster Ida Crane said Ortiz lost several counties.",
        }
    )
    assert _kinds(rel, "won", "lost") == {"contradicts"}
    assert _kinds(rel, "won_some", "lost_some") == set()


def test_a_negated_antonym_is_not_the_other_class() -> None:
    """'did not win' is not 'lost' (no race, a tie), so neither supports nor contradicts it."""
    rel = _relations(
        {
            "lost": "Reporter Lee Park said Governor Ben Ortiz lost the Dakota primary.",
            "not_won": "Columnist Ann Moss said Ortiz did not win the Dakota primary.",
        }
    )
    assert _kinds(rel, "lost", "not_won") == set()


def test_an_indefinite_object_names_nothing_unless_denied() -> None:
    rel = _relations(
        {
            "dakota": "Party chair Ella Stone said Governor Ben Ortiz won the Dakota primary.",
            "a_primary": "Analyst Omar Reyes said Ortiz won a primary.",
            "never": "Pollster Ida Crane said Ortiz has never won a primary.",
            "yet": "Columnist Ann Moss said Ortiz has yet to win a primary.",
        }
    )
    assert _kinds(rel, "dakota", "a_primary") == set()
    assert _kinds(rel, "dakota", "never") == {"contradicts"}
    assert _kinds(rel, "dakota", "yet") == {"contradicts"}


# ---------------------------------------------------------------- what the object names


def test_a_place_inside_the_object_must_match() -> None:
    rel = _relations(
        {
            "dakota": "Reporter Lee Park said Governor Ben Ortiz won the Dakota Republican primary.",
            "any": "Analyst Ida Crane said Ortiz won the Republican primary.",
            "dakota2": "Pollster Omar Reyes said that Ortiz had won the Dakota primary.",
        }
    )
    assert _kinds(rel, "dakota", "any") == set()
    assert _kinds(rel, "dakota", "dakota2") == {"supports"}


def test_the_state_means_another_state_in_another_article() -> None:
    one = "Pollster Omar Reyes said Governor Ben Ortiz won the state. Columnist Ann Moss said Ortiz won the state easily."
    rel = _relations(
        {"one": one, "other": "Reporter Lee Park said that Ortiz had won the state."},
    )
    assert _kinds(rel, "one", "other") == set()
    [ex] = resolve_entities([graph.extract(ingest.document_from_text(one, name="one"))])
    assert [r.kind for r in find_relations([ex])] == ["supports"]  # one article: one state


def test_what_something_is_must_be_said_whole() -> None:
    rel = _relations(
        {
            "bad": "Columnist Ann Moss said Governor Ben Ortiz is a bad governor.",
            "plain": "Pollster Omar Reyes said Ortiz is a governor.",
            "bad2": "Reporter Lee Park said that Ortiz is a bad governor indeed.",
        }
    )
    assert _kinds(rel, "bad", "plain") == set()
    assert _kinds(rel, "bad", "bad2") == {"supports"}


def test_a_class_of_things_is_not_one_thing() -> None:
    rel = _relations(
        {
            "deals": "Pollster Omar Reyes said Governor Ben Ortiz supported trade deals.",
            "deal": "Columnist Ann Moss said Ortiz supported the trade deal.",
            "deals2": "Reporter Lee Park said that Ortiz had supported trade deals.",
        }
    )
    assert _kinds(rel, "deals", "deal") == set()
    assert _kinds(rel, "deals", "deals2") == {"supports"}


def test_fighting_links_only_the_fighting_itself() -> None:
    rel = _relations(
        {
            "flu": "Officials said Russia is fighting a flu outbreak.",
            "syria": "Reporter Lee Park said Russia is fighting in Syria.",
            "combat": "Analyst Ida Crane said Russia is engaged in combat operations.",
        }
    )
    assert _kinds(rel, "syria", "combat") == {"supports"}
    assert _kinds(rel, "flu", "combat") == set()
    assert _kinds(rel, "flu", "syria") == set()


# ---------------------------------------------------------------- time


def test_a_state_is_compared_only_at_one_moment() -> None:
    texts = {
        "march": "Analyst Omar Reyes said Governor Ben Ortiz is the favorite in the race.",
        "march2": "Pollster Ida Crane said that Ortiz is the favorite in the race.",
        "september": "Reporter Lee Park said Ortiz is now the favorite in the race.",
    }
    rel = _relations(texts, dates={"march": "2024-03-01", "march2": "2024-03-01", "september": "2024-09-01"})
    assert _kinds(rel, "march", "march2") == {"supports"}
    assert _kinds(rel, "march", "september") == set()
    rel = _relations(texts)  # no dates: the benefit of the doubt
    assert _kinds(rel, "march", "september") == {"supports"}


def test_what_someone_is_lasts() -> None:
    rel = _relations(
        {
            "is": "Columnist Ann Moss said Governor Ben Ortiz is a liar.",
            "is_not": "Spokesman Lee Park said Ortiz is not a liar.",
        },
        dates={"is": "2024-03-01", "is_not": "2024-09-01"},
    )
    assert _kinds(rel, "is", "is_not") == {"contradicts"}


def test_an_event_between_participants_recurs() -> None:
    texts = {
        "a": "Analyst Omar Reyes said Governor Ben Ortiz defeated Senator Ana Lima in the debate.",
        "b": "Pollster Ida Crane said that Ortiz defeated Senator Ana Lima in that debate.",
        "c": "Reporter Lee Park said Governor Ortiz defeated Senator Ana Lima in the first debate.",
    }
    rel = _relations(texts, dates={"a": "2024-03-01", "b": "2024-03-01", "c": "2024-09-01"})
    assert _kinds(rel, "a", "b") == {"supports"}
    assert _kinds(rel, "a", "c") == set()


# ---------------------------------------------------------------- subjects


def test_we_is_not_the_speaker() -> None:
    rel = _relations(
        {
            "we": "Governor Ben Ortiz said: “We have a plan for the border.”",
            "he": "Reporter Lee Park said Ortiz has a plan for the border.",
            "he2": "Analyst Ida Crane said Ortiz has a plan for the border, too.",
        }
    )
    assert _kinds(rel, "he", "he2") == {"supports"}
    assert _kinds(rel, "we", "he") == set()


def test_he_in_a_quotation_is_not_the_speaker() -> None:
    rel = _relations(
        {
            "quote": "Governor Ben Ortiz said of his rival: “He is a liar.”",
            "claim": "Columnist Ann Moss said Ortiz is a liar.",
        }
    )
    assert _kinds(rel, "quote", "claim") == set()


# ---------------------------------------------------------------- record-level rules


def _fact(claim: str, subject: str, relation: str, predicate: str | None = None, **kw: object) -> Fact:
    return Fact(id=f"{claim}-f0", claim=claim, subject=subject, subject_text=subject, predicate=predicate or relation,
                predicate_text=predicate or relation, relation=relation, **kw)  # type: ignore[arg-type]  # fmt: skip


ENTITIES = (
    Entity(id="person/ann-lee", type="person", name="Ann Lee"),
    Entity(id="person/bo-kim", type="person", name="Bo Kim"),
    Entity(id="person/dana-fields", type="person", name="Dana Fields"),
    Entity(id="place/fields", type="place", name="Fields"),
    Entity(id="place/arland", type="place", name="Arland"),
)


def _doc(name: str, *facts: Fact, speaker: str = "person/x") -> Extraction:
    text = f"{name}: " + " ".join(f"claim number {i} of this article." for i in range(len(facts)))
    document = ingest.document_from_text(text, name=name)
    attributions = tuple(
        Attribution(
            id=f.claim, mode="indirect", content=(Span(start=0, end=len(name) + 10 + i),), speaker=speaker
        )
        for i, f in enumerate(facts)
    )
    return Extraction(document=document, entities=ENTITIES, attributions=attributions, facts=facts)


def test_a_subject_that_is_its_own_object_is_never_linked() -> None:
    a = _doc("a", _fact("c1", "person/ann-lee", "other", predicate="trail", object="person/ann-lee"))
    b = _doc("b", _fact("c1", "person/ann-lee", "other", predicate="trail", object="person/ann-lee"),
             speaker="person/y")  # fmt: skip
    assert find_relations([a, b]) == []
    a = _doc("a", _fact("c1", "person/ann-lee", "other", predicate="trail", object="person/bo-kim"))
    b = _doc("b", _fact("c1", "person/ann-lee", "other", predicate="trail", object="person/bo-kim"),
             speaker="person/y")  # fmt: skip
    assert [r.kind for r in find_relations([a, b])] == ["supports"]


def test_an_unclassified_predicate_needs_the_same_measure() -> None:
    """'trails by 300 votes' and 'barely trails' are not one measure; 300 and about 290 are."""

    def trail(name: str, speaker: str, **kw: object) -> Extraction:
        return _doc(
            name, _fact("c1", "person/ann-lee", "other", object="person/bo-kim", **kw), speaker=speaker
        )

    by_300 = trail("a", "person/x", quantity=300.0)
    barely = trail("b", "person/y")
    about_290 = trail("c", "person/z", quantity=290.0, approximate=True)
    assert find_relations([by_300, barely]) == []
    assert [r.kind for r in find_relations([by_300, about_290])] == ["supports"]


def test_a_pair_of_claims_is_linked_once_and_a_contradiction_wins() -> None:
    both = (
        _fact("c1", "place/arland", "attack", object="person/bo-kim"),
        dataclasses.replace(
            _fact("c1", "place/arland", "kill", object="person/ann-lee", polarity="negated"), id="c1-f1"
        ),
    )
    a = _doc("a", *both)
    b = _doc(
        "b",
        _fact("c1", "place/arland", "attack", object="person/bo-kim"),
        dataclasses.replace(_fact("c1", "place/arland", "kill", object="person/ann-lee"), id="c1-f1"),
        speaker="person/y",
    )
    b = dataclasses.replace(b, attributions=b.attributions[:1])  # both facts in one claim
    a = dataclasses.replace(a, attributions=a.attributions[:1])
    relations = find_relations([a, b])
    assert len(relations) == 1 and relations[0].kind == "contradicts"
    assert len(find_relations([b, a])) == 1


def test_a_surname_typed_as_a_place_is_the_person_in_one_article() -> None:
    a = _doc("a", _fact("c1", "person/ann-lee", "other", predicate="touch", object="person/dana-fields"),
             _fact("c2", "person/ann-lee", "other", predicate="touch", object="place/fields", polarity="negated"))  # fmt: skip
    a = dataclasses.replace(
        a, attributions=(a.attributions[0], dataclasses.replace(a.attributions[1], speaker="person/y"))
    )
    [r] = find_relations([a])
    assert r.kind == "contradicts"
    b = _doc("b", _fact("c1", "person/ann-lee", "other", predicate="touch", object="place/fields", polarity="negated"),
             speaker="person/y")  # fmt: skip
    a1 = dataclasses.replace(a, facts=a.facts[:1], attributions=a.attributions[:1])
    assert find_relations([a1, b]) == []  # across articles "Fields" may be anyone or anywhere


# ---------------------------------------------------------------- claims that point back


def _anaphora(text: str) -> list[Relation]:
    [ex] = resolve_entities([graph.extract(ingest.document_from_text(text, name="t"))])
    return [r for r in find_relations([ex]) if "preceding claim" in r.reason]


def test_a_denial_of_the_preceding_claim_contradicts_it() -> None:
    relations = _anaphora(
        "The Daily Ledger reported that the mayor had sold the stadium land to a donor. "
        "City spokesman Tom Reed denied the report."
    )
    assert [r.kind for r in relations] == ["contradicts"]


def test_a_denial_that_is_not_made_links_nothing() -> None:
    relations = _anaphora(
        "The Daily Ledger reported that the mayor had sold the stadium land to a donor. "
        "City spokesman Tom Reed did not deny the report."
    )
    assert relations == []


def test_he_repeated_the_claims_is_most_often_the_same_speaker() -> None:
    said = "Governor Ben Ortiz said the budget is balanced. "
    assert _anaphora(said + "A day later he repeated the claims.") == []
    assert [r.kind for r in _anaphora(said + "A day later Senator Ana Lima repeated the claims.")] == [
        "supports"
    ]
