# ruff: noqa: N802 - test names carry the catalog row id (IN-07 -> test_IN_07_...)
"""Query and HTTP-endpoint layer of the reliability catalog (RELIABILITY.md §3.4, Q-01..Q-10).

The HTTP rows run against the real ``kg serve`` server (graph/server.py) on 127.0.0.1:0.

======  ==========================================================================================
Row     Where
======  ==========================================================================================
Q-01    here: malformed SPARQL (a self-written negative-syntax set modelled on the W3C
        ``syntax-query`` negatives; the W3C files cannot be fetched in CI) -> exit 6 with line and
        column, no traceback; HTTP 400 with the same one line
Q-02    here: a runaway cross product is stopped at ``--timeout`` -> exit 7 within timeout + 2 s;
        the server answers 503 and keeps answering (also tests/store/test_server.py)
Q-03    here: update text on the query path -> exit 6, store unchanged
Q-04    here: updates over HTTP (sparql-update, form, GET ?update=, Graph Store PUT/POST/DELETE)
        -> 403/405, data unchanged
Q-05    here: SERVICE (any case, ``\\u0053ERVICE``, in OPTIONAL / sub-select), FROM, FROM NAMED
        <file:...> refused in the CLI and over HTTP; a loopback canary sees no connection and the
        secret file is never opened (audit hook)
Q-06    here: error bodies and CLI errors carry no traceback, no file content, no local path
Q-07    here: foreign Host / Origin -> 403, no CORS header
Q-08    here: 2 MB body -> 413, 100 k-character URL -> 414; an unexpected error is a one-line
        500 and 40 parallel requests in a cold process all get 200 (graph/server.py answers every
        request; graph/query.py's _PARSE_LOCK serializes rdflib's parser); at most ``max_rows``
        (``MAX_ROWS`` = 100 000, ``kg serve --max-rows``) rows or triples per answer in JSON,
        XML, CSV and RDF, flagged ``X-KG-Truncated: true``, ORDER BY kept (graph/server.py)
Q-09    here: ``kg query entity -p name=...`` with quotes, ``>``, ``}``, newlines: no extra rows
Q-10    here: 4 reader threads + 1 writer on the in-memory Oxigraph dataset, no RuntimeError
======  ==========================================================================================
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.api import KnowledgeGraph

from ._support import ARTICLE, build, cli, extract

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Turtle export of a few hundred triples (big enough for a runaway cross product)."""
    from graph.exports import Format
    from graph.exports.rdf import serialize
    from graph.ingest import document_from_text

    text = "\n".join(ARTICLE.replace("Monday", day) for day in ("Monday", "Tuesday", "Friday"))
    dataset = build([extract(document_from_text(text))])
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_text(serialize(dataset, Format.TURTLE), encoding="utf-8")
    return path


@pytest.fixture
def canary() -> Iterator[tuple[str, list[int]]]:
    """A loopback listener that counts connections (must stay at 0)."""
    hits: list[int] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql", hits
    stop.set()
    thread.join(2)
    listener.close()


@contextlib.contextmanager
def _serving(graph_file: Path, **options: Any) -> Iterator[str]:
    """``kg serve`` of the graph file on 127.0.0.1:0 in a thread; yields the base URL."""
    from graph.server import make_server

    srv = make_server(graph_file=graph_file, port=0, timeout=2.0, **options)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv.url.rstrip("/")
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="module")
def server(graph_file: Path) -> Iterator[str]:
    with _serving(graph_file) as base:
        yield base


def _http(
    base: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def _get_query(base: str, query: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return _http(base, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(base: str) -> str:
    status, _h, body = _get_query(base, COUNT, Accept="text/csv")
    assert status == 200, body
    return body.decode()


# --------------------------------------------------------------------------- Q-01 .. Q-03

BAD_SYNTAX = {
    "keyword": ("SELEKT * WHERE { ?s ?p ?o }", 1),
    "unclosed-group": ("SELECT * WHERE { ?s ?p ?o ", 1),
    "second-line": ("SELECT * WHERE {\n  ?s ?p ?o . FILTER( }\n}", 2),
    "bad-iri": ("SELECT * WHERE { <http://a b> ?p ?o }", 1),
    "var-in-limit": ("SELECT * WHERE { ?s ?p ?o } LIMIT ?x", 1),
    "unterminated-string": ('SELECT * WHERE { ?s ?p "abc }', 1),
    "group-by-missing": ("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP", 1),
    "bad-prefix": ("PREFIX : <http://e/ SELECT * { ?s ?p ?o }", 1),
}


@pytest.mark.parametrize("name", sorted(BAD_SYNTAX))
def test_Q_01_malformed_sparql_is_exit_6_with_line_and_column(
    name: str, graph_file: Path, tmp_path: Path
) -> None:
    text, line = BAD_SYNTAX[name]
    query_file = tmp_path / f"{name}.rq"
    query_file.write_text(text, encoding="utf-8")
    result = cli(["query", str(query_file), "--graph", str(graph_file)])
    assert result.exit_code == 6, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert message.startswith("kg: error: malformed SPARQL")
    assert f"line {line}, column" in message


def test_Q_01_malformed_sparql_over_http_is_400(server: str) -> None:
    status, _h, body = _get_query(server, "SELEKT * WHERE { ?s ?p ?o }")
    assert status == 400 and b"line 1, column" in body and b"Traceback" not in body


@pytest.mark.model
def test_Q_02_runaway_query_is_stopped_at_the_deadline(graph_file: Path, server: str) -> None:
    started = time.monotonic()
    result = cli(["query", RUNAWAY, "--graph", str(graph_file), "--timeout", "2"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 7, result.output
    assert "exceeded 2 s" in result.output and elapsed < 2 + 4  # + loading the file
    status, _h, body = _get_query(server, RUNAWAY)
    assert status == 503 and b"exceeded" in body
    assert _count(server).startswith("n")  # still answering


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "CLEAR ALL",
        "DROP ALL",
    ],
)
def test_Q_03_updates_on_the_query_path_are_refused(update: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = tmp_path / "store"
    assert (
        cli(["build", str(tmp_path / "a.txt"), "--store", str(store), "--out", str(tmp_path / "o")]).exit_code
        == 0
    )
    before = cli(["query", COUNT, "--store", str(store), "--format", "csv"]).output
    result = cli(["query", update, "--store", str(store)])
    assert result.exit_code == 6 and "not allowed" in result.output, result.output
    assert cli(["query", COUNT, "--store", str(store), "--format", "csv"]).output == before


# --------------------------------------------------------------------------- Q-04 .. Q-08


def test_Q_04_http_updates_are_refused_and_data_unchanged(server: str) -> None:
    before = _count(server)
    update = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    attempts = [
        ("POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        (
            "POST",
            "/sparql",
            urllib.parse.urlencode({"update": update}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        ("GET", "/sparql?" + urllib.parse.urlencode({"update": update}), None, {}),
        ("POST", "/update", update.encode(), {"Content-Type": "application/sparql-update"}),
        (
            "PUT",
            "/store?default",
            b"<http://e/a> <http://e/b> <http://e/c> .",
            {"Content-Type": "text/turtle"},
        ),
        (
            "POST",
            "/store?default",
            b"<http://e/a> <http://e/b> <http://e/c> .",
            {"Content-Type": "text/turtle"},
        ),
        ("DELETE", "/store?default", None, {}),
        ("PATCH", "/sparql", b"x", {}),
    ]
    for method, path, body, headers in attempts:
        status, _h, _b = _http(server, method, path, body, headers)
        assert status in (403, 405), (method, path, status)
    assert _count(server) == before


def _file_opened_during(action, secret: Path) -> list[str]:
    opened: list[str] = []

    def hook(event: str, args: tuple) -> None:
        if event == "open" and args and str(args[0]) == str(secret):
            opened.append(event)

    sys.addaudithook(hook)  # audit hooks cannot be removed; this one only records one path
    action()
    return opened


SERVICE_FORMS = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "SELECT * FROM <{url}> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM NAMED <file://{secret}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <file://{secret}> { ?s ?p ?o }",
]


@pytest.mark.parametrize("form", range(len(SERVICE_FORMS)))
def test_Q_05_service_and_dataset_clauses_are_refused(
    form: int, graph_file: Path, server: str, canary: tuple[str, list[int]], tmp_path: Path
) -> None:
    url, hits = canary
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://e/TOP-SECRET> <http://e/p> <http://e/o> .\n")
    query = SERVICE_FORMS[form].replace("{url}", url).replace("{secret}", str(secret))
    results = []
    opened = _file_opened_during(
        lambda: results.append(cli(["query", query, "--graph", str(graph_file)])), secret
    )
    assert results[0].exit_code == 6 and "not allowed" in results[0].output, results[0].output
    status, _h, body = _get_query(server, query)
    assert status == 400 and b"not allowed" in body
    time.sleep(0.3)
    assert hits == [] and opened == []
    assert b"TOP-SECRET" not in body and "TOP-SECRET" not in results[0].output


def test_Q_06_errors_leak_no_trace_path_or_content(server: str, graph_file: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("TOP-SECRET first line\n")
    for query in (
        f"SELECT * FROM NAMED <file://{secret}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * {",
        "\x00",
    ):
        status, _h, body = _get_query(server, query)
        assert status == 400
        assert b"Traceback" not in body and b"TOP-SECRET" not in body and str(tmp_path).encode() not in body
        assert body.count(b"\n") <= 1
    result = cli(["query", "SELECT * {", "--graph", str(graph_file)])
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_Q_07_foreign_host_and_origin_are_refused_without_cors(server: str) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    status, headers, _b = _http(server, "GET", path, headers={"Host": "attacker.example"})
    assert status in (403, 421)
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, headers, _b = _http(
        server,
        "POST",
        "/sparql",
        form,
        {"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403
    status, headers, _b = _get_query(server, COUNT)
    assert status == 200 and "access-control-allow-origin" not in headers


def test_Q_08_oversized_requests_are_refused(server: str) -> None:
    parts = urllib.parse.urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:  # announce 2 MB; the server must answer 413 before reading it
        conn.putrequest("POST", "/sparql")
        conn.putheader("Content-Type", "application/sparql-query")
        conn.putheader("Content-Length", str(2 << 20))
        conn.endheaders()
        with contextlib.suppress(OSError):
            conn.send(b"#" * 65536)
        assert conn.getresponse().status == 413
    finally:
        conn.close()
    status, _h, _b = _http(server, "GET", "/sparql?query=" + "a" * 100_000)
    assert status == 414


def test_Q_08_parallel_requests_are_all_answered(
    server: str, graph_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.query

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("<lambda>() missing 1 required positional argument: 'x'")

    monkeypatch.setattr(graph.query, "run", broken)  # what the parser race raises
    status = None
    with contextlib.suppress(http.client.HTTPException, OSError):
        status, _h, body = _get_query(server, "ASK { ?s ?p ?o }")
    monkeypatch.undo()
    assert status == 500 and b"Traceback" not in body, "an unexpected error must still get an answer"
    assert body.startswith(b"internal error") and body.count(b"\n") == 1 and b"lambda" not in body
    assert _count(server).startswith("n")  # and the server keeps answering
    script = (
        "import threading, urllib.parse, urllib.request, sys\n"
        "from graph.server import make_server\n"
        f"srv = make_server(graph_file={str(graph_file)!r}, port=0, timeout=5.0)\n"
        "threading.Thread(target=srv.serve_forever, daemon=True).start()\n"
        "url = srv.url + 'sparql?' + urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }'})\n"
        "codes = []\n"
        "def one():\n"
        "    try:\n"
        "        codes.append(urllib.request.urlopen(url, timeout=30).status)\n"
        "    except Exception as exc:\n"
        "        codes.append(type(exc).__name__)\n"
        "threads = [threading.Thread(target=one) for _ in range(40)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(sorted(map(str, codes)))\n"
    )
    for _trial in range(3):  # a cold process each time: the race is in the parser's first calls
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        assert done.stdout.strip() == str(["200"] * 40), done.stdout[:300]


CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # ~185 000 rows over the test graph


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))[1:]


def test_Q_08_results_are_capped(graph_file: Path) -> None:
    """Every result format is cut at the cap and says so; the engine stops early (the cross
    product would not fit the 2 s deadline otherwise). The default cap is 100 000 rows; the
    server here uses 1 000 so the test stays fast on a slow machine."""
    import inspect

    import graph.server

    assert graph.server.MAX_ROWS == 100_000
    assert inspect.signature(graph.server.make_server).parameters["max_rows"].default == graph.server.MAX_ROWS
    counters = {
        "application/sparql-results+json": lambda body: len(json.loads(body)["results"]["bindings"]),
        "application/sparql-results+xml": lambda body: body.count(b"<result>"),
        "text/csv": lambda body: len(_csv_rows(body)),
    }
    with _serving(graph_file, max_rows=1000) as base:
        for accept, count in counters.items():
            status, headers, body = _get_query(base, CROSS, Accept=accept)
            assert status == 200 and headers.get("x-kg-truncated") == "true", (accept, status, body[:200])
            assert count(body) == 1000, accept
        status, headers, body = _get_query(base, COUNT, Accept="text/csv")  # within the cap: not flagged
        assert status == 200 and "x-kg-truncated" not in headers
        status, headers, body = _get_query(base, CROSS + " LIMIT 1000", Accept="text/csv")
        assert status == 200 and "x-kg-truncated" not in headers and len(_csv_rows(body)) == 1000


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 400",  # its own LIMIT over the cap: cut after the run
        "SELECT ?s ?o WHERE { ?s ?p ?o } OFFSET 10",  # LIMIT appended after the OFFSET
        "SELECT ?s ?o WHERE { ?s ?p ?o } VALUES ?x { 1 }",  # ends in VALUES: cut after the run
        "PREFIX ex: <http://e/>\nSELECT ?s ?o WHERE { ?s ?p ?o } # a comment at the end",
        "SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 300 } }",  # a sub-select's LIMIT
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",  # triples, cut after the run
    ],
)
def test_Q_08_every_query_shape_is_capped(query: str, graph_file: Path, server: str) -> None:
    with _serving(graph_file, max_rows=100) as base:
        accept = "application/n-triples" if query.startswith("CONSTRUCT") else "text/csv"
        status, headers, body = _get_query(base, query, Accept=accept)
        assert status == 200 and headers.get("x-kg-truncated") == "true", body[:200]
        rows = body.decode().splitlines() if query.startswith("CONSTRUCT") else _csv_rows(body)
        assert len(rows) == 100
    status, headers, body = _get_query(server, query, Accept=accept)  # the default cap: whole
    assert status == 200 and "x-kg-truncated" not in headers


def test_Q_08_the_cap_keeps_the_order(graph_file: Path, server: str) -> None:
    """The appended LIMIT is a plain solution modifier: ORDER BY still decides which rows stay."""
    query = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o) ?s ?p"
    with _serving(graph_file, max_rows=50) as base:
        status, headers, capped = _get_query(base, query, Accept="text/csv")
    assert status == 200 and headers.get("x-kg-truncated") == "true"
    status, _h, whole = _get_query(server, query, Accept="text/csv")
    assert status == 200 and len(_csv_rows(whole)) > 50
    assert _csv_rows(capped) == _csv_rows(whole)[:50]


def test_Q_08_row_limit_rewrite() -> None:
    from graph.server import _row_limited

    assert _row_limited("SELECT * { ?s ?p ?o }", 10) == "SELECT * { ?s ?p ?o }\nLIMIT 11"
    assert _row_limited("SELECT * { ?s ?p ?o } # end", 10).endswith("# end\nLIMIT 11")
    for unchanged in (
        "SELECT * { ?s ?p ?o } LIMIT 5",
        "SELECT * { ?s ?p ?o } OFFSET 2 LIMIT 5",
        "SELECT * { ?s ?p ?o } VALUES ?s { <http://e/a> }",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        "DESCRIBE <http://e/a>",
        "SELEKT * { ?s ?p ?o }",
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    ):
        assert _row_limited(unchanged, 10) == unchanged


# ---------------------------------------------------------------------------

INJECTIONS = [
    'x" } UNION { ?s ?p ?o } #',
    "x> . ?s ?p ?o . <y",
    "} ; DROP ALL ; {",
    'Acme"\n} UNION { ?a ?b ?c',
    '\\" ) } #',
]


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_Q_09_query_parameters_cannot_change_the_query(value: str, graph_file: Path) -> None:
    result = cli(["query", "entity", "-p", f"name={value}", "--graph", str(graph_file), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 1  # the header only: no row matches
    assert result.stderr.startswith("kg: no entity is named ") and len(result.stderr.splitlines()) == 1


def test_Q_10_concurrent_queries_while_writing() -> None:
    from dataclasses import replace

    from graph.ingest import document_from_text

    base = extract(document_from_text(ARTICLE))
    kg = KnowledgeGraph.empty()
    kg.query("who-said-what")  # warm rdflib's SPARQL grammar first: see test_Q_08_parallel_requests_...
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        try:
            for i in range(40):
                document = replace(base.document, id=f"{i:016x}", name=f"doc{i}")
                kg.add([replace(base, document=document)])
        except BaseException as exc:  # pragma: no cover - asserted below
            errors.append(exc)
        finally:
            stop.set()

    def reader() -> None:
        try:
            while not stop.is_set():
                kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }")
                kg.query("who-said-what")
        except BaseException as exc:  # pragma: no cover - asserted below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)] + [threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    try:
        assert not errors, errors[:3]
        assert (
            int(kg.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a schema:NewsArticle }").rows[0][0])
            == 40
        )
    finally:
        kg.close()
