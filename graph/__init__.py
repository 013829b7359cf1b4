"""Knowledge graphs of who said what, about whom and when, from news articles.

The public API: :func:`build`, :func:`extract`, :class:`KnowledgeGraph`, the record
types, the :func:`extractor` decorator and the errors. Importing this package is
cheap: spaCy, rdflib and pyvis load only when a function needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.errors import (
    ExportError,
    ExtractorConfigError,
    ExtractorError,
    ExtractorNotFoundError,
    GraphError,
    IngestError,
    ModelError,
    OntologyError,
    QueryError,
    StoreError,
    ValidationError,
)
from graph.records import (
    Attribution,
    Document,
    DocumentMeta,
    Entity,
    Extraction,
    Mention,
    Role,
    Span,
)

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph, build, extract

__version__ = "0.1.0"

__all__ = [
    "Attribution",
    "Document",
    "DocumentMeta",
    "Entity",
    "ExportError",
    "Extraction",
    "ExtractorConfigError",
    "ExtractorError",
    "ExtractorNotFoundError",
    "GraphError",
    "IngestError",
    "KnowledgeGraph",
    "Mention",
    "ModelError",
    "OntologyError",
    "QueryError",
    "Role",
    "Span",
    "StoreError",
    "ValidationError",
    "build",
    "extract",
    "extractor",
]


def extractor(name: str, *, requires: tuple[str, ...] = (), produces: tuple[str, ...] = ()) -> Any:
    """Register an extractor factory: ``@graph.extractor("sentiment", requires=("mentions",))``."""
    from graph.extractors._registry import register

    return register(name, requires=requires, produces=produces or (name,))


def __getattr__(name: str) -> Any:
    if name in ("build", "extract", "KnowledgeGraph"):
        from graph import api

        return getattr(api, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
