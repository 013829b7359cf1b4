"""Shared fixture of the extractor tests: one spaCy pipeline per test session."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pytest

from graph.records import Extraction


@pytest.fixture(scope="session")
def extract() -> Callable[[str], Extraction]:
    """``extract(text)``: graph.extract with the default extractors, memoized per text."""
    pytest.importorskip("spacy")
    from graph.api import extract as run
    from graph.errors import ModelError

    try:
        run("Anna Berg said the bridge was safe.")  # load the model once, up front
    except ModelError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(f"spaCy model not installed: {exc}")
    return lru_cache(maxsize=None)(run)
