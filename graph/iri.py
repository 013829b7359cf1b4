"""Pure functions that mint instance IRIs (stdlib only).

Every IRI the graph holds comes from here: base + kind + "/" + a local part that is a
valid Turtle PN_LOCAL (letters, digits, "-", "_"), so exports stay compact and every
strict parser accepts them. Names are slugged; spans and texts are hashed.

Every IRI minted here also passes :func:`checked`, which asks a strict parser
(``pyoxigraph.NamedNode``, imported lazily) whether it is an absolute IRI (RELIABILITY.md
R1/R13, IN-12): rdflib's ``URIRef`` accepts newlines, NUL, relative IRIs and bad ``%``
escapes, and an export holding one is rejected by every strict reader.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

DEFAULT_BASE = "https://example.org/kg/"

_SAFE_BASE = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]+)?(/[A-Za-z0-9._~\-/]*)?$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60
_IS_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_base(base: str) -> str:
    """Return ``base`` ending in "/" or "#", or raise ValueError if it is not a plain http(s) IRI."""
    if not base.endswith(("/", "#")):
        base += "/"
    if not _SAFE_BASE.match(base.rstrip("#")):
        raise ValueError(f"base IRI must be a plain http(s) IRI ending in / or #, got {base!r}")
    return base


def short_hash(*parts: str, length: int = 12) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def identity_key(name: str) -> str:
    """Normalized key for matching names: NFKC, format characters dropped, case folded."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc"))
    return " ".join(text.casefold().split())


def slug(name: str) -> str:
    """A lower-case ASCII slug; idempotent; never empty (falls back to a hash).

    Names that differ only in case, accents, spacing or punctuation share a slug (one
    entity). Letters and digits that have no ASCII form ("北京", "Москва") are never
    dropped silently: they are kept as a hash suffix, so "Kim 北京" and "Kim 上海" stay
    two entities (IN-12).
    """
    if len(name) <= MAX_SLUG + 9 and _IS_SLUG.fullmatch(name):
        return name  # already a slug (possibly with its hash suffix): idempotent
    key = identity_key(name)
    decomposed = unicodedata.normalize("NFKD", key)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    text = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    letters = "".join(ch for ch in decomposed if ch.isalnum())
    if not text:
        return "x" + short_hash(key, length=10)
    if not letters.isascii():
        # Only the letters count, so "Kim, 北京" and "Kim 北京" still share a slug.
        text = text[: MAX_SLUG - 9].rstrip("-") + "-" + short_hash(letters, length=8)
    elif len(text) > MAX_SLUG:
        text = text[:MAX_SLUG].rstrip("-") + "-" + short_hash(key, length=8)
    return text


def entity_key(kind: str, name: str) -> str:
    """The record-level id of an entity: "<kind>/<slug>"."""
    return f"{kind}/{slug(name)}"


@lru_cache(maxsize=65536)
def checked(iri: str) -> str:
    """``iri`` itself if a strict parser accepts it as an absolute IRI, else ValueError."""
    import pyoxigraph  # lazy: ``import graph`` stays light

    try:
        pyoxigraph.NamedNode(iri)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a valid absolute IRI: {iri[:200]!r} ({exc})") from None
    return iri


def mint(base: str, kind: str, name: str) -> str:
    """The IRI of a ``kind`` thing called ``name`` (any text): base + kind + "/" + slug, checked."""
    return checked(check_base(base) + entity_key(slug(kind), name))


def entity_iri(base: str, key: str) -> str:
    """IRI of an entity from its "<kind>/<slug>" key (checked)."""
    return checked(base + key)


def document_key(doc_id: str) -> str:
    return f"doc/{doc_id}"


def local_iri(base: str, kind: str, *parts: str) -> str:
    """IRI of anything else (claims, roles, selectors): base + kind + "/" + a hash of its parts."""
    return checked(f"{base}{kind}/{short_hash(*parts)}")


def document_id(text: str) -> str:
    """Content hash of a document's text: its stable id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_XSD_BLANKS = re.compile(r"[ \t\n\r]+")


def name_key(name: str) -> str:
    """The look-up form of a name (``kg:nameKey``): lower-cased, runs of blanks made one space.

    A named query that finds an entity by name lists the parameter under ``# lookup:`` and
    is given this form of the user's text as a constant, so the look-up is one index read."""
    return _XSD_BLANKS.sub(" ", name).strip(" \t\n\r").lower()
