"""Cross-document entity resolution: the same person, organization or place is one id.

Each document's extractors name entities on their own ("person/volodymyr-zelensky" in
one article, "person/volodymyr-zelenskiy" in the next, "person/tony-blinken" and
"person/antony-blinken"). Before building, the extractions are resolved together:

* people merge when their surnames match after transliteration folding (Zelensky /
  Zelenskyy / Zelenskiy) and their given names are compatible (equal, a known short form
  such as Tony / Antony, an initial, or missing on one side); two people sharing a surname
  with incompatible given names never merge, and a bare surname shared by several
  different people stays apart;
* organizations, places, groups and others merge by type when a name of one is a name or
  alias of the other.

Every record that points at an entity (mentions, roles, attributions, facts, groups'
homes) is rewritten, and each merged entity gets the same canonical name and the union of
the aliases in every document, so the builder emits identical triples for it everywhere.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

from graph import iri
from graph.extractors._names import family_name, starts_with_particle
from graph.extractors._names import words as name_words
from graph.records import Entity, Extraction

# Short forms of given names (both directions are checked).
NICKNAMES: dict[str, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        "antony": "tony", "anthony": "tony", "william": "bill billy will", "robert": "bob bobby rob",
        "richard": "dick rick", "michael": "mike", "joseph": "joe", "james": "jim jimmy", "john": "jack johnny",
        "charles": "charlie chuck", "thomas": "tom tommy", "edward": "ed ted eddie", "elizabeth": "liz beth betty",
        "katherine": "kate kathy", "catherine": "kate cathy", "margaret": "maggie meg peggy", "daniel": "dan danny",
        "christopher": "chris", "nicholas": "nick", "benjamin": "ben bibi", "alexander": "alex sasha",
        "vladimir": "vlad", "volodymyr": "vladimir", "donald": "don", "ronald": "ron", "hillary": "hilary",
        "patrick": "pat", "patricia": "pat", "matthew": "matt", "steven": "steve", "stephen": "steve",
        "gerald": "jerry", "theodore": "ted teddy", "lawrence": "larry", "samuel": "sam", "jeffrey": "jeff",
        "gregory": "greg", "kenneth": "ken", "ronald reagan": "ron", "susan": "sue", "deborah": "debbie deb",
    }.items()
}  # fmt: skip
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "maj",
        "col",
        "lt",
        "president",
        "secretary",
        "minister",
    ]
)


def fold(text: str) -> str:
    """Lower-case ASCII with transliteration variants folded: zelenskyy / zelenskiy -> zelensky."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = "".join(ch if ch.isalnum() or ch == " " else " " for ch in text)
    words = []
    for word in text.split():
        for old, new in (("yy", "y"), ("iy", "y"), ("ii", "y"), ("ij", "y")):
            if word.endswith(old):
                word = word[: -len(old)] + new
        word = word.replace("ph", "f")
        words.append(word)
    return " ".join(words)


def _name_parts(name: str) -> tuple[list[str], str]:
    """Folded given names and family name: "Anna de Vries" -> (["anna"], "de vries")."""
    kept = [w for w in name_words(name) if fold(w) and fold(w) not in _TITLES]
    if not kept:
        return [], ""
    if starts_with_particle(" ".join(kept)):
        return [], fold(" ".join(kept))  # "De Vries": a family name alone
    family = family_name(" ".join(kept)).split()
    given = kept[: len(kept) - len(family)]
    return [fold(g) for g in given], fold(" ".join(family))


# Legal forms that name no different company: "Acme Corp" is "Acme".
_LEGAL_FORMS = frozenset(
    "corp corporation inc incorporated ltd limited llc llp plc co company sa ag nv gmbh se".split()
)


def _org_forms(name: str) -> set[str]:
    folded = fold(name)
    words = folded.split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words = words[:-1]
    return {folded, " ".join(words)}


def given_compatible(a: list[str], b: list[str]) -> bool:
    """Given names that can be one person: equal, a short form, an initial, or one missing."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return y in NICKNAMES.get(x, ()) or x in NICKNAMES.get(y, ())


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_entities(extractions: Sequence[Extraction]) -> list[Extraction]:
    """The extractions with entity ids made consistent across documents."""
    records: dict[str, list[Entity]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for ex in extractions:
        for e in ex.entities:
            records[e.id].append(e)
        counts.update(m.entity for m in ex.mentions)
    uf = _UnionFind()
    for key in records:
        uf.find(key)
    _merge_people(records, uf)
    _merge_by_names(records, uf)
    clusters: dict[str, list[str]] = defaultdict(list)
    for key in records:
        clusters[uf.find(key)].append(key)
    mapping: dict[str, str] = {}
    merged: dict[str, Entity] = {}
    for members in clusters.values():
        entity = _canonical([e for k in members for e in records[k]], counts)
        for k in members:
            mapping[k] = entity.id
        merged[entity.id] = entity
    return [_rewrite(ex, mapping, merged) for ex in extractions]


def resolution_keys(entity: Entity) -> set[tuple[str, str]]:
    """Keys under which ``entity`` can merge with another: a person's surname (from any of its
    names), else its type and each folded name. Entities sharing no key never merge, so an
    incremental build need only resolve a new chunk against known entities sharing one."""
    names = {entity.name, *entity.aliases}
    if entity.type == "person":
        return {("person", surname) for name in names if (surname := _name_parts(name)[1])}
    if entity.type == "organization":
        return {(entity.type, form) for name in names for form in _org_forms(name) if form}
    return {(entity.type, folded) for name in names if (folded := fold(name))}


def _merge_people(records: dict[str, list[Entity]], uf: _UnionFind) -> None:
    by_surname: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for key, es in records.items():
        if es[0].type != "person":
            continue
        names = {es[0].name, *(a for e in es for a in e.aliases)}
        full = max(names, key=lambda n: (len(_name_parts(n)[0]), len(n)))
        given, surname = _name_parts(full)
        if surname:
            by_surname[surname].append((key, given))
    for people in by_surname.values():
        full = [(k, g) for k, g in people if g]
        bare = [k for k, g in people if not g]
        for i, (k1, g1) in enumerate(full):
            for k2, g2 in full[i + 1 :]:
                if given_compatible(g1, g2):
                    uf.union(k1, k2)
        # A bare surname joins the full names only when they are all one person.
        roots = {uf.find(k) for k, _ in full}
        if len(roots) == 1:
            for k in bare:
                uf.union(k, full[0][0])
        elif not full:
            for k in bare[1:]:
                uf.union(k, bare[0])


def _merge_by_names(records: dict[str, list[Entity]], uf: _UnionFind) -> None:
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, es in records.items():
        kind = es[0].type
        if kind == "person":
            continue
        names = {es[0].name, *(a for e in es for a in e.aliases)}
        for name in names:
            for folded in _org_forms(name) if kind == "organization" else {fold(name)}:
                if folded:
                    by_name[(kind, folded)].append(key)
    for keys in by_name.values():
        for other in keys[1:]:
            uf.union(keys[0], other)


def _canonical(entities: list[Entity], counts: Counter[str]) -> Entity:
    """One record for a merged entity: the most complete name, every alias, the first home."""
    names: Counter[str] = Counter()
    for e in entities:
        names[e.name] += 1 + counts[e.id]

    def score(name: str) -> tuple[int, int, int, bool, int, str]:
        # Most given names, most used, the full form of a given name (Antony over Tony), a
        # spelled-out name over an acronym, then the shortest spelling (Zelensky over Zelenskiy).
        given, _ = _name_parts(name)
        person = entities[0].type == "person"
        return (len(given) if person else 0, names[name], len(given[0]) if person and given else 0,
                not name.isupper(), -len(name), name)  # fmt: skip

    name = max(names, key=score)
    aliases = sorted({n for e in entities for n in (e.name, *e.aliases)} - {name})
    kind = entities[0].type
    first = sorted(entities, key=lambda e: e.id)[0]
    return Entity(
        id=iri.entity_key(kind, name),
        type=kind,
        name=name,
        aliases=tuple(aliases),
        refers_to=next((e.refers_to for e in entities if e.refers_to), None),
        codes=tuple(sorted({c for e in entities for c in e.codes})),
        kind=first.kind or next((e.kind for e in entities if e.kind), None),
    )


def _rewrite(ex: Extraction, mapping: dict[str, str], merged: dict[str, Entity]) -> Extraction:
    def m(key: str | None) -> str | None:
        return mapping.get(key, key) if key is not None else None

    entities: dict[str, Entity] = {}
    for e in ex.entities:
        target = merged[mapping[e.id]]
        entities.setdefault(target.id, dataclasses.replace(target, refers_to=m(target.refers_to)))
    return dataclasses.replace(
        ex,
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        mentions=tuple(dataclasses.replace(x, entity=m(x.entity)) for x in ex.mentions),
        roles=tuple(
            dataclasses.replace(r, person=m(r.person), organization=m(r.organization)) for r in ex.roles
        ),
        attributions=tuple(
            dataclasses.replace(
                a,
                speaker=m(a.speaker),
                addressee=m(a.addressee),
                about=tuple(dict.fromkeys(m(k) for k in a.about)),
            )
            for a in ex.attributions
        ),
        facts=tuple(
            dataclasses.replace(f, subject=m(f.subject), object=m(f.object), location=m(f.location))
            for f in ex.facts
        ),
    )
