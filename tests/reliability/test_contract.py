"""§3.1 of the catalog: the exit-code contract is frozen in graph/report.py and the README."""

from __future__ import annotations

import re

from graph import report

from ._support import ROOT, cli

CONTRACT = {
    0: "OK",
    1: "INTERNAL",
    2: "USAGE",
    3: "PARTIAL",
    4: "STORE_BUSY",
    5: "IO_ERROR",
    6: "BAD_QUERY",
    7: "TIMEOUT",
    130: "INTERRUPTED",
    143: "TERMINATED",
}


def test_exit_codes_are_frozen_in_one_module() -> None:
    for code, name in CONTRACT.items():
        assert getattr(report, name) == code, name
    for code in CONTRACT:
        assert re.search(rf"\b{code}\b", report.__doc__ or ""), f"{code} missing from the docstring"


def test_readme_documents_every_exit_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (\d+(?: / \d+)?) \|", readme, re.MULTILINE))
    documented = {int(c) for row in rows for c in row.split(" / ")}
    assert documented == set(CONTRACT)


def test_usage_errors_are_exit_2() -> None:
    assert cli(["build", "--no-such-option"]).exit_code == 2
    assert cli(["query"]).exit_code == 2
    assert cli(["build", "--date", "yesterday", "x.txt"]).exit_code == 2


def test_error_classes_map_to_the_contract() -> None:
    from graph.errors import ExportError, IngestError, QueryError, StoreError
    from graph.query import QueryTimeoutError
    from graph.store import StoreLockedError

    assert (StoreLockedError.exit_code, StoreError.exit_code, ExportError.exit_code) == (4, 5, 5)
    assert (QueryError.exit_code, QueryTimeoutError.exit_code, IngestError.exit_code) == (6, 7, 3)
