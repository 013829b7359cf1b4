"""graph.query: named queries, safe parameters, refusal of SERVICE/FROM/updates, timeouts, formats.

The graph is built by hand with rdflib (string IRIs per notes/vocab-spec.md) so these tests
need neither spaCy nor the builder. Entity triples are repeated in every document graph, as
the builder may do, to check that queries over the union of graphs do not double-count.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph.errors import QueryError
from graph.iri import name_key
from graph.query import (
    QUERIES_DIR,
    QueryResult,
    QueryTimeoutError,
    check_query,
    get_query,
    list_queries,
    materialize_union,
    parse_header,
    run,
)
from graph.store import close_dataset, load_quads, open_dataset

BASE = "https://example.org/kg/"
KG = "https://example.org/kg/ns#"
SDO = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"

DOC_A = BASE + "doc/aaaaaaaaaaaaaaaa"
DOC_B = BASE + "doc/bbbbbbbbbbbbbbbb"
MILLER = BASE + "person/stephen-miller"
WHITE_HOUSE = BASE + "organization/white-house"
REUTERS = BASE + "organization/reuters"
IOWA = BASE + "place/iowa"
DOC_ORDER = {DOC_A: 0, DOC_B: 1}


def u(iri: str) -> URIRef:
    return URIRef(iri)


def _entities(graph: str) -> list[tuple]:
    g = u(graph)
    return [
        (u(MILLER), RDF.type, u(SDO + "Person"), g),
        (u(MILLER), RDFS.label, Literal("Stephen Miller"), g),
        (u(MILLER), u(SDO + "name"), Literal("Stephen Miller"), g),
        (u(MILLER), u(SDO + "alternateName"), Literal("Miller"), g),
        (u(MILLER), u(KG + "holdsRole"), u(BASE + "role/000000000001"), g),
        (u(BASE + "role/000000000001"), RDF.type, u(KG + "Role"), g),
        (u(BASE + "role/000000000001"), u(KG + "title"), Literal("spokesperson"), g),
        (u(BASE + "role/000000000001"), u(KG + "roleIn"), u(WHITE_HOUSE), g),
        (u(BASE + "role/000000000001"), u(KG + "roleHolder"), u(MILLER), g),
        (u(WHITE_HOUSE), RDF.type, u(SDO + "Organization"), g),
        (u(WHITE_HOUSE), RDFS.label, Literal("White House"), g),
        (u(REUTERS), RDF.type, u(SDO + "Organization"), g),
        (u(REUTERS), RDFS.label, Literal("Reuters"), g),
        (u(IOWA), RDF.type, u(SDO + "Place"), g),
        (u(IOWA), RDFS.label, Literal("Iowa"), g),
        # the look-up keys the builder writes (graph.builder.name_keys)
        (u(MILLER), u(KG + "nameKey"), Literal("stephen miller"), g),
        (u(MILLER), u(KG + "nameKey"), Literal("miller"), g),
        (u(WHITE_HOUSE), u(KG + "nameKey"), Literal("white house"), g),
        (u(REUTERS), u(KG + "nameKey"), Literal("reuters"), g),
        (u(IOWA), u(KG + "nameKey"), Literal("iowa"), g),
    ]


def _claim(
    doc: str,
    local: str,
    text: str,
    start: int,
    *,
    claimant: str | None = None,
    source: str | None = None,
    cue: str = "said",
    mode: str = "Direct",
    date_text: str | None = None,
    date: str | None = None,
    about: tuple[str, ...] = (),
) -> list[tuple]:
    g = u(doc)
    c = u(BASE + "claim/" + local)
    ev = u(BASE + "evidence/" + local)
    pos = u(BASE + "selector/" + local + "p")
    quote = u(BASE + "selector/" + local + "q")
    quads = [
        (c, RDF.type, u(KG + "Claim"), g),
        (c, u(SDO + "text"), Literal(text), g),
        (c, u(KG + "cue"), Literal(cue), g),
        (c, u(KG + "mode"), u(KG + mode), g),
        (c, u(KG + "polarity"), u(KG + "Affirmed"), g),
        (c, u(KG + "certainty"), u(KG + "Certain"), g),
        (c, u(PROV + "wasDerivedFrom"), u(doc), g),
        (c, u(KG + "inDocument"), u(doc), g),
        # document order, then position (graph.builder.claim_order)
        (c, u(KG + "claimOrder"), Literal(DOC_ORDER[doc] * 2**20 + start, datatype=XSD.integer), g),
        (c, u(KG + "contentEvidence"), ev, g),
        (ev, RDF.type, u(OA + "SpecificResource"), g),
        (ev, u(OA + "hasSource"), u(doc), g),
        (ev, u(OA + "hasSelector"), pos, g),
        (ev, u(OA + "hasSelector"), quote, g),
        (pos, RDF.type, u(OA + "TextPositionSelector"), g),
        (pos, u(OA + "start"), Literal(start, datatype=XSD.nonNegativeInteger), g),
        (pos, u(OA + "end"), Literal(start + len(text), datatype=XSD.nonNegativeInteger), g),
        (quote, RDF.type, u(OA + "TextQuoteSelector"), g),
        (quote, u(OA + "exact"), Literal(text), g),
    ]
    if claimant:
        quads += [(u(claimant), u(KG + "claims"), c, g), (c, u(KG + "claimant"), u(claimant), g)]
    if source:
        quads.append((c, u(KG + "sourceText"), Literal(source), g))
    if date_text:
        quads.append((c, u(KG + "dateText"), Literal(date_text), g))
    if date:
        quads.append((c, u(KG + "date"), Literal(date, datatype=XSD.date), g))
    quads += [(c, u(SDO + "about"), u(e), g) for e in about]
    return quads


def sample_quads() -> list[tuple]:
    """Two documents, four claims, one unresolved speaker; entities repeated per graph."""
    quads: list[tuple] = []
    for doc, name in ((DOC_A, "001_alpha"), (DOC_B, "002_beta")):
        g = u(doc)
        quads += [
            (u(doc), RDF.type, u(SDO + "NewsArticle"), g),
            (u(doc), u(SDO + "name"), Literal(name), g),
            (u(doc), u(KG + "contentHash"), Literal(doc.rsplit("/", 1)[1]), g),
            (u(doc), u(KG + "documentOrder"), Literal(DOC_ORDER[doc], datatype=XSD.integer), g),
            (u(doc), u(SDO + "mentions"), u(MILLER), g),
        ]
        quads += _entities(doc)
    quads += [
        (u(DOC_A), u(SDO + "headline"), Literal("Alpha headline"), u(DOC_A)),
        (u(DOC_A), u(SDO + "datePublished"), Literal("2025-01-02", datatype=XSD.date), u(DOC_A)),
        (u(DOC_A), u(SDO + "publisher"), u(REUTERS), u(DOC_A)),
    ]
    quads += _claim(
        DOC_A,
        "c00000000001",
        "Iowa will win.",
        120,
        claimant=MILLER,
        source="Miller",
        date_text="on Monday",
        about=(IOWA,),
    )
    quads += _claim(
        DOC_A,
        "c00000000002",
        "tariffs are fine",
        40,
        claimant=MILLER,
        source="he",
        cue="told",
        mode="Indirect",
    )
    quads += _claim(
        DOC_B, "c00000000003", "Miller is wrong", 10, source="officials", mode="Mixed", about=(MILLER,)
    )
    quads += _claim(
        DOC_B,
        "c00000000004",
        "No comment.",
        50,
        claimant=WHITE_HOUSE,
        source="the White House",
        date="2025-01-03",
    )
    return quads


@pytest.fixture()
def ds():
    dataset = open_dataset()
    load_quads(dataset, sample_quads())
    yield dataset
    close_dataset(dataset)


@pytest.fixture()
def memory_ds():
    """The same data in rdflib's own Memory store: the fallback evaluator."""
    dataset = Dataset()
    dataset.addN((s, p, o, dataset.graph(g)) for s, p, o, g in sample_quads())
    return dataset


# ----------------------------------------------------------------- named queries and headers

EXPECTED_WHO_SAID_WHAT = [
    ("Stephen Miller", "told", "indirect", None, "tariffs are fine", "001_alpha", "0", "0"),
    ("Stephen Miller", "said", "direct", "on Monday", "Iowa will win.", "001_alpha", "0", "0"),
    ("officials", "said", "mixed", None, "Miller is wrong", "002_beta", "0", "0"),
    ("White House", "said", "direct", "2025-01-03", "No comment.", "002_beta", "0", "0"),
]


def test_named_queries_are_discovered_and_documented():
    infos = list_queries()
    names = [q.name for q in infos]
    assert {"who-said-what", "speakers", "entity", "documents"} <= set(names)
    assert names == sorted(names)
    assert sorted(p.stem for p in QUERIES_DIR.glob("*.rq")) == names
    for info in infos:
        assert info.title, info.name
        assert info.description, info.name
    assert get_query("entity").params.keys() == {"name"}
    assert get_query("speakers").params == {}


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_every_shipped_query_parses_and_runs(path: Path, ds):
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    prepareQuery(text)  # rdflib's parser and algebra accept it
    check_query(text)  # and our safety check does too
    info = get_query(path.stem)
    result = run(ds, path.stem, params={name: "x" for name in info.params})
    assert isinstance(result, QueryResult)


def test_parse_header():
    header = parse_header(
        "# title: A title\n"
        "# description: first line\n"
        "#   second line\n"
        "# params: name - the name; limit - how many\n"
        "#   at most\n"
        "SELECT * { ?s ?p ?o }\n"
        "# title: not part of the header\n"
    )
    assert header == {
        "title": "A title",
        "description": "first line second line",
        "params": {"name": "the name", "limit": "how many at most"},
        "lookup": (),
        "empty": "",
    }
    assert parse_header("# title: t\n# params: none\nASK {}")["params"] == {}
    assert parse_header("# params: a - x; b - y\n# lookup: a, ?b\nASK {}")["lookup"] == ("a", "b")


def test_unknown_named_query_lists_available():
    with pytest.raises(QueryError, match=r"unknown query 'nope'.*who-said-what"):
        run(open_dataset(), "nope")


def test_named_query_parameters_are_checked(ds):
    with pytest.raises(QueryError, match="needs -p name=VALUE") as missing:
        run(ds, "entity")
    with pytest.raises(QueryError, match="has no parameter") as unknown:
        run(ds, "speakers", params={"name": "x"})
    with pytest.raises(QueryError, match="did you mean 'name'") as typo:
        run(ds, "entity", params={"nme": "x"})
    assert missing.value.exit_code == unknown.value.exit_code == typo.value.exit_code == 2  # usage


def test_who_said_what(ds):
    result = run(ds, "who-said-what")
    assert result.columns == [
        "speaker",
        "cue",
        "mode",
        "date",
        "claim",
        "document",
        "contradicts",
        "supports",
    ]
    assert result.rows == EXPECTED_WHO_SAID_WHAT


def test_speakers(ds):
    result = run(ds, "speakers")
    assert result.columns == ["speaker", "type", "claims", "roles"]
    assert result.rows == [
        ("Stephen Miller", "Person", "2", "spokesperson (White House)"),
        ("White House", "Organization", "1", None),
    ]


def test_documents(ds):
    result = run(ds, "documents")
    assert result.columns == ["document", "headline", "date", "publisher", "claims"]
    assert result.rows == [
        ("001_alpha", "Alpha headline", "2025-01-02", "Reuters", "2"),
        ("002_beta", None, None, None, "2"),
    ]


@pytest.mark.parametrize("name", ["miller", "STEPHEN MILLER", "Miller"])
def test_entity_by_label_or_alias(ds, name):
    result = run(ds, "entity", params={"name": name})
    assert result.columns == ["entity", "field", "value"]
    assert result.rows == [
        ("Stephen Miller", "iri", MILLER),
        ("Stephen Miller", "type", "Person"),
        ("Stephen Miller", "alias", "Miller"),
        ("Stephen Miller", "role", "spokesperson (White House)"),
        # claims in document order: the first document's, by where their content starts
        ("Stephen Miller", "claimed", "tariffs are fine"),
        ("Stephen Miller", "claimed", "Iowa will win."),
        ("Stephen Miller", "claimed about it", "officials: Miller is wrong"),
    ]


ANN_MILLER = BASE + "person/ann-miller"


def test_entity_rows_for_a_name_of_two_entities_come_field_by_field(ds):
    """The rows are ordered by field, then document order, then entity: a page is cut on
    integers, not on entity IRIs, which Oxigraph decodes for every comparison of a sort."""
    g = u(DOC_B)
    load_quads(
        ds,
        [
            (u(ANN_MILLER), RDF.type, u(SDO + "Person"), g),
            (u(ANN_MILLER), RDFS.label, Literal("Ann Miller"), g),
            (u(ANN_MILLER), u(KG + "nameKey"), Literal("ann miller"), g),
            (u(ANN_MILLER), u(KG + "nameKey"), Literal("miller"), g),
            *_claim(DOC_B, "c00000000005", "It rained.", 5, claimant=ANN_MILLER, source="Ann Miller"),
        ],
    )
    rows = run(ds, "entity", params={"name": "Miller"}).rows
    assert rows == [
        ("Ann Miller", "iri", ANN_MILLER),
        ("Stephen Miller", "iri", MILLER),
        ("Ann Miller", "type", "Person"),
        ("Stephen Miller", "type", "Person"),
        ("Stephen Miller", "alias", "Miller"),
        ("Stephen Miller", "role", "spokesperson (White House)"),
        ("Stephen Miller", "claimed", "tariffs are fine"),
        ("Stephen Miller", "claimed", "Iowa will win."),
        ("Ann Miller", "claimed", "It rained."),  # the second document
        ("Stephen Miller", "claimed about it", "officials: Miller is wrong"),
    ]
    assert run(ds, "entity", params={"name": "ann miller"}).rows == [
        ("Ann Miller", "iri", ANN_MILLER),
        ("Ann Miller", "type", "Person"),
        ("Ann Miller", "claimed", "It rained."),
    ]


def test_timeline_lists_only_the_dated_claims_about_an_entity(ds):
    g = u(DOC_B)
    load_quads(
        ds,
        _claim(DOC_B, "c00000000006", "Iowa votes early.", 70, source="aides", about=(IOWA,))
        + _claim(DOC_B, "c00000000007", "Iowa voted.", 90, source="aides", date="2025-01-01", about=(IOWA,))
        + [(u(BASE + "claim/c00000000007"), u(KG + "dateText"), Literal("on New Year's Day"), g)],
    )
    result = run(ds, "timeline", params={"name": "iowa"})
    assert result.columns == ["date", "speaker", "cue", "polarity", "claim", "document"]
    assert result.rows == [("2025-01-01", "aides", "said", "affirmed", "Iowa voted.", "002_beta")]


def test_named_queries_agree_with_rdflib_evaluator(ds, memory_ds):
    """Backend parity (RELIABILITY O3): the Oxigraph path and rdflib's fallback give the same rows."""
    for name, params in (
        ("who-said-what", {}),
        ("speakers", {}),
        ("documents", {}),
        ("entity", {"name": "miller"}),
    ):
        assert run(memory_ds, name, params=params).rows == run(ds, name, params=params).rows, name


def test_queries_reach_oxigraph_not_rdflib(ds, monkeypatch):
    """PERF.md section 4: an oxrdflib-backed dataset is never evaluated by rdflib's engine."""
    import rdflib.plugins.sparql.evaluate as rdflib_evaluate

    def forbidden(*args, **kwargs):
        raise AssertionError("rdflib's SPARQL evaluator was used")

    monkeypatch.setattr(rdflib_evaluate, "evalQuery", forbidden)
    assert len(run(ds, "who-said-what").rows) == 4


# ----------------------------------------------------------------- parameters cannot change the query

INJECTIONS = [
    'x" ) } UNION { ?e ?p ?o } #',
    'x"}} SELECT * WHERE { ?s ?p ?o } #',
    "Miller> <x",
    "x\n} UNION { ?e ?p ?o }",
    'x\\" ) || true || ("',
    "\\u0022) || true || (\\u0022",
    "x' ) || true || ('",
    'x" . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_param_injection_does_not_change_the_query(ds, value):
    assert run(ds, "entity", params={"name": value}).rows == []


def test_param_values_are_matched_literally(ds):
    """A value with quotes, braces and newlines is a plain string: it matches itself exactly."""
    weird = 'Ac"me} > \n{ Corp \\ \u0022'
    g = u(DOC_A)
    org = u(BASE + "organization/acme")
    key = Literal(name_key(weird))
    load_quads(ds, [(org, RDF.type, u(SDO + "Organization"), g), (org, RDFS.label, Literal(weird), g)])
    load_quads(ds, [(org, u(KG + "nameKey"), key, g)])
    rows = run(ds, "entity", params={"name": weird}).rows
    assert ('Ac"me} > \n{ Corp \\ "', "iri", BASE + "organization/acme") in rows


def test_params_on_plain_text_bind_variables(ds):
    text = "SELECT DISTINCT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(?label = ?wanted) }"
    assert run(ds, text, params={"wanted": "Iowa"}).rows == [(IOWA,)]
    with pytest.raises(QueryError, match="invalid parameter name"):
        run(ds, text, params={"wanted) } #": "Iowa"})


# ----------------------------------------------------------------- refusal before evaluation

REFUSED = {
    "service": "SELECT * WHERE { SERVICE <{canary}> { ?s ?p ?o } }",
    "service-lower": "select * where { service <{canary}> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { SERVICE SILENT <{canary}> { ?s ?p ?o } }",
    "service-escaped": "SELECT * WHERE { \\u0053ERVICE <{canary}> { ?s ?p ?o } }",
    "service-escaped-long": "SELECT * WHERE { \\U00000053\\u0045RVICE <{canary}> { ?s ?p ?o } }",
    "service-in-optional": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{canary}> { ?s ?q ?r } } }",
    "service-in-subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{canary}> { ?s ?p ?o } } } }",
    "service-in-exists": "ASK { ?s ?p ?o FILTER EXISTS { SERVICE <{canary}> { ?s ?p ?o } } }",
    "service-variable": "SELECT * WHERE { BIND(<{canary}> AS ?x) SERVICE ?x { ?s ?p ?o } }",
    "service-construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{canary}> { ?s ?p ?o } }",
    "from": "SELECT * FROM <{canary}> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <{canary}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from-named-file": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
}

UPDATES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <{canary}>",
    "CLEAR ALL",
    "DROP ALL ; INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
]


class Canary:
    """A loopback listener that counts connections: any SERVICE/FROM fetch would show up here."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture()
def canary():
    listener = Canary()
    yield listener
    listener.close()


@pytest.mark.parametrize("key", sorted(REFUSED))
def test_service_and_from_are_refused(ds, memory_ds, canary, key):
    text = REFUSED[key].replace("{canary}", canary.url)
    for dataset in (ds, memory_ds):
        with pytest.raises(QueryError) as info:
            run(dataset, text)
        message = str(info.value)
        assert "\n" not in message
        assert ("SERVICE" in message) or ("FROM" in message)
        assert info.value.exit_code == 6
    time.sleep(0.3)
    assert canary.connections == 0


_AUDIT: list[tuple[str, str]] = []
_AUDITING = threading.Event()


def _audit(event: str, args: tuple) -> None:
    if not _AUDITING.is_set() or event not in ("open", "urllib.Request", "socket.connect"):
        return
    if event == "open" and str(args[0]).endswith((".py", ".pyc", ".so")):
        return  # a lazy import, not data
    _AUDIT.append((event, repr(args)[:200]))


def test_refusal_reads_no_file_and_opens_no_url(memory_ds):
    """rdflib would read FROM NAMED <file:...> and fetch FROM <http...> (R8): nothing is touched."""
    sys.addaudithook(_audit)  # hooks cannot be removed: this one records only while the event is set
    queries = [
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ]
    run(memory_ds, "ASK { ?s ?p ?o }")  # warm up lazy imports first
    _AUDITING.set()
    try:
        for text in queries:
            with pytest.raises(QueryError):
                run(memory_ds, text)
    finally:
        _AUDITING.clear()
    assert _AUDIT == []


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_refused_and_store_unchanged(ds, canary, text):
    before = len(ds)
    with pytest.raises(QueryError, match="update operations are not allowed"):
        run(ds, text.replace("{canary}", canary.url))
    assert len(ds) == before
    assert canary.connections == 0


def test_the_canary_does_count(canary):
    """Guard the guard: a real connection to the listener is counted."""
    with socket.create_connection(("127.0.0.1", int(canary.url.split(":")[2].split("/")[0])), timeout=2):
        pass
    deadline = time.monotonic() + 2
    while canary.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert canary.connections == 1


def test_unchecked_service_would_reach_the_canary(ds, canary):
    """Why the check exists: pyoxigraph itself does execute SERVICE (RELIABILITY O10)."""
    from graph.store import pyoxigraph_store

    # the canary hangs up, so the query fails, but only after connecting
    with contextlib.suppress(Exception):
        list(pyoxigraph_store(ds).query(f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"))
    deadline = time.monotonic() + 2
    while canary.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    if canary.connections == 0:
        pytest.skip("this pyoxigraph build has no HTTP client")
    assert canary.connections >= 1


def test_harmless_words_are_not_refused(ds):
    text = (
        'SELECT ?service ?from WHERE { BIND("SERVICE FROM" AS ?service) BIND(<http://x/FROM> AS ?from) }'
        " # SERVICE <http://x/> in a comment"
    )
    assert run(ds, text).rows == [("SERVICE FROM", "http://x/FROM")]


# ----------------------------------------------------------------- malformed queries


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("SELEKT * WHERE { ?s ?p ?o }", 1, 1),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}", 3, None),
        ("SELECT * WHERE { ?s ?p }", 1, None),
    ],
)
def test_malformed_query_reports_line_and_column(ds, text, line, column):
    with pytest.raises(QueryError) as info:
        run(ds, text)
    message = str(info.value)
    assert message.startswith(f"malformed SPARQL at line {line}, column ")
    if column is not None:
        assert message.startswith(f"malformed SPARQL at line {line}, column {column}:")
    assert "\n" not in message and "Traceback" not in message


def test_query_from_rq_file(ds, tmp_path):
    path = tmp_path / "labels.rq"
    path.write_text("SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l")
    assert run(ds, str(path)).rows[0] == ("Iowa",)
    assert run(ds, path).rows[0] == ("Iowa",)
    with pytest.raises(QueryError, match="no such query file") as missing:
        run(ds, str(tmp_path / "lables.rq"))
    assert missing.value.exit_code == 2 and "did you mean 'labels.rq'" in str(missing.value)


# ----------------------------------------------------------------- result kinds and formats


def test_ask_and_construct(ds):
    assert run(ds, "ASK { ?s a <https://schema.org/Person> }").rows == [("true",)]
    ask = run(ds, "ASK { ?s a <https://schema.org/Event> }")
    assert ask.columns == ["ask"] and ask.rows == [("false",)]
    assert json.loads(ask.to_json()) == {"head": {}, "boolean": False}
    graph = run(ds, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{IOWA}>) }}")
    assert graph.columns == ["subject", "predicate", "object"]
    assert graph.rows == sorted(graph.rows)
    assert (IOWA, str(RDFS.label), "Iowa") in graph.rows
    assert len(graph.rows) == 3  # type, label, name key: the union holds each triple once here


def test_output_formats(ds):
    result = run(ds, "who-said-what")
    table = result.to_table()
    lines = table.splitlines()
    assert lines[0].split() == result.columns
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 2 + len(result.rows)
    assert lines[2].startswith("Stephen Miller  told")

    rows = list(csv.reader(io.StringIO(result.to_csv())))
    assert rows[0] == result.columns
    assert rows[1] == ["Stephen Miller", "told", "indirect", "", "tariffs are fine", "001_alpha", "0", "0"]

    payload = json.loads(result.to_json())
    assert payload["head"]["vars"] == result.columns
    first = payload["results"]["bindings"][0]
    assert first["speaker"] == {"type": "literal", "value": "Stephen Miller"}
    assert "date" not in first  # unbound
    assert result.to_json() == run(ds, "who-said-what").to_json()  # deterministic

    iri = run(ds, "entity", params={"name": "Miller"}).to_json()
    assert {"type": "uri", "value": MILLER} in [b["value"] for b in json.loads(iri)["results"]["bindings"]]
    typed = json.loads(run(ds, "SELECT ?n WHERE { BIND(42 AS ?n) }").to_json())
    assert typed["results"]["bindings"][0]["n"] == {
        "type": "literal",
        "value": "42",
        "datatype": str(XSD.integer),
    }


def test_table_escapes_and_caps_cells():
    result = QueryResult(["a", "b"], [("x" * 100, "line\nbreak\u202e\x1b[31m"), (None, "ok")])
    lines = result.to_table(max_width=20).splitlines()
    assert len(lines) == 4
    assert lines[2].startswith("x" * 19 + "…  line")
    assert max(len(line) for line in lines) <= 20 + 2 + 20
    lines = result.to_table().splitlines()
    assert "\\n" in lines[2] and "\\u202e" in lines[2] and "\\u001b" in lines[2]
    assert "\x1b" not in result.to_table()


# ----------------------------------------------------------------- timeout


def _cross_product_ds(n: int = 3000):
    dataset = open_dataset()
    g = u(DOC_A)
    load_quads(dataset, [(u(f"{BASE}other/n{i}"), RDFS.label, Literal(f"n{i}"), g) for i in range(n)])
    return dataset


@pytest.mark.slow
def test_timeout_stops_a_runaway_query():
    dataset = _cross_product_ds()
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"query exceeded 1 s") as info:
        run(dataset, runaway, timeout=1)
    assert time.monotonic() - started < 1 + 3
    assert info.value.exit_code == 7
    # the parent is unharmed and a cheap query still works, with or without a deadline
    assert run(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=10).rows == [("3000",)]
    assert run(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [("3000",)]


def test_timeout_path_gives_the_same_rows(ds):
    assert run(ds, "who-said-what", timeout=20).rows == EXPECTED_WHO_SAID_WHAT
    with pytest.raises(QueryError, match="malformed SPARQL at line 1"):
        run(ds, "SELEKT *", timeout=20)


def test_timeout_on_a_disk_store(tmp_path):
    dataset = open_dataset(tmp_path / "store")
    try:
        load_quads(dataset, sample_quads())
        assert run(dataset, "who-said-what", timeout=20).rows == EXPECTED_WHO_SAID_WHAT
    finally:
        close_dataset(dataset)


def test_a_file_compacted_away_under_a_read_only_handle_is_read_again(tmp_path, monkeypatch):
    """The timed child opens the disk store read-only; the writer's compaction may delete a
    file that handle listed ("No such file"), and a second open reads the new list."""
    import graph.query

    opened: list[str] = []
    original = graph.query._open_read_only

    def flaky(path: str):  # runs in the forked child, which has this patch too
        opened.append(path)
        if len(opened) == 1:
            raise RuntimeError(f"Corruption: IO error: No such file or directory: {path}/000071.sst")
        return original(path)

    monkeypatch.setattr(graph.query, "_open_read_only", flaky)
    dataset = open_dataset(tmp_path / "store")
    try:
        load_quads(dataset, sample_quads())
        assert run(dataset, "who-said-what", timeout=20).rows == EXPECTED_WHO_SAID_WHAT
        monkeypatch.setattr(graph.query, "READ_ONLY_ATTEMPTS", 1)
        opened.clear()
        with pytest.raises(QueryError, match="No such file"):
            run(dataset, "who-said-what", timeout=20)
    finally:
        close_dataset(dataset)


def test_a_timed_query_right_after_a_write_to_a_reopened_store(tmp_path):
    """The real race behind the test above: materializing the union of a reopened store starts
    a compaction that deletes files while the timed child opens its read-only handle."""
    quads = [
        (
            u(f"http://example.org/s{i}"),
            u("http://example.org/p"),
            Literal(i),
            u(f"http://example.org/g{i % 50}"),
        )
        for i in range(20_000)
    ]
    for attempt in range(3):
        path = tmp_path / f"store{attempt}"
        dataset = open_dataset(path)
        load_quads(dataset, quads)
        close_dataset(dataset)
        dataset = open_dataset(path)
        try:
            materialize_union(dataset)
            result = run(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=20)
            assert result.rows == [("20000",)]
        finally:
            close_dataset(dataset)


def test_timeout_with_rdflib_fallback(memory_ds):
    assert run(memory_ds, "who-said-what", timeout=20).rows == EXPECTED_WHO_SAID_WHAT


# ----------------------------------------------------------------- name keys


def test_lookup_parameters_are_inlined_as_name_keys() -> None:
    """entity/speaker/timeline get the user's name as a constant key (one index read): any
    text - quotes, braces, backslashes, newlines - finds exactly the entity of that name."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    for query in ("entity", "speaker", "timeline"):
        assert get_query(query).lookups == ("name",)
    ds = open_dataset()
    g = u(DOC_A)

    @settings(max_examples=100, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20))
    def check(name: str) -> None:
        e = u(BASE + "organization/x" + str(abs(hash(name))))
        load_quads(
            ds, [(e, RDFS.label, Literal(name), g), (e, u(KG + "nameKey"), Literal(name_key(name)), g)]
        )
        rows = run(ds, "entity", params={"name": f"  {name.upper()}\t"}).rows
        if name_key(name.upper()) == name_key(name):
            assert (name, "iri", str(e)) in rows
        labels = run(ds, f"SELECT ?l WHERE {{ ?x <{RDFS.label}> ?l }}").rows
        assert {r[0] for r in rows} <= {r[0] for r in labels}

    try:
        check()
    finally:
        close_dataset(ds)


NAMED_PARAMS = {"entity": {"name": "miller"}, "speaker": {"name": "miller"}, "timeline": {"name": "iowa"}}


@pytest.mark.parametrize("name", sorted(info.name for info in list_queries()))
@pytest.mark.parametrize("size", [1, 2])
def test_pages_of_a_named_query_add_up_to_all_its_rows(ds, name, size):
    params = NAMED_PARAMS.get(name)
    every = run(ds, name, params=params).rows
    pages = [
        run(ds, name, params=params, limit=size, offset=start).rows
        for start in range(0, len(every) + 1, size)
    ]
    assert all(len(page) <= size for page in pages)
    assert [row for page in pages for row in page] == every
    assert run(ds, name, params=params, offset=len(every)).rows == []


def test_page_arguments_are_checked(ds):
    for bad in ({"limit": -1}, {"offset": -2}, {"limit": "10"}, {"limit": True}):
        with pytest.raises(QueryError, match="whole number"):
            run(ds, "who-said-what", **bad)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="named queries"):
        run(ds, "SELECT ?s WHERE { ?s ?p ?o }", limit=1)
