"""What spans documents in a streaming build: entity resolution and claim relations.

Documents are written chunk by chunk, so cross-document work is done incrementally:
each chunk's entities are resolved against those already written (an entity keeps the
IRI and label it was first written with), and the claims and facts needed to relate
documents are kept — slimmed, without mentions or roles — until the end, when
``relation_quads`` links them. Stdlib and records only; the builder makes the RDF.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence

from graph.records import Entity, Extraction, Mention, Relation, Span
from graph.relate import find_relations
from graph.resolve import resolution_keys, resolve_entities


class Corpus:
    """Cross-document state of one build."""

    def __init__(self) -> None:
        self.known: dict[str, Entity] = {}
        self._kept: list[Extraction] = []
        self._by_key: dict[tuple[str, str], set[str]] = defaultdict(set)  # resolution key -> known ids

    def resolve(self, chunk: Sequence[Extraction]) -> list[Extraction]:
        """The chunk with its entity ids merged with each other and with earlier chunks'."""
        if not chunk:
            return []
        registry = self._registry(self._candidates(chunk))
        resolved = resolve_entities([registry, *chunk])
        # Where a chunk entity merged with one already written, keep the written id and name.
        written: dict[str, str] = {}
        for before, after in zip(registry.mentions, resolved[0].mentions, strict=True):
            written.setdefault(after.entity, before.entity)
        out = []
        for ex in resolved[1:]:  # one at a time: a later document takes an earlier one's name
            ex = _rename(ex, written, self.known)
            for entity in ex.entities:
                old = self.known.get(entity.id)
                self.known[entity.id] = entity if old is None else _union(old, entity)
                for key in resolution_keys(self.known[entity.id]):
                    self._by_key[key].add(entity.id)
            self._kept.append(dataclasses.replace(ex, mentions=(), roles=()))
            out.append(ex)
        return out

    def forget(self, document_ids: Iterable[str]) -> None:
        """Leave out of the relations documents that could not be written."""
        drop = set(document_ids)
        if drop:
            self._kept = [e for e in self._kept if e.document.id not in drop]

    def relations(self) -> list[Relation]:
        return find_relations(self._kept)

    def kept(self) -> list[Extraction]:
        return list(self._kept)

    def _candidates(self, chunk: Sequence[Extraction]) -> list[str]:
        """The known entities the chunk's can merge with: those sharing a resolution key or an
        id with one of them. The others were resolved against each other already and stay as
        they are, so the work per chunk does not grow with the corpus."""
        found: set[str] = set()
        for ex in chunk:
            for entity in ex.entities:
                if entity.id in self.known:
                    found.add(entity.id)
                    keys = resolution_keys(entity) | resolution_keys(self.known[entity.id])
                else:
                    keys = resolution_keys(entity)
                for key in keys:
                    found.update(self._by_key.get(key, ()))
        return sorted(found)

    def _registry(self, ids: Sequence[str]) -> Extraction:
        from graph.records import Document

        entities = tuple(self.known[k] for k in ids)
        mentions = tuple(
            Mention(id=f"known{i}", entity=e.id, span=Span(start=0, end=0), text="")
            for i, e in enumerate(entities)
        )
        return Extraction(document=Document(id="", name="", text=""), entities=entities, mentions=mentions)


def _union(old: Entity, new: Entity) -> Entity:
    aliases = tuple(sorted({*old.aliases, *new.aliases, new.name} - {old.name}))
    return dataclasses.replace(old, aliases=aliases, codes=tuple(sorted({*old.codes, *new.codes})))


def _rename(ex: Extraction, written: dict[str, str], known: dict[str, Entity]) -> Extraction:
    renamed = any(k != v for k, v in written.items())
    # The same id spelled otherwise ("Treasury" / "treasury") keeps the name first written:
    # an entity has one label however many documents name it.
    respelled = any(e.id in known and e.name != known[e.id].name for e in ex.entities)
    if not renamed and not respelled:
        return ex

    def m(key: str | None) -> str | None:
        return written.get(key, key) if key is not None else None

    entities: dict[str, Entity] = {}
    for e in ex.entities:
        target = m(e.id)
        assert target is not None
        if target in known and (target != e.id or e.name != known[target].name):
            e = dataclasses.replace(
                e,
                id=target,
                name=known[target].name,
                aliases=tuple(sorted({*e.aliases, e.name} - {known[target].name})),
            )
        entities.setdefault(target, dataclasses.replace(e, refers_to=m(e.refers_to)))
    return dataclasses.replace(
        ex,
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        mentions=tuple(dataclasses.replace(x, entity=m(x.entity) or x.entity) for x in ex.mentions),
        roles=tuple(
            dataclasses.replace(r, person=m(r.person) or r.person, organization=m(r.organization))
            for r in ex.roles
        ),
        attributions=tuple(
            dataclasses.replace(
                a,
                speaker=m(a.speaker),
                addressee=m(a.addressee),
                about=tuple(dict.fromkeys(m(k) or k for k in a.about)),
            )
            for a in ex.attributions
        ),
        facts=tuple(
            dataclasses.replace(f, subject=m(f.subject), object=m(f.object), location=m(f.location))
            for f in ex.facts
        ),
    )
