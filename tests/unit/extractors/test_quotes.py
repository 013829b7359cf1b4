"""Quotation spans without a parser: graph.extractors.quotes (pure, no model)."""

from __future__ import annotations

import pytest

from graph.extractors.quotes import MAX_QUOTE_CHARS, Quote, find_quotes, paragraphs, quote_groups


def texts(text: str, quotes: list[Quote] | None = None) -> list[str]:
    """The quotations as written, marks included."""
    return [text[q.start : q.end] for q in (find_quotes(text) if quotes is None else quotes)]


def inner(text: str) -> list[str]:
    return [text[slice(*q.inner(text))] for q in find_quotes(text)]


# --------------------------------------------------------------------------- mark styles


@pytest.mark.parametrize(
    ("text", "quoted", "words"),
    [
        ("The mayor called it “a fair deal” on Monday.", "“a fair deal”", "a fair deal"),
        ('The mayor called it "a fair deal" on Monday.', '"a fair deal"', "a fair deal"),
        ("The mayor called it „a fair deal” on Monday.", "„a fair deal”", "a fair deal"),
        ("Le maire a parlé d'«un accord juste» lundi.", "«un accord juste»", "un accord juste"),
        ("The mayor called it ''a fair deal'' on Monday.", "''a fair deal''", "a fair deal"),
    ],
    ids=["curly", "straight", "low9-right-double", "guillemets", "two-apostrophes"],
)
def test_paired_marks_make_one_closed_quote(text: str, quoted: str, words: str) -> None:
    quotes = find_quotes(text)
    assert texts(text, quotes) == [quoted]
    assert quotes[0].closed
    assert inner(text) == [words]


def test_german_low9_quote_closes_on_left_double_mark() -> None:
    text = "Der Minister sagte „wir bauen die Brücke neu“ am Dienstag."
    quotes = find_quotes(text)
    assert texts(text, quotes) == ["„wir bauen die Brücke neu“"]
    assert quotes[0].closed


def test_text_without_marks_has_no_quotes() -> None:
    assert find_quotes("The council approved the budget after a long debate.") == []
    assert find_quotes("") == []


def test_apostrophes_and_single_quotes_are_not_quotations() -> None:
    text = "The players' union rejected the 'final' offer, the team's owner said."
    assert find_quotes(text) == []


def test_two_quotes_in_one_paragraph_are_separate() -> None:
    text = "She answered “yes” to the first question and “not yet” to the second."
    assert texts(text) == ["“yes”", "“not yet”"]


def test_single_quotes_nested_inside_double_quotes_stay_inside() -> None:
    text = "\"The driver shouted 'stop the bus' twice,\" a passenger said."
    assert texts(text) == ["\"The driver shouted 'stop the bus' twice,\""]
    assert inner(text) == ["The driver shouted 'stop the bus' twice,"]


def test_curly_single_quotes_nested_inside_curly_doubles() -> None:
    text = "“They told us ‘wait one more week’ again,” the tenant said."
    assert texts(text) == ["“They told us ‘wait one more week’ again,”"]


def test_repeated_opening_mark_keeps_the_outer_quote() -> None:
    text = "He wrote “one “two” three” in the note."
    quotes = find_quotes(text)
    # The nested opening mark is ignored; the first closing mark closes the outer quote.
    assert texts(text, quotes) == ["“one “two”"]
    assert quotes[0].closed


# --------------------------------------------------------------------------- unbalanced marks


def test_unclosed_quote_closes_at_its_paragraph_end() -> None:
    text = 'The coach said "we will be back next season   \nThe club has not confirmed the report.'
    quotes = find_quotes(text)
    assert texts(text, quotes) == ['"we will be back next season']
    assert not quotes[0].closed
    assert quotes[0].paragraph == 0
    assert inner(text) == ["we will be back next season"]
    # Never past the paragraph: the next line is untouched.
    assert quotes[0].end <= text.index("\n")


def test_closed_quote_in_the_same_layout_is_closed() -> None:
    text = 'The coach said "we will be back next season."\nThe club has not confirmed the report.'
    quotes = find_quotes(text)
    assert texts(text, quotes) == ['"we will be back next season."']
    assert quotes[0].closed


def test_lone_mark_at_paragraph_end_is_not_a_quote() -> None:
    assert find_quotes('The spokesman said "') == []


@pytest.mark.parametrize(
    "text",
    [
        "He said ” the plan was dead.",
        "The senator » walked out of the room.",
    ],
    ids=["curly-closing", "guillemet-closing"],
)
def test_stray_closing_mark_opens_nothing(text: str) -> None:
    assert find_quotes(text) == []


def test_stray_closing_mark_before_a_real_quote_is_ignored() -> None:
    text = "” The judge called it “a serious breach” in court."
    assert texts(text) == ["“a serious breach”"]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "“",
        "”“”„«»''\"",
        '"a\n"b\n"c',
        "«« »» “” ''",
        '\n\n"\n',
    ],
)
def test_odd_mark_soups_do_not_raise_and_stay_in_their_paragraph(text: str) -> None:
    quotes = find_quotes(text)
    paras = paragraphs(text)
    for q in quotes:
        p_start, p_end = paras[q.paragraph]
        assert p_start <= q.start < q.end <= p_end
    quote_groups(quotes, text)


def test_overlong_quotation_is_dropped() -> None:
    text = '"' + "word " * (MAX_QUOTE_CHARS // 5 + 10) + '" he said.'
    assert find_quotes(text) == []
    short = '"' + "word " * 20 + '" he said.'
    assert len(find_quotes(short)) == 1


# --------------------------------------------------------------------------- paragraphs


def test_paragraphs_are_non_empty_lines() -> None:
    text = "First line.\n\n   \nSecond line.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["First line.", "Second line."]


def test_one_quote_span_per_paragraph() -> None:
    text = "“First point,” she said.\n“Second point,” she added."
    quotes = find_quotes(text)
    assert [q.paragraph for q in quotes] == [0, 1]


# --------------------------------------------------------------------------- continuation


def test_open_quote_continues_into_next_paragraph_opening_with_a_mark() -> None:
    text = (
        "“The first year was hard. We had no office and no money.\n"
        "“Then the donations came in,” the founder said."
    )
    quotes = find_quotes(text)
    assert texts(text, quotes) == [
        "“The first year was hard. We had no office and no money.",
        "“Then the donations came in,”",
    ]
    assert [q.closed for q in quotes] == [False, True]
    groups = quote_groups(quotes, text)
    assert [[text[q.start : q.end] for q in g] for g in groups] == [texts(text, quotes)]


def test_continuation_over_three_paragraphs_with_blank_lines_and_straight_marks() -> None:
    text = (
        '"We rebuilt the roof first.\n\n'
        '"Then we fixed the walls.\n\n'
        '"The school opens in May," the principal said.'
    )
    quotes = find_quotes(text)
    assert [q.closed for q in quotes] == [False, False, True]
    groups = quote_groups(quotes, text)
    assert len(groups) == 1
    assert len(groups[0]) == 3


def test_continuation_allows_leading_spaces_before_the_mark() -> None:
    text = "“The roads are closed.\n   “Stay at home,” the sheriff said."
    assert len(quote_groups(find_quotes(text), text)) == 1


def test_closed_quote_does_not_continue() -> None:
    text = "“The roads are closed,” the sheriff said.\n“Stay at home,” she added."
    groups = quote_groups(find_quotes(text), text)
    assert len(groups) == 2


def test_open_quote_does_not_continue_into_a_paragraph_without_a_leading_mark() -> None:
    text = "The sheriff said “the roads are closed.\nResidents later said “nobody warned us” at all."
    quotes = find_quotes(text)
    assert texts(text, quotes) == ["“the roads are closed.", "“nobody warned us”"]
    groups = quote_groups(quotes, text)
    assert len(groups) == 2


def test_open_quote_does_not_continue_over_a_paragraph_without_quotes() -> None:
    text = "“The roads are closed.\nThe storm moved east overnight.\n“Stay at home,” the sheriff said."
    groups = quote_groups(find_quotes(text), text)
    assert len(groups) == 2


def test_closing_mark_opening_a_paragraph_does_not_continue() -> None:
    text = "“The roads are closed.\n” Stay at home, “the sheriff” said."
    quotes = find_quotes(text)
    groups = quote_groups(quotes, text)
    assert [[text[q.start : q.end] for q in g] for g in groups] == [
        ["“The roads are closed."],
        ["“the sheriff”"],
    ]
