"""Personal names: which shorter forms a full name answers to, and how spellings compare.

Shared by the entity extractor (one document) and cross-document resolution. Pure
string functions, no spaCy: "Anna de Vries" answers to "de Vries" and "De Vries";
"Park Ji-won" (family name first) to "Park"; "Maria Jansen" and "Maria Janssen" are one
letter apart.
"""

from __future__ import annotations

from functools import lru_cache

# Lower-case particles that belong to the family name ("de Vries", "van der Berg", "bin Salleh").
PARTICLES: frozenset[str] = frozenset(
    "de da di du del della dei der den van von ter ten la le bin binti ibn bint al el dos das".split()
)
# Generational suffixes that follow the family name.
SUFFIXES: frozenset[str] = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])


def words(name: str) -> list[str]:
    parts = name.split()
    while len(parts) > 1 and parts[-1].lower().rstrip(",") in SUFFIXES:
        parts.pop()
    return parts


@lru_cache(maxsize=4096)
def family_name(name: str) -> str:
    """The family name as written in a Western-order name: "Anna de Vries" -> "de Vries"."""
    parts = words(name)
    if len(parts) < 2:
        return name
    start = len(parts) - 1
    while start > 1 and parts[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(parts[start:])


def starts_with_particle(name: str) -> bool:
    """ "De Vries", "van der Berg": a family name on its own, not a given name and a family name."""
    parts = name.split()
    return len(parts) >= 2 and parts[0].lower() in PARTICLES


@lru_cache(maxsize=4096)
def short_forms(name: str) -> tuple[str, ...]:
    """The single names a full personal name answers to, most usual first.

    "Anna de Vries" -> ("de vries", "vries", "anna"); "Park Ji-won" -> ("ji-won", "park").
    The first name is also listed: news written family name first ("Park said") and
    reports that use a given name ("Matthew said") both refer back by it.
    """
    parts = words(name)
    if len(parts) < 2:
        return (name.lower(),)
    forms = [family_name(name).lower(), parts[-1].lower(), parts[0].lower()]
    # Longer names: every tail ("Ruiz de la Peña" of "Ximena Ruiz de la Peña") and the
    # first family name of a two-surname name ("Ortega" of "Javier Ortega Ruiz").
    forms += [" ".join(parts[k:]).lower() for k in range(1, len(parts) - 1)]
    if len(parts) >= 3 and parts[1].lower() not in PARTICLES:
        forms.append(parts[1].lower())
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=16384)
def one_letter_apart(a: str, b: str) -> bool:
    """Spellings one insertion, deletion or substitution apart ("Jansen" / "Janssen")."""
    a, b = a.lower(), b.lower()
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))
