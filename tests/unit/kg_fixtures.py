"""Hand-built Extraction records for the RDF-side tests (no spaCy, no extractors).

Two short documents that share a speaker (Pat Ryder) and a place (North Korea), so
cross-document identity and aggregate counts can be tested.
"""

from __future__ import annotations

from graph import iri
from graph.records import Attribution, Document, DocumentMeta, Entity, Extraction, Mention, Role, Span

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
