"""Map extraction records to RDF: the only module that turns records into triples.

Owns the record -> term mapping (the terms are declared in ontology/kg.ttl). Terms come from
:mod:`graph.vocab` (``KG``, ``OA``) and rdflib's ``SDO``, ``PROV``, ``RDF``, ``RDFS``,
``OWL``, ``XSD``; instance IRIs come from :mod:`graph.iri`. Must not import spaCy,
``graph.nlp`` or ``graph.extractors``: records in, triples out.

Layout of the dataset:

* one named graph per document, named by the document IRI (``base + "doc/<hash>"``),
  holding everything that document says: the document node, which entities it mentions,
  claims, statements and all evidence;
* one entities graph, ``base + "graph/entities"``, describing the entities, publishers and
  roles (type, labels, aliases, name keys, affiliation, role title) once for the corpus.
  Oxigraph's union of named graphs is a bag: were these repeated in every document
  graph, a query touching a much-mentioned entity would see each triple hundreds of times.
  The graph only grows: replacing a document leaves its entities described;
* one summary graph, ``base + "graph/summary"``, holding entity-level aggregates that
  must have a single value over the whole dataset (``kg:mentionCount``). A per-document
  count in each document graph would give an entity several counts in the union.

No blank nodes: every node has a hash IRI, so the output is stable and mergeable.
No triple states what a claim says; its content is only ever a literal of the claim.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import rdflib
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from graph import iri, vocab
from graph.records import Attribution, Document, DocumentMeta, Entity, Extraction, Fact, Relation, Role, Span


class _Terms:
    """A namespace whose terms, once looked up, are plain attributes: rdflib's namespace
    classes mint and check a new URIRef on every access (0.7 us), and a document's graph
    looks up thousands."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


KG: Any = _Terms(vocab.KG)
OA: Any = _Terms(vocab.OA)
OWL: Any = _Terms(rdflib.OWL)
PROV: Any = _Terms(rdflib.PROV)
RDF: Any = _Terms(rdflib.RDF)
RDFS: Any = _Terms(rdflib.RDFS)
SDO: Any = _Terms(rdflib.SDO)
XSD: Any = _Terms(rdflib.XSD)

__all__ = [
    "ENTITIES_GRAPH",
    "RELATIONS_GRAPH",
    "SUMMARY_GRAPH",
    "BuildContext",
    "Quad",
    "Triple",
    "attribution_triples",
    "build_dataset",
    "claim_iri",
    "document_iri",
    "document_triples",
    "entities_graph_iri",
    "entity_description_quads",
    "entity_iri",
    "entity_summary_quads",
    "entity_triples",
    "evidence_triples",
    "extraction_quads",
    "extraction_triples",
    "fact_triples",
    "forget_documents_update",
    "mention_counts",
    "name_keys",
    "relation_quads",
    "relations_graph_iri",
    "role_iri",
    "role_triples",
    "settle_mention_totals",
    "shared_subjects",
    "summary_graph_iri",
    "tally_triples",
]

log = logging.getLogger(__name__)

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]

SUMMARY_GRAPH = "graph/summary"
"""Local part (after the base) of the named graph holding entity-level aggregates."""

ENTITIES_GRAPH = "graph/entities"
"""Local part of the named graph describing entities, publishers and roles (type, names,
name keys, affiliation, role title): written once however many documents mention them, so
the union of the graphs holds each such triple once."""

RELATIONS_GRAPH = "graph/relations"
"""Local part of the named graph holding links between claims (they span documents)."""

JOINER = " … "
"""Joins the parts of a discontinuous span (content, cue, source) into one literal."""

ENTITY_CLASSES: dict[str, URIRef] = {
    "person": SDO.Person,
    "organization": SDO.Organization,
    "place": SDO.Place,
    "group": KG.Group,
    "event": SDO.Event,
    "work": SDO.CreativeWork,
    "other": SDO.Thing,
}
MODES: dict[str, URIRef] = {"direct": KG.Direct, "indirect": KG.Indirect, "mixed": KG.Mixed}
POLARITIES: dict[str, URIRef] = {"affirmed": KG.Affirmed, "negated": KG.Negated}
CERTAINTIES: dict[str, URIRef] = {"certain": KG.Certain, "probable": KG.Probable, "possible": KG.Possible}
TENSES: dict[str, URIRef] = {"past": KG.Past, "ongoing": KG.Ongoing, "future": KG.Future}
RELATION_KINDS: dict[str, URIRef] = {"contradicts": KG.contradicts, "supports": KG.supports}
# Fact.relation (a verb class) -> the ontology's normalized predicate property.
FACT_PREDICATES: dict[str, URIRef] = {
    name: KG[name]
    for name in (
        "fight", "deploy", "kill", "sufferLosses", "attack", "back", "oppose", "escalate", "increase",
        "decrease", "win", "lose", "meet", "acquire", "use", "need", "threaten", "possess", "be", "say", "visit",
    )
}  # fmt: skip
PLACE_TYPES = frozenset({"country", "region", "city", "continent"})

# Offline identifiers (Entity.codes) that have a well-known IRI form, for owl:sameAs.
_CODE_IRIS: dict[str, str] = {
    "geonames": "https://sws.geonames.org/{}/",
    "wikidata": "http://www.wikidata.org/entity/{}",
}


@dataclass(frozen=True, slots=True)
class BuildContext:
    """What every triple function needs about the document being built."""

    base: str
    document: Document
    sequence: int = 0  # the document's kg:documentOrder
    # IRIs made once per document: each is asked for by many triples, and making one (a
    # slug or a hash, then a URIRef) takes microseconds.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def create(cls, document: Document, *, base: str = iri.DEFAULT_BASE, sequence: int = 0) -> BuildContext:
        return cls(base=iri.check_base(base), document=document, sequence=sequence)

    @property
    def doc(self) -> URIRef:
        """The document's IRI, which also names its graph."""
        found = self.memo.get(None)
        if found is None:
            found = self.memo[None] = document_iri(self.base, self.document.id)
        return found

    def entity(self, key: str) -> URIRef:
        """IRI of an entity from its "<type>/<slug>" key (re-slugged, so any key gives a valid IRI)."""
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = entity_iri(self.base, key)
        return found

    def local(self, kind: str, *parts: str) -> URIRef:
        return URIRef(iri.local_iri(self.base, kind, *parts))

    def text(self, span: Span) -> str:
        if span.end > len(self.document.text):
            raise ValueError(
                f"span {span.start}:{span.end} is outside document {self.document.name!r} "
                f"({len(self.document.text)} characters)"
            )
        return span.text(self.document.text)

    def joined(self, spans: Iterable[Span]) -> str:
        return JOINER.join(self.text(span) for span in spans)

    def evidence(self, part: str, span: Span) -> URIRef:
        """IRI of the evidence node for ``span`` used as ``part`` ("content", "cue", ...)."""
        return self.local("evidence", self.document.id, part, str(span.start), str(span.end))


def document_iri(base: str, doc_id: str) -> URIRef:
    return URIRef(base + iri.document_key(doc_id))


def entity_iri(base: str, key: str) -> URIRef:
    kind, sep, name = key.partition("/")
    if not sep:
        kind, name = "other", key
    return URIRef(iri.entity_iri(base, f"{iri.slug(kind)}/{iri.slug(name)}"))


def relations_graph_iri(base: str) -> URIRef:
    """Name of the graph holding contradiction / support links between claims."""
    return URIRef(iri.check_base(base) + RELATIONS_GRAPH)


def entities_graph_iri(base: str) -> URIRef:
    """Name of the graph describing entities and roles once for the whole corpus."""
    return URIRef(iri.check_base(base) + ENTITIES_GRAPH)


def summary_graph_iri(base: str) -> URIRef:
    """Name of the graph holding entity-level aggregates (one value per entity)."""
    return URIRef(iri.check_base(base) + SUMMARY_GRAPH)


@functools.lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    """A character offset. Cached: offsets repeat from document to document, and an rdflib
    Literal takes microseconds to make."""
    return Literal(value, datatype=XSD.nonNegativeInteger)


@functools.lru_cache(maxsize=1 << 14)
def _string(value: str) -> Literal:
    """A plain string literal: no language tag, no explicit xsd:string. Cached: three in four
    repeat (a quote and its claim's text, names, cues), and a Literal takes microseconds."""
    return Literal(value)


# --------------------------------------------------------------------------- evidence


def evidence_triples(ctx: BuildContext, part: str, span: Span) -> Iterator[Triple]:
    """A span of the document as an oa:SpecificResource with position and quote selectors."""
    ev = ctx.evidence(part, span)
    doc_id, start, end = ctx.document.id, str(span.start), str(span.end)
    position = ctx.local("selector", doc_id, "position", start, end)
    quote = ctx.local("selector", doc_id, "quote", start, end)
    yield ev, RDF.type, OA.SpecificResource
    yield ev, OA.hasSource, ctx.doc
    yield ev, OA.hasSelector, position
    yield ev, OA.hasSelector, quote
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, _offset(span.start)
    yield position, OA.end, _offset(span.end)
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, _string(ctx.text(span))


# --------------------------------------------------------------------------- documents


def document_triples(ctx: BuildContext) -> Iterator[Triple]:
    """The document node, with its metadata; the publisher becomes a schema:Organization."""
    doc, document = ctx.doc, ctx.document
    meta = document.meta
    yield doc, RDF.type, SDO.NewsArticle
    yield doc, SDO.name, _string(document.name)
    yield doc, KG.contentHash, _string(document.id)
    yield doc, KG.documentOrder, Literal(ctx.sequence, datatype=XSD.integer)
    if meta.title:
        yield doc, SDO.headline, _string(meta.title)
    if meta.published:
        try:
            published = _dt.date.fromisoformat(meta.published)
        except ValueError:
            log.warning(
                "document %s: ignoring publication date %r (not YYYY-MM-DD)", document.name, meta.published
            )
        else:
            yield doc, SDO.datePublished, Literal(published.isoformat(), datatype=XSD.date)
    if meta.url:
        yield doc, SDO.url, Literal(meta.url, datatype=XSD.anyURI)
    if meta.dateline:
        yield doc, SDO.dateline, _string(meta.dateline)
    for predicate, key, name in meta_entities(meta):
        node = ctx.entity(key)
        yield doc, predicate, node
        yield node, RDF.type, SDO.Place if key.startswith("place/") else SDO.Organization
        yield node, RDFS.label, _string(name)
        yield node, SDO.name, _string(name)
        yield node, KG.nameKey, _string(iri.name_key(name))


def meta_entities(meta: DocumentMeta) -> list[tuple[URIRef, str, str]]:
    """The nodes a document's metadata names: (property, entity key, name) for its
    publisher, the agency its dateline credits and the place it was filed from."""
    out = []
    if meta.publisher:
        out.append((SDO.publisher, iri.entity_key("organization", meta.publisher), meta.publisher))
    if meta.agency and (not meta.publisher or iri.slug(meta.agency) != iri.slug(meta.publisher)):
        out.append((SDO.sourceOrganization, iri.entity_key("organization", meta.agency), meta.agency))
    if meta.place:
        out.append((SDO.locationCreated, iri.entity_key("place", meta.place), meta.place))
    return out


# --------------------------------------------------------------------------- entities


def entity_triples(entity: Entity, ctx: BuildContext) -> Iterator[Triple]:
    """An entity the document mentions: its class, names, home and offline identifiers."""
    e = ctx.entity(entity.id)
    yield ctx.doc, SDO.mentions, e
    yield e, RDF.type, ENTITY_CLASSES.get(entity.type, SDO.Thing)
    yield e, RDFS.label, _string(entity.name)
    yield e, SDO.name, _string(entity.name)
    for alias in entity.aliases:
        if alias != entity.name:
            yield e, SDO.alternateName, _string(alias)
    for key in name_keys(entity):
        yield e, KG.nameKey, _string(key)
    if entity.refers_to:
        yield e, KG.affiliation, ctx.entity(entity.refers_to)
    if entity.type == "place" and entity.kind in PLACE_TYPES:
        yield e, KG.placeType, _string(entity.kind)
    for code in entity.codes:
        same = _code_iri(code)
        if same is not None:
            yield e, OWL.sameAs, same


def name_keys(entity: Entity) -> list[str]:
    """Lower-cased look-up keys: the name, each alias and, for a person named in two or more
    words, the family name (the last word), so "miller" finds Matthew Miller."""
    names = [entity.name, *entity.aliases]
    if entity.type == "person":
        names += [name.split()[-1] for name in names if len(name.split()) > 1]
    return sorted({iri.name_key(name) for name in names if name.strip()})


def _code_iri(code: str) -> URIRef | None:
    scheme, _, local = code.partition(":")
    template = _CODE_IRIS.get(scheme.lower())
    if template is None or not local or not local.isalnum():
        return None
    return URIRef(template.format(local))


# --------------------------------------------------------------------------- roles


def role_iri(role: Role, ctx: BuildContext) -> URIRef:
    """The role's IRI hashes (person, title, organization), not the document, so the same role
    stated in several documents is one node with several evidences."""
    org = ctx.entity(role.organization) if role.organization else None
    return ctx.local("role", str(ctx.entity(role.person)), role.title, str(org or ""))


def role_triples(role: Role, ctx: BuildContext) -> Iterator[Triple]:
    """A person's role: title, holder, organization, and where the document states it."""
    holder = ctx.entity(role.person)
    org = ctx.entity(role.organization) if role.organization else None
    r = role_iri(role, ctx)
    yield holder, KG.holdsRole, r
    yield r, RDF.type, KG.Role
    yield r, KG.title, _string(role.title)
    yield r, KG.roleHolder, holder
    if org is not None:
        yield r, KG.roleIn, org
    yield r, KG.evidence, ctx.evidence("role", role.span)
    yield from evidence_triples(ctx, "role", role.span)


# --------------------------------------------------------------------------- claims


def claim_iri(ctx: BuildContext, attribution: Attribution) -> URIRef:
    # By object, and the memo keeps the object: its id cannot be reused while the context lives.
    found = ctx.memo.get(id(attribution))
    if found is None or found[0] is not attribution:
        iri_ = ctx.local("claim", ctx.document.id, str(attribution.content), str(attribution.cue))
        found = ctx.memo[id(attribution)] = (attribution, iri_)
    return found[1]


CLAIM_SLOTS = 1 << 20
"""Claims per document that kg:claimOrder can number apart."""


def claim_ranks(extraction: Extraction, ctx: BuildContext) -> dict[URIRef, int]:
    """Each claim's place in its document: by where its content starts, then its cue, then IRI."""
    first: dict[URIRef, tuple[int, int]] = {}
    for a in extraction.attributions:
        if a.content:
            key = (min(s.start for s in a.content), min((s.start for s in a.cue), default=-1))
            c = claim_iri(ctx, a)
            first[c] = min(first.get(c, key), key)
    ranked = sorted(first, key=lambda c: (*first[c], c))
    return {c: min(i, CLAIM_SLOTS - 1) for i, c in enumerate(ranked)}


def claim_order(sequence: int, rank: int) -> int:
    """The document's order, then the claim's place in it: one integer, so listings sort and
    page claims without comparing strings (Oxigraph decodes every string a sort compares, about
    a second for 20k claims, where integers compare inline)."""
    return sequence * CLAIM_SLOTS + rank


def attribution_triples(
    attribution: Attribution, ctx: BuildContext, ranks: Mapping[URIRef, int] | None = None
) -> Iterator[Triple]:
    """One attribution as a kg:Claim node. What the claim says stays a literal
    (schema:text); nothing here asserts it. ``ranks``: each claim's place in the document
    (claim_ranks); a claim it does not list is placed first."""
    a = attribution
    if not a.content:
        log.warning("document %s: attribution %s has no content; skipped", ctx.document.name, a.id)
        return
    c = claim_iri(ctx, a)
    yield c, RDF.type, KG.Claim
    yield c, SDO.text, _string(ctx.joined(a.content))
    yield c, KG.mode, MODES[a.mode]
    yield c, KG.polarity, POLARITIES[a.polarity]
    yield c, KG.certainty, CERTAINTIES[a.certainty]
    yield c, PROV.wasDerivedFrom, ctx.doc
    yield c, KG.inDocument, ctx.doc
    rank = (ranks or {}).get(c, 0)
    yield c, KG.claimOrder, Literal(claim_order(ctx.sequence, rank), datatype=XSD.integer)
    if a.speaker:
        speaker = ctx.entity(a.speaker)
        yield speaker, KG.claims, c
        yield c, KG.claimant, speaker
    elif a.narrated:
        # The article's own voice: the publisher says it, or else the document itself.
        publisher = ctx.document.meta.publisher
        narrator = ctx.entity(iri.entity_key("organization", publisher)) if publisher else ctx.doc
        yield narrator, KG.claims, c
        yield c, KG.claimant, narrator
    if a.addressee:
        yield c, KG.addressee, ctx.entity(a.addressee)
    if a.addressee_name:
        yield c, KG.addresseeText, _string(a.addressee_name)
    if a.narrated:
        yield c, KG.narrated, Literal(True)
    if a.tense in TENSES:
        yield c, KG.tense, TENSES[a.tense]
    yield from _date_triples(c, a.date)
    if a.cue:
        yield c, KG.cue, _string(ctx.joined(a.cue))
    if a.cue_lemma:
        yield c, KG.cueLemma, _string(a.cue_lemma)
    if a.source:
        yield c, KG.sourceText, _string(ctx.joined(a.source))
    for part, predicate, spans in (
        ("content", KG.contentEvidence, a.content),
        ("cue", KG.cueEvidence, a.cue),
        ("source", KG.sourceEvidence, a.source),
    ):
        for span in spans:
            yield c, predicate, ctx.evidence(part, span)
            yield from evidence_triples(ctx, part, span)
    if a.date_phrase:
        yield c, KG.dateText, _string(a.date_phrase)
    if a.occasion:
        occasion = ctx.local("occasion", ctx.document.id, a.occasion, str(a.occasion_span))
        yield c, KG.occasion, occasion
        yield occasion, RDF.type, SDO.Event
        yield occasion, RDFS.label, _string(a.occasion)
        if a.occasion_span is not None:
            yield occasion, KG.evidence, ctx.evidence("occasion", a.occasion_span)
            yield from evidence_triples(ctx, "occasion", a.occasion_span)
    for key in a.about:
        yield c, SDO.about, ctx.entity(key)


def _date_triples(
    c: URIRef,
    value: str | None,
    *,
    day: URIRef = KG.date,
    start: URIRef = KG.dateStart,
    end: URIRef = KG.dateEnd,
) -> Iterator[Triple]:
    """kg:date for a day; kg:dateStart / kg:dateEnd for a period ("YYYY-MM-DD/YYYY-MM-DD")."""
    if not value:
        return
    parts = value.split("/")
    try:
        days = [_dt.date.fromisoformat(p) for p in parts]
    except ValueError:
        log.warning("ignoring unresolvable date %r", value)
        return
    if len(days) == 1:
        yield c, day, Literal(days[0].isoformat(), datatype=XSD.date)
    elif len(days) == 2:
        yield c, start, Literal(days[0].isoformat(), datatype=XSD.date)
        yield c, end, Literal(days[1].isoformat(), datatype=XSD.date)


# --------------------------------------------------------------------------- facts


def statement_iri(ctx: BuildContext, attribution: Attribution, fact: Fact) -> URIRef:
    return ctx.local("statement", ctx.document.id, str(claim_iri(ctx, attribution)), fact.id)


def fact_triples(fact: Fact, attribution: Attribution, ctx: BuildContext) -> Iterator[Triple]:
    """A fact inside a claim as a reified statement reachable from the claim.

    ``claim kg:asserts st . st a rdf:Statement ; rdf:subject ; rdf:predicate ; rdf:object``:
    the statement is described, never stated (no triple ``subject predicate object``).
    Unlinked subjects and objects are their text."""
    if not attribution.content:
        return
    c = claim_iri(ctx, attribution)
    st = statement_iri(ctx, attribution, fact)
    yield c, KG.asserts, st
    yield st, RDF.type, RDF.Statement
    yield st, RDF.subject, ctx.entity(fact.subject) if fact.subject else _string(fact.subject_text)
    yield st, RDF.predicate, FACT_PREDICATES.get(fact.relation, KG.otherPredicate)
    if fact.object:
        yield st, RDF.object, ctx.entity(fact.object)
    elif fact.object_text:
        yield st, RDF.object, _string(fact.object_text)
    yield st, KG.subjectText, _string(fact.subject_text)
    yield st, KG.predicateText, _string(fact.predicate_text)
    yield st, KG.predicateLemma, _string(fact.predicate)
    if fact.object_text:
        yield st, KG.objectText, _string(fact.object_text)
    if fact.location:
        yield st, KG.location, ctx.entity(fact.location)
    if fact.quantity is not None:
        yield st, KG.quantity, Literal(_decimal(fact.quantity), datatype=XSD.decimal)
        yield st, KG.approximate, Literal(fact.approximate)
    if fact.unit:
        yield st, KG.unit, _string(fact.unit)
    if fact.measure:
        yield st, KG.measure, _string(fact.measure)
    if fact.modality:
        yield st, KG.modality, _string(fact.modality)
    yield from _date_triples(st, fact.time, start=KG.aboutStart, end=KG.aboutEnd, day=KG.aboutDay)
    yield st, KG.polarity, POLARITIES[fact.polarity]
    yield st, KG.certainty, CERTAINTIES[fact.certainty]
    if fact.tense in TENSES:
        yield st, KG.tense, TENSES[fact.tense]


def _decimal(value: float) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --------------------------------------------------------------------------- relations


def relation_quads(
    relations: Iterable[Relation], extractions: Iterable[Extraction], *, base: str = iri.DEFAULT_BASE
) -> list[Quad]:
    """Links between claims, in the relations graph: ``c1 kg:contradicts c2`` (both ways, the
    property is symmetric) and a kg:ClaimRelation node with the reason, the shared subject and
    predicate and the compared statements. Claims are named "<doc id>:<attribution id>"."""
    base = iri.check_base(base)
    g = relations_graph_iri(base)
    claims: dict[str, tuple[BuildContext, Attribution]] = {}
    facts: dict[str, Fact] = {}
    for ex in _unique_documents(extractions):
        ctx = BuildContext.create(ex.document, base=base)
        for a in ex.attributions:
            if a.content:
                claims[f"{ex.document.id}:{a.id}"] = (ctx, a)
        for f in ex.facts:
            facts[f"{ex.document.id}:{f.id}"] = f
    out: dict[Quad, None] = {}
    for r in relations:
        if r.source not in claims or r.target not in claims or r.kind not in RELATION_KINDS:
            log.warning("relation %s %s -> %s: unknown claim; skipped", r.kind, r.source, r.target)
            continue
        (sctx, sa), (tctx, ta) = claims[r.source], claims[r.target]
        c1, c2 = claim_iri(sctx, sa), claim_iri(tctx, ta)
        kind = RELATION_KINDS[r.kind]
        node = URIRef(iri.local_iri(base, "relation", r.kind, *sorted((str(c1), str(c2)))))
        triples: list[Triple] = [
            (c1, kind, c2),
            (c2, kind, c1),
            (node, RDF.type, KG.ClaimRelation),
            (node, KG.relationKind, kind),
            (node, KG.relates, c1),
            (node, KG.relates, c2),
            (node, KG.reason, _string(r.reason)),
        ]
        if r.same_speaker:
            triples.append((node, KG.sameSpeaker, Literal(True)))
        if r.subject:
            triples.append((node, KG.sharedSubject, entity_iri(base, r.subject)))
        if r.predicate:
            triples.append((node, KG.sharedPredicate, FACT_PREDICATES.get(r.predicate, KG.otherPredicate)))
        for ctx, a, fact_id in ((sctx, sa, r.source_fact), (tctx, ta, r.target_fact)):
            fact = facts.get(f"{ctx.document.id}:{fact_id}") if fact_id else None
            if fact is not None:
                triples.append((node, KG.relatedStatement, statement_iri(ctx, a, fact)))
        for s, p, o in triples:
            out[(s, p, o, g)] = None
    return list(out)


# --------------------------------------------------------------------------- documents -> quads


def extraction_triples(
    extraction: Extraction, *, base: str = iri.DEFAULT_BASE, sequence: int = 0
) -> Iterator[Triple]:
    """Every triple of one document's graph, in record order (may repeat a triple)."""
    ctx = BuildContext.create(extraction.document, base=base, sequence=sequence)
    yield from document_triples(ctx)
    for entity in extraction.entities:
        yield from entity_triples(entity, ctx)
    for role in extraction.roles:
        yield from role_triples(role, ctx)
    yield from tally_triples(extraction, ctx)
    claims = {a.id: a for a in extraction.attributions}
    ranks = claim_ranks(extraction, ctx)
    for attribution in extraction.attributions:
        yield from attribution_triples(attribution, ctx, ranks)
    for fact in extraction.facts:
        attribution = claims.get(fact.claim)
        if attribution is not None:
            yield from fact_triples(fact, attribution, ctx)


def tally_triples(extraction: Extraction, ctx: BuildContext) -> Iterator[Triple]:
    """How many times the document mentions each entity, in its own graph: the share of the
    kg:mentionCount totals that leaves with the document when a changed version replaces it."""
    counts = Counter(ctx.entity(m.entity) for m in extraction.mentions)
    for entity, n in sorted(counts.items()):
        tally = ctx.local("tally", ctx.document.id, str(entity))
        yield tally, RDF.type, KG.MentionTally
        yield tally, KG.tallyOf, entity
        yield tally, KG.tallyCount, _count(n)


@functools.lru_cache(maxsize=1 << 10)
def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def shared_subjects(extraction: Extraction, *, base: str = iri.DEFAULT_BASE) -> frozenset[URIRef]:
    """Nodes whose description belongs to the corpus, not to one document: the entities, the
    publisher and the roles (a role's IRI hashes person, title and organization)."""
    ctx = BuildContext.create(extraction.document, base=base)
    nodes = {ctx.entity(e.id) for e in extraction.entities}
    nodes.update(ctx.entity(key) for _, key, _ in meta_entities(extraction.document.meta))
    for role in extraction.roles:
        nodes.add(role_iri(role, ctx))
    return frozenset(nodes)


def extraction_quads(
    extraction: Extraction, *, base: str = iri.DEFAULT_BASE, sequence: int = 0
) -> list[Quad]:
    """One document's triples as quads, deduplicated: descriptions of shared nodes (see
    :func:`shared_subjects`; not their per-document evidence) in the entities graph, the rest
    in the document's own graph (named by the document IRI). ``sequence`` is the document's
    place in the order documents were added (kg:documentOrder)."""
    base = iri.check_base(base)
    doc_graph, shared_graph = document_iri(base, extraction.document.id), entities_graph_iri(base)
    shared = shared_subjects(extraction, base=base)
    return [
        (s, p, o, shared_graph if s in shared and p != KG.evidence else doc_graph)
        for s, p, o in dict.fromkeys(extraction_triples(extraction, base=base, sequence=sequence))
    ]


def entity_description_quads(entities: Iterable[Entity], *, base: str = iri.DEFAULT_BASE) -> list[Quad]:
    """What the entities graph says of each entity itself: class, names, name keys, home,
    identifiers. This part of :func:`extraction_quads`' entities graph is the same in every
    document naming the (resolved) entity, so a corpus-wide step can write it once."""
    base = iri.check_base(base)
    graph = entities_graph_iri(base)
    ctx = BuildContext.create(Document(id="description", name="", text=""), base=base)
    out: dict[Quad, None] = {}
    for entity in entities:
        for s, p, o in entity_triples(entity, ctx):
            if s != ctx.doc:  # "the document mentions it" belongs to a document
                out[(s, p, o, graph)] = None
    return list(out)


def _unique_documents(extractions: Iterable[Extraction]) -> list[Extraction]:
    seen: dict[str, Extraction] = {}
    for extraction in extractions:
        seen.setdefault(extraction.document.id, extraction)
    return list(seen.values())


def mention_counts(extractions: Iterable[Extraction], *, base: str = iri.DEFAULT_BASE) -> dict[URIRef, int]:
    """Mentions per described entity over the given documents (each document counted once).

    Every entity an extraction describes (its entities, publisher, agency and dateline
    place) gets a count,
    zero if no Mention record points to it."""
    base = iri.check_base(base)
    counts: Counter[URIRef] = Counter()
    described: set[URIRef] = set()
    for extraction in _unique_documents(extractions):
        described.update(entity_iri(base, e.id) for e in extraction.entities)
        described.update(entity_iri(base, key) for _, key, _ in meta_entities(extraction.document.meta))
        counts.update(entity_iri(base, m.entity) for m in extraction.mentions)
    return {e: counts[e] for e in sorted(described)}


def entity_summary_quads(extractions: Iterable[Extraction], base: str = iri.DEFAULT_BASE) -> list[Quad]:
    """Entity-level aggregates in the summary graph: one kg:mentionCount per entity,
    the total of its Mention records over all the given documents."""
    g = summary_graph_iri(base)
    return [
        (e, KG.mentionCount, Literal(n, datatype=XSD.integer), g)
        for e, n in mention_counts(extractions, base=base).items()
    ]


def build_dataset(
    extractions: Iterable[Extraction],
    *,
    relations: Iterable[Relation] = (),
    base: str = iri.DEFAULT_BASE,
    dataset: Dataset | None = None,
    extra: Mapping[str, Sequence[Quad]] | None = None,
    on_error: Callable[[Extraction, Exception], None] | None = None,
    sequence: Iterator[int] | None = None,
) -> Dataset:
    """Add the extractions to ``dataset`` (a new in-memory one by default) and return it.

    ``extra`` maps a document id to quads written in the same write as that document
    (its source path in a persistent store), so a crash never leaves one without the other.

    The new documents' quads and their mention totals go in with one write (one Oxigraph
    transaction). Documents whose graph is already in the dataset (same content hash) are skipped, so building is incremental and
    idempotent; mention counts of the new documents are added to the stored totals.
    ``relations`` (from :func:`graph.relate.find_relations`) go in the relations graph; their
    claims must be among ``extractions``. With ``on_error``, a document whose records cannot
    be turned into quads is handed to it and left out, rather than failing the whole call.
    New documents are numbered (kg:documentOrder) by name from ``sequence``, by default from
    one past the highest number in the dataset.
    """
    base = iri.check_base(base)
    if dataset is None:
        dataset = Dataset()
    from graph.store import existing_documents, load_quads

    extractions = list(extractions)
    unique = _unique_documents(extractions)
    present = existing_documents(dataset, [document_iri(base, e.document.id) for e in unique])
    new = [e for e in unique if document_iri(base, e.document.id) not in present]
    # The new documents and their entities' new mention totals go in with one write: one
    # Oxigraph transaction, so a killed build never keeps documents without their counts.
    # Totals only grow, so after a kill between that write and the removal of the old totals
    # the largest value is the right one, and it is the one read back here.
    summary = summary_graph_iri(base)
    quads: list[Quad] = []
    built: list[Extraction] = []
    if sequence is None:
        sequence = itertools.count(next_document_order(dataset) if new else 0)
    # Numbered by name within one call, so the graph does not depend on the input order.
    for extraction in sorted(new, key=lambda e: (e.document.name, e.document.id)):
        try:
            quads += extraction_quads(extraction, base=base, sequence=next(sequence))
        except Exception as exc:
            if on_error is None:
                raise
            on_error(extraction, exc)
            continue
        built.append(extraction)
        quads += (extra or {}).get(extraction.document.id, ())
    stale: list[Quad] = []
    for e, n in mention_counts(built, base=base).items():
        old = [
            o for _, _, o, _ in dataset.quads((e, KG.mentionCount, None, summary)) if isinstance(o, Literal)
        ]
        total = Literal(n + max((int(value.toPython()) for value in old), default=0), datatype=XSD.integer)
        quads.append((e, KG.mentionCount, total, summary))
        stale += [(e, KG.mentionCount, value, summary) for value in old if value != total]
    if quads:
        load_quads(dataset, quads)
    for quad in stale:
        dataset.remove(quad)
    relation_list = list(relations)
    if relation_list:
        dataset.addN(relation_quads(relation_list, extractions, base=base))
    return dataset


def settle_mention_totals(dataset: Dataset, base: str = iri.DEFAULT_BASE) -> None:
    """Keep only the largest kg:mentionCount of each entity.

    A build killed between writing new totals and removing the old ones leaves two values
    (totals only grow, so the larger is right). :func:`build_dataset` settles the entities
    it writes; this settles the others, so a resumed build with nothing new to add still
    leaves the graph an uninterrupted build would have. One update in the store's engine:
    it reads only entities with two totals, where reading every total through rdflib cost
    some 160 ms per build at 840 articles."""
    summary, count = f"<{summary_graph_iri(base)}>", f"<{KG.mentionCount}>"
    dataset.update(
        f"DELETE {{ GRAPH {summary} {{ ?e {count} ?n }} }} "
        f"WHERE {{ GRAPH {summary} {{ ?e {count} ?n , ?larger FILTER(?larger > ?n) }} }}"
    )


def forget_documents_update(documents: Iterable[Any], base: str = iri.DEFAULT_BASE) -> str:
    """A SPARQL Update taking out of the shared graphs what these documents put there, to run
    with the drop of their graphs (old versions of changed documents): their mention tallies
    off the entities' totals, and every relation link to one of their claims (a changed
    document's claims get new IRIs, and the old links would point at claims no graph holds)."""
    g, summary = f"<{relations_graph_iri(base)}>", f"<{summary_graph_iri(base)}>"
    claim, relates, count = f"<{KG.Claim}>", f"<{KG.relates}>", f"<{KG.mentionCount}>"
    tally_of, tally_count = f"<{KG.tallyOf}>", f"<{KG.tallyCount}>"
    operations = []
    for doc in sorted({str(d) for d in documents}):
        mine = f"GRAPH <{doc}> {{ ?c a {claim} }}"
        operations += [
            f"DELETE {{ GRAPH {summary} {{ ?e {count} ?total }} }} "
            f"INSERT {{ GRAPH {summary} {{ ?e {count} ?left }} }} "
            f"WHERE {{ GRAPH <{doc}> {{ ?t {tally_of} ?e ; {tally_count} ?n }} "
            f"GRAPH {summary} {{ ?e {count} ?total }} BIND(IF(?total > ?n, ?total - ?n, 0) AS ?left) }}",
            f"DELETE {{ GRAPH {g} {{ ?n ?p ?o }} }} WHERE {{ {mine} GRAPH {g} {{ ?n {relates} ?c . ?n ?p ?o }} }}",
            f"DELETE {{ GRAPH {g} {{ ?c ?k ?x . ?x ?k ?c }} }} WHERE {{ {mine} GRAPH {g} {{ ?c ?k ?x }} }}",
        ]
    return " ;\n".join(operations)


def next_document_order(dataset: Dataset) -> int:
    """One past the highest kg:documentOrder in the dataset: the number of the next document."""
    from graph.store import max_integer

    found = max_integer(dataset, KG.documentOrder)
    return 0 if found is None else found + 1
