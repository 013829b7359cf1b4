"""Cross-document entity resolution: one IRI per person, organization or place."""

from __future__ import annotations

import pytest

import graph
from graph import ingest
from graph.records import Attribution, Document, Entity, Extraction, Fact, Mention, Role, Span
from graph.resolve import fold, given_compatible, resolve_entities


def _ex(name: str, *entities: Entity, speaker: str | None = None) -> Extraction:
    text = f"{name} text for the test"
    doc = Document(id=name, name=name, text=text)
    mentions = tuple(
        Mention(id=f"m{i}", entity=e.id, span=Span(start=0, end=1), text=e.name)
        for i, e in enumerate(entities)
    )
    attributions = (
        Attribution(
            id="a0",
            mode="indirect",
            content=(Span(start=0, end=4),),
            speaker=speaker,
            about=tuple(e.id for e in entities),
        ),
    )
    facts = (
        Fact(
            id="a0-f0", claim="a0", subject=speaker, subject_text="x", predicate="say", predicate_text="said"
        ),
    )
    roles = tuple(
        Role(id="r", person=speaker, title="president", span=Span(start=0, end=1)) for _ in [0] if speaker
    )
    return Extraction(
        document=doc,
        entities=entities,
        mentions=mentions,
        attributions=attributions,
        facts=facts,
        roles=roles,
    )


def P(key: str, name: str, *aliases: str) -> Entity:  # noqa: N802
    return Entity(id=f"person/{key}", type="person", name=name, aliases=aliases)


def test_fold_transliterations() -> None:
    assert fold("Zelenskyy") == fold("Zelensky") == fold("Zelenskiy")
    assert fold("Zelensky") != fold("Zelenska")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (["antony"], ["tony"], True),
        (["volodymyr"], ["volodymyr"], True),
        (["j"], ["joe"], True),
        ([], ["hunter"], True),
        (["joe"], ["hunter"], False),
        (["jill"], ["joe"], False),
    ],
)
def test_given_names(a: list[str], b: list[str], same: bool) -> None:
    assert given_compatible(a, b) is same


def test_variants_merge_into_one_id_everywhere() -> None:
    one = _ex("one", P("volodymyr-zelensky", "Volodymyr Zelensky", "Zelensky"), P("antony-blinken", "Antony Blinken"),
              speaker="person/volodymyr-zelensky")  # fmt: skip
    two = _ex("two", P("volodymyr-zelenskiy", "Volodymyr Zelenskiy"), P("tony-blinken", "Tony Blinken", "Blinken"),
              speaker="person/tony-blinken")  # fmt: skip
    three = _ex("three", P("zelenskyy", "Zelenskyy"), speaker="person/zelenskyy")
    out = resolve_entities([one, two, three])
    ids = [{e.id for e in ex.entities} for ex in out]
    assert ids[0] == ids[1] == {"person/volodymyr-zelensky", "person/antony-blinken"}
    assert ids[2] == {"person/volodymyr-zelensky"}
    assert out[1].attributions[0].speaker == "person/antony-blinken"
    assert out[1].roles[0].person == "person/antony-blinken"
    assert out[1].facts[0].subject == "person/antony-blinken"
    assert {m.entity for m in out[1].mentions} == ids[1]
    z = [e for ex in out for e in ex.entities if e.id == "person/volodymyr-zelensky"]
    assert len({(e.name, e.aliases) for e in z}) == 1  # identical records: identical triples
    assert {"Zelenskiy", "Zelenskyy"} <= {w for e in z for a in e.aliases for w in a.split()}


def test_different_people_sharing_a_surname_stay_apart() -> None:
    out = resolve_entities(
        [_ex("one", P("joe-biden", "Joe Biden")), _ex("two", P("hunter-biden", "Hunter Biden"))]
    )
    assert {e.id for ex in out for e in ex.entities} == {"person/joe-biden", "person/hunter-biden"}


def test_a_bare_surname_shared_by_two_people_is_not_merged() -> None:
    out = resolve_entities([
        _ex("one", P("joe-biden", "Joe Biden")), _ex("two", P("hunter-biden", "Hunter Biden")), _ex("three", P("biden", "Biden"))
    ])  # fmt: skip
    assert {e.id for ex in out for e in ex.entities} == {
        "person/joe-biden",
        "person/hunter-biden",
        "person/biden",
    }


def test_places_and_organizations_merge_by_alias() -> None:
    a = Entity(id="place/north-korea", type="place", name="North Korea", aliases=("DPRK",))
    b = Entity(id="place/dprk", type="place", name="DPRK")
    c = Entity(id="organization/dprk", type="organization", name="DPRK")  # another type: not merged
    out = resolve_entities([_ex("one", a), _ex("two", b, c)])
    assert {e.id for e in out[1].entities} == {"place/north-korea", "organization/dprk"}


ARTICLE_1 = (
    "Ukrainian President Volodymyr Zelenskyy said on Monday that Russia had launched new strikes on Kyiv. "
    "Secretary of State Antony Blinken said the United States would send more air defenses."
)
ARTICLE_2 = (
    "Volodymyr Zelensky told reporters that the strikes killed at least five people. "
    "Tony Blinken, speaking in Brussels, said Washington stands with Ukraine."
)


def test_two_articles_naming_the_same_people_differently() -> None:
    pytest.importorskip("spacy")
    one = graph.extract(ingest.document_from_text(ARTICLE_1, name="one"))
    two = graph.extract(ingest.document_from_text(ARTICLE_2, name="two"))
    out = resolve_entities([one, two])
    people = [{e.id for e in ex.entities if e.type == "person"} for ex in out]
    assert people[0] == people[1]
    assert len(people[0]) == 2
    speakers = {a.speaker for ex in out for a in ex.attributions if a.speaker}
    assert speakers <= people[0]


def test_a_particle_family_name_joins_the_full_name_across_documents() -> None:
    full = P("anna-de-vries", "Anna de Vries")
    bare = P("de-vries", "De Vries")
    out = resolve_entities([_ex("one", full), _ex("two", bare, speaker=bare.id)])
    assert {e.id for ex in out for e in ex.entities} == {"person/anna-de-vries"}
    assert out[1].attributions[0].speaker == "person/anna-de-vries"


def test_a_particle_is_not_a_given_name() -> None:
    # "Anna de Vries" and "Pieter de Vries": two people, never one because both have "de".
    a = P("anna-de-vries", "Anna de Vries")
    b = P("pieter-de-vries", "Pieter de Vries")
    out = resolve_entities([_ex("one", a), _ex("two", b)])
    assert {e.id for ex in out for e in ex.entities} == {"person/anna-de-vries", "person/pieter-de-vries"}


def test_a_company_without_its_legal_form_is_the_same_company() -> None:
    corp = Entity(id="organization/acme-corp", type="organization", name="Acme Corp")
    short = Entity(id="organization/acme", type="organization", name="Acme")
    other = Entity(id="organization/acme-foods", type="organization", name="Acme Foods")
    out = resolve_entities([_ex("one", corp), _ex("two", short), _ex("three", other)])
    ids = {e.id for ex in out for e in ex.entities}
    assert len(ids) == 2 and "organization/acme-foods" in ids
    assert out[0].entities[0].id == out[1].entities[0].id


def test_an_addressee_is_rewritten_with_the_speaker() -> None:
    a = P("volodymyr-zelenskyy", "Volodymyr Zelenskyy")
    b = P("volodymyr-zelensky", "Volodymyr Zelensky")
    ex = _ex("two", b)
    ex = ex.__class__(
        document=ex.document,
        entities=ex.entities,
        mentions=ex.mentions,
        attributions=(
            Attribution(id="a0", mode="indirect", content=(Span(start=0, end=4),), addressee=b.id),
        ),
    )
    out = resolve_entities([_ex("one", a), ex])
    assert out[1].attributions[0].addressee == out[0].entities[0].id
