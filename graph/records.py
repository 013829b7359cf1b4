"""Plain records passed between the pipeline stages.

Stdlib only: no rdflib, no spaCy. Records refer to each other by ``id`` strings and
carry half-open character spans into ``Document.text``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal["person", "organization", "place", "group", "event", "work", "other"]
MentionKind = Literal["name", "surname", "nominal", "pronoun", "demonym", "acronym"]
Mode = Literal["direct", "indirect", "mixed"]
Polarity = Literal["affirmed", "negated"]
Certainty = Literal["certain", "probable", "possible"]
Tense = Literal["past", "ongoing", "future"]
RelationKind = Literal["contradicts", "supports"]

ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "place", "group", "event", "work", "other")


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A half-open character range [start, end) into Document.text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}:{self.end}")

    def text(self, text: str) -> str:
        return text[self.start : self.end]

    def to_pair(self) -> list[int]:
        return [self.start, self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentMeta:
    """What is known about a document besides its text (sidecar NAME.meta.json)."""

    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    publisher: str | None = None
    url: str | None = None
    source: str | None = None  # the path it was read from, or "-" for stdin
    dateline: str | None = None  # as written, without its dash: "LONDON, Dec 5 (Reuters)"
    place: str | None = None  # where the story was filed, from the dateline: "London"
    agency: str | None = None  # the wire agency the dateline names: "Reuters"


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One decoded input document.

    ``text`` is the file's text exactly (offsets are into it); ``furniture`` marks
    page furniture (bylines, comment prompts) that extractors must not read.
    """

    id: str  # short content hash; stable across runs
    name: str  # file name without extension, the evaluation key
    text: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    furniture: tuple[Span, ...] = ()

    @property
    def body(self) -> str:
        """The text with furniture blanked out, so offsets stay valid. A blank ends in a
        line break, so what follows furniture inside a line ("LONDON (Reuters) - The bank
        said") starts a paragraph of its own."""
        if not self.furniture:
            return self.text
        chars = list(self.text)
        for span in self.furniture:
            for i in range(span.start, span.end):
                if chars[i] not in "\n\r":
                    chars[i] = " "
            if span.end > span.start and span.end < len(chars) and chars[span.end] not in "\n\r":
                chars[span.end - 1] = "\n"
        return "".join(chars)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A thing the document talks about, merged over all its mentions."""

    id: str  # "<type>/<slug>" key; iri.py turns it into an IRI
    type: EntityType
    name: str  # canonical name
    aliases: tuple[str, ...] = ()
    refers_to: str | None = None  # a group's home entity ("North Korean forces" -> North Korea)
    codes: tuple[str, ...] = ()  # offline identifiers, e.g. "iso3166:KP", "geonames:524894"
    kind: str | None = None  # finer class: "country", "city", "region", "news agency", ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One place in the text that refers to an entity."""

    id: str
    entity: str  # Entity.id
    span: Span
    text: str
    kind: MentionKind = "name"


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """A title a person holds, possibly in an organization ("State Department spokesperson")."""

    id: str
    person: str  # Entity.id
    title: str
    organization: str | None = None  # Entity.id
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """Who said (or thought) what: the PolNeAR source / cue / content triple, enriched."""

    id: str
    mode: Mode
    source: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()
    content: tuple[Span, ...] = ()
    speaker: str | None = None  # Entity.id of the resolved source
    speaker_name: str | None = None
    addressee: str | None = None  # Entity.id of whom it was told to ("told the BBC that ...")
    addressee_name: str | None = None  # as written: "reporters", "the BBC"
    cue_lemma: str | None = None
    occasion: str | None = None
    occasion_span: Span | None = None
    date_phrase: str | None = None
    date_span: Span | None = None
    polarity: Polarity = "affirmed"
    certainty: Certainty = "certain"
    about: tuple[str, ...] = ()  # Entity.ids mentioned in the content
    date: str | None = None  # resolved: "YYYY-MM-DD", or an interval "YYYY-MM-DD/YYYY-MM-DD"
    tense: Tense | None = None
    narrated: bool = False  # the article's own voice: the claimant is the publisher / document


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """A subject-predicate-object statement inside a claim's content: reported, never asserted."""

    id: str
    claim: str  # Attribution.id
    subject: str | None = None  # Entity.id
    subject_text: str
    subject_span: Span | None = None
    predicate: str  # normalized: lemma + particle/preposition, e.g. "engage_in"
    predicate_text: str
    relation: str = "other"  # verb class, a property of the ontology: "fight", "deploy", ... or "other"
    object: str | None = None  # Entity.id
    object_text: str | None = None
    object_span: Span | None = None
    object_detail: str | None = None  # what completes the object: "chance to take them" -> "to take"
    location: str | None = None  # Entity.id of a place the statement is set in ("into Kursk")
    quantity: float | None = None  # "about 12,000" -> 12000
    approximate: bool = False
    bound: str | None = None  # "min" ("at least 14"), "max" ("fewer than 100"), "about" ("roughly 200")
    unit: str | None = (
        None  # what the quantity counts: "jobs", "percent", "euros"; "change:percent" for "by 10 percent"
    )
    measure: str | None = (
        None  # the subject's attribute the fact is about: "revenue" of the company, "deaths"
    )
    time: str | None = None  # the period the fact is about: "2025-01-01/2025-12-31", "2024-10-24"
    modality: str | None = None  # the word that makes it a forecast or a hedge: "will", "may", "expect"
    polarity: Polarity = "affirmed"
    certainty: Certainty = "certain"
    tense: Tense | None = None
    background: bool = False  # in a subordinate clause the claim takes for granted ("while she was ...")


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    """A link between two claims, possibly in different documents ("doc_id:attribution_id")."""

    kind: RelationKind
    source: str  # "<doc id>:<Attribution.id>"
    target: str
    reason: str
    subject: str | None = None  # the shared fact's subject Entity.id
    predicate: str | None = None  # the shared verb class (Fact.relation)
    source_fact: str | None = None  # Fact.id in the source claim
    target_fact: str | None = None
    same_speaker: bool = False  # one source on both sides: a changed position, or a repetition


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """Everything the extractors found in one document."""

    document: Document
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    roles: tuple[Role, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    facts: tuple[Fact, ...] = ()

    def entity(self, entity_id: str) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of any record (spans become [start, end] pairs)."""
    return _plain(record)


def _plain(value: Any) -> Any:
    if isinstance(value, Span):
        return [value.start, value.end]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output."""
    hints = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        if name not in hints:
            continue
        kwargs[name] = _revive(cls, name, value)
    return cls(**kwargs)


_NESTED: dict[tuple[str, str], tuple[type, bool]] = {}


def _revive(cls: type, name: str, value: Any) -> Any:
    spec = _NESTED.get((cls.__name__, name))
    if spec is None:
        return tuple(value) if isinstance(value, list) else value
    kind, many = spec
    if value is None:
        return None
    if kind is Span:
        return tuple(Span(start=s, end=e) for s, e in value) if many else Span(start=value[0], end=value[1])
    return tuple(from_dict(kind, v) for v in value) if many else from_dict(kind, value)


_NESTED.update(
    {
        ("Document", "meta"): (DocumentMeta, False),
        ("Document", "furniture"): (Span, True),
        ("Mention", "span"): (Span, False),
        ("Role", "span"): (Span, False),
        ("Attribution", "source"): (Span, True),
        ("Attribution", "cue"): (Span, True),
        ("Attribution", "content"): (Span, True),
        ("Attribution", "occasion_span"): (Span, False),
        ("Attribution", "date_span"): (Span, False),
        ("Extraction", "document"): (Document, False),
        ("Extraction", "entities"): (Entity, True),
        ("Extraction", "mentions"): (Mention, True),
        ("Extraction", "roles"): (Role, True),
        ("Extraction", "attributions"): (Attribution, True),
        ("Extraction", "facts"): (Fact, True),
        ("Fact", "subject_span"): (Span, False),
        ("Fact", "object_span"): (Span, False),
    }
)
