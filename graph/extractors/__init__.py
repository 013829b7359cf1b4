"""Built-in extractors; importing this package registers them.

Each module holds one extractor (``entities``, ``roles``, ``coref``, ``attributions``,
``narration``, ``facts``, ``time``); ``_registry`` is the shared registry that third-party
packages extend through the ``graph.extractors`` entry-point group.
"""

from __future__ import annotations

from graph.extractors import (  # noqa: F401  (register)
    affiliations,
    attributions,
    coref,
    entities,
    facts,
    narration,
    roles,
    time,
)
from graph.extractors._registry import available, get, load_code, register, resolve_order

DEFAULT_EXTRACTORS: tuple[str, ...] = (
    "entities",
    "roles",
    "coref",
    "attributions",
    "affiliations",
    "narration",
    "facts",
    "time",
)

__all__ = ["DEFAULT_EXTRACTORS", "available", "get", "load_code", "register", "resolve_order"]
