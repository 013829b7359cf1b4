"""Entities: typed, merged within the document, linked to the gazetteer where it can.

Persons are merged surname -> full name ("Miller" -> "Matthew Miller"); places and
demonyms go to the gazetteer's canonical place ("DPRK", "North Korean" -> North Korea);
a demonym or country modifying a collective noun makes a group ("North Korean
soldiers" -> the group North Korean troops, affiliated with North Korea).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from graph.extractors._lexicon import (
    GROUP_NOUNS,
    HONORIFICS,
    MILITARY_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_NOUNS,
    doc_text,
)
from graph.extractors._names import family_name, one_letter_apart, short_forms, starts_with_particle
from graph.extractors._registry import register
from graph.extractors._types import org_short_forms
from graph.iri import entity_key, identity_key
from graph.records import Entity, EntityType, Extraction, Mention, MentionKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

_LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "event",
    "WORK_OF_ART": "work",
}
_SPACE = re.compile(r"\s+")
_BAD_NAME = re.compile(r"[/@#<>{}|\\^`]|^\W+$|https?:")


@dataclasses.dataclass(slots=True)
class _Cluster:
    type: EntityType
    name: str
    forms: dict[str, int] = dataclasses.field(default_factory=dict)
    mentions: list[tuple[Span, str, MentionKind]] = dataclasses.field(default_factory=list)
    refers_to: str | None = None
    codes: tuple[str, ...] = ()
    kind: str | None = None


@register("entities", produces=("entities", "mentions"))
def make_entities():  # type: ignore[no-untyped-def]
    """Build the entity extractor."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        entities, mentions = find_entities(doc, so_far.document.text)
        return dataclasses.replace(so_far, entities=entities, mentions=mentions)

    return extract


def clean_name(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    text = re.sub(r"[’']s$", "", text).strip()
    return re.sub(r"^(?:[Tt]he)\s+", "", text)


# Letters after a name that are honours or offices, not the name: "Richard Hale KC".
_POST_NOMINALS = frozenset("kc qc mp mep msp ms mla obe mbe cbe kbe dbe phd md frs jp".split())


def strip_titles(span: SpacySpan) -> SpacySpan:
    """'President Obama' -> 'Obama', 'Cllr Anwen Price' -> 'Anwen Price', 'Richard Hale KC'
    -> 'Richard Hale': titles and honours belong to roles, not names."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end - 1 and (
        doc[start].lower_ in TITLE_ABBREVIATIONS
        or doc[start].lower_ in TITLE_NOUNS
        or doc[start].lower_ in HONORIFICS
        or doc[start].lower_ in ("mr.", "mrs.", "ms.", "mr", "mrs", "ms")
    ):
        start += 1
    while (
        end - start > 2 and doc[end - 1].text.isupper() and doc[end - 1].lower_.strip(".") in _POST_NOMINALS
    ):
        end -= 1
    return doc[start:end]


def find_entities(doc: Doc, text: str) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    from graph import gazetteer

    places = gazetteer.by_key()
    clusters: dict[str, _Cluster] = {}

    def add(
        key: str, etype: EntityType, name: str, span: Span, form: str, kind: MentionKind, **extra: object
    ) -> None:
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = _Cluster(type=etype, name=name)
            for field_name, value in extra.items():
                setattr(cluster, "kind" if field_name == "place_kind" else field_name, value)
        cluster.forms[form] = cluster.forms.get(form, 0) + 1
        cluster.mentions.append((span, form, kind))

    ents = sorted(doc.ents, key=lambda e: e.start)
    # Pass 1: full person names and organization names first, so that short forms
    # anywhere in the text can join them.
    full_names: list[tuple[int, str]] = []
    org_names: list[tuple[int, str, frozenset[str]]] = []
    for ent in ents:
        if ent.label_ == "PERSON":
            name_span = strip_titles(ent)
            name = clean_name(name_span.text)
            if len(name.split()) >= 2 and not _BAD_NAME.search(name) and not starts_with_particle(name):
                full_names.append((ent.start_char, name))
        elif ent.label_ == "ORG":
            name = clean_name(_after_possessive_span(ent).text)
            forms = frozenset(org_short_forms(ent))
            if forms and name and not _BAD_NAME.search(name):
                org_names.append((ent.start_char, name, forms))

    def person_for(short: str, at: int) -> str | None:
        return _closest(full_names, at, lambda name: _short_rank(name, short))

    def org_for(short: str, at: int) -> str | None:
        low = short.lower()
        return _closest(
            [(start, name) for start, name, forms in org_names if low in forms and low != name.lower()],
            at,
            lambda name: 0,
        )

    for ent in ents:
        label = ent.label_
        span = Span(start=ent.start_char, end=ent.end_char)
        if label == "NORP":
            _add_norp(doc, ent, add, places)
            continue
        etype = _LABEL_TYPES.get(label)
        if etype is None:
            continue
        if label == "ORG":
            ent = _after_possessive(ent, add, places)
            span = Span(start=ent.start_char, end=ent.end_char)
            if _inside_title(ent):
                continue
        if label == "PERSON":
            ent = strip_titles(ent)
            span = Span(start=ent.start_char, end=ent.end_char)
        name = clean_name(ent.text)
        if not name or _BAD_NAME.search(name) or not any(ch.isalpha() for ch in name):
            continue
        if (label in ("PERSON", "ORG") or not ent.kb_id_) and (
            len(name.split()) == 1 or starts_with_particle(name)
        ):
            full = person_for(name, ent.start_char)
            if full is not None:
                add(entity_key("person", full), "person", full, span, name, "surname")
                continue
        if label == "ORG":
            full = org_for(name, ent.start_char)
            if full is not None:
                kind: MentionKind = "acronym" if name.isupper() else "name"
                add(entity_key("organization", full), "organization", full, span, name, kind)
                continue
        if etype == "place":
            place = places.get(ent.kb_id_) if ent.kb_id_ else None
            if place is not None:
                _add_group_or_place(doc, ent, add, place, span, name)
                continue
        mention_kind: MentionKind = "acronym" if name.isupper() and len(name) <= 6 else "name"
        add(entity_key(etype, name), etype, name, span, name, mention_kind)

    _untagged_surnames(doc, full_names, clusters, add)
    return _finish(clusters, text)


def _short_rank(full: str, short: str) -> int | None:
    """How well a one-word (or particle) name points at a full name: 0 its family name,
    1 its last word, 2 its first word (family name first, or a given name), 3 a spelling
    one letter off its family name; None when it does not."""
    low = short.lower()
    forms = short_forms(full)
    if low in forms:
        return forms.index(low)
    if one_letter_apart(family_name(full), short):
        return 3
    return None


def _closest(names: list[tuple[int, str]], at: int, rank) -> str | None:  # type: ignore[no-untyped-def]
    """The best-ranked name; among equals the last one before ``at``, else the first after."""
    scored = [(r, start, name) for start, name in names if (r := rank(name)) is not None]
    if not scored:
        return None
    best = min(r for r, _, _ in scored)
    scored = [(start, name) for r, start, name in scored if r == best]
    before = [name for start, name in scored if start <= at]
    return before[-1] if before else scored[0][1]


def _untagged_surnames(doc, full_names, clusters, add) -> None:  # type: ignore[no-untyped-def]
    """'Doe said …' where the model tagged nothing: a bare surname of a person named in full."""
    if not full_names:
        return
    forms = {f for _, name in full_names for f in short_forms(name)[:2]}
    written = {w for _, name in full_names for w in name.split()[1:]}
    taken = {i for c in clusters.values() for span, _, _ in c.mentions for i in range(span.start, span.end)}
    for token in doc:
        if token.ent_type_ or token.idx in taken or token.lower_ not in forms:
            continue
        # A proper noun, or a capitalized word spelled as the family name ("Peeters, who
        # was caught behind the crash, said", tagged as a plural noun).
        if token.pos_ != "PROPN" and not (token.text in written and token.text[:1].isupper()):
            continue
        word = token.text
        full = _closest(full_names, token.idx, lambda name, word=word: _short_rank(name, word))
        if full is None:
            continue
        add(
            entity_key("person", full),
            "person",
            full,
            Span(start=token.idx, end=token.idx + len(token.text)),
            token.text,
            "surname",
        )


def _place_entity(place) -> tuple[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    return entity_key("place", place.name), {"codes": (place.key,), "place_kind": place.kind}


def _add_group_or_place(doc, ent, add, place, span: Span, name: str) -> None:  # type: ignore[no-untyped-def]
    key, extra = _place_entity(place)
    group = _group_head(ent)
    kind: MentionKind = "acronym" if name.isupper() else "name"
    add(key, "place", place.name, span, name, kind, **extra)
    if group is not None:
        _add_group(doc, ent, group, add, place, key)


def _add_norp(doc, ent, add, places) -> None:  # type: ignore[no-untyped-def]
    name = clean_name(ent.text)
    place = places.get(ent.kb_id_) if ent.kb_id_ else None
    group = _group_head(ent)
    if place is not None:
        key, extra = _place_entity(place)
        add(key, "place", place.name, Span(start=ent.start_char, end=ent.end_char), name, "demonym", **extra)
        if group is not None:
            _add_group(doc, ent, group, add, place, key)
        return
    if name and name[0].isupper() and not _BAD_NAME.search(name):
        # "Republicans", "Democrats", "Muslims": a group by its own name.
        add(
            entity_key("group", name),
            "group",
            name,
            Span(start=ent.start_char, end=ent.end_char),
            name,
            "name",
        )


def _group_head(ent):  # type: ignore[no-untyped-def]
    """The collective noun an entity modifies, if any ("North Korean [soldiers]")."""
    doc = ent.doc
    head = ent.root.head
    if head.i >= ent.end and head.lower_ in GROUP_NOUNS and ent.root.dep_ in ("amod", "compound", "nmod"):
        return head
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.lower_ in GROUP_NOUNS:
        return nxt
    return None


def _add_group(doc, ent, noun, add, place, place_key: str) -> None:  # type: ignore[no-untyped-def]
    cls = "troops" if noun.lower_ in MILITARY_NOUNS else noun.lower_
    adjective = place.demonym or place.name
    name = f"{adjective} {cls}"
    start = ent.start_char
    end = noun.idx + len(noun.text)
    form = doc_text(doc)[start:end]
    add(
        entity_key("group", name),
        "group",
        name,
        Span(start=start, end=end),
        form,
        "nominal",
        refers_to=place_key,
    )


def _after_possessive_span(ent):  # type: ignore[no-untyped-def]
    for token in ent:
        if token.tag_ == "POS" and token.i + 1 < ent.end and token.text not in ("'", "’"):
            return ent.doc[token.i + 1 : ent.end]
    return ent


def _after_possessive(ent, add, places):  # type: ignore[no-untyped-def]
    """'Japan's Kyodo News' -> the place Japan, then the organization Kyodo News; a plural's
    apostrophe inside a name stays ("British Aviation Workers' Union")."""
    for token in ent:
        if token.tag_ == "POS" and token.i + 1 < ent.end and token.text not in ("'", "’"):
            head = ent.doc[ent.start : token.i]
            place = None
            from graph import gazetteer

            place = gazetteer.load().lookup(head.text)
            if place is not None:
                key, extra = _place_entity(place)
                add(
                    key,
                    "place",
                    place.name,
                    Span(start=head.start_char, end=head.end_char),
                    head.text,
                    "name",
                    **extra,
                )
            return ent.doc[token.i + 1 : ent.end]
    return ent


def _inside_title(ent) -> bool:  # type: ignore[no-untyped-def]
    """'State' in 'Secretary of State' is part of a title, not an organization."""
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in TITLE_NOUNS:
        return len(ent) == 1 and ent.end < len(doc) and doc[ent.end].ent_type_ in ("PERSON", "")
    return False


def _finish(clusters: dict[str, _Cluster], text: str) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    entities: list[Entity] = []
    mentions: list[Mention] = []
    for key, cluster in sorted(clusters.items()):
        if cluster.name.isupper():
            # "HALVARD MOTORS" in a brief's bullets, "Halvard Motors" in its text.
            written = [
                f for f in cluster.forms if not f.isupper() and identity_key(f) == identity_key(cluster.name)
            ]
            if written:
                cluster.name = written[0]
        name_key = identity_key(cluster.name)
        aliases = sorted(
            {form for form in cluster.forms if identity_key(form) != name_key and form.strip()},
        )
        entities.append(
            Entity(
                id=key,
                type=cluster.type,
                name=cluster.name,
                aliases=tuple(aliases),
                refers_to=cluster.refers_to,
                codes=cluster.codes,
                kind=cluster.kind,
            )
        )
        for span, _form, kind in cluster.mentions:
            mentions.append(
                Mention(
                    id=f"m{span.start}-{span.end}",
                    entity=key,
                    span=span,
                    text=text[span.start : span.end],
                    kind=kind,
                )
            )
    mentions.sort(key=lambda m: (m.span.start, m.span.end, m.entity))
    # A span may be claimed twice (a demonym is both a place mention and part of a group
    # mention); keep both, they have different extents or entities.
    return tuple(entities), tuple(_dedupe(mentions))


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in mentions:
        key = (m.span.start, m.span.end, m.entity)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
