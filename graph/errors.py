"""Exceptions raised by graph.

* GraphError
  x IngestError            - a document could not be read or decoded
  x NoDocumentsError       - a build's inputs gave no document: nothing was written
  x ExtractorError
    + ExtractorNotFoundError - unknown extractor name (lists the available ones)
    + ExtractorConfigError - missing requirement, duplicate name, bad option
  x ModelError             - the spaCy pipeline could not be loaded
  x OntologyError          - vocab.py and ontology/kg.ttl disagree, or a term is unknown
  x StoreError             - the store could not be opened or written
    + StoreUsageError      - no such store, a folder that is not one, another --base (exit 2)
  x QueryError             - SPARQL did not parse, or a named query does not exist
  x ValidationError        - the SHACL report did not conform (carries the report text)
  x ExportError            - an export could not be written (the old file is kept)
"""

from __future__ import annotations


class GraphError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 1


class IngestError(GraphError):
    exit_code = 3


class NoDocumentsError(GraphError):
    """A build's inputs gave no document to add, so it wrote nothing (exports and store are as
    they were). Exit 3 when inputs were skipped (each listed with its reason), else 2."""

    def __init__(self, report: object) -> None:
        skipped = len(getattr(report, "skipped", ()) or ()) + len(getattr(report, "failed", ()) or ())
        self.exit_code = 3 if skipped else 2
        if skipped:
            message = (
                f"no document could be read ({skipped} input{'s' if skipped != 1 else ''} skipped); "
                "nothing written: the previous exports and the store are as they were"
            )
        else:
            message = "no documents to read; nothing written"
        super().__init__(message)


class ExtractorError(GraphError):
    pass


class ExtractorNotFoundError(ExtractorError):
    exit_code = 2


class ExtractorConfigError(ExtractorError):
    exit_code = 2


class ModelError(GraphError):
    exit_code = 2


class OntologyError(GraphError):
    pass


class StoreError(GraphError):
    exit_code = 5


class StoreUsageError(StoreError):
    """The command named a store that cannot be used as asked (exit 2, nothing written)."""

    exit_code = 2


class QueryError(GraphError):
    exit_code = 6


class ValidationError(GraphError):
    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class ExportError(GraphError):
    exit_code = 5
