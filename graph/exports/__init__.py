"""Export formats of the graph.

Owns the :class:`Format` enum (which format a path's suffix means). The writers live in
submodules: :mod:`graph.exports.rdf` (Turtle, TriG, N-Quads, JSON-LD) and, separately,
the HTML view. Stdlib only here, so ``import graph.exports`` stays cheap; never imports
spaCy, ``graph.nlp`` or ``graph.extractors``.
"""

from __future__ import annotations

import enum
from pathlib import PurePath

__all__ = ["Format"]


class Format(enum.Enum):
    """An export format, with its usual file suffix."""

    TURTLE = "turtle"
    TRIG = "trig"
    NQUADS = "nquads"
    JSONLD = "jsonld"
    HTML = "html"

    @property
    def suffix(self) -> str:
        """The suffix written by default (".ttl" for Turtle)."""
        return _DEFAULT_SUFFIX[self]

    @classmethod
    def from_path(cls, path: str | PurePath) -> Format:
        """The format a file name asks for, by suffix; ValueError (listing the known ones) otherwise."""
        suffix = PurePath(path).suffix.lower()
        try:
            return _SUFFIXES[suffix]
        except KeyError:
            known = ", ".join(sorted(_SUFFIXES))
            raise ValueError(
                f"unknown export format for {str(path)!r}; use one of the suffixes {known}"
            ) from None


_SUFFIXES: dict[str, Format] = {
    ".ttl": Format.TURTLE,
    ".turtle": Format.TURTLE,
    ".trig": Format.TRIG,
    ".nq": Format.NQUADS,
    ".nquads": Format.NQUADS,
    ".jsonld": Format.JSONLD,
    ".json": Format.JSONLD,
    ".html": Format.HTML,
    ".htm": Format.HTML,
}

_DEFAULT_SUFFIX: dict[Format, str] = {
    Format.TURTLE: ".ttl",
    Format.TRIG: ".trig",
    Format.NQUADS: ".nq",
    Format.JSONLD: ".jsonld",
    Format.HTML: ".html",
}
