"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint plus the HTML view, on loopback.

Why it looks the way it does (RELIABILITY.md risks 5, 8, 9; ST-05; Q-01..Q-08):

* Read-only by construction: updates (``update=``, ``application/sparql-update``) get 403,
  other methods 405; queries pass :func:`graph.query.check_query` (no SERVICE, no FROM) and
  run with a deadline in a killable child process (503 when it passes).
* A disk store is served from a snapshot (``Store.backup``) taken under the store's lock, so a
  build can run meanwhile and the server never reads a directory another process writes.
  A graph file is loaded into a private temporary store; a remote endpoint is queried through
  (after the same checks).
* Bound to 127.0.0.1 by default; requests whose ``Host`` is not an allowed name are refused
  (DNS rebinding), as are cross-origin ``Origin`` headers; no CORS headers are sent.
* Every request gets an answer (Q-08): a failure nobody foresaw is a one-line 500 "internal
  error" (the details go to stderr, never a traceback in the body), and the only rdflib code
  the request threads run, the SPARQL parser, is serialized by ``graph.query._PARSE_LOCK``
  (queries are evaluated by Oxigraph or the remote endpoint, never by rdflib's evaluator).
* At most ``max_rows`` (default :data:`MAX_ROWS`) rows or triples per answer, in every format;
  a cut answer carries ``X-KG-Truncated: true``. A SELECT without LIMIT (and without a
  trailing VALUES) gets ``LIMIT max_rows + 1`` appended, so the engine stops early instead of
  computing, pickling and dropping the rest; other queries are cut after they run.
* Standard library only (``http.server``): nothing to install, nothing to configure.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
import tempfile
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.defaults import DEFAULT_PORT, MAX_ROWS, QUERY_TIMEOUT
from graph.errors import GraphError, QueryError, StoreError

__all__ = ["DEFAULT_PORT", "MAX_ROWS", "SparqlServer", "make_server", "open_for_serving"]

MAX_BODY = 1 << 20
TRUNCATED_HEADER = "X-KG-Truncated"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
}
_GRAPH_FORMATS = {
    "application/n-triples": ("nt", "application/n-triples"),
    "text/turtle": ("turtle", "text/turtle"),
    "application/rdf+xml": ("xml", "application/rdf+xml"),
    "application/ld+json": ("json-ld", "application/ld+json"),
    "text/plain": ("nt", "text/plain"),
}
_CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
}


def _accepted(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept on ties)."""
    items: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                with contextlib.suppress(ValueError):
                    quality = float(f[2:])
        if fields[0] and quality > 0:
            items.append((-quality, index, fields[0].lower()))
    return [media for _, _, media in sorted(items)]


def _host_name(host: str) -> str:
    """The name part of a Host header: "localhost:7879" -> "localhost", "[::1]:80" -> "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[1:end] if end > 0 else host
    return host.split(":")[0] if host.count(":") == 1 else host


def _xml_text(value: str) -> str:
    """XML 1.0 cannot hold most C0 controls: replace them, escape the rest."""
    cleaned = "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else "\ufffd" for ch in value)
    return escape(cleaned)


def results_xml(result: Any) -> str:
    """SPARQL Query Results XML Format."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    ]
    if result.kind == "ask":
        value = "true" if result.rows and result.rows[0][0] == "true" else "false"
        out += ["<head/>", f"<boolean>{value}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("<head>" + "".join(f"<variable name={quoteattr(c)}/>" for c in result.columns) + "</head>")
    out.append("<results>")
    for index, row in enumerate(result.rows):
        terms = result.terms[index] if index < len(result.terms) else ()
        cells = []
        for col, (name, value) in enumerate(zip(result.columns, row, strict=True)):
            if value is None:
                continue
            term = (terms[col] if col < len(terms) else None) or {"type": "literal", "value": value}
            text = _xml_text(str(term.get("value", value)))
            if term.get("type") == "uri":
                inner = f"<uri>{text}</uri>"
            elif term.get("type") == "bnode":
                inner = f"<bnode>{text}</bnode>"
            elif "xml:lang" in term:
                inner = f"<literal xml:lang={quoteattr(term['xml:lang'])}>{text}</literal>"
            elif "datatype" in term:
                inner = f"<literal datatype={quoteattr(term['datatype'])}>{text}</literal>"
            else:
                inner = f"<literal>{text}</literal>"
            cells.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
        out.append("<result>" + "".join(cells) + "</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def results_csv(result: Any) -> str:
    """SPARQL 1.1 CSV results (CRLF line ends; unbound is empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def graph_text(result: Any, fmt: str) -> str:
    """A CONSTRUCT/DESCRIBE result as RDF text (rebuilt from the result's terms)."""
    from rdflib import BNode, Graph, Literal, URIRef

    def term(cell: dict[str, Any] | None) -> Any:
        cell = cell or {}
        kind, value = cell.get("type"), cell.get("value", "")
        if kind == "uri":
            return URIRef(value)
        if kind == "bnode":
            return BNode(value)
        return Literal(value, lang=cell.get("xml:lang"), datatype=cell.get("datatype"))

    graph = Graph()
    for terms in result.terms:
        graph.add(tuple(term(t) for t in terms))  # type: ignore[arg-type]
    if fmt == "nt":
        lines = graph.serialize(format="nt").splitlines()
        return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())
    return graph.serialize(format=fmt)


def _row_limited(text: str, max_rows: int) -> str:
    """``text`` with ``LIMIT max_rows + 1`` appended when that is a safe, equivalent rewrite:
    a SELECT whose own solution modifiers have no LIMIT and that ends without a VALUES block.
    One row past the cap says the answer was cut. Anything else comes back unchanged (a query
    that does not parse too: ``run`` reports it)."""
    import pyparsing

    from graph.query import _PARSE_LOCK, _expand_escapes, parse_select

    try:
        expanded = _expand_escapes(text)
        with _PARSE_LOCK:  # rdflib's grammar is not thread-safe
            tree = parse_select(expanded)
    except (QueryError, pyparsing.ParseBaseException, RecursionError):
        return text
    top = tree[-1]
    if getattr(top, "name", None) != "SelectQuery" or dict.get(top, "valuesClause") is not None:
        return text
    limits = dict.get(top, "limitoffset")
    if limits is not None and dict.get(limits, "limit") is not None:
        return text  # a LIMIT over the cap is cut after the run
    # On a line of its own: the text may end in a comment. The escapes are expanded by ``run``
    # from the original text, exactly as without the suffix (which has none).
    return f"{text}\nLIMIT {max_rows + 1}"


# --------------------------------------------------------------------------- the server


class SparqlServer(ThreadingHTTPServer):
    """Holds the dataset (a snapshot or private copy), the query deadline and the host allowlist."""

    daemon_threads = True
    request_queue_size = 64  # a burst of parallel clients waits in the backlog, not in SYN retries

    def __init__(
        self,
        address: tuple[str, int],
        dataset: Any,
        *,
        timeout: float = QUERY_TIMEOUT,
        allowed_hosts: set[str] | None = None,
        title: str = "Knowledge graph",
        cleanup: Any = None,
        max_rows: int = MAX_ROWS,
    ) -> None:
        if max_rows < 1:
            raise ValueError(f"max_rows must be at least 1, got {max_rows}")
        super().__init__(address, _Handler)
        self.dataset = dataset
        self.query_timeout = timeout
        self.max_rows = max_rows
        host = address[0]
        names = set(LOOPBACK_NAMES) | set(allowed_hosts or ())
        if host not in ("", "0.0.0.0", "::"):
            names.add(host)
        self.allowed_hosts = {n.lower().strip("[]") for n in names}
        self.title = title
        self._html: bytes | None = None
        self._html_lock = threading.Lock()
        self._cleanup = cleanup

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
        return f"http://{shown}:{port}/"

    def html(self) -> bytes:
        """The HTML view, rendered once (the served data does not change)."""
        with self._html_lock:
            if self._html is None:
                from graph.exports import html

                self._html = html.render(self.dataset, title=self.title).encode("utf-8")
            return self._html

    def server_close(self) -> None:
        super().server_close()
        if self._cleanup is not None:
            cleanup, self._cleanup = self._cleanup, None
            cleanup()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line on stderr instead of socketserver's traceback; a client that hung up is no error."""
        exc = sys.exc_info()[1]
        if exc is None or isinstance(exc, ConnectionError | TimeoutError):
            return
        _log_internal_error(exc)


def _log_internal_error(exc: BaseException) -> None:
    lines = str(exc).strip().splitlines()
    detail = f": {lines[0][:300]}" if lines else ""
    with contextlib.suppress(OSError, ValueError):
        print(f"kg serve: internal error ({type(exc).__name__}){detail}", file=sys.stderr, flush=True)


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request
    server_version = "kg-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # quiet unless asked
        if os.environ.get("KG_SERVE_LOG") == "1":
            super().log_message(format, *args)

    # -- plumbing
    def handle_one_request(self) -> None:
        self._responded = False
        super().handle_one_request()

    def _send(
        self,
        status: int,
        body: bytes | str,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._responded = True
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, POST")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _answering(self, method: Any) -> None:
        """Run a request method; an unforeseen failure still gets a one-line 500 (if nothing was
        sent yet), and the details go to stderr in one line."""
        try:
            method()
        except Exception as exc:
            if self._responded or isinstance(exc, ConnectionError):
                raise  # too late to answer: handle_error logs it
            _log_internal_error(exc)
            self.close_connection = True
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error: see the server's log")

    def _error(self, status: int, message: str) -> None:
        self._send(status, message.splitlines()[0][:300] + "\n" if message else "\n")

    def _allowed(self) -> bool:
        if _host_name(self.headers.get("Host") or "") not in self.server.allowed_hosts:
            self._error(HTTPStatus.FORBIDDEN, "forbidden: unknown Host header")
            return False
        origin = self.headers.get("Origin")
        if origin and origin != "null":
            origin_host = (urllib.parse.urlsplit(origin).hostname or "").lower()
            if origin_host not in self.server.allowed_hosts:
                self._error(HTTPStatus.FORBIDDEN, "forbidden: cross-origin request")
                return False
        return True

    # -- methods
    def do_GET(self) -> None:
        self._answering(self._get)

    def do_POST(self) -> None:
        self._answering(self._post)

    def _get(self) -> None:
        if not self._allowed():
            return
        parts = urllib.parse.urlsplit(self.path)
        if parts.path in ("/", "/index.html"):
            try:
                self._send(HTTPStatus.OK, self.server.html(), "text/html; charset=utf-8")
            except GraphError as exc:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"cannot render the view: {exc}")
            return
        if parts.path not in ("/sparql", "/query"):
            self._error(HTTPStatus.NOT_FOUND, "not found: the SPARQL endpoint is /sparql")
            return
        params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "updates are not allowed: this endpoint is read-only")
            return
        self._query(params.get("query", []))

    def do_HEAD(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed")

    def _post(self) -> None:
        if not self._allowed():
            return
        parts = urllib.parse.urlsplit(self.path)
        if parts.path in ("/update", "/store") or parts.path.startswith("/store"):
            self._error(HTTPStatus.FORBIDDEN, "updates are not allowed: this endpoint is read-only")
            return
        if parts.path not in ("/sparql", "/query"):
            self._error(HTTPStatus.NOT_FOUND, "not found: the SPARQL endpoint is /sparql")
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            return
        if length > MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            return
        body = self.rfile.read(length) if length > 0 else b""
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        url_params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if media == "application/sparql-update" or "update" in url_params:
            self._error(HTTPStatus.FORBIDDEN, "updates are not allowed: this endpoint is read-only")
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
            return
        if media == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(text, keep_blank_values=True)
            if "update" in params:
                self._error(HTTPStatus.FORBIDDEN, "updates are not allowed: this endpoint is read-only")
                return
            self._query(params.get("query", []))
        elif media == "application/sparql-query":
            self._query([text])
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/sparql-query or application/x-www-form-urlencoded",
            )

    def _refuse(self) -> None:
        if self._allowed():
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed: this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse  # noqa: N815

    # -- queries
    def _query(self, texts: list[str]) -> None:
        from graph.query import QueryTimeoutError, run

        if len(texts) != 1 or not texts[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "expected exactly one query parameter")
            return
        max_rows = self.server.max_rows
        try:
            result = run(
                self.server.dataset,
                _row_limited(texts[0], max_rows),
                timeout=self.server.query_timeout,
                resolve=False,
            )
        except QueryTimeoutError as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        except QueryError as exc:
            message = str(exc)
            status = (
                HTTPStatus.FORBIDDEN if message.startswith("update operations") else HTTPStatus.BAD_REQUEST
            )
            self._error(status, message)
            return
        except StoreError as exc:
            self._error(HTTPStatus.BAD_GATEWAY, str(exc))
            return
        except GraphError as exc:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
            return
        result, truncated = result.capped(max_rows)
        extra = {TRUNCATED_HEADER: "true"} if truncated else None
        accepted = _accepted(self.headers.get("Accept"))
        if result.kind == "graph":
            for media in [*accepted, "application/n-triples"]:
                if media in _GRAPH_FORMATS or media in ("*/*", "text/*", "application/*"):
                    fmt, content_type = _GRAPH_FORMATS.get(media, ("nt", "application/n-triples"))
                    body = graph_text(result, fmt)
                    self._send(HTTPStatus.OK, body, f"{content_type}; charset=utf-8", extra)
                    return
        for media in accepted:
            fmt = _FORMATS.get(media) or ("json" if media in ("*/*", "application/*") else None)
            if fmt is None and media == "text/*":
                fmt = "csv"
            if fmt is not None:
                break
        else:
            self._error(
                HTTPStatus.NOT_ACCEPTABLE,
                "results are available as application/sparql-results+json, +xml and text/csv",
            )
            return
        body = {
            "json": result.to_json,
            "xml": lambda: results_xml(result),
            "csv": lambda: results_csv(result),
        }[fmt]()
        self._send(HTTPStatus.OK, body, f"{_CONTENT_TYPES[fmt]}; charset=utf-8", extra)


# --------------------------------------------------------------------------- opening


def open_for_serving(store: Any = None, graph_file: str | os.PathLike[str] | None = None) -> tuple[Any, Any]:
    """The dataset to serve and a cleanup callable.

    A disk store is snapshotted (fails with exit 4 while a build holds it); a graph file is
    loaded into a private temporary disk store (so timed queries can open it read-only); a
    remote endpoint is used as it is.
    """
    from graph.remote import Endpoint, is_remote_url
    from graph.store import close_dataset, load_file, open_dataset, snapshot

    if is_remote_url(store) or isinstance(store, Endpoint):
        ds = open_dataset(store)
        return ds, lambda: close_dataset(ds)
    from graph.query import materialize_union

    workdir = tempfile.TemporaryDirectory(prefix="kg-serve-")
    try:
        if store is not None:
            target = snapshot(store, Path(workdir.name) / "snapshot")
            ds = open_dataset(target)
        else:
            source = Path(graph_file) if graph_file is not None else Path("exports") / "graph.ttl"
            if not source.is_file():
                raise StoreError(
                    f"nothing to serve: {source} does not exist (run `kg build` or pass --store)"
                )
            ds = open_dataset(Path(workdir.name) / "store")
            load_file(ds, source)
        materialize_union(ds)  # a private, read-only copy: queries see a set, and run fast
    except BaseException:
        workdir.cleanup()
        raise

    def cleanup() -> None:
        with contextlib.suppress(GraphError):
            close_dataset(ds)
        workdir.cleanup()

    return ds, cleanup


def make_server(
    store: Any = None,
    *,
    graph_file: str | os.PathLike[str] | None = None,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    timeout: float = QUERY_TIMEOUT,
    allowed_hosts: set[str] | None = None,
    max_rows: int = MAX_ROWS,
) -> SparqlServer:
    """A ready server (not yet serving): call ``serve_forever()``, then ``server_close()``.

    ``max_rows`` caps the rows (or triples) of one answer; a cut answer says so in the
    ``X-KG-Truncated: true`` header.
    """
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, got {max_rows}")
    dataset, cleanup = open_for_serving(store, graph_file)
    try:
        return SparqlServer(
            (host, port),
            dataset,
            timeout=timeout,
            allowed_hosts=allowed_hosts,
            cleanup=cleanup,
            max_rows=max_rows,
        )
    except OSError as exc:
        cleanup()
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
