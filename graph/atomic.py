"""Temp-file names for atomic writes, and the clean-up of temp files a killed writer left.

Every export is written to ``.NAME.PID.RANDOM.tmp`` next to its target, fsynced and
renamed over it (RELIABILITY.md R3, ST-02). A writer killed before the rename leaves its
temp file behind; the next successful write of the same target removes the temp files
whose writer process no longer exists. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

__all__ = ["clean_stale_temps", "temp_path", "temp_prefix", "write_bytes"]


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
