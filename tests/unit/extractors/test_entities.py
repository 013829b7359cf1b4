"""Entities: typing, merging within a document and gazetteer linking."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.records import Entity, Extraction

pytestmark = pytest.mark.model

Extract = Callable[[str], Extraction]


def entity(ex: Extraction, key: str) -> Entity:
    found = ex.entity(key)
    assert found is not None, sorted(e.id for e in ex.entities)
    return found


def mention_texts(ex: Extraction, key: str) -> list[str]:
    text = ex.document.text
    return [text[m.span.start : m.span.end] for m in ex.mentions if m.entity == key]


def keys(ex: Extraction, etype: str | None = None) -> list[str]:
    return sorted(e.id for e in ex.entities if etype is None or e.type == etype)


# --------------------------------------------------------------------------- places


def test_city_is_a_place_linked_to_the_gazetteer(extract: Extract) -> None:
    ex = extract("Fighting continued near Kursk on Sunday.")
    kursk = entity(ex, "place/kursk")
    assert kursk.type == "place"
    assert kursk.codes and kursk.codes[0].startswith("geonames:")
    assert mention_texts(ex, "place/kursk") == ["Kursk"]


def test_sentence_without_names_has_no_entities(extract: Extract) -> None:
    ex = extract("The price of bread rose again last week.")
    assert keys(ex, "place") == []
    assert keys(ex, "person") == []


def test_state_acronym_and_country_name_are_one_entity(extract: Extract) -> None:
    ex = extract("The DPRK has denied the charge. North Korea said it would respond.")
    nk = entity(ex, "place/north-korea")
    assert nk.codes == ("iso3166:KP",)
    assert nk.name == "North Korea"
    assert "DPRK" in nk.aliases
    assert mention_texts(ex, "place/north-korea") == ["DPRK", "North Korea"]
    assert keys(ex, "place") == ["place/north-korea"]
    assert keys(ex, "organization") == []


def test_different_countries_stay_apart(extract: Extract) -> None:
    ex = extract("North Korea and South Korea held talks at the border.")
    assert keys(ex, "place") == ["place/north-korea", "place/south-korea"]


def test_demonym_before_soldiers_makes_an_affiliated_group(extract: Extract) -> None:
    ex = extract("North Korean soldiers were seen near the border.")
    group = entity(ex, "group/north-korean-troops")
    assert group.type == "group"
    assert group.refers_to == "place/north-korea"
    assert mention_texts(ex, "group/north-korean-troops") == ["North Korean soldiers"]
    assert mention_texts(ex, "place/north-korea") == ["North Korean"]


def test_demonym_without_a_collective_noun_makes_no_group(extract: Extract) -> None:
    ex = extract("The North Korean economy shrank last year.")
    assert keys(ex, "group") == []
    assert "place/north-korea" in keys(ex)


@pytest.mark.parametrize(
    "text",
    [
        "The US said it would send aid to the region.",
        "The U.S. said it would send aid to the region.",
        "The United States said it would send aid to the region.",
    ],
    ids=["US", "U.S.", "United States"],
)
def test_us_variants_are_the_united_states(extract: Extract, text: str) -> None:
    ex = extract(text)
    us = entity(ex, "place/united-states")
    assert us.codes == ("iso3166:US",)
    assert keys(ex, "place") == ["place/united-states"]


def test_us_variants_in_one_text_merge(extract: Extract) -> None:
    ex = extract("The US sent ships. The U.S. also sent planes. The United States said more would follow.")
    assert mention_texts(ex, "place/united-states") == ["US", "U.S.", "United States"]
    assert set(entity(ex, "place/united-states").aliases) == {"US", "U.S."}


def test_us_inside_an_organization_name_stays_in_it(extract: Extract) -> None:
    ex = extract("The U.S. Navy held drills in the Pacific.")
    assert "organization/u-s-navy" in keys(ex)
    assert "place/united-states" not in keys(ex)


def test_us_pronoun_is_not_the_country(extract: Extract) -> None:
    ex = extract("They told us the road was closed.")
    assert "place/united-states" not in keys(ex)


def test_country_possessive_then_organization(extract: Extract) -> None:
    ex = extract("Japan's Kyodo News reported the meeting.")
    assert entity(ex, "place/japan").codes == ("iso3166:JP",)
    kyodo = entity(ex, "organization/kyodo-news")
    assert kyodo.name == "Kyodo News"
    assert mention_texts(ex, "organization/kyodo-news") == ["Kyodo News"]
    assert mention_texts(ex, "place/japan") == ["Japan"]


# --------------------------------------------------------------------------- persons


def test_surname_joins_the_full_name(extract: Extract) -> None:
    ex = extract("Margaret Holloway opened the hearing on Monday. Holloway said the budget was balanced.")
    person = entity(ex, "person/margaret-holloway")
    assert person.name == "Margaret Holloway"
    assert person.aliases == ("Holloway",)
    assert mention_texts(ex, "person/margaret-holloway") == ["Margaret Holloway", "Holloway"]
    assert keys(ex, "person") == ["person/margaret-holloway"]


def test_surname_doe_joins_jane_doe(extract: Extract) -> None:
    ex = extract("Jane Doe opened the meeting. Doe said the budget was balanced.")
    assert mention_texts(ex, "person/jane-doe") == ["Jane Doe", "Doe"]
    assert entity(ex, "person/jane-doe").aliases == ("Doe",)


def test_different_people_are_not_merged(extract: Extract) -> None:
    ex = extract("Margaret Holloway met Tomas Berg in Oslo.")
    assert keys(ex, "person") == ["person/margaret-holloway", "person/tomas-berg"]


def test_two_people_sharing_a_surname_stay_two_entities(extract: Extract) -> None:
    ex = extract(
        "Margaret Holloway and Peter Holloway both attended the hearing. Holloway said the budget was balanced."
    )
    assert keys(ex, "person") == ["person/margaret-holloway", "person/peter-holloway"]
    assert mention_texts(ex, "person/margaret-holloway") == ["Margaret Holloway"]
    # The code's rule for an ambiguous bare surname: the latest full name before it.
    assert mention_texts(ex, "person/peter-holloway") == ["Peter Holloway", "Holloway"]


def test_ambiguous_surname_goes_to_the_latest_full_name_before_it(extract: Extract) -> None:
    ex = extract(
        "Peter Holloway spoke first. Margaret Holloway spoke later. Holloway said the budget was balanced."
    )
    assert mention_texts(ex, "person/margaret-holloway") == ["Margaret Holloway", "Holloway"]
    assert mention_texts(ex, "person/peter-holloway") == ["Peter Holloway"]


def test_possessive_is_stripped_and_joins_the_full_name(extract: Extract) -> None:
    ex = extract("Vladimir Putin arrived in Minsk. Putin's aides said the visit would last two days.")
    putin = entity(ex, "person/vladimir-putin")
    assert mention_texts(ex, "person/vladimir-putin") == ["Vladimir Putin", "Putin"]
    assert putin.aliases == ("Putin",)
    assert "person/putin" not in keys(ex)


def test_possessive_alone_is_stripped(extract: Extract) -> None:
    ex = extract("Putin's spokesman declined to comment on the report.")
    assert mention_texts(ex, "person/putin") == ["Putin"]


def test_title_is_not_part_of_the_name(extract: Extract) -> None:
    ex = extract("Sen. Jane Roe voted against the measure on Thursday.")
    assert keys(ex, "person") == ["person/jane-roe"]
    assert mention_texts(ex, "person/jane-roe") == ["Jane Roe"]


def test_mentions_point_at_their_text(extract: Extract) -> None:
    ex = extract("Laura Chen flew from Cairo to Nairobi with aides of Margaret Holloway.")
    for m in ex.mentions:
        assert ex.document.text[m.span.start : m.span.end] == m.text
        assert ex.entity(m.entity) is not None
