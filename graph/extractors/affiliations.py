"""Affiliations from discourse: who a speaker speaks for, when the text says so indirectly.

"The agency's spokeswoman, Clara Weiss": the organization a role names by a description
("the agency", "the club") is the one coreference resolved it to.

"'…,' Maj. Gen. Pat Ryder said. However, the Pentagon's position appears to …": an
organization's position, statement or view, right after a person's attribution, is
that person's statement — so the person speaks for the organization. The person's
roles without an organization get it; a person with no role gets "spokesperson".
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from graph.extractors._registry import register
from graph.records import Extraction, Role, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

STANCE_NOUNS = frozenset(
    "position statement statements view views stance assessment comments remarks account line response".split()
)
# How far back (characters) the speaker's attribution may end before the organization's stance.
WINDOW = 400


@register("affiliations", requires=("attributions", "roles"), produces=("affiliations",))
def make_affiliations():  # type: ignore[no-untyped-def]
    """Build the affiliation extractor."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        roles = find_affiliations(doc, so_far)
        return dataclasses.replace(so_far, roles=roles) if roles != so_far.roles else so_far

    return extract


def _described_organizations(ex: Extraction, types: dict[str, str]) -> list[Role]:
    """Roles whose organization the text gave by a description that coreference has since
    resolved: "the agency's spokeswoman, Clara Weiss" -> the agency named earlier."""
    nominal = [
        m for m in ex.mentions if m.kind in ("nominal", "pronoun") and types.get(m.entity) == "organization"
    ]
    out = []
    for role in ex.roles:
        if role.organization is None:
            inside = [m for m in nominal if role.span.start <= m.span.start and m.span.end <= role.span.end]
            if inside:
                role = dataclasses.replace(
                    role,
                    organization=inside[0].entity,
                    id=f"{role.person}|{role.title.lower()}|{inside[0].entity}",
                )
        out.append(role)
    return out


def find_affiliations(doc: Doc, ex: Extraction) -> tuple[Role, ...]:
    types = {e.id: e.type for e in ex.entities}
    ex = dataclasses.replace(ex, roles=tuple(_described_organizations(ex, types)))
    orgs_at = {
        (m.span.start, m.span.end): m.entity for m in ex.mentions if types.get(m.entity) == "organization"
    }
    said = sorted(
        (a for a in ex.attributions if a.speaker and types.get(a.speaker) == "person" and not a.narrated),
        key=lambda a: max(s.end for s in a.content),
    )
    roles = list(ex.roles)
    for token in doc:
        if token.lower_ not in STANCE_NOUNS or token.pos_ != "NOUN":
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            continue
        span = doc[owner.left_edge.i : owner.i + 1]
        org = _org_at(orgs_at, span.start_char, span.end_char)
        if org is None:
            continue
        before = [a for a in said if max(s.end for s in a.content) <= token.idx]
        if not before or token.idx - max(s.end for s in before[-1].content) > WINDOW:
            continue
        person = before[-1].speaker
        assert person is not None
        if any(r.person == person and r.organization for r in roles):
            continue
        own = [r for r in roles if r.person == person]
        if own:
            roles = [dataclasses.replace(r, organization=org) if r.person == person else r for r in roles]
        else:
            roles.append(
                Role(
                    id=f"{person}|spokesperson|{org}",
                    person=person,
                    title="spokesperson",
                    organization=org,
                    span=Span(start=span.start_char, end=token.idx + len(token.text)),
                )
            )
    return tuple(roles)


def _org_at(orgs_at: dict[tuple[int, int], str], start: int, end: int) -> str | None:
    for (s, e), entity in orgs_at.items():
        if s >= start and e <= end:
            return entity
    return None
