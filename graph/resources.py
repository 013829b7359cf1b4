"""Locate the files shipped with the package: ontology/ and queries/.

Owns only path lookup (stdlib only; imports nothing heavy). In a wheel, pyproject
force-includes the repository's ``ontology/`` as ``graph/ontology``; in a checkout the
folder sits next to the package. Both must work, so look inside the package first.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from graph.errors import OntologyError

_PACKAGE = "graph"


def _package_dir() -> Path:
    """The package folder on disk (importlib.resources first, then this file's folder)."""
    try:
        root = importlib.resources.files(_PACKAGE)
    except (ModuleNotFoundError, TypeError):
        root = None
    if isinstance(root, Path):
        return root
    return Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The folder holding kg.ttl, shapes.ttl and context.jsonld."""
    packaged = _package_dir() / "ontology"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "ontology"
    if checkout.is_dir():
        return checkout
    raise OntologyError(
        f"ontology folder not found (looked in {packaged} and {checkout}); reinstall the package"
    )


def ontology_path(name: str) -> Path:
    """Path of one ontology file, e.g. ``ontology_path("kg.ttl")``; OntologyError if missing."""
    if not name or Path(name).name != name:
        raise ValueError(f"expected a plain file name such as 'kg.ttl', got {name!r}")
    path = ontology_dir() / name
    if not path.is_file():
        available = ", ".join(sorted(p.name for p in ontology_dir().iterdir() if p.is_file()))
        raise OntologyError(f"no ontology file {name!r} in {path.parent}; available: {available}")
    return path


def queries_dir() -> Path:
    """The folder of named SPARQL queries (``graph/queries/*.rq``)."""
    return _package_dir() / "queries"
