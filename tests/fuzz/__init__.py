"""A bounded fuzz run over ingest -> extract -> export (RELIABILITY.md §4.3), in CI."""
