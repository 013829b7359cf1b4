"""graph.progress: the bar with its total and ETA, one line per stage with its time, a line
every few seconds while a stage runs when stderr is not a terminal, nothing with --quiet."""

from __future__ import annotations

import io
import itertools
import re
import time

import pytest

from graph.progress import Progress
from graph.report import RunReport


class Stamped(io.StringIO):
    """A stream (not a terminal) that notes when each line was finished."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: list[float] = []

    def write(self, text: str) -> int:
        self.stamps += [time.monotonic()] * text.count("\n")
        return super().write(text)

    def isatty(self) -> bool:
        return False


def test_a_running_stage_says_so_every_heartbeat_then_gives_its_time() -> None:
    stream, report = Stamped(), RunReport()
    progress = Progress(stream=stream, heartbeat=0.3, report=report)
    started = time.monotonic()
    with progress.stage("validating (SHACL)"):
        time.sleep(1.2)
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 4, lines
    assert all(re.fullmatch(r"kg build: validating \(SHACL\): [\d.]+ s so far", line) for line in lines[:-1])
    assert re.fullmatch(r"kg build: validating \(SHACL\): 1\.\d s", lines[-1])
    gaps = [b - a for a, b in itertools.pairwise([started, *stream.stamps])]
    assert max(gaps) < 0.3 + 0.25, gaps  # never silent much longer than the heartbeat
    assert [s["stage"] for s in report.stages] == ["validating (SHACL)"]
    assert report.stages[0]["seconds"] == pytest.approx(1.2, abs=0.3)


def test_a_stage_with_a_total_says_how_far_it_got_and_how_long_is_left() -> None:
    stream = Stamped()
    progress = Progress(stream=stream, heartbeat=0.2)
    with progress.stage("extracting", total=10) as stage:
        stage.update(4)
        time.sleep(0.5)
        stage.update(6)
    lines = stream.getvalue().splitlines()
    assert any(
        re.fullmatch(r"kg build: extracting: 4/10 documents, [\d.]+ s so far, about [\d.]+ s left", line)
        for line in lines
    ), lines
    assert re.fullmatch(r"kg build: extracting: 10 documents, 0\.\d s", lines[-1])


def test_quiet_prints_nothing_but_still_times_the_stages() -> None:
    stream, report = Stamped(), RunReport()
    progress = Progress(enabled=False, stream=stream, heartbeat=0.1, report=report)
    with progress.stage("writing graph.ttl"):
        time.sleep(0.3)
    progress.line("kg build: something")
    assert stream.getvalue() == ""
    assert [s["stage"] for s in report.stages] == ["writing graph.ttl"] and progress.times[0][1] >= 0.3


def test_on_a_terminal_the_bar_shows_the_total_and_the_time_left() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, tty=True)
    with progress.stage("extracting", total=10) as stage:
        stage.update(3)
        time.sleep(1.3)  # redrawn by the ticking thread, with the elapsed time
    text = stream.getvalue()
    assert "kg build: extracting: 3/10 documents" in text and "left" in text
    assert text.count("\r") >= 2  # drawn in place, more than once
    assert re.search(r"kg build: extracting: 3 documents, 1\.\d s\n$", text)


def test_a_failed_stage_is_timed_but_prints_no_time() -> None:
    stream, report = Stamped(), RunReport()
    progress = Progress(stream=stream, report=report)
    with pytest.raises(KeyboardInterrupt), progress.stage("writing document graphs", total=3):
        raise KeyboardInterrupt
    assert stream.getvalue() == "" and report.stages[0]["stage"] == "writing document graphs"


def test_the_api_default_is_a_terminal_only() -> None:
    assert Progress.from_option(False).enabled is False
    assert Progress.from_option(True).enabled is True
    given = Progress(enabled=False)
    assert Progress.from_option(given) is given
