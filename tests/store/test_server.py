"""``kg serve``: read-only SPARQL 1.1 Protocol endpoint + HTML view, driven by SPARQLWrapper.

Q-01..Q-07: GET and POST queries, JSON/XML/CSV by content negotiation, updates refused (403),
SERVICE/FROM refused (400), runaway queries stopped (503), foreign Host/Origin refused.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse

import pytest
from kg_fixtures import extraction_1, extraction_2
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from graph.parallel import _write_chunk
from graph.server import make_server
from graph.store import close_dataset, open_dataset

pytestmark = pytest.mark.store

SPEAKERS = """PREFIX kg: <https://example.org/kg/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c kg:claimant ?p . ?p rdfs:label ?name } GROUP BY ?name ORDER BY ?name"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("served") / "store"
    ds = open_dataset(store)
    _write_chunk(ds, [extraction_1(), extraction_2()], base="https://example.org/kg/", persistent=True)
    close_dataset(ds)
    srv = make_server(store, port=0, timeout=2.0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _client(server, fmt=JSON, method="GET"):
    client = SPARQLWrapper(f"{server.url}sparql")
    client.setReturnFormat(fmt)
    client.setMethod(method)
    client.setTimeout(20)
    return client


def test_select_json_over_get_and_post(server):
    rows = {}
    for method in ("GET", POST):
        client = _client(server, JSON, method)
        client.setQuery(SPEAKERS)
        data = client.query().convert()
        rows[method] = {(b["name"]["value"], b["n"]["value"]) for b in data["results"]["bindings"]}
    assert rows["GET"] == rows[POST] == {("Matthew Miller", "1"), ("Pat Ryder", "2")}
    direct = _client(server, JSON, POST)
    direct.setRequestMethod(POSTDIRECTLY)  # application/sparql-query body
    direct.setQuery(SPEAKERS)
    assert len(direct.query().convert()["results"]["bindings"]) == 2


def test_xml_csv_ask_and_construct(server):
    client = _client(server, XML)
    client.setQuery(SPEAKERS)
    document = client.query().convert()
    names = sorted(
        node.firstChild.data
        for node in document.getElementsByTagName("literal")
        if not node.getAttribute("datatype")
    )
    assert names == ["Matthew Miller", "Pat Ryder"]
    client = _client(server, CSV)
    client.setQuery(SPEAKERS)
    text = client.query().convert().decode("utf-8")
    assert text.splitlines()[0] == "name,n" and "Pat Ryder,2" in text
    client = _client(server, JSON)
    client.setQuery("ASK { ?c a <https://example.org/kg/ns#Claim> }")
    assert client.query().convert()["boolean"] is True
    client = _client(server, TURTLE)
    client.setQuery(
        "CONSTRUCT { ?c a ?t } WHERE { ?c a ?t . FILTER(?t = <https://example.org/kg/ns#Claim>) }"
    )
    turtle = client.query().convert().decode("utf-8")  # SPARQLWrapper hands Turtle back as bytes
    from rdflib import Graph

    assert len(Graph().parse(data=turtle, format="turtle")) == 4


def test_updates_are_refused(server):
    client = _client(server, JSON, POST)
    client.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")  # sent as update=
    with pytest.raises(Exception, match="403"):  # urllib's HTTPError: SPARQLWrapper has no class for 403
        client.query()
    status, _ = _raw(server, "POST", "/sparql", "update=CLEAR+ALL", "application/x-www-form-urlencoded")
    assert status == 403
    status, _ = _raw(server, "POST", "/sparql", "CLEAR ALL", "application/sparql-update")
    assert status == 403
    status, _ = _raw(server, "PUT", "/sparql", "<urn:a> <urn:b> <urn:c> .", "application/n-triples")
    assert status == 405
    client = _client(server, JSON)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:g> { ?s ?p ?o } }")
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "0"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELEKT * WHERE { ?s ?p ?o }",
    ],
)
def test_bad_and_far_reaching_queries_are_400(server, query):
    client = _client(server, JSON)
    client.setQuery(query)
    with pytest.raises(QueryBadFormed):
        client.query()


def test_runaway_query_is_stopped_and_the_server_keeps_answering(server):
    client = _client(server, JSON)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    with pytest.raises(Exception, match="503"):
        client.query()
    client.setQuery("ASK {}")
    assert client.query().convert()["boolean"] is True


def _raw(server, method, path, body=None, content_type=None, headers=None):
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=20)
    all_headers = dict(headers or {})
    if content_type:
        all_headers["Content-Type"] = content_type
    connection.request(method, path, body=body.encode() if body else None, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def test_host_and_origin_checks_no_cors(server):
    query = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, _ = _raw(server, "GET", query, headers={"Host": "attacker.example"})
    assert status == 403
    status, _ = _raw(
        server,
        "POST",
        "/sparql",
        "query=ASK+%7B%7D",
        "application/x-www-form-urlencoded",
        headers={"Origin": "http://evil.example"},
    )
    assert status == 403
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=20)
    connection.request("GET", query, headers={"Host": f"localhost:{port}", "Accept": "text/csv"})
    response = connection.getresponse()
    assert response.status == 200 and response.read().decode().splitlines() == ["ask", "true"]
    assert response.getheader("Access-Control-Allow-Origin") is None
    connection.close()


def test_html_view_is_served(server):
    status, body = _raw(server, "GET", "/")
    assert status == 200 and b"<html" in body.lower() and b"Content-Security-Policy" in body
