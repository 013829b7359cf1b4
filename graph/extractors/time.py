"""Dates and tense of claims: "on Monday", "Nov. 12", "a day later", "early November".

A date phrase is resolved against the document's date (its dateline's day, else
``DocumentMeta.published``) and,
for relative phrases ("a day later"), against the previous date resolved in the same
document, so that claims can be ordered on a timeline. Results are ISO strings: a day
"YYYY-MM-DD" or an interval "YYYY-MM-DD/YYYY-MM-DD". What cannot be resolved stays None
(the phrase itself is kept on the attribution as ``date_phrase``). Stdlib only.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from graph.extractors import stance
from graph.extractors._registry import register
from graph.records import Attribution, Extraction

if TYPE_CHECKING:
    from spacy.tokens import Doc

WEEKDAYS: dict[str, int] = {
    name: i
    for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a couple of": 2,
    "several": 3,
}
UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_NUM = r"(?P<n>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\b" + _YEAR, re.I)
_DAY_MONTH = re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?![a-z])" + _YEAR, re.I)
_PART_OF_MONTH = re.compile(
    r"\b(?P<part>early|mid|middle of|late|the end of|end of|the beginning of|beginning of)[\s-]+"
    + _MONTH
    + r"(?![a-z])"
    + _YEAR,
    re.I,
)
_MONTH_ONLY = re.compile(r"\b(?:in|during|since|by|last|this|next)?\s*" + _MONTH + r"(?![a-z])" + _YEAR, re.I)
_YEAR_ONLY = re.compile(r"\b(?:in|during|since|by)\s+(?P<year>\d{4})\b", re.I)
_WEEKDAY = re.compile(r"\b(?:(?P<which>last|next|this|past)\s+)?(?P<wd>" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(
    r"\b" + _NUM + r"\s+(?P<unit>day|week)s?\s+(?P<dir>later|earlier|before|after|afterwards?|ago)\b", re.I
)
_NEXT_DAY = re.compile(
    r"\bthe\s+(?P<which>next|following|previous|preceding)\s+day\b|\bthe\s+day\s+(?P<dir>before|after)\b",
    re.I,
)
_DEICTIC = re.compile(
    r"\b(?P<word>yesterday|today|tonight|this morning|this afternoon|this evening|tomorrow|"
    r"last week|this week|next week|last month|this month|next month|last year|this year|next year)\b",
    re.I,
)

PART_DAYS: dict[str, tuple[int, int | None]] = {
    "early": (1, 10),
    "beginning of": (1, 10),
    "the beginning of": (1, 10),
    "mid": (11, 20),
    "middle of": (11, 20),
    "late": (21, None),
    "end of": (21, None),
    "the end of": (21, None),
}


def parse_iso(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD string as a date; None for anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def start_of(value: str | None) -> dt.date | None:
    """The first day of a resolved date or interval."""
    return parse_iso(value.split("/")[0]) if value else None


def _interval(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _year_for(month: int, day: int, explicit: str | None, today: dt.date | None) -> int | None:
    """The document's year, rolled back a year if that would put the date after the document."""
    if explicit:
        return int(explicit)
    if today is None:
        return None
    year = today.year
    try:
        if dt.date(year, month, min(day, _month_end(year, month))) > today:
            year -= 1
    except ValueError:
        return None
    return year


def resolve_date(phrase: str | None, today: dt.date | None, previous: dt.date | None = None) -> str | None:
    """Resolve a date phrase to "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD"; None when it cannot be.

    ``today`` is the document's date; ``previous`` the last date resolved before this phrase
    in the same document (the anchor of "a day later").
    """
    if not phrase:
        return None
    text = " ".join(phrase.replace("’", "'").split())
    if m := _ISO.search(text):
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            return None
    if m := _RELATIVE.search(text):
        n = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"].lower()]
        days = n * UNIT_DAYS[m["unit"].lower()]
        direction = m["dir"].lower()
        if direction == "ago":
            return (today - dt.timedelta(days=days)).isoformat() if today else None
        if previous is None:
            return None
        sign = 1 if direction.startswith(("later", "after")) else -1
        return (previous + dt.timedelta(days=sign * days)).isoformat()
    if m := _NEXT_DAY.search(text):
        if previous is None:
            return None
        word = (m["which"] or m["dir"] or "").lower()
        sign = 1 if word in ("next", "following", "after") else -1
        return (previous + dt.timedelta(days=sign)).isoformat()
    if m := _PART_OF_MONTH.search(text):
        month = MONTHS[m["month"].lower()]
        year = _year_for(month, 1, m["year"], today)
        if year is None:
            return None
        first, last = PART_DAYS[" ".join(m["part"].lower().split())]
        end = last if last is not None else _month_end(year, month)
        return _interval(dt.date(year, month, first), dt.date(year, month, end))
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        if m := pattern.search(text):
            month, day = MONTHS[m["month"].lower()], int(m["day"])
            year = _year_for(month, day, m["year"], today)
            if year is None:
                return None
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return None
    if m := _WEEKDAY.search(text):
        if today is None:
            return None
        weekday = WEEKDAYS[m["wd"].lower()]
        which = (m["which"] or "").lower()
        back = (today.weekday() - weekday) % 7
        if which == "next":
            ahead = (weekday - today.weekday()) % 7 or 7
            return (today + dt.timedelta(days=ahead)).isoformat()
        if which in ("last", "past") and back == 0:
            back = 7
        return (today - dt.timedelta(days=back)).isoformat()
    if m := _DEICTIC.search(text):
        return _deictic(m["word"].lower(), today)
    if m := _MONTH_ONLY.search(text):
        month = MONTHS[m["month"].lower()]
        if (
            m["month"].lower() in ("may", "march")
            and not m["year"]
            and not re.search(r"\b(in|during|since|by|last|this|next)\s", text, re.I)
        ):
            return None  # "may" / "march" alone are usually not months
        year = _year_for(month, 1, m["year"], today)
        if year is None:
            return None
        return _interval(dt.date(year, month, 1), dt.date(year, month, _month_end(year, month)))
    if m := _YEAR_ONLY.search(text):
        year = int(m["year"])
        return _interval(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return None


def _deictic(word: str, today: dt.date | None) -> str | None:
    if today is None:
        return None
    if word == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat()
    if word == "tomorrow":
        return (today + dt.timedelta(days=1)).isoformat()
    if word in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return today.isoformat()
    which, unit = word.split()
    shift = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=shift)
        return _interval(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        month0 = today.year * 12 + today.month - 1 + shift
        year, month = divmod(month0, 12)
        month += 1
        return _interval(dt.date(year, month, 1), dt.date(year, month, _month_end(year, month)))
    year = today.year + shift
    return _interval(dt.date(year, 1, 1), dt.date(year, 12, 31))


def resolve_attributions(
    attributions: tuple[Attribution, ...],
    published: str | None,
    *,
    tenses: dict[str, str | None] | None = None,
) -> tuple[Attribution, ...]:
    """Resolve each attribution's date phrase in text order; relative phrases chain on the
    last resolved point in time."""
    today = parse_iso(published)
    previous: dt.date | None = None
    out: list[Attribution] = []
    order = sorted(range(len(attributions)), key=lambda i: _position(attributions[i]))
    resolved: dict[int, Attribution] = {}
    for i in order:
        a = attributions[i]
        date = resolve_date(a.date_phrase, today, previous) if a.date_phrase else None
        if date is not None:
            previous = start_of(date) if "/" not in date else previous or start_of(date)
        changes: dict[str, object] = {}
        if date != a.date:
            changes["date"] = date if date is not None else a.date
        if tenses is not None and a.id in tenses and a.tense is None:
            changes["tense"] = tenses[a.id]
        resolved[i] = dataclasses.replace(a, **changes) if changes else a  # type: ignore[arg-type]
    out = [resolved[i] for i in range(len(attributions))]
    return tuple(out)


def _position(a: Attribution) -> int:
    spans = [s.start for s in (*a.cue, *a.content)]
    if a.date_span is not None:
        spans.append(a.date_span.start)
    return min(spans) if spans else 0


@register("time", requires=("attributions",), produces=("time",))
def make_time():  # type: ignore[no-untyped-def]
    """Build the date / tense extractor."""

    def extract(doc: Doc, so_far: Extraction) -> Extraction:
        tenses = {
            a.id: stance.content_tense(doc, [(s.start, s.end) for s in a.content])
            for a in so_far.attributions
        }
        from graph.ingest import anchor_date

        attributions = resolve_attributions(
            so_far.attributions, anchor_date(so_far.document.meta), tenses=tenses
        )
        return dataclasses.replace(so_far, attributions=attributions)

    return extract
