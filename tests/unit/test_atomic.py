"""graph.atomic.Batch: files replaced together. A failure before or during the renames keeps
every old file; SIGINT or SIGTERM during the renames waits until they are all done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graph import atomic
from graph.errors import ExportError

ROOT = Path(__file__).resolve().parents[2]


def _old(folder: Path) -> dict[str, bytes]:
    for name in ("graph.ttl", "graph.nq"):
        (folder / name).write_bytes(b"OLD " + name.encode())
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_batch_replaces_every_file_and_leaves_no_temp(tmp_path: Path) -> None:
    _old(tmp_path)
    with atomic.Batch() as batch:
        for name in ("graph.ttl", "graph.nq", "graph.html"):
            batch.add(tmp_path / name, f"NEW {name}".encode())
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".tmp")) == [
            "graph.nq",
            "graph.ttl",
        ]  # staged: nothing replaced yet
        done = batch.commit()
    assert [p.name for p in done] == [p.name for p in batch.done] == ["graph.ttl", "graph.nq", "graph.html"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        name: f"NEW {name}".encode() for name in ("graph.ttl", "graph.nq", "graph.html")
    }


def test_a_batch_left_before_its_commit_keeps_the_old_files(tmp_path: Path) -> None:
    before = _old(tmp_path)
    with pytest.raises(RuntimeError), atomic.Batch() as batch:
        batch.add(tmp_path / "graph.ttl", b"NEW")
        raise RuntimeError("the next export failed")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_rename_that_fails_puts_the_renamed_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _old(tmp_path)
    real, calls = os.replace, []

    def flaky(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    with pytest.raises(ExportError, match=r"graph\.nq.*the previous file is kept"), atomic.Batch() as batch:
        batch.add(tmp_path / "graph.ttl", b"NEW ttl")
        batch.add(tmp_path / "graph.nq", b"NEW nq")
        batch.add(tmp_path / "graph.html", b"NEW html")
        batch.commit()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # graph.ttl is back


SLOW_COMMIT = """
import os, sys, time
from pathlib import Path
from graph import atomic
real = os.replace
def slow(source, target):
    print("renaming", flush=True)
    time.sleep(0.4)
    real(source, target)
atomic.os.replace = slow
folder = Path(sys.argv[1])
batch = atomic.Batch()
for name in ("graph.ttl", "graph.nq", "graph.html"):
    batch.add(folder / name, ("NEW " + name).encode())
batch.commit()
print("committed", flush=True)
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_the_renames_waits_for_all_of_them(sig: int, tmp_path: Path) -> None:
    _old(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_COMMIT, str(tmp_path)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as if in the foreground
    )
    assert process.stdout is not None and process.stdout.readline() == b"renaming\n"
    process.send_signal(sig)
    rest = process.stdout.read()
    process.wait(30)
    assert b"committed" not in rest  # the signal took effect, once the renames were done
    assert process.returncode != 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        name: f"NEW {name}".encode() for name in ("graph.ttl", "graph.nq", "graph.html")
    }
