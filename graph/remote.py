"""A remote SPARQL 1.1 endpoint as the store: a small, strict HTTP client and an rdflib adapter.

Why not rdflib's ``SPARQLStore``/``SPARQLUpdateStore`` (RELIABILITY.md risk 11, R10, O9, ST-10):
it calls ``urlopen`` without a timeout, turns HTTP failures into vague errors or even into
result rows, and an Oxigraph server that cancels a query answers 200 with a truncated body.
Here every request has a connect and a read timeout, and any non-2xx status or any body that
does not parse raises :class:`~graph.errors.StoreError` with one line: the status and the first
line of the body. Writes are ``INSERT DATA`` of hash-IRI quads (no blank nodes), so a request
that is retried or repeated adds nothing new.

``--store http://host:7878`` means query URL ``/query`` and update URL ``/update`` (Oxigraph
server, Fuseki datasets); both can be given explicitly.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graph.errors import StoreError

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_READ_TIMEOUT",
    "Endpoint",
    "RemoteStore",
    "endpoint_of",
    "is_remote_url",
    "open_remote_dataset",
    "term_from_json",
]

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 60.0
MAX_TRIPLES_PER_REQUEST = 20_000
SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


def is_remote_url(value: Any) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL 1.1 service answers queries and updates, and how long to wait for it."""

    url: str
    query_url: str | None = None
    update_url: str | None = None
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    union_default_graph: bool = True

    def __post_init__(self) -> None:
        for name in ("url", "query_url", "update_url"):
            value = getattr(self, name)
            if value is not None and not is_remote_url(value):
                raise StoreError(f"not an http(s) URL for the SPARQL endpoint: {value!r}")

    @property
    def query_endpoint(self) -> str:
        return self.query_url or self.url.rstrip("/") + "/query"

    @property
    def _query_request_url(self) -> str:
        """Queries see the union of the named graphs, as on a local store (Oxigraph's parameter)."""
        url = self.query_endpoint
        if self.union_default_graph and "?" not in url:
            url += "?union-default-graph"
        return url

    @property
    def update_endpoint(self) -> str:
        return self.update_url or self.url.rstrip("/") + "/update"

    # ------------------------------------------------------------------ HTTP

    def _request(
        self, url: str, body: bytes, content_type: str, accept: str, timeout: float | None = None
    ) -> tuple[str, bytes]:
        """POST ``body``; return (content type, body) of a 2xx answer, else raise StoreError."""
        parts = urllib.parse.urlsplit(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        host = parts.hostname or ""
        where = f"{parts.scheme}://{parts.netloc}{parts.path}"
        connection = connection_class(host, parts.port, timeout=self.connect_timeout)
        try:
            try:
                connection.connect()
            except TimeoutError:
                raise StoreError(
                    f"SPARQL endpoint {where}: no connection within {self.connect_timeout:g} s"
                ) from None
            except OSError as exc:
                raise StoreError(f"SPARQL endpoint {where}: cannot connect ({exc.strerror or exc})") from None
            if connection.sock is not None:
                connection.sock.settimeout(timeout or self.read_timeout)
            headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": "kg (claimgraph-news)"}
            if parts.username:
                import base64

                token = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
                headers["Authorization"] = "Basic " + base64.b64encode(token.encode()).decode("ascii")
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except TimeoutError:
                raise StoreError(
                    f"SPARQL endpoint {where}: no answer within {timeout or self.read_timeout:g} s"
                ) from None
            except (OSError, http.client.HTTPException) as exc:
                raise StoreError(
                    f"SPARQL endpoint {where}: connection failed ({type(exc).__name__}: {exc})"
                ) from None
        finally:
            connection.close()
        if not 200 <= response.status < 300:
            detail = _first_line(data.decode("utf-8", "replace"))
            raise StoreError(
                f"SPARQL endpoint {where} answered HTTP {response.status} {response.reason}"
                + (f": {detail}" if detail else "")
            )
        return response.getheader("Content-Type", "") or "", data

    def update(self, text: str) -> None:
        """Run a SPARQL Update (one request: one transaction on Oxigraph)."""
        self._request(
            self.update_endpoint, text.encode("utf-8"), "application/sparql-update; charset=utf-8", "*/*"
        )

    def query(self, text: str, *, timeout: float | None = None) -> tuple[str, Any]:
        """Run a query; ("json", results dict) for SELECT/ASK, ("graph", N-Triples text) otherwise."""
        content_type, data = self._request(
            self._query_request_url,
            text.encode("utf-8"),
            "application/sparql-query; charset=utf-8",
            f"{SPARQL_JSON}, {N_TRIPLES};q=0.9",
            timeout,
        )
        where = self.query_endpoint
        mime = content_type.split(";")[0].strip().lower()
        try:
            body = data.decode("utf-8")
        except UnicodeDecodeError:
            raise StoreError(f"SPARQL endpoint {where}: the answer is not UTF-8") from None
        if mime in (SPARQL_JSON, "application/json"):
            try:
                results = json.loads(body)
            except json.JSONDecodeError as exc:
                # An Oxigraph server that cancels a query sends 200 and a truncated body (O9).
                raise StoreError(
                    f"SPARQL endpoint {where}: unreadable results ({exc.msg} at character {exc.pos}); "
                    f"{_first_line(body[-300:]) or 'truncated answer'}"
                ) from None
            if not isinstance(results, dict) or not (
                "boolean" in results
                or (isinstance(results.get("results"), dict) and "bindings" in results["results"])
            ):
                raise StoreError(f"SPARQL endpoint {where}: answer is not SPARQL JSON results")
            return "json", results
        if mime in (N_TRIPLES, "text/plain", "application/n-quads"):
            return "graph", body
        raise StoreError(f"SPARQL endpoint {where}: unexpected answer type {mime or '(none)'}")

    def select(self, text: str, *, timeout: float | None = None) -> list[dict[str, Any]]:
        kind, results = self.query(text, timeout=timeout)
        if kind != "json" or "results" not in results:
            raise StoreError(f"SPARQL endpoint {self.query_endpoint}: expected SELECT results")
        return list(results["results"]["bindings"])

    def ask(self, text: str) -> bool:
        kind, results = self.query(text)
        if kind != "json" or not isinstance(results.get("boolean"), bool):
            raise StoreError(f"SPARQL endpoint {self.query_endpoint}: expected an ASK result")
        return bool(results["boolean"])

    # ------------------------------------------------------------------ writes

    def insert_quads(self, quads: Iterable[tuple[Any, Any, Any, Any]], *, before: str = "") -> int:
        """``INSERT DATA`` the quads, grouped by graph, in requests of bounded size.

        ``before`` (an update, e.g. ``DROP GRAPH`` or ``DELETE DATA``) goes first in the first
        request, so a replacement is one transaction on endpoints that run a request as one.
        """
        by_graph: dict[str, list[str]] = {}
        count = 0
        for s, p, o, g in quads:
            by_graph.setdefault(nt(g), []).append(f"{nt(s)} {nt(p)} {nt(o)} .")
            count += 1
        requests: list[str] = []
        current: list[str] = []
        size = 0
        for graph_name in sorted(by_graph):
            lines = by_graph[graph_name]
            for start in range(0, len(lines), MAX_TRIPLES_PER_REQUEST):
                part = lines[start : start + MAX_TRIPLES_PER_REQUEST]
                current.append(f"GRAPH {graph_name} {{\n" + "\n".join(part) + "\n}")
                size += len(part)
                if size >= MAX_TRIPLES_PER_REQUEST:
                    requests.append("INSERT DATA {\n" + "\n".join(current) + "\n}")
                    current, size = [], 0
        if current:
            requests.append("INSERT DATA {\n" + "\n".join(current) + "\n}")
        if before:
            if requests:
                requests[0] = before + " ;\n" + requests[0]
            else:
                requests.append(before)
        for text in requests:
            self.update(text)
        return count


# ---------------------------------------------------------------------- terms


def nt(term: Any) -> str:
    """An rdflib term in N-Triples syntax (valid in SPARQL too), escaped and checked by pyoxigraph."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return str(term)
    try:
        return str(_to_ox_term(getattr(term, "identifier", term)))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"cannot send term {term!r} to the endpoint: {exc}") from None


def _to_ox_term(term: Any) -> Any:
    """An rdflib term as the pyoxigraph term, which checks and escapes it."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


def term_from_json(value: Mapping[str, Any] | None) -> Any:
    """A SPARQL JSON results term as an rdflib term (None when unbound)."""
    from rdflib import BNode, Literal, URIRef

    if value is None:
        return None
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        datatype = value.get("datatype")
        return Literal(text, lang=lang) if lang else Literal(text, datatype=datatype)
    raise StoreError(f"unexpected term in SPARQL results: {kind!r}")


# ---------------------------------------------------------------------- rdflib store


_REMOTE_STORE_CLASS: type | None = None


def _remote_store_class() -> type:
    global _REMOTE_STORE_CLASS
    if _REMOTE_STORE_CLASS is not None:
        return _REMOTE_STORE_CLASS
    from rdflib import Graph, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.query import Result
    from rdflib.store import Store

    class _RemoteStore(Store):  # type: ignore[misc, valid-type]
        """rdflib Store over :class:`Endpoint`: the named graphs of the endpoint.

        Pattern lookups become SELECTs, ``addN`` becomes ``INSERT DATA``, ``remove``
        ``DELETE WHERE``. Only named graphs are read when no graph is given (endpoints differ
        on what their default graph is); our data lives in named graphs only.
        """

        context_aware = True
        graph_aware = True
        formula_aware = False
        transaction_aware = False

        def __init__(self, endpoint: Endpoint) -> None:
            super().__init__()
            self.endpoint = endpoint
            self._namespaces: dict[str, URIRef] = {}
            self._graphs: dict[Any, Graph] = {}

        # -- graphs
        def _graph(self, identifier: Any) -> Graph:
            graph = self._graphs.get(identifier)
            if graph is None:
                graph = self._graphs[identifier] = Graph(store=self, identifier=identifier)
            return graph

        @staticmethod
        def _name(context: Any) -> Any:
            if context is None:
                return None
            return getattr(context, "identifier", context)

        def _group(self, pattern: str, context: Any) -> str:
            name = self._name(context)
            if name is None:
                return f"GRAPH ?g {{ {pattern} }}"
            if name == DATASET_DEFAULT_GRAPH_ID:
                return pattern
            return f"GRAPH {nt(name)} {{ {pattern} }}"

        # -- writes
        def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
            s, p, o = triple
            self.addN([(s, p, o, context)])

        def addN(self, quads: Iterable[Any]) -> None:  # noqa: N802
            batch = []
            for s, p, o, c in quads:
                name = self._name(c)
                if name is None or name == DATASET_DEFAULT_GRAPH_ID:
                    raise StoreError("every quad needs an explicit graph IRI on a remote store")
                batch.append((s, p, o, name))
            self.endpoint.insert_quads(batch)

        def remove(self, triple: Any, context: Any = None) -> None:
            s, p, o = triple
            pattern = " ".join(
                nt(t) if t is not None else f"?{v}" for t, v in zip((s, p, o), "spo", strict=True)
            )
            self.endpoint.update(f"DELETE WHERE {{ {self._group(pattern, context)} }}")

        def add_graph(self, graph: Any) -> None:
            return None  # a graph exists on the endpoint once it holds a triple

        def remove_graph(self, graph: Any) -> None:
            name = self._name(graph)
            if name is not None and name != DATASET_DEFAULT_GRAPH_ID:
                self.endpoint.update(f"DROP SILENT GRAPH {nt(name)}")

        # -- reads
        def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
            s, p, o = triple_pattern
            terms = [nt(t) if t is not None else f"?{v}" for t, v in zip((s, p, o), "spo", strict=True)]
            name = self._name(context)
            query = f"SELECT * WHERE {{ {self._group(' '.join(terms), context)} }}"
            for row in self.endpoint.select(query):
                triple = tuple(
                    (t if t is not None else term_from_json(row.get(v)))
                    for t, v in zip((s, p, o), "spo", strict=True)
                )
                graph_name = term_from_json(row["g"]) if "g" in row else name
                yield triple, iter((self._graph(graph_name),))

        def __len__(self, context: Any = None) -> int:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {self._group('?s ?p ?o', context)} }}"
            rows = self.endpoint.select(query)
            try:
                return int(rows[0]["n"]["value"])
            except (IndexError, KeyError, ValueError):
                raise StoreError("SPARQL endpoint: unreadable COUNT result") from None

        def contexts(self, triple: Any = None) -> Iterator[Any]:
            if triple is None:
                pattern = "?s ?p ?o"
            else:
                pattern = " ".join(
                    nt(t) if t is not None else f"?{v}" for t, v in zip(triple, "spo", strict=True)
                )
            for row in self.endpoint.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}"):
                yield self._graph(term_from_json(row["g"]))

        def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Any:  # noqa: N803
            if initBindings or not isinstance(query, str):
                raise NotImplementedError  # rdflib falls back to its own evaluator
            import io

            kind, payload = self.endpoint.query(query)
            if kind == "json":
                return Result.parse(io.BytesIO(json.dumps(payload).encode("utf-8")), format="json")
            graph = Graph()
            graph.parse(data=payload, format="nt")
            result = Result("CONSTRUCT")
            result.graph = graph
            return result

        def update(self, update: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> None:  # noqa: N803
            if initBindings or not isinstance(update, str):
                raise NotImplementedError
            self.endpoint.update(update)

        # -- prefixes (kept locally, like oxrdflib)
        def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
            if override or prefix not in self._namespaces:
                self._namespaces[prefix] = URIRef(namespace)

        def namespace(self, prefix: str) -> Any:
            return self._namespaces.get(prefix)

        def prefix(self, namespace: Any) -> str | None:
            for prefix, ns in self._namespaces.items():
                if ns == namespace:
                    return prefix
            return None

        def namespaces(self) -> Iterator[tuple[str, Any]]:
            yield from self._namespaces.items()

        def commit(self) -> None:
            return None

        def rollback(self) -> None:
            return None

        def close(self, commit_pending_transaction: bool = False) -> None:
            return None

    _REMOTE_STORE_CLASS = _RemoteStore
    return _RemoteStore


def RemoteStore(endpoint: Endpoint) -> Any:  # noqa: N802 - a class, built lazily
    """An rdflib Store over the endpoint (the class is created on first use: rdflib loads late)."""
    return _remote_store_class()(endpoint)


def endpoint_of(ds: Any) -> Endpoint | None:
    """The endpoint behind a dataset opened by :func:`open_remote_dataset`, else None."""
    endpoint = getattr(getattr(ds, "store", None), "endpoint", None)
    return endpoint if isinstance(endpoint, Endpoint) else None


def open_remote_dataset(store: str | Endpoint) -> Any:
    """An rdflib Dataset whose named graphs live on the endpoint; checks it answers first."""
    from rdflib import Dataset

    endpoint = store if isinstance(store, Endpoint) else Endpoint(store)
    endpoint.ask("ASK { }")  # fail now, with the endpoint's own error, not mid-build
    return Dataset(store=RemoteStore(endpoint))
