"""The ``kg`` command: thin over the API; each command calls one API function and prints.

Errors end as one line on stderr and an exit code from :mod:`graph.report`, never a
traceback (``--debug`` shows it).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from graph import report as codes
from graph.defaults import DEFAULT_PORT, MAX_ROWS, QUERY_TIMEOUT
from graph.errors import GraphError
from graph.iri import DEFAULT_BASE
from graph.report import printable

if TYPE_CHECKING:
    from graph.report import RunReport

DEFAULT_OUT = Path("exports")
TABLE_PAGE = 100
"""Rows of a named query shown in a table unless --limit says otherwise."""
EXPORT_NAMES = {
    "ttl": "graph.ttl",
    "trig": "graph.trig",
    "nq": "graph.nq",
    "jsonld": "graph.jsonld",
    "html": "graph.html",
}


class _Group(click.Group):
    """Maps our errors to one-line messages and the exit-code contract."""

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug")) or os.environ.get("KG_DEBUG") == "1"
        try:
            return super().invoke(ctx)
        except GraphError as exc:
            if debug:
                raise
            _fail(str(exc), getattr(exc, "exit_code", codes.INTERNAL))
        except KeyboardInterrupt:
            _fail("interrupted", codes.INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except OSError as exc:
            if debug:
                raise
            _fail(
                f"I/O error: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}",
                codes.IO_ERROR,
            )
        except Exception as exc:  # a bug: say so in one line
            if debug:
                raise
            _fail(
                f"internal error ({type(exc).__name__}): {_one_line(exc)}; rerun with --debug for details",
                codes.INTERNAL,
            )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _fail(message: str, code: int) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(code)


class _Choice(click.Choice):
    """click.Choice whose error names the nearest choice ("did you mean 'table'?")."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            choices = [str(c) for c in self.choices]
            option = param.opts[0] if param is not None and param.opts else "value"
            raise _OneLineUsageError(
                f"unknown {option} {printable(str(value))!r}{_nearest(str(value), choices)}; "
                f"choose from {', '.join(choices)}",
                ctx,
            ) from None


class _Terminated(SystemExit):
    """SIGTERM as an exception: it unwinds like ``sys.exit(143)`` (``finally`` blocks close the
    store and release its lock), and a command can tell it from its own ``sys.exit``."""


def _terminate(signum: int, frame: Any) -> None:  # pragma: no cover - signal path
    raise _Terminated(codes.TERMINATED)


_PENDING: list[BaseException] = []
"""An interrupt whose exception Python could not raise: the signal came while a finalizer
(a ``__del__``, a weakref callback) ran, and Python only prints such exceptions."""


def _unraisable(info: Any) -> None:
    if isinstance(info.exc_value, KeyboardInterrupt | _Terminated):
        _PENDING.append(info.exc_value)  # raised at the next checkpoint, not lost
        return
    sys.__unraisablehook__(info)


def _checkpoint() -> None:
    """Raise an interrupt that arrived inside a finalizer (see ``_PENDING``)."""
    if _PENDING:
        exc = _PENDING[0]
        _PENDING.clear()
        raise exc


class _OneLineUsageError(click.UsageError):
    """A usage error (exit 2) shown as our one-line ``kg: error:`` message, without the usage
    block: for mistakes in values that the usage text would not help with."""

    def show(self, file: Any = None) -> None:
        click.echo(f"kg: error: {self.format_message()}", err=True)


def _stopped(report: RunReport, report_path: Path | None, exc: BaseException) -> NoReturn:
    """An interrupted run still says how far it got: one line on stderr (the counts so far)
    and ``--report FILE``; then exit 130 (SIGINT) or 143 (SIGTERM)."""
    terminated = isinstance(exc, _Terminated)
    report.interrupted = "SIGTERM" if terminated else "SIGINT"
    line = f"kg: error: {'terminated' if terminated else 'interrupted'}: {report.summary()}"
    try:
        _write_report(report, report_path)
    except (GraphError, OSError) as error:
        line += f"; report not written: {_one_line(error)}"
    click.echo(line, err=True)
    sys.exit(report.exit_code)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="claimgraph-news", prog_name="kg")
def cli(debug: bool) -> None:
    """Build knowledge graphs of who said what, about whom and when, from news articles.

    \b
    Example:
        kg build seeds/ --out exports/
        kg query who-said-what --graph exports/graph.ttl
    """
    signal.signal(signal.SIGTERM, _terminate)
    sys.unraisablehook = _unraisable


def _write_report(report: Any, path: Path | None, *, exit_code: int | None = None) -> None:
    """``--report FILE``: the run summary as JSON (``exit_code`` when the run ends otherwise
    than its counts say, e.g. with no document to add)."""
    if path is not None:
        import json

        from graph.atomic import write_bytes

        text = report.to_json()
        if exit_code is not None:
            data = json.loads(text)
            data["exit_code"] = exit_code
            text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        write_bytes(path, text.encode("utf-8"))


def _code_files(code: tuple[Path, ...]) -> None:
    from graph.extractors import load_code

    for path in code:
        load_code(path)


def _extractor_names(spec: str | None) -> list[str] | None:
    if not spec:
        return None
    from graph.extractors import DEFAULT_EXTRACTORS

    names = list(DEFAULT_EXTRACTORS)
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        if item.startswith("+"):
            names.append(item[1:])
        elif item.startswith("-"):
            names = [n for n in names if n != item[1:]]
        else:
            names = [] if names == list(DEFAULT_EXTRACTORS) else names
            names.append(item)
    return names


_model_option = click.option(
    "--model", default=None, help="spaCy pipeline to use (an installed package name)."
)
_code_option = click.option(
    "--code",
    "code",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Python file that registers extra extractors with @graph.extractor.",
)
_extractors_option = click.option(
    "--extractors",
    default=None,
    help="Extractors to run: a comma list, or +name / -name to change the default set.",
)
_report_option = click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the run summary as JSON to this file.",
)


def _store_arg(store: str | None, query_url: str | None = None, update_url: str | None = None) -> Any:
    """--store as open_dataset takes it: a directory, a URL, or an Endpoint with explicit URLs."""
    if query_url is None and update_url is None:
        return store
    from graph.remote import Endpoint

    if store is None and query_url is None:
        raise click.UsageError("--store-update needs --store URL or --store-query URL")
    return Endpoint(store or query_url or "", query_url=query_url, update_url=update_url)


def _check_stdin(paths: tuple[str, ...]) -> None:
    if "-" in paths and sys.stdin is not None and sys.stdin.isatty():
        raise click.UsageError("'-' reads a document from stdin, but stdin is a terminal")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the plain absolute path
        return path.absolute()


def _is_input(target: Path, files: set[Path], folders: list[Path]) -> bool:
    """Whether ``target`` (resolved) is read by this run: a file named on the command line, or
    a file a directory walk picks up (document suffixes, metadata sidecars)."""
    from graph.ingest import DOCUMENT_SUFFIXES, SIDECAR_SUFFIX

    if target in files:
        return True
    name = target.name.lower()
    if not (Path(name).suffix in DOCUMENT_SUFFIXES or name.endswith(SIDECAR_SUFFIX)):
        return False
    return target.is_file() and any(target.is_relative_to(folder) for folder in folders)


def _check_outputs(inputs: Sequence[str], outputs: Sequence[tuple[str, Path]]) -> None:
    """Refuse, before any work, an output that would replace an input or another output.

    ``outputs`` are (what, path) pairs. Paths are compared resolved, so ``..``, symlinked
    folders and relative spellings cannot hide a clash; nothing has been written when this fails.
    """
    files: set[Path] = set()
    folders: list[Path] = []
    for raw in inputs:
        if raw == "-":
            continue
        path = _resolved(Path(raw))
        if path.is_dir():
            folders.append(path)
        elif path.exists():
            files.add(path)
    taken: dict[Path, str] = {}
    for what, path in outputs:
        target = _resolved(path)
        if _is_input(target, files, folders):
            raise _OneLineUsageError(
                f"{what} {path} would overwrite an input document; write it somewhere else"
            )
        if target in taken:
            raise _OneLineUsageError(f"{what} {path} is also {taken[target]}; write it somewhere else")
        taken[target] = f"{what} {path}"


def _export_targets(out: Path, formats: str) -> list[tuple[str, Path]]:
    """(format, path) of each requested export; an unknown format is a usage error before any work."""
    targets = []
    for fmt in dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()):
        if fmt not in EXPORT_NAMES:
            raise _OneLineUsageError(
                f"unknown --format {printable(fmt)!r}{_nearest(fmt, EXPORT_NAMES)}; "
                f"choose from {', '.join(EXPORT_NAMES)}"
            )
        targets.append((fmt, out / EXPORT_NAMES[fmt]))
    if not targets:
        raise _OneLineUsageError(f"no --format given; choose from {', '.join(EXPORT_NAMES)}")
    return targets


def _nearest(word: str, choices: Any) -> str:
    """ " (did you mean 'x'?)" for the closest of ``choices``, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _plan(paths: Sequence[str]) -> Any:
    """The inputs listed before any work; a path that does not exist, or a folder without a
    document, is a usage error that names it and says what to do."""
    from graph import api
    from graph.ingest import DOCUMENT_SUFFIXES

    plan = api.plan_inputs(paths)
    for path in plan.missing:
        parent = Path(path).parent
        try:
            siblings = [p.name for p in parent.iterdir()] if parent.is_dir() else []
        except OSError:
            siblings = []
        hint = _nearest(Path(path).name, siblings)
        raise _OneLineUsageError(
            f"no such file or folder: {printable(path)}{hint}; check the path (nothing was read or written)"
        )
    for folder in plan.empty:
        kinds = ", ".join(sorted(DOCUMENT_SUFFIXES))
        raise _OneLineUsageError(
            f"no documents in {printable(folder)} (looked for {kinds} files); "
            "give a folder or files that hold articles (nothing was written)"
        )
    return plan


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for graph.ttl and graph.html.",
)
@click.option(
    "--store",
    default=None,
    help="Oxigraph store directory (persistent, incremental), or an http(s):// SPARQL 1.1 endpoint.",
)
@click.option("--store-query", default=None, help="Query URL of the endpoint (default: STORE/query).")
@click.option("--store-update", default=None, help="Update URL of the endpoint (default: STORE/update).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Extract in N local processes.")
@click.option("--scheduler", default=None, help="Dask scheduler address: extract on that cluster.")
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress on stderr: only errors, skipped inputs and the summary.",
)
@click.option("--progress/--no-progress", default=None, hidden=True)  # before --quiet; --no-progress = -q
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for minted IRIs.")
@click.option("--date", default=None, help="Publication date (YYYY-MM-DD) for documents without one.")
@click.option(
    "--format",
    "formats",
    default="ttl,html",
    show_default=True,
    help="Exports to write: a comma list of ttl, trig, nq, jsonld, html.",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check the graph against ontology/shapes.ttl.",
)
@_model_option
@_extractors_option
@_code_option
@_report_option
def build(
    paths: tuple[str, ...],
    out: Path,
    store: str | None,
    store_query: str | None,
    store_update: str | None,
    jobs: int | None,
    scheduler: str | None,
    quiet: bool,
    progress: bool | None,
    base: str,
    date: str | None,
    formats: str,
    validate: bool,
    model: str | None,
    extractors: str | None,
    code: tuple[Path, ...],
    report_path: Path | None,
) -> None:
    """Build the graph from documents (files, folders, - for stdin) and write the exports.

    Progress goes to stderr: the documents read, with the total and an ETA, then each later
    stage with its time (plain lines when stderr is not a terminal). Nothing is written
    unless at least one document was read, and the exports are replaced together: an error
    or an interrupt leaves the previous ones as they were.

    \b
    Example:
        kg build seeds/ --out exports/
        kg build articles/ --store kgstore/ --date 2024-11-19
    """
    from graph import api
    from graph.errors import NoDocumentsError
    from graph.ingest import normalize_date
    from graph.progress import Progress
    from graph.report import RunReport

    _check_stdin(paths)
    if date is not None and normalize_date(date) != date:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {date!r}", param_hint="--date")
    if not paths:
        raise _OneLineUsageError(
            "no input: name the files or folders to read, or - for stdin (e.g. kg build seeds/ --out exports/)"
        )
    exports = _export_targets(out, formats)
    _check_outputs(
        paths,
        [("the export", target) for _fmt, target in exports]
        + ([("--report", report_path)] if report_path is not None else []),
    )
    plan = _plan(paths)
    _code_files(code)
    report = RunReport()  # ours, so the counts so far survive an interrupt
    shown = Progress(enabled=not quiet and progress is not False, report=report)
    shown.checkpoint = _checkpoint
    try:
        try:
            kg = api.build(
                plan,
                base=base,
                model=model,
                extractors=_extractor_names(extractors),
                store=_store_arg(store, store_query, store_update),
                date=date,
                jobs=jobs,
                scheduler=scheduler,
                progress=shown,
                report=report,
            )
        except NoDocumentsError as exc:
            _skipped_lines(report)
            _write_report(report, report_path, exit_code=exc.exit_code)
            _fail(f"{exc}; {report.summary()}", exc.exit_code)
        try:
            if not report.processed and not report.stored:  # every document failed
                _skipped_lines(report)
                error = NoDocumentsError(report)
                _write_report(report, report_path, exit_code=error.exit_code)
                _fail(f"{error}; {report.summary()}", error.exit_code)
            if validate and len(kg):
                with shown.stage("validating (SHACL)"):
                    kg.validate()
            _write_exports(kg, exports, out, shown, report)
        finally:
            kg.close()
        _checkpoint()
    except (KeyboardInterrupt, _Terminated) as exc:
        _stopped(report, report_path, exc)
    _skipped_lines(report)
    click.echo(report.summary(), err=True)
    for path in report.files_written:
        click.echo(f"wrote {printable(path)}")
    html_files = [p for p in report.files_written if p.endswith(".html")]
    if html_files:
        click.echo(f"open {Path(html_files[0]).resolve().as_uri()} in a browser to explore the graph")
    _write_report(report, report_path)
    if report.exit_code:
        sys.exit(report.exit_code)


def _skipped_lines(report: RunReport) -> None:
    for note in report.notes:
        click.echo(f"kg: note: {printable(note)}", err=True)
    for problem in report.skipped:
        click.echo(f"kg: skipped {printable(problem.source)}: {printable(problem.reason)}", err=True)
    for problem in report.failed:
        click.echo(f"kg: failed {printable(problem.source)}: {printable(problem.reason)}", err=True)


def _write_exports(kg: Any, exports: Sequence[tuple[str, Path]], out: Path, shown: Any, report: Any) -> None:
    """Every export staged, then all renamed at once (graph.atomic.Batch): a failure or an
    interrupt before the end leaves every previous export as it was."""
    from graph.atomic import Batch
    from graph.exports import Format

    formats = {"ttl": Format.TURTLE, "trig": Format.TRIG, "nq": Format.NQUADS, "jsonld": Format.JSONLD}
    out.mkdir(parents=True, exist_ok=True)
    with Batch() as batch:
        for fmt, target in exports:
            with shown.stage(f"writing {target.name}"):
                if fmt == "html":
                    text = kg.to_html(title="Who said what")
                else:
                    text = kg.serialize(format=formats[fmt].value)
                batch.add(target, text.encode("utf-8"))
        _checkpoint()  # an interrupt that came during the last export: keep the old ones
        try:
            batch.commit()
        finally:  # an interrupt held back during the renames is acted on once they are done
            report.files_written.extend(str(path) for path in batch.done)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=_Choice(["jsonl", "json"]), default="jsonl", show_default=True)
@click.option(
    "--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the speaker and entity IRIs."
)
@_model_option
@_extractors_option
@_code_option
@_report_option
def extract(
    paths: tuple[str, ...],
    fmt: str,
    base: str,
    model: str | None,
    extractors: str | None,
    code: tuple[Path, ...],
    report_path: Path | None,
) -> None:
    """Print the extracted records (attributions with character offsets), one JSON line per document.

    \b
    Example:
        kg extract seeds/ --format jsonl > seed.jsonl
    """
    import json

    from graph import api
    from graph.report import RunReport

    _check_stdin(paths)
    if report_path is not None:
        _check_outputs(paths, [("--report", report_path)])
    plan = _plan(paths)
    _code_files(code)
    report = RunReport()
    out = click.get_text_stream("stdout")
    try:
        documents = list(api.iter_documents(plan, report, dedupe=False, rename=True))
        _skipped_lines(report)
        for extraction in api.extract_documents(
            documents, model=model, extractors=_extractor_names(extractors), report=report
        ):
            data = api.extraction_json(extraction, base=base)
            out.write(
                (
                    json.dumps(data, ensure_ascii=False)
                    if fmt == "jsonl"
                    else json.dumps(data, ensure_ascii=False, indent=2)
                )
                + "\n"
            )
        out.flush()
    except (KeyboardInterrupt, _Terminated) as exc:
        _stopped(report, report_path, exc)
    click.echo(report.summary(), err=True)
    _write_report(report, report_path)
    if report.exit_code:
        sys.exit(report.exit_code)


@cli.command()
@click.argument("query")
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="An exported RDF file to query (default: exports/graph.ttl).",
)
@click.option("--store", default=None, help="An Oxigraph store directory to query.")
@click.option("--format", "fmt", type=_Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Parameter of a named query."
)
@click.option(
    "--timeout",
    type=float,
    default=QUERY_TIMEOUT,
    show_default=True,
    help="Seconds before the query is stopped.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help=f"Rows of a named query to show, 0 for all (default: {TABLE_PAGE} in a table, all as CSV or JSON).",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Rows of a named query to skip first.")
def query(
    query: str,
    graph_file: Path | None,
    store: str | None,
    fmt: str,
    params: tuple[str, ...],
    timeout: float,
    limit: int | None,
    offset: int,
) -> None:
    """Run SPARQL text, a .rq file or a named query (see `kg queries`).

    \b
    Example:
        kg query who-said-what
        kg query entity -p name=Zelensky --format csv
        kg query 'SELECT ?s WHERE { ?s a <https://schema.org/Person> }'
    """
    from graph.api import KnowledgeGraph
    from graph.query import check_params, load_query

    info = load_query(query)[1]  # before the store is opened: an unknown name fails here
    named = info is not None
    page = limit if limit is not None else (TABLE_PAGE if fmt == "table" and named else 0)
    bound: dict[str, str] = {}
    for item in params:
        if "=" not in item:
            raise click.BadParameter(f"expected NAME=VALUE, got {printable(item)!r}", param_hint="--param")
        key, value = item.split("=", 1)
        bound[key.strip()] = value
    if info is not None:
        check_params(info, bound)
    if store is not None:
        kg = KnowledgeGraph.empty(store=store, create=False)
    else:
        source = graph_file or DEFAULT_OUT / "graph.ttl"
        if not source.is_file():
            raise _OneLineUsageError(
                f"no graph to query: {printable(str(source))} does not exist (run kg build first, or "
                "give --graph FILE or --store DIR)"
            )
        kg = KnowledgeGraph.load(source)
    try:
        # One row past the page says whether there are more.
        result = kg.query(query, timeout=timeout, limit=page + 1 if page else None, offset=offset, **bound)
        hint = (
            _empty_hint(kg, info, bound, timeout)
            if info is not None and not result.rows and not offset
            else ""
        )
    finally:
        kg.close()
    result, more = result.capped(page) if page else (result, False)
    text = {"table": result.to_table, "csv": result.to_csv, "json": result.to_json}[fmt]()
    click.echo(text, nl=not text.endswith("\n"))
    if hint:
        click.echo(f"kg: {hint}", err=True)
    if more:
        click.echo(
            f"kg: rows {offset + 1}-{offset + page} shown; the next with --offset {offset + page}, all with --limit 0",
            err=True,
        )


def _empty_hint(kg: Any, info: Any, bound: dict[str, str], timeout: float) -> str:
    """Why a named query found nothing: no entity goes by the name asked for (with the names
    nearest to it), or the query's own ``# empty:`` note (the timeline: no claim has a date)."""
    from graph.iri import name_key
    from graph.query import _sparql_string

    for name in info.lookups:
        value = bound.get(name)
        if value is None:
            continue
        key = name_key(value)
        found = kg.query(f"ASK {{ ?e kg:nameKey {_sparql_string(key)} }}", timeout=timeout)
        if found.rows and found.rows[0][0] == "true":
            continue
        keys = kg.query("SELECT DISTINCT ?k WHERE { ?e kg:nameKey ?k }", timeout=timeout)
        nearest = _nearest(key, [row[0] for row in keys.rows if row[0]])
        return f"no entity is named {printable(value)!r}{nearest} (kg query speakers lists who speaks)"
    if info.empty:
        return info.empty.format(**{k: printable(v) for k, v in bound.items()})
    return ""


@cli.command()
def queries() -> None:
    """List the named queries shipped with the package."""
    from graph.query import list_queries

    for info in list_queries():
        params = f" (params: {', '.join(info.params)})" if info.params else ""
        click.echo(f"{info.name:<18} {info.title}{params}")


@cli.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(file: Path | None) -> None:
    """Check an exported graph (default exports/graph.ttl) against ontology/shapes.ttl.

    \b
    Example:
        kg validate exports/graph.ttl
    """
    from graph.api import KnowledgeGraph

    source = file or DEFAULT_OUT / "graph.ttl"
    if not source.is_file():
        raise click.UsageError(f"{source} does not exist")
    kg = KnowledgeGraph.load(source)
    kg.validate()
    click.echo(f"{source}: conforms ({len(kg)} triples)")


@cli.command()
@click.option(
    "--store", default=None, help="Oxigraph store directory (served from a snapshot) or endpoint URL."
)
@click.option("--store-query", default=None, help="Query URL of the endpoint (default: STORE/query).")
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="An exported RDF file to serve (default: exports/graph.ttl).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--timeout",
    type=float,
    default=QUERY_TIMEOUT,
    show_default=True,
    help="Seconds before a query is stopped.",
)
@click.option("--allow-host", "allow_hosts", multiple=True, help="Extra Host header name to accept.")
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=MAX_ROWS,
    show_default=True,
    help="Rows (or triples) per answer at most; a cut answer has the header X-KG-Truncated: true.",
)
def serve(
    store: str | None,
    store_query: str | None,
    graph_file: Path | None,
    host: str,
    port: int,
    timeout: float,
    allow_hosts: tuple[str, ...],
    max_rows: int,
) -> None:
    """Serve a read-only SPARQL endpoint (/sparql) and the HTML view (/) on this machine.

    \b
    Example:
        kg serve --store kgstore/
        curl 'http://127.0.0.1:7879/sparql?query=ASK%7B%7D'
    """
    from graph.server import make_server

    server = make_server(
        _store_arg(store, store_query),
        graph_file=graph_file,
        host=host,
        port=port,
        timeout=timeout,
        allowed_hosts=set(allow_hosts),
        max_rows=max_rows,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"kg: warning: listening on {host} without authentication", err=True)
    click.echo(f"serving {server.url} (SPARQL endpoint: {server.url}sparql); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command(name="extractors")
def list_extractors() -> None:
    """List the registered extractors (built-in and from installed packages)."""
    from graph.extractors import _registry

    _registry.load_entry_points()
    for name in _registry.available():
        spec = _registry.get(name)
        click.echo(
            f"{name:<14} requires: {', '.join(spec.requires) or '-':<22} produces: {', '.join(spec.produces)}"
        )


def main() -> None:
    cli(prog_name="kg")
