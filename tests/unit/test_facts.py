"""Facts inside claims: subject, normalized predicate and verb class, object, quantity,
polarity and tense; and how the builder reifies them. Sentences written for the tests."""

from __future__ import annotations

import pytest
from rdflib import RDF, XSD, Literal

import graph
from graph import builder, ingest
from graph.extractors.facts import classify
from graph.records import Extraction, Fact
from graph.vocab import KG

pytest.importorskip("spacy")


def _facts(text: str) -> tuple[Extraction, list[Fact]]:
    ex = graph.extract(ingest.document_from_text(text, name="t"))
    return ex, [f for f in ex.facts if not any(a.narrated for a in ex.attributions if a.id == f.claim)]


def _one(facts: list[Fact], relation: str) -> Fact:
    return next(f for f in facts if f.relation == relation)


def test_engage_in_combat_is_the_fight_class() -> None:
    _, facts = _facts(
        "General Mark Hale said Russian troops engaged in direct combat operations near Kharkiv."
    )
    f = _one(facts, "fight")
    assert f.predicate == "engage_in" and f.object_text == "direct combat operations"
    assert f.subject is not None and f.subject.startswith("group/")
    assert f.polarity == "affirmed" and f.tense == "past"


def test_quantity_and_approximation() -> None:
    _, facts = _facts(
        "President Maia Sandu said about 4,000 Russian soldiers have been deployed to Transnistria."
    )
    f = _one(facts, "deploy")
    assert f.predicate == "deploy_to"
    assert f.quantity == 4000 and f.approximate
    _, facts = _facts("President Maia Sandu said 4,000 Russian soldiers have been deployed to Transnistria.")
    f = _one(facts, "deploy")
    assert f.quantity == 4000 and not f.approximate


def test_object_linked_to_a_place() -> None:
    _, facts = _facts("Officials in Kyiv said Russian troops have entered Ukraine.")
    f = next(f for f in facts if f.predicate == "enter")
    assert f.object == "place/ukraine"


def test_negated_content_gives_a_negated_fact() -> None:
    _, facts = _facts(
        "Pentagon spokesman Pat Ryder said that so far they have not seen Russian troops crossing into Poland."
    )
    f = next(f for f in facts if f.predicate == "cross_into")
    assert f.polarity == "negated"


def test_denial_reverses_the_content() -> None:
    _, facts = _facts("The Kremlin denied that Russian troops attacked Kharkiv.")
    f = _one(facts, "attack")
    assert f.polarity == "negated"


def test_hedged_and_future_facts() -> None:
    _, facts = _facts("Analyst Karl Berger said Russian forces will very likely attack Sumy.")
    f = _one(facts, "attack")
    assert f.tense == "future" and f.certainty == "probable"


def test_hearsay_inside_a_claim_is_only_possible() -> None:
    _, facts = _facts(
        "Mark Hale noted that he was aware of reports of Russian soldiers being killed near Sumy."
    )
    assert all(f.certainty == "possible" for f in facts if f.relation == "sufferLosses")


def test_passive_with_agent_puts_the_agent_first() -> None:
    _, facts = _facts("Police chief Anna Berg said the mayor was attacked by Russian soldiers.")
    f = _one(facts, "attack")
    assert f.subject is not None and f.subject.startswith("group/")
    assert f.object_text == "mayor"


@pytest.mark.parametrize(
    ("lemma", "kwargs", "expected"),
    [
        ("engage", {"prep": "in", "object_words": ("operation", "combat")}, "fight"),
        ("engage", {"prep": "in", "object_words": ("talk",)}, "other"),
        ("be", {"prep": "in", "object_words": ("combat",)}, "fight"),
        ("kill", {"passive": True}, "sufferLosses"),
        ("kill", {}, "kill"),
        ("suffer", {"object_words": ("loss",)}, "sufferLosses"),
        ("suffer", {"object_words": ("headache",)}, "other"),
        ("fight", {"prep": "for", "object_words": ("bill",)}, "back"),
        ("drop", {"particle": "out"}, "other"),
        ("drop", {}, "decrease"),
        ("pose", {"object_words": ("danger",)}, "threaten"),
        ("vote", {"prep": "against"}, "oppose"),
    ],
)
def test_verb_classes(lemma: str, kwargs: dict, expected: str) -> None:
    assert classify(lemma, **kwargs) == expected


def _has(ds, s, p, o) -> bool:  # type: ignore[no-untyped-def]
    return any(True for _ in ds.quads((s, p, o, None)))


def test_builder_reifies_facts() -> None:
    ex, _ = _facts("General Mark Hale said about 4,000 Russian soldiers have been deployed to Ukraine.")
    ds = builder.build_dataset([ex])
    statements = list(ds.quads((None, RDF.type, RDF.Statement, None)))
    assert statements
    st = next(s for s, _, _, _ in statements if _has(ds, s, RDF.predicate, KG.deploy))
    assert _has(ds, None, KG.asserts, st)
    assert _has(ds, st, KG.quantity, Literal("4000", datatype=XSD.decimal))
    assert _has(ds, st, KG.approximate, Literal(True))
    assert _has(ds, st, KG.predicateLemma, Literal("deploy_to"))
    assert not _has(ds, None, KG.deploy, None)  # the statement is only described, never stated


def test_a_denial_reverses_the_denied_clause_only() -> None:
    """'rejected the notion that X' denies X; 'rejected a treaty favored by Y' does not deny
    that Y favors it, nor assert it."""
    _, facts = _facts("The mayor rejected the notion that the police attacked the protesters.")
    assert _one(facts, "attack").polarity == "negated"
    _, facts = _facts("The minister rejected a treaty favored by the opposition parties.")
    f = _one(facts, "back")
    assert f.polarity == "affirmed" and f.certainty == "possible"


@pytest.mark.parametrize(
    ("text", "relation", "certainty"),
    [
        ("Analyst Karl Berger said the senator is in the race to win the nomination.", "win", "possible"),
        ("Analyst Karl Berger said the senator managed to win the nomination.", "win", "certain"),
        (
            "Analyst Karl Berger said the deployment allowed the troops to gain combat experience.",
            "acquire",
            "certain",
        ),
        ("Analyst Karl Berger said the law is not allowing refugees to enter Arland.", "other", "possible"),
        (
            "Analyst Karl Berger said the governor announced a shutdown of refugees entering Arland.",
            "other",
            "possible",
        ),
    ],
)
def test_a_purpose_a_plan_or_a_permission_is_not_asserted(text: str, relation: str, certainty: str) -> None:
    _, facts = _facts(text)
    assert _one(facts, relation).certainty == certainty


def test_a_date_is_not_what_a_victory_was_over() -> None:
    _, facts = _facts("Analyst Karl Berger said Governor Ana Lima's victory on Tuesday surprised the party.")
    assert not [f for f in facts if f.relation == "win"]
    _, facts = _facts(
        "Analyst Karl Berger said Governor Ana Lima's victory on the ballot measure surprised the party."
    )
    assert _one(facts, "win").object_text == "ballot measure"


def test_he_in_a_quotation_is_not_the_speaker() -> None:
    _, facts = _facts("“He is a candidate,” Governor Ben Ortiz said.")
    assert all(f.subject != "person/ben-ortiz" for f in facts)
    _, facts = _facts("“I am a candidate,” Governor Ben Ortiz said.")
    assert _one(facts, "be").subject == "person/ben-ortiz"
    _, facts = _facts("Governor Ben Ortiz said he is a candidate.")
    assert _one(facts, "be").subject == "person/ben-ortiz"


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("Critics said the mine closed when Ana Lima was governor.", True),
        ("Critics said the mine closed while Ana Lima was governor.", True),
        ("Critics said the mine closed under Ana Lima, who was governor at the time.", True),
        ("Critics said Ana Lima was governor when the mine closed.", False),
        ("Critics said the governor who closed the mine was Ana Lima.", False),
    ],
)
def test_what_a_claim_takes_for_granted(text: str, background: bool) -> None:
    _, facts = _facts(text)
    governor = next(f for f in facts if f.object_text == "governor" or f.subject_text == "governor")
    assert governor.background is background
