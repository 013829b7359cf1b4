"""``--store http://...``: a real ``oxigraph serve`` on 127.0.0.1 as the store (ST-10, ST-13, R10).

Writes are INSERT DATA of hash-IRI quads (repeating adds nothing), queries reach the server's
engine, and every failure is one StoreError line: refused, HTTP error, no answer, truncated body.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest
from kg_fixtures import extraction_1, extraction_2
from store_support import canonical

from graph.errors import StoreError
from graph.parallel import _write_chunk
from graph.query import QueryTimeoutError, run
from graph.remote import Endpoint
from graph.store import close_dataset, count_quads, open_dataset

pytestmark = pytest.mark.store

BASE = "https://example.org/kg/"


def _write(ds, extractions, persistent: bool):
    _write_chunk(ds, sorted(extractions, key=lambda e: e.document.id), base=BASE, persistent=persistent)


def test_remote_store_equals_local_store_and_writes_are_idempotent(oxigraph_server):
    local = open_dataset()
    remote = open_dataset(oxigraph_server)
    try:
        for ds, persistent in ((local, False), (remote, True)):
            _write(ds, [extraction_1()], persistent)
            _write(ds, [extraction_2()], persistent)  # counts add up across chunks
        size = count_quads(remote)
        assert size > 100
        assert canonical(remote) == canonical(local)
        _write(remote, [extraction_1(), extraction_2()], True)  # again: nothing new
        assert count_quads(remote) == size
        for name in ("speakers", "documents", "who-said-what"):
            assert run(remote, name).rows == run(local, name).rows, name
        assert (
            run(remote, "entity", params={"name": "Ryder"}).rows
            == run(local, "entity", params={"name": "Ryder"}).rows
        )
        ask = run(remote, "ASK { ?c a kg:Claim }")
        assert ask.kind == "ask" and ask.rows == [("true",)]
    finally:
        close_dataset(local)
        close_dataset(remote)


def test_explicit_query_and_update_urls(oxigraph_server):
    endpoint = Endpoint(
        "http://unused.invalid", query_url=f"{oxigraph_server}/query", update_url=f"{oxigraph_server}/update"
    )
    ds = open_dataset(endpoint)
    _write(ds, [extraction_1()], True)
    assert count_quads(ds) > 0


def test_http_errors_are_one_line_store_errors(oxigraph_server):
    endpoint = Endpoint(oxigraph_server)
    with pytest.raises(StoreError, match=r"answered HTTP 400 Bad Request: \S") as info:
        endpoint.update("INSERT DATA { this is not SPARQL }")
    assert "\n" not in str(info.value)
    with pytest.raises(StoreError, match="answered HTTP 404"):
        Endpoint(oxigraph_server, query_url=f"{oxigraph_server}/nowhere").ask("ASK {}")
    port = _closed_port()
    with pytest.raises(StoreError, match="cannot connect"):
        open_dataset(f"http://127.0.0.1:{port}")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _FakeEndpoint(http.server.BaseHTTPRequestHandler):
    """Mode by path: /slow never answers in time, /truncated sends 200 and half a JSON body."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/slow"):
            time.sleep(3)
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "val'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def fake_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeEndpoint)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_no_answer_and_truncated_answers_raise(fake_endpoint):
    slow = Endpoint(fake_endpoint, query_url=f"{fake_endpoint}/slow", read_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"no answer within 0\.5 s"):
        slow.select("SELECT * { ?s ?p ?o }")
    assert time.monotonic() - started < 2.5
    truncated = Endpoint(fake_endpoint, query_url=f"{fake_endpoint}/truncated")
    with pytest.raises(StoreError, match="unreadable results"):
        truncated.select("SELECT * { ?s ?p ?o }")


def test_query_timeout_on_a_remote_store(fake_endpoint):
    from rdflib import Dataset

    from graph.remote import RemoteStore

    ds = Dataset(store=RemoteStore(Endpoint(fake_endpoint, query_url=f"{fake_endpoint}/slow")))
    with pytest.raises(QueryTimeoutError):
        run(ds, "SELECT * WHERE { ?s ?p ?o }", timeout=0.5)


@pytest.mark.model
def test_kg_build_into_an_endpoint_twice_adds_nothing(oxigraph_server, tmp_path):
    from store_support import ARTICLES, write_articles

    from graph import api

    folder = write_articles(tmp_path / "in", {k: ARTICLES[k] for k in ("a-ryder", "c-zelensky")})
    kg = api.build([folder], store=oxigraph_server)
    try:
        assert kg.report.processed == 2 and kg.report.triples_added == len(kg) > 0
        assert len(kg.query("who-said-what").rows) >= 2
    finally:
        kg.close()
    kg = api.build([folder], store=oxigraph_server)
    try:
        assert kg.report.processed == 0 and kg.report.triples_added == 0
    finally:
        kg.close()
