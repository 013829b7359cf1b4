"""ontology/shapes.ttl: every shape has a passing and a failing fixture.

The passing fixture is the graph built from the hand-built records with their facts,
dates, tenses and relation (it exercises every shape); each failing fixture is that graph
with one mutation, and must be reported against the shape it targets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from kg_fixtures import extractions, extractions_with_statements, relations
from rdflib import PROV, RDF, RDFS, SDO, SH, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef

from graph import builder
from graph.errors import ValidationError
from graph.exports.rdf import union_graph
from graph.resources import ontology_path
from graph.validate import validate, violations
from graph.vocab import KG, OA

KGSH = Namespace("https://example.org/kg/shapes#")
LANG = Literal("x", lang="en")


@pytest.fixture(scope="module")
def base_graph() -> Graph:
    # one relation marked as made by one speaker, so that kg:sameSpeaker is exercised too
    marked = [dataclasses.replace(r, same_speaker=True) for r in relations()]
    return union_graph(builder.build_dataset(extractions_with_statements(), relations=marked))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"))


def _one(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _claim_with(g: Graph, predicate: URIRef) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, KG.Claim) if (s, predicate, None) in g)[0]


def _statement_with(g: Graph, predicate: URIRef) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, RDF.Statement) if (s, predicate, None) in g)[0]


def _drop(g: Graph, s: URIRef, p: URIRef) -> None:
    g.remove((s, p, None))


def _bnode_of(cls: URIRef) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        # copy an existing node's description onto a blank node: only nodeKind fails
        node, b = _one(g, cls), BNode()
        for p, o in list(g.predicate_objects(node)):
            g.add((b, p, o))

    return mutate


def _selector(g: Graph, cls: URIRef) -> URIRef:
    return _one(g, cls)


def _evidence(g: Graph) -> URIRef:
    return _one(g, OA.SpecificResource)


def _role(g: Graph) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, KG.Role) if (s, KG.roleIn, None) in g)[0]


def _doc(g: Graph) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, SDO.NewsArticle) if (s, SDO.url, None) in g)[0]


def _entity(g: Graph) -> URIRef:
    return _one(g, SDO.Person)


def _statement(g: Graph) -> URIRef:
    return _one(g, RDF.Statement)


def _relation(g: Graph) -> URIRef:
    return _one(g, KG.ClaimRelation)


def _claims(g: Graph) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, KG.Claim))


def _move_assertion_to_the_document(g: Graph) -> None:
    st = _statement(g)
    g.remove((None, KG.asserts, st))
    g.add((_doc(g), KG.asserts, st))


def _relate_a_third_claim(g: Graph) -> None:
    r = _relation(g)
    g.add((r, KG.relates, next(c for c in _claims(g) if (r, KG.relates, c) not in g)))


def _drop_one_related_claim(g: Graph) -> None:
    r = _relation(g)
    g.remove((r, KG.relates, sorted(g.objects(r, KG.relates))[0]))


MUTATIONS: dict[str, list[Callable[[Graph], None]]] = {
    "ClaimShape": [_bnode_of(KG.Claim)],
    "ClaimText": [
        lambda g: _drop(g, _one(g, KG.Claim), SDO.text),
        lambda g: g.add((_one(g, KG.Claim), SDO.text, Literal("another text"))),
        lambda g: g.set((_one(g, KG.Claim), SDO.text, LANG)),
    ],
    "ClaimMode": [
        lambda g: g.set((_one(g, KG.Claim), KG.mode, KG.Negated)),
        lambda g: _drop(g, _one(g, KG.Claim), KG.mode),
        lambda g: g.add(
            (
                _one(g, KG.Claim),
                KG.mode,
                KG.Mixed if (_one(g, KG.Claim), KG.mode, KG.Direct) in g else KG.Direct,
            )
        ),
    ],
    "ClaimPolarity": [
        lambda g: _drop(g, _one(g, KG.Claim), KG.polarity),
        lambda g: g.set((_one(g, KG.Claim), KG.polarity, KG.Certain)),
    ],
    "ClaimCertainty": [
        lambda g: _drop(g, _one(g, KG.Claim), KG.certainty),
        lambda g: (
            g.add((_one(g, KG.Claim), KG.certainty, KG.Possible))
            if (_one(g, KG.Claim), KG.certainty, KG.Possible) not in g
            else g.add((_one(g, KG.Claim), KG.certainty, KG.Certain))
        ),
    ],
    "ClaimContentEvidence": [
        lambda g: _drop(g, _one(g, KG.Claim), KG.contentEvidence),
        lambda g: g.add((_one(g, KG.Claim), KG.contentEvidence, _doc(g))),
    ],
    "ClaimCueEvidence": [lambda g: g.add((_claim_with(g, KG.cueEvidence), KG.cueEvidence, _doc(g)))],
    "ClaimSourceEvidence": [lambda g: g.add((_claim_with(g, KG.sourceEvidence), KG.sourceEvidence, _doc(g)))],
    "ClaimDerivedFrom": [
        lambda g: _drop(g, _one(g, KG.Claim), PROV.wasDerivedFrom),
        lambda g: g.set((_one(g, KG.Claim), PROV.wasDerivedFrom, _entity(g))),
    ],
    "ClaimInDocument": [lambda g: g.set((_one(g, KG.Claim), KG.inDocument, _entity(g)))],
    "ClaimOrder": [
        lambda g: _drop(g, _one(g, KG.Claim), KG.claimOrder),
        lambda g: g.set((_one(g, KG.Claim), KG.claimOrder, Literal("first"))),
        lambda g: g.set((_one(g, KG.Claim), KG.claimOrder, Literal(-1, datatype=XSD.integer))),
    ],
    "ClaimClaimant": [
        lambda g: g.set(
            (_claim_with(g, KG.claimant), KG.claimant, URIRef("https://example.org/kg/person/nobody"))
        ),
        lambda g: g.add((_claim_with(g, KG.claimant), KG.claimant, _one(g, SDO.Organization))),
        lambda g: g.set((_claim_with(g, KG.claimant), KG.claimant, Literal("Pat Ryder"))),
    ],
    "ClaimAddressee": [
        lambda g: [
            g.add((_one(g, KG.Claim), KG.addressee, node))
            for node in (_one(g, SDO.Organization), URIRef("https://example.org/kg/person/nobody"))
        ],
        lambda g: g.add((_one(g, KG.Claim), KG.addressee, Literal("reporters"))),
    ],
    "EvidenceShape": [_bnode_of(OA.SpecificResource)],
    "EvidenceSource": [
        lambda g: _drop(g, _evidence(g), OA.hasSource),
        lambda g: g.set((_evidence(g), OA.hasSource, _entity(g))),
    ],
    "EvidencePosition": [
        lambda g: [
            g.remove((_evidence(g), OA.hasSelector, s))
            for s in list(g.objects(_evidence(g), OA.hasSelector))
            if (s, RDF.type, OA.TextPositionSelector) in g
        ],
        lambda g: (
            g.add((_evidence(g), OA.hasSelector, _selector(g, OA.TextPositionSelector)))
            if (_evidence(g), OA.hasSelector, _selector(g, OA.TextPositionSelector)) not in g
            else g.add(
                (_evidence(g), OA.hasSelector, sorted(g.subjects(RDF.type, OA.TextPositionSelector))[1])
            )
        ),
    ],
    "EvidenceQuote": [
        lambda g: [
            g.remove((_evidence(g), OA.hasSelector, s))
            for s in list(g.objects(_evidence(g), OA.hasSelector))
            if (s, RDF.type, OA.TextQuoteSelector) in g
        ],
    ],
    "PositionSelectorShape": [_bnode_of(OA.TextPositionSelector)],
    "SelectorStart": [
        lambda g: g.set(
            (_selector(g, OA.TextPositionSelector), OA.start, Literal(10**6, datatype=XSD.nonNegativeInteger))
        ),
        lambda g: g.set((_selector(g, OA.TextPositionSelector), OA.start, Literal(-1, datatype=XSD.integer))),
        lambda g: g.set((_selector(g, OA.TextPositionSelector), OA.start, Literal("3"))),
        lambda g: _drop(g, _selector(g, OA.TextPositionSelector), OA.start),
    ],
    "SelectorEnd": [
        lambda g: _drop(g, _selector(g, OA.TextPositionSelector), OA.end),
        lambda g: g.set((_selector(g, OA.TextPositionSelector), OA.end, Literal(4.5))),
    ],
    "QuoteSelectorShape": [_bnode_of(OA.TextQuoteSelector)],
    "SelectorExact": [
        lambda g: _drop(g, _selector(g, OA.TextQuoteSelector), OA.exact),
        lambda g: g.set((_selector(g, OA.TextQuoteSelector), OA.exact, LANG)),
    ],
    "EntityShape": [_bnode_of(SDO.Person)],
    "EntityLabel": [
        lambda g: _drop(g, _entity(g), RDFS.label),
        lambda g: g.add((_entity(g), RDFS.label, Literal("Another Name"))),
        lambda g: g.add((URIRef("https://example.org/kg/group/unnamed"), RDF.type, KG.Group)),
    ],
    "EntityName": [lambda g: g.add((_entity(g), SDO.name, Literal("Another Name")))],
    "EntityMentionCount": [
        lambda g: g.add((_entity(g), KG.mentionCount, Literal(99, datatype=XSD.integer))),
        lambda g: g.set((_entity(g), KG.mentionCount, Literal("3"))),
        lambda g: g.set((_entity(g), KG.mentionCount, Literal(-2, datatype=XSD.integer))),
    ],
    "MentionTallyShape": [_bnode_of(KG.MentionTally)],
    "TallyOf": [
        lambda g: _drop(g, _one(g, KG.MentionTally), KG.tallyOf),
        lambda g: g.add((_one(g, KG.MentionTally), KG.tallyOf, _doc(g))),
        lambda g: g.set((_one(g, KG.MentionTally), KG.tallyOf, Literal("Pat Ryder"))),
    ],
    "TallyCount": [
        lambda g: _drop(g, _one(g, KG.MentionTally), KG.tallyCount),
        lambda g: g.set((_one(g, KG.MentionTally), KG.tallyCount, Literal("2"))),
        lambda g: g.set((_one(g, KG.MentionTally), KG.tallyCount, Literal(0, datatype=XSD.integer))),
    ],
    "RoleShape": [_bnode_of(KG.Role)],
    "RoleTitle": [
        lambda g: _drop(g, _role(g), KG.title),
        lambda g: g.add((_role(g), KG.title, Literal("press secretary"))),
    ],
    "RoleHolder": [
        lambda g: _drop(g, _role(g), KG.roleHolder),
        lambda g: g.set((_role(g), KG.roleHolder, Literal("Miller"))),
    ],
    "RoleIn": [lambda g: g.add((_role(g), KG.roleIn, _entity(g)))],
    "DocumentShape": [_bnode_of(SDO.NewsArticle)],
    "DocumentHash": [
        lambda g: _drop(g, _doc(g), KG.contentHash),
        lambda g: g.set((_doc(g), KG.contentHash, Literal("XYZ"))),
    ],
    "DocumentOrder": [
        lambda g: _drop(g, _doc(g), KG.documentOrder),
        lambda g: g.add((_doc(g), KG.documentOrder, Literal(7, datatype=XSD.integer))),
        lambda g: g.set((_doc(g), KG.documentOrder, Literal(-1, datatype=XSD.integer))),
    ],
    "DocumentDate": [lambda g: g.set((_doc(g), SDO.datePublished, Literal("2024-11-05")))],
    "DocumentUrl": [lambda g: g.set((_doc(g), SDO.url, Literal("https://example.com/news/1")))],
    "StatementShape": [_bnode_of(RDF.Statement)],
    "StatementSubject": [
        lambda g: _drop(g, _statement(g), RDF.subject),
        lambda g: g.add((_statement(g), RDF.subject, Literal("someone else"))),
    ],
    "StatementPredicate": [
        lambda g: _drop(g, _statement(g), RDF.predicate),
        lambda g: g.set((_statement(g), RDF.predicate, KG.mode)),
        lambda g: g.set((_statement(g), RDF.predicate, Literal("fight"))),
        lambda g: g.add(
            (
                _statement(g),
                RDF.predicate,
                KG.otherPredicate if (_statement(g), RDF.predicate, KG.fight) in g else KG.fight,
            )
        ),
    ],
    "StatementObject": [lambda g: g.add((_statement(g), RDF.object, Literal("another object")))],
    "StatementPolarity": [
        lambda g: _drop(g, _statement(g), KG.polarity),
        lambda g: g.set((_statement(g), KG.polarity, KG.Certain)),
    ],
    "StatementCertainty": [
        lambda g: _drop(g, _statement(g), KG.certainty),
        lambda g: g.set((_statement(g), KG.certainty, KG.Negated)),
    ],
    "StatementAsserted": [
        lambda g: g.remove((None, KG.asserts, _statement(g))),
        _move_assertion_to_the_document,
    ],
    "ClaimDate": [
        lambda g: g.add((_claim_with(g, KG.date), KG.date, Literal("2024-11-06", datatype=XSD.date))),
        lambda g: g.set((_claim_with(g, KG.date), KG.date, Literal("2024-11-04"))),
        lambda g: g.set(
            (_claim_with(g, KG.date), KG.date, Literal("2024-11-04T10:00:00", datatype=XSD.dateTime))
        ),
    ],
    "ClaimTense": [
        lambda g: g.set((_claim_with(g, KG.tense), KG.tense, KG.Negated)),
        lambda g: g.add((_claim_with(g, KG.tense), KG.tense, KG.Future)),
    ],
    "StatementUnit": [
        lambda g: g.add((_statement_with(g, KG.unit), KG.unit, Literal("jobs"))),
        lambda g: g.set((_statement_with(g, KG.unit), KG.unit, Literal(3))),
    ],
    "StatementMeasure": [
        lambda g: g.add((_statement_with(g, KG.measure), KG.measure, Literal("revenue"))),
        lambda g: g.set((_statement_with(g, KG.measure), KG.measure, LANG)),
    ],
    "StatementModality": [
        lambda g: g.add((_statement_with(g, KG.modality), KG.modality, Literal("may"))),
        lambda g: g.set((_statement_with(g, KG.modality), KG.modality, KG.Future)),
    ],
    "StatementAboutDay": [
        lambda g: g.add(
            (_statement_with(g, KG.aboutDay), KG.aboutDay, Literal("2024-11-05", datatype=XSD.date))
        ),
        lambda g: g.set((_statement_with(g, KG.aboutDay), KG.aboutDay, Literal("2024-11-04"))),
    ],
    "StatementAboutStart": [
        lambda g: g.add(
            (_statement_with(g, KG.aboutStart), KG.aboutStart, Literal("2024-09-01", datatype=XSD.date))
        ),
        lambda g: g.set((_statement_with(g, KG.aboutStart), KG.aboutStart, Literal("October"))),
    ],
    "StatementAboutEnd": [
        lambda g: g.add(
            (_statement_with(g, KG.aboutEnd), KG.aboutEnd, Literal("2024-12-31", datatype=XSD.date))
        ),
        lambda g: g.set((_statement_with(g, KG.aboutEnd), KG.aboutEnd, Literal(2024))),
    ],
    "ClaimRelationShape": [_bnode_of(KG.ClaimRelation)],
    "RelationClaims": [
        _drop_one_related_claim,
        _relate_a_third_claim,
        lambda g: g.add((_relation(g), KG.relates, _doc(g))),
    ],
    "RelationKind": [
        lambda g: _drop(g, _relation(g), KG.relationKind),
        lambda g: g.set((_relation(g), KG.relationKind, KG.Direct)),
        lambda g: g.add((_relation(g), KG.relationKind, KG.supports)),
    ],
    "RelationSameSpeaker": [
        lambda g: g.set((_relation(g), KG.sameSpeaker, Literal("yes"))),
        lambda g: g.add((_relation(g), KG.sameSpeaker, Literal(False))),
    ],
    "RelationReason": [
        lambda g: _drop(g, _relation(g), KG.reason),
        lambda g: g.add((_relation(g), KG.reason, Literal("another reason"))),
        lambda g: g.set((_relation(g), KG.reason, LANG)),
    ],
}

CASES = [(shape, i, mutate) for shape, mutations in MUTATIONS.items() for i, mutate in enumerate(mutations)]


def _shape_names(shapes: Graph) -> set[str]:
    names = set()
    for cls in (SH.NodeShape, SH.PropertyShape):
        for s in shapes.subjects(RDF.type, cls):
            if isinstance(s, URIRef):
                assert str(s).startswith(str(KGSH)), s
                names.add(str(s)[len(str(KGSH)) :])
    return names


def test_every_shape_has_a_failing_fixture(shapes: Graph) -> None:
    assert _shape_names(shapes) == set(MUTATIONS)


def test_passing_fixture_exercises_every_shape(base_graph: Graph, shapes: Graph) -> None:
    """Every target class has instances and every property path has values: the passing case."""
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        targets = list(shapes.objects(shape, SH.targetClass))
        assert any(base_graph.value(None, RDF.type, t) is not None for t in targets), shape
    for prop in shapes.subjects(RDF.type, SH.PropertyShape):
        path = shapes.value(prop, SH.path)
        inverse = shapes.value(path, SH.inversePath) if isinstance(path, BNode) else None
        assert (None, inverse or path, None) in base_graph, (prop, path)


def test_built_graph_conforms(base_graph: Graph) -> None:
    conforms, lines, _ = violations(base_graph)
    assert conforms, lines
    validate(base_graph)
    validate(builder.build_dataset(extractions()))
    validate(builder.build_dataset(extractions_with_statements(), relations=relations()))


def test_built_graph_in_oxigraph_conforms() -> None:
    pytest.importorskip("oxrdflib")
    validate(builder.build_dataset(extractions(), dataset=Dataset(store="Oxigraph")))
    validate(
        builder.build_dataset(
            extractions_with_statements(), relations=relations(), dataset=Dataset(store="Oxigraph")
        )
    )


@pytest.mark.parametrize(("shape", "index", "mutate"), CASES, ids=[f"{s}-{i}" for s, i, _ in CASES])
def test_failing_fixture(base_graph: Graph, shape: str, index: int, mutate: Callable[[Graph], None]) -> None:
    g = Graph()
    for triple in base_graph:
        g.add(triple)
    mutate(g)
    conforms, lines, _ = violations(g)
    assert not conforms
    assert any(line.endswith(f"[{shape}]") for line in lines), lines


def test_validate_raises_a_short_readable_error(base_graph: Graph) -> None:
    g = Graph()
    for triple in base_graph:
        g.add(triple)
    for claim in list(g.subjects(RDF.type, KG.Claim)):
        g.remove((claim, SDO.text, None))
        g.remove((claim, KG.mode, None))
    with pytest.raises(ValidationError) as info:
        validate(g)
    message = str(info.value)
    assert "\n" not in message
    assert "violation" in message and "ClaimText" in message and "more)" in message
    assert "claim:" in message  # prefixed names, not full IRIs
    assert "Conforms: False" in info.value.report
