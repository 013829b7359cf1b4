"""What a build tells its user while it runs, on stderr: the documents read so far with the
total and an ETA, then one line per later stage with its time.

On a terminal the bar and the running stage redraw themselves every second (tqdm); when
stderr is not a terminal each is a plain line, and a stage still running after a few seconds
says so every few seconds: a user never waits more than ``HEARTBEAT`` seconds without a line,
so a slow build is never mistaken for a hung one. Each stage's time is kept for ``--report``.
Standard library and tqdm only.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["HEARTBEAT", "Progress", "Stage"]

HEARTBEAT = 4.0
"""Seconds between plain lines of a stage that is still running (stderr not a terminal)."""

_LOCK = threading.Lock()
"""Held while a line is written. A fork (worker processes) waits for it, so no child starts
with stderr's lock taken by the ticking thread."""
if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_LOCK.acquire, after_in_parent=_LOCK.release, after_in_child=_LOCK.release)


def _seconds(value: float) -> str:
    if value < 60:
        return f"{value:.1f} s"
    minutes, secs = divmod(round(value), 60)
    return f"{minutes} min {secs:02d} s"


class Stage:
    """One running stage: ``update(n)`` counts items done when the stage has a total."""

    def __init__(self, progress: Progress, name: str, total: int | None, unit: str) -> None:
        self.progress, self.name, self.total, self.unit = progress, name, total, unit
        self.done = 0
        self.started = self.last_line = time.monotonic()
        self.bar: Any = None

    def update(self, n: int = 1) -> None:
        if self.progress.checkpoint is not None:
            self.progress.checkpoint()
        if n <= 0:
            return
        self.done += n
        if self.bar is not None:
            with _LOCK:
                self.bar.update(n)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def status(self) -> str:
        """The plain-line form: "extracting: 32/100 documents, 12.0 s, about 25 s left"."""
        elapsed = self.elapsed()
        parts = [f"{_seconds(elapsed)} so far"]
        if self.total:
            parts.insert(0, f"{self.done}/{self.total} {self.unit}")
            if 0 < self.done < self.total:
                parts.append(f"about {_seconds(elapsed / self.done * (self.total - self.done))} left")
        return f"{self.progress.prefix}: {self.name}: {', '.join(parts)}"


class Progress:
    """Progress of one run. ``enabled=False`` (``--quiet``) prints nothing but still times the
    stages; ``tty`` defaults to whether ``stream`` is a terminal."""

    def __init__(
        self,
        *,
        enabled: bool = True,
        stream: IO[str] | None = None,
        tty: bool | None = None,
        prefix: str = "kg build",
        heartbeat: float = HEARTBEAT,
        report: Any = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        try:
            self.tty = bool(tty if tty is not None else self.stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        self.prefix = prefix
        self.heartbeat = heartbeat
        self.times: list[tuple[str, float]] = []
        self.report = report  # a RunReport: each stage's time goes to its ``stages`` too
        self.checkpoint: Callable[[], None] | None = None  # run at every update: may raise
        self._current: Stage | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    @classmethod
    def from_option(cls, value: bool | Progress | None) -> Progress:
        """The API's ``progress`` argument: a Progress, True (always), False (never) or None
        (on a terminal only)."""
        if isinstance(value, Progress):
            return value
        if value is None:
            try:
                value = sys.stderr.isatty()
            except (AttributeError, ValueError):
                value = False
        return cls(enabled=bool(value))

    # ------------------------------------------------------------------ output

    def line(self, text: str) -> None:
        """One line on stderr (cleared of a live bar first); nothing when disabled."""
        if not self.enabled:
            return
        with _LOCK:
            bar = self._current.bar if self._current is not None else None
            if bar is not None:
                bar.clear()
            self.stream.write(text + "\n")
            self.stream.flush()
            if bar is not None:
                bar.refresh()

    @contextmanager
    def stage(self, name: str, *, total: int | None = None, unit: str = "documents") -> Iterator[Stage]:
        """Time a stage; on a terminal show it live, else a line every ``heartbeat`` seconds
        while it runs; then one line with its time (also when it fails)."""
        if self.checkpoint is not None:
            self.checkpoint()
        stage = Stage(self, name, total, unit)
        previous, self._current = self._current, stage
        if self.enabled and self.tty:
            stage.bar = self._bar(stage)
        self._start_ticker()
        finished = False
        try:
            yield stage
            finished = True
        finally:
            seconds = stage.elapsed()
            self.times.append((name, round(seconds, 3)))
            if self.report is not None:
                self.report.stages.append({"stage": name, "seconds": round(seconds, 3)})
            self._current = previous
            if stage.bar is not None:
                with _LOCK:
                    stage.bar.close()
            if finished:
                count = (
                    f"{stage.done} {unit if stage.done != 1 else unit.rstrip('s')}, "
                    if total is not None
                    else ""
                )
                self.line(f"{self.prefix}: {name}: {count}{_seconds(seconds)}")
            if self._current is None:
                self._stop_ticker()

    def _bar(self, stage: Stage) -> Any:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread of its own (worker processes fork)
        fmt = (
            "{desc}: {n_fmt}/{total_fmt} " + stage.unit + " |{bar}| {elapsed} elapsed, {remaining} left"
            if stage.total
            else "{desc}: {elapsed}"
        )
        return tqdm(
            total=stage.total,
            desc=f"{self.prefix}: {stage.name}",
            file=self.stream,
            leave=False,
            dynamic_ncols=True,
            smoothing=0.1,
            bar_format=fmt,
            mininterval=0.5,
        )

    # ------------------------------------------------------------------ the ticking thread

    def _start_ticker(self) -> None:
        if not self.enabled or (self._ticker is not None and self._ticker.is_alive()):
            return
        self._stop.clear()
        self._ticker = threading.Thread(target=self._tick, name="kg-progress", daemon=True)
        self._ticker.start()

    def _stop_ticker(self) -> None:
        self._stop.set()
        if self._ticker is not None and self._ticker is not threading.current_thread():
            self._ticker.join(timeout=2)
        self._ticker = None

    def _tick(self) -> None:
        first = min(1.0, self.heartbeat)
        wait = first
        while not self._stop.wait(wait):
            wait = first
            stage = self._current
            if stage is None:
                continue
            if stage.bar is not None:
                with _LOCK:
                    stage.bar.refresh()
                continue
            due = stage.last_line + self.heartbeat - time.monotonic()
            if due <= 0:
                stage.last_line = time.monotonic()
                self.line(stage.status())
                due = self.heartbeat
            wait = max(0.05, min(first, due))
