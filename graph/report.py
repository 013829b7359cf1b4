"""The run summary every command ends with, and its exit-code contract.

Exit codes (frozen; documented in the README):

====  ==========================================================================
0     success, nothing skipped
1     internal error (a bug) — a traceback only with ``--debug``
2     usage error: unknown option, unknown extractor or model, ``-`` with a TTY stdin, an
      output that would overwrite an input document
3     completed, but some inputs were skipped or failed (each listed with a reason)
4     store busy: locked by another process
5     I/O error on an output or the store (disk full, read-only) — old outputs intact
6     malformed or refused SPARQL
7     query timeout or resource limit
130   interrupted (SIGINT); 143 terminated (SIGTERM)
====  ==========================================================================
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field

OK = 0
INTERNAL = 1
USAGE = 2
PARTIAL = 3
STORE_BUSY = 4
IO_ERROR = 5
BAD_QUERY = 6
TIMEOUT = 7
INTERRUPTED = 130
TERMINATED = 143

_STOP_CODES = {"SIGINT": INTERRUPTED, "SIGTERM": TERMINATED}


def printable(text: str) -> str:
    """``text`` safe to print on one line: control, format and line-separator characters
    (a newline in a file name, a terminal escape, a bidi override) become visible escapes, so
    a name can neither split a message nor forge another line."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn") or not ch.isprintable():
            code = ord(ch)
            out.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return "".join(out)


@dataclass(slots=True)
class Problem:
    source: str
    code: str
    reason: str


@dataclass(slots=True)
class RunReport:
    """What a run saw and did; printed at the end and written with ``--report FILE``.

    The counters grow while the run goes, so a run stopped by a signal can still say how far
    it got: ``interrupted`` names the signal, and ``triples_added`` is None when the build was
    stopped before it could count them. ``stages`` holds each stage's time (graph.progress).
    """

    seen: int = 0
    processed: int = 0
    stored: int = 0  # read, but already in the store (same content): not extracted again
    skipped: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    triples_added: int | None = 0
    files_written: list[str] = field(default_factory=list)
    interrupted: str | None = None  # "SIGINT" or "SIGTERM"
    stages: list[dict[str, float | str]] = field(default_factory=list)  # {"stage", "seconds"}, in order
    notes: list[str] = field(default_factory=list)  # worth knowing, not a problem ("kg: note: ...")

    @property
    def exit_code(self) -> int:
        if self.interrupted is not None:
            return _STOP_CODES.get(self.interrupted, INTERRUPTED)
        return PARTIAL if self.skipped or self.failed else OK

    def skipped_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(p.code for p in self.skipped).items()))

    def to_json(self) -> str:
        data = asdict(self)
        data["skipped_by_reason"] = self.skipped_by_reason()
        data["exit_code"] = self.exit_code
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    def summary(self) -> str:
        parts = [f"{self.seen} seen", f"{self.processed} processed"]
        if self.stored:
            parts.append(f"{self.stored} already in the store")
        if self.skipped:
            reasons = ", ".join(f"{n} {code}" for code, n in self.skipped_by_reason().items())
            parts.append(f"{len(self.skipped)} skipped ({reasons})")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.triples_added is not None:
            parts.append(f"{self.triples_added} triples added")
        if self.files_written:
            parts.append(f"{len(self.files_written)} files written")
        return "; ".join(parts)
