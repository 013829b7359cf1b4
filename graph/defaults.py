"""Defaults the command line shows and the modules behind it use: one place, cheap to import
(the CLI needs them to build its options before anything heavy is loaded)."""

from __future__ import annotations

__all__ = ["DEFAULT_PORT", "MAX_ROWS", "QUERY_TIMEOUT"]

DEFAULT_PORT = 7879
"""Port of ``kg serve``."""
MAX_ROWS = 100_000
"""Default cap on the rows (SELECT) or triples (CONSTRUCT/DESCRIBE) of one ``kg serve`` answer."""
QUERY_TIMEOUT = 30.0
"""Seconds a query of ``kg query`` or ``kg serve`` may run before it is stopped."""
