"""Hypothesis properties of ingest -> extract -> build -> export (RELIABILITY.md §4.1-§4.2)."""
