"""Hand-built Extraction records for the RDF-side tests (no spaCy, no extractors).

Two short documents that share a speaker (Pat Ryder) and a place (North Korea), so
cross-document identity and aggregate counts can be tested; the same two with facts,
claim dates and tenses, and a relation between them, for the shapes.
"""

from __future__ import annotations

import dataclasses

from graph import iri
from graph.records import (
    Attribution,
    Document,
    DocumentMeta,
    Entity,
    Extraction,
    Fact,
    Mention,
    Relation,
    Role,
    Span,
)

TEXT_1 = (
    "Pentagon spokesperson Maj. Gen. Pat Ryder said during a press briefing on Monday: "
    "“So far, North Korea has not been seen engaging in offensive combat operations,” "
    "adding that “it will very likely happen”. Ryder noted the reports."
)
TEXT_2 = (
    "State Department spokesperson Matthew Miller said North Korean forces had entered Kursk. "
    "Pat Ryder declined to comment on Zelensky’s claims."
)


def span(text: str, fragment: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``fragment`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return Span(start=start, end=start + len(fragment))


def document_1() -> Document:
    return Document(
        id=iri.document_id(TEXT_1),
        name="doc-one",
        text=TEXT_1,
        meta=DocumentMeta(
            title="Pentagon: DPRK not in combat",
            published="2024-11-05",
            publisher="Mehr News Agency",
            url="https://example.com/news/1",
        ),
    )


def document_2() -> Document:
    return Document(id=iri.document_id(TEXT_2), name="doc-two", text=TEXT_2)


RYDER = Entity(id="person/pat-ryder", type="person", name="Pat Ryder", aliases=("Ryder", "Pat Ryder"))
PENTAGON = Entity(id="organization/pentagon", type="organization", name="Pentagon")
NORTH_KOREA = Entity(
    id="place/north-korea",
    type="place",
    name="North Korea",
    aliases=("DPRK",),
    kind="country",
    codes=("geonames:1873107", "iso3166:KP"),
)
NK_FORCES = Entity(
    id="group/north-korean-forces", type="group", name="North Korean forces", refers_to="place/north-korea"
)
MILLER = Entity(id="person/matthew-miller", type="person", name="Matthew Miller")
STATE_DEPT = Entity(id="organization/state-department", type="organization", name="State Department")
KURSK = Entity(id="place/kursk", type="place", name="Kursk", kind="region")


def extraction_1() -> Extraction:
    doc = document_1()
    t = doc.text
    return Extraction(
        document=doc,
        entities=(RYDER, PENTAGON, NORTH_KOREA),
        mentions=(
            Mention(id="m1", entity=PENTAGON.id, span=span(t, "Pentagon"), text="Pentagon"),
            Mention(id="m2", entity=RYDER.id, span=span(t, "Pat Ryder"), text="Pat Ryder", kind="name"),
            Mention(id="m3", entity=NORTH_KOREA.id, span=span(t, "North Korea"), text="North Korea"),
            Mention(id="m4", entity=RYDER.id, span=span(t, "Ryder", 1), text="Ryder", kind="surname"),
        ),
        roles=(
            Role(
                id="r1",
                person=RYDER.id,
                title="spokesperson",
                organization=PENTAGON.id,
                span=span(t, "spokesperson"),
            ),
        ),
        attributions=(
            Attribution(
                id="a1",
                mode="direct",
                source=(span(t, "Pat Ryder"),),
                cue=(span(t, "said"),),
                content=(
                    span(t, "So far, North Korea has not been seen engaging in offensive combat operations,"),
                    span(t, "it will very likely happen"),
                ),
                speaker=RYDER.id,
                speaker_name="Pat Ryder",
                cue_lemma="say",
                occasion="a press briefing",
                occasion_span=span(t, "a press briefing"),
                date_phrase="on Monday",
                date_span=span(t, "on Monday"),
                polarity="negated",
                certainty="probable",
                about=(NORTH_KOREA.id,),
            ),
            Attribution(
                id="a2",
                mode="indirect",
                source=(span(t, "Ryder", 1),),
                cue=(span(t, "noted"),),
                content=(span(t, "the reports"),),
                speaker=RYDER.id,
                cue_lemma="note",
            ),
        ),
    )


def extraction_2() -> Extraction:
    doc = document_2()
    t = doc.text
    return Extraction(
        document=doc,
        entities=(MILLER, STATE_DEPT, NK_FORCES, KURSK, RYDER),
        mentions=(
            Mention(id="m1", entity=STATE_DEPT.id, span=span(t, "State Department"), text="State Department"),
            Mention(id="m2", entity=MILLER.id, span=span(t, "Matthew Miller"), text="Matthew Miller"),
            Mention(
                id="m3", entity=NK_FORCES.id, span=span(t, "North Korean forces"), text="North Korean forces"
            ),
            Mention(id="m4", entity=KURSK.id, span=span(t, "Kursk"), text="Kursk"),
            Mention(id="m5", entity=RYDER.id, span=span(t, "Pat Ryder"), text="Pat Ryder"),
        ),
        roles=(
            Role(
                id="r1",
                person=MILLER.id,
                title="spokesperson",
                organization=STATE_DEPT.id,
                span=span(t, "spokesperson"),
            ),
        ),
        attributions=(
            Attribution(
                id="a1",
                mode="indirect",
                source=(span(t, "Matthew Miller"),),
                cue=(span(t, "said"),),
                content=(span(t, "North Korean forces had entered Kursk"),),
                speaker=MILLER.id,
                addressee=STATE_DEPT.id,
                addressee_name="the State Department",
                cue_lemma="say",
                about=(NK_FORCES.id, KURSK.id),
            ),
            # A claim whose source is not resolved to an entity: no kg:claimant.
            Attribution(
                id="a2",
                mode="indirect",
                cue=(span(t, "claims"),),
                content=(span(t, "Zelensky’s"),),
            ),
        ),
    )


def extractions() -> list[Extraction]:
    return [extraction_1(), extraction_2()]


# A fact in each document's first claim, claim dates and tenses, and a relation between the
# two claims: what the statement, date, tense and relation shapes check (tests/unit/test_shapes.py).
# Kept apart from extraction_1 / extraction_2, whose triples other tests count.


def extraction_1_with_statements() -> Extraction:
    ex = extraction_1()
    t = ex.document.text
    a1, a2 = ex.attributions
    fact = Fact(
        id="a1-f0",
        claim="a1",
        subject=NORTH_KOREA.id,
        subject_text="North Korea",
        subject_span=span(t, "North Korea"),
        predicate="engage_in",
        predicate_text="engaging in",
        relation="fight",
        object_text="offensive combat operations",
        object_span=span(t, "offensive combat operations"),
        polarity="negated",
        certainty="certain",
        tense="past",
        time="2024-11-04",
    )
    dated = dataclasses.replace(a1, date="2024-11-04", tense="past")  # "on Monday", published 2024-11-05
    return dataclasses.replace(ex, attributions=(dated, a2), facts=(fact,))


def extraction_2_with_statements() -> Extraction:
    ex = extraction_2()
    t = ex.document.text
    a1, a2 = ex.attributions
    fact = Fact(
        id="a1-f0",
        claim="a1",
        subject=NK_FORCES.id,
        subject_text="North Korean forces",
        subject_span=span(t, "North Korean forces"),
        predicate="enter",
        predicate_text="had entered",
        relation="other",
        object=KURSK.id,
        object_text="Kursk",
        object_span=span(t, "Kursk"),
        quantity=10000.0,
        approximate=True,
        unit="troops",
        measure="troops",
        modality="would",
        time="2024-10-01/2024-10-31",
        tense="past",
    )
    return dataclasses.replace(ex, attributions=(dataclasses.replace(a1, tense="past"), a2), facts=(fact,))


def extractions_with_statements() -> list[Extraction]:
    return [extraction_1_with_statements(), extraction_2_with_statements()]


def relations() -> list[Relation]:
    """Ryder's "not seen engaging in combat" against Miller's "had entered Kursk" (hand-built)."""
    return [
        Relation(
            kind="contradicts",
            source=f"{document_1().id}:a1",
            target=f"{document_2().id}:a1",
            reason="North Korean forces: not engaging in combat vs having entered Kursk",
            subject=NORTH_KOREA.id,
            source_fact="a1-f0",
            target_fact="a1-f0",
        )
    ]
