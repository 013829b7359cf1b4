"""Text strategies shared by the property and fuzz suites; settings profiles.

``KG_HYPOTHESIS_SCALE`` multiplies every example budget (default 1: the CI budget).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from reliability._support import NASTY

SCALE = max(float(os.environ.get("KG_HYPOTHESIS_SCALE", "1")), 0.1)


def budget(examples: int, *, derandomize: bool = True) -> settings:
    """CI settings: ``examples`` (times the scale), no deadline, reproducible unless told not to be."""
    return settings(
        max_examples=max(int(examples * SCALE), 1),
        deadline=None,
        derandomize=derandomize,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
"""Any Unicode text without lone surrogates."""

nasty_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)), max_size=12)),
    max_size=25,
).map("".join)
"""Nasty fragments (quotes, bidi, zero-width, Turtle/SPARQL syntax, markup, controls) mixed with text."""

article_text = st.lists(
    st.one_of(
        st.sampled_from(NASTY),
        st.sampled_from(
            [
                "John Smith said",
                " on Monday that ",
                '"the plan is done."',
                "Acme Corp",
                " told reporters ",
                "in London",
                ", a spokesman, ",
                " according to the ministry.",
                "\n",
            ]
        ),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=10),
    ),
    min_size=1,
    max_size=20,
).map("".join)
"""Article-like text: claims, names and cues interleaved with nasty fragments and noise."""

texts = st.one_of(any_text, nasty_text, article_text)
