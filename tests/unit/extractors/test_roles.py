"""Roles: a person's title and organization, from premodifiers and appositions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.records import Extraction, Role

pytestmark = pytest.mark.model

Extract = Callable[[str], Extraction]


def roles_of(ex: Extraction, person: str) -> list[Role]:
    return [r for r in ex.roles if r.person == person]


def only_role(ex: Extraction, person: str) -> Role:
    found = roles_of(ex, person)
    assert len(found) == 1, ex.roles
    return found[0]


def span_text(ex: Extraction, role: Role) -> str:
    return ex.document.text[role.span.start : role.span.end]


# --------------------------------------------------------------------------- premodifiers


def test_department_spokesperson_premodifier(extract: Extract) -> None:
    ex = extract("State Department spokesperson Matthew Miller said the talks would continue.")
    role = only_role(ex, "person/matthew-miller")
    assert role.title == "spokesperson"
    assert role.organization == "organization/state-department"
    assert span_text(ex, role) == "State Department spokesperson Matthew Miller"


def test_secretary_of_state_is_one_title_without_an_organization(extract: Extract) -> None:
    ex = extract("Secretary of State Antony Blinken arrived in Cairo on Monday.")
    role = only_role(ex, "person/antony-blinken")
    assert role.title == "Secretary of State"
    assert role.organization is None
    assert span_text(ex, role) == "Secretary of State Antony Blinken"
    assert "organization/state" not in {e.id for e in ex.entities}


def test_demonym_before_title_gives_the_country(extract: Extract) -> None:
    ex = extract("Ukrainian President Volodymyr Zelensky addressed the parliament.")
    role = only_role(ex, "person/volodymyr-zelensky")
    assert role.title == "President"
    assert role.organization == "place/ukraine"
    assert span_text(ex, role) == "Ukrainian President Volodymyr Zelensky"


@pytest.mark.parametrize(
    ("text", "person", "title"),
    [
        ("Maj. Gen. Pat Ryder told reporters the drills were routine.", "person/pat-ryder", "Major General"),
        ("Sen. Jane Roe voted against the measure.", "person/jane-roe", "Senator"),
        ("Gov. Alma Reyes signed the bill on Friday.", "person/alma-reyes", "Governor"),
    ],
    ids=["maj-gen", "sen", "gov"],
)
def test_abbreviated_titles_are_expanded(extract: Extract, text: str, person: str, title: str) -> None:
    ex = extract(text)
    role = only_role(ex, person)
    assert role.title == title
    assert role.organization is None


@pytest.mark.parametrize(
    ("text", "person", "title"),
    [
        ("Prime Minister Elena Vasquez criticized the budget.", "person/elena-vasquez", "Prime Minister"),
        ("Finance Minister Rafael Ortiz met the envoy.", "person/rafael-ortiz", "Finance Minister"),
    ],
    ids=["prime-minister", "finance-minister"],
)
def test_multiword_titles_are_kept_whole(extract: Extract, text: str, person: str, title: str) -> None:
    ex = extract(text)
    role = only_role(ex, person)
    assert role.title == title
    assert span_text(ex, role).startswith(title.split()[0])


def test_minister_title_is_found(extract: Extract) -> None:
    ex = extract("Finance Minister Rafael Ortiz met the envoy.")
    assert only_role(ex, "person/rafael-ortiz").title.endswith("Minister")


# --------------------------------------------------------------------------- appositions


def test_apposition_spokesman_for_an_organization(extract: Extract) -> None:
    ex = extract("John Smith, a spokesman for Acme Corp., said the recall was voluntary.")
    role = only_role(ex, "person/john-smith")
    assert role.title == "spokesman"
    assert role.organization == "organization/acme-corp"
    assert span_text(ex, role) == "John Smith, a spokesman for Acme Corp."


def test_apposition_with_a_long_organization_name(extract: Extract) -> None:
    ex = extract(
        "Laura Bianchi, a spokeswoman for the World Health Organization, said the outbreak was contained."
    )
    role = only_role(ex, "person/laura-bianchi")
    assert role.title == "spokeswoman"
    assert role.organization == "organization/world-health-organization"


def test_apposition_title_without_organization(extract: Extract) -> None:
    ex = extract("Tomas Berg, the mayor, said the roads were closed.")
    role = only_role(ex, "person/tomas-berg")
    assert role.title == "mayor"
    assert role.organization is None


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Matthew Hale said the road would reopen.", "person/matthew-hale"),
        ("Laura Chen met the mayor on Monday.", "person/laura-chen"),
        ("Laura Chen, who grew up in the valley, said the road would reopen.", "person/laura-chen"),
        ("Laura Chen, 45, said the road would reopen.", "person/laura-chen"),
    ],
    ids=["bare-name", "title-elsewhere", "relative-clause", "age-apposition"],
)
def test_name_without_a_title_gets_no_role(extract: Extract, text: str, person: str) -> None:
    ex = extract(text)
    assert ex.entity(person) is not None
    assert roles_of(ex, person) == []


_SENTENCE_REASON = (
    "_premodifier_role lets '.' into its window (for 'Maj.'), so a title word ending the previous "
    "sentence becomes a title: 'Putin met the envoy. Putin's …' gives title 'envoy.'"
)


def test_title_word_ending_the_previous_sentence_is_not_a_premodifier(extract: Extract) -> None:
    ex = extract("Vladimir Putin met the envoy. Putin's spokesman declined to comment.")
    assert roles_of(ex, "person/vladimir-putin") == []


def test_previous_sentence_is_not_the_organization(extract: Extract) -> None:
    ex = extract("Linda Park arrived in Cairo. Finance Minister Rafael Ortiz met her there.")
    role = only_role(ex, "person/rafael-ortiz")
    assert role.organization is None
    assert "Cairo" not in span_text(ex, role)
