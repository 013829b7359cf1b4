"""The extractor registry: built-ins register in code, other packages through the
``graph.extractors`` entry-point group, users with ``--code FILE.py``.

An extractor is made once per process by its factory and then called per document as
``extract(doc, so_far) -> Extraction``: it reads the spaCy Doc and the records the
earlier extractors produced, and returns the extraction with its own records added.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from graph.errors import ExtractorConfigError, ExtractorNotFoundError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from graph.records import Extraction

ENTRY_POINT_GROUP = "graph.extractors"


class Extractor(Protocol):
    def __call__(self, doc: Doc, so_far: Extraction, /) -> Extraction: ...


@dataclass(frozen=True, slots=True)
class ExtractorSpec:
    name: str
    factory: Callable[..., Extractor]
    requires: tuple[str, ...]
    produces: tuple[str, ...]


F = TypeVar("F", bound=Callable[..., Extractor])
_REGISTRY: dict[str, ExtractorSpec] = {}
_entry_points_loaded = False


def register(name: str, *, requires: Iterable[str] = (), produces: Iterable[str]) -> Callable[[F], F]:
    """Decorator registering an extractor factory under ``name``."""

    def decorate(factory: F) -> F:
        spec = ExtractorSpec(name, factory, tuple(requires), tuple(produces))
        old = _REGISTRY.get(name)
        if old is not None and (old.factory.__module__, old.factory.__qualname__) != (
            factory.__module__,
            factory.__qualname__,
        ):
            raise ExtractorConfigError(
                f"extractor {name!r} is already registered by {old.factory.__module__}"
            )
        _REGISTRY[name] = spec
        return factory

    return decorate


def load_entry_points() -> None:
    """Import the extractors other installed packages declare."""
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        factory = ep.load()
        if ep.name not in _REGISTRY:
            spec_attrs = getattr(factory, "__kg_extractor__", {})
            register(ep.name, **{"produces": (ep.name,), **spec_attrs})(factory)


def load_code(path: str | Path) -> None:
    """Import a user's Python file so that its ``@graph.extractor`` decorators run."""
    path = Path(path)
    module_spec = importlib.util.spec_from_file_location(f"kg_user_code_{path.stem}", path)
    if module_spec is None or module_spec.loader is None:
        raise ExtractorConfigError(f"cannot import extractor code from {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)


def available() -> list[str]:
    return sorted(_REGISTRY)


def get(name: str, *, entry_points_too: bool = True) -> ExtractorSpec:
    if name not in _REGISTRY and entry_points_too:
        load_entry_points()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ExtractorNotFoundError(f"no extractor {name!r}; available: {', '.join(available())}") from None


def resolve_order(names: Iterable[str], *, entry_points_too: bool = True) -> list[ExtractorSpec]:
    """Order extractors so that each runs after those producing what it requires."""
    specs = {n: get(n, entry_points_too=entry_points_too) for n in names}
    produced_by: dict[str, str] = {}
    for spec in specs.values():
        for item in spec.produces:
            produced_by.setdefault(item, spec.name)
    for spec in specs.values():
        for item in spec.requires:
            if item not in produced_by:
                raise ExtractorConfigError(
                    f"extractor {spec.name!r} requires {item!r}, which none of "
                    f"{', '.join(sorted(specs))} produces"
                )
    ordered: list[ExtractorSpec] = []
    done: set[str] = set()
    pending = dict(sorted(specs.items()))
    while pending:
        ready = [
            s
            for s in pending.values()
            if all(produced_by[r] in done or produced_by[r] == s.name for r in s.requires)
        ]
        if not ready:
            raise ExtractorConfigError(f"extractor requirements form a cycle: {', '.join(pending)}")
        spec = ready[0]
        ordered.append(spec)
        done.add(spec.name)
        del pending[spec.name]
    return ordered
