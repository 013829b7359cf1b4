"""Coreference for speakers: pronouns and title nominals."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.records import Extraction, Mention

pytestmark = pytest.mark.model

Extract = Callable[[str], Extraction]


def resolved(ex: Extraction, kind: str) -> list[tuple[str, str]]:
    """(mention text, entity) of the mentions coref added."""
    return [(m.text, m.entity) for m in ex.mentions if m.kind == kind]


def mention_at(ex: Extraction, word: str, occurrence: int = 0) -> Mention | None:
    text = ex.document.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return next((m for m in ex.mentions if m.span.start == start), None)


def test_pronoun_resolves_to_the_previous_subject(extract: Extract) -> None:
    ex = extract("Carlos Mendez visited the clinic. He noted that the beds were full.")
    assert resolved(ex, "pronoun") == [("He", "person/carlos-mendez")]


def test_pronoun_prefers_the_subject_over_an_object(extract: Extract) -> None:
    ex = extract("Carlos Mendez thanked Maria Lopez for the report. He said the beds were full.")
    people = {e.id for e in ex.entities if e.type == "person"}
    assert people == {"person/carlos-mendez", "person/maria-lopez"}
    assert resolved(ex, "pronoun") == [("He", "person/carlos-mendez")]


def test_pronoun_without_antecedent_makes_no_mention(extract: Extract) -> None:
    ex = extract("He noted that the beds were full.")
    assert resolved(ex, "pronoun") == []
    assert mention_at(ex, "He") is None


def test_pronoun_inside_a_quote_is_not_resolved(extract: Extract) -> None:
    ex = extract('Carlos Mendez visited the clinic. "He lied to us," a nurse said.')
    assert mention_at(ex, "He") is None
    assert resolved(ex, "pronoun") == []


def test_pronoun_after_the_quote_is_resolved(extract: Extract) -> None:
    ex = extract('Carlos Mendez visited the clinic. "The beds are full," he said.')
    assert resolved(ex, "pronoun") == [("he", "person/carlos-mendez")]


def test_possessive_pronoun_resolves(extract: Extract) -> None:
    ex = extract("Carlos Mendez visited the clinic. His aides said the beds were full.")
    assert resolved(ex, "pronoun") == [("His", "person/carlos-mendez")]


@pytest.mark.parametrize("noun", ["president", "leader"])
def test_title_nominal_resolves_to_the_role_holder(extract: Extract, noun: str) -> None:
    ex = extract(
        "Ukrainian President Volodymyr Zelensky visited the front. "
        f"The Ukrainian {noun} said the troops needed more ammunition."
    )
    assert resolved(ex, "nominal") == [(f"The Ukrainian {noun}", "person/volodymyr-zelensky")]
    speakers = [a.speaker for a in ex.attributions if not a.narrated]
    assert speakers == ["person/volodymyr-zelensky"]


def test_title_nominal_of_another_country_is_not_resolved(extract: Extract) -> None:
    ex = extract(
        "Ukrainian President Volodymyr Zelensky visited the front. "
        "The Polish president said the border would stay open."
    )
    assert resolved(ex, "nominal") == []


def test_title_nominal_with_a_different_title_is_not_resolved(extract: Extract) -> None:
    ex = extract(
        "Ukrainian President Volodymyr Zelensky visited the front. "
        "The Ukrainian general said the troops needed more ammunition."
    )
    assert resolved(ex, "nominal") == []


def test_title_nominal_without_a_role_holder_is_not_resolved(extract: Extract) -> None:
    ex = extract("The Ukrainian president said the troops needed more ammunition.")
    assert resolved(ex, "nominal") == []
