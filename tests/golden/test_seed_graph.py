"""The seed article's graph answers every line of ../shared/seeds/EXPECTED.md with SPARQL.

People, organizations, places and groups; the thirteen numbered claims with speaker,
cue, mode, date, occasion and evidence. (Relations between claims: test_seed_relations.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

import graph

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_118e246e26923948.txt"
PREFIXES = """
PREFIX kg: <https://example.org/kg/ns#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


@pytest.fixture(scope="module")
def kg() -> graph.KnowledgeGraph:
    return graph.build([str(ROOT / "seeds")])


def rows(kg: graph.KnowledgeGraph, query: str) -> list[tuple[str | None, ...]]:
    return kg.query(PREFIXES + query).rows


def ask(kg: graph.KnowledgeGraph, query: str) -> bool:
    return kg.query(PREFIXES + "ASK {" + query + "}").rows[0][0] in ("true", True)


# --------------------------------------------------------------------------- people and roles


@pytest.mark.parametrize(
    ("name", "title", "org_type", "org"),
    [
        ("Pat Ryder", "Major General", "schema:Organization", "Pentagon"),
        ("Matthew Miller", "spokesperson", "schema:Organization", "State Department"),
        ("Volodymyr Zelensky", "President", "schema:Place", "Ukraine"),
    ],
)
def test_person_role_is_structured(kg, name, title, org_type, org) -> None:
    assert ask(
        kg,
        f"""?p a schema:Person ; rdfs:label "{name}" ; kg:holdsRole ?r .
            ?r kg:title ?t ; kg:roleIn ?o . ?o a {org_type} ; rdfs:label "{org}" .
            FILTER(LCASE(STR(?t)) = LCASE("{title}"))""",
    )


def test_blinken_is_secretary_of_state(kg) -> None:
    assert ask(kg, '?p rdfs:label "Antony Blinken" ; kg:holdsRole/kg:title "Secretary of State" .')


@pytest.mark.parametrize(
    ("name", "alias"),
    [("Matthew Miller", "Miller"), ("Antony Blinken", "Blinken"), ("Volodymyr Zelensky", "Zelensky")],
)
def test_surnames_are_the_same_person(kg, name, alias) -> None:
    assert ask(kg, f'?p a schema:Person ; rdfs:label "{name}" ; schema:alternateName "{alias}" .')
    # ... and the surname never becomes a person of its own.
    assert not ask(kg, f'?q a schema:Person ; rdfs:label "{alias}" .')


def test_putin_is_mentioned_not_a_speaker(kg) -> None:
    assert ask(kg, '?p a schema:Person ; rdfs:label "Vladimir Putin" . ?d schema:mentions ?p .')
    assert not ask(kg, '?p rdfs:label "Vladimir Putin" ; kg:claims ?c .')


@pytest.mark.parametrize("written", ["He", "The Ukrainian leader", "the Ukrainian president"])
def test_zelensky_references_are_resolved(kg, written) -> None:
    assert ask(kg, f'?c kg:sourceText "{written}" ; kg:claimant ?p . ?p rdfs:label "Volodymyr Zelensky" .')


def test_he_noted_is_ryder(kg) -> None:
    assert ask(kg, '?c kg:sourceText "He" ; kg:cue "noted" ; kg:claimant/rdfs:label "Pat Ryder" .')


# --------------------------------------------------------------------------- organizations, places, groups


@pytest.mark.parametrize("name", ["Pentagon", "State Department", "Kyodo News", "Mehr News Agency"])
def test_organizations(kg, name) -> None:
    assert ask(kg, f'?o a schema:Organization ; rdfs:label "{name}" .')


def test_publisher(kg) -> None:
    assert ask(kg, '?d a schema:NewsArticle ; schema:publisher/rdfs:label "Mehr News Agency" .')


@pytest.mark.parametrize(
    "name", ["Kursk", "Russia", "Ukraine", "North Korea", "United States", "Japan", "Asia"]
)
def test_places(kg, name) -> None:
    assert ask(kg, f'?p a schema:Place ; rdfs:label "{name}" .')


@pytest.mark.parametrize(("name", "alias"), [("North Korea", "DPRK"), ("United States", "US")])
def test_acronyms_are_one_entity(kg, name, alias) -> None:
    assert ask(kg, f'?p a schema:Place ; rdfs:label "{name}" ; schema:alternateName "{alias}" .')
    assert not ask(kg, f'?q rdfs:label "{alias}" .')


def test_north_korean_soldiers_are_a_group_of_north_korea(kg) -> None:
    found = rows(
        kg,
        """SELECT DISTINCT ?alias WHERE { ?g a kg:Group ; kg:affiliation/rdfs:label "North Korea" ;
                                            schema:alternateName ?alias }""",
    )
    aliases = {r[0] for r in found}
    assert {"North Korean soldiers", "North Korean forces", "DPRK troops"} <= aliases


@pytest.mark.parametrize("furniture", ["MNA/", "MNA", "Your Comment"])
def test_page_furniture_is_not_content(kg, furniture) -> None:
    assert not ask(kg, f'?x rdfs:label "{furniture}" .')
    assert not ask(kg, f'?c a kg:Claim ; schema:text ?t . FILTER(CONTAINS(?t, "{furniture}"))')


# --------------------------------------------------------------------------- claims

CLAIMS = [
    # (number, speaker, cue, mode or None, a phrase of its text, date text or None, occasion or None)
    (1, "Pat Ryder", "said", "Direct", "not seen the DPRK engaging", "on Monday", "press briefing"),
    (2, "Pat Ryder", "noted", "Indirect", "aware of recent reports", None, None),
    (
        3,
        "Matthew Miller",
        "said",
        "Direct",
        "escalate the war against Ukraine",
        "on Monday",
        "press briefing",
    ),
    (4, "Matthew Miller", "reiterated", None, "a legitimate target", None, None),
    (4, "Matthew Miller", "said", "Indirect", "does not have information", None, None),
    (
        5,
        "State Department",
        "confirmed",
        "Indirect",
        "begun engaging in combat operations",
        "on Nov. 12",
        None,
    ),
    (6, "Antony Blinken", "said", "Direct", "introduction of North Korean forces into the fight", None, None),
    (6, "Antony Blinken", "repeated", None, "the claims", "a day later", None),
    (7, "Volodymyr Zelensky", "said", "Indirect", "have been killed in combat", "on Sunday", "Kyodo News"),
    (8, "Volodymyr Zelensky", "stating", "Mixed", "proof", None, None),
    (9, "Volodymyr Zelensky", "stated", "Mixed", "suffered “losses”", "in early November", None),
    (10, "Volodymyr Zelensky", "said", "Mixed", "12,000 DPRK soldiers", None, "interview"),
    (11, "Volodymyr Zelensky", "said", "Indirect", "treating the troops well", None, None),
    (11, "Volodymyr Zelensky", "claims", "Indirect", "reduce Russian casualties", None, None),
    (12, "Volodymyr Zelensky", "emphasized", "Indirect", "dangers to Asia", None, None),
    (13, "Mehr News Agency", None, None, "contradict other statements coming out of Washington", None, None),
]


@pytest.mark.parametrize(("number", "speaker", "cue", "mode", "phrase", "date", "occasion"), CLAIMS)
def test_claim(kg, number, speaker, cue, mode, phrase, date, occasion) -> None:
    where = f'?s rdfs:label "{speaker}" ; kg:claims ?c . ?c a kg:Claim ; schema:text ?t . FILTER(CONTAINS(?t, "{phrase}"))'
    if cue:
        where += f' ?c kg:cue "{cue}" .'
    if mode:
        where += f" ?c kg:mode kg:{mode} ."
    if date:
        where += f' ?c kg:dateText "{date}" .'
    if occasion:
        where += f' ?c kg:occasion/rdfs:label ?o . FILTER(CONTAINS(?o, "{occasion}"))'
    assert ask(kg, where), f"claim {number} not found: {where}"


def test_ryder_claim_is_negated_and_hedged(kg) -> None:
    found = rows(
        kg,
        """SELECT ?pol ?cert WHERE { ?s rdfs:label "Pat Ryder" ; kg:claims ?c . ?c kg:mode kg:Direct ;
                                     kg:polarity ?pol ; kg:certainty ?cert }""",
    )
    assert found
    polarity, certainty = found[0]
    assert polarity.endswith("#Negated")
    assert not certainty.endswith("#Certain")


def test_every_claim_has_evidence_matching_the_file(kg) -> None:
    text = SEED.read_text(encoding="utf-8")
    found = rows(
        kg,
        """SELECT ?c ?start ?end ?exact ?doc WHERE {
               ?c a kg:Claim ; kg:contentEvidence ?ev ; prov:wasDerivedFrom ?doc .
               ?ev oa:hasSource ?doc ; oa:hasSelector ?pos , ?quote .
               ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
               ?quote a oa:TextQuoteSelector ; oa:exact ?exact }""",
    )
    assert len({r[0] for r in found}) >= 13
    for _claim, start, end, exact, _doc in found:
        assert text[int(start) : int(end)] == exact


def test_no_claim_content_is_asserted_as_a_fact(kg) -> None:
    # The fact inside a claim is reified: no triple links two entities by a content predicate.
    assert not ask(
        kg,
        """?st a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o .
           ?s ?p ?o .""",
    )


def test_the_graph_validates(kg) -> None:
    kg.validate()
