"""Temp-file names for atomic writes, and the clean-up of temp files a killed writer left.

Every export is written to ``.NAME.PID.RANDOM.tmp`` next to its target, fsynced and
renamed over it (RELIABILITY.md R3, ST-02). A writer killed before the rename leaves its
temp file behind; the next successful write of the same target removes the temp files
whose writer process no longer exists. Files that belong together (a build's exports) are
staged first and renamed together (:class:`Batch`), with SIGINT and SIGTERM held back for
those few renames: an interrupt leaves the old files or all the new ones, never a mix.
Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["Batch", "clean_stale_temps", "deferred_signals", "temp_path", "temp_prefix", "write_bytes"]


def temp_prefix(target: Path) -> str:
    """The temp-file prefix of this process for ``target``: ``.NAME.PID.``."""
    return f".{target.name}.{os.getpid()}."


def temp_path(target: Path) -> Path:
    """A fresh temp-file path next to ``target`` (create it with O_EXCL)."""
    return target.with_name(f"{temp_prefix(target)}{secrets.token_hex(6)}.tmp")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        return True
    return True


def clean_stale_temps(target: Path) -> list[Path]:
    """Remove ``.NAME.PID.*.tmp`` files next to ``target`` whose PID is gone; return them."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent if str(target.parent) else "."):
            match = pattern.match(entry.name)
            if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _write_temp(target: Path, data: bytes) -> Path:
    """``data`` in a new temp file next to ``target``, fsynced, with ``target``'s mode."""
    tmp = temp_path(target)
    # O_EXCL: never reuse someone else's file; mode 0o666 lets the umask decide, as open() does.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _export_error(target: Path, exc: BaseException) -> Exception:
    from graph.errors import ExportError

    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text if len(text) <= 200 else text[:197] + "..."
    return ExportError(f"cannot write {target}: {text} (the previous file is kept)")


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back until the block is done, then act on them as before.

    Python runs signal handlers in the main thread whichever thread the signal reached, so
    replacing the handlers (not masking the thread) is what keeps a block whole."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    wanted = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None]
    previous = {sig: signal.signal(sig, hold) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if received:
            sig = received[0]
            handler = previous[sig]
            if callable(handler):
                handler(sig, None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), sig)


class Batch:
    """Files replaced together: each staged in a temp file next to its target, then all
    renamed in :meth:`commit`. A failure or an interrupt before the renames keeps every old
    file; the renames run with SIGINT and SIGTERM held back, and one that fails puts the
    files already renamed back (hard-linked copies of the old ones)."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temp file, target)
        self.done: list[Path] = []  # the targets replaced, once commit has renamed them all

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def add(self, path: str | os.PathLike[str], data: bytes) -> None:
        """Stage ``data`` for ``path`` (its folder must exist); ExportError if it cannot be."""
        target = Path(path)
        try:
            self._staged.append((_write_temp(target, data), target))
        except Exception as exc:
            raise _export_error(target, exc) from exc

    def commit(self) -> list[Path]:
        """Rename every staged file over its target; the targets, in the order added."""
        backups: list[tuple[Path, Path | None, bool]] = []  # (target, link to its old file, existed)
        done: list[Path] = []
        with deferred_signals():
            try:
                for _tmp, target in self._staged:
                    backup, existed = None, target.exists()
                    if existed:
                        backup = temp_path(target)
                        try:
                            os.link(target, backup)
                        except OSError:
                            backup = None
                    backups.append((target, backup, existed))
                for tmp, target in self._staged:
                    os.replace(tmp, target)
                    done.append(target)
                self.done = list(done)  # known even if a held-back signal is acted on next
            except Exception as exc:
                for target, backup, existed in backups[: len(done)]:
                    with contextlib.suppress(OSError):
                        if backup is not None:
                            os.replace(backup, target)
                        elif not existed:
                            target.unlink()
                failed = self._staged[len(done)][1] if len(done) < len(self._staged) else done[-1]
                raise _export_error(failed, exc) from exc
            finally:
                for _target, backup, _existed in backups:
                    if backup is not None:
                        with contextlib.suppress(OSError):
                            backup.unlink()
        self._staged = []
        for folder in dict.fromkeys(target.parent for target in done):
            _fsync_dir(folder)
        for target in done:
            clean_stale_temps(target)
        return done

    def discard(self) -> None:
        """Remove the staged temp files not renamed yet."""
        for tmp, _target in self._staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._staged = []


def write_bytes(path: str | os.PathLike[str], data: bytes, *, make_parents: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically: temp file in the same folder, fsync, os.replace.

    On any failure the previous file is kept, the temp file removed, and ExportError raised.
    ``make_parents=False`` refuses a missing folder instead of creating it."""
    from graph.errors import ExportError

    target = Path(path)
    tmp: Path | None = None
    try:
        if make_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_path(target)
        # O_EXCL: never reuse someone else's file; mode 0o666 lets the umask decide, as open() does.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(target.parent)
        clean_stale_temps(target)
    except Exception as exc:
        text = " ".join(str(exc).split()) or type(exc).__name__
        text = text if len(text) <= 200 else text[:197] + "..."
        raise ExportError(f"cannot write {target}: {text} (the previous file is kept)") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); best effort elsewhere."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
