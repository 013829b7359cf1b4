"""Page furniture: bylines, agency tags, comment prompts and share widgets.

Scraped news text often starts or ends with lines that belong to the web page, not to
the article ("MNA/", "Your Comment", "Share on Facebook"). They are *marked* as spans,
never cut, so every character offset into the file stays valid; extractors read
``Document.body`` where these spans are blanked out.

The rules are general classes, not site-specific strings, and deliberately narrow:
only short lines (a few words), only in the leading or trailing block of the document,
plus standalone "Advertisement" lines anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.records import Span

__all__ = [
    "MAX_WORDS",
    "Dateline",
    "brief_tag",
    "find_dateline",
    "find_datelines",
    "find_furniture",
    "front_matter_span",
    "is_furniture_line",
    "markup_spans",
    "parse_dateline",
    "timestamps",
]

MAX_WORDS = 6  # a furniture line is short; real sentences are rarely this short *and* match a class
MAX_LABELLED_WORDS = 20  # "Tags: a, b, c" lines: the label itself is the strong signal
MAX_BYLINE_WORDS = 14  # "Reporting by A B; Editing by C D": only capitalised names may follow "by"

_I = re.IGNORECASE

# Agency / byline tags: "MNA/", "AFP/", "MNA/TASS/", "(Reuters)", "[AP]", "AP —", "/TASS/".
_AGENCY_TOKEN = r"[A-Z][A-Z0-9&.\-]{1,11}"
_AGENCY = [
    re.compile(rf"^/?{_AGENCY_TOKEN}(?:\s*/\s*{_AGENCY_TOKEN})*\s*/$"),
    re.compile(r"^[(\[]\s*[A-Z][A-Za-z&.\-]*(?:\s+[A-Z][A-Za-z&.\-]*){0,2}\s*[)\]]\.?$"),
    re.compile(rf"^{_AGENCY_TOKEN}\s*[—–-]+$"),
    re.compile(rf"^[—–-]+\s*{_AGENCY_TOKEN}$"),
]
# Bylines and credits: "By Jane Doe", "Reporting by Jane Doe; Editing by John Roe".
_NAME = r"[A-Z][\w'’.\-]*"
_ROLE = r"(?i:(?:(?:additional\s+)?reporting|writing|editing|edited|written|compiled|produced|photos?)\s+)"
_NAMES = rf"{_NAME}(?:\s+(?:{_NAME}|(?i:and)|&|de|van|von|al|bin))*"
# "By LIIS TAMM Associated Press", "By Hannah Weiss, Arts Correspondent": a credit may end
# in the writer's desk or agency, capitalised words after a comma or a pipe.
_CREDIT = rf"(?:\s*[,|]\s*{_NAME}(?:\s+(?:{_NAME}|(?i:and|of|for)|&))*)?"
_BYLINE = re.compile(
    rf"^{_ROLE}?(?i:by)\s+{_NAMES}{_CREDIT}(?:\s*[;,|]\s*{_ROLE}(?i:by)\s+{_NAMES})*\s*\.?$",
)
_WIDGETS = [
    # comment prompts
    re.compile(
        r"^(?:your|leave\s+a|leave\s+your|post\s+a|add\s+a|add|write\s+a|show|view|hide|read|see|load|"
        r"\d+)?\s*comments?(?:\s*\(\d+\))?\s*[:.!]?$",
        _I,
    ),
    re.compile(r"^leave\s+a\s+reply\s*[:.]?$", _I),
    re.compile(r"^(?:be\s+the\s+first\s+to\s+comment|join\s+the\s+(?:conversation|discussion))\s*[.!]?$", _I),
    # share widgets
    re.compile(
        r"^share(?:\s+(?:this(?:\s+(?:article|story|post|page))?|the\s+(?:article|story)|it|now))?"
        r"(?:\s+(?:on|via|with)\s+[\w+ ]{1,20})?\s*[:.!]?$",
        _I,
    ),
    re.compile(
        r"^(?:(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|print|tweet|"
        r"copy\s+link|messenger|vk)[\s|,·•]*){1,8}$",
        _I,
    ),
    re.compile(r"^follow\s+us(?:\s+on\s+[\w ]{1,25})?\s*[:.!]?$", _I),
    # time stamps: "Updated 10:32 GMT, 27 September 2024", "Published: 3 March 2025"
    re.compile(r"^(?:last\s+)?(?:updated|published|posted|first\s+published)\b[:\s][\w:,./ +-]{3,50}$", _I),
    # related / read more
    re.compile(
        r"^(?:related(?:\s+(?:articles?|stories|news|posts|content|coverage|topics))?|read\s+more|"
        r"read\s+also|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|you\s+may\s+also\s+like|"
        r"recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|"
        r"more\s+from\s+[\w ]{1,25}|top\s+stories|latest\s+news)\s*[:.!>»]*$",
        _I,
    ),
    re.compile(r"^(?:advertisement|advert|sponsored(?:\s+content)?|ad)\s*[:.]?$", _I),
    re.compile(r"^[-–—*\s]*advertisement[-–—*\s]*$", _I),
    re.compile(r"^story\s+continues\s+below(?:\s+(?:this\s+)?advertisement)?\s*[.:]?$", _I),
    # copyright
    re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}).*$", _I),
    re.compile(r"^.*\ball\s+rights\s+reserved\s*\.?$", _I),
    re.compile(r"^all\s+rights\s+reserved\s*\.?$", _I),
]
# "Tags: ...", "Topics: ...": labelled lists whose label is the signal.
_LABELLED = re.compile(
    r"^(?:tags?|topics?|keywords?|filed\s+under|categories|category|read\s+more|related|see\s+also|"
    r"also\s+read|source)\s*:\s*\S.*$",
    _I,
)
# Imperative calls to action: the opening words are the signal, the rest is free.
_PROMPT = re.compile(r"^(?:subscribe|sign\s+up|click\s+here|tap\s+here|download\s+our\s+app)\b.*$", _I)
MAX_PROMPT_WORDS = 12
_ADVERT = re.compile(r"^[-–—*\s]*(?:advertisement|advert|sponsored content)[-–—*\s]*[:.]?$", _I)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _words(line: str) -> int:
    return len(line.split())


def is_furniture_line(line: str) -> bool:
    """True when one stripped line belongs to one of the furniture classes."""
    line = line.strip()
    if not line:
        return False
    n = _words(line)
    if n <= MAX_LABELLED_WORDS and _LABELLED.match(line):
        return True
    if n <= MAX_BYLINE_WORDS and _BYLINE.match(line.removeprefix("(").removesuffix(")").strip()):
        return True  # "(Reporting by A B; Editing by C D)" too
    if n <= MAX_PROMPT_WORDS and _PROMPT.match(line):
        return True
    if n > MAX_WORDS:
        return False
    if any(p.match(line) for p in _AGENCY):
        return True
    return any(p.match(line) for p in _WIDGETS)


def _headline_like(line: str) -> bool:
    """A short first line that does not end like a sentence of running text."""
    line = line.strip()
    return _words(line) <= 25 and not line.endswith((".", ":", ";", ","))


def _lines(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every line's content (line ends excluded), from ``start``."""
    out: list[tuple[int, int]] = []
    pos = start
    n = len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        assert m is not None
        chunk = m.group(0)
        content = chunk.rstrip("\r\n")
        out.append((pos, pos + len(content)))
        if not chunk:
            break
        pos += len(chunk)
    return out


def _strip_span(text: str, start: int, end: int) -> Span | None:
    seg = text[start:end]
    left = len(seg) - len(seg.lstrip())
    right = len(seg.rstrip())
    if right <= left:
        return None
    return Span(start=start + left, end=start + right)


def find_furniture(text: str, *, start: int = 0) -> tuple[Span, ...]:
    """Spans of furniture lines in the leading and trailing blocks of ``text``.

    Scanning stops at the first line (from either end) that is real content, so a
    short furniture-like line in the middle of an article is never touched, except a
    standalone "Advertisement". ``start`` skips a prefix (e.g. front matter).
    """
    lines = _lines(text, start)
    marked: set[int] = set()
    for forward, order in ((True, range(len(lines))), (False, range(len(lines) - 1, -1, -1))):
        headlines_left = 2 if forward else 0  # a headline and a standfirst may come first
        for i in order:
            s, e = lines[i]
            line = text[s:e]
            if not line.strip():
                continue
            if is_furniture_line(line):
                marked.add(i)
                continue
            if headlines_left and _headline_like(line) and not marked:
                headlines_left -= 1  # a byline may follow the headline
                continue
            break
    for i, (s, e) in enumerate(lines):
        if i not in marked and _ADVERT.match(text[s:e].strip()):
            marked.add(i)
    spans = []
    for i in sorted(marked):
        span = _strip_span(text, *lines[i])
        if span is not None:
            spans.append(span)
    return tuple(spans)


_FRONT_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?=\r\n|\r|\n|\Z)", re.MULTILINE)
MAX_FRONT_MATTER = 65_536


def front_matter_span(text: str) -> tuple[Span, str] | None:
    """The YAML front matter block at the very top of a Markdown text and its body."""
    m = _FRONT_OPEN.match(text)
    if not m:
        return None
    close = _FRONT_CLOSE.search(text, m.end(), min(len(text), m.end() + MAX_FRONT_MATTER))
    if not close:
        return None
    return Span(start=0, end=close.end()), text[m.end() : close.start()]


_MARKUP = re.compile(
    r"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)


def markup_spans(text: str) -> tuple[Span, ...]:
    """Raw ``<script>``/``<style>`` blocks and HTML comments inside Markdown: never content."""
    return tuple(Span(start=m.start(), end=m.end()) for m in _MARKUP.finditer(text))


# --------------------------------------------------------------------------- datelines

_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "LONDON, Dec 5 (Reuters) -", "OSLO, Norway (AP) —", "HONG KONG, March 3, 2025 (Reuters) -",
# "BERLIN -", "Nairobi, Kenya (AFP) —": a place (capitals, or title case when an agency in
# brackets follows), an optional region, date and agency, then a dash.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'.\-]*(?:\s[A-Z][A-Z'.\-]*){0,3}"
    r"|[A-Z][a-z'\-]+(?:\s[A-Z][a-z'\-]+){0,2}(?=(?:,[^(\n]{1,40})?\s*\())"
    r"(?:,\s*(?P<region>(?!" + _MONTH_WORD + r"\s*\d)[A-Z][A-Za-z.'\-]+(?:\s[A-Z][A-Za-z.'\-]+){0,2}))?"
    r"(?:,?\s*(?P<date>" + _MONTH_WORD + r"\s+\d{1,2}(?:,?\s+\d{4})?))?"
    r"(?:\s*\((?P<agency>[A-Za-z][A-Za-z.&' ]{0,30})\))?"
    r"(?:\s*(?:—|–|--|-)|(?P<colon>:))\s+"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where (and when, by whom) a story was filed: "LONDON, Dec 5 (Reuters) -"."""

    span: Span  # the dateline with its dash, in the text
    text: str  # as written, without the dash: "LONDON, Dec 5 (Reuters)"
    place: str  # title case: "London"
    region: str | None
    date: str | None  # as written: "Dec 5", "March 3, 2025"
    agency: str | None
    colon: bool = False  # "MUMBAI: ..." (South Asian style): a speaker label looks the same


def find_dateline(text: str, *, start: int = 0) -> Dateline | None:
    """The dateline opening ``text``, if any (see :func:`find_datelines`)."""
    found = find_datelines(text, start=start)
    return found[0] if found and found[0].span.start < _opening_end(text, start) else None


def find_datelines(text: str, *, start: int = 0) -> list[Dateline]:
    """Datelines at the start of a line: in the first four non-blank lines (after a
    headline and a byline) any dateline; further down, only one naming its agency
    ("WASHINGTON (AP) —" opening each entry of a live report). A place is one to four
    words, and the line must go on in running text."""
    out: list[Dateline] = []
    seen = 0
    for s, e in _lines(text, start):
        line = text[s:e]
        if not line.strip():
            continue
        seen += 1
        m = _DATELINE.match(line)
        rest = line[m.end() :] if m is not None else ""
        if m is None or not any(ch.islower() for ch in rest) or not _place_like(m.group("place")):
            continue
        if not m.group("place").isupper() and m.group("agency") is None:
            continue
        if seen > 4 and m.group("agency") is None:
            continue
        if m.group("colon") and not m.group("place").isupper():
            continue
        head = line[: m.end()].rstrip()
        written = re.sub(r"\s*(?:—|–|--|-|:)$", "", head).strip()
        out.append(
            Dateline(
                span=Span(start=s, end=s + len(head)),
                text=written,
                place=_title(m.group("place")),
                region=m.group("region"),
                date=m.group("date"),
                agency=(m.group("agency") or "").strip() or None,
                colon=bool(m.group("colon")),
            )
        )
    return out


def _opening_end(text: str, start: int) -> int:
    """Where the fifth non-blank line starts: a story's own dateline comes before it."""
    seen = 0
    for s, e in _lines(text, start):
        if text[s:e].strip():
            seen += 1
            if seen > 4:
                return s
    return len(text)


_BRIEF_TAG = re.compile(r"[ \t]*(?:BRIEF|UPDATE \d+|WRAPUP \d*|EXCLUSIVE|RPT|CORRECTED)[ \t]*[-–—:][ \t]*")


def brief_tag(text: str, *, start: int = 0) -> Span | None:
    """A wire slug opening the headline ("BRIEF-", "UPDATE 2-", "EXCLUSIVE-"): the desk's
    label, not part of what the headline says."""
    for s, e in _lines(text, start):
        if text[s:e].strip():
            m = _BRIEF_TAG.match(text, s, e)
            return Span(start=m.start(), end=m.end()) if m and m.end() < e else None
    return None


# A live report's entry opens with its time: "07:32 GMT —", "3:15 p.m. -", "10.05am:".
_TIMESTAMP = re.compile(
    r"(?m)^[ \t]*\d{1,2}[:.]\d{2}[ \t]*(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|[ap]\.?m\.?|[AP]M|local time)?"
    r"[ \t]*(?:—|–|--|-|:|\|)[ \t]+(?=\S)"
)


def timestamps(text: str, *, start: int = 0) -> tuple[Span, ...]:
    """The times that open the entries of a live report: page furniture."""
    return tuple(Span(start=m.start(), end=m.end()) for m in _TIMESTAMP.finditer(text, start))


def parse_dateline(written: str) -> Dateline | None:
    """A dateline as stored in DocumentMeta.dateline, taken apart again."""
    return find_dateline(written + " - said")


def _place_like(place: str) -> bool:
    letters = [ch for ch in place if ch.isalpha()]
    return len(letters) >= 2 and place.lower() not in {"by", "updated", "update", "breaking", "live"}


def _title(place: str) -> str:
    if not place.isupper():
        return place
    return " ".join(
        w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-"))
        for w in place.split()
    )
