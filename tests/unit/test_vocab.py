"""graph/vocab.py, ontology/kg.ttl and ontology/context.jsonld stay in step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kg_fixtures import extractions
from rdflib import OWL, PROV, RDF, RDFS, SDO, Graph, URIRef

from graph import builder, vocab
from graph.resources import ontology_path
from graph.tools import gen_vocab
from graph.vocab import KG, OA

ROOT = Path(__file__).resolve().parents[2]
KG_NS = str(KG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path("kg.ttl"))


def _declared(ontology: Graph) -> set[str]:
    return {
        str(s)[len(KG_NS) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(KG_NS)
    }


def test_vocab_and_ontology_agree_both_ways(ontology: Graph) -> None:
    assert set(KG.__annotations__) == _declared(ontology)


def test_vocab_py_is_up_to_date() -> None:
    assert gen_vocab.generate() == Path(vocab.__file__).read_text(encoding="utf-8")


def test_gen_vocab_check_passes() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-m", "graph.tools.gen_vocab", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_gen_vocab_check_fails_when_stale(tmp_path: Path) -> None:
    stale = tmp_path / "vocab.py"
    stale.write_text("# old\n", encoding="utf-8")
    assert gen_vocab.main(["--check", "--output", str(stale)]) == 1
    assert gen_vocab.main(["--output", str(stale)]) == 0
    assert gen_vocab.main(["--check", "--output", str(stale)]) == 0


def test_generated_text_is_deterministic() -> None:
    text = gen_vocab.generate()
    assert text == gen_vocab.generate()
    assert "Date" not in text and "EDIT_ME" not in text


def test_unknown_terms_raise() -> None:
    with pytest.raises(AttributeError):
        _ = KG.claimz
    with pytest.raises(AttributeError):
        _ = OA.hasTarget


def test_every_kg_term_has_label_and_comment(ontology: Graph) -> None:
    for name in _declared(ontology):
        term = KG[name]
        assert ontology.value(term, RDFS.label) is not None, name
        assert ontology.value(term, RDFS.comment) is not None, name


def test_ontology_axioms(ontology: Graph) -> None:
    assert (KG.Claim, RDFS.subClassOf, SDO.Claim) in ontology
    assert (KG.claimant, OWL.inverseOf, KG.claims) in ontology
    assert (KG.roleHolder, OWL.inverseOf, KG.holdsRole) in ontology
    for prop in (KG.contradicts, KG.supports):
        assert (prop, RDF.type, OWL.SymmetricProperty) in ontology
    assert (KG.asserts, RDFS.range, RDF.Statement) in ontology
    for cls, individuals in {
        KG.Mode: {KG.Direct, KG.Indirect, KG.Mixed},
        KG.Polarity: {KG.Affirmed, KG.Negated},
        KG.Certainty: {KG.Certain, KG.Probable, KG.Possible},
    }.items():
        assert set(ontology.subjects(RDF.type, cls)) == individuals
    for name in _declared(ontology):
        types = set(ontology.objects(KG[name], RDF.type))
        if types & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert ontology.value(KG[name], RDFS.range) is not None, name


def test_every_term_the_builder_uses_is_declared(ontology: Graph) -> None:
    ds = builder.build_dataset(extractions())
    used = {
        str(term)
        for quad in ds.quads((None, None, None, None))
        for term in quad
        if isinstance(term, URIRef) and (str(term).startswith(KG_NS) or str(term).startswith(str(OA._NS)))
    }
    assert used
    declared = {KG_NS + name for name in _declared(ontology)} | {
        str(OA._NS) + name for name in OA.__annotations__
    }
    assert used <= declared, used - declared


def test_namespaces_match_rdflib(ontology: Graph) -> None:
    prefixes = {prefix: str(ns) for prefix, ns in ontology.namespaces()}
    assert prefixes["schema"] == str(SDO) == "https://schema.org/"
    assert prefixes["prov"] == str(PROV)
    assert prefixes["kg"] == KG_NS
    assert prefixes["oa"] == str(OA._NS)


def test_context_jsonld_is_local_and_complete(ontology: Graph) -> None:
    data = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))
    context = data["@context"]
    assert isinstance(context, dict)  # inline, never a remote context
    assert "@import" not in context
    assert context["schema"] == str(SDO)
    assert context["kg"] == KG_NS
    assert context["prov"] == str(PROV)
    assert context["oa"] == str(OA._NS)
    for name in _declared(ontology):
        entry = context[name]
        iri = entry["@id"] if isinstance(entry, dict) else entry
        assert iri == f"kg:{name}"


def test_resources_locate_packaged_files() -> None:
    from graph.errors import OntologyError
    from graph.resources import ontology_dir, queries_dir

    for name in ("kg.ttl", "shapes.ttl", "context.jsonld"):
        assert ontology_path(name).is_file()
        assert ontology_path(name).parent == ontology_dir()
    assert queries_dir().name == "queries"
    with pytest.raises(OntologyError, match="available"):
        ontology_path("missing.ttl")
    with pytest.raises(ValueError):
        ontology_path("../pyproject.toml")
