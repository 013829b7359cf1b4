"""Built-in extractors; importing this package registers them.

Each module holds one extractor (``entities``, ``roles``, ``coref``, ``attributions``);
``_registry`` is the shared registry that third-party packages extend through the
``graph.extractors`` entry-point group.
"""

from __future__ import annotations

from graph.extractors import attributions, coref, entities, roles  # noqa: F401  (register)
from graph.extractors._registry import available, get, load_code, register, resolve_order

DEFAULT_EXTRACTORS: tuple[str, ...] = ("entities", "roles", "coref", "attributions")

__all__ = ["DEFAULT_EXTRACTORS", "available", "get", "load_code", "register", "resolve_order"]
