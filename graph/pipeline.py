"""Run the ordered extractors over parsed documents: (Document, spaCy Doc) -> Extraction.

Kept apart from ``extractors/`` so the registry can be tested without spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from graph.records import Document, Extraction


class Pipeline:
    """The NLP model plus the extractors, made once and reused for every document."""

    def __init__(
        self,
        *,
        model: str | None = None,
        extractors: Sequence[str] | None = None,
        entry_points: bool = True,
        max_chunk_chars: int | None = None,
    ) -> None:
        from graph import extractors as registry
        from graph import nlp

        self.model = model or nlp.DEFAULT_MODEL
        # Per-document budget: symbol runs are cut down and long texts parsed in pieces
        # of at most this many characters (graph.nlp.prepare / split_text).
        self.max_chunk_chars = max_chunk_chars or nlp.MAX_CHUNK_CHARS
        names = list(extractors) if extractors is not None else list(registry.DEFAULT_EXTRACTORS)
        self.specs = registry.resolve_order(names, entry_points_too=entry_points)
        self.functions = [spec.factory() for spec in self.specs]
        nlp.load(self.model)  # fail early, before any document is read

    def run(self, documents: Iterable[Document], *, batch_size: int | None = None) -> Iterator[Extraction]:
        from graph import nlp

        docs = list(documents) if not isinstance(documents, list) else documents
        kwargs = {"batch_size": batch_size} if batch_size else {}
        parsed_docs = nlp.parse(
            (d.body for d in docs), model=self.model, max_chunk_chars=self.max_chunk_chars, **kwargs
        )
        for document, parsed in zip(docs, parsed_docs, strict=True):
            yield self.extract(document, parsed)

    def extract(self, document: Document, parsed: object) -> Extraction:
        extraction = Extraction(document=document)
        for function in self.functions:
            extraction = function(parsed, extraction)
        return extraction
