"""Exceptions raised by graph.

* GraphError
  x IngestError            - a document could not be read or decoded
  x ExtractorError
    + ExtractorNotFoundError - unknown extractor name (lists the available ones)
    + ExtractorConfigError - missing requirement, duplicate name, bad option
  x ModelError             - the spaCy pipeline could not be loaded
  x OntologyError          - vocab.py and ontology/kg.ttl disagree, or a term is unknown
  x StoreError             - the store could not be opened or written
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


class QueryError(GraphError):
    exit_code = 6


class ValidationError(GraphError):
    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class ExportError(GraphError):
    exit_code = 5
