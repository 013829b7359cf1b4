"""Ingest: files, directories and stdin in; decoded :class:`~graph.records.Document` out.

Why it is built this way:

* Offsets downstream are Python ``str`` offsets into the decoded file, so a text file's
  ``Document.text`` is exactly its decoded content: read as bytes, BOM removed, newlines
  untouched; control characters become spaces one-for-one so offsets survive.
* One bad input must never sink a batch: :func:`iter_inputs` yields :class:`Skipped`
  (with a short machine ``code`` and a one-line ``reason``) instead of raising.
* Decoding is strict and explicit: UTF-8, then BOM'd UTF-16/32, then a *reported*
  cp1252/latin-1 fallback for text-like bytes; never ``surrogateescape`` or ``replace``.
* Only regular files are ever opened (a FIFO would block forever) and directory walks
  keep a visited ``(st_dev, st_ino)`` set so symlink loops terminate.
* Page furniture (bylines, comment prompts) is marked, not cut (see :mod:`graph.furniture`).

``trafilatura`` is imported lazily, inside the HTML path, so ``import graph`` stays fast.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import email.utils
import errno
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from html.parser import HTMLParser
from typing import Any, BinaryIO

from graph import furniture as _furniture
from graph.errors import IngestError
from graph.iri import document_id
from graph.records import Document, DocumentMeta, Span

__all__ = [
    "DOCUMENT_SUFFIXES",
    "IngestWarning",
    "Skipped",
    "SkippedError",
    "UsageError",
    "decode_bytes",
    "document_from_bytes",
    "document_from_text",
    "expand_inputs",
    "iter_inputs",
    "normalize_date",
    "read_inputs",
    "read_path",
    "read_sidecar",
]

HTML_SUFFIXES = frozenset({".html", ".htm"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
DOCUMENT_SUFFIXES = frozenset({".txt"}) | HTML_SUFFIXES | MARKDOWN_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"
MAX_BYTES = 20_000_000
MAX_SIDECAR_BYTES = 1_000_000
SNIFF_BYTES = 8192  # NUL in this prefix means binary
MAX_HIGH_BYTE_RATIO = 0.30  # legacy 8-bit Western text is mostly ASCII
MAX_CONTROL_BYTE_RATIO = 0.01


class IngestWarning(UserWarning):
    """A recoverable ingest problem (malformed sidecar, decoding fallback)."""


class UsageError(IngestError):
    """The command line asked for something impossible (stdin is a terminal): exit 2."""

    exit_code = 2


class SkippedError(IngestError):
    """An input that could not become a document; carries the :class:`Skipped` record."""

    def __init__(self, skipped: Skipped) -> None:
        super().__init__(f"{skipped.source}: {skipped.reason}")
        self.skipped = skipped


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input left out of the run, and why (the run report lists these)."""

    source: str
    reason: str  # one-line human message
    code: str  # missing, empty, binary, undecodable, too-large, not-a-file, unreadable, duplicate, ...


def _skip(source: str, code: str, reason: str) -> SkippedError:
    return SkippedError(Skipped(source=source, reason=reason, code=code))


# --------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BZh", "bzip2 data"),  # checked with the block magic below
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (old MS Office) document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xca\xfe\xba\xbe", "Java class / Mach-O"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_RIFF = re.compile(rb"RIFF....(?:WEBP|WAVE|AVI )", re.DOTALL)
_FTYP = re.compile(rb"....ftyp", re.DOTALL)

# One valid multi-byte UTF-8 sequence (RFC 3629), used to spot mixed-encoding files.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE
)
_LATIN1_NAMES = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})

# C0 controls except TAB/LF/CR, DEL and C1 controls: replaced one-for-one by a space.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

_LEGACY_HANDLER = "graph.ingest.legacy"


def _legacy_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # latin-1; a C1 control, turned into a space later


def _legacy_errors(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler for mixed files: invalid UTF-8 bytes read as cp1252 (explicit, reported)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_legacy_char(b) for b in bad), exc.end


codecs.register_error(_LEGACY_HANDLER, _legacy_errors)


def _binary_kind(data: bytes) -> str | None:
    """Why ``data`` is binary (magic number or NUL byte), or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"BZh" and not _BZIP2.match(data):
                continue
            return kind
    if _RIFF.match(data):
        return "RIFF media"
    if _FTYP.match(data) and data[4:8] == b"ftyp":
        return "ISO media (MP4/HEIC)"
    nul = data.find(b"\x00", 0, SNIFF_BYTES)
    if nul >= 0:
        return f"NUL byte at offset {nul}"
    return None


def _looks_like_text(data: bytes) -> bool:
    """Few control bytes and few stray high bytes: plausible legacy 8-bit Western text."""
    if not data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    stray = _UTF8_MULTI.sub(b"", data)
    high = len(stray) - len(stray.translate(None, _HIGH_BYTES))
    return controls / len(data) <= MAX_CONTROL_BYTE_RATIO and high / len(data) <= MAX_HIGH_BYTE_RATIO


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data, 0, 4096)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name.replace("-", "_")
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes, *, source: str = "<bytes>", html: bool = False) -> str:
    """Decode a file's bytes to ``str`` exactly (BOM removed, newlines kept).

    Raises :class:`SkippedError` with code ``binary`` or ``undecodable``. Fallbacks
    (cp1252 / latin-1 / mixed) are reported with an :class:`IngestWarning`.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise _skip(
                    source, "undecodable", f"invalid {codec.upper()} at byte offset {exc.start + len(bom)}"
                ) from None
            nul = text.find("\x00", 0, SNIFF_BYTES)
            if nul >= 0:  # as for 8-bit input: a NUL means binary, whatever the encoding
                raise _skip(source, "binary", f"binary content (NUL character at offset {nul})")
            return text
    offset = 0
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        offset = len(codecs.BOM_UTF8)
    kind = _binary_kind(data)
    if kind:
        raise _skip(source, "binary", f"binary content ({kind})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start + offset
    if html:
        charset = _meta_charset(data)
        if charset and charset not in _LATIN1_NAMES and not charset.startswith("utf"):
            try:
                text = data.decode(charset)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                _warn(f"{source}: not UTF-8; decoded as {charset} (from <meta charset>)")
                return text
    if not _looks_like_text(data):
        raise _skip(
            source,
            "undecodable",
            f"not UTF-8 and not recognisable text (first invalid byte at offset {first_bad})",
        )
    if _UTF8_MULTI.search(data):
        _warn(
            f"{source}: mixed encodings (invalid UTF-8 at byte offset {first_bad}); "
            "invalid bytes decoded as cp1252"
        )
        return data.decode("utf-8", errors=_LEGACY_HANDLER)
    try:
        text = data.decode("cp1252")
        codec = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        codec = "latin-1"
    _warn(f"{source}: not UTF-8 (first invalid byte at offset {first_bad}); decoded as {codec}")
    return text


def _warn(message: str) -> None:
    warnings.warn(message, IngestWarning, stacklevel=3)


def _clean_text(text: str, source: str) -> str:
    """Reject lone surrogates; replace control characters by spaces (same length)."""
    m = _SURROGATE.search(text)
    if m:
        raise _skip(source, "undecodable", f"lone surrogate U+{ord(m.group()):04X} at offset {m.start()}")
    return _CONTROLS.sub(" ", text)


# --------------------------------------------------------------------------- metadata

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_SLASH_DATE = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MDY = re.compile(r"^(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def _ymd(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def normalize_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for the common date spellings of news metadata, else None."""
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())
    if not s:
        return None
    for pattern in (_ISO_DATE, _SLASH_DATE, _COMPACT_DATE):
        m = pattern.match(s)
        if m:
            return _ymd(*m.groups())
    m = _DMY.match(s)
    if m and m.group(2).lower() in _MONTHS:
        return _ymd(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))
    m = _MDY.match(s)
    if m and m.group(1).lower() in _MONTHS:
        return _ymd(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))
    try:
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _clean_field(value: Any) -> str | None:
    """A metadata string: controls removed, whitespace collapsed, no lone surrogates."""
    if isinstance(value, dict):  # schema.org style {"@type": "Organization", "name": ...}
        value = value.get("name")
    if not isinstance(value, str):
        return None
    if _SURROGATE.search(value):
        return None
    value = " ".join(_CONTROLS.sub(" ", value).split())
    return value or None


_DATE_KEYS = ("published", "datePublished", "date_published", "date", "pubDate", "pubdate")
_PUBLISHER_KEYS = ("publisher", "source", "site_name", "sitename", "siteName")
_URL_KEYS = ("url", "link", "canonical_url", "canonical")


def _meta_from_mapping(data: dict[str, Any], source: str) -> DocumentMeta:
    def first(keys: tuple[str, ...]) -> Any:
        for key in keys:
            if data.get(key) not in (None, ""):
                return data[key]
        return None

    raw_date = first(_DATE_KEYS)
    published = normalize_date(raw_date)
    if raw_date is not None and published is None:
        _warn(f"{source}: date {raw_date!r} not understood; ignored")
    return DocumentMeta(
        title=_clean_field(first(("title", "headline", "name"))),
        published=published,
        publisher=_clean_field(first(_PUBLISHER_KEYS)),
        url=_clean_field(first(_URL_KEYS)),
    )


def _merge(base: DocumentMeta, override: DocumentMeta | None) -> DocumentMeta:
    """Fields set in ``override`` win; the rest come from ``base``."""
    if override is None:
        return base
    changes = {f.name: getattr(override, f.name) for f in fields(DocumentMeta)}
    return replace(base, **{k: v for k, v in changes.items() if v is not None})


def _sidecar_paths(path: str) -> list[str]:
    head, tail = os.path.split(path)
    stem = _stem(tail)
    candidates = [os.path.join(head, tail + SIDECAR_SUFFIX)]
    if stem != tail:
        candidates.append(os.path.join(head, stem + SIDECAR_SUFFIX))
    return candidates


def read_sidecar(path: str | os.PathLike[str]) -> DocumentMeta | None:
    """Metadata from ``NAME.ext.meta.json`` or ``NAME.meta.json`` next to ``path``.

    A malformed sidecar is ignored with an :class:`IngestWarning`: metadata is a bonus,
    it must never drop the document.
    """
    for candidate in _sidecar_paths(os.fspath(path)):
        try:
            st = os.stat(candidate)
        except OSError:
            continue
        shown = _display(candidate)
        if not stat.S_ISREG(st.st_mode):
            _warn(f"{shown}: sidecar is not a regular file; ignored")
            return None
        try:
            raw = _read_regular(candidate, MAX_SIDECAR_BYTES)
            data = json.loads(raw.decode("utf-8-sig"))
        except SkippedError as exc:
            _warn(f"{shown}: sidecar ignored ({exc.skipped.reason})")
            return None
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            _warn(f"{shown}: malformed sidecar ignored ({type(exc).__name__}: {str(exc)[:120]})")
            return None
        if not isinstance(data, dict):
            _warn(f"{shown}: malformed sidecar ignored (expected a JSON object)")
            return None
        return _meta_from_mapping(data, shown)
    return None


_FM_LINE = re.compile(r"^([A-Za-z_][\w\-]*)\s*:\s*(.*?)\s*$")


def _front_matter_meta(block: str, source: str) -> DocumentMeta:
    """A tiny, safe ``key: value`` reader for YAML front matter (no YAML dependency, no tags)."""
    data: dict[str, str] = {}
    for line in block.splitlines():
        m = _FM_LINE.match(line)
        if not m or line[:1].isspace():
            continue
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        if value and value[0] not in "[{|>&*!":
            data.setdefault(m.group(1), value)
    return _meta_from_mapping(data, source)


# --------------------------------------------------------------------------- HTML


class _TextParser(HTMLParser):
    """Fallback HTML -> text: linear, no tree (deep nesting is harmless), skips non-content."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object"})
    _BLOCK = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
            "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "figcaption",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _fallback_html_text(html: str) -> tuple[str, str | None]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text, _clean_field("".join(parser.title))


def _prepared_tree(html: str) -> Any:
    """The page as an lxml tree ready for trafilatura; the string itself if lxml refuses it.

    Two trafilatura habits are undone here (IN-09): it returns the inert content of
    ``<template>`` elements as article text, and it runs ``html.unescape`` over text that
    the HTML parser has already decoded, so ``&amp;lt;b&amp;gt;`` came out as ``<b>``.
    ``<template>`` elements are dropped, and every ``&`` in the parsed text is written back
    as ``&amp;`` so that its second decoding gives the text the page really shows.
    """
    try:
        from lxml import html as lxml_html

        parser = lxml_html.HTMLParser(encoding="utf-8")
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=parser)
    except Exception:  # lxml refuses some inputs (empty documents, ...): use the text
        return html
    for element in tree.xpath("//template"):
        element.drop_tree()
    for node in tree.iter():
        if not isinstance(node.tag, str):  # comments, processing instructions
            continue
        if node.text and "&" in node.text:
            node.text = node.text.replace("&", "&amp;")
        if node.tail and "&" in node.tail:
            node.tail = node.tail.replace("&", "&amp;")
    return tree


def _html_to_text(html: str, source: str) -> tuple[str, DocumentMeta]:
    """Article text and metadata of an HTML page (trafilatura, else a plain text fallback)."""
    text: str | None = None
    meta = DocumentMeta()
    try:
        import trafilatura  # lazy: heavy import
    except ImportError:
        trafilatura = None
        _warn(f"{source}: trafilatura is not installed; using the plain HTML text fallback")
    if trafilatura is not None:
        try:
            result = trafilatura.bare_extraction(
                _prepared_tree(html),
                with_metadata=True,
                favor_precision=True,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                date_extraction_params={
                    "original_date": True,
                    "extensive_search": False,
                    "max_date": _dt.date.today().isoformat(),
                },
            )
        except Exception as exc:  # an extractor bug must not drop the document
            _warn(f"{source}: trafilatura failed ({type(exc).__name__}); using the fallback")
            result = None
        if result is not None:
            get = result.get if isinstance(result, dict) else (lambda k: getattr(result, k, None))
            text = get("text")
            meta = DocumentMeta(
                title=_clean_field(get("title")),
                published=normalize_date(get("date")),
                publisher=_clean_field(get("sitename")),
                url=_clean_field(get("url")),
            )
    if not text or not text.strip():
        text, title = _fallback_html_text(html)
        if meta.title is None:
            meta = replace(meta, title=title)
    return text, meta


# --------------------------------------------------------------------------- documents


def _merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and span.start <= out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(start=out[-1].start, end=span.end)
        else:
            out.append(span)
    return tuple(out)


def document_from_bytes(
    data: bytes,
    *,
    name: str,
    source: str,
    suffix: str = ".txt",
    meta: DocumentMeta | None = None,
) -> Document:
    """Decode bytes into a Document; ``meta`` fields override what the content declares.

    Raises :class:`SkippedError` (an :class:`IngestError`) for binary, undecodable or empty input.
    """
    suffix = suffix.lower()
    text = decode_bytes(data, source=source, html=suffix in HTML_SUFFIXES)
    found = DocumentMeta()
    if suffix in HTML_SUFFIXES:
        text, found = _html_to_text(text, source)
    text = _clean_text(text.lstrip("\ufeff"), source)  # a doubled BOM is still a BOM (IN-04)
    if not text.strip():
        raise _skip(source, "empty", "empty document")
    spans: list[Span] = []
    start = 0
    if suffix in MARKDOWN_SUFFIXES:
        front = _furniture.front_matter_span(text)
        if front is not None:
            span, block = front
            if not text[span.end :].strip():
                raise _skip(source, "empty", "empty document (front matter only)")
            spans.append(span)
            start = span.end
            found = _front_matter_meta(block, source)
        spans.extend(_furniture.markup_spans(text))
    spans.extend(_furniture.find_furniture(text, start=start))
    merged = _merge(found, meta)
    if merged.source is None:
        merged = replace(merged, source=source)
    merged, dateline = _with_dateline(text, merged, start)
    spans.extend(dateline)
    return Document(id=document_id(text), name=name, text=text, meta=merged, furniture=_merge_spans(spans))


def document_from_text(text: str, *, name: str = "stdin", meta: DocumentMeta | None = None) -> Document:
    """A Document from text already in memory (tests, the Python API, JSONL inputs)."""
    source = (meta.source if meta else None) or name
    text = _clean_text(text.lstrip("\ufeff"), source)
    if not text.strip():
        raise _skip(source, "empty", "empty document")
    found, dateline = _with_dateline(text, meta or DocumentMeta(), 0)
    return Document(
        id=document_id(text),
        name=name,
        text=text,
        meta=found,
        furniture=_merge_spans((*_furniture.find_furniture(text), *dateline)),
    )


def _with_dateline(text: str, meta: DocumentMeta, start: int) -> tuple[DocumentMeta, tuple[Span, ...]]:
    """Metadata from the story's dateline, which becomes furniture: a dateline word is
    never a speaker or part of a claim. Fields the sidecar or page already gave win."""
    from graph import gazetteer

    gaz = gazetteer.load()
    # "MUMBAI: ..." is a dateline only when it names a known place ("FALLIN: I think ..." is
    # a speaker's label).
    found_all = [
        d for d in _furniture.find_datelines(text, start=start) if not d.colon or gaz.lookup(d.place)
    ]
    tag = _furniture.brief_tag(text, start=start)
    opening = _furniture.find_dateline(text, start=start)
    dateline = opening if opening is not None and opening in found_all else None
    spans = tuple(d.span for d in found_all) + ((tag,) if tag is not None else ())
    spans += _furniture.timestamps(text, start=start)
    if dateline is None:
        return meta, spans
    place = gaz.lookup(dateline.place)
    found = DocumentMeta(
        dateline=dateline.text,
        place=place.name if place is not None else dateline.place,
        agency=dateline.agency,
        published=dateline_date(dateline.date, None),
    )
    return _merge(found, meta), spans


def anchor_date(meta: DocumentMeta) -> str | None:
    """The day relative dates ("on Monday") count from: the dateline's day, placed in the
    year of the publication date, else the publication date."""
    if meta.dateline:
        parsed = _furniture.parse_dateline(meta.dateline)
        day = dateline_date(parsed.date if parsed else None, meta.published)
        if day is not None:
            return day
    return meta.published


def dateline_date(written: str | None, reference: str | None) -> str | None:
    """A dateline's date as YYYY-MM-DD: its own year, else the year that puts it on or just
    before ``reference`` (a YYYY-MM-DD date); None without a year to go by."""
    if not written:
        return None
    full = normalize_date(written)
    if full is not None or reference is None:
        return full
    ref = normalize_date(reference)
    if ref is None:
        return None
    candidate = normalize_date(f"{written} {ref[:4]}")
    if candidate is not None and candidate > ref:
        candidate = normalize_date(f"{written} {int(ref[:4]) - 1}")
    return candidate


# --------------------------------------------------------------------------- files


def _display(path: str) -> str:
    """A path as a printable str: undecodable file-name bytes become ``\\xNN`` escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _stem(filename: str) -> str:
    if filename.lower().endswith(SIDECAR_SUFFIX):
        return filename[: -len(SIDECAR_SUFFIX)]
    stem, _ext = os.path.splitext(filename)
    return stem or filename


def _read_regular(path: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` of a *regular* file; never blocks on a FIFO or device."""
    shown = _display(path)
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _skip(shown, "missing", "file vanished before it could be read (ENOENT)") from None
    except IsADirectoryError:
        raise _skip(shown, "not-a-file", "is a directory") from None
    except OSError as exc:
        raise _skip(shown, "unreadable", _oserror(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _skip(shown, "not-a-file", f"not a regular file ({_kind(st.st_mode)})")
        if st.st_size > max_bytes:
            raise _skip(shown, "too-large", f"too large ({st.st_size} bytes > {max_bytes})")
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise _skip(shown, "unreadable", _oserror(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise _skip(shown, "too-large", f"too large (more than {max_bytes} bytes)")
    return data


def _oserror(exc: OSError) -> str:
    code = f"{_errno_name(exc.errno)}: " if exc.errno else ""
    return f"cannot read ({code}{exc.strerror or exc})"


def _errno_name(number: int) -> str:
    return errno.errorcode.get(number, str(number))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "special file"


def _load(path: str, max_bytes: int) -> Document:
    shown = _display(path)
    filename = os.path.basename(path)
    if filename.lower().endswith(SIDECAR_SUFFIX):
        raise _skip(shown, "sidecar", "metadata sidecar (*.meta.json), not a document")
    data = _read_regular(path, max_bytes)
    _ext = os.path.splitext(filename)[1].lower()
    suffix = _ext if _ext in DOCUMENT_SUFFIXES else ".txt"  # explicit unknown extensions: text
    meta = read_sidecar(path) or DocumentMeta()
    meta = replace(meta, source=shown)
    return document_from_bytes(data, name=_display(_stem(filename)), source=shown, suffix=suffix, meta=meta)


def read_path(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Document:
    """One file as a Document; raises :class:`IngestError` (a :class:`SkippedError`) if it cannot be."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        reason = "dangling symlink" if os.path.islink(p) else "no such file or directory"
        raise _skip(_display(p), "missing", reason) from None
    except OSError as exc:
        raise _skip(_display(p), "unreadable", _oserror(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise _skip(_display(p), "not-a-file", f"not a regular file ({_kind(st.st_mode)})")
    return _load(p, max_bytes)


def _walk(root: str) -> list[tuple[str, Skipped | None]]:
    """Document files under ``root`` (recursive, iterative), sorted by path.

    Directory symlinks are followed only inside ``root`` and only once per
    ``(st_dev, st_ino)``, so loops terminate. Entries that do not look like documents
    are ignored silently; document-named entries that cannot be read are reported.
    """
    found: list[tuple[str, Skipped | None]] = []
    root_real = os.path.realpath(root)
    st = os.stat(root)
    visited = {(st.st_dev, st.st_ino)}
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            shown = _display(directory)
            found.append(
                (directory, Skipped(shown, f"cannot list directory ({_oserror(exc)})", "unreadable"))
            )
            continue
        for entry in entries:
            path = entry.path
            name = entry.name
            lower = name.lower()
            is_doc_name = os.path.splitext(lower)[1] in DOCUMENT_SUFFIXES
            try:
                is_link = entry.is_symlink()
                est = os.stat(path)  # follows symlinks
            except OSError:
                if is_doc_name:
                    found.append((path, Skipped(_display(path), "dangling symlink", "missing")))
                continue
            if is_link:
                target = os.path.realpath(path)
                if os.path.commonpath([root_real, target]) != root_real:
                    if is_doc_name or stat.S_ISDIR(est.st_mode):
                        reason = f"symlink points outside {_display(root)}; not followed"
                        found.append((path, Skipped(_display(path), reason, "outside-root")))
                    continue
            if stat.S_ISDIR(est.st_mode):
                key = (est.st_dev, est.st_ino)
                if key not in visited:
                    visited.add(key)
                    stack.append(path)
            elif not is_doc_name:
                continue
            elif stat.S_ISREG(est.st_mode):
                found.append((path, None))
            else:
                reason = f"not a regular file ({_kind(est.st_mode)})"
                found.append((path, Skipped(_display(path), reason, "not-a-file")))
    found.sort(key=lambda item: item[0])
    return found


def _read_stdin(stdin: BinaryIO | None, max_bytes: int) -> bytes:
    stream = stdin
    if stream is None:
        if sys.stdin is None:
            raise _skip("-", "unreadable", "no standard input")
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise _skip("-", "unreadable", "standard input has no binary buffer")
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        raise UsageError("'-' reads standard input, but standard input is a terminal; pipe a file in")
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise _skip("-", "unreadable", _oserror(exc)) from None
    if len(data) > max_bytes:
        raise _skip("-", "too-large", f"too large (more than {max_bytes} bytes)")
    return data


def _dedup_key(text: str) -> str:
    """Same article whatever its encoding, line endings or spacing."""
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


Expanded = tuple[str, "Skipped | None"]
"""One input of a run: a path to read (``"-"``: stdin), or a :class:`Skipped` already known."""


def expand_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Expanded]:
    """Every input the paths name, in order, without reading any: ``-``, each file, each
    document file under a folder (sorted), and a :class:`Skipped` for what cannot be one
    (missing, not a regular file). Cheap: a run counts its inputs before reading them."""
    items: list[Expanded] = []
    for raw in paths:
        path = os.fspath(raw)
        if path == "-":
            items.append((path, None))
            continue
        shown = _display(path)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            reason = "dangling symlink" if os.path.islink(path) else "no such file or directory"
            items.append((path, Skipped(shown, reason, "missing")))
            continue
        except OSError as exc:
            items.append((path, Skipped(shown, _oserror(exc), "unreadable")))
            continue
        if stat.S_ISDIR(st.st_mode):
            items.extend(_walk(path))
        elif stat.S_ISREG(st.st_mode):
            items.append((path, None))
        else:
            items.append((path, Skipped(shown, f"not a regular file ({_kind(st.st_mode)})", "not-a-file")))
    return items


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_BYTES,
    dedupe: bool = True,
) -> Iterator[Document | Skipped]:
    """Every input as a Document, or a :class:`Skipped` saying why not; never raises for bad inputs.

    Only :class:`UsageError` escapes (``-`` with a terminal on stdin). With ``dedupe``, a
    document whose text was already seen in this run is skipped as a duplicate (a graph
    needs it once; ``kg extract`` prints every file).
    """
    return read_inputs(expand_inputs(paths), stdin=stdin, max_bytes=max_bytes, dedupe=dedupe)


def read_inputs(
    items: Iterable[Expanded],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_BYTES,
    dedupe: bool = True,
) -> Iterator[Document | Skipped]:
    """Read what :func:`expand_inputs` listed, lazily, one input at a time (see iter_inputs)."""
    seen: dict[str, str] = {}

    def finish(result: Document | Skipped) -> Document | Skipped:
        if isinstance(result, Skipped):
            return result
        key = _dedup_key(result.text)
        first = seen.get(key)
        source = result.meta.source or result.name
        if first is not None and dedupe:
            return Skipped(source, f"duplicate of {first}", "duplicate")
        seen[key] = source
        return result

    for path, skipped in items:
        if skipped is not None:
            yield skipped
            continue
        if path == "-":
            try:
                data = _read_stdin(stdin, max_bytes)
                doc = document_from_bytes(data, name="stdin", source="-", meta=DocumentMeta(source="-"))
            except SkippedError as exc:
                yield exc.skipped
            else:
                yield finish(doc)
            continue
        try:
            doc = _load(path, max_bytes)
        except SkippedError as exc:
            yield exc.skipped
        else:
            yield finish(doc)
