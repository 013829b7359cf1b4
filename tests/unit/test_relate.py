"""Contradiction and support between claims of hand-written article pairs.

The articles are written for these tests (2-4 sentences, different wording and speakers).
Each case says which claims must be linked and which look-alikes must not be.
"""

from __future__ import annotations

import dataclasses

import pytest

import graph
from graph import ingest
from graph.records import Extraction, Fact, Relation
from graph.relate import find_relations
from graph.resolve import resolve_entities

pytest.importorskip("spacy")

BORDER_CALM = (
    "Polish Defense Minister Wladyslaw Kosiniak-Kamysz said on Tuesday that Belarusian troops have not "
    "crossed into Lithuania. He added that the situation at the border was calm."
)
BORDER_CROSSED = (
    "Lithuanian army spokesman Tomas Gailius said Belarusian soldiers crossed into Lithuania overnight. "
    "Gailius told reporters that the soldiers later returned to their base."
)
BORDER_POLAND = "Officials in Warsaw said Belarusian troops have not crossed into Poland."
FIGHTING = "Army spokesman John Smith said Russian forces are fighting in Kharkiv."
COMBAT = (
    "NATO official Jane Doe said that Russian troops have engaged in heavy combat operations near Kharkiv. "
    "Doe declined to give casualty figures."
)
NOT_WITHDRAWN = "Kremlin spokesman Dmitry Peskov said Russian troops have not withdrawn from Kharkiv."
UKRAINE_NOT_FIGHTING = "Ukrainian officials said Ukrainian forces are not fighting in Belgorod."
MAY_FIGHT = "Analyst Karl Berger said Russian forces may soon be fighting near Sumy."


def _extract(text: str, name: str) -> Extraction:
    doc = ingest.document_from_text(text, name=name)
    return graph.extract(doc)


@pytest.fixture(scope="module")
def articles() -> dict[str, Extraction]:
    texts = {
        "calm": BORDER_CALM,
        "crossed": BORDER_CROSSED,
        "poland": BORDER_POLAND,
        "fighting": FIGHTING,
        "combat": COMBAT,
        "withdrawn": NOT_WITHDRAWN,
        "ukraine": UKRAINE_NOT_FIGHTING,
        "may": MAY_FIGHT,
    }
    extractions = resolve_entities([_extract(text, name) for name, text in texts.items()])
    return {ex.document.name: ex for ex in extractions}


@pytest.fixture(scope="module")
def relations(articles: dict[str, Extraction]) -> list[Relation]:
    return find_relations(list(articles.values()))


def _linked(relations: list[Relation], articles: dict[str, Extraction], a: str, b: str) -> set[str]:
    ids = {articles[a].document.id, articles[b].document.id}
    return {
        r.kind
        for r in relations
        if {r.source.split(":")[0], r.target.split(":")[0]} == ids
        and r.source.split(":")[0] != r.target.split(":")[0]
    }


def test_known_contradiction(relations: list[Relation], articles: dict[str, Extraction]) -> None:
    """Not crossed into Lithuania / crossed into Lithuania: same subject, predicate, object."""
    assert _linked(relations, articles, "calm", "crossed") == {"contradicts"}
    r = next(r for r in relations if r.kind == "contradicts" and "calm" not in r.reason)
    assert "opposite polarity" in r.reason


def test_known_support(relations: list[Relation], articles: dict[str, Extraction]) -> None:
    """The verb class joins "are fighting" and "have engaged in heavy combat operations"."""
    assert _linked(relations, articles, "fighting", "combat") == {"supports"}


def test_same_subject_different_predicate_is_not_linked(
    relations: list[Relation], articles: dict[str, Extraction]
) -> None:
    assert _linked(relations, articles, "fighting", "withdrawn") == set()
    assert _linked(relations, articles, "combat", "withdrawn") == set()


def test_same_predicate_different_subject_is_not_linked(
    relations: list[Relation], articles: dict[str, Extraction]
) -> None:
    assert _linked(relations, articles, "fighting", "ukraine") == set()


def test_incompatible_objects_are_not_linked(
    relations: list[Relation], articles: dict[str, Extraction]
) -> None:
    assert _linked(relations, articles, "poland", "crossed") == set()
    assert _linked(relations, articles, "poland", "calm") == set()


def test_possible_claims_are_not_linked(relations: list[Relation], articles: dict[str, Extraction]) -> None:
    assert _linked(relations, articles, "may", "fighting") == set()


# ---------------------------------------------------------------- record-level rules


def _fact(claim: str, subject: str, relation: str, **kw: object) -> Fact:
    return Fact(id=f"{claim}-f0", claim=claim, subject=subject, subject_text=subject, predicate=relation,
                predicate_text=relation, relation=relation, **kw)  # type: ignore[arg-type]  # fmt: skip


def _doc(name: str, *facts: Fact, speaker: str = "person/x") -> Extraction:
    from graph.records import Attribution, Entity, Span

    document = ingest.document_from_text(f"{name}: " + "the claims of this article " * 4, name=name)
    attributions = tuple(
        Attribution(
            id=f.claim, mode="indirect", content=(Span(start=0, end=len(name) + 5 + i),), speaker=speaker
        )
        for i, f in enumerate(facts)
    )
    entities = (
        Entity(id="group/rebels", type="group", name="rebels", refers_to="place/arland"),
        Entity(id="place/arland", type="place", name="Arland"),
        Entity(id="place/bretia", type="place", name="Bretia"),
    )
    return Extraction(document=document, entities=entities, attributions=attributions, facts=facts)


def test_group_and_its_home_place_are_one_subject() -> None:
    a = _doc("a", _fact("c1", "group/rebels", "attack", object="place/bretia"))
    b = _doc(
        "b",
        _fact("c1", "place/arland", "attack", object="place/bretia", polarity="negated"),
        speaker="person/y",
    )
    [r] = find_relations([a, b])
    assert r.kind == "contradicts" and r.subject == "place/arland" and r.predicate == "attack"


def test_antonym_classes_contradict() -> None:
    a = _doc("a", _fact("c1", "place/arland", "back", object="place/bretia"))
    b = _doc("b", _fact("c1", "place/arland", "oppose", object="place/bretia"), speaker="person/y")
    [r] = find_relations([a, b])
    assert r.kind == "contradicts" and "opposite predicates" in r.reason


def test_future_does_not_meet_past() -> None:
    a = _doc("a", _fact("c1", "place/arland", "attack", object="place/bretia", tense="future"))
    b = _doc("b", _fact("c1", "place/arland", "attack", object="place/bretia", tense="past", polarity="negated"),
             speaker="person/y")  # fmt: skip
    assert find_relations([a, b]) == []


def test_hearsay_and_background_are_not_compared() -> None:
    a = _doc("a", _fact("c1", "place/arland", "attack", object="place/bretia", certainty="possible"))
    b = _doc(
        "b", _fact("c1", "place/arland", "attack", object="place/bretia", background=True), speaker="person/y"
    )
    c = _doc("c", _fact("c1", "place/arland", "attack", object="place/bretia"), speaker="person/z")
    assert find_relations([a, b, c]) == []


def test_same_speaker_in_one_article_is_not_support() -> None:
    a = _doc("a", _fact("c1", "place/arland", "attack", object="place/bretia"),
             _fact("c2", "place/arland", "attack", object="place/bretia"))  # fmt: skip
    assert find_relations([a]) == []


def test_different_numbers_are_neither_support_nor_contradiction_across_time() -> None:
    a = _doc("a", _fact("c1", "place/arland", "deploy", object="place/bretia", quantity=500.0))
    b = _doc(
        "b", _fact("c1", "place/arland", "deploy", object="place/bretia", quantity=9000.0), speaker="person/y"
    )
    assert find_relations([a, b]) == []
    a2 = dataclasses.replace(a, attributions=(dataclasses.replace(a.attributions[0], date="2024-11-12"),))
    b2 = dataclasses.replace(b, attributions=(dataclasses.replace(b.attributions[0], date="2024-11-12"),))
    [r] = find_relations([a2, b2])
    assert r.kind == "contradicts" and "different numbers" in r.reason
