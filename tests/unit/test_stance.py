"""Polarity, certainty and tense cues: each cue has a positive and a negative case.

Parsed with the project's spaCy model; the sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from graph import nlp
from graph.extractors import stance

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def parse():  # type: ignore[no-untyped-def]
    model = nlp.load()
    return model


def _verb(parse, text: str, word: str):  # type: ignore[no-untyped-def]
    doc = parse(text)
    return next(t for t in doc if t.text == word)


# ---------------------------------------------------------------- polarity

NEGATED = [
    ("The army has not crossed the river.", "crossed"),  # not
    ("The army hasn't crossed the river.", "crossed"),  # n't
    ("The army never crossed the river.", "crossed"),  # never
    ("No soldiers crossed the river.", "crossed"),  # no + noun
    ("Nobody crossed the river.", "crossed"),  # nobody
    ("So far we have not seen the army crossing the river.", "crossing"),  # "have not seen X V-ing"
    ("The ministry denied that the army crossed the river.", "crossed"),  # denied
    ("The army refused to cross the river.", "cross"),  # refused to
    ("The army failed to cross the river.", "cross"),  # failed to
    ("The army has yet to cross the river.", "cross"),  # has yet to
    ("The army is yet to cross the river.", "cross"),  # is yet to
    ("The army neither crossed nor bridged the river.", "crossed"),  # neither ... nor
    ("The army neither crossed nor bridged the river.", "bridged"),
    ("The army had not crossed or bridged the river.", "bridged"),  # the negation is shared over "or"
    ("Neither brigade crossed the river.", "crossed"),  # neither + noun
    ('The colonel said the bridge is "not a safe crossing".', "is"),  # negated predicate noun
]
AFFIRMED = [
    ("The army has crossed the river.", "crossed"),
    ("The army has now crossed the river.", "crossed"),
    ("The army always crosses the river.", "crosses"),
    ("Many soldiers crossed the river.", "crossed"),
    ("Everybody crossed the river.", "crossed"),
    ("So far we have seen the army crossing the river.", "crossing"),
    ("The ministry confirmed that the army crossed the river.", "crossed"),
    ("The army agreed to cross the river.", "cross"),
    ("The army managed to cross the river.", "cross"),
    ("We did not deny that the army crossed the river.", "crossed"),  # two negations cancel
    ("The army has crossed the river yet again.", "crossed"),  # "yet" without "to"
    ("The army had not crossed but bridged the river.", "bridged"),  # "but" does not share it
    ("The bridge is not only a crossing but a landmark.", "is"),  # not only ... but
    ("The bridge is not just a crossing.", "is"),  # not just: more than
]


@pytest.mark.parametrize(("text", "word"), NEGATED)
def test_negation_cues(parse, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    assert stance.clause_polarity(_verb(parse, text, word)) == "negated"


@pytest.mark.parametrize(("text", "word"), AFFIRMED)
def test_affirmed_without_cue(parse, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    assert stance.clause_polarity(_verb(parse, text, word)) == "affirmed"


# ---------------------------------------------------------------- certainty

HEDGED = [
    ("The strike will very likely happen soon.", "happen", "probable"),  # very likely
    ("The strike will probably happen soon.", "happen", "probable"),  # probably
    ("The rebels reportedly seized the town.", "seized", "probable"),  # reportedly
    ("We expect that the rebels will seize the town.", "seize", "probable"),  # expect
    ("The rebels appear to have seized the town.", "seized", "possible"),  # appears
    ("The rebels seem to hold the town.", "hold", "possible"),  # seems
    ("The rebels may seize the town.", "seize", "possible"),  # may
    ("The rebels could seize the town.", "seize", "possible"),  # could
    ("The rebels might seize the town.", "seize", "possible"),  # might
    ("I think the rebels hold the town.", "hold", "probable"),  # think
]
UNHEDGED = [
    ("The strike will happen soon.", "happen"),
    ("The strike happened yesterday.", "happened"),
    ("The rebels seized the town.", "seized"),
    ("We know that the rebels seized the town.", "seized"),
    ("The rebels began to seize the town.", "seize"),
    ("The rebels hold the town.", "hold"),
]


@pytest.mark.parametrize(("text", "word", "expected"), HEDGED)
def test_hedge_cues(parse, text: str, word: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert stance.clause_certainty(_verb(parse, text, word)) == expected


@pytest.mark.parametrize(("text", "word"), UNHEDGED)
def test_certain_without_hedge(parse, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    assert stance.clause_certainty(_verb(parse, text, word)) == "certain"


def test_claim_certainty_reads_the_content(parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("Ryder said the strike will very likely happen.")
    said = next(t for t in doc if t.text == "said")
    start = doc.text.index("the strike")
    assert stance.certainty(doc, said, [(start, len(doc.text) - 1)]) == "probable"
    doc = parse("Ryder said the strike happened.")
    said = next(t for t in doc if t.text == "said")
    start = doc.text.index("the strike")
    assert stance.certainty(doc, said, [(start, len(doc.text) - 1)]) == "certain"


# ---------------------------------------------------------------- tense


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The troops have engaged in combat.", "engaged", "past"),
        ("The troops engaged in combat.", "engaged", "past"),
        ("The troops had begun engaging in combat.", "engaging", "past"),
        ("The troops are engaging in combat.", "engaging", "ongoing"),
        ("Russia has been treating the troops well.", "treating", "ongoing"),
        ("The war poses dangers to Asia.", "poses", "ongoing"),
        ("Many more troops will be sent to the front.", "sent", "future"),
        ("The troops are going to attack.", "attack", "future"),
        ("The senator cannot support the bill.", "support", "ongoing"),
        ("The senator can support the bill.", "support", "ongoing"),
    ],
)
def test_tense(parse, text: str, word: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert stance.clause_tense(_verb(parse, text, word)) == expected


def test_no_tense_for_a_conditional(parse) -> None:  # type: ignore[no-untyped-def]
    assert stance.clause_tense(_verb(parse, "The troops would attack.", "attack")) is None
