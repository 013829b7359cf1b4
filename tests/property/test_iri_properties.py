"""Properties of IRI minting (IN-12, IN-13): any text -> a valid, deterministic, Cf-blind IRI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from graph import iri
from property.strategies import budget, texts

KINDS = st.sampled_from(["person", "organization", "place", "group", "other", "Weird Kind/../"])
FORMAT_CHARS = st.sampled_from(
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u202e", "\u2066", "\u00ad", "\ufeff"]
)


@budget(500, derandomize=False)
@given(name=texts, kind=KINDS)
@example(name="0\n", kind="person")  # found by this test: a slug-looking name with a newline
def test_mint_is_accepted_by_the_strict_parser_and_deterministic(name: str, kind: str) -> None:
    import pyoxigraph as ox

    minted = iri.mint(iri.DEFAULT_BASE, kind, name)
    assert ox.NamedNode(minted).value == minted
    assert minted == iri.mint(iri.DEFAULT_BASE, kind, name)
    assert minted.startswith(iri.DEFAULT_BASE) and len(minted) < len(iri.DEFAULT_BASE) + 160


@budget(300, derandomize=False)
@given(name=texts, inserts=st.lists(st.tuples(st.integers(0, 400), FORMAT_CHARS), max_size=5))
def test_format_characters_do_not_change_the_iri(name: str, inserts: list[tuple[int, str]]) -> None:
    noisy = name
    for position, ch in inserts:
        noisy = noisy[:position] + ch + noisy[position:]
    assert iri.mint(iri.DEFAULT_BASE, "person", noisy) == iri.mint(iri.DEFAULT_BASE, "person", name)


def _letters(name: str) -> str:
    key = unicodedata.normalize("NFKD", iri.identity_key(name))
    return "".join(ch for ch in key if ch.isalnum())


@budget(300, derandomize=False)
@given(a=texts, b=texts)
def test_names_with_different_letters_get_different_slugs(a: str, b: str) -> None:
    if _letters(a) != _letters(b):
        assert iri.slug(a) != iri.slug(b) or not _letters(a) or not _letters(b)


@budget(300, derandomize=False)
@given(name=texts)
def test_slug_is_idempotent(name: str) -> None:
    assert iri.slug(iri.slug(name)) == iri.slug(name)


def test_mint_is_stable_across_processes_and_hash_seeds() -> None:
    names = ["Acme Corp", "Zoë Müller", "北京", "a\nb<c>%zz", "x" * 500, "\u202eevil", ""]
    code = (
        "import json, sys\nfrom graph import iri\n"
        "names = json.loads(sys.stdin.read())\n"
        "print(json.dumps([iri.mint(iri.DEFAULT_BASE, 'person', n) for n in names]))\n"
    )
    outputs = set()
    for seed in ("0", "1", "99"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(names),
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=60,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == [iri.mint(iri.DEFAULT_BASE, "person", n) for n in names]
