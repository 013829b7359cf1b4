"""Developer tools run with ``python -m graph.tools.<name>`` (not part of the public API)."""
