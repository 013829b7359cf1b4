"""Quotation spans in running text: paired marks, per paragraph, without a parser.

Handles curly, straight, low-9 and guillemet double quotes and '' (two apostrophes).
A mark left open closes at the end of its paragraph, unless the next paragraph opens
with a quote mark too: then, by the news convention, the quote continues there.
Single quotes are not quotation marks at top level (they are apostrophes far more often).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“„‟«"
CLOSING = "”»"
STRAIGHT = '"'
# A quote longer than this is more likely a stray mark than a quotation.
MAX_QUOTE_CHARS = 4000
_MARK = re.compile("''|[\"“”„‟«»]")


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # position of the opening mark
    end: int  # position after the closing mark (or the paragraph end)
    closed: bool
    paragraph: int

    def inner(self, text: str) -> tuple[int, int]:
        """The quoted words without the marks."""
        s = self.start + (2 if text.startswith("''", self.start) else 1)
        e = self.end
        if self.closed:
            e -= 2 if text.endswith("''", 0, self.end) else 1
        return s, max(s, e)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of non-empty lines (news paragraphs are lines)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in the text, one span per paragraph it touches."""
    quotes: list[Quote] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        open_at: int | None = None
        open_kind = ""
        for match in _MARK.finditer(text, p_start, p_end):
            mark = match.group(0)
            if open_at is None:
                if mark not in CLOSING:
                    open_at, open_kind = match.start(), mark
                continue
            straight_pair = open_kind in (STRAIGHT, "''") and mark in (STRAIGHT, "''")
            # German and other low-9 quotes close with a high mark: „…“ (and „…” in some fonts).
            low_nine = open_kind == "„" and mark in "“”"
            if not (straight_pair or low_nine or (open_kind in OPENING and mark in CLOSING)):
                continue  # a nested or repeated opening mark: keep the outer one
            if match.end() - open_at <= MAX_QUOTE_CHARS:
                quotes.append(Quote(start=open_at, end=match.end(), closed=True, paragraph=index))
            open_at = None
        if open_at is not None:
            end = _rstrip(text, p_start, p_end)
            if 1 < end - open_at <= MAX_QUOTE_CHARS:
                quotes.append(Quote(start=open_at, end=end, closed=False, paragraph=index))
    return quotes


def _first_mark(text: str, start: int, end: int) -> int | None:
    m = _MARK.search(text, start, end)
    return m.start() if m else None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def quote_groups(quotes: list[Quote], text: str) -> list[list[Quote]]:
    """Quotes that run over several paragraphs, grouped (an open quote plus its continuations)."""
    groups: list[list[Quote]] = []
    for q in quotes:
        if groups and not groups[-1][-1].closed and groups[-1][-1].paragraph == q.paragraph - 1:
            first_mark = text[q.start]
            line_start = text.rfind("\n", 0, q.start) + 1
            if text[line_start : q.start].strip() == "" and first_mark in OPENING + STRAIGHT:
                groups[-1].append(q)
                continue
        groups.append([q])
    return groups
