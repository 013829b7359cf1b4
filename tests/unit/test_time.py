"""Date phrases resolved against the document date: one positive and one negative case per type."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.extractors.time import resolve_attributions, resolve_date
from graph.records import Attribution, Span

TODAY = dt.date(2024, 11, 19)  # a Tuesday
NOV_12 = dt.date(2024, 11, 12)


@pytest.mark.parametrize(
    ("phrase", "previous", "expected"),
    [
        ("on Monday", None, "2024-11-18"),
        ("Sunday", None, "2024-11-17"),
        ("on Tuesday", None, "2024-11-19"),  # the document's own weekday is that day
        ("last Monday", None, "2024-11-18"),
        ("last Tuesday", None, "2024-11-12"),
        ("next Monday", None, "2024-11-25"),
        ("on Nov. 12", None, "2024-11-12"),
        ("November 12", None, "2024-11-12"),
        ("12 November", None, "2024-11-12"),
        ("Dec. 25", None, "2023-12-25"),  # rolled back: not after the document
        ("November 12, 2016", None, "2016-11-12"),
        ("a day later", NOV_12, "2024-11-13"),
        ("two days earlier", NOV_12, "2024-11-10"),
        ("three weeks later", NOV_12, "2024-12-03"),
        ("the next day", NOV_12, "2024-11-13"),
        ("three days ago", None, "2024-11-16"),
        ("in early November", None, "2024-11-01/2024-11-10"),
        ("mid-October", None, "2024-10-11/2024-10-20"),
        ("late February", None, "2024-02-21/2024-02-29"),
        ("in November", None, "2024-11-01/2024-11-30"),
        ("yesterday", None, "2024-11-18"),
        ("today", None, "2024-11-19"),
        ("last week", None, "2024-11-11/2024-11-17"),
        ("this year", None, "2024-01-01/2024-12-31"),
        ("in 2016", None, "2016-01-01/2016-12-31"),
        ("on 2024-03-05", None, "2024-03-05"),
    ],
)
def test_resolves(phrase: str, previous: dt.date | None, expected: str) -> None:
    assert resolve_date(phrase, TODAY, previous) == expected


@pytest.mark.parametrize(
    ("phrase", "today", "previous"),
    [
        ("on Monday", None, None),  # no document date: weekdays stay unresolved
        ("last week", None, None),
        ("Nov. 12", None, None),  # no year anywhere
        ("a day later", TODAY, None),  # nothing earlier to count from
        ("the next day", TODAY, None),
        ("in early Smarch", TODAY, None),
        ("at a certain point in time", TODAY, None),
        ("may", TODAY, None),  # the modal, not the month
        ("recently", TODAY, None),
        ("on 2024-13-45", TODAY, None),
    ],
)
def test_unresolvable(phrase: str, today: dt.date | None, previous: dt.date | None) -> None:
    assert resolve_date(phrase, today, previous) is None


def _attr(id_: str, start: int, phrase: str | None) -> Attribution:
    return Attribution(
        id=id_, mode="indirect", content=(Span(start=start, end=start + 5),), date_phrase=phrase
    )


def test_relative_dates_chain_in_text_order() -> None:
    attributions = (
        _attr("b", 50, "a day later"),  # listed first, but comes after "on Nov. 12" in the text
        _attr("a", 10, "on Nov. 12"),
        _attr("c", 90, "on Monday"),
        _attr("d", 120, "somewhere"),
    )
    out = {a.id: a for a in resolve_attributions(attributions, "2024-11-19")}
    assert out["a"].date == "2024-11-12"
    assert out["b"].date == "2024-11-13"
    assert out["c"].date == "2024-11-18"
    assert out["d"].date is None and out["d"].date_phrase == "somewhere"


def test_without_document_date_only_absolute_dates_resolve() -> None:
    out = resolve_attributions((_attr("a", 0, "on Monday"), _attr("b", 9, "on Nov. 12, 2024")), None)
    assert [a.date for a in out] == [None, "2024-11-12"]
