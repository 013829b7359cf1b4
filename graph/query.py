"""Run SPARQL over a graph: text, a ``.rq`` file, or a named query from ``graph/queries/``.

Why it looks the way it does (PERF.md section 4, RELIABILITY.md risks 5-6, R8-R9, Q-01..Q-09):

* Queries on an oxrdflib-backed dataset go straight to pyoxigraph's engine over the union of
  the named graphs; rdflib's evaluator is only the fallback for other stores (it is 10-1000x
  slower on joins and aggregates).
* Both engines execute ``SERVICE`` (an outbound HTTP request) and rdflib fetches ``FROM <url>``
  and reads ``FROM NAMED <file:...>``. So every query is parsed first and refused, before any
  evaluation, if its parse tree holds a SERVICE pattern or a dataset clause, or if it is an
  update. Unicode escapes (``\\u0053ERVICE``) are expanded once, up front, and every later
  step (the check, the parameter binding, the engine) sees that same text.
* Parameters are bound as a ``VALUES`` block of escaped literals in the top-level WHERE group,
  so a value can never change the shape of the query.
* pyoxigraph cannot be interrupted, so ``timeout`` runs the query in a forked child process
  that is killed at the deadline.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import io
import json
import multiprocessing
import os
import re
import threading
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import GraphError, QueryError, StoreError

__all__ = [
    "QUERIES_DIR",
    "QueryInfo",
    "QueryResult",
    "QueryTimeoutError",
    "QueryUsageError",
    "check_params",
    "check_query",
    "get_query",
    "has_union_default_graph",
    "list_queries",
    "load_query",
    "materialize_union",
    "parse_header",
    "run",
]

QUERIES_DIR = Path(__file__).with_name("queries")

_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_KEY_RE = re.compile(r"^(title|description|params|lookup|empty)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM_RE = re.compile(r"^\??([A-Za-z_][A-Za-z0-9_]*)\s+[-–—:]\s+(.*)$")
_OX_ERROR_RE = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Strings, IRIs and comments, masked out before looking at keywords and braces.
_MASK_RE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\r\n]*",
    re.DOTALL,
)
_FORBIDDEN_WORD_RE = re.compile(r"(?<![\w?$:\-])(SERVICE|FROM)(?![\w:\-])", re.IGNORECASE)
_BRACE_OR_WHERE_RE = re.compile(r"[{}]|(?<![\w?$:\-])WHERE(?![\w:\-])", re.IGNORECASE)


class QueryTimeoutError(QueryError):
    """The query ran past its deadline and was stopped (exit code 7)."""

    exit_code = 7


class QueryUsageError(QueryError):
    """The query was asked for wrongly, not written wrongly: an unknown query name, a missing
    ``.rq`` file, a missing or unknown parameter (exit code 2). The message names the nearest
    existing names."""

    exit_code = 2


def _nearest(word: str, choices: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class QueryInfo:
    """A named query shipped in graph/queries/, described by its header comment block."""

    name: str
    title: str
    description: str
    params: dict[str, str]
    path: Path
    lookups: tuple[str, ...] = ()
    """Parameters matched against ``kg:nameKey``: given as :func:`graph.iri.name_key` of the value."""
    empty: str = ""
    """What to tell a user the query found nothing for (``{param}`` stands for its value)."""


@dataclass
class QueryResult:
    """Rows of plain strings (IRIs as IRIs, literals as lexical values, unbound as None).

    ``kind`` is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE, columns subject/predicate/object);
    ``terms`` keeps each cell's RDF term kind for the SPARQL JSON results format.
    """

    columns: list[str]
    rows: list[tuple[str | None, ...]]
    kind: str = "select"
    terms: list[tuple[dict[str, str] | None, ...]] = field(default_factory=list, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def capped(self, max_rows: int) -> tuple[QueryResult, bool]:
        """The result cut to ``max_rows`` rows (an ASK answer is never cut), and whether it was."""
        if self.kind == "ask" or len(self.rows) <= max_rows:
            return self, False
        return dataclasses.replace(self, rows=self.rows[:max_rows], terms=self.terms[:max_rows]), True

    def to_table(self, max_width: int = 60) -> str:
        """Aligned plain text; cells are escaped (no raw control/bidi characters) and width-capped."""
        header = [_table_cell(c, max_width) for c in self.columns]
        body = [[_table_cell(v, max_width) for v in row] for row in self.rows]
        widths = [len(h) for h in header]
        for cells in body:
            for i, cell in enumerate(cells):
                widths[i] = max(widths[i], len(cell))
        lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += [
            "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() for cells in body
        ]
        return "\n".join(lines)

    def to_csv(self) -> str:
        """CSV with a header row; unbound cells are empty; no trailing newline."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else v for v in row])
        return buffer.getvalue().rstrip("\n")

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (ASK -> "boolean"); key order and spacing are fixed."""
        if self.kind == "ask":
            value = bool(self.rows and self.rows[0] and self.rows[0][0] == "true")
            return json.dumps({"head": {}, "boolean": value}, ensure_ascii=False, indent=2)
        bindings = []
        for index, row in enumerate(self.rows):
            terms = self.terms[index] if index < len(self.terms) else ()
            binding: dict[str, Any] = {}
            for col, (name, value) in enumerate(zip(self.columns, row, strict=True)):
                if value is None:
                    continue
                term = terms[col] if col < len(terms) else None
                binding[name] = term if term is not None else {"type": "literal", "value": value}
            bindings.append(binding)
        payload = {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}
        return json.dumps(payload, ensure_ascii=False, indent=2)


def _table_cell(value: str | None, max_width: int) -> str:
    if value is None:
        return ""
    out = []
    for ch in value:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    text = "".join(out)
    if max_width > 0 and len(text) > max_width:
        text = text[: max(max_width - 1, 0)] + "…"
    return text


# --------------------------------------------------------------------------- named queries


def parse_header(text: str) -> dict[str, Any]:
    """Read the leading ``# title:`` / ``# description:`` / ``# params:`` comment block.

    Lines that do not start a key continue the previous one; params are ``name - meaning``
    entries (one per line, or separated by ";"), and "none" means no parameters.
    """
    fields: dict[str, list[str]] = {"title": [], "description": [], "params": [], "lookup": [], "empty": []}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current is None:
                continue
            break
        if not line.startswith("#"):
            break
        content = line.lstrip("#").strip()
        match = _HEADER_KEY_RE.match(content)
        if match:
            current = match.group(1).lower()
            if match.group(2).strip():
                fields[current].append(match.group(2).strip())
        elif content and current is not None:
            fields[current].append(content)
    params: dict[str, str] = {}
    last: str | None = None
    for line in fields["params"]:
        for entry in (part.strip() for part in line.split(";")):
            if not entry or entry.lower() in ("none", "-"):
                continue
            match = _PARAM_RE.match(entry)
            if match:
                last = match.group(1)
                params[last] = match.group(2).strip()
            elif last is not None:
                params[last] = f"{params[last]} {entry}".strip()
            else:
                params[entry.lstrip("?")] = ""
                last = entry.lstrip("?")
    lookups = tuple(
        name.strip().lstrip("?")
        for line in fields["lookup"]
        for name in re.split(r"[;,\s]+", line)
        if name.strip()
    )
    return {
        "title": " ".join(fields["title"]),
        "description": " ".join(fields["description"]),
        "params": params,
        "lookup": lookups,
        "empty": " ".join(fields["empty"]),
    }


def _info(path: Path) -> QueryInfo:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query {path.name}: {exc.__class__.__name__}") from None
    header = parse_header(text)
    return QueryInfo(
        path.stem,
        header["title"],
        header["description"],
        header["params"],
        path,
        header["lookup"],
        header["empty"],
    )


def list_queries() -> list[QueryInfo]:
    """The named queries, discovered from graph/queries/*.rq, sorted by name."""
    if not QUERIES_DIR.is_dir():
        return []
    return [_info(p) for p in sorted(QUERIES_DIR.glob("*.rq")) if _NAME_RE.match(p.stem)]


def get_query(name: str) -> QueryInfo:
    """The named query ``name``; QueryError listing the available ones if there is none."""
    path = QUERIES_DIR / f"{name}.rq"
    if not _NAME_RE.match(name) or not path.is_file():
        names = [q.name for q in list_queries()]
        raise QueryUsageError(
            f"unknown query {name!r}{_nearest(name, names)}; named queries: {', '.join(names) or 'none'} "
            "(kg queries describes them)"
        )
    return _info(path)


def _read_query_file(path: Path) -> str:
    if not path.is_file():
        from graph.report import printable

        siblings: list[str] = []
        with contextlib.suppress(OSError):
            siblings = [p.name for p in (path.parent if str(path.parent) else Path(".")).glob("*.rq")]
        raise QueryUsageError(
            f"no such query file: {printable(str(path))}{_nearest(path.name, siblings)}; check the path"
        )
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {path}: {exc.__class__.__name__}") from None


def load_query(query: str | os.PathLike[str]) -> tuple[str, QueryInfo | None]:
    """Resolve a query argument to SPARQL text: a named query, a ``.rq`` file, or the text itself."""
    if isinstance(query, os.PathLike):
        return _read_query_file(Path(os.fsdecode(query)).expanduser()), None
    if not isinstance(query, str):
        raise QueryError(f"a query must be text, a .rq path or a query name, got {type(query).__name__}")
    stripped = query.strip()
    if _NAME_RE.match(stripped):
        info = get_query(stripped)
        return _read_query_file(info.path), info
    if stripped.endswith(".rq") and not re.search(r"[\s{}]", stripped):
        return _read_query_file(Path(stripped).expanduser()), None
    if not stripped:
        raise QueryError("empty query")
    return query, None


# --------------------------------------------------------------------------- safety and binding


def _expand_escapes(text: str) -> str:
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        return expandUnicodeEscapes(text)
    except ValueError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from None


def _masked(text: str) -> str:
    """The text with strings, IRIs and comments blanked out (same length, same offsets)."""
    return _MASK_RE.sub(lambda m: " " * len(m.group(0)), text)


def _walk(node: Any) -> Any:
    """Every CompValue in an rdflib parse tree (iteratively: deep trees must not recurse)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _short_engine_message(message: str) -> str:
    """Oxigraph lists every expected character class; keep the sentences, drop the classes."""
    message = " ".join(message.split())
    if message.lower().startswith("expected one of"):
        items = [item.strip() for item in message[len("expected one of") :].split(", ")]
        sentences = [i for i in items if " " in i and not re.search(r"[\[\]'\"]", i)]
        keywords = [i for i in items if re.fullmatch(r"[A-Z]+|\"[^\"]{1,3}\"", i)]
        if sentences:
            return "; ".join(sentences)
        if keywords:
            return "expected one of " + ", ".join(keywords[:8])
        return "unexpected input"
    return message if len(message) <= 160 else message[:159] + "…"


def _syntax_error(line: int | None, column: int | None, message: str) -> QueryError:
    message = _short_engine_message(message) or "syntax error"
    where = f" at line {line}, column {column}" if line is not None else ""
    return QueryError(f"malformed SPARQL{where}: {message}")


# rdflib's pyparsing grammar is not thread-safe: concurrent first parses (kg serve) break it.
_PARSE_LOCK = threading.Lock()


def check_query(text: str) -> None:
    """Refuse, before any evaluation, what may reach beyond the store or change it.

    ``text`` must already have its ``\\uXXXX`` escapes expanded (``run`` does that). Raises
    QueryError for malformed SPARQL (with line and column), updates, SERVICE, FROM/FROM NAMED.
    """
    with _PARSE_LOCK:
        _check_query(text)


@functools.lru_cache(maxsize=256)
def parse_select(text: str) -> Any:
    """rdflib's parse tree of a query (not an update); pyparsing's error if it is none.

    Cached: the parser takes 50-100 ms, more than a named query on 1M triples, and both the
    checks here and ``kg serve``'s row cap read the same tree. Callers hold ``_PARSE_LOCK``.
    """
    from rdflib.plugins.sparql.parser import Query

    return Query.parse_string(text, parse_all=True)


def _check_query(text: str) -> None:
    import pyparsing
    from rdflib.plugins.sparql.parser import UpdateUnit

    try:
        tree = parse_select(text)
    except pyparsing.ParseBaseException as exc:
        try:
            UpdateUnit.parse_string(text, parse_all=True)
        except pyparsing.ParseBaseException:
            raise _syntax_error(exc.lineno, exc.col, exc.msg) from None
        except RecursionError:
            raise QueryError("malformed SPARQL: query is nested too deeply") from None
        raise QueryError("update operations are not allowed: queries are read-only") from None
    except RecursionError:
        raise QueryError("malformed SPARQL: query is nested too deeply") from None

    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            raise QueryError("SERVICE is not allowed: queries may not contact other endpoints")
        if node.name == "DatasetClause" or dict.get(node, "datasetClause"):
            raise QueryError("FROM / FROM NAMED are not allowed: queries run over the store's graphs")
    # Second line of defence, independent of the parser: the keywords themselves.
    match = _FORBIDDEN_WORD_RE.search(_masked(text))
    if match:
        word = match.group(1).upper()
        raise QueryError(f"{word} is not allowed in queries (found at offset {match.start()})")


def _sparql_string(value: str) -> str:
    """A SPARQL string literal (ECHAR escapes only, so both parsers read it identically)."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("\b", "\\b")
        .replace("\f", "\\f")
    )
    return f'"{escaped}"'


def _check_param_values(params: Mapping[str, str]) -> None:
    for name, value in params.items():
        if not _VAR_RE.match(name):
            raise QueryError(f"invalid parameter name {name!r}")
        if not isinstance(value, str):
            raise QueryError(f"parameter {name!r} must be a string")
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise QueryError(f"parameter {name!r} contains a lone surrogate")


def _bind_params(text: str, params: Mapping[str, str]) -> str:
    """Insert ``VALUES (?a ?b) { ("..." "...") }`` at the start of the top-level WHERE group."""
    if not params:
        return text
    _check_param_values(params)
    masked = _masked(text)
    depth = 0
    first_brace = where_brace = -1
    for match in _BRACE_OR_WHERE_RE.finditer(masked):
        token = match.group(0)
        if token == "{":
            if depth == 0 and first_brace < 0:
                first_brace = match.start()
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and where_brace < 0:  # the top-level WHERE: its group follows
            where_brace = masked.find("{", match.end())
    # CONSTRUCT's template comes before WHERE; SELECT/ASK/DESCRIBE may omit the keyword.
    brace = where_brace if where_brace >= 0 else first_brace
    if brace < 0:
        raise QueryError("parameters need a query with a WHERE group")
    names = " ".join(f"?{n}" for n in params)
    values = " ".join(_sparql_string(v) for v in params.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    return text[: brace + 1] + block + text[brace + 1 :]


def _inline_params(text: str, params: Mapping[str, str]) -> str:
    """Write each ``?name`` / ``$name`` of ``params`` as its string literal.

    For the shipped named queries only, whose parameters appear where a constant may stand:
    Oxigraph reads a constant pattern from its index, where a ``VALUES`` row (or a ``BIND``)
    is joined after the pattern was scanned whole - 0.1 ms against 30-700 ms at 1M triples.
    """
    _check_param_values(params)
    masked = _masked(text)
    edits: list[tuple[int, int, str]] = []
    for name, value in params.items():
        literal = _sparql_string(value)
        edits += [(m.start(), m.end(), literal) for m in re.finditer(rf"[?$]{name}(?![A-Za-z0-9_])", masked)]
    for start, end, literal in sorted(edits, reverse=True):
        text = text[:start] + literal + text[end:]
    return text


_PAGE_SLOT = re.compile(r"(?m)^[ \t]*# page[ \t]*$")


def _paged(text: str, limit: int | None, offset: int) -> str:
    """``text`` with LIMIT/OFFSET put where its ``# page`` line is (a sub-query that orders and
    cuts before details are read), else at the end. Added after the checks: the clause is made
    here from two integers, and the checked text stays the one the parse cache knows."""
    parts = []
    if limit is not None:
        parts.append(f"LIMIT {limit}")
    if offset:
        parts.append(f"OFFSET {offset}")
    if not parts:
        return text
    clause = " ".join(parts)
    if _PAGE_SLOT.search(text):
        return _PAGE_SLOT.sub(clause, text, count=1)
    return f"{text}\n{clause}"


def _check_page(limit: int | None, offset: int) -> None:
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise QueryError(f"{name} must be a whole number >= 0, got {value!r}")


def _prepare(text: str, params: Mapping[str, str] | None, *, inline: bool = False) -> str:
    expanded = _expand_escapes(text)
    check_query(expanded)  # the user's text alone
    if params:
        if inline:
            expanded = _inline_params(expanded, params)
            # A string literal cannot add a clause, so the checked text stays safe; only a
            # backslash (a \u escape the engine might expand) is worth parsing again.
            if any("\\" in value for value in params.values()):
                check_query(expanded)
        else:
            expanded = _bind_params(expanded, params)
            check_query(expanded)  # and with the values in: still well-formed, still safe
    return expanded


# --------------------------------------------------------------------------- evaluation


def _ox_term(term: Any) -> tuple[str | None, dict[str, Any] | None]:
    import pyoxigraph as ox

    if term is None:
        return None, None
    if isinstance(term, ox.NamedNode):
        return term.value, {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return term.value, out
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}", {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {k: _ox_term(getattr(term, k))[1] for k in ("subject", "predicate", "object")}
        return str(term), {"type": "triple", "value": parts}
    return str(term), {"type": "literal", "value": str(term)}


def _rdflib_term(term: Any) -> tuple[str | None, dict[str, Any] | None]:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None, None
    if isinstance(term, URIRef):
        return str(term), {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = str(term.datatype)
        return str(term), out
    if isinstance(term, BNode):
        return f"_:{term}", {"type": "bnode", "value": str(term)}
    return str(term), {"type": "literal", "value": str(term)}


def _result(columns: list[str], term_rows: Sequence[Sequence[Any]], convert: Any, kind: str) -> QueryResult:
    rows: list[tuple[str | None, ...]] = []
    terms: list[tuple[dict[str, str] | None, ...]] = []
    for term_row in term_rows:
        pairs = [convert(t) for t in term_row]
        rows.append(tuple(p[0] for p in pairs))
        terms.append(tuple(p[1] for p in pairs))
    if kind == "graph":  # triples come unordered: sort for deterministic output
        order = sorted(range(len(rows)), key=lambda i: tuple(v or "" for v in rows[i]))
        rows = [rows[i] for i in order]
        terms = [terms[i] for i in order]
    return QueryResult(columns, rows, kind, terms)


def _ask(value: bool) -> QueryResult:
    text = "true" if value else "false"
    return QueryResult(["ask"], [(text,)], "ask", [({"type": "literal", "value": text},)])


_GRAPH_COLUMNS = ["subject", "predicate", "object"]


def _run_oxigraph(ox_store: Any, text: str, prefixes: Mapping[str, str], union: bool = True) -> QueryResult:
    import pyoxigraph as ox

    try:
        result = ox_store.query(text, use_default_graph_as_union=union, prefixes=dict(prefixes))
        if isinstance(result, ox.QueryBoolean):
            return _ask(bool(result))
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            width = len(columns)
            solutions = [[solution[i] for i in range(width)] for solution in result]
            return _result(columns, solutions, _ox_term, "select")
        triples = [(t.subject, t.predicate, t.object) for t in result]
        return _result(list(_GRAPH_COLUMNS), triples, _ox_term, "graph")
    except SyntaxError as exc:
        match = _OX_ERROR_RE.search(str(exc))
        if match:
            raise _syntax_error(int(match.group(1)), int(match.group(2)), match.group(3)) from None
        raise _syntax_error(None, None, str(exc)) from None
    except OSError as exc:
        raise QueryError(f"query failed reading the store: {_first_line(exc)}") from None
    except GraphError:
        raise
    except Exception as exc:
        raise QueryError(f"query failed: {_first_line(exc)}") from None


def _run_rdflib(graph: Any, text: str) -> QueryResult:
    import rdflib.plugins.sparql as rdflib_sparql
    from rdflib import Dataset

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM <url> (R8), even if checked twice
    target = graph
    if isinstance(graph, Dataset) and not graph.default_union:
        target = Dataset(store=graph.store, default_union=True)
        target.namespace_manager = graph.namespace_manager
    try:
        result = target.query(text)
        if result.type == "ASK":
            return _ask(bool(result.askAnswer))
        if result.type == "SELECT":
            columns = [str(v) for v in result.vars or []]
            rows = [[row[i] for i in range(len(columns))] for row in result]
            return _result(columns, rows, _rdflib_term, "select")
        triples = list(result.graph) if result.graph is not None else []
        return _result(list(_GRAPH_COLUMNS), triples, _rdflib_term, "graph")
    except GraphError:
        raise
    except Exception as exc:
        raise QueryError(f"query failed: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _prefixes(ds: Any) -> dict[str, str]:
    try:
        return {str(prefix): str(ns) for prefix, ns in ds.namespaces()}
    except Exception:
        return {}


UNION_MARKER = ".kg-union-default-graph"
"""A file in a store directory saying its default graph holds the deduplicated union."""


def materialize_union(ds: Any) -> int:
    """Copy the union of the named graphs, deduplicated, into the default graph; mark the store.

    Oxigraph's union-default-graph mode is a bag: an entity described in 300 documents
    matches 300 times, and the named queries' joins multiply (50x slower at 100k quads,
    measured). A default graph is a set. For read-only copies (``kg serve``'s snapshot, a
    benchmark); a store that is written afterwards would serve a stale union.
    """
    from graph.store import pyoxigraph_store, store_path

    ox_store = pyoxigraph_store(ds)
    if ox_store is None:
        raise StoreError("only an Oxigraph store can hold a materialized union")
    try:
        ox_store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        ox_store.flush()
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {_first_line(exc)}") from None
    path = store_path(ds)
    if path is not None:
        (path / UNION_MARKER).write_text("default graph = deduplicated union of the named graphs\n")
    else:
        ds.kg_union_default_graph = True
    return len(ox_store)


def has_union_default_graph(ds: Any) -> bool:
    from graph.store import store_path

    if getattr(ds, "kg_union_default_graph", False):
        return True
    path = store_path(ds)
    return path is not None and (path / UNION_MARKER).is_file()


def _execute(ds: Any, text: str, timeout: float | None = None) -> QueryResult:
    from graph.remote import endpoint_of
    from graph.store import pyoxigraph_store

    endpoint = endpoint_of(ds)
    if endpoint is not None:
        return _run_remote(endpoint, text, _prefixes(ds), timeout)
    ox_store = pyoxigraph_store(ds)
    if ox_store is not None:
        return _run_oxigraph(ox_store, text, _prefixes(ds), not has_union_default_graph(ds))
    return _run_rdflib(ds, text)


_PREFIX_DECL_RE = re.compile(r"(?<![\w?$:\-])PREFIX\s+([A-Za-z][\w.\-]*)?:", re.IGNORECASE)


def _with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """Declare the default prefixes a query uses but does not declare (endpoints know none)."""
    masked = _masked(text)
    declared = {m.group(1) or "" for m in _PREFIX_DECL_RE.finditer(masked)}
    used = [
        name
        for name in sorted(prefixes)
        if name and name not in declared and re.search(rf"(?<![\w?$:\-]){re.escape(name)}:", masked)
    ]
    head = "".join(f"PREFIX {name}: <{prefixes[name]}>\n" for name in used)
    return head + text


def _run_remote(endpoint: Any, text: str, prefixes: Mapping[str, str], timeout: float | None) -> QueryResult:
    """Send the checked query to the endpoint's own engine; parse SPARQL JSON or N-Triples."""
    from graph.remote import term_from_json

    try:
        kind, payload = endpoint.query(_with_prefixes(text, prefixes), timeout=timeout)
    except StoreError as exc:
        if timeout is not None and "no answer within" in str(exc):
            raise QueryTimeoutError(f"query exceeded {timeout:g} s and was stopped") from None
        raise
    if kind == "json":
        if "boolean" in payload:
            return _ask(bool(payload["boolean"]))
        columns = [str(v) for v in payload.get("head", {}).get("vars", [])]
        rows = [
            [term_from_json(binding.get(name)) for name in columns]
            for binding in payload["results"]["bindings"]
        ]
        return _result(columns, rows, _rdflib_term, "select")
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(data=payload, format="nt")
    except Exception as exc:
        raise StoreError(f"SPARQL endpoint: unreadable graph result ({_first_line(exc)})") from None
    return _result(list(_GRAPH_COLUMNS), list(graph), _rdflib_term, "graph")


# --------------------------------------------------------------------------- timeout


def _child_main(conn: Any, job: Any) -> None:
    """Runs in the forked child: evaluate, send ("ok", result) or ("error", class, message)."""
    try:
        conn.send(("ok", job()))
    except QueryError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
    except BaseException as exc:
        conn.send(("error", "QueryError", f"query failed: {_first_line(exc)}"))
    finally:
        conn.close()


READ_ONLY_ATTEMPTS = 12
"""Opens of a read-only store handle tried (over some 8 s) before a missing file is reported."""


def _open_read_only(path: str) -> Any:
    import pyoxigraph as ox

    return ox.Store.read_only(path)


def _timed_job(ds: Any, text: str) -> Any:
    """Prepare, in the parent, what the child needs; return the child's job."""
    from graph.store import pyoxigraph_store, store_path

    ox_store = pyoxigraph_store(ds)
    if ox_store is None:
        return lambda: _run_rdflib(ds, text)  # the child has its own copy of the graph
    prefixes = _prefixes(ds)
    path = store_path(ds)
    union = not has_union_default_graph(ds)
    import pyoxigraph as ox

    if path is not None:
        # The child opens its own read-only RocksDB handle: never share one across fork.
        try:
            ox_store.flush()
        except OSError as exc:
            raise StoreError(f"cannot flush store {path}: {_first_line(exc)}") from None

        def disk_job() -> QueryResult:
            # A read-only handle reads RocksDB's list of files as it is when opened; if a
            # compaction (this process's, or a writer's) then deletes one, the read fails with
            # "No such file". Opening again reads the new list; the deadline still holds.
            for attempt in range(READ_ONLY_ATTEMPTS - 1):
                try:
                    return _run_oxigraph(_open_read_only(str(path)), text, prefixes, union)
                except (QueryError, OSError, RuntimeError) as exc:  # RuntimeError: a failed open
                    if "No such file" not in str(exc):
                        raise
                time.sleep(min(0.05 * 2**attempt, 1.0))
            return _run_oxigraph(_open_read_only(str(path)), text, prefixes, union)

        return disk_job
    dump = ox_store.dump(format=ox.RdfFormat.N_QUADS)

    def memory_job() -> QueryResult:
        store = ox.Store()
        if dump:
            store.load(dump, format=ox.RdfFormat.N_QUADS)
        return _run_oxigraph(store, text, prefixes, union)

    return memory_job


def _run_with_timeout(ds: Any, text: str, timeout: float) -> QueryResult:
    job = _timed_job(ds, text)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sender, job), daemon=True)
    deadline = time.monotonic() + timeout
    process.start()
    sender.close()
    try:
        if not receiver.poll(max(deadline - time.monotonic(), 0)):
            raise QueryTimeoutError(f"query exceeded {timeout:g} s and was stopped")
        try:
            message = receiver.recv()
        except EOFError:
            process.join(1)
            raise QueryError(f"query process ended unexpectedly (exit code {process.exitcode})") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if message[0] == "ok":
        return message[1]
    error_class = QueryTimeoutError if message[1] == "QueryTimeoutError" else QueryError
    raise error_class(message[2])


# --------------------------------------------------------------------------- entry point


def check_params(info: QueryInfo, params: Mapping[str, str]) -> None:
    """QueryUsageError unless ``params`` are exactly the named query's parameters; an unknown
    one names the nearest, a missing one says how to give it and what it means."""
    missing = [name for name in info.params if name not in params]
    unknown = [name for name in params if name not in info.params]
    if unknown:
        expected = ", ".join(info.params) or "none"
        hint = _nearest(unknown[0], list(info.params))
        raise QueryUsageError(
            f"query {info.name!r} has no parameter {', '.join(unknown)}{hint} (its parameters: {expected})"
        )
    if missing:
        wanted = " ".join(f"-p {name}=VALUE" for name in missing)
        meaning = "; ".join(f"{name}: {info.params[name]}" for name in missing if info.params[name])
        raise QueryUsageError(f"query {info.name!r} needs {wanted}" + (f" ({meaning})" if meaning else ""))


def run(
    ds: Any,
    query: str | os.PathLike[str],
    *,
    params: dict[str, str] | None = None,
    timeout: float | None = None,
    resolve: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a query (SPARQL text, a ``.rq`` path or a named query) over every graph in ``ds``.

    ``params`` bind variables of the same name to plain string literals; for a named query
    they must match its ``# params:`` header. ``timeout`` (seconds) runs the query in a child
    process killed at the deadline (QueryTimeoutError). ``resolve=False`` takes ``query`` as
    SPARQL text only, never as a name or a file (for text from the network). ``limit`` and
    ``offset`` page a named query's rows (in its order); other queries carry their own.
    """
    _check_page(limit, offset)
    if resolve:
        text, info = load_query(query)
    elif isinstance(query, str) and query.strip():
        text, info = query, None
    else:
        raise QueryError("empty query")
    params = dict(params or {})
    if info is not None:
        check_params(info, params)
    if info is not None:
        from graph.iri import name_key

        params = {
            k: name_key(v) if k in info.lookups and isinstance(v, str) else v for k, v in params.items()
        }
    prepared = _prepare(text, params, inline=info is not None)
    if limit is not None or offset:
        if info is None:
            raise QueryError("limit and offset page named queries; write LIMIT and OFFSET in your own query")
        prepared = _paged(prepared, limit, offset)
    from graph.remote import endpoint_of

    if endpoint_of(ds) is not None:  # the endpoint's engine; the HTTP read timeout bounds it
        if timeout is not None and timeout <= 0:
            raise QueryTimeoutError("query exceeded 0 s and was stopped")
        return _execute(ds, prepared, timeout)
    if timeout is None:
        return _execute(ds, prepared)
    if timeout <= 0:
        raise QueryTimeoutError("query exceeded 0 s and was stopped")
    return _run_with_timeout(ds, prepared, float(timeout))
